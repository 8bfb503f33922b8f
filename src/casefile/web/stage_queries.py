"""Queries for the pages over the later stages: incidents (case), victims (people), witnesses.

Each stage's tables may be absent (a workspace made before that stage existed, or a build
without it): then ``available`` is False and the page says the stage has no data yet.
Detail views call the stages' own functions; lists page in SQL so they stay fast at scale.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from sqlalchemy import Connection, Integer, column, func, or_, select, text

from casefile.case.figures import best_figures_now
from casefile.case.incidents import current_versions, get_incident, seals_of
from casefile.case.schema import best_figures, incidents
from casefile.case.schema import incident_versions as iv
from casefile.case.views import incident_summary, timeline
from casefile.errors import CasefileError, NotFound
from casefile.people.name_search import match_sql
from casefile.people.registry import conflicts, display_name, list_order, reconcile
from casefile.people.review import latest_run_id, queue, resolve_ref
from casefile.people.schema import (
    NAME_PARTS,
    SHOWN_RECORD_FIELDS,
    person_members,
    record_links,
    review_decisions,
    victim_lists,
)
from casefile.people.schema import victim_records as vr
from casefile.vault.schema import ledger_entries
from casefile.web.charts import STATUS_COLOURS, histogram, lanes, toll_chart
from casefile.web.explain import explain
from casefile.web.queries import Paging, capped_count, like_any_case
from casefile.witness.core import get_witness, list_witnesses, resolve_witness

# -- incidents --


def _current(
    conn: Connection,
    q: str | None = None,
    status: str | None = None,
    kind: str | None = None,
    include_closed: bool = False,
    date_from: str | None = None,
    date_to: str | None = None,
    in_table_order: bool = False,
) -> Any:
    """Each incident's current version (``incident_versions.is_current``, read off the index
    that starts with it) that passes the filters: the one query the incident list, timeline
    and map narrow, count and page.
    ``in_table_order``: the versions picked by their ids (``id IN`` the current ones), so that
    SQLite reads them in the table's order instead of through an index, for a question about
    every match that an index cannot answer alone (the timeline's histogram with a title or
    place filter: 13 ms -> 4 ms for 10,000 incidents)."""
    if in_table_order:
        query = select(iv).where(iv.c.id.in_(select(incidents.c.current_version_id)))
    else:
        query = current_versions()
    if not include_closed:
        query = query.where(iv.c.state == "open")
    if q and q.strip():
        like = f"%{q.strip()}%"
        query = query.where(
            or_(like_any_case(conn, iv.c.title, like), like_any_case(conn, iv.c.places, like))
        )
    if status:
        query = query.where(iv.c.status == status)
    if kind:
        query = query.where(iv.c.incident_type == kind)
    if date_from:
        query = query.where(func.coalesce(iv.c.period_end, iv.c.period_start) >= date_from)
    if date_to:
        query = query.where(iv.c.period_start <= date_to + "\uffff")
    return query


def _page_rows(conn: Connection, ordered: Any, paging: Paging) -> list[Any]:
    """The page's versions: their ids picked in order (narrow rows to sort and skip), then
    the rows themselves."""
    ids = list(
        conn.execute(
            ordered.with_only_columns(iv.c.id).limit(paging.per_page).offset(paging.offset)
        ).scalars()
    )
    found = {r.id: r for r in conn.execute(select(iv).where(iv.c.id.in_(ids)))} if ids else {}
    return [found[i] for i in ids]


def _incident_row(r: Any) -> dict[str, Any]:
    return {
        "id": r.incident_id,
        "title": r.title,
        "type": r.incident_type,
        "status": r.status,
        "state": r.state,
        "period_start": r.period_start,
        "period_end": r.period_end,
        "precision": r.period_precision,
        "places": json.loads(r.places),
    }


def _incident_filters(
    q: str | None,
    status: str | None,
    kind: str | None,
    include_closed: bool,
    date_from: str | None,
    date_to: str | None,
) -> dict[str, Any]:
    filters: dict[str, Any] = {
        "q": q,
        "status": status,
        "type": kind,
        "closed": include_closed or None,
    }
    if date_from or date_to:
        filters.update({"from": date_from, "to": date_to})
    return filters


def incidents_page(
    conn: Connection,
    paging: Paging,
    q: str | None = None,
    status: str | None = None,
    kind: str | None = None,
    include_closed: bool = False,
) -> dict[str, Any]:
    """A page of the incidents (open ones unless ``include_closed``), newest first."""
    query = _current(conn, q, status, kind, include_closed)
    total, more = capped_count(conn, query)
    # By the version's incident_id (the same order as incidents.id, since the join keeps each
    # incident's current version): the planner then walks the versions' (incident_id, version)
    # index backwards and stops after the page, instead of sorting every match.
    rows = _page_rows(conn, query.order_by(iv.c.incident_id.desc()), paging)
    found = [_incident_row(r) for r in rows]
    seals = seals_of(conn, [i["id"] for i in found if i["status"] == "sealed"])
    for i in found:
        i["seal"] = seals.get(i["id"])  # who sealed it and when ("sealed by X on DATE")
    return {
        "available": True,
        "incidents": found,
        "paging": paging.info(total, more),
        "filters": _incident_filters(q, status, kind, include_closed, None, None),
    }


def timeline_page(
    conn: Connection,
    paging: Paging,
    q: str | None = None,
    status: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
) -> dict[str, Any]:
    """The open incidents in date order with two SVG charts: how many incidents per day, week
    or month over the whole filtered range (each bar narrows the view to its period), and the
    page's incidents as bars from start to end of their period."""
    query = _current(conn, q, status, None, False, date_from, date_to)
    # Counted through the list index (it holds the start and status) unless a title or place
    # filter must read every version's row anyway.
    every = _current(conn, q, status, None, False, date_from, date_to, bool(q and q.strip()))
    days = [
        (r[0], r[1], int(r[2]))
        for r in conn.execute(
            every.with_only_columns(iv.c.period_start, iv.c.status, func.count()).group_by(
                iv.c.period_start, iv.c.status
            )
        )
    ]
    total = sum(n for _, _, n in days)  # every matching incident once: the list's total
    # Undated incidents sort first on SQLite and last on PostgreSQL (the index decides).
    rows = _page_rows(conn, query.order_by(iv.c.period_start, iv.c.incident_id), paging)
    found = [_incident_row(r) for r in rows]
    return {
        "available": True,
        "incidents": found,
        "paging": paging.info(total),
        "filters": _incident_filters(q, status, None, False, date_from, date_to),
        "histogram": histogram(days),
        "lanes": lanes(found),
        "colours": STATUS_COLOURS,
    }


def incident_detail(conn: Connection, incident_id: int) -> dict[str, Any]:

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


def incidents_geojson(conn: Connection, limit: int = 20000) -> dict[str, Any]:
    """Each open incident's places with coordinates, as an RFC 7946 FeatureCollection."""
    features = []
    for r in conn.execute(_current(conn).order_by(iv.c.incident_id).limit(limit)):
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

# Name searches count their matches up to this many (the page then says "more than").
NAME_COUNT_LIMIT = 1000


def victims_page(
    conn: Connection,
    paging: Paging,
    q: str | None = None,
    source: str | None = None,
    status: str | None = None,
    place: str | None = None,
) -> dict[str, Any]:
    """Victim records by name (anywhere in any name field, either script: see
    ``casefile.people.name_search``) or record id, source list, status and place."""
    filters = {"q": q, "source": source, "status": status, "place": place}

    def narrowed(query: Any) -> Any:
        if source:
            query = query.where(vr.c.source == source)
        if status:
            query = query.where(vr.c.status == status)
        if place:
            query = query.where(like_any_case(conn, vr.c.place, f"%{place.strip()}%"))
        return query

    found = match_sql(conn.dialect.name, q) if q and q.strip() else None
    if q and q.strip():
        # A record id exactly first (unique per list: through that index, list_id is never
        # NULL), then the name matches in the name index's order (a page stops early).
        exact = vr.c.list_id.in_(select(victim_lists.c.id)) & (vr.c.record_id == q.strip())
        exact_ids = list(conn.execute(narrowed(select(vr.c.id).where(exact))).scalars())
        ids = exact_ids[paging.offset : paging.offset + paging.per_page]
        total, more = len(exact_ids), False
        if found is not None:
            sql, params = found
            names = text(sql).bindparams(**params).columns(column("pk", Integer)).subquery("n")
            named = narrowed(select(names.c.pk).select_from(names.join(vr, vr.c.id == names.c.pk)))
            if exact_ids:
                named = named.where(names.c.pk.not_in(exact_ids))
            # The matches up to the cap, in one query: their number is the capped count and
            # the page is cut from them (the name index's match, most of the page's time, runs
            # once instead of twice; it gives its rows in pk order, so the order costs nothing).
            cap = max(NAME_COUNT_LIMIT, paging.offset + paging.per_page)
            matched = list(conn.execute(named.order_by(names.c.pk).limit(cap + 1)).scalars())
            more = len(matched) > cap
            total += min(len(matched), cap)
            skip = max(paging.offset - len(exact_ids), 0)
            ids += matched[skip : skip + paging.per_page - len(ids)]
    else:
        query = narrowed(select(vr.c.id))
        total, more = capped_count(conn, query)
        ids = list(
            conn.execute(
                query.order_by(vr.c.id).limit(paging.per_page).offset(paging.offset)
            ).scalars()
        )
    run_id = latest_run_id(conn)
    persons: dict[int, str] = {}
    if run_id is not None and ids:
        pm = person_members
        persons = {
            r.record_pk: r.person_id
            for r in conn.execute(
                select(pm.c.record_pk, pm.c.person_id).where(
                    pm.c.run_id == run_id, pm.c.record_pk.in_(ids)
                )
            )
        }
    columns = (vr.c.id, *(vr.c[c] for c in SHOWN_RECORD_FIELDS))
    rows: list[Any] = []
    if ids:
        rows = list(conn.execute(select(*columns).where(vr.c.id.in_(ids)).order_by(vr.c.id)))
    sources = list(
        conn.execute(select(victim_lists.c.source).order_by(victim_lists.c.id)).scalars()
    )
    return {
        "available": True,
        "records": [{**_named(r), "person_id": persons.get(r.id)} for r in rows],
        "paging": paging.info(total, more),
        "filters": filters,
        "sources": sources,
        "run_id": run_id,
    }


def _named(row: Any) -> dict[str, Any]:
    """A record's public fields, its ``full_name`` made of the separate name columns when the
    list gave those instead (police lists: family, given, patronymic), said by
    ``name_from_parts``."""

    rec = dict(row if isinstance(row, dict) else row._mapping)
    if not (rec.get("full_name") or "").strip():
        name = display_name(rec)
        if name:
            rec["full_name"] = name
            rec["name_from_parts"] = True
    for k in NAME_PARTS:
        rec.pop(k, None)
    return rec


def person_detail(conn: Connection, person_id: str) -> dict[str, Any]:

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
    order = list_order(conn)
    status, history = reconcile(records, order)
    ids = [r["id"] for r in records]
    ref = {r["id"]: f"{r['source']}:{r['record_id']}" for r in records}
    names = {r["id"]: _named(r).get("full_name") for r in records}
    links = [
        {
            "record_l": ref[r.record_l],
            "record_r": ref[r.record_r],
            "name_l": names.get(r.record_l),
            "name_r": names.get(r.record_r),
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
    for link in links:
        link["why"] = explain(link["evidence"])
    for r in records:
        r.pop("extra", None)
        if not (r.get("full_name") or "").strip() and names.get(r["id"]):
            r["full_name"] = names[r["id"]]
            r["name_from_parts"] = True
    return {
        "person_id": person_id,
        "name": _person_name(records, order),
        "run_id": run_id,
        "status": status,
        "history": history,
        "conflicts": conflicts(records),
        "records": records,
        "links": links,
        "decisions": decisions,
    }


def _person_name(records: list[dict[str, Any]], order: list[str]) -> str | None:
    """The name a person is shown under: the name most of their records give, ties to the
    list that comes first (``list_order``)."""
    rank = {src: i for i, src in enumerate(order)}
    named = [
        (rank.get(r["source"], len(rank)), i, str(_named(r).get("full_name") or ""))
        for i, r in enumerate(records)
    ]
    counts = Counter(n for _, _, n in named if n)
    if not counts:
        return None
    return min((-counts[n], lr, i, n) for lr, i, n in named if n)[3]


def review_page(conn: Connection, paging: Paging, done: int | None = None) -> dict[str, Any]:

    todo = queue(conn)
    chunk = todo[paging.offset : paging.offset + paging.per_page]
    return {
        "available": True,
        "pairs": [
            {
                "ref_l": p.ref_l,
                "ref_r": p.ref_r,
                "name_l": _named(_public_record(p.record_l)).get("full_name"),
                "name_r": _named(_public_record(p.record_r)).get("full_name"),
                "record_l": _named(_public_record(p.record_l)),
                "record_r": _named(_public_record(p.record_r)),
                "match_probability": round(p.match_probability, 4),
                "evidence": p.evidence,
                "why": explain(p.evidence),
                "decision": p.decision,
            }
            for p in chunk
        ],
        "paging": paging.info(len(todo)),
        "filters": {},
        "done": decision_done(conn, done) if done is not None else None,
    }


def _public_record(rec: dict[str, Any]) -> dict[str, Any]:
    return {k: rec.get(k) for k in SHOWN_RECORD_FIELDS}


RELINK_NOTE = (
    "The decision is recorded; persons, counts and estimates change at the next linkage run "
    "('casefile victims link'), which applies every decision."
)


def decision_done(conn: Connection, seq: int) -> dict[str, Any] | None:
    """What the review decision recorded as ledger event ``seq`` was, with the records' names,
    and that it takes effect at the next linkage run. None if ``seq`` is no such event."""

    # By its sequence number and the signed body's kind (not the unsigned kind column).
    row = conn.execute(
        select(ledger_entries.c.seq, ledger_entries.c.body).where(ledger_entries.c.seq == seq)
    ).one_or_none()
    if row is None:
        return None
    body = json.loads(bytes(row.body))
    if not isinstance(body, dict) or body.get("kind") != "victim_pair_reviewed":
        return None
    data = body.get("data") or {}
    names = []
    for ref in (data.get("record_l"), data.get("record_r")):
        name = None
        try:
            pk = resolve_ref(conn, str(ref))
            rec = conn.execute(select(vr).where(vr.c.id == pk)).one_or_none()
            name = _named(rec).get("full_name") if rec is not None else None
        except CasefileError:
            pass
        names.append({"ref": ref, "name": name})
    return {
        "seq": int(row.seq),
        "decision": data.get("decision"),
        "reason": data.get("reason"),
        "records": names,
        "relink_needed": True,
        "note": RELINK_NOTE,
    }


# -- witnesses --


def witnesses_page(conn: Connection, paging: Paging, q: str | None = None) -> dict[str, Any]:

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

    try:
        wid = resolve_witness(conn, ref)
    except CasefileError as exc:
        raise NotFound(str(exc)) from None
    return get_witness(conn, wid).as_json()


def summaries(conn: Connection) -> dict[str, Any]:
    return {"latest_tolls": latest_tolls(conn)}
