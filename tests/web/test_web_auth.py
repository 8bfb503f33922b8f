"""Accounts, sessions, CSRF on login, rate limiting, API tokens, and the CLI that makes them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner
from web_helpers import PASSWORD, client_for, login

from casefile.cli.main import app as cli
from casefile.errors import CasefileError
from casefile.vault.workspace import Workspace
from casefile.web.accounts import add_user, create_token
from casefile.web.accounts import login as core_login
from casefile.web.app import create_app
from casefile.web.schema import users
from casefile.web.security import SECRET_FILE, SESSION_COOKIE


def test_login_sets_a_hardened_session_cookie(workspace: Workspace) -> None:
    add_user(workspace, "ana", "analyst", PASSWORD)
    c = client_for(create_app(workspace, secure_cookies=True), "https://testserver")
    r = login(c, "ana")
    assert r.status_code == 303
    cookie = next(h for h in r.headers.get_list("set-cookie") if h.startswith(SESSION_COOKIE))
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Secure" in cookie
    with workspace.db.read() as conn:
        stored = conn.execute(select(users.c.password_hash)).scalar_one()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    # The secret that signs cookies lives in the workspace's keys folder, not the database.
    secret = workspace.root / SECRET_FILE
    assert secret.exists() and oct(secret.stat().st_mode & 0o777) == "0o600"


def test_sessions_cookies_and_logout(workspace: Workspace) -> None:
    add_user(workspace, "vic", "viewer", PASSWORD)
    app = create_app(workspace)
    c = client_for(app)
    assert c.get("/items").status_code == 303  # to the login page
    assert login(c, "vic").status_code == 303
    assert c.get("/api/items").status_code == 200
    # A tampered cookie is no session.
    good = c.cookies[SESSION_COOKIE]
    c.cookies.set(SESSION_COOKIE, good[:-2] + ("AA" if not good.endswith("AA") else "BB"))
    assert c.get("/api/items").status_code == 401
    c.cookies.set(SESSION_COOKIE, good)
    page = c.get("/")
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert csrf
    assert c.post("/logout", data={"csrf": csrf.group(1)}).status_code == 303
    other = client_for(app)
    other.cookies.set(SESSION_COOKIE, good)  # the old cookie is dead server-side too
    assert other.get("/api/items").status_code == 401
    kinds = [e["kind"] for e in _events(workspace)]
    assert "web_login" in kinds and "web_logout" in kinds and "user_created" in kinds


def _events(ws: Workspace) -> list[dict[str, object]]:
    import json

    with ws.db.read() as conn:
        return [json.loads(e.body) for e in ws.ledger.entries(conn)]


def test_login_needs_its_csrf_cookie(workspace: Workspace) -> None:
    add_user(workspace, "inv", "investigator", PASSWORD)
    c = client_for(create_app(workspace))
    r = c.post("/login", data={"username": "inv", "password": PASSWORD, "csrf": "x"})
    assert r.status_code == 403


def test_wrong_passwords_are_rate_limited(workspace: Workspace) -> None:
    add_user(workspace, "adm", "admin", PASSWORD)
    c = client_for(create_app(workspace))
    for _ in range(5):
        r = login(c, "adm", "wrong password!")
        assert r.status_code == 401 and "wrong user name or password" in r.text
    r = login(c, "adm")  # even the right password now waits
    assert r.status_code == 429 and "too many failed logins" in r.text
    r = login(c, "nobody", "whatever pw")
    assert r.status_code == 401
    kinds = [e["kind"] for e in _events(workspace)]
    assert "web_login_blocked" in kinds and "web_login" not in kinds


def test_tokens_authenticate_scripts(workspace: Workspace) -> None:
    add_user(workspace, "bot", "viewer", PASSWORD)
    token = create_token(workspace, "bot", "nightly export")
    c = client_for(create_app(workspace))
    assert c.get("/api/items", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    r = c.get("/api/items", headers={"Authorization": "Bearer cf_forged"})
    assert r.status_code == 401
    assert "prefix" in str(_events(workspace)[-1]) and token not in str(_events(workspace))


def test_core_refuses_bad_accounts(workspace: Workspace) -> None:
    with pytest.raises(CasefileError, match="too short"):
        add_user(workspace, "shorty", "viewer", "short")
    with pytest.raises(CasefileError, match="role 'boss' does not exist"):
        add_user(workspace, "x", "boss", PASSWORD)
    with pytest.raises(CasefileError, match="not allowed"):
        add_user(workspace, "../etc", "viewer", PASSWORD)
    add_user(workspace, "dup", "viewer", PASSWORD)
    with pytest.raises(CasefileError, match="already a user"):
        add_user(workspace, "dup", "viewer", PASSWORD)
    with pytest.raises(CasefileError, match="wrong user name"):
        core_login(workspace, "dup", "not the password", "127.0.0.1")


def test_cli_user_and_token_commands(tmp_path: Path) -> None:
    runner = CliRunner()
    ws_dir = tmp_path / "ws"
    assert runner.invoke(cli, ["init", str(ws_dir)]).exit_code == 0
    r = runner.invoke(
        cli,
        ["-w", str(ws_dir), "user", "add", "lead", "--role", "admin", "--password-stdin"],
        input=PASSWORD + "\n",
    )
    assert r.exit_code == 0, r.output
    r = runner.invoke(cli, ["-w", str(ws_dir), "user", "list", "--json"])
    assert '"role": "admin"' in r.output
    r = runner.invoke(cli, ["-w", str(ws_dir), "token", "create", "lead"])
    assert r.exit_code == 0 and "cf_" in r.output
    r = runner.invoke(
        cli,
        ["-w", str(ws_dir), "user", "add", "x", "--role", "chief", "--password-stdin"],
        input=PASSWORD + "\n",
    )
    assert r.exit_code == 2 and "does not exist" in r.output
    r = runner.invoke(cli, ["-w", str(ws_dir), "token", "create", "ghost"])
    assert r.exit_code == 2 and "no user named 'ghost'" in r.output
