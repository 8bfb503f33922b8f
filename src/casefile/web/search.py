"""Full-text search across sources (cleaned document texts) and vault items (names, labels,
descriptions, URLs, tags): SQLite FTS5 or PostgreSQL full-text search, one function.
"""

from __future__ import annotations

import functools
import logging
import re
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, column, text

from casefile.web import fastsql, search_rank
from casefile.web.cache import memo_count

START, STOP = "\x02", "\x03"
log = logging.getLogger(__name__)
KINDS = ("document", "item")
_TOKEN = re.compile(r"\w+", re.UNICODE)


_SNIPPET = f"snippet(web_search, 2, '{START}', '{STOP}', '…', 16)"


def _fts5_query(q: str) -> str:
    """The user's words as an FTS5 query of quoted terms (all must match); no syntax leaks."""
    return " ".join(search_rank.phrase(w) for w in _words(q))


def _words(q: str) -> list[str]:
    return _TOKEN.findall(q)[:20]


def split_snippet(snippet: str) -> list[tuple[str, bool]]:
    """A snippet with START/STOP marks as (text, is_match) parts, for safe rendering."""
    parts: list[tuple[str, bool]] = []
    for chunk in re.split(f"({START}[^{STOP}]*{STOP})", snippet):
        if not chunk:
            continue
        if chunk.startswith(START):
            parts.append((chunk.strip(START + STOP), True))
        else:
            parts.append((chunk, False))
    return parts


def search(
    conn: Connection, q: str, kind: str | None = None, limit: int = 20, offset: int = 0
) -> tuple[list[dict[str, Any]], int]:
    """Hits (best first) and their total: each {kind, ref, snippet, parts}."""
    if kind is not None and kind not in KINDS:
        kind = None
    if not _TOKEN.search(q):
        return [], 0
    if conn.dialect.name == "sqlite":
        rows, total = _sqlite(conn, q, kind, limit, offset)
    else:
        rows, total = _postgres(conn, q, kind, limit, offset)
    hits = [
        {
            "kind": r[0],
            "ref": str(r[1]),
            "snippet": str(r[2] or "").replace(START, "").replace(STOP, ""),
            "parts": split_snippet(str(r[2] or "")),
        }
        for r in rows
    ]
    return hits, total


def _sqlite(
    conn: Connection, q: str, kind: str | None, limit: int, offset: int
) -> tuple[list[Any], int]:
    match = _fts5_query(q)
    where = "web_search MATCH :m" + (" AND kind = :k" if kind else "")
    params: dict[str, Any] = {"m": match, "k": kind, "n": limit, "o": offset}
    fast = None
    if kind is None:  # the postings know no kinds: a search of one kind is ranked by SQLite
        driver: Any = conn.connection.dbapi_connection
        fast = search_rank.rank(driver, _words(q), limit, offset)
    if fast is not None:
        ranked, matches, many = fast.rowids, fast.matches, fast.matches > _WALK_AT_MOST
    else:
        ranked, matches, many = _ranked_by_sqlite(conn, where, params), -1, False
    # Rank first, then snippets for the page's rows only, found by rowid in a second query
    # (one query with "rowid IN (ranked subquery) ORDER BY rank" ran the match and the
    # ranking twice: 22 ms instead of 7 + 2 on 2,000 matching sources).
    by_rowid = (
        {
            int(r[0]): r[1:]
            for r in fastsql.rows(
                conn,
                _fixed(
                    f"SELECT rowid, kind, ref, {_SNIPPET} FROM web_search "
                    # "+rowid": one pass over the matches, the page's rows kept by SQLite.
                    # As a constraint, FTS5 runs the match once per row id (~25 us each),
                    # which is cheaper only when the matches are many.
                    f"WHERE {where} AND {'' if many else '+'}rowid IN :ids",
                    ("rowid", "kind", "ref", "snippet"),
                    "ids",
                ),
                {**params, "ids": ranked},
            )
        }
        if ranked
        else {}
    )
    rows = [by_rowid[i] for i in ranked if i in by_rowid]
    # An item acquired several times has several rows: show it once (its best row). Such
    # repeats are rare, so a page may hold a hit fewer rather than pay for grouping every match.
    seen: set[tuple[str, str]] = set()
    unique = []
    for r in rows:
        if (r[0], str(r[1])) not in seen:
            seen.add((r[0], str(r[1])))
            unique.append(r)
    rows = unique

    def count() -> int:
        # The ranking counted the matches; they are the hits when no item repeats.
        if fast is not None and _once_at(conn, fast.state):
            return matches
        return _sqlite_total(conn, where, params)

    return list(rows), memo_count(("search", match, kind), count)


# Above this many matches, the snippets' statement looks up the page's rows by row id instead
# of walking all matches (~0.07 us a match against ~25 us a looked-up row).
_WALK_AT_MOST = 8000


def _ranked_by_sqlite(conn: Connection, where: str, params: dict[str, Any]) -> list[int]:
    """The page's row ids by bm25 itself, ties in row order (the same score as FTS5's "rank",
    without its indirection: 2.6 -> 2.1 ms on 2,000 matches; and pages do not depend on how
    the sorter left equal scores)."""
    return [
        int(r[0])
        for r in fastsql.rows(
            conn,
            _fixed(
                f"SELECT rowid FROM web_search WHERE {where} "
                "ORDER BY bm25(web_search), rowid LIMIT :n OFFSET :o",
                ("rowid",),
            ),
            params,
        )
    ]


def _once(conn: Connection) -> bool:
    return bool(fastsql.scalars(conn, _fixed(_ONCE, ("once",)))[0])


_ONCE_BY_STATE: dict[Any, bool] = {}


def _once_at(conn: Connection, state: Any) -> bool:
    """``_once`` for a state of the search index (2.3 ms on the bench's 50,000 items). Every new
    item or acquisition adds a row to the index, so the state decides the answer."""
    found = _ONCE_BY_STATE.get(state)
    if found is None:
        found = _once(conn)
        if len(_ONCE_BY_STATE) > 16:
            _ONCE_BY_STATE.clear()
        _ONCE_BY_STATE[state] = found
    return found


def _sqlite_total(conn: Connection, where: str, params: dict[str, Any]) -> int:
    """Distinct hits. The index has one row per document and one per acquisition (insert
    triggers), and every item has at least one acquisition: when there are as many
    acquisitions as items, no (kind, ref) repeats and the index's own count is exact (reading
    kind and ref of every match to count them distinct cost ~12 ms on 2,000 matches)."""
    if _once(conn) and "kind" not in where:
        sql = f"SELECT count(*) FROM web_search WHERE {where}"
    else:
        sql = f"SELECT count(*) FROM (SELECT DISTINCT kind, ref FROM web_search WHERE {where}) h"
    return int(fastsql.scalars(conn, _fixed(sql, ("n",)), params)[0])


_ONCE = "SELECT (SELECT count(*) FROM acquisitions) = (SELECT count(*) FROM items)"


@functools.lru_cache(maxsize=64)
def _fixed(sql: str, columns: tuple[str, ...], expanding: str | None = None) -> Any:
    """The statement of this SQL text, made once (the queries above have a few fixed forms),
    so that fastsql plans it once."""
    stmt = text(sql)
    if expanding:
        stmt = stmt.bindparams(bindparam(expanding, expanding=True))
    return stmt.columns(*(column(c) for c in columns))


# Must be exactly the expression of the index in migration 0007_web.
_ACQ_TEXT = (
    "regexp_replace(coalesce(original_name,'') || ' ' || coalesce(label,'') || ' ' || "
    "coalesce(description,'') || ' ' || coalesce(source_url,'') || ' ' || coalesce(tags,''), "
    "'[^[:alnum:]]+', ' ', 'g')"
)


def _postgres(
    conn: Connection, q: str, kind: str | None, limit: int, offset: int
) -> tuple[list[Any], int]:
    opts = f"StartSel={START},StopSel={STOP},MaxWords=24,MinWords=8"
    docs = (
        "SELECT 'document' AS kind, CAST(d.id AS TEXT) AS ref, "
        f"ts_headline('simple', d.text, query, '{opts}') AS snip, "
        "ts_rank(to_tsvector('simple', d.text), query) AS r "
        "FROM documents d, plainto_tsquery('simple', :q) query "
        "WHERE to_tsvector('simple', d.text) @@ query"
    )
    acqs = (
        "SELECT DISTINCT ON (item_sha256) 'item' AS kind, item_sha256 AS ref, "
        f"ts_headline('simple', {_ACQ_TEXT}, query, '{opts}') AS snip, "
        f"ts_rank(to_tsvector('simple', {_ACQ_TEXT}), query) AS r "
        "FROM acquisitions, plainto_tsquery('simple', :q) query "
        f"WHERE to_tsvector('simple', {_ACQ_TEXT}) @@ query ORDER BY item_sha256, r DESC"
    )
    parts = [p for k, p in (("document", docs), ("item", acqs)) if kind in (None, k)]
    union = " UNION ALL ".join(f"({p})" for p in parts)
    params = {"q": q, "n": limit, "o": offset}
    rows = conn.execute(
        text(f"SELECT kind, ref, snip, r FROM ({union}) hits ORDER BY r DESC LIMIT :n OFFSET :o"),
        params,
    ).all()
    total = memo_count(
        ("search", q, kind),
        lambda: int(
            conn.execute(text(f"SELECT count(*) FROM ({union}) hits"), params).scalar_one()
        ),
    )
    return list(rows), total


def item_match(conn: Connection, q: str) -> Any:
    """A clause 'items.sha256 matches these words' for item lists, through the search index."""
    from sqlalchemy import literal_column, select

    from casefile.vault.schema import acquisitions, items

    if conn.dialect.name == "sqlite":
        refs: Any = (
            select(literal_column("ref"))
            .select_from(text("web_search"))
            .where(
                text("web_search MATCH :m AND kind = 'item'").bindparams(m=_fts5_query(q) or '""')
            )
        )
        return items.c.sha256.in_(refs)
    return items.c.sha256.in_(
        select(acquisitions.c.item_sha256).where(
            text(f"to_tsvector('simple', {_ACQ_TEXT}) @@ plainto_tsquery('simple', :q)").bindparams(
                q=q
            )
        )
    )


def warm_search(engine: Engine) -> search_rank.Warmed | None:
    """Builds the commonest words' postings (``search_rank.warm``) on a read-only connection of
    its own, for a worker that has just started; None on PostgreSQL, or when the index is not
    there or not readable (searches then build what they need, as before)."""
    if engine.dialect.name != "sqlite" or not engine.url.database:
        return None
    uri = Path(engine.url.database).resolve().as_uri() + "?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True, isolation_level=None)
    except sqlite3.Error:
        return None
    try:
        conn.execute("BEGIN")  # one state of the index throughout
        return search_rank.warm(conn)
    except sqlite3.Error as e:
        log.info("search postings not warmed: %s", e)
        return None
    finally:
        conn.close()
