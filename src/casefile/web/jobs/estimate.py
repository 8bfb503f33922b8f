"""An estimate of the undocumented from the linked victim registry, run in the browser, and
every stored estimate said in words: the method, the lists, what is counted, and how it
relates to the case's toll figures.

The run is ``casefile estimate --registry --method M [--strata S] [--lists L]``: the same steps
of ``cli.estimate_cmds`` in the same order (the registry's capture histories into the vault,
the estimate, the check at both ends of the review queue, the stored run and its 'estimated'
event). Those steps are the CLI module's own functions, reached through a stand-in for the
command's context that holds the workspace; ``casefile.estimate`` has no public function for
the whole run yet (see the report of issue 28).
"""

from __future__ import annotations

import csv
import json
import threading
from collections import Counter
from typing import Any

from fastapi import Depends, Request
from fastapi.responses import Response
from sqlalchemy import select

from casefile.errors import CasefileError
from casefile.estimate.words import METHOD_WORDS
from casefile.vault.workspace import Workspace
from casefile.web.jobs.common import (
    Job,
    as_user,
    attempt,
    need,
    read_form,
    refused,
    render,
    text,
    texts,
    whole,
    workspace,
)
from casefile.web.security import Principal

job = Job()
router = job.router
STRATA = ("place", "oblast", "sex", "status", "birth_decade", "age_group")
_running = threading.Lock()


def run_registry_estimate(
    ws: Workspace, method: str, strata: list[str], lists: str | None, linkages: int | None
) -> tuple[str | None, list[Any], dict[str, str]]:
    """``casefile estimate --registry`` with the command's function: (the stored run's id,
    the estimates, the strata refused). One estimate at a time per server."""
    from casefile.estimate.run import Request, estimate_registry

    req = Request(method=method, strata=strata, lists=lists, linkages=linkages)
    req.check(registry=True)
    if not _running.acquire(blocking=False):
        raise CasefileError("an estimate is already running on this server: wait for it")
    try:
        outcome = estimate_registry(ws, req)
    finally:
        _running.release()
    if not outcome.results:
        raise CasefileError(
            "no estimate: "
            + ("; ".join(f"{k}: {v}" for k, v in outcome.refused.items()) or "nothing to estimate")
        )
    return outcome.run_id, outcome.results, outcome.refused


# ---- in words -------------------------------------------------------------------------------


def _stored(conn: Any, run_id: str | None) -> dict[str, Any] | None:
    from casefile.estimate.schema import estimates

    q = select(estimates).order_by(estimates.c.id.desc()).limit(1)
    if run_id is not None:
        q = select(estimates).where(estimates.c.run_id == run_id).limit(1)
    row = conn.execute(q).first()
    return None if row is None else dict(row._mapping)


def _list_counts(ws: Workspace, sha: str, strata: list[str]) -> tuple[dict[str, int], int]:
    """Persons on each list, and on any, from the run's own input table in the vault."""
    counts: Counter[str] = Counter()
    anyone = 0
    with ws.blobs.path_for(sha).open(newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        lists = [h for h in reader.fieldnames or [] if h not in strata and h != "count"]
        for row in reader:
            n = float(row["count"]) if row.get("count") else 1.0
            on = [name for name in lists if row.get(name, "").strip() == "1"]
            for name in on:
                counts[name] += int(n)
            anyone += int(n) if on else 0
    return {name: counts[name] for name in lists}, anyone


def explain(ws: Workspace, run_id: str | None = None) -> dict[str, Any] | None:
    """A stored estimate in words: None when there is none."""
    from casefile.case.figures import best_figures_now
    from casefile.case.incidents import list_incidents
    from casefile.estimate.store import run as stored_run

    with ws.db.read() as conn:
        row = _stored(conn, run_id)
        if row is None:
            return None
        found = stored_run(conn, row["run_id"])
        settings = json.loads(row["settings"] or "{}")
        strata = list(settings.get("strata") or [])
        chosen = json.loads(row["lists"] or "[]")
        statuses, places = _registry_profile(conn)
        tolls = []
        for inc in list_incidents(conn):
            for category, best in best_figures_now(conn, inc.id).items():
                tolls.append(
                    {
                        "incident": inc.id,
                        "title": inc.title,
                        "places": [p["name"] for p in inc.places],
                        "category": category,
                        "value": best["value"],
                        "source": best["source"],
                        "date": best["date"],
                    }
                )
    per_list, on_any = _list_counts(ws, found.input_sha256, strata)
    used = chosen or list(per_list)
    whole = found.total or (found.results[0] if found.results else None)
    name, how = METHOD_WORDS.get(found.method, (found.method, ""))
    return {
        "run_id": found.run_id,
        "created_at": found.created_at,
        "method": found.method,
        "method_name": name,
        "method_words": how,
        "input_kind": found.input_kind,
        "input_sha256": found.input_sha256,
        "lists": [{"name": n, "persons": per_list.get(n, 0)} for n in used],
        "other_lists": [n for n in per_list if n not in used],
        "on_any": on_any,
        "strata": strata,
        "statuses": statuses,
        "places": places,
        "whole": None if whole is None else whole.as_json(),
        "results": [r.as_json() for r in found.all],
        "tolls": tolls,
    }


def _registry_profile(conn: Any) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """Records per status and per place in the lists (what the registry holds, not who)."""
    from sqlalchemy import func

    from casefile.people.schema import victim_records

    def grouped(col: Any) -> list[tuple[str, int]]:
        rows = conn.execute(
            select(col, func.count()).group_by(col).order_by(func.count().desc())
        ).all()
        return [(str(v) if v not in (None, "") else "not given", int(n)) for v, n in rows]

    return grouped(victim_records.c.status), grouped(victim_records.c.place)


# ---- pages ------------------------------------------------------------------------------------


def _form_data(request: Request) -> dict[str, Any]:
    from casefile.people.schema import victim_lists

    with workspace(request).db.read() as conn:
        names = list(
            conn.execute(select(victim_lists.c.source).order_by(victim_lists.c.id)).scalars()
        )
    return {
        "methods": [(m, METHOD_WORDS[m][0]) for m in METHOD_WORDS],
        "strata_choices": STRATA,
        "list_names": names,
        "form": {"method": "loglinear", "strata": [], "lists": []},
        "running": _running.locked(),
    }


@job.get("/jobs/estimate", "estimates.run")
def estimate_form(request: Request, p: Principal = Depends(need("estimates.run"))) -> Response:
    return render(request, "jobs/estimate.html", _form_data(request))


@job.post("/jobs/estimate", "estimates.run")
async def estimate_run(request: Request, p: Principal = Depends(need("estimates.run"))) -> Response:
    form = await read_form(request, p)
    data = _form_data(request)
    try:
        f = data["form"] = {
            "method": text(form, "method", 20),
            "strata": texts(form, "strata"),
            "lists": texts(form, "lists"),
            "linkages": text(form, "linkages", 4),
        }
        linkages = (
            whole(f["linkages"], "the number of alternative linkages", 0, 100)
            if f["linkages"]
            else None  # the command's default: 20 draws on the whole registry
        )
        if linkages and f["strata"]:
            raise CasefileError(
                "alternative linkages work on the whole registry: leave the strata unticked"
            )
        bad = [s for s in f["strata"] if s not in STRATA]
        if bad:
            raise CasefileError(f"no stratum {', '.join(bad)}: use {', '.join(STRATA)}")
    except CasefileError as exc:
        return refused(request, "jobs/estimate.html", data, str(exc))
    lists = ",".join(f["lists"]) or None
    done, error = await attempt(
        run_registry_estimate, as_user(request, p), f["method"], f["strata"], lists, linkages
    )
    if error:
        return refused(request, "jobs/estimate.html", data, error)
    run_id, _results, refused_strata = done
    data["explained"] = explain(workspace(request), run_id)
    data["refused_strata"] = refused_strata
    return render(request, "jobs/estimate.html", data)


@job.get("/jobs/estimate/explained", "estimates.view")
def explained(request: Request, p: Principal = Depends(need("estimates.view"))) -> Response:
    """The latest stored estimate (or ``?run=ID``) in words, for everyone who sees estimates."""
    raw = request.query_params.get("run", "")
    run_id = raw if raw and len(raw) <= 64 and all(c in "0123456789abcdef-" for c in raw) else None
    data: dict[str, Any]
    try:
        data = {"explained": explain(workspace(request), run_id)}
    except CasefileError as exc:
        data = {"explained": None, "error": str(exc)}
    return render(request, "jobs/estimate_explained.html", data)
