"""Tables of the web application (mirrors migration 0007_web): accounts, sessions, tokens.

Passwords and tokens are never stored: only argon2 hashes of passwords and SHA-256 hashes of
session ids and API tokens (both are long random secrets, so a fast hash is enough).
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Engine,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    false,
    inspect,
    text,
)

from casefile.vault.schema import metadata

ROLES = ("admin", "investigator", "analyst", "viewer")

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


# Same as migration 0007_web's LIST_INDEXES, with the items' index as 0009_web_items_cover
# replaced it: deep pages of the item list skip through the index alone.
LIST_INDEXES = (
    ("ix_web_items_first_seq_sha256", "items", ("first_seq", "sha256")),
    ("ix_web_incident_versions_latest", "incident_versions", ("incident_id", "version")),
    ("ix_web_incident_versions_start", "incident_versions", ("period_start",)),
    ("ix_web_victim_records_family_name", "victim_records", ("family_name",)),
)


def ensure_list_indexes(engine: Engine) -> list[str]:
    """Adds the list-page indexes that migration 0007_web could not (a stage's table made by a
    migration branch applied after it), and 0009's if that migration has not run yet.
    Idempotent; returns the names it created."""
    made: list[str] = []
    tables = set(inspect(engine).get_table_names())
    existing = {
        ix["name"]
        for t in tables & {t for _, t, _ in LIST_INDEXES}
        for ix in inspect(engine).get_indexes(t)
    }
    todo = [ix for ix in LIST_INDEXES if ix[1] in tables and ix[0] not in existing]
    if not todo:
        return made
    with engine.connect().execution_options(casefile_write=True) as conn, conn.begin():
        for name, table, cols in todo:
            conn.execute(text(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({', '.join(cols)})"))
            made.append(name)
    return made
