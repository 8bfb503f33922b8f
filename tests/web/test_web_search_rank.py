"""The search's own bm25 ranking (web/search_rank.py) gives exactly SQLite FTS5's order."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert

from casefile.ingest.schema import documents
from casefile.vault.acquire import AddOptions, add_sources
from casefile.vault.custody_ledger import utc_now
from casefile.vault.workspace import Workspace
from casefile.web import search_rank
from casefile.web.search import search

WORDS = (  # noqa: SIM905
    "shelling market school bridge report Bucha Irpin Ärzte naïve Шевченко Ірпінь "
    "witness basement convoy"
).split()


def _add_documents(ws: Workspace, rng: random.Random, n: int) -> None:
    with ws.transaction() as tx:
        seq = tx.record("test_seeded", None, {"documents": n})
        first = int(
            tx.conn.exec_driver_sql("SELECT coalesce(max(id), 0) FROM documents").scalar_one()
        )
        items = [r[0] for r in tx.conn.exec_driver_sql("SELECT sha256 FROM items")]
        rows = []
        for i in range(n):
            # Lengths from 1 to 400 tokens: row sizes of one and of two bytes in FTS5's record.
            text = " ".join(rng.choice(WORDS) for _ in range(rng.choice((1, 3, 20, 150, 400))))
            rows.append(
                {
                    "id": first + i + 1,
                    "item_sha256": items[i % len(items)],
                    "extractor_version": "test",
                    "language": "en",
                    "published": "2022-04-04",
                    "text": text,
                    "removed": "[]",
                    "warnings": "[]",
                    "models": "{}",
                    "event_seq": seq,
                    "created_at": utc_now(),
                }
            )
        tx.conn.execute(insert(documents), rows)


def _add_items(ws: Workspace, folder: Path, rng: random.Random, n: int) -> None:
    folder.mkdir(exist_ok=True)
    for i in range(n):
        name = "-".join(rng.sample(WORDS, 2)).replace("ï", "i")
        (folder / f"{name}-{i}-{rng.random()}.txt").write_text(f"{i}\n")
    add_sources(ws, [str(folder)], AddOptions(tags=["report"]))


def _sqlite_order(conn: Any, words: list[str], limit: int, offset: int) -> tuple[list[int], int]:
    match = " ".join(search_rank.phrase(w) for w in words)
    ids = conn.execute(
        "SELECT rowid FROM web_search WHERE web_search MATCH ? "
        "ORDER BY bm25(web_search), rowid LIMIT ? OFFSET ?",
        (match, limit, offset),
    ).fetchall()
    n = conn.execute("SELECT count(*) FROM web_search WHERE web_search MATCH ?", (match,))
    return [int(r[0]) for r in ids], int(n.fetchone()[0])


def _queries(rng: random.Random) -> list[list[str]]:
    out = [[w] for w in WORDS] + [["report", "report"], ["absentword"], ["arzte", "NAIVE"]]
    out += [rng.sample(WORDS, rng.choice((2, 3))) for _ in range(25)]
    return out


def _check_all(ws: Workspace, rng: random.Random) -> int:
    checked = 0
    with ws.db.read() as conn:
        driver: Any = conn.connection.dbapi_connection
        for words in _queries(rng):
            for limit, offset in ((20, 0), (7, 13), (100, 0), (20, 10_000)):
                ours = search_rank.rank(driver, words, limit, offset)
                assert ours is not None, words
                assert (ours.rowids, ours.matches) == _sqlite_order(driver, words, limit, offset), (
                    words,
                    offset,
                )
                checked += 1
    return checked


def test_ranking_is_fts5s_order_and_follows_new_rows(
    sqlite_workspace: Workspace, tmp_path: Path
) -> None:
    rng = random.Random(5)
    ws = sqlite_workspace
    _add_items(ws, tmp_path / "a", rng, 60)
    _add_documents(ws, rng, 300)
    assert _check_all(ws, rng) > 100
    # New rows change the state: the postings are read again, and still agree.
    _add_documents(ws, rng, 50)
    _add_items(ws, tmp_path / "b", rng, 20)
    _check_all(ws, rng)
    with ws.db.read() as conn:
        driver: Any = conn.connection.dbapi_connection
        hits, total = search(conn, "Bucha report")
        ids, n = _sqlite_order(driver, ["Bucha", "report"], 20, 0)
        assert total == n and len(hits) == len(ids) > 0


def test_words_that_are_not_one_token_go_to_sqlite(sqlite_workspace: Workspace) -> None:
    assert search_rank.fts5_tokens("Ärzte") == ("arzte",)
    assert search_rank.fts5_tokens("ab_c") == ("ab", "c")
    with sqlite_workspace.db.read() as conn:
        driver: Any = conn.connection.dbapi_connection
        assert search_rank.rank(driver, ["ab_c"], 20, 0) is None
        assert search(conn, "ab_c") == ([], 0)


def test_postings_hold_each_words_true_frequency(
    sqlite_workspace: Workspace, tmp_path: Path
) -> None:
    rng = random.Random(9)
    _add_items(sqlite_workspace, tmp_path / "a", rng, 5)
    _add_documents(sqlite_workspace, rng, 60)
    with sqlite_workspace.db.read() as conn:
        cur: Any = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        state = search_rank.read_state(cur)
        assert state is not None
        cur.execute("CREATE VIRTUAL TABLE temp.v USING fts5vocab(main, web_search, instance)")
        for word, token in (("shelling", "shelling"), ("Ärzte", "arzte"), ("Ірпінь", "ірпінь")):
            postings = search_rank.build_postings(cur, state, word)
            assert postings is not None and len(postings.rowids) > 0
            truth = cur.execute(
                "SELECT doc, count(*) FROM temp.v WHERE term = ? GROUP BY doc ORDER BY doc",
                (token,),
            ).fetchall()
            assert [
                (int(r), int(f)) for r, f in zip(postings.rowids, postings.freq, strict=True)
            ] == truth
        # Statistics that are not the index's give other scores: refused, not used.
        wrong = search_rank.IndexState(state.key, state.rows + 1, state.tokens)
        assert search_rank.build_postings(cur, wrong, "shelling") is None


def test_varints_as_sqlite_writes_them() -> None:
    assert search_rank.varints(b"\x00\x05\x7f") == [0, 5, 127]
    assert search_rank.varints(b"\x82\x2c") == [300]
    assert search_rank.varints(b"\x81\x80\x00") == [1 << 14]
    assert search_rank.varints(b"\xff" * 8 + b"\x01") == [(1 << 64) - 255]


def test_the_cache_stays_within_its_bytes() -> None:
    import numpy as np

    cache = search_rank.PostingsCache(max_bytes=10_000)
    p = search_rank.Postings(np.arange(200), np.ones(200), np.ones(200))  # 4,800 bytes
    for i in range(5):
        cache.put(("s", str(i)), p)
    assert cache.get(("s", "0")) == (False, None)
    assert cache.get(("s", "4"))[0] and cache.get(("s", "3"))[0]


def test_warm_builds_the_commonest_words_first(
    sqlite_workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A started worker's warm-up builds the postings of the words in the most rows, on its
    own read-only connection, within its bounds; searches then find them built, and rank as
    FTS5 does."""
    from casefile.web.search import warm_search

    rng = random.Random(3)
    ws = sqlite_workspace
    _add_items(ws, tmp_path / "a", rng, 10)
    _add_documents(ws, rng, 200)
    monkeypatch.setattr(search_rank, "CACHE", search_rank.PostingsCache())
    with ws.db.read() as conn:
        driver: Any = conn.connection.dbapi_connection
        cur = driver.cursor()
        cur.execute("CREATE VIRTUAL TABLE temp.v USING fts5vocab(main, web_search, row)")
        by_rows = [r[0] for r in cur.execute("SELECT term FROM temp.v ORDER BY doc DESC, term")]
        state = search_rank.read_state(cur)
        assert state is not None
    few = search_rank.warm(driver, max_words=3)
    assert few.words == 3 and few.nbytes > 0
    built = [token for (key, token) in search_rank.CACHE._entries if key == state.key]
    assert built == by_rows[:3]
    assert search_rank.warm(driver, seconds=0.0).words == 0  # out of time before the first
    done = warm_search(ws.db.engine)
    assert done is not None and done.words == len(by_rows)
    assert {t for (_, t) in search_rank.CACHE._entries} == set(by_rows)
    with ws.db.read() as conn:
        driver = conn.connection.dbapi_connection
        for words in (["report"], ["Bucha", "witness"], ["Шевченко"]):
            ours = search_rank.rank(driver, words, 20, 0)
            assert ours is not None
            assert (ours.rowids, ours.matches) == _sqlite_order(driver, words, 20, 0)
