"""Full-text search across sources (cleaned document texts) and vault items (names, labels,
descriptions, URLs, tags): SQLite FTS5 or PostgreSQL full-text search, one function.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import Connection, text

START, STOP = "\x02", "\x03"
KINDS = ("document", "item")
_TOKEN = re.compile(r"\w+", re.UNICODE)


_SNIPPET = f"snippet(web_search, 2, '{START}', '{STOP}', '…', 16)"
# A kind as a range of the search index's rowids (see _sqlite).
_ROWIDS = {"document": " AND rowid < 0", "item": " AND rowid > 0"}


def _fts5_query(q: str) -> str:
    """The user's words as an FTS5 query of quoted terms (all must match); no syntax leaks."""
    return " ".join('"' + w.replace('"', '""') + '"' for w in _words(q))


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
    """Ranked by FTS5's bm25 (ties: documents, then items, each in the order added); then
    snippets for the page's rows only (a snippet per match would be made for every match
    before the sort). A row's rowid is its acquisition's id, or minus its document's id
    (migration 0015_search_rowids), so the kind is a rowid range and the hits are counted from
    the index: every matching document, and the distinct items of the matching acquisitions
    (an item acquired several times has several rows; it is shown once per page, such repeats
    are rare)."""
    where = "web_search MATCH :m" + _ROWIDS.get(kind or "", "")
    params: dict[str, Any] = {"m": _fts5_query(q), "n": limit, "o": offset}
    ranked = list(
        conn.execute(
            text(
                f"SELECT rowid FROM web_search WHERE {where} "
                "ORDER BY bm25(web_search), rowid > 0, abs(rowid) LIMIT :n OFFSET :o"
            ),
            params,
        ).scalars()
    )
    found = {}
    if ranked:
        found = {
            int(r[0]): r[1:]
            for r in conn.execute(
                text(
                    f"SELECT rowid, kind, ref, {_SNIPPET} FROM web_search "
                    f"WHERE {where} AND rowid IN ({','.join(str(int(i)) for i in ranked)})"
                ),
                params,
            )
        }
    rows, seen = [], set()
    for i in ranked:
        if i in found and (found[i][0], str(found[i][1])) not in seen:
            seen.add((found[i][0], str(found[i][1])))
            rows.append(found[i])
    parts = []
    if kind in (None, "document"):
        parts.append("SELECT rowid FROM web_search WHERE web_search MATCH :m AND rowid < 0")
    if kind in (None, "item"):
        parts.append(
            "SELECT DISTINCT a.item_sha256 FROM web_search "
            "JOIN acquisitions a ON a.id = web_search.rowid "
            "WHERE web_search MATCH :m AND web_search.rowid > 0"
        )
    total, _ = capped_count_sql(conn, " UNION ALL ".join(parts), params)
    return rows, total


def capped_count_sql(conn: Connection, sql: str, params: dict[str, Any]) -> tuple[int, bool]:
    """How many rows the SQL text gives, counted up to ``COUNT_CAP`` (and whether more)."""
    from casefile.web.queries import COUNT_CAP

    n = int(
        conn.execute(
            text(f"SELECT count(*) FROM ({sql} LIMIT :cap) c"), {**params, "cap": COUNT_CAP + 1}
        ).scalar_one()
    )
    return min(n, COUNT_CAP), n > COUNT_CAP


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
    # Counted as on SQLite, from the indexes alone: the matching documents and the distinct
    # items of the matching acquisitions (no headline or rank made for the count).
    counted = {
        "document": "SELECT CAST(d.id AS TEXT) FROM documents d "
        "WHERE to_tsvector('simple', d.text) @@ plainto_tsquery('simple', :q)",
        "item": "SELECT DISTINCT item_sha256 FROM acquisitions "
        f"WHERE to_tsvector('simple', {_ACQ_TEXT}) @@ plainto_tsquery('simple', :q)",
    }
    hits = " UNION ALL ".join(f"({p})" for k, p in counted.items() if kind in (None, k))
    total, _ = capped_count_sql(conn, hits, params)
    return list(rows), total


def item_match(conn: Connection, q: str) -> Any:
    """A clause 'items.sha256 matches these words' for item lists, through the search index."""
    from sqlalchemy import literal_column, select

    from casefile.vault.schema import acquisitions, items

    if conn.dialect.name == "sqlite":
        # The matching acquisitions' rows (rowid > 0, see _sqlite), read from the index alone.
        rows: Any = (
            select(literal_column("rowid"))
            .select_from(text("web_search"))
            .where(text("web_search MATCH :m AND rowid > 0").bindparams(m=_fts5_query(q) or '""'))
        )
        return items.c.sha256.in_(
            select(acquisitions.c.item_sha256).where(acquisitions.c.id.in_(rows))
        )
    return items.c.sha256.in_(
        select(acquisitions.c.item_sha256).where(
            text(f"to_tsvector('simple', {_ACQ_TEXT}) @@ plainto_tsquery('simple', :q)").bindparams(
                q=q
            )
        )
    )
