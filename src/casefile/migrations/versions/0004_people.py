"""Victim registry: lists, records, linkage runs, persons, links, review decisions.

Revision ID: 0004_people
Revises: 0002_facts
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_people"
down_revision = "0002_facts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "victim_lists",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("source", sa.String(128), nullable=False, unique=True),
        sa.Column("item_sha256", sa.String(64), sa.ForeignKey("items.sha256"), nullable=False),
        sa.Column("file_name", sa.String(512), nullable=False),
        sa.Column("sheet", sa.String(255)),
        sa.Column("encoding", sa.String(64)),
        sa.Column("mapping", sa.Text, nullable=False),
        sa.Column("rows", sa.Integer, nullable=False),
        sa.Column("event_year", sa.Integer),
        sa.Column("event_seq", sa.BigInteger, nullable=False),
        sa.Column("created_by", sa.String(255), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
    )
    op.create_index("ix_victim_lists_item_sha256", "victim_lists", ["item_sha256"])
    op.create_table(
        "victim_records",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("list_id", sa.Integer, sa.ForeignKey("victim_lists.id"), nullable=False),
        sa.Column("source", sa.String(128), nullable=False),
        sa.Column("record_id", sa.String(255), nullable=False),
        sa.Column("row_number", sa.Integer, nullable=False),
        sa.Column("full_name", sa.Text),
        sa.Column("given_name", sa.String(255)),
        sa.Column("patronymic", sa.String(255)),
        sa.Column("family_name", sa.String(255)),
        sa.Column("sex", sa.String(1)),
        sa.Column("birth_date", sa.String(10)),
        sa.Column("age", sa.Integer),
        sa.Column("event_date", sa.String(10)),
        sa.Column("place", sa.String(255)),
        sa.Column("status", sa.String(32)),
        sa.Column("notes", sa.Text),
        sa.Column("extra", sa.Text, nullable=False),
        sa.Column("given_key", sa.String(128)),
        sa.Column("family_key", sa.String(255)),
        sa.Column("patronymic_key", sa.String(128)),
        sa.Column("sex_key", sa.String(1)),
        sa.Column("birth_year_lo", sa.Integer),
        sa.Column("birth_year_hi", sa.Integer),
        sa.Column("place_key", sa.String(255)),
        sa.Column("oblast", sa.String(128)),
        sa.UniqueConstraint("list_id", "record_id", name="uq_victim_records_list_id"),
    )
    op.create_index("ix_victim_records_list_id", "victim_records", ["list_id"])
    op.create_index("ix_victim_records_source", "victim_records", ["source"])
    op.create_table(
        "linkage_runs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("model_version", sa.String(64), nullable=False),
        sa.Column("backend", sa.String(16), nullable=False),
        sa.Column("settings", sa.Text, nullable=False),
        sa.Column("thresholds", sa.Text, nullable=False),
        sa.Column("records", sa.Integer, nullable=False),
        sa.Column("persons", sa.Integer, nullable=False),
        sa.Column("links", sa.Integer, nullable=False),
        sa.Column("review_pairs", sa.Integer, nullable=False),
        sa.Column("event_seq", sa.BigInteger, nullable=False),
        sa.Column("created_by", sa.String(255), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
    )
    op.create_table(
        "person_members",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("linkage_runs.id"), nullable=False),
        sa.Column("person_id", sa.String(32), nullable=False),
        sa.Column("record_pk", sa.Integer, sa.ForeignKey("victim_records.id"), nullable=False),
        sa.Column("match_probability", sa.Float),
    )
    op.create_index("ix_person_members_run_id", "person_members", ["run_id"])
    op.create_table(
        "record_links",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("linkage_runs.id"), nullable=False),
        sa.Column("record_l", sa.Integer, sa.ForeignKey("victim_records.id"), nullable=False),
        sa.Column("record_r", sa.Integer, sa.ForeignKey("victim_records.id"), nullable=False),
        sa.Column("match_probability", sa.Float, nullable=False),
        sa.Column("match_weight", sa.Float),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("decision", sa.String(16)),
        sa.Column("evidence", sa.Text),
    )
    op.create_index("ix_record_links_run_id", "record_links", ["run_id"])
    op.create_table(
        "review_decisions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("record_l", sa.Integer, sa.ForeignKey("victim_records.id"), nullable=False),
        sa.Column("record_r", sa.Integer, sa.ForeignKey("victim_records.id"), nullable=False),
        sa.Column("decision", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("linkage_runs.id")),
        sa.Column("decided_by", sa.String(255), nullable=False),
        sa.Column("decided_at", sa.String(40), nullable=False),
        sa.Column("event_seq", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_review_decisions_record_l", "review_decisions", ["record_l"])
    op.create_index("ix_review_decisions_record_r", "review_decisions", ["record_r"])
    op.create_index("ix_person_members_record_pk", "person_members", ["record_pk"])


def downgrade() -> None:
    for name in (
        "review_decisions",
        "record_links",
        "person_members",
        "linkage_runs",
        "victim_records",
        "victim_lists",
    ):
        op.drop_table(name)
