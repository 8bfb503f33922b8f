"""Witnesses: pseudonyms, and revealing an identity with a reason (the witness stage)."""

from __future__ import annotations

from typing import Any

from fastapi import Depends, Form, Request
from fastapi import Path as PathParam
from fastapi.responses import JSONResponse, Response

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
    render,
    run_action,
    state,
    text_filter,
)
from casefile.web.queries import Paging
from casefile.web.security import Principal
from casefile.witness.core import reveal_witness
from casefile.witness.keys import load_keyring
from casefile.words import reason_in_words

routes = Routes()


def reveal_reason(reason: str) -> str:
    """A reason to reveal a witness, in words (``casefile.words.reason_in_words``): invisible
    characters removed, spaces collapsed, and at least two different words of two or more
    letters, in any script, that are not one letter repeated ("aaaa", "..." or "x" are refused).
    """
    return reason_in_words(
        reason,
        "give the reason for revealing this identity in words (at least two words, such as "
        "'court order 7' or 'consent check with the witness'): it goes in the custody ledger",
    )


@routes.page("/witnesses")
def witnesses(
    request: Request,
    p: Principal = Depends(need("witnesses.view")),
    q: str | None = text_filter(),
    page_no: int = page_no(),
    per_page: int = per_page(),
) -> Response:
    with read(request) as conn:
        data = sq.witnesses_page(conn, Paging(page_no, per_page), q)
    return page(request, "witnesses.html", p, data)


@routes.page("/witnesses/{witness_id}")
def witness(
    request: Request,
    witness_id: str = PathParam(..., max_length=100),
    p: Principal = Depends(need("witnesses.view")),
) -> Response:
    with read(request) as conn:
        data = sq.witness_detail(conn, witness_id)
    return page(request, "witness.html", p, data)


@routes.post("/witnesses/{witness_id}/reveal")
async def reveal(
    request: Request,
    witness_id: str = PathParam(..., max_length=100),
    p: Principal = Depends(need("witnesses.reveal")),
    reason: str = Form("", max_length=2000),
    csrf: str = Form("", max_length=200),
) -> Response:
    check_csrf(p, csrf or request.headers.get("x-csrf-token"))
    why = reveal_reason(reason)
    ws = state(request).ws

    def run() -> dict[str, Any]:
        with ws.db.read() as conn:
            wid = sq.witness_detail(conn, witness_id)["id"]
        ring = load_keyring(ws)
        return dict(reveal_witness(acting(ws, p), ring, wid, why, p.role).as_json())

    data = await run_action(run)
    if is_api(request):
        return JSONResponse(data)
    return render(request, "revealed.html", data)
