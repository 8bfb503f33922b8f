"""Web: a covering index for the item list's deep pages.

The item list pages newest first with OFFSET. Through ``ix_web_items_first_seq`` SQLite
looked up every skipped item's row for its hash (page 500: 25,000 rows, ~1.1 ms); with the
hash in the index the skip walks the index alone (~0.4 ms). PostgreSQL can answer the same
scan from the index too. It replaces 0007's ``ix_web_items_first_seq``, a prefix of it that
every item insert would otherwise go on maintaining for nothing.
``casefile.web.schema.LIST_INDEXES`` lists the new index, so a workspace whose app started
before this migration has it already (IF NOT EXISTS).

Revision ID: 0009_web_items_cover
Revises: 0007_web
Create Date: 2026-12-02
"""

from __future__ import annotations

from alembic import op

revision = "0009_web_items_cover"
down_revision = "0007_web"
branch_labels = None
depends_on = None

NAME = "ix_web_items_first_seq_sha256"
REPLACED = "ix_web_items_first_seq"


def upgrade() -> None:
    op.execute(f"CREATE INDEX IF NOT EXISTS {NAME} ON items (first_seq, sha256)")
    op.execute(f"DROP INDEX IF EXISTS {REPLACED}")


def downgrade() -> None:
    op.execute(f"CREATE INDEX IF NOT EXISTS {REPLACED} ON items (first_seq)")
    op.execute(f"DROP INDEX IF EXISTS {NAME}")
