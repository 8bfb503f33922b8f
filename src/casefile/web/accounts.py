"""Accounts, sessions, API tokens and login rate limiting (the core the web app and CLI share).

Every change to who may act is a custody-ledger event in the same transaction as its row:
'user_created', 'api_token_created', 'web_login', 'web_logout', 'web_login_blocked'.
Secrets never reach the ledger or the database in the clear.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import Connection, and_, func, insert, select, update

from casefile.errors import CasefileError
from casefile.vault.custody_ledger import utc_now
from casefile.vault.workspace import Workspace
from casefile.web.schema import ROLES, api_tokens, login_attempts, sessions, users

HASHER = PasswordHasher()
SESSION_HOURS = 12
MIN_PASSWORD = 10
# Failed logins allowed per user name and per client address in the window, before refusal.
MAX_FAILURES_USER = 5
MAX_FAILURES_CLIENT = 20
FAILURE_WINDOW = timedelta(minutes=15)
TOKEN_PREFIX = "cf_"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,99}$")
# Verified against when the user does not exist, so that timing does not reveal names.
_DUMMY_HASH = HASHER.hash("not a password of anyone")


@dataclass(frozen=True)
class User:
    id: int
    name: str
    role: str
    active: bool = True

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "role": self.role, "active": self.active}


class LoginRefused(CasefileError):
    """Wrong name or password: the message is safe to show."""


class LoginThrottled(LoginRefused):
    """Too many failed logins for this name or client in the window."""


def _sha(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _iso(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def check_name(name: str) -> str:
    if not _NAME.match(name):
        raise CasefileError(
            f"user name {name!r} is not allowed: use letters, digits and . _ @ - (up to 100)"
        )
    return name


def check_role(role: str) -> str:
    if role not in ROLES:
        raise CasefileError(f"role {role!r} does not exist: use one of {', '.join(ROLES)}")
    return role


def add_user(ws: Workspace, name: str, role: str, password: str) -> User:
    check_name(name)
    check_role(role)
    if len(password) < MIN_PASSWORD:
        raise CasefileError(f"the password is too short: use at least {MIN_PASSWORD} characters")
    pw_hash = HASHER.hash(password)
    with ws.transaction() as tx:
        if tx.conn.execute(select(users.c.id).where(users.c.name == name)).first() is not None:
            raise CasefileError(f"there is already a user named {name!r}")
        tx.record("user_created", None, {"user": name, "role": role})
        uid = tx.conn.execute(
            insert(users)
            .values(
                name=name,
                role=role,
                password_hash=pw_hash,
                active=True,
                created_at=utc_now(),
                created_by=ws.actor,
            )
            .returning(users.c.id)
        ).scalar_one()
    return User(int(uid), name, role)


def list_users(conn: Connection) -> list[User]:
    rows = conn.execute(select(users).order_by(users.c.name)).all()
    return [User(r.id, r.name, r.role, bool(r.active)) for r in rows]


def get_user(conn: Connection, name: str) -> User:
    row = conn.execute(select(users).where(users.c.name == name)).one_or_none()
    if row is None:
        raise CasefileError(f"there is no user named {name!r}")
    return User(row.id, row.name, row.role, bool(row.active))


def create_token(ws: Workspace, name: str, label: str | None = None) -> str:
    """A new API token for a user; shown once, only its hash is kept."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with ws.transaction() as tx:
        user = get_user(tx.conn, name)
        tx.record(
            "api_token_created",
            None,
            {"user": name, "prefix": token[:10], "label": label},
        )
        tx.conn.execute(
            insert(api_tokens).values(
                token_hash=_sha(token),
                prefix=token[:10],
                user_id=user.id,
                label=label,
                created_at=utc_now(),
            )
        )
    return token


def user_for_token(conn: Connection, token: str) -> User | None:
    row = conn.execute(
        select(users)
        .join(api_tokens, api_tokens.c.user_id == users.c.id)
        .where(api_tokens.c.token_hash == _sha(token), api_tokens.c.revoked_at.is_(None))
    ).one_or_none()
    if row is None or not row.active:
        return None
    return User(row.id, row.name, row.role, True)


def _failures(conn: Connection, column: Any, value: str, since: str) -> int:
    return int(
        conn.execute(
            select(func.count()).where(
                column == value, login_attempts.c.ok.is_(False), login_attempts.c.at >= since
            )
        ).scalar_one()
    )


def login(ws: Workspace, name: str, password: str, client: str) -> tuple[User, str, str]:
    """Checks a password (rate limited); returns the user, a new session id and its CSRF token."""
    name = name.strip()[:100]
    client = client[:64]
    now = datetime.now(UTC)
    since = _iso(now - FAILURE_WINDOW)
    with ws.db.read() as conn:
        blocked = (
            _failures(conn, login_attempts.c.username, name, since) >= MAX_FAILURES_USER
            or _failures(conn, login_attempts.c.client, client, since) >= MAX_FAILURES_CLIENT
        )
        row = conn.execute(select(users).where(users.c.name == name)).one_or_none()
    if blocked:
        with ws.transaction() as tx:
            tx.record("web_login_blocked", None, {"user": name, "client": client})
            _attempt(tx.conn, name, client, False)
        raise LoginThrottled("too many failed logins: wait 15 minutes before trying again")
    ok = False
    try:
        ok = HASHER.verify(row.password_hash if row is not None else _DUMMY_HASH, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        ok = False
    ok = ok and row is not None and bool(row.active)
    if not ok or row is None:
        with ws.db.write() as conn:
            _attempt(conn, name, client, False)
        raise LoginRefused("wrong user name or password")
    session_id = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    with ws.transaction() as tx:
        tx.record("web_login", None, {"user": name, "client": client})
        _attempt(tx.conn, name, client, True)
        tx.conn.execute(
            insert(sessions).values(
                id_hash=_sha(session_id),
                user_id=row.id,
                csrf=csrf,
                created_at=_iso(now),
                expires_at=_iso(now + timedelta(hours=SESSION_HOURS)),
            )
        )
        if HASHER.check_needs_rehash(row.password_hash):
            tx.conn.execute(
                update(users)
                .where(users.c.id == row.id)
                .values(password_hash=HASHER.hash(password))
            )
    return User(row.id, row.name, row.role, True), session_id, csrf


def _attempt(conn: Connection, name: str, client: str, ok: bool) -> None:
    conn.execute(insert(login_attempts).values(username=name, client=client, ok=ok, at=utc_now()))


def session_user(conn: Connection, session_id: str) -> tuple[User, str] | None:
    """The user and CSRF token of a live session, or None."""
    row = conn.execute(
        select(users.c.id, users.c.name, users.c.role, users.c.active, sessions.c.csrf)
        .join(sessions, sessions.c.user_id == users.c.id)
        .where(
            and_(
                sessions.c.id_hash == _sha(session_id),
                sessions.c.ended_at.is_(None),
                sessions.c.expires_at > utc_now(),
            )
        )
    ).one_or_none()
    if row is None or not row.active:
        return None
    return User(row.id, row.name, row.role, True), str(row.csrf)


def logout(ws: Workspace, session_id: str, user: User) -> None:
    with ws.transaction() as tx:
        tx.record("web_logout", None, {"user": user.name})
        tx.conn.execute(
            update(sessions)
            .where(sessions.c.id_hash == _sha(session_id))
            .values(ended_at=utc_now())
        )
