"""Incidents in the browser: proposed incidents confirmed, incidents created, changed and
assessed, figures recorded in the toll history and the best one chosen, evidence linked.

Each POST calls the function the CLI command calls (``casefile incident proposals | create |
update | assess | figure | best | link``), so the same checks refuse the same input with the
same words, and the same ledger event is recorded, with the signed-in user as its actor.
"""

from __future__ import annotations

from typing import Any

from fastapi import Depends, Request
from fastapi import Path as PathParam
from fastapi.responses import Response
from starlette.exceptions import HTTPException

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
from casefile.web.security import Principal

job = Job()
router = job.router


def _incident_id() -> Any:
    return PathParam(..., ge=1, le=2**31 - 1)


def _fact_id() -> Any:
    return PathParam(..., ge=1, le=2**31 - 1)


def place_lines(places: list[dict[str, Any]]) -> str:
    """Places as typed in the form: one a line, NAME or NAME@LAT,LON."""
    out = []
    for p in places:
        if p.get("lat") is not None and p.get("lon") is not None:
            out.append(f"{p['name']}@{p['lat']},{p['lon']}")
        else:
            out.append(str(p["name"]))
    return "\n".join(out)


def parse_places(value: str) -> list[dict[str, Any]]:
    from casefile.case.incidents import check_places, parse_place

    return check_places([parse_place(line) for line in value.splitlines() if line.strip()])


def _choices() -> dict[str, Any]:
    from casefile.case.evidence import (
        CREDIBILITY,
        EVIDENCE_KINDS,
        GEO_METHODS,
        RELIABILITY,
        TIME_METHODS,
    )
    from casefile.case.incidents import PRECISIONS, STATUSES

    return {
        "statuses": STATUSES,
        "precisions": PRECISIONS,
        "kinds": EVIDENCE_KINDS,
        "geo_methods": [m for m in GEO_METHODS if m != "exif"],
        "time_methods": [m for m in TIME_METHODS if m != "exif"],
        "reliability": RELIABILITY,
        "credibility": CREDIBILITY,
    }


# ---- proposed incidents ---------------------------------------------------------------------


def proposals_data(request: Request, items: list[str] | None = None) -> dict[str, Any]:
    from casefile.case.incidents import proposals

    with workspace(request).db.read() as conn:
        found = proposals(conn)
    if items is not None:
        found = [p for p in found if p["item"] in items]
    return {"proposals": found}


@job.get("/jobs/proposals", "incidents.view")
def proposals_page(request: Request, p: Principal = Depends(need("incidents.view"))) -> Response:
    data = proposals_data(request)
    done_id = request.query_params.get("confirmed", "")
    if done_id.isascii() and done_id.isdigit() and len(done_id) < 12:
        data["confirmed"] = int(done_id)
    return render(request, "jobs/proposals.html", data)


@job.post("/jobs/proposals/{fact_id}", "incidents.edit")
async def confirm_proposal(
    request: Request, fact_id: int = _fact_id(), p: Principal = Depends(need("incidents.edit"))
) -> Response:
    """``casefile incident create --from-fact N [--title T]``."""
    from casefile.case.proposals import create_from_proposal

    form = await read_form(request, p)
    try:
        title = text(form, "title", 500) or None
    except CasefileError as exc:
        return refused(request, "jobs/proposals.html", proposals_data(request), str(exc))
    made, error = await attempt(create_from_proposal, as_user(request, p), fact_id, title)
    if error:
        return refused(request, "jobs/proposals.html", proposals_data(request), error)
    new_id, figures = made
    return done(f"/incidents/{new_id}?created=1&figures={len(figures)}")


# ---- create, change, assess -----------------------------------------------------------------


def _incident_form(form: Any) -> dict[str, str]:
    keys = ("title", "description", "incident_type", "status", "places", "start", "end")
    out = {k: text(form, k, 20_000 if k in ("description", "places") else 500) for k in keys}
    out["precision"] = text(form, "precision", 10)
    out["reason"] = text(form, "reason", 2000)
    return out


@job.get("/jobs/incidents/new", "incidents.edit")
def new_incident_form(request: Request, p: Principal = Depends(need("incidents.edit"))) -> Response:
    blank = {"status": "reported", "incident_type": "", "precision": ""}
    return render(request, "jobs/incident_new.html", {**_choices(), "form": blank})


@job.post("/jobs/incidents/new", "incidents.edit")
async def new_incident(
    request: Request, p: Principal = Depends(need("incidents.edit"))
) -> Response:
    """``casefile incident create --title ... [--place ...] [--start ...]``."""
    from casefile.case.incidents import create_incident

    form = await read_form(request, p)
    data: dict[str, Any] = {**_choices(), "form": {}}
    try:
        f = data["form"] = _incident_form(form)
        places = parse_places(f["places"])
    except CasefileError as exc:
        return refused(request, "jobs/incident_new.html", data, str(exc))
    if not f["title"]:
        return refused(request, "jobs/incident_new.html", data, "give the incident a title")
    new_id, error = await attempt(
        create_incident,
        as_user(request, p),
        f["title"],
        f["description"],
        f["incident_type"] or "unspecified",
        f["status"] or "reported",
        places,
        f["start"] or None,
        f["end"] or None,
        f["precision"] or None,
    )
    if error:
        return refused(request, "jobs/incident_new.html", data, error)
    return done(f"/incidents/{new_id}?created=1")


def incident_of(conn: Any, incident_id: int) -> Any:
    """The incident as it stands, or a 404 (the page names nothing)."""
    from casefile.case.incidents import get_incident

    try:
        return get_incident(conn, incident_id)
    except CasefileError:
        raise HTTPException(404) from None


def _current(request: Request, incident_id: int) -> dict[str, Any]:
    with workspace(request).db.read() as conn:
        inc = incident_of(conn, incident_id)
    return dict(inc.as_json())


def _as_form(inc: dict[str, Any]) -> dict[str, str]:
    return {
        "title": inc["title"],
        "description": inc["description"],
        "incident_type": inc["incident_type"],
        "status": inc["status"],
        "places": place_lines(inc["places"]),
        "start": inc["period_start"] or "",
        "end": inc["period_end"] or "",
        "precision": inc["period_precision"] or "",
        "reason": "",
    }


def _edit_data(request: Request, incident_id: int) -> dict[str, Any]:
    from casefile.case.incidents import seal_of
    from casefile.case.workflow import TRANSITIONS

    with workspace(request).db.read() as conn:
        inc = dict(incident_of(conn, incident_id).as_json())
        seal = seal_of(conn, incident_id)
    # the statuses this one may move to by an assessment (sealing is its own form)
    steps = [inc["status"], *(s for s in TRANSITIONS[inc["status"]] if s != "sealed")]
    return {
        **_choices(),
        "statuses": steps,
        "incident": inc,
        "seal": seal,
        "form": _as_form(inc),
        "assess": {},
        "sealing": {},
    }


def sealed_reason(form: Any) -> str | None:
    """The reason for changing a sealed incident typed in a form, if any."""
    return text(form, "sealed_reason", 2000) or None


def permitted(role: str, reason: str | None, fn: Any, *args: Any) -> Any:
    """``fn(*args)`` in the worker thread under ``workflow.sealed_change(role, reason)``: a
    sealed incident may then be changed if the role is high enough and the reason in words
    (the core checks both and records the change as its own event)."""
    from casefile.case.workflow import sealed_change

    with sealed_change(role, reason):
        return fn(*args)


@job.get("/jobs/incidents/{incident_id}/edit", "incidents.edit")
def edit_incident_form(
    request: Request,
    incident_id: int = _incident_id(),
    p: Principal = Depends(need("incidents.edit")),
) -> Response:
    return render(request, "jobs/incident_edit.html", _edit_data(request, incident_id))


def changes_of(inc: dict[str, Any], f: dict[str, str]) -> dict[str, Any]:
    """Only what the form changed, in ``update_incident``'s keywords (an unchanged field is
    not restated in the new version's event)."""
    out: dict[str, Any] = {}
    for key, field in (
        ("title", "title"),
        ("description", "description"),
        ("incident_type", "incident_type"),
    ):
        if f[field] != (inc[key] or ""):
            out[key] = f[field]
    places = parse_places(f["places"])
    if places != inc["places"]:
        out["places"] = places
    for key, field in (
        ("period_start", "start"),
        ("period_end", "end"),
        ("period_precision", "precision"),
    ):
        if f[field] != (inc[key] or ""):
            out[key] = f[field]
    return out


@job.post("/jobs/incidents/{incident_id}/edit", "incidents.edit")
async def edit_incident(
    request: Request,
    incident_id: int = _incident_id(),
    p: Principal = Depends(need("incidents.edit")),
) -> Response:
    """``casefile incident update ID --reason ... [--title ...] [--place ...] ...``."""
    from casefile.case.incidents import update_incident

    form = await read_form(request, p)
    data = _edit_data(request, incident_id)
    try:
        f = data["form"] = _incident_form(form)
        changes = changes_of(data["incident"], f)
    except CasefileError as exc:
        return refused(request, "jobs/incident_edit.html", data, str(exc))
    if not changes:
        return refused(
            request, "jobs/incident_edit.html", data, "nothing to change: edit at least one field"
        )
    if "period_precision" in changes and changes["period_precision"] == "":
        changes["period_precision"] = None
    why_sealed = sealed_reason(form)
    version, error = await attempt(
        lambda: permitted(
            p.role,
            why_sealed,
            lambda: update_incident(as_user(request, p), incident_id, f["reason"], **changes),
        )
    )
    if error:
        return refused(request, "jobs/incident_edit.html", data, error)
    return done(f"/incidents/{incident_id}?version={version}")


@job.post("/jobs/incidents/{incident_id}/assess", "incidents.edit")
async def assess(
    request: Request,
    incident_id: int = _incident_id(),
    p: Principal = Depends(need("incidents.edit")),
) -> Response:
    """``casefile incident assess ID --status S --reasoning ...``."""
    from casefile.case.incidents import assess_incident

    form = await read_form(request, p)
    data = _edit_data(request, incident_id)
    try:
        status = text(form, "status", 32)
        reasoning = text(form, "reasoning", 5000)
        why_sealed = sealed_reason(form)
    except CasefileError as exc:
        return refused(request, "jobs/incident_edit.html", data, str(exc))
    data["assess"] = {"status": status, "reasoning": reasoning, "sealed_reason": why_sealed}
    version, error = await attempt(
        permitted,
        p.role,
        why_sealed,
        assess_incident,
        as_user(request, p),
        incident_id,
        status,
        reasoning,
    )
    if error:
        return refused(request, "jobs/incident_edit.html", {**data, "assess_error": error}, error)
    return done(f"/incidents/{incident_id}?version={version}")


@job.post("/jobs/incidents/{incident_id}/seal", "incidents.seal")
async def seal(
    request: Request,
    incident_id: int = _incident_id(),
    p: Principal = Depends(need("incidents.seal")),
) -> Response:
    """``casefile incident seal ID --reason ... --role ROLE`` (the signed-in user's role)."""
    return await _seal_job(request, incident_id, p, "seal")


@job.post("/jobs/incidents/{incident_id}/unseal", "incidents.unseal")
async def unseal(
    request: Request,
    incident_id: int = _incident_id(),
    p: Principal = Depends(need("incidents.unseal")),
) -> Response:
    """``casefile incident unseal ID --reason ... --role ROLE``."""
    return await _seal_job(request, incident_id, p, "unseal")


async def _seal_job(request: Request, incident_id: int, p: Principal, what: str) -> Response:
    from casefile.case.incidents import seal_incident, unseal_incident

    form = await read_form(request, p)
    data = _edit_data(request, incident_id)
    try:
        reason = text(form, "seal_reason", 2000)
    except CasefileError as exc:
        return refused(request, "jobs/incident_edit.html", data, str(exc))
    data["sealing"] = {"reason": reason}
    fn = seal_incident if what == "seal" else unseal_incident
    version, error = await attempt(fn, as_user(request, p), incident_id, p.role, reason)
    if error:
        return refused(request, "jobs/incident_edit.html", data, error)
    return done(f"/incidents/{incident_id}?version={version}")


# ---- toll history: record figures, choose the best ------------------------------------------


def figures_data(request: Request, incident_id: int) -> dict[str, Any]:
    from casefile.case.figures import best_figures_now, toll_history
    from casefile.case.views import items_of_incident
    from casefile.ingest.corrections import current_facts

    with workspace(request).db.read() as conn:
        inc = incident_of(conn, incident_id)
        toll = toll_history(conn, incident_id)
        best = best_figures_now(conn, incident_id, toll)
        attached = {e.fact for e in toll}
        candidates = []
        for sha in items_of_incident(conn, incident_id):
            for fact in current_facts(conn, item=sha, kind="figure"):
                if fact.id not in attached:
                    candidates.append({"fact": fact.id, "item": sha, **fact.payload})
    best_ids = {b["figure"] for b in best.values()}
    return {
        "incident": inc.as_json(),
        "toll": [{**e.as_json(), "value": e.value, "best": e.figure in best_ids} for e in toll],
        "best": best,
        "candidates": candidates,
        "form": {},
    }


@job.get("/jobs/incidents/{incident_id}/figures", "incidents.figures")
def figures_page(
    request: Request,
    incident_id: int = _incident_id(),
    p: Principal = Depends(need("incidents.figures")),
) -> Response:
    data = figures_data(request, incident_id)
    for key in ("added", "chosen"):
        raw = request.query_params.get(key, "")
        if raw.isascii() and raw.isdigit() and len(raw) < 12:
            data[key] = int(raw)
    return render(request, "jobs/figures.html", data)


def fact_ids(value: str, chosen: list[str]) -> list[int]:
    ids = [whole(v, "a figure fact") for v in chosen]
    for part in value.replace(",", " ").split():
        ids.append(whole(part, "a fact id"))
    return list(dict.fromkeys(ids))


@job.post("/jobs/incidents/{incident_id}/figures", "incidents.figures")
async def add_figures_job(
    request: Request,
    incident_id: int = _incident_id(),
    p: Principal = Depends(need("incidents.figures")),
) -> Response:
    """``casefile incident figure ID --fact N ... | --from-item HASH [--contradiction WHY]``."""
    from casefile.case.common import require_item
    from casefile.case.figures import add_figures

    form = await read_form(request, p)
    data = figures_data(request, incident_id)
    try:
        f = data["form"] = {
            "facts": text(form, "facts", 2000),
            "from_item": text(form, "from_item", 64),
            "contradiction": text(form, "contradiction", 2000),
        }
        why_sealed = data["sealed_reason"] = sealed_reason(form)
        ids = fact_ids(f["facts"], [v for v in form.getlist("fact") if isinstance(v, str)])
        sha = None
        if f["from_item"]:
            with workspace(request).db.read() as conn:
                sha = require_item(conn, f["from_item"])
    except CasefileError as exc:
        return refused(request, "jobs/figures.html", data, str(exc))
    added, error = await attempt(
        permitted,
        p.role,
        why_sealed,
        add_figures,
        as_user(request, p),
        incident_id,
        ids,
        sha,
        f["contradiction"] or None,
    )
    if error:
        return refused(request, "jobs/figures.html", data, error)
    return done(f"/jobs/incidents/{incident_id}/figures?added={len(added)}")


@job.post("/jobs/incidents/{incident_id}/best", "incidents.figures")
async def choose_best_job(
    request: Request,
    incident_id: int = _incident_id(),
    p: Principal = Depends(need("incidents.figures")),
) -> Response:
    """``casefile incident best ID FIGURE --reason ...``."""
    from casefile.case.figures import choose_best

    form = await read_form(request, p)
    data = figures_data(request, incident_id)
    try:
        figure = whole(text(form, "figure", 20), "the figure")
        reason = text(form, "reason", 2000)
        why_sealed = data["sealed_reason"] = sealed_reason(form)
    except CasefileError as exc:
        return refused(request, "jobs/figures.html", data, str(exc))
    data["best_form"] = {"figure": figure, "reason": reason}
    _choice, error = await attempt(
        permitted, p.role, why_sealed, choose_best, as_user(request, p), incident_id, figure, reason
    )
    if error:
        return refused(request, "jobs/figures.html", data, error)
    return done(f"/jobs/incidents/{incident_id}/figures?chosen={figure}")


# ---- evidence ---------------------------------------------------------------------------------


def evidence_data(request: Request, incident_id: int) -> dict[str, Any]:
    from casefile.case.evidence import evidence_of
    from casefile.vault.catalog import list_items

    with workspace(request).db.read() as conn:
        inc = incident_of(conn, incident_id)
        links = [e.as_json() for e in evidence_of(conn, incident_id)]
        recent, _ = list_items(conn, limit=100)
    linked = {e["item"] for e in links}
    return {
        **_choices(),
        "incident": inc.as_json(),
        "links": links,
        "recent": [
            {
                "sha256": v.sha256,
                "name": (v.labels or v.names or [v.sha256[:12]])[0],
                "media_type": v.media_type,
            }
            for v in recent
            if v.sha256 not in linked
        ],
        "form": {},
    }


@job.get("/jobs/incidents/{incident_id}/evidence", "incidents.edit")
def evidence_page(
    request: Request,
    incident_id: int = _incident_id(),
    p: Principal = Depends(need("incidents.edit")),
) -> Response:
    data = evidence_data(request, incident_id)
    for key in ("linked", "verified"):
        raw = request.query_params.get(key, "")
        if raw.isascii() and raw.isdigit() and len(raw) < 12:
            data[key] = int(raw)
    return render(request, "jobs/evidence.html", data)


@job.post("/jobs/incidents/{incident_id}/evidence", "incidents.edit")
async def link_evidence(
    request: Request,
    incident_id: int = _incident_id(),
    p: Principal = Depends(need("incidents.edit")),
) -> Response:
    """``casefile incident link ID HASH --shows ... [--kind K]``."""
    from casefile.case.evidence import link_item

    form = await read_form(request, p)
    data = evidence_data(request, incident_id)
    try:
        f = data["form"] = {
            "item": text(form, "item", 64) or text(form, "recent", 64),
            "shows": text(form, "shows", 5000),
            "kind": text(form, "kind", 32),
        }
        why_sealed = data["sealed_reason"] = sealed_reason(form)
    except CasefileError as exc:
        return refused(request, "jobs/evidence.html", data, str(exc))
    if not f["item"]:
        return refused(
            request,
            "jobs/evidence.html",
            data,
            "choose an item of the vault (or give its hash): upload it first if it is not there",
        )
    link, error = await attempt(
        permitted,
        p.role,
        why_sealed,
        link_item,
        as_user(request, p),
        incident_id,
        f["item"],
        f["shows"],
        f["kind"] or None,
    )
    if error:
        return refused(request, "jobs/evidence.html", data, error)
    return done(f"/jobs/incidents/{incident_id}/evidence?linked={link}")


# ---- verification of linked evidence: where, when, how reliable -------------------------------


def _coordinate(value: str, what: str) -> float | None:
    if not value:
        return None
    try:
        return float(value.replace(",", "."))
    except ValueError:
        raise CasefileError(f"the {what} {value!r} is not a number (such as 50.5443)") from None


def verify_step(ws: Any, incident_id: int, f: dict[str, str]) -> int:
    """``casefile incident geolocate | chronolocate | source HASH ... --incident ID``."""
    from casefile.case.evidence import assess_source, chronolocate, geolocate

    exif = f["exif"] == "yes"
    if f["aspect"] == "geolocation":
        lat, lon = _coordinate(f["lat"], "latitude"), _coordinate(f["lon"], "longitude")
        method = f["method"] or None
        return int(geolocate(ws, f["item"], lat, lon, method, f["note"], exif, incident_id))
    if f["aspect"] == "chronolocation":
        method = f["method"] or None
        return int(
            chronolocate(ws, f["item"], f["time"] or None, method, f["note"], exif, incident_id)
        )
    if f["aspect"] == "source":
        return int(
            assess_source(ws, f["item"], f["reliability"], f["credibility"], f["note"], incident_id)
        )
    raise CasefileError("say what is verified: the place, the time or the source")


@job.post("/jobs/incidents/{incident_id}/evidence/verify", "incidents.edit")
async def verify_evidence(
    request: Request,
    incident_id: int = _incident_id(),
    p: Principal = Depends(need("incidents.edit")),
) -> Response:
    """Where and when an item was made, or how reliable its source is: a verification step."""
    form = await read_form(request, p)
    data = evidence_data(request, incident_id)
    keys = ("item", "aspect", "lat", "lon", "time", "method", "exif", "reliability")
    try:
        f = {k: text(form, k, 64) for k in keys}
        f["credibility"] = text(form, "credibility", 4)
        f["note"] = text(form, "note", 5000)
        data["verify_form"] = f
        why_sealed = data["sealed_reason"] = sealed_reason(form)
        if f["item"] not in {e["item"] for e in data["links"]}:
            raise CasefileError("choose one of the items linked to this incident")
    except CasefileError as exc:
        return refused(request, "jobs/evidence.html", data, str(exc))
    step, error = await attempt(
        permitted, p.role, why_sealed, verify_step, as_user(request, p), incident_id, f
    )
    if error:
        return refused(request, "jobs/evidence.html", data, error)
    return done(f"/jobs/incidents/{incident_id}/evidence?verified={step}")


# ---- merge ------------------------------------------------------------------------------------


def merge_data(request: Request) -> dict[str, Any]:
    from casefile.case.incidents import list_incidents

    with workspace(request).db.read() as conn:
        found = [i.as_json() for i in list_incidents(conn)]
    return {"incidents": found, "form": {"ids": []}}


@job.get("/jobs/incidents/merge", "incidents.edit")
def merge_form(request: Request, p: Principal = Depends(need("incidents.edit"))) -> Response:
    data = merge_data(request)
    data["form"]["ids"] = [v for v in request.query_params.getlist("id") if v.isdigit()]
    return render(request, "jobs/merge.html", data)


@job.post("/jobs/incidents/merge", "incidents.edit")
async def merge(request: Request, p: Principal = Depends(need("incidents.edit"))) -> Response:
    """``casefile incident merge ID ID... --reason ... [--title ...]``."""
    from casefile.case.incidents import merge_incidents

    form = await read_form(request, p)
    data = merge_data(request)
    try:
        chosen = [v for v in form.getlist("id") if isinstance(v, str)]
        f = data["form"] = {
            "ids": chosen,
            "reason": text(form, "reason", 2000),
            "title": text(form, "title", 500),
        }
        ids = [whole(v, "an incident") for v in chosen]
        why_sealed = data["sealed_reason"] = sealed_reason(form)
    except CasefileError as exc:
        return refused(request, "jobs/merge.html", data, str(exc))
    res, error = await attempt(
        permitted,
        p.role,
        why_sealed,
        merge_incidents,
        as_user(request, p),
        ids,
        f["reason"],
        f["title"] or None,
    )
    if error:
        return refused(request, "jobs/merge.html", data, error)
    return done(f"/incidents/{res.incident}?merged={len(ids)}")


# ---- split ------------------------------------------------------------------------------------


def split_data(request: Request, incident_id: int) -> dict[str, Any]:
    from casefile.case.claims import claims_of
    from casefile.case.evidence import evidence_of
    from casefile.case.figures import toll_history
    from casefile.case.perpetrators import perpetrators_of

    with workspace(request).db.read() as conn:
        inc = incident_of(conn, incident_id)
        links = [
            {"item": e.item, "name": e.item_name, "shows": e.shows}
            for e in evidence_of(conn, incident_id)
        ]
        toll = [
            {
                "figure": e.figure,
                "text": f"{e.category} {e.value}",
                "source": e.source,
                "date": e.date,
            }
            for e in toll_history(conn, incident_id)
        ]
        claims = [
            {"claim": c.claim, "statement": c.statement, "stance": c.stance}
            for c in claims_of(conn, incident_id)
        ]
        perps = [
            {"id": x["id"], "name": x["name"], "kind": x["kind"]}
            for x in perpetrators_of(conn, incident_id)
        ]
    return {
        "incident": inc.as_json(),
        "links": links,
        "toll": toll,
        "claims": claims,
        "perpetrators": perps,
        "form": {"item": [], "figure": [], "claim": [], "perpetrator": []},
    }


@job.get("/jobs/incidents/{incident_id}/split", "incidents.edit")
def split_form(
    request: Request,
    incident_id: int = _incident_id(),
    p: Principal = Depends(need("incidents.edit")),
) -> Response:
    return render(request, "jobs/split.html", split_data(request, incident_id))


@job.post("/jobs/incidents/{incident_id}/split", "incidents.edit")
async def split(
    request: Request,
    incident_id: int = _incident_id(),
    p: Principal = Depends(need("incidents.edit")),
) -> Response:
    """``casefile incident split ID --title T --item H --figure N --claim N --perpetrator N
    --reason R``."""
    from casefile.case.incidents import SplitChoice, split_incident

    form = await read_form(request, p)
    data = split_data(request, incident_id)
    try:
        chosen = {
            k: [v for v in form.getlist(k) if isinstance(v, str)]
            for k in ("item", "figure", "claim", "perpetrator")
        }
        f = data["form"] = {
            **chosen,
            "title": text(form, "title", 500),
            "reason": text(form, "reason", 2000),
        }
        choice = SplitChoice(
            [v for v in chosen["item"] if v],
            [whole(v, "a figure") for v in chosen["figure"]],
            [whole(v, "a claim") for v in chosen["claim"]],
            [whole(v, "an allegation") for v in chosen["perpetrator"]],
        )
        why_sealed = data["sealed_reason"] = sealed_reason(form)
    except CasefileError as exc:
        return refused(request, "jobs/split.html", data, str(exc))
    made, error = await attempt(
        permitted,
        p.role,
        why_sealed,
        split_incident,
        as_user(request, p),
        incident_id,
        f["title"],
        choice,
        f["reason"],
    )
    if error:
        return refused(request, "jobs/split.html", data, error)
    part, rest = made
    return done(f"/incidents/{part}?split_rest={rest}")
