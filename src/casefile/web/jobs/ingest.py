"""Ingest a report in the browser: files uploaded or web addresses captured, preserved in the
vault, cleaned and their facts extracted; then the incidents the extraction proposes, to
confirm. The same work as ``casefile ingest FILE|URL --published D --tag T``: uploads go
through the upload page's acquirer (``web.upload.store_uploads``), addresses through
``ingest.pipeline.ingest_sources``, and every new item through ``ingest_item``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import Depends, Request
from fastapi.responses import Response
from sqlalchemy import select

from casefile.errors import CasefileError
from casefile.web.jobs.common import (
    Job,
    as_user,
    files,
    need,
    read_form,
    refused,
    render,
    run_action,
    text,
    workspace,
)
from casefile.web.jobs.incidents import proposals_data
from casefile.web.security import Principal

job = Job()
router = job.router
MAX_URLS = 20


def published_date(value: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CasefileError(f"the publication date {value!r} is not a date (YYYY-MM-DD)") from None


def web_addresses(value: str) -> list[str]:
    """Addresses one a line; only http(s): a path on the server is never read from here."""
    found = [line.strip() for line in value.splitlines() if line.strip()]
    for url in found:
        if not url.lower().startswith(("http://", "https://")) or " " in url:
            raise CasefileError(
                f"{url[:200]!r} is not a web address (http:// or https://): to ingest a file, "
                "choose it with the file field"
            )
    if len(found) > MAX_URLS:
        raise CasefileError(f"at most {MAX_URLS} addresses at once (got {len(found)})")
    return found


def _form_data() -> dict[str, Any]:
    return {"form": {}}


@job.get("/jobs/ingest", "ingest.run")
def ingest_form(request: Request, p: Principal = Depends(need("ingest.run"))) -> Response:
    return render(
        request,
        "jobs/ingest.html",
        {**_form_data(), "max_upload": request.app.state.web.max_upload},
    )


def _already_ingested(request: Request, sha: str) -> int | None:
    from casefile.ingest.schema import documents

    with workspace(request).db.read() as conn:
        found = conn.execute(
            select(documents.c.id)
            .where(documents.c.item_sha256 == sha)
            .order_by(documents.c.id.desc())
            .limit(1)
        ).scalar_one_or_none()
    return None if found is None else int(found)


def run_ingest(
    request: Request,
    p: Principal,
    uploads: list[tuple[str, Any]],
    urls: list[str],
    published: date | None,
    label: str | None,
    tags: list[str],
) -> list[dict[str, Any]]:
    """Preserves and extracts each upload and address; one row per source, in order."""
    from casefile.ingest.pipeline import ingest_item, ingest_sources
    from casefile.vault.acquire import AddOptions
    from casefile.web.upload import store_uploads

    ws = as_user(request, p)
    rows: list[dict[str, Any]] = []
    if uploads:
        for added in store_uploads(ws, uploads, label, tags):
            row: dict[str, Any] = {"source": added.source, "sha256": added.sha256}
            if added.sha256 is None:
                rows.append({**row, "error": added.message})
                continue
            known = _already_ingested(request, added.sha256)
            if added.status == "duplicate" and known is not None:
                rows.append(
                    {
                        **row,
                        "document": known,
                        "note": f"{added.message}; its facts were extracted before "
                        f"(source {known}), so they were not extracted again",
                    }
                )
                continue
            rows.append(_row(ingest_item(ws, added.sha256, added.source, published)))
    for url in urls:
        opts = AddOptions(label=label, tags=tags, timeout=30.0)
        rows.extend(_row(r) for r in ingest_sources(ws, [url], published, opts))
    return rows


def _row(r: Any) -> dict[str, Any]:
    return {
        "source": r.source,
        "sha256": r.sha256,
        "document": r.document_id,
        "language": r.language,
        "counts": {k: v for k, v in r.counts.items() if v},
        "warnings": r.warnings,
        "error": r.error,
    }


@job.post("/jobs/ingest", "ingest.run")
async def ingest(request: Request, p: Principal = Depends(need("ingest.run"))) -> Response:
    data: dict[str, Any] = {**_form_data(), "max_upload": request.app.state.web.max_upload}
    multipart = request.headers.get("content-type", "").startswith("multipart/form-data")
    form = await read_form(request, p, max_files=20 if multipart else 0)
    chosen = files(form) if multipart else []
    try:
        f = data["form"] = {
            "urls": text(form, "urls", 20_000),
            "published": text(form, "published", 20),
            "label": text(form, "label", 500),
            "tags": text(form, "tags", 500),
        }
        urls = web_addresses(f["urls"])
        published = published_date(f["published"])
        tags = [t.strip() for t in f["tags"].split(",") if t.strip()]
        if not chosen and not urls:
            raise CasefileError("choose a report file or give a web address (or both)")
    except CasefileError as exc:
        return refused(request, "jobs/ingest.html", data, str(exc))
    uploads = [(u.filename or "upload", u.file) for u in chosen]
    try:
        rows = await run_action(
            run_ingest, request, p, uploads, urls, published, f["label"] or None, tags
        )
    except CasefileError as exc:
        return refused(request, "jobs/ingest.html", data, str(exc))
    finally:
        await form.close()
    shas = [r["sha256"] for r in rows if r.get("sha256")]
    result = {"rows": rows, **proposals_data(request, shas)}
    status = 200 if any(not r.get("error") for r in rows) else 400
    return render(request, "jobs/ingest_done.html", result, status)


# ---- capture web pages as evidence (no extraction) ----------------------------------------------


@job.get("/jobs/capture", "items.upload")
def capture_form(request: Request, p: Principal = Depends(need("items.upload"))) -> Response:
    return render(request, "jobs/capture.html", _form_data())


def capture_pages(ws: Any, urls: list[str], label: str | None, tags: list[str]) -> list[Any]:
    """``casefile add URL... --label L --tag T``: each page preserved with its headers (WARC)."""
    from casefile.vault.acquire import AddOptions, add_sources

    return add_sources(ws, urls, AddOptions(label=label, tags=tags, timeout=30.0))


@job.post("/jobs/capture", "items.upload")
async def capture(request: Request, p: Principal = Depends(need("items.upload"))) -> Response:
    form = await read_form(request, p)
    data = _form_data()
    try:
        f = data["form"] = {
            "urls": text(form, "urls", 20_000),
            "label": text(form, "label", 500),
            "tags": text(form, "tags", 500),
        }
        urls = web_addresses(f["urls"])
        if not urls:
            raise CasefileError("give at least one web address (http:// or https://)")
        tags = [t.strip() for t in f["tags"].split(",") if t.strip()]
    except CasefileError as exc:
        return refused(request, "jobs/capture.html", data, str(exc))
    try:
        results = await run_action(
            capture_pages, as_user(request, p), urls, f["label"] or None, tags
        )
    except CasefileError as exc:
        return refused(request, "jobs/capture.html", data, str(exc))
    rows = [
        {"source": r.source, "status": r.status, "message": r.message, "sha256": r.sha256}
        for r in results
    ]
    status = 200 if any(r["sha256"] for r in rows) else 400
    return render(request, "jobs/capture.html", {**_form_data(), "rows": rows}, status)
