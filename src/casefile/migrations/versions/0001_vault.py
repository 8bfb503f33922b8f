"""Vault: items, acquisitions, custody ledger, checkpoints.

Revision ID: 0001_vault
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_vault"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "workspace_meta",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    op.create_table(
        "ledger_head",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("frontier", sa.Text, nullable=False),
    )
    op.create_table(
        "ledger_entries",
        sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("leaf_hash", sa.LargeBinary(32), nullable=False),
        sa.Column("body", sa.LargeBinary, nullable=False),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("item_sha256", sa.String(64), nullable=True),
        sa.Column("actor", sa.String(255), nullable=False),
        sa.Column("recorded_at", sa.String(40), nullable=False),
    )
    op.create_index("ix_ledger_entries_kind", "ledger_entries", ["kind"])
    op.create_index("ix_ledger_entries_item_sha256", "ledger_entries", ["item_sha256"])
    op.create_table(
        "ledger_nodes",
        sa.Column("level", sa.SmallInteger, primary_key=True, autoincrement=False),
        sa.Column("idx", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("hash", sa.LargeBinary(32), nullable=False),
    )
    op.create_table(
        "checkpoints",
        sa.Column("size", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("root_hash", sa.LargeBinary(32), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
    )
    op.create_table(
        "timestamp_tokens",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "checkpoint_size", sa.BigInteger, sa.ForeignKey("checkpoints.size"), nullable=False
        ),
        sa.Column("tsa", sa.String(1000), nullable=False),
        sa.Column("token", sa.LargeBinary, nullable=False),
        sa.Column("gen_time", sa.String(40), nullable=False),
    )
    op.create_table(
        "items",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("media_type", sa.String(255), nullable=False),
        sa.Column("first_seq", sa.BigInteger, nullable=False),
        sa.Column("first_acquired_at", sa.String(40), nullable=False),
    )
    op.create_table(
        "acquisitions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("event_seq", sa.BigInteger, nullable=False, unique=True),
        sa.Column("item_sha256", sa.String(64), sa.ForeignKey("items.sha256"), nullable=False),
        sa.Column("source_kind", sa.String(16), nullable=False),
        sa.Column("original_name", sa.Text),
        sa.Column("original_path", sa.Text),
        sa.Column("source_url", sa.Text),
        sa.Column("final_url", sa.Text),
        sa.Column("http_status", sa.Integer),
        sa.Column("http_headers", sa.Text),
        sa.Column("acquired_at", sa.String(40), nullable=False),
        sa.Column("acquired_by", sa.String(255), nullable=False),
        sa.Column("tool_version", sa.String(64), nullable=False),
        sa.Column("label", sa.Text),
        sa.Column("description", sa.Text),
        sa.Column("tags", sa.Text, nullable=False),
        sa.Column("exif", sa.Text),
        sa.Column("capture_of", sa.String(64)),
    )
    op.create_index("ix_acquisitions_item_sha256", "acquisitions", ["item_sha256"])
    op.create_table(
        "pending_blobs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("owner", sa.String(255), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
    )
    op.create_index("ix_pending_blobs_sha256", "pending_blobs", ["sha256"])


def downgrade() -> None:
    for table in (
        "pending_blobs",
        "acquisitions",
        "items",
        "timestamp_tokens",
        "checkpoints",
        "ledger_nodes",
        "ledger_entries",
        "ledger_head",
        "workspace_meta",
    ):
        op.drop_table(table)
