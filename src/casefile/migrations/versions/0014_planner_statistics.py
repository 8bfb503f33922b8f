"""Planner statistics for workspaces made before the writers kept them (issue 27).

No schema change and no statement of its own: its being pending makes a workspace's next
open run ``casefile.migrations.upgrade``, whose ``analyze`` (each ordinary table, each index
read up to 10,000 rows; FTS5's shadow tables left alone) fills ``sqlite_stat1``, which
workspaces never had, so SQLite guessed that any index narrows to a few rows and chose
badly (the incident list sorted every open incident for one page). From this
revision on, ``casefile.migrations.upgrade`` refreshes the statistics after every migration run
and ``Database.write`` after bulk changes; this revision brings them to workspaces that have
no migration left to run. PostgreSQL's autovacuum analyses tables itself: nothing there.

It follows the vault's branch (0001_vault -> 0006_item_tags -> 0013_media_phash).

Revision ID: 0014_planner_statistics
Revises: 0013_media_phash
Create Date: 2026-12-06
"""

from __future__ import annotations

revision = "0014_planner_statistics"
down_revision = "0013_media_phash"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing: ``casefile.migrations.upgrade`` analyses after every migration run."""


def downgrade() -> None:
    """Nothing to undo: statistics are not schema."""
