"""The law of an incident in the browser: crimes alleged under a Rome Statute article, the
evidence for each of their elements, and alleged perpetrators with the source that alleges
them. The same functions as ``casefile incident legal add | element`` (``case.legal``) and
``casefile incident perpetrator add`` (``case.perpetrators.allege``), the same events."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import Depends, Request
from fastapi import Path as PathParam
from fastapi.responses import Response

from casefile.errors import CasefileError
from casefile.web.jobs.common import (
    Job,
    as_user,
    attempt,
    done,
    need,
    read_form,
    refused,
    render,
    text,
    whole,
    workspace,
)
from casefile.web.jobs.incidents import incident_of, permitted, sealed_reason
from casefile.web.security import Principal

job = Job()
router = job.router
PAGE = "jobs/legal.html"


def _incident_id() -> Any:
    return PathParam(..., ge=1, le=2**31 - 1)


def legal_data(request: Request, incident_id: int) -> dict[str, Any]:
    from casefile.case.evidence import evidence_of
    from casefile.case.legal import ARTICLES, legal_view
    from casefile.case.perpetrators import KINDS, perpetrators_of
    from casefile.case.views import items_of_incident
    from casefile.vault.catalog import item_view

    with workspace(request).db.read() as conn:
        inc = incident_of(conn, incident_id)
        alleged = legal_view(conn, incident_id)
        perps = perpetrators_of(conn, incident_id)
        names = {e.item: e.item_name for e in evidence_of(conn, incident_id)}
        items = []
        for sha in items_of_incident(conn, incident_id):
            view = item_view(conn, sha)
            items.append({"sha256": sha, "name": names.get(sha) or (view.names or [sha])[0]})
    return {
        "incident": inc.as_json(),
        "articles": [
            {"article": a.article, "name": a.name, "category": a.category}
            for a in ARTICLES.values()
        ],
        "alleged": alleged,
        "perpetrators": perps,
        "incident_items": items,
        "kinds": KINDS,
        "form": {},
    }


@job.get("/jobs/incidents/{incident_id}/legal", "incidents.edit")
def legal_page(
    request: Request,
    incident_id: int = _incident_id(),
    p: Principal = Depends(need("incidents.edit")),
) -> Response:
    data = legal_data(request, incident_id)
    note = request.query_params.get("done", "")[:200]
    if note:
        data["done"] = note
    return render(request, PAGE, data)


def _back(incident_id: int, message: str) -> Response:
    return done(f"/jobs/incidents/{incident_id}/legal?done={quote(message)}")


@job.post("/jobs/incidents/{incident_id}/legal", "incidents.edit")
async def qualify_job(
    request: Request,
    incident_id: int = _incident_id(),
    p: Principal = Depends(need("incidents.edit")),
) -> Response:
    """``casefile incident legal add ID ARTICLE --note ...``."""
    from casefile.case.legal import qualify

    form = await read_form(request, p)
    data = legal_data(request, incident_id)
    try:
        f = data["form"] = {"article": text(form, "article", 40), "note": text(form, "note", 5000)}
        why_sealed = data["sealed_reason"] = sealed_reason(form)
    except CasefileError as exc:
        return refused(request, PAGE, data, str(exc))
    _row, error = await attempt(
        permitted,
        p.role,
        why_sealed,
        qualify,
        as_user(request, p),
        incident_id,
        f["article"],
        f["note"],
    )
    if error:
        return refused(request, PAGE, data, error)
    return _back(incident_id, f"alleged {f['article']}")


@job.post("/jobs/incidents/{incident_id}/legal/element", "incidents.edit")
async def element_job(
    request: Request,
    incident_id: int = _incident_id(),
    p: Principal = Depends(need("incidents.edit")),
) -> Response:
    """``casefile incident legal element ID ARTICLE ELEMENT HASH --note ...``."""
    from casefile.case.legal import address_element

    form = await read_form(request, p)
    data = legal_data(request, incident_id)
    try:
        f = data["element_form"] = {
            "target": text(form, "target", 100),
            "item": text(form, "item", 64),
            "note": text(form, "note", 5000),
        }
        code, _, element = f["target"].partition("|")
        if not code or not element:
            raise CasefileError("choose the element of an alleged crime")
        if not f["item"]:
            raise CasefileError("choose the item that addresses it")
        why_sealed = data["sealed_reason"] = sealed_reason(form)
    except CasefileError as exc:
        return refused(request, PAGE, data, str(exc))
    _row, error = await attempt(
        permitted,
        p.role,
        why_sealed,
        address_element,
        as_user(request, p),
        incident_id,
        code,
        element,
        f["item"],
        f["note"],
    )
    if error:
        return refused(request, PAGE, data, error)
    return _back(incident_id, f"evidence recorded for {code} {element}")


@job.post("/jobs/incidents/{incident_id}/perpetrators", "incidents.edit")
async def allege_job(
    request: Request,
    incident_id: int = _incident_id(),
    p: Principal = Depends(need("incidents.edit")),
) -> Response:
    """``casefile incident perpetrator add ID --name ... --kind ... --source HASH --note ...``."""
    from casefile.case.perpetrators import allege

    form = await read_form(request, p)
    data = legal_data(request, incident_id)
    try:
        f = data["perp_form"] = {
            "name": text(form, "name", 500),
            "kind": text(form, "kind", 20),
            "source": text(form, "source", 64),
            "fact": text(form, "fact", 20),
            "note": text(form, "note", 5000),
        }
        if not f["source"]:
            raise CasefileError("give the source item that alleges it")
        fact = whole(f["fact"], "the fact") if f["fact"] else None
        why_sealed = data["sealed_reason"] = sealed_reason(form)
    except CasefileError as exc:
        return refused(request, PAGE, data, str(exc))
    _row, error = await attempt(
        permitted,
        p.role,
        why_sealed,
        allege,
        as_user(request, p),
        incident_id,
        f["name"],
        f["kind"] or "unit",
        f["source"],
        f["note"],
        fact,
    )
    if error:
        return refused(request, PAGE, data, error)
    return _back(incident_id, f"alleged perpetrator {f['name']} recorded")
