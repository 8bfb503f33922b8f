"""Tables of the case stage (mirrors migration 0003_case).

Every table is append-only: a change is a new row with its own ledger event (``event_seq``).
An incident's state is its newest version; a merge or split closes the old incidents with a
new version and copies their links, figures, claims, qualifications and perpetrators to the
new incidents as new rows (``copied_from`` names the row they came from).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    false,
)

from casefile.vault.schema import metadata


def _event_columns() -> list[Column[Any]]:
    return [
        Column("created_by", String(255), nullable=False),
        Column("created_at", String(40), nullable=False),
        Column("event_seq", BigInteger, nullable=False),
    ]


incidents = Table(
    "incidents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("created_at", String(40), nullable=False),
    # The newest version's row id, set with each version (migration 0011_incident_current).
    Column("current_version_id", Integer, nullable=True, index=True, unique=True),
)

incident_versions = Table(
    "incident_versions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("incident_id", Integer, ForeignKey("incidents.id"), nullable=False, index=True),
    Column("version", Integer, nullable=False),
    Column("title", Text, nullable=False),
    Column("description", Text, nullable=False),
    Column("incident_type", String(100), nullable=False),
    Column("status", String(20), nullable=False),
    Column("places", Text, nullable=False),  # JSON [{name, lat, lon}]
    Column("period_start", String(32), nullable=True),
    Column("period_end", String(32), nullable=True),
    Column("period_precision", String(10), nullable=True),
    Column("state", String(10), nullable=False),  # open | merged | split
    Column("successors", Text, nullable=False),  # JSON [incident ids]
    Column("predecessors", Text, nullable=False),  # JSON [incident ids]
    Column("from_fact", Integer, nullable=True),
    Column("reason", Text, nullable=True),
    *_event_columns(),
    # True on the incident's newest version only, set with each version (migration
    # 0016_incident_versions_current): readers pick the current versions off the index
    # ix_incident_versions_current (is_current, state, period_start, status).
    Column("is_current", Boolean, nullable=False, server_default=false()),
)

incident_figures = Table(
    "incident_figures",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("incident_id", Integer, ForeignKey("incidents.id"), nullable=False, index=True),
    Column("fact_id", Integer, ForeignKey("facts.id"), nullable=False),
    Column("item_sha256", String(64), nullable=False),
    Column("contradiction_note", Text, nullable=True),
    Column("copied_from", Integer, nullable=True),
    *_event_columns(),
)

best_figures = Table(
    "incident_best_figures",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("incident_id", Integer, ForeignKey("incidents.id"), nullable=False, index=True),
    Column("category", String(32), nullable=False),
    Column("figure_id", Integer, ForeignKey("incident_figures.id"), nullable=False),
    Column("reason", Text, nullable=False),
    *_event_columns(),
)

evidence_links = Table(
    "incident_evidence",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("incident_id", Integer, ForeignKey("incidents.id"), nullable=False, index=True),
    Column("item_sha256", String(64), ForeignKey("items.sha256"), nullable=False, index=True),
    Column("evidence_kind", String(32), nullable=False),
    Column("shows", Text, nullable=False),
    Column("copied_from", Integer, nullable=True),
    *_event_columns(),
)

verifications = Table(
    "item_verifications",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("item_sha256", String(64), ForeignKey("items.sha256"), nullable=False, index=True),
    Column("incident_id", Integer, nullable=True),
    Column("aspect", String(32), nullable=False),  # geolocation | chronolocation | source
    Column("payload", Text, nullable=False),
    Column("method", String(64), nullable=False),
    *_event_columns(),
)

claims = Table(
    "case_claims",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("incident_id", Integer, ForeignKey("incidents.id"), nullable=False, index=True),
    Column("statement", Text, nullable=False),
    Column("stance", String(16), nullable=False),
    Column("copied_from", Integer, nullable=True),
    *_event_columns(),
)

claim_members = Table(
    "case_claim_members",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("claim_id", Integer, ForeignKey("case_claims.id"), nullable=False, index=True),
    Column("fact_id", Integer, ForeignKey("facts.id"), nullable=False),
    Column("item_sha256", String(64), nullable=False),
    Column("grouping", Text, nullable=False),  # how it joined: new | chosen | similarity 0.71
    *_event_columns(),
)

claim_evidence = Table(
    "case_claim_evidence",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("claim_id", Integer, ForeignKey("case_claims.id"), nullable=False, index=True),
    Column("item_sha256", String(64), ForeignKey("items.sha256"), nullable=False),
    Column("relation", String(16), nullable=False),  # supports | contradicts
    Column("note", Text, nullable=False),
    *_event_columns(),
)

claim_assessments = Table(
    "case_claim_assessments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("claim_id", Integer, ForeignKey("case_claims.id"), nullable=False, index=True),
    Column("assessment", String(32), nullable=False),
    Column("reasoning", Text, nullable=False),
    *_event_columns(),
)

qualifications = Table(
    "legal_qualifications",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("incident_id", Integer, ForeignKey("incidents.id"), nullable=False, index=True),
    Column("article", String(32), nullable=False),
    Column("note", Text, nullable=False),
    Column("copied_from", Integer, nullable=True),
    *_event_columns(),
)

element_evidence = Table(
    "legal_element_evidence",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "qualification_id",
        Integer,
        ForeignKey("legal_qualifications.id"),
        nullable=False,
        index=True,
    ),
    Column("element", String(32), nullable=False),
    Column("item_sha256", String(64), ForeignKey("items.sha256"), nullable=False),
    Column("note", Text, nullable=False),
    *_event_columns(),
)

perpetrators = Table(
    "alleged_perpetrators",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("incident_id", Integer, ForeignKey("incidents.id"), nullable=False, index=True),
    Column("name", Text, nullable=False),
    Column("kind", String(16), nullable=False),  # unit | person | force
    Column("item_sha256", String(64), ForeignKey("items.sha256"), nullable=False),
    Column("fact_id", Integer, nullable=True),
    Column("note", Text, nullable=False),
    Column("copied_from", Integer, nullable=True),
    *_event_columns(),
)

CASE_TABLES = (
    incidents,
    incident_versions,
    incident_figures,
    best_figures,
    evidence_links,
    verifications,
    claims,
    claim_members,
    claim_evidence,
    claim_assessments,
    qualifications,
    element_evidence,
    perpetrators,
)
