"""Routes for incidents, map and timeline (case), victims (people) and witnesses (witness).

Registered by ``create_app`` with its helpers, so they follow the same rules as every page:
one action of the role matrix per route, HTML and a JSON twin, redaction, CSRF on POST.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Any

from fastapi import Depends, FastAPI, Form, Path, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from casefile.errors import CasefileError
from casefile.web import stage_queries as sq
from casefile.web.incident_index import catch_up
from casefile.web.queries import MAX_PER_PAGE, NO_NUL, Paging
from casefile.web.security import Principal

DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
_WORD = re.compile(r"[^\W\d_]{2,}")


def reveal_reason(reason: str) -> str:
    """A reason to reveal a witness, in words: invisible characters (zero-width spaces,
    direction marks) removed, spaces collapsed, and at least two different words of two or more
    letters, in any script, that are not one letter repeated ("aaaa", "..." or "x" are refused).
    """
    text = " ".join(
        "".join(ch for ch in reason if unicodedata.category(ch) not in ("Cf", "Cc", "Co")).split()
    )
    words = {w.casefold() for w in _WORD.findall(text) if len(set(w.casefold())) > 1}
    if len(words) < 2:
        raise CasefileError(
            "give the reason for revealing this identity in words (at least two words, such as "
            "'court order 7' or 'consent check with the witness'): it goes in the custody ledger"
        )
    return text


def summaries(conn: Any) -> dict[str, Any]:
    return sq.summaries(conn)


def _page_no() -> Any:
    return Query(1, ge=1, le=1_000_000, alias="page")


def _per_page() -> Any:
    return Query(50, ge=1, le=MAX_PER_PAGE)


def _text() -> Any:
    return Query(None, max_length=200, pattern=NO_NUL)


def register(app: FastAPI, st: Any, **h: Any) -> None:
    Deco = Callable[[Callable[..., Any]], Callable[..., Any]]
    both: Callable[[str, str], Deco] = h["both"]
    post: Callable[[str, str], Deco] = h["post"]
    need: Callable[[str], Any] = h["need"]
    page: Callable[..., Response] = h["page"]
    render: Callable[..., Response] = h["render"]
    check_csrf: Callable[[Principal, str | None], None] = h["check_csrf"]
    acting: Callable[[Any, Principal], Any] = h["acting"]

    @both("/incidents", "incidents.view")
    def incidents(
        request: Request,
        p: Principal = Depends(need("incidents.view")),
        q: str | None = _text(),
        status: str | None = Query(None, max_length=32),
        type: str | None = Query(None, max_length=100),
        closed: bool = Query(False, description="Include merged and split incidents."),
        page_no: int = _page_no(),
        per_page: int = _per_page(),
    ) -> Response:
        with st.ws.db.read() as conn:
            data = sq.incidents_page(conn, Paging(page_no, per_page), q, status, type, closed, "id")
        catch_up(st.ws.db.engine)  # this read found new versions: apply them for the next
        return page(request, "incidents.html", p, data)

    @both("/incidents/{incident_id}", "incidents.view")
    def incident(
        request: Request,
        incident_id: int = Path(..., ge=1, le=2**31 - 1),
        p: Principal = Depends(need("incidents.view")),
    ) -> Response:
        with st.ws.db.read() as conn:
            data = sq.incident_detail(conn, incident_id)
        return page(request, "incident.html", p, data)

    @both("/timeline", "incidents.view")
    def timeline(
        request: Request,
        p: Principal = Depends(need("incidents.view")),
        q: str | None = _text(),
        status: str | None = Query(None, max_length=32),
        date_from: str | None = Query(None, alias="from", pattern=DATE_PATTERN),
        date_to: str | None = Query(None, alias="to", pattern=DATE_PATTERN),
        page_no: int = _page_no(),
        per_page: int = _per_page(),
    ) -> Response:
        with st.ws.db.read() as conn:
            data = sq.timeline_page(conn, Paging(page_no, per_page), q, status, date_from, date_to)
        catch_up(st.ws.db.engine)  # this read found new versions: apply them for the next
        return page(request, "timeline.html", p, data)

    @both("/map", "incidents.view")
    def map_page(request: Request, p: Principal = Depends(need("incidents.view"))) -> Response:
        with st.ws.db.read() as conn:
            data = sq.incidents_geojson(conn)
        catch_up(st.ws.db.engine)  # this read found new versions: apply them for the next
        return page(request, "map.html", p, data)

    @both("/victims", "victims.view")
    def victims(
        request: Request,
        p: Principal = Depends(need("victims.view")),
        q: str | None = _text(),
        source: str | None = Query(None, max_length=128),
        status: str | None = Query(None, max_length=32),
        place: str | None = _text(),
        page_no: int = _page_no(),
        per_page: int = _per_page(),
    ) -> Response:
        from casefile.web import name_index

        paging = Paging(page_no, per_page)
        with st.ws.db.read() as conn:
            # A name search needs every record in the name index: checked inside the read
            # (one query); records imported since are indexed first, then it reads again.
            fresh = not q or not name_index.behind(conn)
            if fresh:
                data = sq.victims_page(conn, paging, q, source, status, place)
        if not fresh:
            name_index.sync(st.ws.db.engine)
            with st.ws.db.read() as conn:
                data = sq.victims_page(conn, paging, q, source, status, place)
        return page(request, "victims.html", p, data)

    @both("/victims/persons/{person_id}", "victims.view")
    def person(
        request: Request,
        person_id: str = Path(..., max_length=64),
        p: Principal = Depends(need("victims.view")),
    ) -> Response:
        with st.ws.db.read() as conn:
            data = sq.person_detail(conn, person_id)
        return page(request, "person.html", p, data)

    @both("/victims/review", "victims.review")
    def review(
        request: Request,
        p: Principal = Depends(need("victims.review")),
        page_no: int = _page_no(),
        per_page: int = Query(20, ge=1, le=100),
    ) -> Response:
        raw = request.query_params.get("done", "")
        done = int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 15 else None
        with st.ws.db.read() as conn:
            data = sq.review_page(conn, Paging(page_no, per_page), done)
        return page(request, "review.html", p, data)

    @post("/victims/review", "victims.review")
    def review_decide(
        request: Request,
        p: Principal = Depends(need("victims.review")),
        ref_l: str = Form(..., max_length=400),
        ref_r: str = Form(..., max_length=400),
        decision: str = Form(..., pattern="^(same|different|unsure)$"),
        reason: str = Form("", max_length=2000),
        csrf: str = Form("", max_length=200),
    ) -> Response:
        from casefile.people.review import decide

        check_csrf(p, csrf or request.headers.get("x-csrf-token"))
        seq = decide(acting(st.ws, p), ref_l, ref_r, decision, reason)
        if request.url.path.startswith("/api/"):
            return JSONResponse(
                {
                    "event_seq": seq,
                    "decision": decision,
                    "relink_needed": True,
                    "note": sq.RELINK_NOTE,
                }
            )
        return RedirectResponse(f"/victims/review?done={seq}", status_code=303)

    @both("/witnesses", "witnesses.view")
    def witnesses(
        request: Request,
        p: Principal = Depends(need("witnesses.view")),
        q: str | None = _text(),
        page_no: int = _page_no(),
        per_page: int = _per_page(),
    ) -> Response:
        with st.ws.db.read() as conn:
            data = sq.witnesses_page(conn, Paging(page_no, per_page), q)
        return page(request, "witnesses.html", p, data)

    @both("/witnesses/{witness_id}", "witnesses.view")
    def witness(
        request: Request,
        witness_id: str = Path(..., max_length=100),
        p: Principal = Depends(need("witnesses.view")),
    ) -> Response:
        with st.ws.db.read() as conn:
            data = sq.witness_detail(conn, witness_id)
        return page(request, "witness.html", p, data)

    @post("/witnesses/{witness_id}/reveal", "witnesses.reveal")
    async def reveal(
        request: Request,
        witness_id: str = Path(..., max_length=100),
        p: Principal = Depends(need("witnesses.reveal")),
        reason: str = Form("", max_length=2000),
        csrf: str = Form("", max_length=200),
    ) -> Response:
        check_csrf(p, csrf or request.headers.get("x-csrf-token"))
        why = reveal_reason(reason)

        def run() -> dict[str, Any]:
            from casefile.witness.core import reveal_witness
            from casefile.witness.keys import load_keyring

            with st.ws.db.read() as conn:
                wid = sq.witness_detail(conn, witness_id)["id"]
            ring = load_keyring(st.ws)
            return dict(reveal_witness(acting(st.ws, p), ring, wid, why, p.role).as_json())

        from casefile.web.app import run_action

        data = await run_action(run)
        if request.url.path.startswith("/api/"):
            return JSONResponse(data)
        return render(request, "revealed.html", data)
