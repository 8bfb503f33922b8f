"""Each incident's newest version, as a derived table for the incident list, timeline and map.

``incident_versions`` keeps every version of every incident; the lists show the newest one
per incident. Finding it per request ("no later version exists") read every version, and the
list's count and the timeline's histogram did it again: 10-16 ms each on 10,000 incidents.
``web_incident_latest_v1`` holds, per incident, the id of its newest version row and the
columns the lists filter, sort, count and group by, with indexes for each, so a count reads
one index; ``..._days`` keeps the open incidents per start day and status, the timeline's
histogram when it is not narrowed by words or dates.

It is derived data like the full-text and name indexes: versions are only ever appended (a
change is a new version, with a higher row id, in a serialised write transaction), so the
table is brought up to date by applying the version rows above the highest one applied
(``sync``: on app start, and after a list request that found it behind). It holds nothing
that is not in the ledgered versions and records no event. ``current(conn)`` gives the table
only when, inside the caller's read transaction, it has applied every version row there is;
otherwise (the first read after a new version) the caller reads the versions themselves, so
the lists never show a stale version.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import weakref
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Engine,
    Integer,
    MetaData,
    Select,
    String,
    Table,
    Text,
    bindparam,
    column,
    func,
    inspect,
    select,
    text,
)

from casefile.web import fastsql

# The version of the layout is in the name: a changed layout gets a new table, built anew.
TABLE = "web_incident_latest_v1"
_meta = MetaData()
latest = Table(
    TABLE,
    _meta,
    Column("incident_id", Integer, primary_key=True, autoincrement=False),
    Column("row_id", Integer, nullable=False, unique=True),
    Column("version", Integer, nullable=False),
    Column("state", String(10), nullable=False),
    Column("status", String(20), nullable=False),
    Column("period_start", String(32)),
    Column("period_end", String(32)),
    # What the lists' text filter reads (LIKE): here, it scans these narrow rows instead of
    # the whole versions.
    Column("title", Text, nullable=False),
    Column("places", Text, nullable=False),
)
COLUMNS = ("row_id", "version", "state", "status", "period_start", "period_end", "title", "places")
# The highest incident_versions.id applied (one row).
applied = Table(
    f"{TABLE}_applied", _meta, Column("one", Integer, primary_key=True), Column("row_id", Integer)
)
# Open incidents per start day ('' when undated) and status: the timeline's histogram without
# grouping 10,000 rows per request (~5 ms). Changed in the same transaction as ``latest``.
days = Table(
    f"{TABLE}_days",
    _meta,
    Column("day", String(10), primary_key=True),
    Column("status", String(20), primary_key=True),
    Column("n", Integer, nullable=False),
)
# The timeline's histogram (``casefile.web.histogram``) of ``days``, ready-made: one row for
# all open incidents (status '') and one per status, with the incidents it counts. Remade from
# ``days`` in the same transaction whenever those change (~1 ms per status), read as one row
# (computing it per request from ~900 day rows took ~1.2 ms of the timeline's ~6).
histograms = Table(
    f"{TABLE}_histograms",
    _meta,
    Column("status", String(20), primary_key=True),
    Column("total", Integer, nullable=False),
    Column("body", Text, nullable=False),
)
# SQLite: the same title and places in an FTS5 trigram index (rowid = incident_id), so that the
# lists' substring filter finds its candidates through the index instead of reading 10,000
# rows twice (count and page, 5 ms); the LIKE still decides, so the answers are the scan's.
TRIGRAMS = f"{TABLE}_trigrams"
# A candidate set is exact for LIKE only when the text has no LIKE wildcard and the index can
# look it up (three characters at least: one trigram).
_TRIGRAM_MIN = 3
INDEXES = (
    ("state", "incident_id"),  # the list, newest incident first, and its count
    ("state", "period_start", "status"),  # the timeline's histogram
    ("state", "period_start", "incident_id"),  # the timeline's list in date order
)

_READY: weakref.WeakSet[Engine] = weakref.WeakSet()
# Serialises the index's writers on PostgreSQL (any constant other than the ledger's lock).
_PG_LOCK = 0x6366_6978
log = logging.getLogger(__name__)


def ensure(engine: Engine) -> bool:
    """Creates the tables if the case stage's tables exist; False if they do not."""
    if engine in _READY:
        return True
    tables = set(inspect(engine).get_table_names())
    if "incident_versions" not in tables:
        return False
    wanted = {TABLE, applied.name, days.name, histograms.name}
    if _has_trigrams(engine):
        wanted.add(TRIGRAMS)
    if not wanted <= tables:
        with engine.connect().execution_options(casefile_write=True) as conn, conn.begin():
            _lock(conn)
            # Looked at again under the lock: another worker may have made them meanwhile.
            fresh = days.name not in set(inspect(conn).get_table_names())
            _meta.create_all(conn, checkfirst=True)
            for cols in INDEXES:
                name = f"ix_{TABLE}_{'_'.join(cols)}"
                conn.execute(
                    text(f"CREATE INDEX IF NOT EXISTS {name} ON {TABLE} ({', '.join(cols)})")
                )
            if fresh:  # the three are built together, from the first version on
                for t in (latest, applied, days):
                    conn.execute(t.delete())
            _store_histograms(conn)  # from the days as they are (none when fresh)
            if _has_trigrams(engine):
                _ensure_trigrams(conn, fresh)
    _READY.add(engine)
    return True


# FTS5's trigram tokenizer came with SQLite 3.34.
_SQLITE_HAS_TRIGRAMS = sqlite3.sqlite_version_info >= (3, 34)


def _has_trigrams(engine: Engine) -> bool:
    """SQLite with FTS5's trigram tokenizer."""
    return engine.dialect.name == "sqlite" and _SQLITE_HAS_TRIGRAMS


def _ensure_trigrams(conn: Connection, fresh: bool) -> None:
    """Creates the trigram index (SQLite) and fills it from the table as it is: a workspace
    made before the index has its incidents indexed at once, in the same transaction."""
    if TRIGRAMS in set(inspect(conn).get_table_names()):
        if fresh:
            conn.execute(text(f"DELETE FROM {TRIGRAMS}"))
        return
    conn.execute(
        text(f"CREATE VIRTUAL TABLE {TRIGRAMS} USING fts5(title, places, tokenize='trigram')")
    )
    conn.execute(
        text(
            f"INSERT INTO {TRIGRAMS} (rowid, title, places) "
            f"SELECT incident_id, title, places FROM {TABLE}"
        )
    )


def _index_trigrams(conn: Connection, rows: list[dict[str, Any]], replaced: list[int]) -> None:
    """The new text of these incidents into the trigram index (SQLite), in sync's transaction."""
    if not _has_trigrams(conn.engine):
        return
    for start in range(0, len(replaced), 500):
        conn.execute(
            text(f"DELETE FROM {TRIGRAMS} WHERE rowid IN :ids").bindparams(
                bindparam("ids", expanding=True)
            ),
            {"ids": replaced[start : start + 500]},
        )
    if rows:
        conn.execute(
            text(f"INSERT INTO {TRIGRAMS} (rowid, title, places) VALUES (:i, :t, :p)"),
            [{"i": r["incident_id"], "t": r["title"], "p": r["places"]} for r in rows],
        )


def trigram_phrase(conn: Connection, q: str) -> str | None:
    """``q`` as the trigram index's phrase query, whose matches (``CANDIDATES``) are a superset
    of the incidents whose title or places contain it as the lists' LIKE finds (the index
    folds case as LIKE does for ASCII, and more); None when the index cannot narrow this text
    (PostgreSQL, fewer than three characters, LIKE wildcards or NUL, table not ready) or would not
    narrow it enough to pay (``_selective``)."""
    needle = q.strip()
    if (
        len(needle) < _TRIGRAM_MIN
        or "%" in needle
        or "_" in needle
        or "\x00" in needle  # FTS5 reads a query string up to a NUL ("unterminated string")
        or conn.engine not in _READY
        or not _has_trigrams(conn.engine)
    ):
        return None
    phrase = '"' + needle.replace('"', '""') + '"'
    return phrase if _selective(conn, phrase) else None


# Through the index, a list costs about as much per candidate as the scan costs per incident
# times six ("Irpin", 848 of 10,000: 2.6 against 4.4 ms; "Shelling", 3,397: 9.9 against 6.7;
# a text in every row: 12.5 against 7.3), so the index is used for phrases matching at most
# this share of the incidents, found by counting candidates only up to it.
_SELECTIVE_SHARE = 0.15


def _selective(conn: Connection, phrase: str) -> bool:
    rows = fastsql.scalars(conn, _ROWS)[0] or 0
    cap = max(int(rows * _SELECTIVE_SHARE), 1)
    found = fastsql.scalars(conn, _CANDIDATES_UP_TO, {"trigram_phrase": phrase, "cap": cap + 1})
    return int(found[0]) <= cap


_ROWS = text(f"SELECT max(rowid) AS n FROM {TRIGRAMS}").columns(column("n", Integer))
_CANDIDATES_UP_TO = text(
    f"SELECT count(*) AS n FROM (SELECT 1 FROM {TRIGRAMS} WHERE {TRIGRAMS} MATCH :trigram_phrase "
    "LIMIT :cap) c"
).columns(column("n", Integer))


# The incident ids the phrase matches, with the phrase as parameter ``trigram_phrase``.
CANDIDATES: Select[tuple[Any]] = (
    select(column("rowid"))
    .select_from(text(TRIGRAMS))
    .where(text(f"{TRIGRAMS} MATCH :trigram_phrase"))
)


def _lock(conn: Connection) -> None:
    """Two workers starting (or catching up) at once take turns; on SQLite the writers' BEGIN
    IMMEDIATE does that already."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK})


def _done(conn: Connection) -> int:
    return int(conn.execute(select(func.coalesce(func.max(applied.c.row_id), 0))).scalar_one())


def _newest(conn: Connection) -> int:
    return int(
        conn.execute(text("SELECT coalesce(max(id), 0) FROM incident_versions")).scalar_one()
    )


def sync(engine: Engine) -> int:
    """Applies the version rows not applied yet; returns how many incidents changed."""
    if not ensure(engine):
        return 0
    with engine.connect() as conn:
        if _newest(conn) <= _done(conn):
            return 0
    with engine.connect().execution_options(casefile_write=True) as conn, conn.begin():
        _lock(conn)
        done = _done(conn)  # again under the write lock: another worker may have applied them
        rows = conn.execute(
            text(
                "SELECT id, incident_id, version, state, status, period_start, period_end, "
                "title, places "
                "FROM incident_versions WHERE id > :done ORDER BY id"
            ),
            {"done": done},
        ).all()
        if not rows:
            return 0
        newest: dict[int, Any] = {}
        for r in rows:
            old = newest.get(r.incident_id)
            if old is None or r.version > old.version:
                newest[r.incident_id] = r
        have: dict[int, Any] = {}
        ids = list(newest)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            found = select(
                latest.c.incident_id,
                latest.c.version,
                latest.c.state,
                latest.c.status,
                latest.c.period_start,
            ).where(latest.c.incident_id.in_(chunk))
            have.update((int(r.incident_id), r) for r in conn.execute(found))
        inserts: list[dict[str, Any]] = []
        updates: list[dict[str, Any]] = []
        delta: dict[tuple[str, str], int] = {}
        for iid, r in newest.items():
            values = {
                "incident_id": iid,
                "row_id": r.id,
                "version": r.version,
                "state": r.state,
                "status": r.status,
                "period_start": r.period_start,
                "period_end": r.period_end,
                "title": r.title,
                "places": r.places,
            }
            was = have.get(iid)
            if was is not None and r.version <= was.version:
                continue
            (updates if was is not None else inserts).append(values)
            if was is not None and was.state == "open":
                key = (_day(was.period_start), str(was.status))
                delta[key] = delta.get(key, 0) - 1
            if r.state == "open":
                key = (_day(r.period_start), str(r.status))
                delta[key] = delta.get(key, 0) + 1
        _index_trigrams(conn, inserts + updates, [u["incident_id"] for u in updates])
        if inserts:
            conn.execute(latest.insert(), inserts)
        if updates:
            conn.execute(
                latest.update()
                .where(latest.c.incident_id == bindparam("b_id"))
                .values({c: bindparam(f"b_{c}") for c in COLUMNS}),
                [{"b_id": u["incident_id"], **{f"b_{c}": u[c] for c in COLUMNS}} for u in updates],
            )
        if _apply_days(conn, delta):
            _store_histograms(conn)
        top = max(r.id for r in rows)
        if conn.execute(select(applied.c.one)).first() is None:
            conn.execute(applied.insert().values(one=1, row_id=top))
        else:
            conn.execute(applied.update().values(row_id=top))
        return len(newest)


def _day(period_start: Any) -> str:
    return str(period_start)[:10] if period_start else ""


def _apply_days(conn: Connection, delta: dict[tuple[str, str], int]) -> bool:
    """Adds the changes of open incidents per (day, status); True if any count changed."""
    changes = [{"d": d, "s": st, "dn": n} for (d, st), n in delta.items() if n]
    if not changes:
        return False
    have = {(r.day, r.status) for r in conn.execute(select(days.c.day, days.c.status))}
    new = [c for c in changes if (c["d"], c["s"]) not in have]
    old = [c for c in changes if (c["d"], c["s"]) in have]
    if new:
        conn.execute(days.insert(), [{"day": c["d"], "status": c["s"], "n": c["dn"]} for c in new])
    if old:
        conn.execute(
            days.update()
            .where(days.c.day == bindparam("d"), days.c.status == bindparam("s"))
            .values(n=days.c.n + bindparam("dn")),
            old,
        )
    conn.execute(days.delete().where(days.c.n <= 0))
    return True


def _store_histograms(conn: Connection) -> None:
    """Remakes the ready-made histograms from ``days`` (all open incidents, and per status)."""
    from casefile.web.histogram import histogram

    rows = day_counts(conn)
    by_status: dict[str, list[tuple[Any, ...]]] = {"": rows}
    for r in rows:
        by_status.setdefault(str(r[1]), []).append(r)
    conn.execute(histograms.delete())
    conn.execute(
        histograms.insert(),
        [
            {
                "status": st,
                "total": sum(int(r[2]) for r in some),
                "body": json.dumps(histogram(some), separators=(",", ":")),
            }
            for st, some in by_status.items()
        ],
    )


def stored_histogram(conn: Connection, status: str | None) -> tuple[dict[str, Any], int]:
    """The timeline's histogram of the open incidents (of one status) and how many it counts,
    for a caller that found ``current``: as ``histogram(day_counts(conn, status))``."""
    found = fastsql.tuples(conn, _HISTOGRAM, {"s": status or ""})
    if not found:  # no open incident (of that status)
        from casefile.web.histogram import histogram

        return histogram([]), 0
    total, body = found[0]
    last = _PARSED.get(status or "")
    if last is not None and last[0] == body:
        return last[1], int(total)
    parsed = json.loads(body)
    _PARSED[status or ""] = (body, parsed)
    return parsed, int(total)


# The last histogram read per status, parsed: the same for every request until a write
# changes it (parsing ~16 kB of JSON per request was ~0.25 ms). Shared by the requests, so
# read-only to them, as the charts' cache (``charts.histogram_svg``) is keyed by it.
_PARSED: dict[str, tuple[str, dict[str, Any]]] = {}


_HISTOGRAM = select(histograms.c.total, histograms.c.body).where(
    histograms.c.status == bindparam("s")
)


def day_counts(conn: Connection, status: str | None = None) -> list[tuple[Any, ...]]:
    """(start day or '', status, open incidents), for a caller that found ``current``."""
    # The driver's tuples as they are: '' (undated) is no date to ``histogram`` as None is,
    # and status and count come as text and integer (converting ~900 rows cost ~0.7 ms).
    if status:
        return fastsql.tuples(conn, _DAYS_OF, {"s": status})
    return fastsql.tuples(conn, _DAYS)


_DAYS = select(days.c.day, days.c.status, days.c.n)
_DAYS_OF = _DAYS.where(days.c.status == bindparam("s"))


_CURRENT = text(
    "SELECT (SELECT coalesce(max(id), 0) FROM incident_versions) <= "
    f"(SELECT coalesce(max(row_id), 0) FROM {applied.name})"
).columns(column("ok"))
# Engines whose table a read found behind: ``catch_up`` syncs them after that request.
_BEHIND: weakref.WeakSet[Engine] = weakref.WeakSet()


def current(conn: Connection) -> Table | None:
    """The table if it has every version row visible to ``conn`` applied, else None (and the
    next ``catch_up`` brings it up to date)."""
    if conn.engine in _READY and fastsql.scalars(conn, _CURRENT)[0]:
        return latest
    _BEHIND.add(conn.engine)
    return None


def catch_up(engine: Engine) -> None:
    """After a request: applies new versions if that request found the table behind. One
    query per list request instead of a sync's connection and two queries before it."""
    if engine in _BEHIND:
        _BEHIND.discard(engine)
        try:
            sync(engine)
        except Exception:  # the request has its answer already; the next one tries again
            _BEHIND.add(engine)
            log.warning("the incident index could not be brought up to date", exc_info=True)
