"""An incident as a whole: summary, the items it rests on, its timeline, GeoJSON for maps."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from casefile.case.claims import claims_of
from casefile.case.evidence import evidence_of
from casefile.case.figures import best_figures_now, named_victims_count, toll_history
from casefile.case.incidents import get_incident, incident_history, list_incidents, seal_of
from casefile.case.legal import legal_view
from casefile.case.perpetrators import perpetrators_of
from casefile.case.schema import (
    claim_evidence,
    claim_members,
    claims,
    element_evidence,
    evidence_links,
    incident_figures,
    perpetrators,
    qualifications,
)
from casefile.ingest.schema import facts


def items_of_incident(conn: Connection, incident_id: int) -> list[str]:
    """Every vault item the incident rests on: reports of its figures, claims and proposal,
    linked evidence, evidence for claims and legal elements, sources of perpetrators."""
    get_incident(conn, incident_id)
    found: set[str] = set()

    def add(q: Any) -> None:
        found.update(str(s) for s in conn.execute(q).scalars())

    add(select(incident_figures.c.item_sha256).where(incident_figures.c.incident_id == incident_id))
    add(select(evidence_links.c.item_sha256).where(evidence_links.c.incident_id == incident_id))
    add(select(perpetrators.c.item_sha256).where(perpetrators.c.incident_id == incident_id))
    claim_ids = select(claims.c.id).where(claims.c.incident_id == incident_id)
    add(select(claim_members.c.item_sha256).where(claim_members.c.claim_id.in_(claim_ids)))
    add(select(claim_evidence.c.item_sha256).where(claim_evidence.c.claim_id.in_(claim_ids)))
    q_ids = select(qualifications.c.id).where(qualifications.c.incident_id == incident_id)
    add(
        select(element_evidence.c.item_sha256).where(element_evidence.c.qualification_id.in_(q_ids))
    )
    first = incident_history(conn, incident_id)[0]
    if first.from_fact is not None:
        add(select(facts.c.item_sha256).where(facts.c.id == first.from_fact))
    return sorted(found)


def incident_summary(conn: Connection, incident_id: int) -> dict[str, Any]:
    """Everything about an incident, as plain JSON values."""
    inc = get_incident(conn, incident_id)
    toll = toll_history(conn, incident_id)
    return {
        "incident": inc.as_json(),
        "seal": seal_of(conn, incident_id),  # who sealed it, when, why (None: not sealed)
        "history": [v.as_json() for v in incident_history(conn, incident_id)],
        "toll_history": [t.as_json() for t in toll],
        "best_figures": best_figures_now(conn, incident_id, toll),
        "named_victims": named_victims_count(conn, incident_id),
        "evidence": [e.as_json() for e in evidence_of(conn, incident_id)],
        "claims": [c.as_json() for c in claims_of(conn, incident_id)],
        "legal": legal_view(conn, incident_id),
        "perpetrators": perpetrators_of(conn, incident_id),
        "items": items_of_incident(conn, incident_id),
    }


def timeline(conn: Connection, incident_id: int) -> list[dict[str, Any]]:
    """Dated entries: the incident's period, each reported figure, each capture, each claim."""
    inc = get_incident(conn, incident_id)
    out: list[dict[str, Any]] = []
    if inc.period_start:
        out.append(
            {
                "time": inc.period_start,
                "end": inc.period_end,
                "what": "incident",
                "text": inc.title,
                "precision": inc.period_precision,
            }
        )
    for t in toll_history(conn, incident_id):
        out.append(
            {
                "time": t.date,
                "what": "figure",
                "text": f"{t.category} {t.value} according to {t.source}",
                "item": t.item,
                "date_basis": t.date_basis,
            }
        )
    for e in evidence_of(conn, incident_id):
        if e.chronolocation:
            out.append(
                {
                    "time": e.chronolocation["time"],
                    "what": "capture",
                    "text": f"{e.kind}: {e.shows} ({e.chronolocation['method']})",
                    "item": e.item,
                }
            )
    for c in claims_of(conn, incident_id):
        for m in c.members:
            out.append(
                {
                    "time": m["date"],
                    "what": "claim",
                    "text": f"{m['source']} {m['stance']}: {m['text']}",
                    "item": m["item"],
                }
            )
    return sorted(out, key=lambda e: (str(e["time"] or "9999"), e["what"]))


def incidents_geojson(conn: Connection, ids: list[int] | None = None) -> dict[str, Any]:
    """RFC 7946 FeatureCollection: each incident's places and each geolocated evidence item."""
    chosen = list_incidents(conn) if ids is None else [get_incident(conn, i) for i in ids]
    features: list[dict[str, Any]] = []
    for inc in chosen:
        best = best_figures_now(conn, inc.id)
        common = {
            "incident": inc.id,
            "title": inc.title,
            "type": inc.incident_type,
            "status": inc.status,
            "start": inc.period_start,
            "end": inc.period_end,
            "precision": inc.period_precision,
            "best_figures": {k: v["value"] for k, v in best.items()},
        }
        for place in inc.places:
            if place.get("lat") is None:
                continue
            features.append(
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [place["lon"], place["lat"]]},
                    "properties": {**common, "feature": "place", "place": place["name"]},
                }
            )
        for e in evidence_of(conn, inc.id):
            if not e.geolocation:
                continue
            g = e.geolocation
            features.append(
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [g["lon"], g["lat"]]},
                    "properties": {
                        **common,
                        "feature": "evidence",
                        "item": e.item,
                        "kind": e.kind,
                        "shows": e.shows,
                        "geolocation_method": g["method"],
                        "time": (e.chronolocation or {}).get("time"),
                        "chronolocation_method": (e.chronolocation or {}).get("method"),
                    },
                }
            )
    return {"type": "FeatureCollection", "features": features}
