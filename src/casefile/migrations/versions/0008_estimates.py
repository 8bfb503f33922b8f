"""Stored estimates, one row per stratum of an estimation run.

Revision ID: 0008_estimates
Revises: 0001_vault
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_estimates"
down_revision = "0001_vault"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "estimates",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("run_id", sa.String(36), nullable=False),
        sa.Column("method", sa.String(16), nullable=False),
        sa.Column("stratum", sa.String(400)),
        sa.Column("is_total", sa.Integer, nullable=False),
        sa.Column("observed", sa.Integer, nullable=False),
        sa.Column("estimate", sa.Float),
        sa.Column("lower", sa.Float),
        sa.Column("upper", sa.Float),
        sa.Column("interval", sa.Float, nullable=False),
        sa.Column("result", sa.Text, nullable=False),
        sa.Column("input_kind", sa.String(16), nullable=False),
        sa.Column("input_sha256", sa.String(64), sa.ForeignKey("items.sha256"), nullable=False),
        sa.Column("lists", sa.Text, nullable=False),
        sa.Column("settings", sa.Text, nullable=False),
        sa.Column("created_by", sa.String(255), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("event_seq", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_estimates_run_id", "estimates", ["run_id"])


def downgrade() -> None:
    op.drop_table("estimates")
