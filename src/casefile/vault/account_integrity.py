"""verify's check for web accounts and API tokens, replayed from their ledger events.

The account tables have no event column: users are matched to their events by name, tokens by
their logged prefix. Role, active state, creator and times must be what the events say; a
token's owner is compared by name, so moving a token to another account is named. Password and
token hashes are compared when the events log a digest of them (``password_hash_sha256``,
``token_hash``); events written before that leave them unchecked.
"""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import Connection, inspect, text

from casefile.vault.custody_ledger import Event
from casefile.vault.integrity import Near, differs, matches, seqs_of_kind
from casefile.vault.workspace import Workspace

USER_KINDS = ("user_created", "user_disabled", "user_enabled", "user_role_changed",
              "user_password_changed")  # fmt: skip
TOKEN_KINDS = ("api_token_created", "api_token_revoked")


def check_accounts(ws: Workspace, conn: Connection, report: Any) -> None:
    tables = set(inspect(conn).get_table_names())
    if "web_users" not in tables:
        return
    users: dict[str, dict[str, Any]] = {}
    for seq, ev in seqs_of_kind(conn, USER_KINDS).items():
        name = ev.data.get("user")
        if not isinstance(name, str):
            continue
        if ev.kind == "user_created":
            users[name] = {"role": ev.data.get("role"), "active": True, "created_by": ev.actor,
                           "created_at": Near(ev.time), "_seq": seq}  # fmt: skip
        elif name in users:
            u = users[name]
            u["_seq"] = seq
            if ev.kind in ("user_disabled", "user_enabled"):
                u["active"] = ev.kind == "user_enabled"
            elif ev.kind == "user_role_changed":
                u["role"] = ev.data.get("role")
        _password(users, name, ev)
    rows = conn.execute(text("SELECT * FROM web_users ORDER BY id")).all()
    names = {r.id: r.name for r in rows}
    for row in rows:
        subject = f"web_users row {row.id} ({row.name})"
        want = users.pop(row.name, None)
        if want is None:
            report.add("account-without-event", subject, "no 'user_created' event made it")
            continue
        seq = want.pop("_seq")
        for column, value in want.items():
            found = getattr(row, column.removesuffix("_sha256"))
            if column == "password_hash_sha256":
                found = hashlib.sha256(str(found).encode()).hexdigest()
            if not matches(value, found):
                differs(report, subject, column, seq, value, found, "account")
    for name, want in users.items():
        report.add("account-row-missing", f"ledger entry {want['_seq']} (user {name!r})",
                   "the account has no web_users row (deleted?)")  # fmt: skip
    if "web_api_tokens" in tables:
        _check_tokens(conn, report, names)


def _password(users: dict[str, dict[str, Any]], name: str, ev: Event) -> None:
    digest = ev.data.get("password_hash_sha256")
    if digest is not None and name in users:
        users[name]["password_hash_sha256"] = digest


def _check_tokens(conn: Connection, report: Any, names: dict[int, str]) -> None:
    made: dict[str, tuple[int, Event]] = {}
    revoked: dict[Any, Event] = {}
    for seq, ev in seqs_of_kind(conn, TOKEN_KINDS).items():
        if ev.kind == "api_token_created":
            made[str(ev.data.get("prefix"))] = (seq, ev)
        else:
            revoked[ev.data.get("token")] = ev
    for row in conn.execute(text("SELECT * FROM web_api_tokens ORDER BY id")).all():
        subject = f"web_api_tokens row {row.id} ({row.prefix})"
        found = made.pop(str(row.prefix), None)
        if found is None:
            report.add("account-without-event", subject, "no 'api_token_created' event made it")
            continue
        seq, ev = found
        gone = revoked.get(row.id)
        want: dict[str, Any] = {
            "user_id": ev.data.get("user"),
            "label": ev.data.get("label"),
            "created_at": Near(ev.time),
            "revoked_at": None if gone is None else Near(gone.time),
        }
        if "token_hash" in ev.data:
            want["token_hash"] = ev.data["token_hash"]
        for column, value in want.items():
            have = names.get(row.user_id) if column == "user_id" else getattr(row, column)
            if value is None and have is None:
                continue
            if not matches(value, have):
                what = "user_id (its owner)" if column == "user_id" else column
                differs(report, subject, what, seq, value, have, "account")
    for prefix, (seq, _ev) in made.items():
        report.add("account-row-missing", f"ledger entry {seq} (token {prefix})",
                   "the token has no web_api_tokens row (deleted?)")  # fmt: skip
