"""Every route, as every role and anonymously, against the one role matrix."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest
from web_helpers import WebCase, client_for

from casefile.web.app import PUBLIC_ROUTES
from casefile.web.roles import MATRIX, PROTECTED_FIELDS, allowed
from casefile.web.schema import ROLES


def _params(web_case: WebCase) -> dict[str, str]:
    from sqlalchemy import select

    from casefile.ingest.schema import facts

    with web_case.ws.db.read() as conn:
        fact_id = conn.execute(select(facts.c.id).limit(1)).scalar_one()
    values = {
        "ref": web_case.text_sha,
        "doc_id": str(web_case.document_id),
        "fact_id": str(fact_id),
    }
    values.update(_stage_params(web_case))
    return values


def _stage_params(web_case: WebCase) -> dict[str, str]:
    """Ids for the pages of later stages: '1' names nothing yet (a 404 is still 'allowed')."""
    return {
        "incident_id": "1",
        "person_id": "1",
        "record_id": "1",
        "witness_id": "1",
        "pair_id": "1",
        "name": "nobody-here",
        "token_id": "999999",
    }


def _routes(app: Any) -> list[tuple[str, str]]:
    from casefile.web.app import all_routes

    found = []
    for r in all_routes(app):
        for m in sorted(r.methods - {"HEAD"}):
            found.append((m, r.path))
    assert len(found) > 40  # every router's routes, not only the app's own
    return found


def test_every_route_names_an_action_of_the_matrix(app: Any) -> None:
    actions = app.state.route_actions
    for method, path in _routes(app):
        if path.startswith("/api/openapi") or path.startswith("/api/docs"):
            continue
        if (method, path) in PUBLIC_ROUTES:
            continue
        assert (method, path) in actions, f"{method} {path} is not in the role matrix"
        assert actions[(method, path)] in MATRIX


@pytest.fixture(scope="module")
def token_clients(app: Any, web_case: WebCase) -> dict[str, httpx.Client]:
    out = {}
    for role in ROLES:
        c = client_for(app)
        c.headers["Authorization"] = f"Bearer {web_case.tokens[role]}"
        out[role] = c
    out["anonymous"] = client_for(app)
    return out


def _call(c: httpx.Client, method: str, url: str) -> httpx.Response:
    if method == "GET":
        return c.get(url)
    # POSTs with no body: allowed roles get past the matrix and fail on input (4xx, not 401/403),
    # except the harmless ones that need no input.
    return c.post(url)


def test_matrix_is_enforced_on_every_route(
    app: Any, web_case: WebCase, token_clients: dict[str, httpx.Client]
) -> None:
    params = _params(web_case)
    actions = app.state.route_actions
    checked = 0
    for (method, path), action in sorted(actions.items()):
        names = re.findall(r"{(\w+)}", path)
        missing = [n for n in names if n not in params]
        assert not missing, f"no test value for {missing} in {path}"
        url = path.format(**{n: params[n] for n in names})
        for who, client in token_clients.items():
            r = _call(client, method, url)
            role = None if who == "anonymous" else who
            where = f"{method} {url} as {who}"
            if role is None:
                if method == "GET" and not path.startswith("/api/"):
                    assert r.status_code == 303 and "/login" in r.headers["location"], where
                else:
                    assert r.status_code == 401, where
            elif allowed(role, action):
                assert r.status_code not in (401, 403), f"{where}: {r.status_code} {r.text[:200]}"
                assert r.status_code < 500, f"{where}: {r.text[:300]}"
            else:
                assert r.status_code == 403, f"{where}: {r.status_code}"
                assert action in r.text
            checked += 1
    assert checked >= 5 * 20


def _keys(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


def test_viewer_never_sees_protected_fields(
    app: Any, web_case: WebCase, token_clients: dict[str, httpx.Client]
) -> None:
    params = _params(web_case)
    viewer, analyst = token_clients["viewer"], token_clients["analyst"]
    seen_by_analyst: set[str] = set()
    for (method, path), action in sorted(app.state.route_actions.items()):
        if method != "GET" or not path.startswith("/api/") or not allowed("viewer", action):
            continue
        url = path.format(**{n: params[n] for n in re.findall(r"{(\w+)}", path)})
        r = viewer.get(url)
        if r.status_code == 404:
            continue
        assert r.status_code == 200, url
        leaked = _keys(r.json()) & PROTECTED_FIELDS
        assert not leaked, f"{url} shows {leaked} to a viewer"
        seen_by_analyst |= _keys(analyst.get(url).json()) & PROTECTED_FIELDS
    # The check has teeth: staff do see such fields on the same routes.
    assert {"actor", "sources"} <= seen_by_analyst
    # And a viewer sees no item contents.
    page = viewer.get(f"/items/{web_case.text_sha}")
    assert "Witness note about shelling" not in page.text
    assert viewer.get(f"/items/{web_case.text_sha}/raw").status_code == 403


def test_redact_copies_only_what_held_protected_fields() -> None:
    """Protected fields go at any depth, in dicts, lists and tuples; the parts without any
    are the caller's own objects, unchanged (the timeline's chart cache finds them again)."""
    from casefile.web.roles import redact

    clean = {"bins": [{"start": "2022-03-01", "parts": [{"status": "verified"}]}], "n": (1, 2)}
    dirty = {"id": 1, "actor": "ana@ngo", "files": ({"sha": "ab", "original_path": "/x"},)}
    data = {"histogram": clean, "item": dirty, "rows": [clean, dirty]}
    out = redact("viewer", data)
    assert out == {
        "histogram": clean,
        "item": {"id": 1, "files": [{"sha": "ab"}]},
        "rows": [clean, {"id": 1, "files": [{"sha": "ab"}]}],
    }
    assert out["histogram"] is clean and out["rows"][0] is clean and out is not data
    assert dirty == {"id": 1, "actor": "ana@ngo", "files": ({"sha": "ab", "original_path": "/x"},)}
    assert redact("viewer", clean) is clean
    assert redact("admin", data) is data
