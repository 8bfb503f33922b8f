"""Queries for the pages over the later stages: incidents (case), victims (people), witnesses.

Each stage's tables may be absent (a workspace made before that stage existed, or a build
without it): then ``available`` is False and the page says the stage has no data yet.
Detail views call the stages' own functions; lists page in SQL so they stay fast at scale.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from typing import Any

from sqlalchemy import (
    BindParameter,
    Connection,
    Integer,
    bindparam,
    column,
    func,
    literal_column,
    or_,
    select,
    text,
)

from casefile.errors import CasefileError
from casefile.web import fastsql
from casefile.web.cache import memo_count
from casefile.web.explain import explain
from casefile.web.histogram import STATUS_COLOURS, histogram, parse_day
from casefile.web.queries import COUNT, NotFound, Paging, has_table


def stage_ready(conn: Connection, stage: str) -> bool:
    table = {"case": "incident_versions", "people": "victim_records", "witness": "witnesses"}
    return has_table(conn, table[stage])


# -- incidents --


def _latest_versions(conn: Connection, include_closed: bool) -> tuple[Any, Any, Any]:
    """Each incident's newest version, and the derived table of them (``incident_index``) when
    it is current in this transaction (else None: the versions are read instead)."""
    from sqlalchemy import exists

    from casefile.case.schema import incident_versions as iv
    from casefile.web.incident_index import current

    lat = current(conn)
    if lat is not None:
        q = select(iv).join(lat, lat.c.row_id == iv.c.id)
        if not include_closed:
            q = q.where(lat.c.state == "open")
        return q, iv, lat
    newer = iv.alias("newer")
    q = select(iv).where(
        ~exists().where(newer.c.incident_id == iv.c.incident_id, newer.c.version > iv.c.version)
    )
    if not include_closed:
        q = q.where(iv.c.state == "open")
    return q, iv, None


_VERSIONS_IN: list[Any] = []


def _versions_in() -> Any:
    """Incident versions by row id, the columns of a list's row (``_incident_row``; the
    description and the ledger columns are not shown there): built once (fastsql plans it
    once)."""
    if not _VERSIONS_IN:
        from casefile.case.schema import incident_versions as iv

        listed = [iv.c[name] for name in ("id", *_LISTED)]
        _VERSIONS_IN.append(select(*listed).where(iv.c.id.in_(bindparam("ids", expanding=True))))
    return _VERSIONS_IN[0]


_INDEXED: dict[tuple[Any, ...], tuple[Any, Any]] = {}


def _indexed_incidents(
    conn: Connection,
    lat: Any,
    paging: Paging,
    filters: dict[str, Any],
    q: str | None,
    status: str | None,
    include_closed: bool,
    order: str,
    date_from: str | None,
    date_to: str | None,
    known_total: int | None,
    known_phrase: tuple[str | None] | None,
    known_page: list[int] | None,
) -> dict[str, Any]:
    """The list from the derived table (``incident_index``, current in this transaction):
    its statements pick, count and order the page's incidents through its indexes, then
    their versions are read by row id (joining the versions in the same query made SQLite
    look up every skipped row of a deep page: 4 ms at offset 950)."""
    from casefile.web.incident_index import trigram_phrase

    phrase = None
    if q:
        phrase = known_phrase[0] if known_phrase else trigram_phrase(conn, q)
    params = _indexed_params(q, phrase, status, date_from, date_to)
    count_stmt, ids_stmt = _indexed_statements(
        conn.dialect.name,
        lat,
        include_closed,
        order,
        bool(q),
        phrase is not None,
        frozenset(params),
    )
    total = known_total
    if total is None:
        key = ("incidents", q, status, None, include_closed, date_from, date_to)
        total = memo_count(key, lambda: int(fastsql.scalars(conn, count_stmt, params)[0]))
    if known_page is not None:
        ids = known_page
    else:
        ids = fastsql.scalars(conn, ids_stmt, {**params, **paging.bounds()})
    found = {r.id: r for r in fastsql.rows(conn, _versions_in(), {"ids": ids})}
    return {
        "available": True,
        "incidents": [_incident_row(found[i]) for i in ids],
        "paging": paging.info(total),
        "filters": filters,
    }


def _indexed_statements(
    dialect: str,
    lat: Any,
    include_closed: bool,
    order: str,
    words: bool,
    narrowed: bool,
    given: frozenset[str],
) -> tuple[Any, Any]:
    """The count and the page of row ids for one combination of filters, with the filters'
    values and the page as parameters: built once per combination (fastsql plans it once)."""
    key = (dialect, include_closed, order, words, narrowed, given)
    found = _INDEXED.get(key)
    if found is None:
        query = _indexed_filter(dialect, lat, include_closed, words, narrowed, given)
        count = select(COUNT).select_from(query.subquery())
        if order == "date":
            # Undated incidents sort first on SQLite and last on PostgreSQL (the index decides).
            query = query.order_by(lat.c.period_start, lat.c.incident_id)
        else:
            query = query.order_by(lat.c.incident_id.desc())
        query = query.limit(bindparam("limit")).offset(bindparam("offset"))
        found = _INDEXED[key] = (count, query)
    return found


def _indexed_params(
    q: str | None,
    phrase: str | None,
    status: str | None,
    date_from: str | None,
    date_to: str | None,
) -> dict[str, Any]:
    """The values of the derived table's statements for these filters (``_indexed_filter``
    names them)."""
    params: dict[str, Any] = {}
    if q:
        params["like"] = f"%{q.strip()}%"
        if phrase is not None:
            params["trigram_phrase"] = phrase
    if status:
        params["status"] = status
    if date_from:
        params["date_from"] = date_from
    if date_to:
        params["date_to"] = date_to + "\uffff"
    return params


def _indexed_filter(
    dialect: str,
    lat: Any,
    include_closed: bool,
    words: bool,
    narrowed: bool,
    given: frozenset[str],
) -> Any:
    """The row ids of the derived table's incidents that pass the filters named in ``given``
    (``_indexed_params``), with their values as parameters."""
    from casefile.web.incident_index import CANDIDATES

    query = select(lat.c.row_id)
    if not include_closed:
        query = query.where(_is_open(lat, narrowed))
    if words:
        like: BindParameter[str] = bindparam("like")
        query = query.where(_mentions(dialect, lat, like))
    if narrowed:
        query = query.where(lat.c.incident_id.in_(CANDIDATES))
    if "status" in given:
        query = query.where(lat.c.status == bindparam("status"))
    if "date_from" in given:
        query = query.where(
            func.coalesce(lat.c.period_end, lat.c.period_start) >= bindparam("date_from")
        )
    if "date_to" in given:
        query = query.where(lat.c.period_start <= bindparam("date_to"))
    return query


_TIMELINE: dict[tuple[Any, ...], Any] = {}


def _day_counts_statement(dialect: str, lat: Any, words: bool, given: frozenset[str]) -> Any:
    """(start, status, count) of the open incidents that pass the filters, grouped by the
    stored start (in index order, no sort). Built once per combination of filters, as the
    list's statements are, so fastsql plans it once (built per request and read through
    SQLAlchemy's result rows it cost ~6 ms more than SQLite's ~3.5 ms for 848 incidents)."""
    key = ("days", dialect, words, given)
    found = _TIMELINE.get(key)
    if found is None:
        query = _indexed_filter(dialect, lat, False, words, False, given)
        found = _TIMELINE[key] = query.with_only_columns(
            lat.c.period_start, lat.c.status, COUNT
        ).group_by(lat.c.period_start, lat.c.status)
    return found


def _candidates_statement(dialect: str, lat: Any, given: frozenset[str]) -> Any:
    """(row id, incident id, start, status) of the open incidents among the trigram index's
    candidates that pass the filters, in the list's date order (sorting a few hundred rows
    costs SQLite ~nothing): counted and paged by the caller. Built once per combination."""
    key = ("candidates", dialect, given)
    found = _TIMELINE.get(key)
    if found is None:
        query = _indexed_filter(dialect, lat, False, True, True, given)
        found = _TIMELINE[key] = query.with_only_columns(
            lat.c.row_id, lat.c.incident_id, lat.c.period_start, lat.c.status
        ).order_by(lat.c.period_start, lat.c.incident_id)
    return found


# The version's columns a list row shows.
_LISTED = (
    "incident_id",
    "title",
    "incident_type",
    "status",
    "state",
    "period_start",
    "period_end",
    "period_precision",
    "places",
)


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
    date_from: str | None = None,
    date_to: str | None = None,
    known_total: int | None = None,
    known_phrase: tuple[str | None] | None = None,
    known_page: list[int] | None = None,
) -> dict[str, Any]:
    """A page of the open incidents; ``known_total``, ``known_phrase`` (the trigram phrase
    for ``q``, in a 1-tuple since None is a valid answer) and ``known_page`` (the row ids of
    this page, in order) are passed by a caller that has already counted the list, looked
    ``q`` up or picked the page, so they are not computed twice."""
    filters: dict[str, Any] = {
        "q": q,
        "status": status,
        "type": kind,
        "closed": include_closed or None,
    }
    if date_from or date_to:
        filters.update({"from": date_from, "to": date_to})
    if not stage_ready(conn, "case"):
        return {"available": False, "incidents": [], "paging": paging.info(0), "filters": filters}
    from casefile.web.incident_index import current

    lat = current(conn)
    if lat is not None and not kind:
        return _indexed_incidents(
            conn,
            lat,
            paging,
            filters,
            q,
            status,
            include_closed,
            order,
            date_from,
            date_to,
            known_total,
            known_phrase,
            known_page,
        )
    query, iv, lat = _latest_versions(conn, include_closed)
    cols = lat if lat is not None else iv
    if q:
        like = f"%{q.strip()}%"
        query = query.where(_mentions(conn.dialect.name, cols, like))
    if status:
        query = query.where(cols.c.status == status)
    if kind:
        query = query.where(iv.c.incident_type == kind)
    query = _in_period(query, cols, date_from, date_to)
    total = known_total
    if total is None:
        counted = query
        total = memo_count(
            ("incidents", q, status, kind, include_closed, date_from, date_to),
            lambda: int(conn.execute(select(COUNT).select_from(counted.subquery())).scalar_one()),
        )
    if order == "date":
        # Undated incidents sort first on SQLite and last on PostgreSQL (the index decides).
        query = query.order_by(cols.c.period_start, cols.c.incident_id)
    else:
        query = query.order_by(cols.c.incident_id.desc())
    query = query.limit(paging.per_page).offset(paging.offset)
    rows = list(conn.execute(query).all())
    return {
        "available": True,
        "incidents": [_incident_row(r) for r in rows],
        "paging": paging.info(total),
        "filters": filters,
    }


def _like_any_case(dialect: str, col: Any, pattern: Any) -> Any:
    """``col`` LIKE the pattern with letters case-folded on both databases: SQLite's LIKE
    folds ASCII; PostgreSQL's LIKE is case-sensitive, so there ILIKE (every letter its locale
    knows)."""
    return col.ilike(pattern) if dialect == "postgresql" else col.like(pattern)


def _mentions(dialect: str, cols: Any, pattern: Any) -> Any:
    """Title or places LIKE the pattern, case-folded (``_like_any_case``)."""
    return or_(
        _like_any_case(dialect, cols.c.title, pattern),
        _like_any_case(dialect, cols.c.places, pattern),
    )


def _is_open(lat: Any, narrowed: bool) -> Any:
    """state = 'open'; among the trigram index's candidates as "+state", so that SQLite reads
    each candidate by its row id instead of through the state index, where it looked every
    candidate up again and sorted them (848 of 10,000: count 0.9 -> 0.5 ms, page 1.2 -> 0.2)."""
    if not narrowed:
        return lat.c.state == "open"
    return literal_column(f"+{lat.name}.state") == "open"


def _in_period(query: Any, iv: Any, date_from: str | None, date_to: str | None) -> Any:
    """Incidents whose period overlaps [date_from, date_to] (ISO dates, either may be open)."""
    if date_from:
        query = query.where(func.coalesce(iv.c.period_end, iv.c.period_start) >= date_from)
    if date_to:
        query = query.where(iv.c.period_start <= date_to + "\uffff")
    return query


def timeline_page(
    conn: Connection,
    paging: Paging,
    q: str | None = None,
    status: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
) -> dict[str, Any]:
    """The incidents in date order with two SVG charts: how many incidents per day, week or
    month over the whole filtered range (each bar narrows the view to its period), and the
    page's incidents as bars from start to end of their period."""
    if not stage_ready(conn, "case"):
        data = incidents_page(conn, paging, q, status, order="date")
        data.update({"histogram": None, "lanes": None, "colours": STATUS_COLOURS})
        return data
    from casefile.web.incident_index import current, stored_histogram

    days: list[tuple[Any, Any, int]] = []
    ready = None
    known_phrase: tuple[str | None] | None = None
    known_page: list[int] | None = None
    if not q and not date_from and not date_to and current(conn) is not None:
        ready = stored_histogram(conn, status)  # kept with the derived table
    else:
        # Grouped by the stored value; the histogram adds them up by day.
        days, known_phrase, known_page = _day_counts(conn, q, status, date_from, date_to, paging)
    # The histogram counts every matching incident once: its sum is the list's total.
    data = incidents_page(
        conn,
        paging,
        q,
        status,
        order="date",
        date_from=date_from,
        date_to=date_to,
        known_total=ready[1] if ready else sum(n for _, _, n in days),
        known_phrase=known_phrase,
        known_page=known_page,
    )
    data["histogram"] = ready[0] if ready else histogram(days)
    data["lanes"] = lanes(data["incidents"])
    data["colours"] = STATUS_COLOURS
    return data


def _day_counts(
    conn: Connection,
    q: str | None,
    status: str | None,
    date_from: str | None,
    date_to: str | None,
    paging: Paging,
) -> tuple[list[tuple[Any, ...]], tuple[str | None] | None, list[int] | None]:
    """(stored start, status, count) of the open incidents that pass the filters, the trigram
    phrase looked up for ``q`` (a 1-tuple, None when not looked up) for the list, which reads
    the same index in this transaction, and the row ids of the page when they were found
    here (else None)."""
    from casefile.web.incident_index import current, trigram_phrase

    lat = current(conn)
    if lat is None:
        query, iv, _ = _latest_versions(conn, False)
        if q:
            query = query.where(_mentions(conn.dialect.name, iv, f"%{q.strip()}%"))
        if status:
            query = query.where(iv.c.status == status)
        query = _in_period(query, iv, date_from, date_to)
        sub = query.with_only_columns(iv.c.period_start, iv.c.status).subquery()
        grouped = select(sub.c.period_start, sub.c.status, COUNT).group_by(
            sub.c.period_start, sub.c.status
        )
        return [tuple(r) for r in conn.execute(grouped)], None, None
    phrase = trigram_phrase(conn, q) if q else None
    params = _indexed_params(q, phrase, status, date_from, date_to)
    given = frozenset(params)
    if phrase is None:
        stmt = _day_counts_statement(conn.dialect.name, lat, bool(q), given)
        return fastsql.tuples(conn, stmt, params), (phrase,) if q else None, None
    # A few hundred candidates, read once for the histogram and the page (grouping them in
    # SQLite, then finding the page's in a second pass over the index, cost ~2 ms more).
    matched = fastsql.tuples(conn, _candidates_statement(conn.dialect.name, lat, given), params)
    counted = Counter((start, st) for _, _, start, st in matched)
    page = [r[0] for r in matched[paging.offset : paging.offset + paging.per_page]]
    return [(d, st, n) for (d, st), n in counted.items()], (phrase,), page


def _period_last_day(value: Any, precision: Any = None) -> date | None:
    """The last day a period's end names: a month ('2022-03', or any day of it with month
    precision) to its last day, a year to 31 December; a day is itself. A month-precision
    incident is then drawn across its month, not as its first day."""
    import calendar

    day = parse_day(value)
    if day is None:
        return None
    text = str(value)
    if len(text) == 4 or precision == "year":
        return date(day.year, 12, 31)
    if len(text) == 7 or precision == "month":
        return date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
    return day


def lanes(incidents: list[dict[str, Any]], width: int = 900, row: int = 18) -> dict[str, Any]:
    """The given incidents as bars from the start to the end of their period (one row each)."""
    spans = []
    for i in incidents:
        start = parse_day(i.get("period_start"))
        if start is None:
            continue
        end = _period_last_day(i.get("period_end") or i.get("period_start"), i.get("precision"))
        spans.append((i, start, end if end is not None and end >= start else start))
    if not spans:
        return {"rows": [], "width": width, "height": 0}
    d0 = min(s for _, s, _ in spans).toordinal()
    # At least a week wide, so that a page of one-day incidents does not draw full-width bars.
    d1 = max(max(e for _, _, e in spans).toordinal() + 1, d0 + 7)
    left, right = 260, 12
    scale = (width - left - right) / max(d1 - d0, 1)
    rows = []
    for n, (i, start, end) in enumerate(spans):
        x = left + (start.toordinal() - d0) * scale
        w = max((end.toordinal() + 1 - start.toordinal()) * scale, 3)
        rows.append(
            {
                "id": i["id"],
                "label": str(i["title"])[:40],
                "status": i["status"],
                "colour": STATUS_COLOURS.get(str(i["status"]), "#777777"),
                "start": start.isoformat(),
                "end": end.isoformat(),
                "x": round(x, 1),
                "y": 24 + n * row,
                "width": round(w, 1),
            }
        )
    return {
        "rows": rows,
        "width": width,
        "height": 32 + len(rows) * row,
        "first": date.fromordinal(d0).isoformat(),
        "last": date.fromordinal(d1 - 1).isoformat(),
        "left": left,
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
    query, iv, lat = _latest_versions(conn, False)
    cols = lat if lat is not None else iv
    features = []
    for r in conn.execute(query.order_by(cols.c.incident_id).limit(limit)):
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

NAME_COUNT_LIMIT = 1000


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
    from casefile.people.schema import victim_lists
    from casefile.people.schema import victim_records as vr

    query = select(vr.c.id)
    found = None
    names = None
    if q and q.strip():
        # Anywhere in any name field, in any script (see casefile.web.name_index), or a
        # record id exactly.
        from casefile.web.name_index import TABLE, match_ids, match_sql

        if has_table(conn, TABLE):
            if not (source or status or place):
                names = match_sql(conn, q)
            else:
                found = match_ids(conn, q)
        # A record id is unique per list: through that index (list_id is never NULL), not a
        # scan of every record for the id alone.
        exact = vr.c.list_id.in_(select(victim_lists.c.id)) & (vr.c.record_id == q.strip())
        query = query.where(or_(exact, vr.c.id.in_(found)) if found is not None else exact)
    if source:
        query = query.where(vr.c.source == source)
    if status:
        query = query.where(vr.c.status == status)
    if place:
        query = query.where(_like_any_case(conn.dialect.name, vr.c.place, f"%{place.strip()}%"))
    at_least = False
    fixed = _victim_statements()
    if names is not None and q:
        # Names only: page through the name index in id order (no set of every match). The
        # statements are SQL text of the search's shape, planned once per shape (fastsql):
        # built and compiled by SQLAlchemy per request they cost about as much as SQLite.
        sql, words = names
        params: dict[str, Any] = dict(words)
        exact_ids = fastsql.scalars(conn, fixed["exact"], {"rid": q.strip()})
        rest = f"SELECT pk FROM ({sql}) hits"
        if exact_ids:
            rest += " WHERE pk NOT IN :exact"
            params = {**params, "exact": exact_ids}
        skip = max(paging.offset - len(exact_ids), 0)
        first = exact_ids[paging.offset : paging.offset + paging.per_page]
        more = paging.per_page - len(first)
        page_of = _name_statement(f"{rest} ORDER BY pk LIMIT :n OFFSET :o", "pk", bool(exact_ids))
        ids = first + fastsql.scalars(conn, page_of, {**params, "n": more, "o": skip})
        if len(ids) < paging.per_page and (ids or paging.offset == 0):
            total = paging.offset + len(ids)  # the last page: its rows say how many there are
        else:
            # Counted up to NAME_COUNT_LIMIT: counting every one of 50,000 matches of a
            # common name part took 20-35 ms per request; past the limit the page says "more
            # than" and pages on while pages are full.
            limit = max(NAME_COUNT_LIMIT, paging.offset + paging.per_page)
            capped = _name_statement(
                f"SELECT count(*) AS n FROM ({rest} LIMIT :cap) capped", "n", bool(exact_ids)
            )
            n = memo_count(
                ("victims", q, limit),
                lambda: int(fastsql.scalars(conn, capped, {**params, "cap": limit + 1})[0]),
            )
            at_least = n > limit
            total = len(exact_ids) + min(n, limit)
    else:
        counted = query
        total = memo_count(
            ("victims", q, source, status, place),
            lambda: int(conn.execute(select(COUNT).select_from(counted.subquery())).scalar_one()),
        )
        ids = list(
            conn.execute(
                query.order_by(vr.c.id).limit(paging.per_page).offset(paging.offset)
            ).scalars()
        )
    found_run = fastsql.scalars(conn, fixed["latest_run"])[0]
    run_id = int(found_run) if found_run is not None else None
    persons: dict[int, str] = {}
    if run_id is not None and ids:
        persons = {
            r.record_pk: r.person_id
            for r in fastsql.rows(conn, fixed["persons"], {"run": run_id, "ids": ids})
        }
    rows = fastsql.rows(conn, _records_in(), {"ids": ids}) if ids else []
    sources = fastsql.scalars(conn, fixed["sources"])
    return {
        "available": True,
        "records": [{**_named(r), "person_id": persons.get(r.id)} for r in rows],
        "paging": paging.info(total, at_least),
        "filters": filters,
        "sources": sources,
        "run_id": run_id,
    }


# The fields of a source record that the person pages show (and read).
_PUBLIC_RECORD_FIELDS = (
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
_NAME_PARTS = ("family_name", "given_name", "patronymic")
_RECORDS_IN: list[Any] = []


def _named(row: Any) -> dict[str, Any]:
    """A record's public fields, its ``full_name`` made of the separate name columns when the
    list gave those instead (police lists: family, given, patronymic), said by
    ``name_from_parts``."""
    from casefile.people.registry import display_name

    rec = dict(row if isinstance(row, dict) else row._mapping)
    if not (rec.get("full_name") or "").strip():
        name = display_name(rec)
        if name:
            rec["full_name"] = name
            rec["name_from_parts"] = True
    for k in _NAME_PARTS:
        rec.pop(k, None)
    return rec


_VICTIM_STATEMENTS: dict[str, Any] = {}


def _victim_statements() -> dict[str, Any]:
    """The victim list's fixed statements, built once (fastsql plans each once): the latest
    linkage run (as ``casefile.people.review.latest_run_id``), the page's persons, the
    sources."""
    if not _VICTIM_STATEMENTS:
        from casefile.people.schema import linkage_runs, person_members, victim_lists
        from casefile.people.schema import victim_records as vr

        pm = person_members
        _VICTIM_STATEMENTS.update(
            # A record id is unique per list: through that index (list_id is never NULL).
            exact=select(vr.c.id).where(
                vr.c.list_id.in_(select(victim_lists.c.id)), vr.c.record_id == bindparam("rid")
            ),
            latest_run=select(func.max(linkage_runs.c.id)),
            persons=select(pm.c.record_pk, pm.c.person_id).where(
                pm.c.run_id == bindparam("run"),
                pm.c.record_pk.in_(bindparam("ids", expanding=True)),
            ),
            sources=select(victim_lists.c.source).order_by(victim_lists.c.id),
        )
    return _VICTIM_STATEMENTS


_NAME_STATEMENTS: dict[tuple[str, str, bool], Any] = {}


def _name_statement(sql: str, column_name: str, exact: bool) -> Any:
    """The statement of this SQL text (one integer column), kept per text so that fastsql plans
    it once; up to 512 texts (a name search has a few shapes), then made per request."""
    key = (sql, column_name, exact)
    found = _NAME_STATEMENTS.get(key)
    if found is None:
        clause = text(sql)
        if exact:
            clause = clause.bindparams(bindparam("exact", expanding=True))
        found = clause.columns(column(column_name, Integer))
        if len(_NAME_STATEMENTS) < 512:
            _NAME_STATEMENTS[key] = found
    return found


def _records_in() -> Any:
    """The page's records by id: built once, with an expanding parameter (no coercion of every
    id on every request)."""
    if not _RECORDS_IN:
        from casefile.people.schema import victim_records as vr

        _RECORDS_IN.append(
            select(*(vr.c[c] for c in ("id", *_PUBLIC_RECORD_FIELDS, *_NAME_PARTS)))
            .where(vr.c.id.in_(bindparam("ids", expanding=True)))
            .order_by(vr.c.id)
        )
    return _RECORDS_IN[0]


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
        "conflicts": _conflicts(records),
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
    return {k: rec.get(k) for k in (*_PUBLIC_RECORD_FIELDS, *_NAME_PARTS)}


RELINK_NOTE = (
    "The decision is recorded; persons, counts and estimates change at the next linkage run "
    "('casefile victims link'), which applies every decision."
)


def decision_done(conn: Connection, seq: int) -> dict[str, Any] | None:
    """What the review decision recorded as ledger event ``seq`` was, with the records' names,
    and that it takes effect at the next linkage run. None if ``seq`` is no such event."""
    from casefile.people.review import resolve_ref
    from casefile.people.schema import victim_records as vr
    from casefile.vault.schema import ledger_entries as le

    # By its sequence number and the signed body's kind (not the unsigned kind column).
    row = conn.execute(select(le.c.seq, le.c.body).where(le.c.seq == seq)).one_or_none()
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
