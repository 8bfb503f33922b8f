"""Tables of the web application (mirrors migration 0007_web): accounts, sessions, tokens.

Passwords and tokens are never stored: only argon2 hashes of passwords and SHA-256 hashes of
session ids and API tokens (both are long random secrets, so a fast hash is enough).
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    false,
)

from casefile.roles import ROLES as ROLES  # an account's role: one of these
from casefile.vault.schema import metadata

users = Table(
    "web_users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(100), nullable=False, unique=True),
    Column("role", String(16), nullable=False),
    Column("password_hash", Text, nullable=False),
    Column("active", Boolean, nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("created_by", String(255), nullable=False),
)

sessions = Table(
    "web_sessions",
    metadata,
    Column("id_hash", String(64), primary_key=True),
    Column("user_id", Integer, ForeignKey("web_users.id"), nullable=False, index=True),
    Column("csrf", String(64), nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("expires_at", String(40), nullable=False),
    Column("ended_at", String(40), nullable=True),
)

api_tokens = Table(
    "web_api_tokens",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("prefix", String(16), nullable=False),
    Column("user_id", Integer, ForeignKey("web_users.id"), nullable=False, index=True),
    Column("label", Text, nullable=True),
    Column("created_at", String(40), nullable=False),
    Column("revoked_at", String(40), nullable=True),
)

login_attempts = Table(
    "web_login_attempts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("username", String(100), nullable=False, index=True),
    Column("client", String(64), nullable=False, index=True),
    Column("ok", Boolean, nullable=False),
    Column("at", String(40), nullable=False, index=True),
    # A try refused while locked (the password was not checked): counted, never a failure,
    # so it does not extend the lock (migration 0010_web_login_blocked).
    Column("blocked", Boolean, nullable=False, server_default=false()),
)
