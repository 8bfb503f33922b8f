"""A server-side cache of read pages, invalidated by the workspace's data version.

**Key**: (path, query string, role). Everything a page shows besides the signed-in user's own
name and CSRF token is a function of the data, the URL and the role (the role matrix and the
redaction of protected fields depend on the role only). The user's name and CSRF token are
rendered as per-process random placeholders and filled in for each request after the cache,
so one user's page is never served with another user's name or token.

**Validity**: every write of casefile records a custody-ledger event in the same transaction,
so the ledger's size (``ledger_head.size``) changes with every change of the tables the pages
read. The stamp adds the newest checkpoint (signed in the same transaction, but cheap to
include) and the schema revisions (a migration can make a stage's tables appear without an
event). Web accounts, sessions and login attempts are written without ledger events: no
cached page shows them (``/users`` and the witness pages are never cached, see
``NO_CACHE_ACTIONS``), and who may see a page is decided per request before the cache is
consulted (a deactivated user or ended session gets no cached page).

A cached entry is stored under the stamp read *before* its handler ran, so a write racing with
the handler can only make the entry look older than it is (it is then dropped), never newer.

The ``ETag`` of a response is a hash of stamp, key and the user's own parts; ``If-None-Match``
with it gives 304. ``CASEFILE_WEB_CACHE=0`` turns the cache off (the bench's cold path).
"""

from __future__ import annotations

import asyncio
import hashlib
import html
import os
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, text

# Actions whose pages are never cached: accounts (written without ledger events) and witnesses.
NO_CACHE_ACTIONS = frozenset({"users.view", "witnesses.view"})
MAX_ENTRIES = 2000
MAX_BYTES = 64 << 20

NAME_PLACEHOLDER = "cfname" + secrets.token_hex(12)
CSRF_PLACEHOLDER = "cfcsrf" + secrets.token_hex(12)


def enabled_by_env() -> bool:
    return os.environ.get("CASEFILE_WEB_CACHE", "1") not in ("0", "off", "no", "false")


def data_stamp(conn: Connection) -> str:
    """The workspace's data version: ledger size, newest checkpoint, schema revisions."""
    row = conn.execute(
        text("SELECT (SELECT max(size) FROM ledger_head), (SELECT max(size) FROM checkpoints)")
    ).one()
    revisions = sorted(conn.execute(text("SELECT version_num FROM alembic_version")).scalars())
    return f"{row[0]}:{row[1]}:{','.join(revisions)}"


@dataclass(frozen=True)
class Entry:
    stamp: str
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes


class PageCache:
    """A bounded LRU of rendered pages (per worker process), thread-safe."""

    def __init__(self, enabled: bool = True, max_entries: int = MAX_ENTRIES) -> None:
        self.enabled = enabled
        self.max_entries = max_entries
        self._pages: OrderedDict[tuple[str, str, str], Entry] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: tuple[str, str, str], stamp: str) -> Entry | None:
        if not self.enabled:
            return None
        with self._lock:
            hit = self._pages.get(key)
            if hit is None or hit.stamp != stamp:
                self.misses += 1
                return None
            self._pages.move_to_end(key)
            self.hits += 1
            return hit

    def put(self, key: tuple[str, str, str], entry: Entry) -> None:
        if not self.enabled or len(entry.body) > MAX_BYTES // 16:
            return
        with self._lock:
            old = self._pages.pop(key, None)
            if old is not None:
                self._bytes -= len(old.body)
            self._pages[key] = entry
            self._bytes += len(entry.body)
            while self._pages and (len(self._pages) > self.max_entries or self._bytes > MAX_BYTES):
                _, dropped = self._pages.popitem(last=False)
                self._bytes -= len(dropped.body)


def personalise(body: bytes, name: str, csrf: str | None) -> bytes:
    """The cached body with this user's name and CSRF token in place of the placeholders."""
    return body.replace(NAME_PLACEHOLDER.encode(), html.escape(name).encode()).replace(
        CSRF_PLACEHOLDER.encode(), html.escape(csrf or "").encode()
    )


def etag(stamp: str, key: tuple[str, str, str], name: str, csrf: str | None) -> str:
    h = hashlib.sha256("\x00".join((stamp, *key, name, csrf or "")).encode()).hexdigest()
    return f'"{h[:32]}"'


Principal_ = Any
Send_ = Callable[[dict[str, Any]], Any]


class PageCacheMiddleware:
    """Serves cached read pages and fills in each user's own parts (see the module docstring).

    ``principal_of(request)`` is who asks (None: not signed in; the request then goes to the
    app, which redirects or refuses). Every authenticated GET is rendered with placeholders
    and personalised here; it is stored only if its handler marked it cacheable.
    """

    SKIP = ("/static/", "/login", "/healthz", "/favicon.ico", "/api/docs", "/api/openapi.json")

    def __init__(
        self,
        app: Any,
        cache: PageCache,
        principal_of: Callable[[Any], Any],
        stamp_of: Callable[[], str],
    ) -> None:
        self.app = app
        self.cache = cache
        self.principal_of = principal_of
        self.stamp_of = stamp_of
        self._inflight: dict[tuple[tuple[str, str, str], str], asyncio.Event] = {}

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Send_) -> None:
        path: str = scope.get("path", "")
        if (
            not self.cache.enabled
            or scope["type"] != "http"
            or scope["method"] != "GET"
            or path.startswith(self.SKIP)
        ):
            await self.app(scope, receive, send)
            return
        from starlette.requests import Request

        p = self.principal_of(Request(scope))
        if p is None:
            await self.app(scope, receive, send)
            return
        stamp = self.stamp_of()
        key = (path, scope.get("query_string", b"").decode("latin-1"), p.role)
        tag = etag(stamp, key, p.user.name, p.csrf)
        inm = _header(scope, b"if-none-match")
        entry = self.cache.get(key, stamp)
        leader: asyncio.Event | None = None
        if entry is None:
            # One request per page computes it; the others wait for it (no stampede of
            # identical misses when many clients ask for a page at once).
            waiting = self._inflight.get((key, stamp))
            if waiting is not None:
                await waiting.wait()
                entry = self.cache.get(key, stamp)
            else:
                leader = self._inflight[(key, stamp)] = asyncio.Event()
        if entry is not None:
            if inm is not None and tag in inm:
                await _send(send, 304, [(b"etag", tag.encode())], b"")
                return
            body = personalise(entry.body, p.user.name, p.csrf)
            await _send(send, entry.status, [*entry.headers, (b"etag", tag.encode())], body)
            return
        flags: dict[str, Any] = {"placeholders": True, "cacheable": False, "rendered": False}
        scope["casefile.page"] = flags
        start: dict[str, Any] = {}
        chunks: list[bytes] = []
        passthrough = False

        async def capture(message: dict[str, Any]) -> None:
            nonlocal passthrough
            if message["type"] == "http.response.start":
                # Only pages of the app (rendered or JSON twins) are buffered: files such as
                # raw evidence stream through untouched.
                if not flags.get("rendered"):
                    passthrough = True
                    await send(message)
                    return
                start.update(message)
                return
            if passthrough or message["type"] != "http.response.body":
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            body = b"".join(chunks)
            status = int(start["status"])
            headers = [
                (k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"
            ]
            cookies = any(k.lower() == b"set-cookie" for k, _ in headers)
            keep = status == 200 and flags["cacheable"] and not cookies
            if keep:
                self.cache.put(key, Entry(stamp, status, headers, body))
                headers.append((b"etag", tag.encode()))
                if inm is not None and tag in inm:
                    await _send(send, 304, [(b"etag", tag.encode())], b"")
                    return
            await _send(send, status, headers, personalise(body, p.user.name, p.csrf))

        try:
            await self.app(scope, receive, capture)
        finally:
            if leader is not None:
                self._inflight.pop((key, stamp), None)
                leader.set()


def _header(scope: dict[str, Any], name: bytes) -> str | None:
    for k, v in scope.get("headers", []):
        if k == name:
            return bytes(v).decode("latin-1")
    return None


async def _send(send: Send_, status: int, headers: list[tuple[bytes, bytes]], body: bytes) -> None:
    headers = [*headers, (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body, "more_body": False})


class SqliteStamp:
    """The data stamp on SQLite without a query per request: ``PRAGMA data_version`` on one
    dedicated connection changes whenever any other connection (any process) commits, so the
    stamp is read again only then. Used from the event loop thread only (hence the lock is
    cheap); the connection is read-only."""

    def __init__(self, path: str) -> None:
        import sqlite3

        self._conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._conn.execute("PRAGMA query_only=1")
        self._lock = threading.Lock()
        self._version: int | None = None
        self._stamp = ""

    def __call__(self) -> str:
        with self._lock:
            # The version first: a commit after it makes the next call read the stamp again,
            # so the stamp kept is never older than the version it is kept for.
            version = int(self._conn.execute("PRAGMA data_version").fetchone()[0])
            if version != self._version:
                row = self._conn.execute(
                    "SELECT (SELECT max(size) FROM ledger_head), "
                    "(SELECT max(size) FROM checkpoints)"
                ).fetchone()
                revs = sorted(
                    r[0] for r in self._conn.execute("SELECT version_num FROM alembic_version")
                )
                self._stamp = f"{row[0]}:{row[1]}:{','.join(revs)}"
                self._version = version
            return self._stamp

    def close(self) -> None:
        self._conn.close()
