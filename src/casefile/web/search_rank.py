"""Exact bm25 ranking of search matches from per-word postings kept in memory (SQLite).

SQLite's ``ORDER BY bm25(web_search)`` reads every match's position list and row size from
the index: about 1.3 µs a match for one word and 2.8 µs for two. On the bench a word found in
all 52,000 rows took 103 ms to rank, and two words over 2,000 sources 5.7 ms of a ~9 ms
request. Here each query word's postings (the rows holding it, how often it occurs in each,
each row's length in tokens) are read once per state of the index, in one pass of FTS5 over
the word's matches, and kept per worker process. A query then intersects the arrays and
scores them with NumPy (0.3-0.7 ms for the 2,000-match queries).

**Same order as SQLite, checked.** The score is FTS5's bm25 (``fts5Bm25Function`` in
fts5_aux.c: k1 = 1.2, b = 0.75, the same floating-point operations in the same order, so the
same doubles) and ties go by row id, as in the SQL. A word's frequency in a row is solved from
FTS5's own bm25 score of the row for that word alone; scored again here, every row must give
FTS5's score to the bit. A word that does not (a compiler that fused the arithmetic, a changed
formula) is ranked by SQLite, as before.

**Valid while the index is unchanged.** The key is FTS5's record of row count and token totals
with the highest row id; any insert changes both (rows are only appended, by triggers).
Words that are not exactly one FTS5 token (tokenised by FTS5 itself) and searches narrowed to
one kind go to SQLite.
"""

from __future__ import annotations

import math
import sqlite3
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt

K1 = 1.2
B = 0.75
TOKENIZE = "unicode61 remove_diacritics 2"  # web_search's tokenizer (migration 0007)
MAX_BYTES = 64 << 20

_SCORED = (
    "SELECT w.rowid, bm25(web_search), d.sz FROM web_search w "
    "JOIN web_search_docsize d ON d.id = w.rowid WHERE web_search MATCH ? ORDER BY w.rowid"
)


@dataclass(frozen=True)
class IndexState:
    key: tuple[int, bytes]
    rows: int
    tokens: int


@dataclass(frozen=True)
class Postings:
    rowids: npt.NDArray[np.int64]  # ascending
    freq: npt.NDArray[np.float64]
    size: npt.NDArray[np.float64]

    @property
    def nbytes(self) -> int:
        return int(self.rowids.nbytes + self.freq.nbytes + self.size.nbytes)


class PostingsCache:
    """Postings per (index state, token), an LRU bounded in bytes; ``None`` marks a token
    whose check failed (ranked by SQLite). Thread-safe; two threads may build the same one."""

    def __init__(self, max_bytes: int = MAX_BYTES) -> None:
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        self._entries: OrderedDict[tuple[Any, str], Postings | None] = OrderedDict()
        self._bytes = 0

    def get(self, key: tuple[Any, str]) -> tuple[bool, Postings | None]:
        with self._lock:
            if key not in self._entries:
                return False, None
            self._entries.move_to_end(key)
            return True, self._entries[key]

    def put(self, key: tuple[Any, str], postings: Postings | None) -> None:
        size = postings.nbytes if postings is not None else 0
        with self._lock:
            old = self._entries.pop(key, None)
            self._bytes -= old.nbytes if old is not None else 0
            self._entries[key] = postings
            self._bytes += size
            while self._bytes > self.max_bytes and len(self._entries) > 1:
                _, dropped = self._entries.popitem(last=False)
                self._bytes -= dropped.nbytes if dropped is not None else 0


CACHE = PostingsCache()


@dataclass(frozen=True)
class Ranked:
    rowids: list[int]  # the page's, best first
    matches: int  # rows that match
    state: tuple[int, bytes]  # the index state they were read at


def rank(
    dbapi_conn: sqlite3.Connection, words: list[str], limit: int, offset: int
) -> Ranked | None:
    """Row ids of the page (best first, as ``ORDER BY bm25(web_search), rowid``) and the
    number of matching rows; ``None`` when this query must be ranked by SQLite."""
    tokens = [fts5_tokens(w) for w in words]
    if not tokens or any(len(t) != 1 for t in tokens):
        return None
    cur = dbapi_conn.cursor()
    try:
        state = read_state(cur)
        if state is None:
            return None
        lists = []
        for word, (token,) in zip(words, tokens, strict=True):
            postings = _postings(cur, state, word, token)
            if postings is None:
                return None
            lists.append(postings)
    finally:
        cur.close()
    ids, matches = _top(lists, state, limit, offset)
    return Ranked(ids, matches, state.key)


def read_state(cur: sqlite3.Cursor) -> IndexState | None:
    """FTS5's averages record (row count, then tokens per column) and the highest row id."""
    block = cur.execute("SELECT block FROM web_search_data WHERE id = 1").fetchone()
    top = cur.execute("SELECT max(id) FROM web_search_docsize").fetchone()
    if block is None or top is None or top[0] is None:
        return None
    values = varints(bytes(block[0]))
    if len(values) < 2 or values[0] <= 0:
        return None
    return IndexState(key=(int(top[0]), bytes(block[0])), rows=values[0], tokens=sum(values[1:]))


def varints(blob: bytes) -> list[int]:
    """SQLite's varints (as FTS5 writes its sizes): 7 bits a byte, high bit 'more follows',
    all 8 bits of a ninth byte."""
    out: list[int] = []
    i = 0
    while i < len(blob):
        value = 0
        for n in range(9):
            byte = blob[i]
            i += 1
            if n == 8:
                value = (value << 8) | byte
                break
            value = (value << 7) | (byte & 0x7F)
            if byte < 0x80 or i >= len(blob):
                break
        out.append(value)
    return out


def _postings(cur: sqlite3.Cursor, state: IndexState, word: str, token: str) -> Postings | None:
    key = (state.key, token)
    found, postings = CACHE.get(key)
    if not found:
        postings = build_postings(cur, state, word)
        CACHE.put(key, postings)
    return postings


@dataclass(frozen=True)
class Warmed:
    words: int  # postings built (or found built)
    nbytes: int
    seconds: float


# The index's words with the number of rows holding each (FTS5's vocabulary, per row), in
# the connection's own temporary schema: nothing is written to the database file.
_VOCABULARY = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS temp.web_search_vocabulary "
    "USING fts5vocab(main, 'web_search', 'row')"
)
_COMMONEST = "SELECT term FROM temp.web_search_vocabulary ORDER BY doc DESC, term LIMIT ?"


def warm(
    dbapi_conn: sqlite3.Connection,
    seconds: float = 10.0,
    max_bytes: int = MAX_BYTES // 2,
    max_words: int = 500,
) -> Warmed:
    """Builds the postings of the words held by the most rows first, until ``seconds`` or
    ``max_bytes`` are spent: those are the costly ones to build on a first search (a word in
    all 52,000 rows of the bench took ~0.5 s, holding up every request of its worker), while
    a rare word's are built in a moment when it is asked for."""
    start = time.perf_counter()
    cur = dbapi_conn.cursor()
    words = nbytes = 0
    try:
        state = read_state(cur)
        if state is None:
            return Warmed(0, 0, 0.0)
        cur.execute(_VOCABULARY)
        for (term,) in cur.execute(_COMMONEST, (max_words,)).fetchall():
            if time.perf_counter() - start > seconds or nbytes > max_bytes:
                break
            if fts5_tokens(term) != (term,):  # not a word a query would name as such
                continue
            postings = _postings(cur, state, term, term)
            words += 1
            nbytes += postings.nbytes if postings is not None else 0
    finally:
        cur.close()
    return Warmed(words, nbytes, time.perf_counter() - start)


def build_postings(cur: sqlite3.Cursor, state: IndexState, word: str) -> Postings | None:
    """The word's postings, from one pass of FTS5 over its matches: each row's size and its
    bm25 score for the word alone, from which the word's frequency in the row follows (the
    score is a function of frequency and size). The frequencies are then checked: scored
    again here they must give every one of FTS5's scores to the bit, or ``None``."""
    rows = cur.execute(_SCORED, (phrase(word),)).fetchall()
    n = len(rows)
    rowids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=n)
    scores = np.fromiter((r[1] for r in rows), dtype=np.float64, count=n)
    size = _sizes([bytes(r[2]) for r in rows])
    freq = _frequencies(scores, size, n, state)
    if not np.array_equal(bm25([(freq, n)], size, state), scores):
        return None
    return Postings(rowids=rowids, freq=freq, size=size)


def _sizes(blobs: list[bytes]) -> npt.NDArray[np.float64]:
    """Rows' lengths in tokens from FTS5's size records (a varint per column)."""
    joined = b"".join(blobs)
    if blobs and all(b < 0x80 for b in joined):
        # Every size fits one byte (under 128 tokens a column): sum each row's bytes.
        lengths = np.fromiter(map(len, blobs), dtype=np.int64, count=len(blobs))
        flat = np.frombuffer(joined, dtype=np.uint8).astype(np.float64)
        return np.add.reduceat(flat, np.concatenate(([0], np.cumsum(lengths)[:-1])))
    return np.fromiter((sum(varints(b)) for b in blobs), dtype=np.float64, count=len(blobs))


def _frequencies(
    scores: npt.NDArray[np.float64], size: npt.NDArray[np.float64], hits: int, state: IndexState
) -> npt.NDArray[np.float64]:
    """The whole frequency f that gives each score: -score / idf = f (k1 + 1) / (f + L)."""
    share = -scores / _idf(state.rows, hits)
    length_norm = K1 * ((1 - B) + B * size / (float(state.tokens) / float(state.rows)))
    with np.errstate(divide="ignore", invalid="ignore"):
        freq = np.rint(share * length_norm / ((K1 + 1.0) - share))
    return np.where(np.isfinite(freq) & (freq >= 1), freq, 1.0)


def bm25(
    phrases: list[tuple[npt.NDArray[np.float64], int]],
    size: npt.NDArray[np.float64],
    state: IndexState,
) -> npt.NDArray[np.float64]:
    """FTS5's bm25 values (negative: lower is better) of rows with these phrase frequencies
    (each with its number of matching rows) and sizes, operation for operation as in C."""
    avgdl = float(state.tokens) / float(state.rows)
    length_norm = K1 * ((1 - B) + B * size / avgdl)
    score = np.zeros(len(size), dtype=np.float64)
    for freq, hits in phrases:
        score += _idf(state.rows, hits) * ((freq * (K1 + 1.0)) / (freq + length_norm))
    return -1.0 * score


def _idf(rows: int, hits: int) -> float:
    idf = math.log((rows - hits + 0.5) / (hits + 0.5))
    return idf if idf > 0.0 else 1e-6


def _top(
    lists: list[Postings], state: IndexState, limit: int, offset: int
) -> tuple[list[int], int]:
    order = sorted(range(len(lists)), key=lambda i: len(lists[i].rowids))
    rowids = lists[order[0]].rowids
    for i in order[1:]:
        other = lists[i].rowids
        at = np.minimum(np.searchsorted(other, rowids), max(len(other) - 1, 0))
        rowids = rowids[other[at] == rowids] if len(other) else rowids[:0]
    n = len(rowids)
    k = offset + limit
    if n == 0 or offset >= n:
        return [], n
    phrases = []
    for p in lists:  # in the query's order: the sum is taken in FTS5's order
        phrases.append((p.freq[np.searchsorted(p.rowids, rowids)], len(p.rowids)))
    first = lists[0]
    size = first.size[np.searchsorted(first.rowids, rowids)]
    values = bm25(phrases, size, state)
    if k < n:
        cut = np.partition(values, k - 1)[k - 1]
        keep = np.flatnonzero(values <= cut)
        values, rowids = values[keep], rowids[keep]
    best = np.lexsort((rowids, values))[:k]
    return [int(r) for r in rowids[best][offset:]], n


def phrase(word: str) -> str:
    """A word as a quoted FTS5 phrase: no query syntax gets through."""
    return '"' + word.replace('"', '""') + '"'


_LOCAL = threading.local()


@lru_cache(maxsize=8192)
def fts5_tokens(word: str) -> tuple[str, ...]:
    """The tokens FTS5 makes of ``word`` with web_search's tokenizer (case folded, marks
    removed as it does), asked of FTS5 itself in a private in-memory database."""
    conn: sqlite3.Connection | None = getattr(_LOCAL, "conn", None)
    if conn is None:
        conn = sqlite3.connect(":memory:", isolation_level=None)
        conn.execute(f"CREATE VIRTUAL TABLE t USING fts5(body, tokenize='{TOKENIZE}')")
        conn.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, instance)")
        _LOCAL.conn = conn
    conn.execute("BEGIN")
    try:
        conn.execute("INSERT INTO t(rowid, body) VALUES (1, ?)", (word,))
        return tuple(r[0] for r in conn.execute('SELECT term FROM v ORDER BY "offset"'))
    finally:
        conn.execute("ROLLBACK")
