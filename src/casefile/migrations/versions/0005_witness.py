"""Witnesses, their encrypted identities, consent history, statements and their facts.

Revision ID: 0005_witness
Revises: 0002_facts
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_witness"
down_revision = "0002_facts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "witness_keks",
        sa.Column("kek_id", sa.String(64), primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("salt", sa.String(64)),
        sa.Column("params", sa.Text, nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("activated_at", sa.String(40)),
    )
    op.create_table(
        "witnesses",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("pseudonym", sa.String(200), nullable=False, unique=True),
        sa.Column("language", sa.String(32)),
        sa.Column("interpreter", sa.String(200)),
        sa.Column("interviewer", sa.String(200)),
        sa.Column("name_ct", sa.LargeBinary, nullable=False),
        sa.Column("contact_ct", sa.LargeBinary),
        sa.Column("risk_ct", sa.LargeBinary),
        sa.Column("created_by", sa.String(255), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("event_seq", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "witness_corrections",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("witness_id", sa.String(32), sa.ForeignKey("witnesses.id"), nullable=False),
        sa.Column("field", sa.String(16), nullable=False),
        sa.Column("token", sa.String(32), nullable=False),
        sa.Column("value_ct", sa.LargeBinary),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("created_by", sa.String(255), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("event_seq", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_witness_corrections_witness_id", "witness_corrections", ["witness_id"])
    op.create_table(
        "witness_data_keys",
        sa.Column("witness_id", sa.String(32), sa.ForeignKey("witnesses.id"), primary_key=True),
        sa.Column("kek_id", sa.String(64), sa.ForeignKey("witness_keks.kek_id"), primary_key=True),
        sa.Column("wrapped", sa.LargeBinary, nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
    )
    op.create_table(
        "witness_consents",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("witness_id", sa.String(32), sa.ForeignKey("witnesses.id"), nullable=False),
        sa.Column("scope", sa.String(32), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("given_on", sa.String(32), nullable=False),
        sa.Column("how", sa.Text, nullable=False),
        sa.Column("note", sa.Text),
        sa.Column("recorded_by", sa.String(255), nullable=False),
        sa.Column("recorded_at", sa.String(40), nullable=False),
        sa.Column("event_seq", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_witness_consents_witness_id", "witness_consents", ["witness_id"])
    op.create_table(
        "statements",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("witness_id", sa.String(32), sa.ForeignKey("witnesses.id"), nullable=False),
        sa.Column("taken_on", sa.String(32)),
        sa.Column("place", sa.Text),
        sa.Column("interviewer", sa.String(200)),
        sa.Column("language", sa.String(16)),
        sa.Column("incidents", sa.Text, nullable=False),
        sa.Column("protected", sa.Boolean, nullable=False),
        sa.Column("text_item_sha256", sa.String(64)),
        sa.Column("text_meta", sa.Text),
        sa.Column("text_meta_ct", sa.LargeBinary),
        sa.Column("created_by", sa.String(255), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("event_seq", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_statements_witness_id", "statements", ["witness_id"])
    op.create_table(
        "statement_attachments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("statement_id", sa.String(32), sa.ForeignKey("statements.id"), nullable=False),
        sa.Column("item_sha256", sa.String(64), nullable=False),
        sa.Column("protected", sa.Boolean, nullable=False),
        sa.Column("meta", sa.Text),
        sa.Column("meta_ct", sa.LargeBinary),
        sa.Column("event_seq", sa.BigInteger, nullable=False),
    )
    op.create_index(
        "ix_statement_attachments_statement_id", "statement_attachments", ["statement_id"]
    )
    op.create_index(
        "ix_statement_attachments_item_sha256", "statement_attachments", ["item_sha256"]
    )
    op.create_table(
        "statement_facts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("statement_id", sa.String(32), sa.ForeignKey("statements.id"), nullable=False),
        sa.Column("item_sha256", sa.String(64)),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("span_start", sa.Integer),
        sa.Column("span_end", sa.Integer),
        sa.Column("payload", sa.Text),
        sa.Column("payload_ct", sa.LargeBinary),
        sa.Column("event_seq", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_statement_facts_statement_id", "statement_facts", ["statement_id"])


def downgrade() -> None:
    for table in (
        "statement_facts",
        "statement_attachments",
        "statements",
        "witness_consents",
        "witness_data_keys",
        "witness_corrections",
        "witnesses",
        "witness_keks",
    ):
        op.drop_table(table)
