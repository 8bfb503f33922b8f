"""Web: login tries refused while locked are marked, not counted as failures.

A try that arrives while a name or client is locked out is stored with ``blocked`` true: it
does not extend the lock (only real wrong passwords do), and the custody ledger gets one
summary event per window instead of one event per blocked try.

Revision ID: 0010_web_login_blocked
Revises: 0009_web_items_cover
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_web_login_blocked"
down_revision = "0009_web_items_cover"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("web_login_attempts") as batch:
        batch.add_column(
            sa.Column("blocked", sa.Boolean, nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("web_login_attempts") as batch:
        batch.drop_column("blocked")
