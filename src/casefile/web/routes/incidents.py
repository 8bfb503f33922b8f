"""Incidents, the timeline and the map (the case stage)."""

from __future__ import annotations

from fastapi import Depends, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import Response

from casefile.web import pictures
from casefile.web import stage_queries as sq
from casefile.web.pages import Routes, need, page, page_no, per_page, read, text_filter
from casefile.web.queries import Paging
from casefile.web.security import Principal

DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
routes = Routes()


@routes.page("/incidents")
def incidents(
    request: Request,
    p: Principal = Depends(need("incidents.view")),
    q: str | None = text_filter(),
    status: str | None = Query(None, max_length=32),
    type: str | None = Query(None, max_length=100),
    closed: bool = Query(False, description="Include merged and split incidents."),
    page_no: int = page_no(),
    per_page: int = per_page(),
) -> Response:
    with read(request) as conn:
        data = sq.incidents_page(conn, Paging(page_no, per_page), q, status, type, closed)
    return page(request, "incidents.html", p, data)


@routes.page("/incidents/{incident_id}")
def incident(
    request: Request,
    incident_id: int = PathParam(..., ge=1, le=2**31 - 1),
    p: Principal = Depends(need("incidents.view")),
) -> Response:
    with read(request) as conn:
        data = sq.incident_detail(conn, incident_id)
    return page(request, "incident.html", p, data)


@routes.page("/timeline")
def timeline(
    request: Request,
    p: Principal = Depends(need("incidents.view")),
    q: str | None = text_filter(),
    status: str | None = Query(None, max_length=32),
    date_from: str | None = Query(None, alias="from", pattern=DATE_PATTERN),
    date_to: str | None = Query(None, alias="to", pattern=DATE_PATTERN),
    page_no: int = page_no(),
    per_page: int = per_page(),
) -> Response:
    with read(request) as conn:
        data = sq.timeline_page(conn, Paging(page_no, per_page), q, status, date_from, date_to)
    return page(request, "timeline.html", p, data)


@routes.page("/map")
def map_page(request: Request, p: Principal = Depends(need("incidents.view"))) -> Response:
    with read(request) as conn:
        data = pictures.map_layers(conn, sq.incidents_geojson(conn))
    return page(request, "map.html", p, data)
