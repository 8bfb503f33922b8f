"""Accounts, sessions, API tokens and login rate limiting (the core the web app and CLI share).

Every change to who may act is a custody-ledger event in the same transaction as its row:
'user_created', 'user_disabled', 'user_enabled', 'api_token_created', 'api_token_revoked',
'web_login', 'web_logout', and one 'web_login_blocked' summary per window of refused tries.
Secrets never reach the ledger or the database in the clear.
"""

from __future__ import annotations

import hashlib
import math
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import Connection, and_, func, insert, select, update

from casefile.errors import CasefileError
from casefile.roles import ROLES
from casefile.vault.custody_ledger import utc_now
from casefile.vault.workspace import Workspace
from casefile.web.schema import api_tokens, login_attempts, sessions, users

HASHER = PasswordHasher()
SESSION_HOURS = 12
MIN_PASSWORD = 10
# Failed logins in the window before a lock: of one name from one client, of one client for
# any names, of one name from any clients (more than one client can make alone).
MAX_FAILURES_USER = 5
MAX_FAILURES_CLIENT = 20
MAX_FAILURES_NAME = 30
FAILURE_WINDOW = timedelta(minutes=15)
# The lock after the limit's failure, doubling with each further failure, at most LOCK_MAX.
LOCK_BASE = timedelta(seconds=30)
LOCK_MAX = timedelta(minutes=15)
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

    def __init__(self, message: str, retry_after: int = 60) -> None:
        super().__init__(message)
        self.retry_after = retry_after


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


def _failures(conn: Connection, column: Any, value: str, since: str) -> tuple[int, str | None]:
    """Real failed logins (wrong password, not tries refused while locked) since ``since``,
    and the time of the latest."""
    row = conn.execute(
        select(func.count(), func.max(login_attempts.c.at)).where(
            column == value,
            login_attempts.c.ok.is_(False),
            login_attempts.c.blocked.is_(False),
            login_attempts.c.at >= since,
        )
    ).one()
    return int(row[0]), row[1]


def _parse(at: str) -> datetime:
    return datetime.strptime(at, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


def _locked_until(count: int, last: str | None, limit: int) -> datetime | None:
    """The end of the lock after ``count`` failures, the latest at ``last``: LOCK_BASE at the
    limit, doubling with each further failure, at most LOCK_MAX. Only failures move it: a try
    refused while locked is not one, so waiting it out always works."""
    if count < limit or last is None:
        return None
    lock: timedelta = min(LOCK_BASE * (1 << min(count - limit, 20)), LOCK_MAX)
    return _parse(last) + lock


def lock_state(conn: Connection, name: str, client: str, now: datetime) -> datetime | None:
    """Until when a login of ``name`` from ``client`` is refused unchecked (None: not locked).
    Three locks: this name from this client (MAX_FAILURES_USER), this client for any names
    (MAX_FAILURES_CLIENT), and this name from any clients (MAX_FAILURES_NAME, above the client
    limit, so that one client alone cannot lock someone else out)."""
    since = _iso(now - FAILURE_WINDOW)
    ends: list[datetime] = []
    pair = and_(login_attempts.c.username == name, login_attempts.c.client == client)
    row = conn.execute(
        select(func.count(), func.max(login_attempts.c.at)).where(
            pair,
            login_attempts.c.ok.is_(False),
            login_attempts.c.blocked.is_(False),
            login_attempts.c.at >= since,
        )
    ).one()
    for (count, last), limit in (
        ((int(row[0]), row[1]), MAX_FAILURES_USER),
        (_failures(conn, login_attempts.c.client, client, since), MAX_FAILURES_CLIENT),
        (_failures(conn, login_attempts.c.username, name, since), MAX_FAILURES_NAME),
    ):
        until = _locked_until(count, last, limit)
        if until is not None and until > now:
            ends.append(until)
    return max(ends) if ends else None


def _window_start(t: datetime) -> datetime:
    step = int(FAILURE_WINDOW.total_seconds())
    return datetime.fromtimestamp(int(t.timestamp()) // step * step, UTC)


def _record_blocked(tx: Any, name: str, client: str, now: datetime) -> None:
    """Stores a refused try; the first of a window (of FAILURE_WINDOW, on the clock) records
    one 'web_login_blocked' event, which also sums up the previous window that had any: how
    many tries, and which accounts and clients (names that are no account, attacker text
    perhaps, are only counted)."""
    conn = tx.conn
    start = _window_start(now)
    blocked = and_(login_attempts.c.blocked.is_(True), login_attempts.c.at >= _iso(start))
    first = conn.execute(select(login_attempts.c.id).where(blocked).limit(1)).first() is None
    if first:
        body: dict[str, Any] = {
            "window_start": _iso(start),
            "window_minutes": int(FAILURE_WINDOW.total_seconds() // 60),
            "note": "logins refused while locked out; later ones in this window are counted "
            "in the next summary, not recorded one by one",
        }
        last = conn.execute(
            select(func.max(login_attempts.c.at)).where(
                login_attempts.c.blocked.is_(True), login_attempts.c.at < _iso(start)
            )
        ).scalar_one()
        if last is not None:
            p_start = _window_start(_parse(last))
            body["previous"] = _blocked_summary(conn, _iso(p_start), _iso(p_start + FAILURE_WINDOW))
        tx.record("web_login_blocked", None, body)
    _attempt(conn, name, client, False, blocked=True)


def _blocked_summary(conn: Connection, start: str, end: str) -> dict[str, Any]:
    rows = conn.execute(
        select(login_attempts.c.username, login_attempts.c.client).where(
            login_attempts.c.blocked.is_(True),
            login_attempts.c.at >= start,
            login_attempts.c.at < end,
        )
    ).all()
    known = set(conn.execute(select(users.c.name)).scalars())
    names = {r.username for r in rows}
    clients = sorted({r.client for r in rows})
    return {
        "window_start": start,
        "window_end": end,
        "blocked": len(rows),
        "accounts": sorted(names & known)[:50],
        "other_names": len(names - known),
        "clients": clients[:50],
        "more_clients": max(0, len(clients) - 50),
    }


def login(ws: Workspace, name: str, password: str, client: str) -> tuple[User, str, str]:
    """Checks a password (rate limited); returns the user, a new session id and its CSRF token.

    While a lock holds (``lock_state``), tries are refused without checking the password and
    are only counted; wrong passwords are stored without a ledger event (they are no act on
    the case), successful logins are 'web_login' events."""
    name = name.strip()[:100]
    client = client[:64]
    now = datetime.now(UTC)
    with ws.db.read() as conn:
        until = lock_state(conn, name, client, now)
        row = conn.execute(select(users).where(users.c.name == name)).one_or_none()
    if until is not None:
        with ws.transaction() as tx:
            _record_blocked(tx, name, client, now)
        wait = max(1, math.ceil((until - now).total_seconds()))
        raise LoginThrottled(
            f"too many failed logins: try again in {_duration(wait)}", retry_after=wait
        )
    ok = False
    try:
        ok = HASHER.verify(row.password_hash if row is not None else _DUMMY_HASH, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        ok = False
    if not ok or row is None or not row.active:
        with ws.db.write() as conn:
            _attempt(conn, name, client, False)
        if ok and row is not None:
            raise LoginRefused("this account is disabled: ask an administrator")
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


def _duration(seconds: int) -> str:
    if seconds < 90:
        return f"{seconds} seconds"
    return f"{math.ceil(seconds / 60)} minutes"


def _attempt(conn: Connection, name: str, client: str, ok: bool, blocked: bool = False) -> None:
    conn.execute(
        insert(login_attempts).values(
            username=name, client=client, ok=ok, at=utc_now(), blocked=blocked
        )
    )


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


def _reason(reason: str | None, what: str) -> str:
    why = " ".join((reason or "").split())
    if not why:
        raise CasefileError(f"give a reason to {what}: it goes in the custody ledger")
    return why[:500]


def set_user_active(ws: Workspace, name: str, active: bool, reason: str | None) -> User:
    """Disables or enables an account ('user_disabled' / 'user_enabled' events, with the reason).
    A disabled user cannot log in, their sessions end at once and their API tokens stop working
    (they are kept, and work again if the account is enabled). The last active admin cannot be
    disabled."""
    why = _reason(reason, "disable an account" if not active else "enable an account")
    with ws.transaction() as tx:
        user = get_user(tx.conn, name)
        if user.active == active:
            state = "active" if active else "disabled"
            raise CasefileError(f"user {name!r} is already {state}")
        if not active and user.role == "admin":
            admins = tx.conn.execute(
                select(func.count()).where(users.c.role == "admin", users.c.active.is_(True))
            ).scalar_one()
            if admins <= 1:
                raise CasefileError(
                    f"{name!r} is the last active admin: enable or add another admin first"
                )
        tx.record(
            "user_enabled" if active else "user_disabled",
            None,
            {"user": name, "role": user.role, "reason": why},
        )
        tx.conn.execute(update(users).where(users.c.id == user.id).values(active=active))
        if not active:
            tx.conn.execute(
                update(sessions)
                .where(sessions.c.user_id == user.id, sessions.c.ended_at.is_(None))
                .values(ended_at=utc_now())
            )
    return User(user.id, user.name, user.role, active)


@dataclass(frozen=True)
class Token:
    id: int
    prefix: str
    user: str
    label: str | None
    created_at: str
    revoked_at: str | None

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "prefix": self.prefix,
            "user": self.user,
            "label": self.label,
            "created_at": self.created_at,
            "revoked_at": self.revoked_at,
        }


def list_tokens(conn: Connection, user: str | None = None) -> list[Token]:
    """API tokens (never the secrets: their first characters), newest first."""
    q = (
        select(api_tokens, users.c.name)
        .join(users, users.c.id == api_tokens.c.user_id)
        .order_by(api_tokens.c.id.desc())
    )
    if user is not None:
        q = q.where(users.c.id == get_user(conn, user).id)
    return [
        Token(r.id, r.prefix, r.name, r.label, r.created_at, r.revoked_at)
        for r in conn.execute(q).all()
    ]


def _find_token(conn: Connection, ref: str) -> Any:
    ref = ref.strip()
    base = select(api_tokens, users.c.name).join(users, users.c.id == api_tokens.c.user_id)
    if ref.isascii() and ref.isdigit() and len(ref) < 12:
        rows = conn.execute(base.where(api_tokens.c.id == int(ref))).all()
    elif ref.startswith(TOKEN_PREFIX) and len(ref) > 16:  # the whole token
        rows = conn.execute(base.where(api_tokens.c.token_hash == _sha(ref))).all()
    elif ref.startswith(TOKEN_PREFIX) and len(ref) >= 6:
        rows = conn.execute(base.where(api_tokens.c.prefix.startswith(ref, autoescape=True))).all()
    else:
        raise CasefileError(
            f"{ref[:40]!r} names no token: give its number or its first characters "
            "(cf_…, see 'casefile token list')"
        )
    if not rows:
        raise CasefileError(f"there is no API token {ref[:40]!r} (see 'casefile token list')")
    if len(rows) > 1:
        raise CasefileError(
            f"{ref!r} matches {len(rows)} tokens: give its number (see 'casefile token list')"
        )
    return rows[0]


def revoke_token(ws: Workspace, ref: str, reason: str | None) -> Token:
    """Revokes an API token (an 'api_token_revoked' event with the reason): it is refused from
    then on (by a server in another process within its few seconds of remembered logins)."""
    why = _reason(reason, "revoke a token")
    with ws.transaction() as tx:
        row = _find_token(tx.conn, ref)
        if row.revoked_at is not None:
            raise CasefileError(f"token {row.id} ({row.prefix}…) was revoked at {row.revoked_at}")
        tx.record(
            "api_token_revoked",
            None,
            {"user": row.name, "token": row.id, "prefix": row.prefix, "reason": why},
        )
        now = utc_now()
        tx.conn.execute(update(api_tokens).where(api_tokens.c.id == row.id).values(revoked_at=now))
    return Token(row.id, row.prefix, row.name, row.label, row.created_at, now)
