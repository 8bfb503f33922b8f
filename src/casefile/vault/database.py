"""Engines for the workspace database: SQLite embedded by default, PostgreSQL for teams."""

from __future__ import annotations

import os
import stat
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url

from casefile.migrations import analyze

# Any constant works: it names the one advisory lock that serialises ledger writers.
PG_LEDGER_LOCK = 0x6361_7365


# Planner statistics (see ``casefile.migrations.analyze``) are refreshed after a migration run
# and once this process's write transactions have changed this many rows since the last
# refresh (a bulk import, a batch of acquisitions): by the writers, never by a reader.
ANALYZE_AFTER_CHANGES = 10_000
# Other connections keep the statistics they loaded when they opened: a pooled connection is
# replaced after this many seconds, so a long-running server plans with new ones soon after.
POOL_RECYCLE_SECONDS = 600


# The database holds who acquired what, victims' names and web accounts: only its owner reads
# it. SQLite gives its -wal/-shm/-journal files the database file's own mode.
PRIVATE_FILE = 0o600
_SIDE_FILES = ("", "-wal", "-shm", "-journal")


def private_sqlite_file(url: str) -> None:
    """Creates the SQLite file with mode 0600, or tightens one we own that others can read."""
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    path = Path(database)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    except FileExistsError:
        pass
    except OSError:
        return  # a missing folder or no permission: SQLite's own error says it better
    else:
        os.close(fd)  # an empty file is an empty SQLite database
    for suffix in _SIDE_FILES:
        side = path.with_name(path.name + suffix)
        try:
            st = side.stat()
            if st.st_uid == os.geteuid() and stat.S_IMODE(st.st_mode) & 0o077:
                os.chmod(side, PRIVATE_FILE)
        except OSError:
            continue  # absent (no WAL yet) or not ours to change


def _sqlite_engine(url: str) -> Engine:
    private_sqlite_file(url)
    engine = create_engine(url, connect_args={"timeout": 120}, pool_recycle=POOL_RECYCLE_SECONDS)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Take transaction control from the driver so that BEGIN IMMEDIATE can be issued.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=120000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # Writers take the lock up front; a deferred upgrade could deadlock two writers.
        # Sent on the driver's connection directly: through exec_driver_sql it cost a whole
        # statement's execution machinery (~0.1 ms of every web page's read).
        writing = conn.get_execution_options().get("casefile_write", False)
        conn.connection.dbapi_connection.execute(  # type: ignore[union-attr]
            "BEGIN IMMEDIATE" if writing else "BEGIN"
        )

    return engine


class Database:
    def __init__(self, url: str) -> None:
        self.url = url
        self.dialect = make_url(url).get_backend_name()
        if self.dialect == "sqlite":
            self.engine = _sqlite_engine(url)
        elif self.dialect == "postgresql":
            self.engine = create_engine(
                make_url(url).set(drivername="postgresql+psycopg"), pool_pre_ping=True
            )
        else:
            raise ValueError(f"unsupported database {self.dialect!r}: use sqlite or postgresql")
        # Rows this process's write transactions changed since its last ANALYZE (SQLite).
        self._changed = 0
        self._changed_lock = threading.Lock()

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One serialised write transaction: committed whole on success, rolled back on error.
        After a bulk of changes (``ANALYZE_AFTER_CHANGES`` rows in this process), the planner
        statistics are refreshed in a transaction of their own."""
        with self.engine.connect().execution_options(casefile_write=True) as conn:
            raw: Any = conn.connection.dbapi_connection if self.dialect == "sqlite" else None
            before = raw.total_changes if raw is not None else 0
            with conn.begin():
                if self.dialect == "postgresql":
                    conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_LEDGER_LOCK})
                yield conn
            changed = raw.total_changes - before if raw is not None else 0
        if changed and self._count_changes(changed):
            with self.engine.connect().execution_options(casefile_write=True) as conn, conn.begin():
                analyze(conn)

    def _count_changes(self, n: int) -> bool:
        """Adds ``n`` changed rows; True (and the count starts again) when statistics are due."""
        with self._changed_lock:
            self._changed += n
            if self._changed < ANALYZE_AFTER_CHANGES:
                return False
            self._changed = 0
            return True

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn, conn.begin():
            yield conn

    def dispose(self) -> None:
        self.engine.dispose()
