"""The server-side page cache: per-role keys, per-user parts filled in after the cache,
invalidation by the ledger, ETag/304, pages never cached, and the switch that turns it off."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from web_helpers import WebCase, client_for, login

from casefile.vault.acquire import add_sources
from casefile.web.accounts import add_user
from casefile.web.app import create_app
from casefile.web.cache import CSRF_PLACEHOLDER, NAME_PLACEHOLDER

PASSWORD = "long enough password"


@pytest.fixture(scope="module")
def cached_app(web_case: WebCase) -> Any:
    add_user(web_case.ws, "admin2", "admin", PASSWORD)
    add_user(web_case.ws, "viewer2", "viewer", PASSWORD)
    return create_app(web_case.ws, page_cache=True)


@pytest.fixture(scope="module")
def users(cached_app: Any) -> Iterator[dict[str, httpx.Client]]:
    out = {}
    for name in ("admin", "admin2", "analyst", "viewer", "viewer2"):
        c = client_for(cached_app)
        assert login(c, name).status_code == 303
        out[name] = c
    yield out
    for c in out.values():
        c.close()


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, html[:300]
    return found.group(1)


def test_same_role_gets_cached_page_with_own_name_and_csrf(
    cached_app: Any, users: dict[str, httpx.Client], web_case: WebCase
) -> None:
    pages = cached_app.state.web.pages
    url = f"/items/{web_case.text_sha}"
    first = users["admin"].get(url)
    assert first.status_code == 200
    hits = pages.hits
    second = users["admin2"].get(url)
    assert second.status_code == 200
    assert pages.hits == hits + 1  # served from the cache
    a, b = _csrf(first.text), _csrf(second.text)
    assert a != b
    assert "admin2 · admin" in second.text and "admin2" not in first.text
    assert a not in second.text  # never another user's CSRF token
    for body in (first.text, second.text):
        assert NAME_PLACEHOLDER not in body and CSRF_PLACEHOLDER not in body
    # The CSRF token of the cached page works for its user: verify is accepted.
    done = users["admin2"].post(f"/items/{web_case.text_sha}/verify", data={"csrf": b})
    assert done.status_code == 200, done.text[:300]
    wrong = users["admin2"].post(f"/items/{web_case.text_sha}/verify", data={"csrf": a})
    assert wrong.status_code == 403


def test_roles_never_share_pages(cached_app: Any, users: dict[str, httpx.Client]) -> None:
    staff = users["analyst"].get("/api/ledger")
    assert staff.status_code == 200 and '"actor"' in staff.text
    viewer = users["viewer"].get("/api/ledger")
    assert viewer.status_code == 200 and '"actor"' not in viewer.text
    # A second viewer gets the viewer's (cached) version, still without protected fields.
    hits = cached_app.state.web.pages.hits
    again = users["viewer2"].get("/api/ledger")
    assert cached_app.state.web.pages.hits == hits + 1
    assert again.json() == viewer.json()
    # Navigation differs by role: the viewer's cached HTML has no link to the victims page.
    assert 'href="/victims"' in users["analyst"].get("/ledger").text
    assert 'href="/victims"' not in users["viewer2"].get("/ledger").text
    # A role that may not see a page gets 403, even when it is cached for another role.
    assert users["analyst"].get("/api/victims").status_code == 200
    assert users["viewer"].get("/api/victims").status_code == 403


def test_a_write_invalidates_and_etag_gives_304(
    cached_app: Any, users: dict[str, httpx.Client], web_case: WebCase, tmp_path: Path
) -> None:
    c = users["admin"]
    before = c.get("/api/items")
    tag = before.headers["etag"]
    assert c.get("/api/items", headers={"If-None-Match": tag}).status_code == 304
    # The same ETag from another user is not theirs: a full response.
    other = users["admin2"].get("/api/items", headers={"If-None-Match": tag})
    assert other.status_code == 200 and other.headers["etag"] != tag
    new = tmp_path / "fresh.txt"
    new.write_text("a new piece of evidence for the cache test\n")
    [res] = add_sources(web_case.ws, [str(new)])
    after = c.get("/api/items", headers={"If-None-Match": tag})
    assert after.status_code == 200
    assert after.json()["paging"]["total"] == before.json()["paging"]["total"] + 1
    assert after.json()["items"][0]["sha256"] == res.sha256
    assert after.headers["etag"] != tag
    html = c.get("/items").text
    assert res.sha256 in html


def test_pages_never_cached(cached_app: Any, users: dict[str, httpx.Client]) -> None:
    pages = cached_app.state.web.pages
    for url in ("/users", "/api/users", "/witnesses", "/api/witnesses"):
        users["admin"].get(url)
        hits = pages.hits
        r = users["admin2"].get(url)
        assert r.status_code == 200
        assert pages.hits == hits, url
        assert "etag" not in r.headers


def test_cache_can_be_turned_off(web_case: WebCase) -> None:
    app = create_app(web_case.ws, page_cache=False)
    with client_for(app) as c:
        assert login(c, "admin2").status_code == 303
        r = c.get("/items")
        assert r.status_code == 200 and "etag" not in r.headers
        assert "admin2 · admin" in r.text and NAME_PLACEHOLDER not in r.text
        assert app.state.web.pages.hits == 0
