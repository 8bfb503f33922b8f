"""Users and API tokens added by an admin in the browser (issue 28): the account logs in,
the token works once shown, the accounts' checks said in the form, admins only."""

from __future__ import annotations

import re

import httpx
from sqlalchemy import select
from web_helpers import WebCase, client_for, csrf_of, login

from casefile.vault.schema import ledger_entries


def _add(c: httpx.Client, **fields: str) -> httpx.Response:
    return c.post("/jobs/users", data={"csrf": csrf_of(c), **fields})


def test_user_added_logs_in_and_token_works(
    app: object, clients: dict[str, httpx.Client], web_case: WebCase
) -> None:
    admin = clients["admin"]
    assert 'href="/jobs/users"' in admin.get("/users").text
    pw = "a long enough secret"
    r = _add(admin, name="olena", role="analyst", password=pw, password_again=pw)
    assert r.status_code == 200 and "Created user <b>olena</b> (analyst)" in r.text
    assert pw not in r.text
    fresh = client_for(app)
    assert login(fresh, "olena", pw).status_code == 303
    assert fresh.get("/victims").status_code == 200
    r = admin.post(
        "/jobs/tokens", data={"csrf": csrf_of(admin), "user": "olena", "label": "nightly"}
    )
    assert r.status_code == 200
    token = re.search(r'id="new-token">(cf_[^<]+)<', r.text).group(1)  # type: ignore[union-attr]
    api = client_for(app)
    api.headers["Authorization"] = f"Bearer {token}"
    assert api.get("/api/items").status_code == 200
    with web_case.ws.db.read() as conn:
        kinds = conn.execute(
            select(ledger_entries.c.kind, ledger_entries.c.actor).where(
                ledger_entries.c.kind.in_(["user_created", "api_token_created"])
            )
        ).all()
    assert ("user_created", "web:admin") in kinds and ("api_token_created", "web:admin") in kinds


def test_accounts_checks_said_in_the_form(clients: dict[str, httpx.Client]) -> None:
    admin = clients["admin"]
    pw = "a long enough secret"
    r = _add(admin, name="ivan", role="analyst", password=pw, password_again=pw + "!")
    assert r.status_code == 400 and "the two passwords differ" in r.text
    r = _add(admin, name="ivan", role="analyst", password="short", password_again="short")
    assert r.status_code == 400 and "too short" in r.text and 'value="ivan"' in r.text
    r = _add(admin, name="iv an", role="analyst", password=pw, password_again=pw)
    assert r.status_code == 400 and "is not allowed" in r.text
    r = _add(admin, name="ivan", role="boss", password=pw, password_again=pw)
    assert r.status_code == 400 and "does not exist" in r.text
    r = _add(admin, name="viewer", role="viewer", password=pw, password_again=pw)
    assert r.status_code == 400 and "already a user named" in r.text
    r = admin.post("/jobs/tokens", data={"csrf": csrf_of(admin), "user": "nobody-here"})
    assert r.status_code == 400 and "no user named" in r.text
    assert admin.post("/jobs/users", data={"name": "x"}).status_code == 403
    for role in ("investigator", "analyst", "viewer"):
        assert clients[role].get("/jobs/users").status_code == 403
