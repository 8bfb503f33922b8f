"""Who may open and send each job's form (issue 28), written out here on its own so that a
change of the role matrix that widens a job fails a test: every /jobs route is in this table,
its action is the one named, and each role gets the form or a 403 as the table says."""

from __future__ import annotations

import re
from typing import Any

import httpx
from web_helpers import csrf_of

from casefile.web.roles import MATRIX
from casefile.web.schema import ROLES

A, INV, N, V = "admin", "investigator", "analyst", "viewer"
EVERYONE = {A, INV, N, V}

# (method, path): (action, roles allowed)
EXPECTED: dict[tuple[str, str], tuple[str, set[str]]] = {
    ("GET", "/jobs"): ("dashboard.view", EVERYONE),
    ("GET", "/jobs/ingest"): ("ingest.run", {A, INV}),
    ("POST", "/jobs/ingest"): ("ingest.run", {A, INV}),
    ("GET", "/jobs/capture"): ("items.upload", {A, INV}),
    ("POST", "/jobs/capture"): ("items.upload", {A, INV}),
    ("GET", "/jobs/proposals"): ("incidents.view", EVERYONE),
    ("POST", "/jobs/proposals/{fact_id}"): ("incidents.edit", {A, INV}),
    ("GET", "/jobs/incidents/new"): ("incidents.edit", {A, INV}),
    ("POST", "/jobs/incidents/new"): ("incidents.edit", {A, INV}),
    ("GET", "/jobs/incidents/{incident_id}/edit"): ("incidents.edit", {A, INV}),
    ("POST", "/jobs/incidents/{incident_id}/edit"): ("incidents.edit", {A, INV}),
    ("POST", "/jobs/incidents/{incident_id}/assess"): ("incidents.edit", {A, INV}),
    ("POST", "/jobs/incidents/{incident_id}/seal"): ("incidents.seal", {A}),
    ("POST", "/jobs/incidents/{incident_id}/unseal"): ("incidents.unseal", {A}),
    ("GET", "/jobs/incidents/{incident_id}/figures"): ("incidents.figures", {A, INV, N}),
    ("POST", "/jobs/incidents/{incident_id}/figures"): ("incidents.figures", {A, INV, N}),
    ("POST", "/jobs/incidents/{incident_id}/best"): ("incidents.figures", {A, INV, N}),
    ("GET", "/jobs/incidents/{incident_id}/evidence"): ("incidents.edit", {A, INV}),
    ("POST", "/jobs/incidents/{incident_id}/evidence"): ("incidents.edit", {A, INV}),
    ("GET", "/jobs/incidents/{incident_id}/claims"): ("incidents.edit", {A, INV}),
    ("POST", "/jobs/incidents/{incident_id}/claims"): ("incidents.edit", {A, INV}),
    ("POST", "/jobs/incidents/{incident_id}/claims/evidence"): ("incidents.edit", {A, INV}),
    ("POST", "/jobs/incidents/{incident_id}/claims/assess"): ("incidents.edit", {A, INV}),
    ("POST", "/jobs/incidents/{incident_id}/evidence/verify"): ("incidents.edit", {A, INV}),
    ("GET", "/jobs/incidents/merge"): ("incidents.edit", {A, INV}),
    ("POST", "/jobs/incidents/merge"): ("incidents.edit", {A, INV}),
    ("GET", "/jobs/facts/{fact_id}/correct"): ("facts.correct", {A, INV, N}),
    ("POST", "/jobs/facts/{fact_id}/correct"): ("facts.correct", {A, INV, N}),
    ("GET", "/jobs/incidents/{incident_id}/legal"): ("incidents.edit", {A, INV}),
    ("POST", "/jobs/incidents/{incident_id}/legal"): ("incidents.edit", {A, INV}),
    ("POST", "/jobs/incidents/{incident_id}/legal/element"): ("incidents.edit", {A, INV}),
    ("POST", "/jobs/incidents/{incident_id}/perpetrators"): ("incidents.edit", {A, INV}),
    ("GET", "/jobs/incidents/{incident_id}/split"): ("incidents.edit", {A, INV}),
    ("POST", "/jobs/incidents/{incident_id}/split"): ("incidents.edit", {A, INV}),
    ("GET", "/jobs/items/{ref}/annotate"): ("items.annotate", {A, INV}),
    ("POST", "/jobs/items/{ref}/annotate"): ("items.annotate", {A, INV}),
    ("GET", "/jobs/victims/import"): ("victims.import", {A, INV, N}),
    ("POST", "/jobs/victims/import"): ("victims.import", {A, INV, N}),
    ("POST", "/jobs/victims/import/confirm"): ("victims.import", {A, INV, N}),
    ("GET", "/jobs/victims/link"): ("victims.link", {A, N}),
    ("POST", "/jobs/victims/link"): ("victims.link", {A, N}),
    ("GET", "/jobs/estimate"): ("estimates.run", {A, N}),
    ("POST", "/jobs/estimate"): ("estimates.run", {A, N}),
    ("GET", "/jobs/estimate/explained"): ("estimates.view", EVERYONE),
    ("GET", "/jobs/export"): ("export.run", {A, INV, N}),
    ("POST", "/jobs/export"): ("export.run", {A, INV, N}),
    ("GET", "/jobs/verify-bag"): ("items.verify", {A, INV, N}),
    ("POST", "/jobs/verify-bag"): ("items.verify", {A, INV, N}),
    ("GET", "/jobs/users"): ("users.manage", {A}),
    ("POST", "/jobs/users"): ("users.manage", {A}),
    ("POST", "/jobs/tokens"): ("users.manage", {A}),
    ("GET", "/jobs/witnesses/new"): ("witnesses.add", {A, INV}),
    ("POST", "/jobs/witnesses/new"): ("witnesses.add", {A, INV}),
    ("GET", "/jobs/witnesses/consent"): ("witnesses.add", {A, INV}),
    ("POST", "/jobs/witnesses/consent"): ("witnesses.add", {A, INV}),
    ("GET", "/jobs/statements/new"): ("witnesses.add", {A, INV}),
    ("POST", "/jobs/statements/new"): ("witnesses.add", {A, INV}),
}


def test_every_job_route_is_in_the_table(app: Any) -> None:
    routes = {k: v for k, v in app.state.route_actions.items() if k[1].startswith("/jobs")}
    assert set(routes) == set(EXPECTED)
    for key, (action, roles) in EXPECTED.items():
        assert routes[key] == action, key
        assert set(MATRIX[action]) == roles, f"{key}: {action} is {sorted(MATRIX[action])}"


def test_each_role_gets_the_form_or_403(clients: dict[str, httpx.Client]) -> None:
    """With a session and its CSRF token, as the browser sends forms: POSTs carry no fields, so
    an allowed role is refused on its input (400/404), never on its role."""
    for (method, path), (action, roles) in EXPECTED.items():
        url = re.sub(r"{\w+}", "999999", path)
        for role in ROLES:
            c = clients[role]
            r = c.get(url) if method == "GET" else c.post(url, data={"csrf": csrf_of(c)})
            where = f"{method} {url} as {role}"
            if role in roles:
                assert r.status_code not in (401, 403), f"{where}: {r.status_code}"
                assert r.status_code < 500, f"{where}: {r.text[:300]}"
            else:
                assert r.status_code == 403 and action in r.text, f"{where}: {r.status_code}"
        anonymous = clients["anonymous"]
        r = anonymous.get(url) if method == "GET" else anonymous.post(url, data={})
        assert r.status_code in (303, 401), f"{method} {url} anonymously: {r.status_code}"
