"""Case building: incidents, toll history, evidence links, claims, legal elements, perpetrators.

Revision ID: 0003_case
Revises: 0002_facts
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_case"
down_revision = "0002_facts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "incidents",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("created_at", sa.String(40), nullable=False),
    )
    op.create_table(
        "incident_versions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("incident_id", sa.Integer, sa.ForeignKey("incidents.id"), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("incident_type", sa.String(100), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("places", sa.Text, nullable=False),
        sa.Column("period_start", sa.String(32)),
        sa.Column("period_end", sa.String(32)),
        sa.Column("period_precision", sa.String(10)),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("successors", sa.Text, nullable=False),
        sa.Column("predecessors", sa.Text, nullable=False),
        sa.Column("from_fact", sa.Integer),
        sa.Column("reason", sa.Text),
        sa.Column("created_by", sa.String(255), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("event_seq", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_incident_versions_incident_id", "incident_versions", ["incident_id"])
    op.create_table(
        "incident_figures",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("incident_id", sa.Integer, sa.ForeignKey("incidents.id"), nullable=False),
        sa.Column("fact_id", sa.Integer, sa.ForeignKey("facts.id"), nullable=False),
        sa.Column("item_sha256", sa.String(64), nullable=False),
        sa.Column("contradiction_note", sa.Text),
        sa.Column("copied_from", sa.Integer),
        sa.Column("created_by", sa.String(255), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("event_seq", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_incident_figures_incident_id", "incident_figures", ["incident_id"])
    op.create_table(
        "incident_best_figures",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("incident_id", sa.Integer, sa.ForeignKey("incidents.id"), nullable=False),
        sa.Column("category", sa.String(32), nullable=False),
        sa.Column("figure_id", sa.Integer, sa.ForeignKey("incident_figures.id"), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("created_by", sa.String(255), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("event_seq", sa.BigInteger, nullable=False),
    )
    op.create_index(
        "ix_incident_best_figures_incident_id", "incident_best_figures", ["incident_id"]
    )
    op.create_table(
        "incident_evidence",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("incident_id", sa.Integer, sa.ForeignKey("incidents.id"), nullable=False),
        sa.Column("item_sha256", sa.String(64), sa.ForeignKey("items.sha256"), nullable=False),
        sa.Column("evidence_kind", sa.String(32), nullable=False),
        sa.Column("shows", sa.Text, nullable=False),
        sa.Column("copied_from", sa.Integer),
        sa.Column("created_by", sa.String(255), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("event_seq", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_incident_evidence_incident_id", "incident_evidence", ["incident_id"])
    op.create_index("ix_incident_evidence_item_sha256", "incident_evidence", ["item_sha256"])
    op.create_table(
        "item_verifications",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("item_sha256", sa.String(64), sa.ForeignKey("items.sha256"), nullable=False),
        sa.Column("incident_id", sa.Integer),
        sa.Column("aspect", sa.String(32), nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("method", sa.String(64), nullable=False),
        sa.Column("created_by", sa.String(255), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("event_seq", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_item_verifications_item_sha256", "item_verifications", ["item_sha256"])
    op.create_table(
        "case_claims",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("incident_id", sa.Integer, sa.ForeignKey("incidents.id"), nullable=False),
        sa.Column("statement", sa.Text, nullable=False),
        sa.Column("stance", sa.String(16), nullable=False),
        sa.Column("copied_from", sa.Integer),
        sa.Column("created_by", sa.String(255), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("event_seq", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_case_claims_incident_id", "case_claims", ["incident_id"])
    op.create_table(
        "case_claim_members",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("claim_id", sa.Integer, sa.ForeignKey("case_claims.id"), nullable=False),
        sa.Column("fact_id", sa.Integer, sa.ForeignKey("facts.id"), nullable=False),
        sa.Column("item_sha256", sa.String(64), nullable=False),
        sa.Column("grouping", sa.Text, nullable=False),
        sa.Column("created_by", sa.String(255), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("event_seq", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_case_claim_members_claim_id", "case_claim_members", ["claim_id"])
    op.create_table(
        "case_claim_evidence",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("claim_id", sa.Integer, sa.ForeignKey("case_claims.id"), nullable=False),
        sa.Column("item_sha256", sa.String(64), sa.ForeignKey("items.sha256"), nullable=False),
        sa.Column("relation", sa.String(16), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("created_by", sa.String(255), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("event_seq", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_case_claim_evidence_claim_id", "case_claim_evidence", ["claim_id"])
    op.create_table(
        "case_claim_assessments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("claim_id", sa.Integer, sa.ForeignKey("case_claims.id"), nullable=False),
        sa.Column("assessment", sa.String(32), nullable=False),
        sa.Column("reasoning", sa.Text, nullable=False),
        sa.Column("created_by", sa.String(255), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("event_seq", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_case_claim_assessments_claim_id", "case_claim_assessments", ["claim_id"])
    op.create_table(
        "legal_qualifications",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("incident_id", sa.Integer, sa.ForeignKey("incidents.id"), nullable=False),
        sa.Column("article", sa.String(32), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("copied_from", sa.Integer),
        sa.Column("created_by", sa.String(255), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("event_seq", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_legal_qualifications_incident_id", "legal_qualifications", ["incident_id"])
    op.create_table(
        "legal_element_evidence",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "qualification_id", sa.Integer, sa.ForeignKey("legal_qualifications.id"), nullable=False
        ),
        sa.Column("element", sa.String(32), nullable=False),
        sa.Column("item_sha256", sa.String(64), sa.ForeignKey("items.sha256"), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("created_by", sa.String(255), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("event_seq", sa.BigInteger, nullable=False),
    )
    op.create_index(
        "ix_legal_element_evidence_qualification_id", "legal_element_evidence", ["qualification_id"]
    )
    op.create_table(
        "alleged_perpetrators",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("incident_id", sa.Integer, sa.ForeignKey("incidents.id"), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("item_sha256", sa.String(64), sa.ForeignKey("items.sha256"), nullable=False),
        sa.Column("fact_id", sa.Integer),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("copied_from", sa.Integer),
        sa.Column("created_by", sa.String(255), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("event_seq", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_alleged_perpetrators_incident_id", "alleged_perpetrators", ["incident_id"])


def downgrade() -> None:
    op.drop_table("alleged_perpetrators")
    op.drop_table("legal_element_evidence")
    op.drop_table("legal_qualifications")
    op.drop_table("case_claim_assessments")
    op.drop_table("case_claim_evidence")
    op.drop_table("case_claim_members")
    op.drop_table("case_claims")
    op.drop_table("item_verifications")
    op.drop_table("incident_evidence")
    op.drop_table("incident_best_figures")
    op.drop_table("incident_figures")
    op.drop_table("incident_versions")
    op.drop_table("incidents")
