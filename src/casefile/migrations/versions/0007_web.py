"""Web application: accounts, sessions, API tokens, login attempts; full-text search index.

On SQLite the search index is an FTS5 table kept current by triggers on documents and
acquisitions (and filled here from the rows already present). On PostgreSQL it is GIN
expression indexes over the same columns, queried with to_tsvector/plainto_tsquery.

Revision ID: 0007_web
Revises: 0002_facts
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_web"
down_revision = "0002_facts"
branch_labels = None
depends_on = None

# Indexes for the web's list pages (newest items first). The stages' list indexes (latest
# incident versions, victims by family name) were made here too when their tables existed;
# they are made by their own branches now (0011_incident_current, 0012_victim_names).
LIST_INDEXES = (("ix_web_items_first_seq", "items", ["first_seq"]),)

# The text an acquisition is found by (kept in one place for triggers and the initial fill).
ACQ_TEXT_SQLITE = (
    "coalesce({p}.original_name,'') || ' ' || coalesce({p}.label,'') || ' ' || "
    "coalesce({p}.description,'') || ' ' || coalesce({p}.source_url,'') || ' ' || "
    "coalesce({p}.tags,'')"
)
# File names and URLs split into words ('bucha-report.txt' -> 'bucha report txt'), since the
# parser would otherwise keep them whole. search.py uses the very same expression.
ACQ_TEXT_PG = (
    "regexp_replace(coalesce(original_name,'') || ' ' || coalesce(label,'') || ' ' || "
    "coalesce(description,'') || ' ' || coalesce(source_url,'') || ' ' || coalesce(tags,''), "
    "'[^[:alnum:]]+', ' ', 'g')"
)


def upgrade() -> None:
    op.create_table(
        "web_users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(100), nullable=False, unique=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("created_by", sa.String(255), nullable=False),
    )
    op.create_table(
        "web_sessions",
        sa.Column("id_hash", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("web_users.id"), nullable=False),
        sa.Column("csrf", sa.String(64), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("expires_at", sa.String(40), nullable=False),
        sa.Column("ended_at", sa.String(40)),
    )
    op.create_index("ix_web_sessions_user_id", "web_sessions", ["user_id"])
    op.create_table(
        "web_api_tokens",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("prefix", sa.String(16), nullable=False),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("web_users.id"), nullable=False),
        sa.Column("label", sa.Text),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("revoked_at", sa.String(40)),
    )
    op.create_index("ix_web_api_tokens_user_id", "web_api_tokens", ["user_id"])
    op.create_table(
        "web_login_attempts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.String(100), nullable=False),
        sa.Column("client", sa.String(64), nullable=False),
        sa.Column("ok", sa.Boolean, nullable=False),
        sa.Column("at", sa.String(40), nullable=False),
    )
    for col in ("username", "client", "at"):
        op.create_index(f"ix_web_login_attempts_{col}", "web_login_attempts", [col])
    tables = set(sa.inspect(op.get_bind()).get_table_names())
    for name, table, cols in LIST_INDEXES:
        if table in tables:
            op.create_index(name, table, cols)
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_search()
    else:
        _pg_search()


def _sqlite_search() -> None:
    op.execute(
        "CREATE VIRTUAL TABLE web_search USING fts5("
        "kind UNINDEXED, ref UNINDEXED, body, tokenize='unicode61 remove_diacritics 2')"
    )
    acq_new = ACQ_TEXT_SQLITE.format(p="new")
    op.execute(
        "CREATE TRIGGER web_search_documents AFTER INSERT ON documents BEGIN "
        "INSERT INTO web_search(kind, ref, body) VALUES ('document', new.id, new.text); END"
    )
    op.execute(
        "CREATE TRIGGER web_search_acquisitions AFTER INSERT ON acquisitions BEGIN "
        f"INSERT INTO web_search(kind, ref, body) VALUES ('item', new.item_sha256, {acq_new}); "
        "END"
    )
    op.execute("INSERT INTO web_search(kind, ref, body) SELECT 'document', id, text FROM documents")
    op.execute(
        "INSERT INTO web_search(kind, ref, body) SELECT 'item', a.item_sha256, "
        f"{ACQ_TEXT_SQLITE.format(p='a')} FROM acquisitions a"
    )


def _pg_search() -> None:
    op.execute(
        "CREATE INDEX ix_documents_web_fts ON documents USING gin (to_tsvector('simple', text))"
    )
    op.execute(
        "CREATE INDEX ix_acquisitions_web_fts ON acquisitions "
        f"USING gin (to_tsvector('simple', {ACQ_TEXT_PG}))"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS web_search_documents")
        op.execute("DROP TRIGGER IF EXISTS web_search_acquisitions")
        op.execute("DROP TABLE IF EXISTS web_search")
    else:
        op.execute("DROP INDEX IF EXISTS ix_documents_web_fts")
        op.execute("DROP INDEX IF EXISTS ix_acquisitions_web_fts")
    for name, _, _ in LIST_INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
    for table in ("web_login_attempts", "web_api_tokens", "web_sessions", "web_users"):
        op.drop_table(table)
