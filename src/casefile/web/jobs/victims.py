"""Victim lists in the browser: a CSV or XLSX list uploaded, its column mapping previewed and
changed, then imported; a linkage run. The same functions as ``casefile victims import FILE
--source S [--map COL=FIELD] [--sheet] [--event-year] [--dry-run]`` (``import_list``: the
preview is its dry run) and ``casefile victims link`` (``run_link``).

The uploaded file waits between the preview and the import in a private staging folder
outside the workspace (the vault refuses files from inside it), named by a random token and
the user it belongs to; it is removed once imported, and any left after a day are removed.
"""

from __future__ import annotations

import secrets
import shutil
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from fastapi import Depends, Request
from fastapi.responses import Response

from casefile.errors import CasefileError
from casefile.web.jobs.common import (
    Job,
    as_user,
    attempt,
    files,
    need,
    read_form,
    refused,
    render,
    run_action,
    text,
    whole,
    workspace,
)
from casefile.web.security import Principal

job = Job()
router = job.router
STAGING = Path(tempfile.gettempdir()) / "casefile-web-lists"
STAGED_FOR = 24 * 3600
SHOWN_PROBLEMS = 50
_linking = threading.Lock()


# ---- staging ---------------------------------------------------------------------------------


def _user_dir(ws_id: str, p: Principal) -> Path:
    """This workspace's and this user's staging folder (another workspace on the same machine
    has users with the same numbers)."""
    safe = "".join(c for c in ws_id if c.isalnum() or c == "-")[:64]
    return STAGING / f"{safe}-user-{p.user.id}"


def _sweep() -> None:
    if not STAGING.exists():
        return
    cutoff = time.time() - STAGED_FOR
    for user in STAGING.iterdir():
        for staged in user.iterdir() if user.is_dir() else []:
            if staged.stat().st_mtime < cutoff:
                shutil.rmtree(staged, ignore_errors=True)


def stage(ws_id: str, p: Principal, name: str, stream: Any) -> tuple[str, Path]:
    """Keeps an uploaded list for its preview and import: (its token, its path)."""
    from casefile.web.upload import safe_name

    _sweep()
    token = secrets.token_hex(16)
    folder = _user_dir(ws_id, p) / token
    folder.mkdir(parents=True, mode=0o700)
    STAGING.chmod(0o700)
    path = folder / safe_name(name)
    with path.open("wb") as out:
        shutil.copyfileobj(stream, out)
    return token, path


def staged(ws_id: str, p: Principal, token: str) -> Path:
    """The staged list of this user under this token, or a clear error."""
    if not (len(token) == 32 and all(c in "0123456789abcdef" for c in token)):
        raise CasefileError("the uploaded list is not known here: upload it again")
    folder = _user_dir(ws_id, p) / token
    found = sorted(folder.iterdir()) if folder.is_dir() else []
    if not found:
        raise CasefileError(
            "the uploaded list is no longer here (a day has passed?): upload it again"
        )
    return found[0]


def unstage(ws_id: str, p: Principal, token: str) -> None:
    shutil.rmtree(_user_dir(ws_id, p) / token, ignore_errors=True)


# ---- import ----------------------------------------------------------------------------------


def _fields() -> list[str]:
    from casefile.people.importer import FIELDS

    return [*FIELDS, "extra"]


def _blank() -> dict[str, Any]:
    return {"form": {}, "fields": _fields()}


@job.get("/jobs/victims/import", "victims.import")
def import_form(request: Request, p: Principal = Depends(need("victims.import"))) -> Response:
    return render(request, "jobs/victims_import.html", _blank())


def _options(form: Any) -> dict[str, Any]:
    f = {
        "source": text(form, "source", 128),
        "sheet": text(form, "sheet", 200),
        "event_year": text(form, "event_year", 10),
    }
    year = whole(f["event_year"], "the year of the events", 1800, 2200) if f["event_year"] else None
    return {"form": f, "sheet": f["sheet"] or None, "event_year": year}


def _header(path: Path, sheet: str | None) -> list[str]:
    """The list's columns as read (for the mapping form when the mapping itself is refused)."""
    from casefile.people.tables import read_table

    try:
        return [h for h in read_table(path, path.read_bytes(), sheet).header if h]
    except (CasefileError, OSError):
        return []


def _preview(
    request: Request,
    p: Principal,
    token: str,
    path: Path,
    opts: dict[str, Any],
    overrides: dict[str, str],
    dry_run: bool,
) -> dict[str, Any]:
    """Runs ``import_list`` (a dry run for the preview) and says what it found, or why not."""
    from casefile.people.importer import ListRejected, import_list

    data: dict[str, Any] = {
        **_blank(),
        "form": opts["form"],
        "token": token,
        "file_name": path.name,
        "overrides": overrides,
    }
    try:
        res = import_list(
            as_user(request, p),
            path,
            opts["form"]["source"],
            overrides,
            opts["sheet"],
            opts["event_year"],
            dry_run,
        )
    except ListRejected as exc:
        data["error"] = str(exc)
        data["problems"] = [vars(x) for x in exc.problems[:SHOWN_PROBLEMS]]
        data["problem_count"] = len(exc.problems)
        data["mapping"] = {h: overrides.get(h, "") for h in _header(path, opts["sheet"])}
        return data
    except CasefileError as exc:
        data["error"] = str(exc)
        data["mapping"] = {h: overrides.get(h, "") for h in _header(path, opts["sheet"])}
        return data
    parsed = res.parsed
    data.update(
        {
            "mapping": dict(parsed.mapping),
            "preview": parsed.preview,
            "rows": len(parsed.records),
            "encoding": parsed.encoding,
            "sheet": parsed.sheet,
            "warnings": [vars(w) for w in parsed.warnings[:SHOWN_PROBLEMS]],
            "warning_count": len(parsed.warnings),
        }
    )
    if not dry_run:
        data["imported"] = {
            "list_id": res.list_id,
            "source": res.source,
            "item": res.item_sha256,
            "event_seq": res.event_seq,
        }
    return data


@job.post("/jobs/victims/import", "victims.import")
async def import_upload(
    request: Request, p: Principal = Depends(need("victims.import"))
) -> Response:
    """Stages the uploaded list and shows the dry run: mapping, first rows, problems."""
    multipart = request.headers.get("content-type", "").startswith("multipart/form-data")
    form = await read_form(request, p, max_files=1 if multipart else 0)
    data = _blank()
    try:
        opts = _options(form)
        data["form"] = opts["form"]
        chosen = files(form)
        if not chosen:
            raise CasefileError("choose the list's file (.csv or .xlsx)")
        if not opts["form"]["source"]:
            raise CasefileError(
                "name this list (its source: police, ngo-2022-04, ...): letters, digits, "
                "'.', '-' or '_'"
            )
        token, path = await run_action(
            stage, workspace(request).id, p, chosen[0].filename or "list", chosen[0].file
        )
    except CasefileError as exc:
        return refused(request, "jobs/victims_import.html", data, str(exc))
    finally:
        await form.close()
    result = await run_action(_preview, request, p, token, path, opts, {}, True)
    return render(request, "jobs/victims_preview.html", result, 400 if "error" in result else 200)


def overrides_of(form: Any) -> dict[str, str]:
    """The mapping chosen in the preview: column_N holds a column's name, field_N its field."""
    out: dict[str, str] = {}
    for n in range(500):
        col = form.get(f"column_{n}")
        if not isinstance(col, str):
            break
        fld = text(form, f"field_{n}", 40)
        if fld:
            out[col] = fld
    return out


@job.post("/jobs/victims/import/confirm", "victims.import")
async def import_confirm(
    request: Request, p: Principal = Depends(need("victims.import"))
) -> Response:
    """The staged list previewed again with the chosen mapping, or imported with it."""
    form = await read_form(request, p)
    data = _blank()
    try:
        opts = _options(form)
        data["form"] = opts["form"]
        token = text(form, "token", 64)
        path = staged(workspace(request).id, p, token)
        overrides = overrides_of(form)
    except CasefileError as exc:
        return refused(request, "jobs/victims_import.html", data, str(exc))
    importing = text(form, "go", 20) == "import"
    result = await run_action(_preview, request, p, token, path, opts, overrides, not importing)
    if "imported" in result:
        await run_action(unstage, workspace(request).id, p, token)
        return render(request, "jobs/victims_imported.html", result)
    return render(request, "jobs/victims_preview.html", result, 400 if "error" in result else 200)


# ---- linkage ----------------------------------------------------------------------------------


def _link_data(request: Request) -> dict[str, Any]:
    from sqlalchemy import func, select

    from casefile.people.schema import victim_lists, victim_records

    with workspace(request).db.read() as conn:
        lists = [
            dict(r._mapping)
            for r in conn.execute(
                select(
                    victim_lists.c.id,
                    victim_lists.c.source,
                    victim_lists.c.rows,
                    victim_lists.c.file_name,
                    victim_lists.c.created_at,
                ).order_by(victim_lists.c.id)
            )
        ]
        records = conn.execute(select(func.count()).select_from(victim_records)).scalar_one()
    return {"lists": lists, "records": records, "form": {}, "running": _linking.locked()}


@job.get("/jobs/victims/link", "victims.link")
def link_form(request: Request, p: Principal = Depends(need("victims.link"))) -> Response:
    return render(request, "jobs/victims_link.html", _link_data(request))


def _number(value: str, what: str, default: float) -> float:
    if not value:
        return default
    try:
        return float(value)
    except ValueError:
        raise CasefileError(f"{what} {value!r} is not a number (such as 0.9)") from None


def _run_link(ws: Any, opts: Any) -> Any:
    from casefile.people.link import run_link

    if not _linking.acquire(blocking=False):
        raise CasefileError(
            "a linkage run is already running on this server: wait for it to finish, then "
            "look at the registry"
        )
    try:
        return run_link(ws, opts)
    finally:
        _linking.release()


@job.post("/jobs/victims/link", "victims.link")
async def link_run(request: Request, p: Principal = Depends(need("victims.link"))) -> Response:
    """``casefile victims link [--upper U] [--lower L] [--compare COL]``."""
    from casefile.people.link import LinkOptions

    form = await read_form(request, p)
    data = _link_data(request)
    try:
        f = data["form"] = {
            "upper": text(form, "upper", 20),
            "lower": text(form, "lower", 20),
            "compare": text(form, "compare", 500),
        }
        opts = LinkOptions(
            upper=_number(f["upper"], "the upper threshold", 0.9),
            lower=_number(f["lower"], "the lower threshold", 0.3),
            compare=tuple(c.strip() for c in f["compare"].split(",") if c.strip()),
        )
    except CasefileError as exc:
        return refused(request, "jobs/victims_link.html", data, str(exc))
    res, error = await attempt(_run_link, as_user(request, p), opts)
    if error:
        return refused(request, "jobs/victims_link.html", data, error)
    data["result"] = {
        "run": res.run_id,
        "records": res.records,
        "persons": res.persons,
        "links": res.links,
        "review": res.review,
        "refused": res.refused,
        "event_seq": res.event_seq,
        "parameters": res.parameters,
        "seconds": round(res.timings.get("total", 0.0), 1),
        "upper": opts.upper,
    }
    return render(request, "jobs/victims_link.html", data)
