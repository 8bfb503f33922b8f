"""The victim registry, persons and the review queue (the people stage)."""

from __future__ import annotations

from fastapi import Depends, Form, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import JSONResponse, RedirectResponse, Response

from casefile.people.review import decide
from casefile.web import stage_queries as sq
from casefile.web.pages import (
    Routes,
    acting,
    check_csrf,
    is_api,
    need,
    page,
    page_no,
    per_page,
    read,
    state,
    text_filter,
)
from casefile.web.queries import Paging
from casefile.web.security import Principal

routes = Routes()


@routes.page("/victims")
def victims(
    request: Request,
    p: Principal = Depends(need("victims.view")),
    q: str | None = text_filter(),
    source: str | None = Query(None, max_length=128),
    status: str | None = Query(None, max_length=32),
    place: str | None = text_filter(),
    page_no: int = page_no(),
    per_page: int = per_page(),
) -> Response:
    with read(request) as conn:
        data = sq.victims_page(conn, Paging(page_no, per_page), q, source, status, place)
    return page(request, "victims.html", p, data)


@routes.page("/victims/persons/{person_id}")
def person(
    request: Request,
    person_id: str = PathParam(..., max_length=64),
    p: Principal = Depends(need("victims.view")),
) -> Response:
    with read(request) as conn:
        data = sq.person_detail(conn, person_id)
    return page(request, "person.html", p, data)


@routes.page("/victims/review")
def review(
    request: Request,
    p: Principal = Depends(need("victims.review")),
    page_no: int = page_no(),
    per_page: int = Query(20, ge=1, le=100),
) -> Response:
    raw = request.query_params.get("done", "")
    done = int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 15 else None
    with read(request) as conn:
        data = sq.review_page(conn, Paging(page_no, per_page), done)
    return page(request, "review.html", p, data)


@routes.post("/victims/review")
def review_decide(
    request: Request,
    p: Principal = Depends(need("victims.review")),
    ref_l: str = Form(..., max_length=400),
    ref_r: str = Form(..., max_length=400),
    decision: str = Form(..., pattern="^(same|different|unsure)$"),
    reason: str = Form("", max_length=2000),
    csrf: str = Form("", max_length=200),
) -> Response:
    check_csrf(p, csrf or request.headers.get("x-csrf-token"))
    seq = decide(acting(state(request).ws, p), ref_l, ref_r, decision, reason)
    if is_api(request):
        return JSONResponse(
            {"event_seq": seq, "decision": decision, "relink_needed": True, "note": sq.RELINK_NOTE}
        )
    return RedirectResponse(f"/victims/review?done={seq}", status_code=303)
