"""Case: each incident names its current version.

``incidents.current_version_id`` is the id of the incident's newest ``incident_versions`` row,
set by the case stage in the same transaction as the version (``case.incidents``), so that
readers (the incident list, timeline and map, ``get_incident``) join one row per incident
instead of looking for "no later version". Filled here from the versions already present.
The list pages' indexes on the versions move here from the web app's start-up
(``ix_web_incident_versions_*``, also made by 0007_web when the table existed then: IF NOT
EXISTS, same names), and the web app's own copy of the current versions
(``web_incident_latest_v1`` and its day counts, histograms and trigrams, brought up to date
inside GET requests) is dropped.

Revision ID: 0011_incident_current
Revises: 0003_case
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_incident_current"
down_revision = "0003_case"
branch_labels = None
depends_on = None

INDEXES = (
    ("ix_web_incident_versions_latest", "incident_id, version"),
    ("ix_web_incident_versions_start", "period_start"),
    # The lists' filter, the timeline's grouping and date order, read from the index alone.
    ("ix_incident_versions_list", "state, period_start, status"),
)
OLD = (
    "web_incident_latest_v1_trigrams",
    "web_incident_latest_v1_histograms",
    "web_incident_latest_v1_days",
    "web_incident_latest_v1_applied",
    "web_incident_latest_v1",
)


def upgrade() -> None:
    with op.batch_alter_table("incidents") as batch:
        batch.add_column(sa.Column("current_version_id", sa.Integer, nullable=True))
    op.execute(
        "UPDATE incidents SET current_version_id = (SELECT max(v.id) FROM incident_versions v "
        "WHERE v.incident_id = incidents.id)"
    )
    op.create_index(
        "ix_incidents_current_version_id", "incidents", ["current_version_id"], unique=True
    )
    for name, cols in INDEXES:
        op.execute(f"CREATE INDEX IF NOT EXISTS {name} ON incident_versions ({cols})")
    for table in OLD:
        op.execute(f"DROP TABLE IF EXISTS {table}")


def downgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_incident_versions_list")
    op.drop_index("ix_incidents_current_version_id", "incidents")
    with op.batch_alter_table("incidents") as batch:
        batch.drop_column("current_version_id")
