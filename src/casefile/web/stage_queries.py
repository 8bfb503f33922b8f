"""Queries for the pages over the later stages: incidents (case), victims (people), witnesses.

Each stage's tables may be absent (a workspace made before that stage existed, or a build
without it): then ``available`` is False and the page says the stage has no data yet.
Detail views call the stages' own functions; lists page in SQL so they stay fast at scale.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlalchemy import Connection, func, or_, select

from casefile.errors import CasefileError
from casefile.web.queries import NotFound, Paging, has_table


def stage_ready(conn: Connection, stage: str) -> bool:
    table = {"case": "incident_versions", "people": "victim_records", "witness": "witnesses"}
    return has_table(conn, table[stage])


# -- incidents --


def _latest_versions(include_closed: bool) -> Any:
    """Each incident's newest version: no later version of the same incident exists."""
    from sqlalchemy import exists

    from casefile.case.schema import incident_versions as iv

    newer = iv.alias("newer")
    q = select(iv).where(
        ~exists().where(newer.c.incident_id == iv.c.incident_id, newer.c.version > iv.c.version)
    )
    if not include_closed:
        q = q.where(iv.c.state == "open")
    return q, iv


def _incident_row(r: Any) -> dict[str, Any]:
    places = json.loads(r.places)
    return {
        "id": r.incident_id,
        "title": r.title,
        "type": r.incident_type,
        "status": r.status,
        "state": r.state,
        "period_start": r.period_start,
        "period_end": r.period_end,
        "precision": r.period_precision,
        "places": places,
    }


def incidents_page(
    conn: Connection,
    paging: Paging,
    q: str | None = None,
    status: str | None = None,
    kind: str | None = None,
    include_closed: bool = False,
    order: str = "id",
) -> dict[str, Any]:
    filters = {"q": q, "status": status, "type": kind, "closed": include_closed or None}
    if not stage_ready(conn, "case"):
        return {"available": False, "incidents": [], "paging": paging.info(0), "filters": filters}
    query, iv = _latest_versions(include_closed)
    if q:
        like = f"%{q.strip()}%"
        query = query.where(or_(iv.c.title.like(like), iv.c.places.like(like)))
    if status:
        query = query.where(iv.c.status == status)
    if kind:
        query = query.where(iv.c.incident_type == kind)
    total = int(conn.execute(select(func.count()).select_from(query.subquery())).scalar_one())
    if order == "date":
        # Undated incidents sort first on SQLite and last on PostgreSQL (the index decides).
        query = query.order_by(iv.c.period_start, iv.c.incident_id)
    else:
        query = query.order_by(iv.c.incident_id.desc())
    rows = conn.execute(query.limit(paging.per_page).offset(paging.offset)).all()
    return {
        "available": True,
        "incidents": [_incident_row(r) for r in rows],
        "paging": paging.info(total),
        "filters": filters,
    }


def incident_detail(conn: Connection, incident_id: int) -> dict[str, Any]:
    if not stage_ready(conn, "case"):
        raise NotFound("the case stage has no data in this workspace yet")
    from casefile.case.views import incident_summary, timeline

    try:
        data = incident_summary(conn, incident_id)
        data["timeline"] = timeline(conn, incident_id)
    except CasefileError as exc:
        if "no incident" in str(exc):
            raise NotFound(str(exc)) from None
        raise
    data["chart"] = toll_chart(data["toll_history"])
    claims = data["claims"]
    data["claims_for"] = [c for c in claims if c["stance"] != "denies"]
    data["claims_against"] = [c for c in claims if c["stance"] == "denies"]
    return data


def toll_chart(toll: list[dict[str, Any]], width: int = 640, height: int = 220) -> dict[str, Any]:
    """Reported tolls over time as SVG coordinates, one series per category."""
    points = []
    for t in toll:
        value = t.get("count") if t.get("count") is not None else t.get("min")
        if value is None or not t.get("date"):
            continue
        try:
            day = date.fromisoformat(str(t["date"])[:10])
        except ValueError:
            continue
        points.append((day, int(value), str(t["category"]), t))
    if not points:
        return {"series": [], "width": width, "height": height}
    pad = 40
    d0 = min(p[0] for p in points).toordinal()
    d1 = max(p[0] for p in points).toordinal()
    vmax = max(p[1] for p in points) or 1
    span = max(d1 - d0, 1)

    def xy(day: date, v: int) -> tuple[float, float]:
        x = pad + (day.toordinal() - d0) / span * (width - 2 * pad)
        if d1 == d0:
            x = width / 2
        y = height - pad - v / vmax * (height - 2 * pad)
        return round(x, 1), round(y, 1)

    series: dict[str, list[dict[str, Any]]] = {}
    for day, v, cat, t in sorted(points, key=lambda p: p[0]):
        x, y = xy(day, v)
        series.setdefault(cat, []).append(
            {
                "x": x,
                "y": y,
                "value": v,
                "date": day.isoformat(),
                "source": t.get("source"),
                "item": t.get("item"),
            }
        )
    return {
        "width": width,
        "height": height,
        "vmax": vmax,
        "start": date.fromordinal(d0).isoformat(),
        "end": date.fromordinal(d1).isoformat(),
        "series": [
            {"category": c, "points": pts, "path": " ".join(f"{p['x']},{p['y']}" for p in pts)}
            for c, pts in series.items()
        ],
    }


def incidents_geojson(conn: Connection, limit: int = 20000) -> dict[str, Any]:
    """Each open incident's places with coordinates, as an RFC 7946 FeatureCollection."""
    if not stage_ready(conn, "case"):
        return {"type": "FeatureCollection", "features": [], "available": False}
    query, iv = _latest_versions(False)
    features = []
    for r in conn.execute(query.order_by(iv.c.incident_id).limit(limit)):
        for place in json.loads(r.places):
            if place.get("lat") is None or place.get("lon") is None:
                continue
            features.append(
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [place["lon"], place["lat"]]},
                    "properties": {
                        "incident": r.incident_id,
                        "title": r.title,
                        "status": r.status,
                        "place": place.get("name"),
                        "start": r.period_start,
                    },
                }
            )
    return {"type": "FeatureCollection", "features": features, "available": True}


def latest_tolls(conn: Connection, limit: int = 8) -> list[dict[str, Any]]:
    """The most recently chosen best figures, with their incident and source."""
    if not stage_ready(conn, "case"):
        return []
    from casefile.case.figures import best_figures_now
    from casefile.case.incidents import get_incident
    from casefile.case.schema import best_figures

    rows = conn.execute(
        select(best_figures.c.incident_id, best_figures.c.category, best_figures.c.created_at)
        .order_by(best_figures.c.id.desc())
        .limit(limit * 3)
    ).all()
    out: list[dict[str, Any]] = []
    seen: set[tuple[int, str]] = set()
    for r in rows:
        if (r.incident_id, r.category) in seen or len(out) >= limit:
            continue
        seen.add((r.incident_id, r.category))
        best = best_figures_now(conn, r.incident_id).get(r.category)
        if best is None:
            continue
        out.append(
            {
                "incident_id": r.incident_id,
                "title": get_incident(conn, r.incident_id).title,
                "category": r.category,
                "value": best["value"],
                "source": best.get("source"),
                "created_at": r.created_at,
            }
        )
    return out


# -- victims --


def victims_page(
    conn: Connection,
    paging: Paging,
    q: str | None = None,
    source: str | None = None,
    status: str | None = None,
    place: str | None = None,
) -> dict[str, Any]:
    filters = {"q": q, "source": source, "status": status, "place": place}
    if not stage_ready(conn, "people"):
        return {"available": False, "records": [], "paging": paging.info(0), "filters": filters}
    from casefile.people.review import latest_run_id
    from casefile.people.schema import person_members, victim_lists
    from casefile.people.schema import victim_records as vr

    query = select(vr.c.id)
    words = (q or "").split()
    if words:
        # The first word is a family-name prefix (an index range, as typed and capitalised),
        # or a record id; further words must appear in the full name.
        first = words[0]
        prefixes = {first, first[:1].upper() + first[1:]}
        cond = or_(
            vr.c.record_id == " ".join(words),
            *[(vr.c.family_name >= p) & (vr.c.family_name < p + "\uffff") for p in prefixes],
        )
        query = query.where(cond)
        for w in words[1:]:
            query = query.where(vr.c.full_name.like(f"%{w}%"))
    if source:
        query = query.where(vr.c.source == source)
    if status:
        query = query.where(vr.c.status == status)
    if place:
        query = query.where(vr.c.place.like(f"%{place.strip()}%"))
    total = int(conn.execute(select(func.count()).select_from(query.subquery())).scalar_one())
    ids = list(
        conn.execute(query.order_by(vr.c.id).limit(paging.per_page).offset(paging.offset)).scalars()
    )
    run_id = latest_run_id(conn)
    persons: dict[int, str] = {}
    if run_id is not None and ids:
        persons = {
            r.record_pk: r.person_id
            for r in conn.execute(
                select(person_members.c.record_pk, person_members.c.person_id).where(
                    person_members.c.run_id == run_id, person_members.c.record_pk.in_(ids)
                )
            )
        }
    cols = [
        vr.c.id,
        vr.c.source,
        vr.c.record_id,
        vr.c.full_name,
        vr.c.sex,
        vr.c.birth_date,
        vr.c.age,
        vr.c.event_date,
        vr.c.place,
        vr.c.status,
    ]
    rows = (
        conn.execute(select(*cols).where(vr.c.id.in_(ids)).order_by(vr.c.id)).all() if ids else []
    )
    sources = list(
        conn.execute(select(victim_lists.c.source).order_by(victim_lists.c.id)).scalars()
    )
    return {
        "available": True,
        "records": [{**dict(r._mapping), "person_id": persons.get(r.id)} for r in rows],
        "paging": paging.info(total),
        "filters": filters,
        "sources": sources,
        "run_id": run_id,
    }


def person_detail(conn: Connection, person_id: str) -> dict[str, Any]:
    if not stage_ready(conn, "people"):
        raise NotFound("the victims stage has no data in this workspace yet")
    from casefile.people.registry import _conflicts, list_order, reconcile
    from casefile.people.review import latest_run_id
    from casefile.people.schema import person_members, record_links, review_decisions
    from casefile.people.schema import victim_records as vr

    run_id = latest_run_id(conn)
    if run_id is None:
        raise NotFound("no linkage run yet: 'casefile victims link' makes persons of records")
    rows = conn.execute(
        select(vr, person_members.c.match_probability)
        .join(person_members, person_members.c.record_pk == vr.c.id)
        .where(person_members.c.run_id == run_id, person_members.c.person_id == person_id)
        .order_by(vr.c.id)
    ).all()
    if not rows:
        raise NotFound(f"there is no person {person_id[:40]!r} in linkage run {run_id}")
    records = [dict(r._mapping) for r in rows]
    status, history = reconcile(records, list_order(conn))
    ids = [r["id"] for r in records]
    ref = {r["id"]: f"{r['source']}:{r['record_id']}" for r in records}
    links = [
        {
            "record_l": ref[r.record_l],
            "record_r": ref[r.record_r],
            "match_probability": round(float(r.match_probability), 4),
            "state": r.state,
            "decision": r.decision,
            "evidence": json.loads(r.evidence) if r.evidence else [],
        }
        for r in conn.execute(
            select(record_links)
            .where(
                record_links.c.run_id == run_id,
                record_links.c.record_l.in_(ids),
                record_links.c.record_r.in_(ids),
            )
            .order_by(record_links.c.match_probability.desc())
        )
    ]
    decisions = [
        {
            "record_l": ref.get(d.record_l, str(d.record_l)),
            "record_r": ref.get(d.record_r, str(d.record_r)),
            "decision": d.decision,
            "reason": d.reason,
            "decided_by": d.decided_by,
            "decided_at": d.decided_at,
        }
        for d in conn.execute(
            select(review_decisions)
            .where(or_(review_decisions.c.record_l.in_(ids), review_decisions.c.record_r.in_(ids)))
            .order_by(review_decisions.c.id)
        )
    ]
    for r in records:
        r.pop("extra", None)
    return {
        "person_id": person_id,
        "run_id": run_id,
        "status": status,
        "history": history,
        "conflicts": _conflicts(records),
        "records": records,
        "links": links,
        "decisions": decisions,
    }


def review_page(conn: Connection, paging: Paging) -> dict[str, Any]:
    if not stage_ready(conn, "people"):
        return {"available": False, "pairs": [], "paging": paging.info(0), "filters": {}}
    from casefile.people.review import queue

    todo = queue(conn)
    chunk = todo[paging.offset : paging.offset + paging.per_page]
    return {
        "available": True,
        "pairs": [
            {
                "ref_l": p.ref_l,
                "ref_r": p.ref_r,
                "record_l": _public_record(p.record_l),
                "record_r": _public_record(p.record_r),
                "match_probability": round(p.match_probability, 4),
                "evidence": p.evidence,
                "decision": p.decision,
            }
            for p in chunk
        ],
        "paging": paging.info(len(todo)),
        "filters": {},
    }


def _public_record(rec: dict[str, Any]) -> dict[str, Any]:
    keep = (
        "source",
        "record_id",
        "full_name",
        "sex",
        "birth_date",
        "age",
        "event_date",
        "place",
        "status",
    )
    return {k: rec.get(k) for k in keep}


# -- witnesses --


def witnesses_page(conn: Connection, paging: Paging, q: str | None = None) -> dict[str, Any]:
    if not stage_ready(conn, "witness"):
        return {"available": False, "witnesses": [], "paging": paging.info(0), "filters": {"q": q}}
    from casefile.witness.core import list_witnesses

    found = list_witnesses(conn)
    if q:
        found = [w for w in found if q.strip().lower() in w.pseudonym.lower()]
    chunk = found[paging.offset : paging.offset + paging.per_page]
    return {
        "available": True,
        "witnesses": [_witness_json(w.as_json()) for w in chunk],
        "paging": paging.info(len(found)),
        "filters": {"q": q},
    }


def _witness_json(w: dict[str, Any]) -> dict[str, Any]:
    w.pop("consent_history", None)
    return w


def witness_detail(conn: Connection, ref: str) -> dict[str, Any]:
    if not stage_ready(conn, "witness"):
        raise NotFound("the witness stage has no data in this workspace yet")
    from casefile.witness.core import get_witness, resolve_witness

    try:
        wid = resolve_witness(conn, ref)
    except CasefileError as exc:
        raise NotFound(str(exc)) from None
    return get_witness(conn, wid).as_json()


def summaries(conn: Connection) -> dict[str, Any]:
    return {"latest_tolls": latest_tolls(conn)}
