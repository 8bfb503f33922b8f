"""The dashboard, evidence items (list, item, raw bytes, upload, verify) and the ledger."""

from __future__ import annotations

from typing import Any

from fastapi import Depends, Query, Request
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, Response

from casefile.vault.catalog import GRAPHIC_TAG, resolve_item
from casefile.web import queries, stage_queries
from casefile.web.pages import (
    Routes,
    acting,
    check_csrf,
    error,
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
from casefile.web.roles import allowed
from casefile.web.security import Principal
from casefile.web.upload import UploadTooLarge, store_uploads, too_large

routes = Routes()


@routes.page("/")
def dashboard(request: Request, p: Principal = Depends(need("dashboard.view"))) -> Response:
    with read(request) as conn:
        data = queries.dashboard(state(request).ws, conn)
        data["stages"] = stage_queries.summaries(conn)
    return page(request, "dashboard.html", p, data)


@routes.page("/items")
def items_list(
    request: Request,
    p: Principal = Depends(need("items.view")),
    q: str | None = text_filter(),
    media: str | None = text_filter(),
    tag: str | None = text_filter(),
    page_no: int = page_no(),
    per_page: int = per_page(),
) -> Response:
    with read(request) as conn:
        data = queries.items_page(conn, Paging(page_no, per_page), q, media, tag)
    return page(request, "items.html", p, data)


@routes.page("/items/{ref}")
def item_page(request: Request, ref: str, p: Principal = Depends(need("items.view"))) -> Response:
    with read(request) as conn:
        sha = resolve_item(conn, ref)
        data = queries.item_detail(state(request).ws, conn, sha)
    if not allowed(p.role, "items.raw"):
        data["preview"] = {"kind": "none", "reason": "your role does not see item contents"}
    again = request.query_params.get("received_again", "")
    if again.isascii() and again.isdigit() and len(again) < 15:
        data["received_again"] = int(again)
    return page(request, "item.html", p, data)


@routes.get("/items/{ref}/raw")
def item_raw(request: Request, ref: str, p: Principal = Depends(need("items.raw"))) -> Response:
    with read(request) as conn:
        sha = resolve_item(conn, ref)
        media = queries.item_detail_media(conn, sha)
    # Served under a sandbox policy: a preserved web page cannot run script here.
    return FileResponse(
        state(request).ws.blobs.path_for(sha),
        media_type=media,
        headers={
            "Content-Security-Policy": "sandbox; default-src 'none'; img-src data:; "
            "style-src 'unsafe-inline'",
            "Content-Disposition": "inline",
        },
    )


@routes.get("/upload")
def upload_form(request: Request, p: Principal = Depends(need("items.upload"))) -> Response:
    return render(request, "upload.html", {"max_upload": state(request).max_upload})


@routes.post("/items/upload")
async def upload(request: Request, p: Principal = Depends(need("items.upload"))) -> Response:
    st = state(request)
    ctype = request.headers.get("content-type", "")
    if not ctype.startswith("multipart/form-data"):
        return error(
            request,
            415,
            "an upload must be sent as multipart/form-data "
            f"(got {ctype[:60] or 'no content type'})",
        )
    length = request.headers.get("content-length")
    if length and length.isascii() and length.isdigit() and int(length) > st.max_upload:
        return error(request, 413, too_large(st.max_upload))
    try:
        form = await request.form(max_files=50, max_fields=20)
    except Exception as exc:
        if _find(exc, UploadTooLarge) is not None:
            return error(request, 413, too_large(st.max_upload))
        return error(request, 400, f"the upload form could not be read: {_reason(exc)}")
    csrf = form.get("csrf")
    check_csrf(p, csrf if isinstance(csrf, str) else request.headers.get("x-csrf-token"))
    files = [
        (f.filename or "upload", f.file) for f in form.getlist("file") if not isinstance(f, str)
    ]
    label = form.get("label")
    tags_raw = form.get("tags")
    tags = (
        [t.strip() for t in tags_raw.split(",") if t.strip()] if isinstance(tags_raw, str) else []
    )
    if form.get("graphic"):  # the form's checkbox: the 'graphic' tag, images shown blurred
        tags.append(GRAPHIC_TAG)
    results = await run_action(
        store_uploads,
        acting(st.ws, p),
        files,
        label if isinstance(label, str) and label.strip() else None,
        tags,
    )
    await form.close()
    out = [
        {
            "name": r.source,
            "status": r.status,
            "sha256": r.sha256,
            "message": r.message,
            "seq": r.seq,
        }
        for r in results
    ]
    if is_api(request) or "application/json" in request.headers.get("accept", ""):
        return JSONResponse({"results": out})
    if len(out) == 1 and out[0]["sha256"]:
        again = f"?received_again={out[0]['seq']}" if out[0]["status"] == "duplicate" else ""
        return RedirectResponse(f"/items/{out[0]['sha256']}{again}", status_code=303)
    return RedirectResponse("/items", status_code=303)


@routes.post("/items/{ref}/verify")
async def verify(
    request: Request, ref: str, p: Principal = Depends(need("items.verify"))
) -> Response:
    supplied = request.headers.get("x-csrf-token")
    if supplied is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form(max_files=0, max_fields=5)
        value = form.get("csrf")
        supplied = value if isinstance(value, str) else None
    check_csrf(p, supplied)
    ws = state(request).ws

    def run() -> dict[str, Any]:
        with ws.db.read() as conn:
            sha = resolve_item(conn, ref)
        return queries.verify_one(acting(ws, p), sha)

    data = await run_action(run)
    if is_api(request):
        return JSONResponse(data, status_code=200)
    return render(request, "verify.html", data)


@routes.page("/ledger")
def ledger(
    request: Request,
    p: Principal = Depends(need("ledger.view")),
    kind: str | None = Query(None, max_length=64),
    item: str | None = Query(None, max_length=64),
    page_no: int = page_no(),
    per_page: int = per_page(),
) -> Response:
    with read(request) as conn:
        data = queries.ledger_page(conn, Paging(page_no, per_page), kind, item)
    return page(request, "ledger.html", p, data)


def _find(exc: BaseException, kind: type[BaseException]) -> BaseException | None:
    """``exc`` or an exception of ``kind`` inside it (exception groups, causes)."""
    seen: list[BaseException] = [exc]
    while seen:
        e = seen.pop()
        if isinstance(e, kind):
            return e
        if isinstance(e, BaseExceptionGroup):
            seen.extend(e.exceptions)
        for nxt in (e.__cause__, e.__context__):
            if nxt is not None:
                seen.append(nxt)
    return None


def _reason(exc: BaseException) -> str:
    while isinstance(exc, BaseExceptionGroup) and exc.exceptions:
        exc = exc.exceptions[0]
    return str(exc)[:300] or type(exc).__name__
