"""Claims and denials of an incident weighed against the evidence, in the browser: the claim
facts of the incident's reports to choose from, claims stated by hand, evidence that supports
or contradicts a claim, and an assessment with reasoning. The same functions as ``casefile
incident claim candidates | add | evidence | assess`` (``case.claims``), the same events."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import Depends, Request
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
PAGE = "jobs/claims.html"


def claims_data(request: Request, incident_id: int) -> dict[str, Any]:
    from casefile.case.claims import (
        ASSESSMENTS,
        RELATIONS,
        STANCES,
        claim_facts_of_items,
        claims_of,
    )
    from casefile.case.evidence import evidence_of
    from casefile.case.views import items_of_incident

    with workspace(request).db.read() as conn:
        inc = incident_of(conn, incident_id)
        found = [c.as_json() for c in claims_of(conn, incident_id)]
        members = {m["fact"] for c in found for m in c["members"]}
        candidates = [
            c
            for c in claim_facts_of_items(conn, items_of_incident(conn, incident_id))
            if c["fact"] not in members
        ]
        linked = [{"sha256": e.item, "name": e.item_name} for e in evidence_of(conn, incident_id)]
    return {
        "incident": inc.as_json(),
        "claims": found,
        "candidates": candidates,
        "linked": linked,
        "stances": STANCES,
        "relations": RELATIONS,
        "assessments": ASSESSMENTS,
        "form": {},
    }


def _incident_id() -> Any:
    from fastapi import Path as PathParam

    return PathParam(..., ge=1, le=2**31 - 1)


@job.get("/jobs/incidents/{incident_id}/claims", "incidents.edit")
def claims_page(
    request: Request,
    incident_id: int = _incident_id(),
    p: Principal = Depends(need("incidents.edit")),
) -> Response:
    data = claims_data(request, incident_id)
    note = request.query_params.get("done", "")[:200]
    if note:
        data["done"] = note
    return render(request, PAGE, data)


def _back(incident_id: int, message: str) -> Response:
    return done(f"/jobs/incidents/{incident_id}/claims?done={quote(message)}")


def _claim_of(data: dict[str, Any], value: str) -> int:
    claim = whole(value, "the claim")
    if claim not in {c["claim"] for c in data["claims"]}:
        raise CasefileError(f"claim {claim} is not a claim of incident {data['incident']['id']}")
    return claim


@job.post("/jobs/incidents/{incident_id}/claims", "incidents.edit")
async def add_claim_job(
    request: Request,
    incident_id: int = _incident_id(),
    p: Principal = Depends(need("incidents.edit")),
) -> Response:
    """``casefile incident claim add ID --fact N [--into C | --new]`` or ``--statement S
    --stance X``."""
    from casefile.case.claims import add_claim

    form = await read_form(request, p)
    data = claims_data(request, incident_id)
    try:
        f = data["form"] = {
            "fact": text(form, "fact", 20),
            "into": text(form, "into", 20),
            "statement": text(form, "statement", 5000),
            "stance": text(form, "stance", 20),
        }
        fact = whole(f["fact"], "the claim fact") if f["fact"] else None
        into = new = None
        if f["into"] == "new":
            new = True
        elif f["into"]:
            into = _claim_of(data, f["into"])
        why_sealed = data["sealed_reason"] = sealed_reason(form)
    except CasefileError as exc:
        return refused(request, PAGE, data, str(exc))
    made, error = await attempt(
        permitted,
        p.role,
        why_sealed,
        add_claim,
        as_user(request, p),
        incident_id,
        fact,
        into,
        bool(new),
        f["statement"] or None,
        f["stance"] or None,
    )
    if error:
        return refused(request, PAGE, data, error)
    claim, grouping = made
    how = "a new claim" if grouping == "new" else f"joined ({grouping})"
    return _back(incident_id, f"claim {claim}: {how}")


@job.post("/jobs/incidents/{incident_id}/claims/evidence", "incidents.edit")
async def claim_evidence_job(
    request: Request,
    incident_id: int = _incident_id(),
    p: Principal = Depends(need("incidents.edit")),
) -> Response:
    """``casefile incident claim evidence CLAIM HASH --supports|--contradicts --note ...``."""
    from casefile.case.claims import link_claim_evidence

    form = await read_form(request, p)
    data = claims_data(request, incident_id)
    try:
        f = {
            "claim": text(form, "claim", 20),
            "item": text(form, "item", 64) or text(form, "linked", 64),
            "relation": text(form, "relation", 20),
            "note": text(form, "note", 5000),
        }
        data["evidence_form"] = f
        claim = _claim_of(data, f["claim"])
        why_sealed = data["sealed_reason"] = sealed_reason(form)
        if not f["item"]:
            raise CasefileError("choose the item (or give its hash)")
    except CasefileError as exc:
        return refused(request, PAGE, data, str(exc))
    _row, error = await attempt(
        permitted,
        p.role,
        why_sealed,
        link_claim_evidence,
        as_user(request, p),
        claim,
        f["item"],
        f["relation"],
        f["note"],
    )
    if error:
        return refused(request, PAGE, data, error)
    return _back(incident_id, f"evidence linked to claim {claim}")


@job.post("/jobs/incidents/{incident_id}/claims/assess", "incidents.edit")
async def claim_assess_job(
    request: Request,
    incident_id: int = _incident_id(),
    p: Principal = Depends(need("incidents.edit")),
) -> Response:
    """``casefile incident claim assess CLAIM --assessment A --reasoning ...``."""
    from casefile.case.claims import assess_claim

    form = await read_form(request, p)
    data = claims_data(request, incident_id)
    try:
        f = {
            "claim": text(form, "claim", 20),
            "assessment": text(form, "assessment", 30),
            "reasoning": text(form, "reasoning", 5000),
        }
        data["assess_form"] = f
        claim = _claim_of(data, f["claim"])
        why_sealed = data["sealed_reason"] = sealed_reason(form)
    except CasefileError as exc:
        return refused(request, PAGE, data, str(exc))
    _row, error = await attempt(
        permitted,
        p.role,
        why_sealed,
        assess_claim,
        as_user(request, p),
        claim,
        f["assessment"],
        f["reasoning"],
    )
    if error:
        return refused(request, PAGE, data, error)
    return _back(incident_id, f"claim {claim} assessed")
