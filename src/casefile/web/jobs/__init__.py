"""The CLI's jobs as forms in the browser (issue 28): one router per area.

Each job is a form (GET shows it, POST does it) that calls the same core function as its CLI
command, so the same checks, messages and ledger events follow; the core's refusal is shown in
the form with the values given, never as a 500. Every route names one action of the role
matrix (``web.roles.MATRIX``); ``include(app)`` adds the routers and their actions to the app.
"""

from __future__ import annotations

from fastapi import Depends, FastAPI, Request
from fastapi.responses import Response

from casefile.web.jobs import (
    bags,
    claims,
    estimate,
    export,
    facts,
    incidents,
    ingest,
    items,
    legal,
    users,
    victims,
    witnesses,
)
from casefile.web.jobs.common import ACTIONS, Job, allowed, need, render
from casefile.web.security import Principal

hub = Job()

# (href, what it does, the CLI command it stands for, action)
JOBS: list[tuple[str, str, str, str]] = [
    ("/jobs/ingest", "Ingest a report (file or web address)", "ingest", "ingest.run"),
    ("/jobs/capture", "Capture web pages as evidence", "add URL", "items.upload"),
    (
        "/jobs/proposals",
        "See and confirm proposed incidents",
        "incident proposals",
        "incidents.view",
    ),
    ("/jobs/incidents/new", "Create an incident", "incident create", "incidents.edit"),
    (
        "/jobs/incidents/merge",
        "Merge incidents that are one event",
        "incident merge",
        "incidents.edit",
    ),
    (
        "/jobs/victims/import",
        "Import a victim list (CSV or XLSX)",
        "victims import",
        "victims.import",
    ),
    ("/jobs/victims/link", "Link the victim lists into persons", "victims link", "victims.link"),
    ("/jobs/estimate", "Estimate the undocumented", "estimate --registry", "estimates.run"),
    ("/jobs/estimate/explained", "The latest estimate in words", "estimate", "estimates.view"),
    ("/jobs/export", "Export a bag, data or a report", "export bag | data, report", "export.run"),
    (
        "/jobs/verify-bag",
        "Check a bag (its ZIP): hashes, proofs, signature",
        "verify-bag",
        "items.verify",
    ),
    ("/jobs/witnesses/new", "Add a witness", "witness add", "witnesses.add"),
    ("/jobs/statements/new", "Record a statement", "statement add", "witnesses.add"),
    ("/jobs/witnesses/consent", "Record a witness's consent", "witness consent", "witnesses.add"),
    ("/jobs/users", "Add users and API tokens", "user add, token create", "users.manage"),
]


@hub.get("/jobs", "dashboard.view")
def jobs_page(request: Request, p: Principal = Depends(need("dashboard.view"))) -> Response:
    mine = [
        {"href": href, "what": what, "cli": cli}
        for href, what, cli, action in JOBS
        if allowed(p.role, action)
    ]
    return render(request, "jobs/index.html", {"jobs": mine})


ROUTERS = [
    hub.router,
    ingest.router,
    incidents.router,
    claims.router,
    facts.router,
    legal.router,
    items.router,
    victims.router,
    export.router,
    bags.router,
    users.router,
    estimate.router,
    witnesses.router,
]


def include(app: FastAPI) -> None:
    """Adds every job router to the app and their actions to its table of route actions."""
    for router in ROUTERS:
        app.include_router(router)
    actions: dict[tuple[str, str], str] = app.state.route_actions
    actions.update(ACTIONS)


__all__ = ["JOBS", "ROUTERS", "include"]
