"""Incidents from the incidents that extraction proposed: the proposal's fields and the
figures it named, attached in one transaction. Apart from `incidents` so that the incident
stage does not import the figures stage (which opens incidents to attach to them)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from casefile.case.common import fact_of_kind, item_name
from casefile.case.figures import attach_figures
from casefile.case.incidents import check_fields, new_incident, proposals
from casefile.errors import CasefileError
from casefile.ingest.schema import facts
from casefile.vault.workspace import Workspace


def create_from_proposal(
    ws: Workspace, fact_id: int, title: str | None = None
) -> tuple[int, list[int]]:
    """An incident from a report's proposed incident, with the figures it named attached.

    Returns the incident id and the ids of the toll-history entries attached.
    """
    with ws.db.read() as conn:
        fact = fact_of_kind(conn, fact_id, "incident")
        for p in proposals(conn):
            if p["fact"] == fact.id and p["incident"] is not None:
                raise CasefileError(
                    f"the proposed incident (fact {fact.id}) already made incident "
                    f"{p['incident']}: add this report's figures there instead"
                )
        figure_facts = _proposal_figures(conn, fact)
        source = item_name(conn, fact.item_sha256)
    p = fact.payload
    where = [x for x in p.get("where") or [] if x.get("name")]
    when = (p.get("when") or {}).get("value")
    what = p.get("what") or "incident"
    place_names = ", ".join(x["name"] for x in where) or "an unknown place"
    values = check_fields(
        {
            "title": title or f"{what[:1].upper()}{what[1:]} in {place_names}",
            "description": f"Proposed by extraction from {source} (fact {fact.id}); "
            f"reported {p.get('published') or 'on an unknown date'}.",
            "incident_type": what,
            "status": "reported",
            "places": [
                {"name": x["name"], "lat": x.get("lat"), "lon": x.get("lon")} for x in where
            ],
            "period_start": when,
            "period_end": when,
            "period_precision": "day" if when else None,
            "from_fact": fact.id,
        }
    )
    with ws.transaction() as tx:
        new_id = new_incident(
            tx, "incident_created", values, {"from_fact": fact.id, "item": fact.item_sha256}
        )
        attached = attach_figures(tx, new_id, figure_facts, None)
    return new_id, attached


def _proposal_figures(conn: Connection, incident_fact: Any) -> list[int]:
    """The figure facts of the same document that the proposal names (by their spans)."""
    spans = {tuple(f.get("span") or ()) for f in incident_fact.payload.get("figures") or []}
    rows = conn.execute(
        select(facts.c.id, facts.c.span_start, facts.c.span_end).where(
            facts.c.document_id == incident_fact.document_id,
            facts.c.kind == "figure",
            facts.c.supersedes.is_(None),
        )
    ).all()
    return [r.id for r in rows if (r.span_start, r.span_end) in spans]
