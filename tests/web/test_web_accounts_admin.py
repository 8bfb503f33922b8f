"""Disabling accounts and revoking API tokens (admin page, API and CLI, each a ledger event);
login locks that back off without extending themselves, counted without a ledger event per
refused try; proxy headers trusted only when configured; reveal reasons in words."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select, update
from typer.testing import CliRunner
from web_helpers import PASSWORD, client_for, csrf_of, login

from casefile.cli.main import app as cli
from casefile.errors import CasefileError
from casefile.vault.workspace import Workspace
from casefile.web.accounts import FAILURE_WINDOW, add_user, create_token, set_user_active
from casefile.web.app import create_app
from casefile.web.routes.witnesses import reveal_reason
from casefile.web.schema import login_attempts


def _events(ws: Workspace, kind: str | None = None) -> list[dict[str, Any]]:
    with ws.db.read() as conn:
        out = [json.loads(e.body) for e in ws.ledger.entries(conn)]
    return [e for e in out if kind is None or e["kind"] == kind]


def _client(app: Any, address: str) -> httpx.Client:
    from starlette.testclient import TestClient

    return TestClient(app, follow_redirects=False, client=(address, 40000))  # type: ignore[return-value]


def _shift_attempts(ws: Workspace, by: timedelta) -> None:
    """Moves every stored login try back in time, as if ``by`` had passed."""
    with ws.db.write() as conn:
        for row in conn.execute(select(login_attempts.c.id, login_attempts.c.at)).all():
            at = datetime.strptime(row.at, "%Y-%m-%dT%H:%M:%S.%fZ") - by
            conn.execute(
                update(login_attempts)
                .where(login_attempts.c.id == row.id)
                .values(at=at.strftime("%Y-%m-%dT%H:%M:%S.%fZ"))
            )


# -- disabling accounts and revoking tokens, from the admin page --


def test_admin_revokes_a_token_on_the_users_page(workspace: Workspace) -> None:
    add_user(workspace, "lead", "admin", PASSWORD)
    add_user(workspace, "bot", "analyst", PASSWORD)
    token = create_token(workspace, "bot", "nightly export")
    app = create_app(workspace)
    admin, script = client_for(app), client_for(app)
    script.headers["Authorization"] = f"Bearer {token}"
    assert login(admin, "lead").status_code == 303
    assert script.get("/api/items").status_code == 200  # remembered by the app from now on
    page = admin.get("/users")
    assert page.status_code == 200 and "nightly export" in page.text and token[:10] in page.text
    token_id = int(re.search(r'action="/tokens/(\d+)/revoke"', page.text).group(1))  # type: ignore[union-attr]
    # A form without its CSRF token, or without a reason, changes nothing.
    r = admin.post(f"/tokens/{token_id}/revoke", data={"reason": "leaked"})
    assert r.status_code == 403 and "CSRF" in r.text
    r = admin.post(f"/tokens/{token_id}/revoke", data={"csrf": csrf_of(admin), "reason": " "})
    assert r.status_code == 400 and "reason" in r.text
    assert script.get("/api/items").status_code == 200
    # Another role may not revoke, even its own token.
    r = script.post(f"/api/tokens/{token_id}/revoke", data={"reason": "mine"})
    assert r.status_code == 403
    r = admin.post(
        f"/tokens/{token_id}/revoke",
        data={"csrf": csrf_of(admin), "reason": "laptop stolen"},
    )
    assert r.status_code == 303 and r.headers["location"].startswith("/users?done=")
    assert "revoked token" in admin.get(r.headers["location"]).text
    # Refused at once, though the app remembered the token a moment ago.
    r = script.get("/api/items")
    assert r.status_code == 401
    [ev] = _events(workspace, "api_token_revoked")
    assert ev["actor"] == "web:lead"
    assert ev["data"] == {
        "user": "bot",
        "token": token_id,
        "prefix": token[:10],
        "reason": "laptop stolen",
    }
    assert token not in json.dumps(_events(workspace))
    r = admin.post(f"/tokens/{token_id}/revoke", data={"csrf": csrf_of(admin), "reason": "again"})
    assert r.status_code == 400 and "was revoked" in r.text
    # A new app (another worker, a restart) refuses it too.
    fresh = client_for(create_app(workspace))
    assert fresh.get("/api/items", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_admin_disables_and_enables_an_account(workspace: Workspace) -> None:
    add_user(workspace, "lead", "admin", PASSWORD)
    add_user(workspace, "ana", "analyst", PASSWORD)
    token = create_token(workspace, "ana")
    app = create_app(workspace)
    admin, ana, script = client_for(app), client_for(app), client_for(app)
    script.headers["Authorization"] = f"Bearer {token}"
    assert login(admin, "lead").status_code == 303
    assert login(ana, "ana").status_code == 303
    assert ana.get("/api/items").status_code == 200 and script.get("/api/items").status_code == 200
    r = admin.post("/users/ana/disable", data={"csrf": csrf_of(admin), "reason": "left the team"})
    assert r.status_code == 303
    assert "no: disabled" in admin.get("/users").text
    # Her open session and her token stop at once; she cannot log in again.
    assert ana.get("/api/items").status_code == 401
    assert ana.get("/items").status_code == 303
    assert script.get("/api/items").status_code == 401
    r = login(client_for(app), "ana")
    assert r.status_code == 401 and "disabled" in r.text
    assert login(client_for(app), "ana", "a wrong password").status_code == 401
    # Enabled again (the reason is in the ledger too): she logs in and her token works.
    r = admin.post("/users/ana/enable", data={"csrf": csrf_of(admin), "reason": "came back"})
    assert r.status_code == 303
    assert login(client_for(app), "ana").status_code == 303
    assert script.get("/api/items").status_code == 200
    kinds = [(e["kind"], e["data"].get("reason")) for e in _events(workspace)]
    assert ("user_disabled", "left the team") in kinds and ("user_enabled", "came back") in kinds
    # Not twice, not an unknown name, and not the last active admin.
    r = admin.post("/users/ana/enable", data={"csrf": csrf_of(admin), "reason": "again"})
    assert r.status_code == 400 and "already active" in r.text
    r = admin.post("/users/ghost/disable", data={"csrf": csrf_of(admin), "reason": "who"})
    assert r.status_code == 400 and "no user named 'ghost'" in r.text
    r = admin.post("/users/lead/disable", data={"csrf": csrf_of(admin), "reason": "oops"})
    assert r.status_code == 400 and "last active admin" in r.text
    # An analyst's own session may not change accounts.
    r = ana.post("/users/lead/disable", data={"reason": "coup"})
    assert r.status_code in (401, 403)


def test_cli_disables_accounts_and_revokes_tokens(tmp_path: Path) -> None:
    runner = CliRunner()
    ws_dir = tmp_path / "ws"
    assert runner.invoke(cli, ["init", str(ws_dir)]).exit_code == 0
    w = ["-w", str(ws_dir)]
    for name, role in (("lead", "admin"), ("bot", "viewer")):
        r = runner.invoke(
            cli,
            [*w, "user", "add", name, "--role", role, "--password-stdin"],
            input=PASSWORD + "\n",
        )
        assert r.exit_code == 0, r.output
    token = runner.invoke(cli, [*w, "token", "create", "bot", "--label", "sync"]).stdout.strip()
    token = token.splitlines()[-1]
    assert token.startswith("cf_")
    listed = json.loads(runner.invoke(cli, [*w, "token", "list", "--json"]).stdout)
    assert [(t["user"], t["prefix"], t["revoked_at"]) for t in listed] == [
        ("bot", token[:10], None)
    ]
    r = runner.invoke(cli, [*w, "token", "revoke", token[:10]])
    assert r.exit_code == 2 and "--reason" in r.output  # a reason is required
    r = runner.invoke(cli, [*w, "token", "revoke", token[:10], "--reason", "rotated"])
    assert r.exit_code == 0, r.output
    assert "revoked token 1" in r.output
    r = runner.invoke(cli, [*w, "token", "revoke", "1", "--reason", "rotated"])
    assert r.exit_code == 2 and "was revoked" in r.output
    r = runner.invoke(cli, [*w, "token", "revoke", "zzz", "--reason", "x"])
    assert r.exit_code == 2 and "names no token" in r.output
    r = runner.invoke(cli, [*w, "user", "disable", "bot", "--reason", "contract ended"])
    assert r.exit_code == 0 and "disabled user bot" in r.output
    r = runner.invoke(cli, [*w, "user", "list", "--json"])
    assert {u["name"]: u["active"] for u in json.loads(r.stdout)} == {"bot": False, "lead": True}
    r = runner.invoke(cli, [*w, "user", "disable", "lead", "--reason", "test"])
    assert r.exit_code == 2 and "last active admin" in r.output
    r = runner.invoke(cli, [*w, "user", "enable", "bot", "--reason", "renewed"])
    assert r.exit_code == 0 and "enabled user bot" in r.output
    ws = Workspace.open(ws_dir)
    try:
        kinds = [e["kind"] for e in _events(ws)]
        assert kinds.count("api_token_revoked") == 1
        assert "user_disabled" in kinds and "user_enabled" in kinds
        # The revoked token stays refused after the account is enabled again.
        c = client_for(create_app(ws))
        assert c.get("/api/items", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    finally:
        ws.close()


def test_core_needs_a_reason(workspace: Workspace) -> None:
    add_user(workspace, "vic", "viewer", PASSWORD)
    with pytest.raises(CasefileError, match="give a reason"):
        set_user_active(workspace, "vic", False, "   ")


# -- login locks --


def test_a_lock_does_not_extend_itself_and_refused_tries_are_summed_up(
    workspace: Workspace,
) -> None:
    add_user(workspace, "adm", "admin", PASSWORD)
    app = create_app(workspace)
    attacker = _client(app, "203.0.113.9")
    for _ in range(5):
        assert login(attacker, "adm", "wrong password!").status_code == 401
    before = len(_events(workspace))
    waits = []
    for _ in range(40):  # a flood while locked: refused unchecked, even the right password
        r = login(attacker, "adm", PASSWORD)
        assert r.status_code == 429 and "try again in" in r.text
        waits.append(int(r.headers["Retry-After"]))
    assert waits[0] <= 30 and waits == sorted(waits, reverse=True)  # never pushed later
    # One summary event for the window, not one per refused try.
    new = _events(workspace)[before:]
    assert [e["kind"] for e in new] == ["web_login_blocked"]
    with workspace.db.read() as conn:
        rows = conn.execute(select(login_attempts.c.ok, login_attempts.c.blocked)).all()
    assert sum(1 for r in rows if r.blocked) == 40 and sum(1 for r in rows if not r.ok) == 45
    # The admin, from her own address, is not locked out by someone else's guesses.
    assert login(_client(app, "198.51.100.7"), "adm").status_code == 303
    # When the lock has passed, the right password works from there too.
    _shift_attempts(workspace, timedelta(seconds=31))
    # ... but one more wrong password doubles the lock (backoff), measured from that failure.
    assert login(attacker, "adm", "wrong again!!").status_code == 401
    r = login(attacker, "adm", PASSWORD)
    assert r.status_code == 429 and 50 < int(r.headers["Retry-After"]) <= 60
    _shift_attempts(workspace, timedelta(seconds=61))
    assert login(attacker, "adm", PASSWORD).status_code == 303
    # A later window's first refused try sums up the earlier window in its event.
    _shift_attempts(workspace, FAILURE_WINDOW + timedelta(minutes=1))
    for _ in range(5):
        login(attacker, "nobody-here", "guess guess")
    assert login(attacker, "nobody-here", "guess guess").status_code == 429
    last = _events(workspace, "web_login_blocked")[-1]["data"]
    assert last["previous"]["blocked"] == 41
    assert last["previous"]["accounts"] == ["adm"] and last["previous"]["other_names"] == 0
    assert last["previous"]["clients"] == ["203.0.113.9"]
    # Names that are no account (attacker text) are counted, never written out.
    assert "nobody-here" not in json.dumps(_events(workspace))


def test_a_client_guessing_many_names_is_locked(workspace: Workspace) -> None:
    app = create_app(workspace)
    c = _client(app, "192.0.2.50")
    for i in range(20):
        assert login(c, f"user{i}", "some password").status_code == 401
    r = login(c, "user99", "some password")
    assert r.status_code == 429
    # Others are not affected.
    assert login(_client(app, "192.0.2.51"), "user99", "some password").status_code == 401


# -- proxy headers, on a real server --


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(ws_dir: Path, *extra: str) -> tuple[subprocess.Popen[bytes], str]:
    cli_path = str(Path(sys.executable).parent / "casefile")
    port = _free_port()
    server = subprocess.Popen(
        [cli_path, "-w", str(ws_dir), "serve", "--port", str(port), *extra],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                return server, base
        except httpx.HTTPError:
            time.sleep(0.2)
    server.terminate()
    raise AssertionError("the server did not start")


def _http_login(base: str, name: str, password: str, forwarded: str) -> httpx.Response:
    with httpx.Client(base_url=base) as c:
        form = c.get("/login")
        csrf = re.search(r'name="csrf" value="([^"]+)"', form.text).group(1)  # type: ignore[union-attr]
        return c.post(
            "/login",
            data={"username": name, "password": password, "csrf": csrf, "next": "/"},
            headers={"X-Forwarded-For": forwarded},
        )


def test_forwarded_for_is_trusted_only_when_configured(tmp_path: Path) -> None:
    ws_dir = tmp_path / "ws"
    ws = Workspace.init(ws_dir, None, actor="tester@test")
    add_user(ws, "adm", "admin", PASSWORD)
    ws.close()
    server, base = _serve(ws_dir)
    try:  # from localhost, each try claiming another address: still one client, locked
        codes = [
            _http_login(base, "adm", "wrong password!", f"10.0.0.{i}").status_code for i in range(6)
        ]
        assert codes == [401] * 5 + [429]
    finally:
        server.terminate()
        server.wait(30)
    ws = Workspace.open(ws_dir)
    with ws.db.read() as conn:
        assert set(conn.execute(select(login_attempts.c.client)).scalars()) == {"127.0.0.1"}
    with ws.db.write() as conn:
        conn.execute(login_attempts.delete())
    ws.close()
    server, base = _serve(ws_dir, "--forwarded-allow-ips", "127.0.0.1")
    try:  # behind a configured proxy, the forwarded address is the client
        r = _http_login(base, "adm", "wrong password!", "10.0.0.77")
        assert r.status_code == 401
    finally:
        server.terminate()
        server.wait(30)
    ws = Workspace.open(ws_dir)
    with ws.db.read() as conn:
        assert set(conn.execute(select(login_attempts.c.client)).scalars()) == {"10.0.0.77"}
    ws.close()


# -- witness reveal reasons --


@pytest.mark.parametrize(
    "reason", [".", "\u200b", "aaaa", "x", "...!!!", "a b c", "court", "aaaa aaaa", "12 34"]
)
def test_a_reveal_reason_without_words_is_refused(reason: str) -> None:
    with pytest.raises(CasefileError, match="in words"):
        reveal_reason(reason)


@pytest.mark.parametrize(
    ("reason", "kept"),
    [
        ("court order 7", "court order 7"),
        ("запит  прокурора\u200b", "запит прокурора"),
        ("consent\u200b check", "consent check"),
    ],
)
def test_a_reveal_reason_in_words_is_kept(reason: str, kept: str) -> None:
    assert reveal_reason(reason) == kept
