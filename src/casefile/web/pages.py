"""The page toolkit every router uses: who is asking and what their role may do (``need``),
a read connection with a statement time limit (``read``), a page as HTML or as its JSON twin
(``page``), forms' CSRF check, the acting workspace, and the routers' decorators.

State lives on ``request.app.state`` (``web``: the ``WebState``; ``templates``), so these are
plain functions of the request: routers import them, nothing is handed around.
"""

from __future__ import annotations

import copy
import functools
import json
import os
import sqlite3
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import anyio
import anyio.to_thread
import jinja2
from fastapi import APIRouter, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.templating import Jinja2Templates
from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from casefile import __version__
from casefile.errors import CasefileError
from casefile.vault.workspace import Workspace
from casefile.web import accounts
from casefile.web.cache import CSRF_PLACEHOLDER, NAME_PLACEHOLDER, NO_CACHE_ACTIONS, PageCache
from casefile.web.charts import qs
from casefile.web.queries import MAX_PER_PAGE, NO_NUL
from casefile.web.roles import MATRIX, allowed, redact
from casefile.web.security import CookieSigner, Principal, csrf_ok, load_secret

HERE = Path(__file__).parent
DEFAULT_MAX_UPLOAD = 200 << 20
AUTH_CACHE_SECONDS = 5.0
# A page's queries are stopped after this long (as datasette's sql_time_limit_ms): the page
# then says so (503) instead of holding a worker. CASEFILE_WEB_SQL_TIME_LIMIT_MS overrides.
SQL_TIME_LIMIT_MS = 2000
# Uploads, verification and reveals, which can take seconds, run in their own thread pool, so
# they never make pages wait for a thread.
ACTIONS = anyio.CapacityLimiter(16)

NAV = [
    ("/", "Dashboard", "dashboard.view"),
    ("/items", "Evidence", "items.view"),
    ("/upload", "Upload", "items.upload"),
    ("/sources", "Sources", "sources.view"),
    ("/incidents", "Incidents", "incidents.view"),
    ("/map", "Map", "incidents.view"),
    ("/timeline", "Timeline", "incidents.view"),
    ("/victims", "Victims", "victims.view"),
    ("/witnesses", "Witnesses", "witnesses.view"),
    ("/estimates", "Estimates", "estimates.view"),
    ("/ledger", "Ledger", "ledger.view"),
    ("/search", "Search", "search.view"),
    ("/users", "Users", "users.view"),
]


class AuthRequired(Exception):
    pass


class Forbidden(Exception):
    def __init__(self, action: str) -> None:
        super().__init__(action)
        self.action = action


class BadCsrf(Exception):
    pass


class TooSlow(CasefileError):
    """A page's query ran past the statement time limit (HTTP 503)."""


class WebState:
    """What the app holds for its requests (``request.app.state.web``)."""

    def __init__(
        self,
        ws: Workspace,
        max_upload: int = DEFAULT_MAX_UPLOAD,
        tile_url: str | None = None,
        secure: bool | None = None,
        page_cache: bool = True,
        sql_time_limit_ms: int = SQL_TIME_LIMIT_MS,
    ) -> None:
        self.ws = ws
        self.max_upload = max_upload
        self.tile_url = tile_url
        self.secure = secure
        self.sql_time_limit_ms = sql_time_limit_ms
        self.signer = CookieSigner(load_secret(ws.root))
        self.pages = PageCache(enabled=page_cache)
        # Who a token or session is, remembered briefly: saves a query per request. A revoked
        # token or ended session elsewhere stops working within AUTH_CACHE_SECONDS; a logout
        # or a change of the account here forgets at once.
        self._auth: dict[str, tuple[float, Principal]] = {}

    def cached(self, key: str) -> Principal | None:
        hit = self._auth.get(key)
        if hit is None or hit[0] < time.monotonic():
            return None
        return hit[1]

    def remember(self, key: str, p: Principal) -> Principal:
        if len(self._auth) > 10_000:
            self._auth.clear()
        self._auth[key] = (time.monotonic() + AUTH_CACHE_SECONDS, p)
        return p

    def forget(self, key: str) -> None:
        self._auth.pop(key, None)

    def forget_user(self, user_id: int) -> None:
        """Forgets every remembered session and token of a user (disabled, or a token revoked):
        in this process they are refused at once."""
        for key, (_, p) in list(self._auth.items()):
            if p.user.id == user_id:
                self._auth.pop(key, None)


def state(request: Request) -> WebState:
    st: WebState = request.app.state.web
    return st


def sql_time_limit_from_env() -> int:
    raw = os.environ.get("CASEFILE_WEB_SQL_TIME_LIMIT_MS", "").strip()
    if not raw:
        return SQL_TIME_LIMIT_MS
    if not (raw.isascii() and raw.isdigit()) or not 10 <= int(raw) <= 600_000:
        raise CasefileError(
            f"CASEFILE_WEB_SQL_TIME_LIMIT_MS must be a whole number from 10 to 600000, not {raw!r}"
        )
    return int(raw)


# -- who is asking --


def principal(request: Request) -> Principal | None:
    """The signed-in user of this request (bearer token or session cookie), or None."""
    st = state(request)
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        token = auth[7:].strip()
        key = "t:" + token
        hit = st.cached(key)
        if hit is not None:
            return hit
        with st.ws.db.read() as conn:
            user = accounts.user_for_token(conn, token)
        return None if user is None else st.remember(key, Principal(user, "token"))
    from casefile.web.security import SESSION_COOKIE

    raw = request.cookies.get(SESSION_COOKIE)
    sid = st.signer.unsign(raw) if raw else None
    if not sid:
        return None
    key = "s:" + sid
    hit = st.cached(key)
    if hit is not None:
        return hit
    with st.ws.db.read() as conn:
        found = accounts.session_user(conn, sid)
    if found is None:
        return None
    return st.remember(key, Principal(found[0], "session", found[1], sid))


def need(action: str) -> Callable[[Request], Awaitable[Principal]]:
    """A dependency: the signed-in user, if their role may do ``action`` (else 401/403). The
    app's table of route actions is read from these dependencies."""
    if action not in MATRIX:
        raise KeyError(action)

    async def dep(request: Request) -> Principal:
        p = principal(request)
        if p is None:
            raise AuthRequired()
        if not allowed(p.role, action):
            raise Forbidden(action)
        request.state.principal = p
        request.state.action = action
        return p

    dep.__name__ = f"need_{action.replace('.', '_')}"
    dep.action = action  # type: ignore[attr-defined]
    return dep


def acting(ws: Workspace, p: Principal) -> Workspace:
    """The workspace as seen by this user: same database and store, their name as actor."""
    view = copy.copy(ws)
    view.actor = p.actor
    return view


def check_csrf(p: Principal, supplied: str | None) -> None:
    if not csrf_ok(p, supplied):
        raise BadCsrf()


async def run_action(fn: Callable[..., Any], *args: Any) -> Any:
    """``fn(*args)`` in a worker thread of the actions' own pool."""
    return await anyio.to_thread.run_sync(functools.partial(fn, *args), limiter=ACTIONS)


# -- reading --


@contextmanager
def read(request: Request) -> Iterator[Connection]:
    """A read transaction whose statements stop after the app's time limit (``TooSlow``):
    SQLite's progress handler, PostgreSQL's statement_timeout."""
    st = state(request)
    limit = st.sql_time_limit_ms
    with st.ws.db.read() as conn:
        raw: Any = None
        if conn.dialect.name == "postgresql":
            conn.execute(text(f"SET LOCAL statement_timeout = {int(limit)}"))
        else:
            raw = conn.connection.dbapi_connection
            deadline = time.monotonic() + limit / 1000
            raw.set_progress_handler(lambda: int(time.monotonic() > deadline), 1000)
        try:
            yield conn
        except DBAPIError as exc:
            orig = exc.orig
            if (isinstance(orig, sqlite3.OperationalError) and "interrupt" in str(orig)) or (
                getattr(orig, "sqlstate", None) == "57014"
            ):
                raise TooSlow(
                    f"this page's query took longer than {limit} ms: narrow it with filters"
                ) from None
            raise
        finally:
            if raw is not None:
                raw.set_progress_handler(None, 0)


# -- answering --


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def render(
    request: Request, template: str, data: dict[str, Any], status: int = 200
) -> HTMLResponse:
    """A page of the app's layout. Pages for the page cache get placeholders for the user's
    own name and CSRF token (filled in after the cache)."""
    p: Principal | None = getattr(request.state, "principal", None)
    role = p.role if p else None
    nav = [(href, label) for href, label, action in NAV if allowed(role, action)] if p else []
    flags = request.scope.get("casefile.page")
    if flags is not None:
        flags["rendered"] = True
    if p is not None and flags is not None:
        p = Principal(
            accounts.User(p.user.id, NAME_PLACEHOLDER, p.role, p.user.active),
            p.via,
            CSRF_PLACEHOLDER if p.csrf else None,
        )
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(
        request,
        template,
        {
            "d": data,
            "me": p,
            "nav": nav,
            "can": lambda action: allowed(role, action),
            "path": request.url.path,
            "tile_url": state(request).tile_url,
            "qs": qs,
        },
        status_code=status,
    )


def page(request: Request, template: str, p: Principal, data: dict[str, Any]) -> Response:
    """A read page: the data redacted for the role, as HTML or (under /api) as JSON; the
    page cache may keep it unless its action is never cached."""
    data = redact(p.role, data)
    flags = request.scope.get("casefile.page")
    if flags is not None:
        flags["rendered"] = True
        action = getattr(request.state, "action", None)
        flags["cacheable"] = action is not None and action not in NO_CACHE_ACTIONS
    if is_api(request):
        return json_page(data)
    return render(request, template, data)


def error(request: Request, status: int, message: str) -> Response:
    if is_api(request) or "text/html" not in request.headers.get("accept", ""):
        return JSONResponse({"error": message}, status_code=status)
    return render(request, "error.html", {"status": status, "message": message}, status)


def json_page(data: Any) -> Response:
    body = json.dumps(
        data, ensure_ascii=False, allow_nan=False, separators=(",", ":"), default=_hex
    )
    return Response(body.encode(), media_type="application/json")


def _hex(value: Any) -> Any:
    if isinstance(value, bytes):
        return value.hex()
    raise TypeError(type(value).__name__)


# -- templates --


def human_size(n: int) -> str:
    if n >= 1048576:
        return f"{n / 1048576:.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.1f} kB"
    return f"{n} bytes"


def place_names(places: list[dict[str, Any]]) -> str:
    """'Bucha, Irpin'."""
    return ", ".join(str(p.get("name") or "") for p in places)


def utc_time(value: str) -> str:
    """'2026-11-25T17:16:02.123Z' -> '2026-11-25 17:16:02' (for the lists' time columns)."""
    return value[:19].replace("T", " ")


def as_json(value: Any) -> str:
    """An event's data as the reader can read it in full: indented, letters as they are
    (Jinja's tojson writes Cyrillic as \\u escapes); autoescaping makes it safe in HTML."""
    return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True, default=str)


def templates() -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(HERE / "templates")),
        autoescape=jinja2.select_autoescape(),
        auto_reload=False,
    )
    env.filters.update(
        human_size=human_size, place_names=place_names, utc_time=utc_time, as_json=as_json
    )
    env.globals.update(version=__version__, qs=qs)
    return Jinja2Templates(env=env)


# -- routes --


class Routes:
    """One area's router. Every handler depends on ``need(action)``: that names its action of
    the role matrix (checked before the handler runs, and listed by the app)."""

    def __init__(self) -> None:
        self.router = APIRouter()

    def page(self, path: str, **kw: Any) -> Callable[[Any], Any]:
        """A GET page as HTML at ``path`` and as JSON at ``/api`` + path (``/`` is
        ``/api/dashboard``)."""

        def deco(fn: Any) -> Any:
            self.router.add_api_route(path, fn, methods=["GET"], include_in_schema=False, **kw)
            api = "/api" + path if path != "/" else "/api/dashboard"
            self.router.add_api_route(api, fn, methods=["GET"], **kw)
            return fn

        return deco

    def get(self, path: str) -> Callable[[Any], Any]:
        def deco(fn: Any) -> Any:
            self.router.add_api_route(path, fn, methods=["GET"], include_in_schema=False)
            return fn

        return deco

    def post(self, path: str, api: bool = True) -> Callable[[Any], Any]:
        """A POST action at ``path`` (and at ``/api`` + path unless ``api`` is False)."""

        def deco(fn: Any) -> Any:
            self.router.add_api_route(path, fn, methods=["POST"], include_in_schema=False)
            if api:
                self.router.add_api_route("/api" + path, fn, methods=["POST"])
            return fn

        return deco


def page_no() -> Any:
    return Query(1, ge=1, le=1_000_000, alias="page", description="Page number, from 1.")


def per_page() -> Any:
    return Query(50, ge=1, le=MAX_PER_PAGE, description="Rows per page.")


def text_filter() -> Any:
    return Query(None, max_length=200, pattern=NO_NUL)


def path_int() -> Any:
    return PathParam(..., ge=1, le=2**31 - 1)
