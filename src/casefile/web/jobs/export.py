"""Exports to download: a court bag (BagIt with proofs), data for other tools (CSV, JSON
Lines, GeoJSON) or a case report (HTML or PDF). The same functions as ``casefile export bag``,
``casefile export data`` and ``casefile report`` (with the CLI's own choice of items,
``cli.export_cmds.choose``), so the same 'exported' events are recorded; the result is written
to a private temporary folder outside the workspace, sent as one file (a ZIP for folders) and
removed after it is sent.

Witness identities are never put into a bag from here (``casefile export bag
--reveal-witnesses-as`` does that, with its reason).
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fastapi import Depends, Request
from fastapi.responses import FileResponse, Response
from starlette.background import BackgroundTask

from casefile.errors import CasefileError
from casefile.web.jobs.common import (
    Job,
    as_user,
    need,
    read_form,
    refused,
    render,
    run_action,
    text,
    texts,
    workspace,
)
from casefile.web.security import Principal

job = Job()
router = job.router
KINDS = (
    "bag",
    "data",
    "report-html",
    "report-pdf",
    "registry-csv",
    "registry-xlsx",
    "histories-csv",
)
STRATA = ("place", "oblast", "sex", "status", "birth_decade", "age_group")


def _form_data(request: Request) -> dict[str, Any]:
    from casefile.case.incidents import list_incidents

    with workspace(request).db.read() as conn:
        found = list_incidents(conn)
    return {
        "incidents": [{"id": i.id, "title": i.title} for i in found],
        "kinds": KINDS,
        "strata_choices": STRATA,
        "form": {"kind": "bag", "scope": "incident"},
    }


@job.get("/jobs/export", "export.run")
def export_form(request: Request, p: Principal = Depends(need("export.run"))) -> Response:
    data = _form_data(request)
    kind = request.query_params.get("kind", "")
    incident = request.query_params.get("incident", "")
    if kind in KINDS:
        data["form"]["kind"] = kind
    if incident.isascii() and incident.isdigit() and len(incident) < 12:
        data["form"]["incident"] = incident
    return render(request, "jobs/export.html", data)


def selection(form: dict[str, str]) -> dict[str, Any]:
    """The CLI's selection options from the form: exactly one of them (``choose`` checks)."""
    scope = form["scope"]
    items = [line.strip() for line in form["items"].replace(",", "\n").splitlines()]
    return {
        "items": [i for i in items if i] if scope == "items" else None,
        "tag": (form["tag"] or None) if scope == "tag" else None,
        "all_items": scope == "all",
        "incident": (form["incident"] or None) if scope == "incident" else None,
    }


def _selection(chosen: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in chosen.items() if k != "strata"}


def make_export(ws: Any, kind: str, chosen: dict[str, Any], description: str, title: str) -> Path:
    """Writes the export into a new private folder; returns the file to send."""
    from casefile.export.selection import choose_items as choose

    work = Path(tempfile.mkdtemp(prefix="casefile-web-export-"))
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    try:
        if kind.startswith(("registry-", "histories-")):
            return _victims_file(ws, kind, chosen.get("strata") or [], work, stamp)
        if kind == "bag":
            from casefile.export.bag import export_bag

            shas, what = choose(ws, **_selection(chosen))
            out = work / f"casefile-bag-{stamp}"
            export_bag(ws, shas, out, description or what)
            return Path(shutil.make_archive(str(out), "zip", work, out.name))
        if kind == "data":
            from casefile.export.data import export_data

            shas, _ = choose(ws, **_selection(chosen), required=False)
            out = work / f"casefile-data-{stamp}"
            export_data(ws, shas, out)
            return Path(shutil.make_archive(str(out), "zip", work, out.name))
        from casefile.export.report import write_report

        fmt = kind.removeprefix("report-")
        if chosen["all_items"]:
            raise CasefileError("a report is of an incident, items or a tag, not of everything")
        shas, what = choose(ws, **_selection(chosen), required=False)
        out = work / f"casefile-report-{stamp}.{fmt}"
        return write_report(ws, shas, out, fmt, title or f"Case report: {what}")
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise


def _victims_file(ws: Any, kind: str, strata: list[str], work: Path, stamp: str) -> Path:
    """``casefile victims export OUT.csv|.xlsx`` and ``casefile victims histories OUT.csv
    --strata S``: one row per source record with its person, or one row per person with a
    0/1 column per list (for R's dga or LCMCR), written as the CLI writes them."""
    from casefile.export.cells import write_rows
    from casefile.people.registry import capture_histories, export_rows

    bad = [x for x in strata if x not in STRATA]
    if bad:
        raise CasefileError(f"no stratum {', '.join(bad)}: use {', '.join(STRATA)}")
    with ws.db.read() as conn:
        if kind.startswith("registry-"):
            rows = export_rows(conn)
            out = work / f"casefile-victims-{stamp}.{kind.removeprefix('registry-')}"
            columns = None
        else:
            lists, rows = capture_histories(conn, strata)
            out = work / f"casefile-capture-histories-{stamp}.csv"
            columns = ["person_id", *lists, *strata, "records"]
    if not rows:
        raise CasefileError("the registry has no records yet: import a victim list first")
    write_rows(out, rows, columns)
    return out


MEDIA = {
    ".zip": "application/zip",
    ".html": "text/html",
    ".pdf": "application/pdf",
    ".csv": "text/csv",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@job.post("/jobs/export", "export.run")
async def export(request: Request, p: Principal = Depends(need("export.run"))) -> Response:
    form = await read_form(request, p)
    data = _form_data(request)
    try:
        f = data["form"] = {
            "kind": text(form, "kind", 20),
            "scope": text(form, "scope", 20),
            "incident": text(form, "incident", 20),
            "tag": text(form, "tag", 200),
            "items": text(form, "items", 20_000),
            "description": text(form, "description", 2000),
            "title": text(form, "title", 500),
        }
        if f["kind"] not in KINDS:
            raise CasefileError(f"choose what to export: {', '.join(KINDS)}")
        chosen = selection(f) if not f["kind"].startswith(("registry-", "histories-")) else {}
        chosen["strata"] = f["strata"] = texts(form, "strata")
    except CasefileError as exc:
        return refused(request, "jobs/export.html", data, str(exc))
    try:
        path = await run_action(
            make_export, as_user(request, p), f["kind"], chosen, f["description"], f["title"]
        )
    except CasefileError as exc:
        return refused(request, "jobs/export.html", data, str(exc))
    response = FileResponse(
        path,
        media_type=MEDIA.get(path.suffix, "application/octet-stream"),
        filename=path.name,
        background=BackgroundTask(shutil.rmtree, path.parent, ignore_errors=True),
        headers={"Content-Security-Policy": "sandbox; default-src 'none'"},
    )
    # A download leaves the form's page as it was: jobs.js watches for this cookie to end the
    # form's "running" state (it holds nothing but the word that the download started).
    response.set_cookie(DOWNLOAD_COOKIE, "1", max_age=60, path="/jobs", samesite="strict")
    return response


DOWNLOAD_COOKIE = "casefile_download"
