"""Item tags as an index of the ledger (acquisition tags and 'annotated' events).

Revision ID: 0006_item_tags
Revises: 0001_vault
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_item_tags"
down_revision = "0001_vault"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "item_tags",
        sa.Column("item_sha256", sa.String(64), sa.ForeignKey("items.sha256"), primary_key=True),
        sa.Column("tag", sa.String(200), primary_key=True),
    )
    op.create_index("ix_item_tags_tag", "item_tags", ["tag"])


def downgrade() -> None:
    op.drop_table("item_tags")
