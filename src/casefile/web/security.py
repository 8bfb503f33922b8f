"""Who is asking: signed session cookies, Bearer API tokens, CSRF tokens.

The cookie signing key is a per-workspace secret in keys/web-secret (mode 0600), never in the
database, so a copy of the database alone cannot forge sessions.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from itsdangerous import BadSignature, Signer

from casefile.web.accounts import User

SECRET_FILE = Path("keys") / "web-secret"
SESSION_COOKIE = "casefile_session"
LOGIN_COOKIE = "casefile_login"


def load_secret(root: Path) -> bytes:
    """The workspace's web secret, created on first use."""
    path = root / SECRET_FILE
    try:
        return path.read_bytes().strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_hex(32).encode()
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first
        return path.read_bytes().strip()
    with os.fdopen(fd, "wb") as f:
        f.write(value + b"\n")
    return value


class CookieSigner:
    def __init__(self, secret: bytes) -> None:
        self._signer = Signer(secret, salt="casefile-web-session")

    def sign(self, value: str) -> str:
        return self._signer.sign(value.encode()).decode()

    def unsign(self, value: str) -> str | None:
        try:
            return self._signer.unsign(value.encode()).decode()
        except (BadSignature, UnicodeError):
            return None


@dataclass(frozen=True)
class Principal:
    user: User
    via: str  # session | token
    csrf: str | None = None
    session_id: str | None = None

    @property
    def role(self) -> str:
        return self.user.role

    @property
    def actor(self) -> str:
        return f"web:{self.user.name}"


def csrf_ok(principal: Principal, supplied: str | None) -> bool:
    """API tokens carry no ambient authority, so they need no CSRF token; sessions do."""
    if principal.via == "token":
        return True
    return (
        bool(supplied)
        and principal.csrf is not None
        and secrets.compare_digest(principal.csrf, supplied or "")
    )
