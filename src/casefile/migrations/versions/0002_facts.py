"""Ingested documents and extracted facts.

Revision ID: 0002_facts
Revises: 0001_vault
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_facts"
down_revision = "0001_vault"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("item_sha256", sa.String(64), sa.ForeignKey("items.sha256"), nullable=False),
        sa.Column("extractor_version", sa.String(64), nullable=False),
        sa.Column("language", sa.String(16), nullable=False),
        sa.Column("published", sa.String(32)),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("removed", sa.Text, nullable=False),
        sa.Column("warnings", sa.Text, nullable=False),
        sa.Column("models", sa.Text, nullable=False),
        sa.Column("event_seq", sa.BigInteger, nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
    )
    op.create_index("ix_documents_item_sha256", "documents", ["item_sha256"])
    op.create_table(
        "facts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("item_sha256", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("span_start", sa.Integer),
        sa.Column("span_end", sa.Integer),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("origin", sa.String(16), nullable=False),
        sa.Column("supersedes", sa.Integer, sa.ForeignKey("facts.id")),
        sa.Column("created_by", sa.String(255), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("event_seq", sa.BigInteger, nullable=False),
    )
    for col in ("document_id", "item_sha256", "kind", "supersedes"):
        op.create_index(f"ix_facts_{col}", "facts", [col])


def downgrade() -> None:
    op.drop_table("facts")
    op.drop_table("documents")
