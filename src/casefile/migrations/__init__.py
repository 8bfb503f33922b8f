"""Alembic migrations for the whole workspace schema, run programmatically by ``upgrade``."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

HERE = Path(__file__).parent

# Planner statistics (SQLite's sqlite_stat1). Without them SQLite guesses that any index narrows
# to a few rows: on 10,000 incidents it walked the (state, period_start, status) index and
# sorted every open incident for a page of the list (6-28 ms) instead of reading the page off
# the (incident_id, version) index (0.1 ms). ANALYZE reads each index up to ANALYSIS_LIMIT rows
# (41 ms on the web benchmark's workspace, 161 ms unlimited); a smaller limit (1,000) took
# 'state = open' for 1,000 rows of 10,000 and left the plan as it was. SQLite 3.40's 'PRAGMA
# optimize' would not do: it analyses only tables that its own connection's queries used, and a
# connection that bulk-inserts queries none. PostgreSQL's autovacuum analyses tables itself.
#
# Only the ordinary tables: FTS5's shadow tables (its segments, sizes and settings) are read by
# FTS5 by key, with no plan to choose, and a statistic taken of them while the index was small
# (its '_data' table at 2 rows) made every later insert into the index slower the more it held
# (the web benchmark's 100,000 victim names: 16 s -> 5 min).
ANALYSIS_LIMIT = 10_000


def analyze(conn: Connection) -> None:
    """Fresh planner statistics of the ordinary tables, in the caller's write transaction
    (SQLite; nothing on PostgreSQL). Run by ``upgrade`` and by ``Database.write`` after bulk
    changes. (SQLite before 3.37 has no ``PRAGMA table_list``: it lists nothing there, and
    the planner goes on without statistics, as before.)"""
    if conn.dialect.name != "sqlite":
        return
    tables = [
        name
        for schema, name, kind, *_ in conn.exec_driver_sql("PRAGMA table_list").all()
        if schema == "main" and kind == "table" and not name.startswith("sqlite_")
    ]
    conn.exec_driver_sql(f"PRAGMA analysis_limit={ANALYSIS_LIMIT}")
    for name in tables:
        conn.exec_driver_sql(f'ANALYZE main."{name}"')


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    return cfg


def upgrade(engine: Engine) -> None:
    """Brings the database to the newest schema (every branch head), then refreshes the
    planner statistics (``analyze``): a migration may add indexes or rewrite rows."""
    cfg = _config()
    with engine.connect().execution_options(casefile_write=True) as conn, conn.begin():
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "heads")
        analyze(conn)


def pending_revisions(engine: Engine) -> list[str]:
    """Revisions not yet applied: empty when the schema is current."""
    script = ScriptDirectory.from_config(_config())
    with engine.connect() as conn:
        current = set(MigrationContext.configure(conn).get_current_heads())
    wanted = set(script.get_heads())
    if current == wanted:
        return []
    return sorted(wanted - current)
