"""verify's check for the case: every case row must agree with the ledger event that made it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Table, inspect, select

from casefile.case.schema import (
    best_figures,
    claim_assessments,
    claim_evidence,
    claim_members,
    claims,
    element_evidence,
    evidence_links,
    incident_figures,
    incident_versions,
    perpetrators,
    qualifications,
    verifications,
)
from casefile.vault.workspace import Workspace

COPY_KINDS = ("incident_merged", "incident_split")

# table -> (event kinds that may make its rows, [(row column, event data key)], item column)
SPECS: tuple[tuple[Table, tuple[str, ...], tuple[tuple[str, str], ...], str | None], ...] = (
    (
        incident_versions,
        ("incident_created", "incident_updated", *COPY_KINDS),
        (),
        None,
    ),
    (incident_figures, ("incident_figure_added",), (("fact_id", "fact"),), "item_sha256"),
    (best_figures, ("incident_best_figure_chosen",), (("figure_id", "figure"),), None),
    (
        evidence_links,
        ("incident_evidence_linked",),
        (("shows", "shows"), ("evidence_kind", "kind")),
        "item_sha256",
    ),
    (
        verifications,
        ("evidence_verified",),
        (("aspect", "aspect"), ("method", "method")),
        "item_sha256",
    ),
    (claims, ("case_claim_added",), (("statement", "statement"), ("stance", "stance")), None),
    (claim_members, ("case_claim_added", "case_claim_grouped"), (("fact_id", "fact"),), None),
    (
        claim_evidence,
        ("case_claim_evidence",),
        (("relation", "relation"), ("note", "note")),
        "item_sha256",
    ),
    (
        claim_assessments,
        ("case_claim_assessed",),
        (("assessment", "assessment"), ("reasoning", "reasoning")),
        None,
    ),
    (qualifications, ("legal_qualified",), (("article", "article"),), None),
    (element_evidence, ("legal_element_evidence",), (("element", "element"),), "item_sha256"),
    (perpetrators, ("perpetrator_alleged",), (("name", "name"), ("kind", "kind")), "item_sha256"),
)


def check_case(ws: Workspace, conn: Connection, report: Any) -> None:
    if "incident_versions" not in inspect(conn).get_table_names():
        return
    for table, kinds, fields, item_col in SPECS:
        for row in conn.execute(select(table).order_by(table.c.id)):
            subject = f"{table.name} row {row.id}"
            try:
                event = ws.ledger.entry(conn, row.event_seq).event
            except LookupError:
                report.add("case-without-event", subject, "its ledger event is missing")
                continue
            allowed = kinds if table is incident_versions else (*kinds, *COPY_KINDS)
            if event.kind not in allowed:
                report.add(
                    "case-without-event",
                    subject,
                    f"its event {row.event_seq} is a {event.kind!r}, not one that makes it",
                )
                continue
            if table is incident_versions and row.incident_id not in _incidents_of(event.data):
                report.add(
                    "case-changed",
                    subject,
                    f"its event {row.event_seq} is about another incident",
                    str(_incidents_of(event.data)),
                    str(row.incident_id),
                )
            if event.kind in COPY_KINDS:
                continue  # copied rows: the original row's own event holds the content
            if item_col is not None and event.item != getattr(row, item_col):
                report.add(
                    "case-changed",
                    subject,
                    "its item differs from its event's",
                    event.item,
                    getattr(row, item_col),
                )
            for col, key in fields:
                if event.data.get(key) != getattr(row, col):
                    report.add(
                        "case-changed",
                        subject,
                        f"its {col} differs from what its event {row.event_seq} logged",
                        str(event.data.get(key)),
                        str(getattr(row, col)),
                    )


def _incidents_of(data: dict[str, Any]) -> list[int]:
    found = [data.get("incident"), data.get("split"), *(data.get("merged") or [])]
    return [int(i) for i in found if i is not None]
