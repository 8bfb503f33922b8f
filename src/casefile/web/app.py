"""The web application: ``create_app(workspace)`` returns a FastAPI app over the core.

Every page is a GET route registered twice, as HTML at ``/path`` and as JSON at ``/api/path``,
with one handler and one query function; every route names one action of the role matrix
(``roles.MATRIX``) through its ``need(action)`` dependency, checked before the handler runs.
The routes live in one router per area (``casefile.web.routes``), the toolkit they share in
``casefile.web.pages``.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from urllib.parse import quote, urlsplit

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from casefile import __version__
from casefile.errors import CasefileError, NotFound
from casefile.vault.workspace import Workspace
from casefile.web.accounts import LoginRefused, LoginThrottled
from casefile.web.cache import PageCacheMiddleware, SqliteStamp, data_stamp, enabled_by_env
from casefile.web.pages import (
    DEFAULT_MAX_UPLOAD,
    HERE,
    NAV,
    AuthRequired,
    BadCsrf,
    Forbidden,
    TooSlow,
    WebState,
    acting,
    check_csrf,
    error,
    is_api,
    need,
    principal,
    run_action,
    sql_time_limit_from_env,
    templates,
)
from casefile.web.queries import NO_NUL
from casefile.web.routes import ROUTERS
from casefile.web.routes.admin import PUBLIC_ROUTES
from casefile.web.upload import UploadTooLarge, too_large

UPLOAD_PATHS = ("/items/upload", "/api/items/upload")
# Pages (FastAPI runs them in anyio's worker threads) at once per process: no more than the
# database pool keeps connections (SQLAlchemy's default 5, one left for the event loop's own
# lookups). With anyio's default of 40, threads beyond the pool opened and closed overflow
# connections (under the bench's 50 clients a new SQLite connection, which reads the schema
# again, for up to half the requests) and took turns at the GIL. Uploads and other actions
# have their own pool (pages.ACTIONS).
PAGE_THREADS = 4
# For the job routers (web/jobs), which import these from here.
__all__ = ["NAV", "PUBLIC_ROUTES", "acting", "check_csrf", "create_app", "need", "run_action"]


def create_app(
    ws: Workspace,
    *,
    max_upload: int = DEFAULT_MAX_UPLOAD,
    tile_url: str | None = None,
    secure_cookies: bool | None = None,
    page_cache: bool | None = None,
    sql_time_limit_ms: int | None = None,
) -> FastAPI:
    """The app over one open workspace. ``secure_cookies`` None: Secure when served over https.
    ``page_cache`` None: on unless CASEFILE_WEB_CACHE=0 (see ``casefile.web.cache``).
    ``sql_time_limit_ms`` None: CASEFILE_WEB_SQL_TIME_LIMIT_MS, else 2,000."""
    app = FastAPI(
        title="casefile",
        version=__version__,
        description="JSON API of casefile: every page of the web app has a twin here. "
        "Authenticate with 'Authorization: Bearer <token>' (casefile token create USER).",
        docs_url="/api/docs",
        redoc_url=None,
        openapi_url="/api/openapi.json",
        lifespan=_lifespan,
    )
    st = WebState(
        ws,
        max_upload,
        tile_url,
        secure_cookies,
        enabled_by_env() if page_cache is None else page_cache,
        sql_time_limit_from_env() if sql_time_limit_ms is None else sql_time_limit_ms,
    )
    app.state.web = st
    app.state.templates = templates()
    app.state.route_actions = {}
    stamp: Callable[[], str] = lambda: _stamp(st)  # noqa: E731
    if ws.db.dialect == "sqlite" and ws.db.engine.url.database not in (None, "", ":memory:"):
        stamp = SqliteStamp(str(ws.db.engine.url.database))
    # Outermost first: security headers on every response (cached ones too), then the upload
    # limit, then the page cache.
    app.add_middleware(PageCacheMiddleware, cache=st.pages, principal_of=principal, stamp_of=stamp)
    app.add_middleware(_BodyLimit, limit=lambda: st.max_upload)
    app.add_middleware(_Headers, headers=_security_headers(tile_url))
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    _add_error_handlers(app)
    for router in ROUTERS:
        app.include_router(router)
    from casefile.web import jobs

    jobs.include(app)  # the CLI's jobs as forms (web/jobs, issue 28)
    app.state.routers = [*ROUTERS, *jobs.ROUTERS]
    app.state.route_actions.update(route_actions(app))
    return app


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    anyio.to_thread.current_default_thread_limiter().total_tokens = PAGE_THREADS
    yield


def all_routes(app: FastAPI) -> list[APIRoute]:
    """The app's own routes and those of its routers (FastAPI includes routers lazily, so
    ``app.routes`` does not list theirs)."""
    found = [r for r in app.routes if isinstance(r, APIRoute)]
    for router in app.state.routers:
        found.extend(r for r in router.routes if isinstance(r, APIRoute))
    return found


def route_actions(app: FastAPI) -> dict[tuple[str, str], str]:
    """(method, path) -> the action of the role matrix its ``need`` dependency checks."""
    found: dict[tuple[str, str], str] = {}
    for route in all_routes(app):
        for dep in route.dependant.dependencies:
            action = getattr(dep.call, "action", None)
            if action is not None:
                for method in (route.methods or set()) - {"HEAD"}:
                    found[(method, route.path)] = action
    return found


def _stamp(st: WebState) -> str:
    with st.ws.db.read() as conn:
        return data_stamp(conn)


def _add_error_handlers(app: FastAPI) -> None:
    """Errors are always a clear message (HTML or JSON), never a traceback."""

    @app.exception_handler(AuthRequired)
    async def _auth(request: Request, exc: AuthRequired) -> Response:
        if is_api(request) or request.method != "GET":
            return JSONResponse(
                {"error": "log in first (or send 'Authorization: Bearer <token>')"},
                status_code=401,
                headers={"WWW-Authenticate": "Bearer"},
            )
        target = quote(request.url.path + (f"?{request.url.query}" if request.url.query else ""))
        return RedirectResponse(f"/login?next={target}", status_code=303)

    @app.exception_handler(Forbidden)
    async def _forbidden(request: Request, exc: Forbidden) -> Response:
        return error(request, 403, f"your role may not do this ({exc.action})")

    @app.exception_handler(BadCsrf)
    async def _csrf(request: Request, exc: BadCsrf) -> Response:
        return error(
            request,
            403,
            "the form is stale or forged (CSRF token missing or wrong): "
            "reload the page and try again",
        )

    statuses: list[tuple[type[Exception], int]] = [
        (NotFound, 404),
        (LoginThrottled, 429),
        (LoginRefused, 401),
        (UploadTooLarge, 413),
        (TooSlow, 503),
    ]

    @app.exception_handler(CasefileError)
    async def _casefile(request: Request, exc: CasefileError) -> Response:
        status = next((s for kind, s in statuses if isinstance(exc, kind)), 400)
        return error(request, status, str(exc))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = []
        for e in exc.errors():
            where = ".".join(str(x) for x in e.get("loc", ()) if x != "body")
            msg = e.get("msg", "invalid")
            if (e.get("ctx") or {}).get("pattern") == NO_NUL:  # said plainly, not as a regex
                msg = "must not contain a NUL character (\\0)"
            problems.append(f"{where}: {msg}")
        return error(request, 422, "bad input: " + "; ".join(problems))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        message = str(exc.detail)
        if exc.status_code == 404:
            message = f"there is no page {request.url.path}"
        elif exc.status_code == 405:
            message = f"{request.method} is not allowed on {request.url.path}"
        return error(request, exc.status_code, message)

    @app.exception_handler(Exception)
    async def _bug(request: Request, exc: Exception) -> Response:
        return error(request, 500, f"internal error ({type(exc).__name__}): this is a bug")


class _BodyLimit:
    """Refuses upload bodies above the limit while they stream in (and by Content-Length)."""

    def __init__(self, app: ASGIApp, limit: Callable[[], int]) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] not in UPLOAD_PATHS:
            await self.app(scope, receive, send)
            return
        limit = self.limit()
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > limit:
                raise UploadTooLarge(too_large(limit))
            return message

        await self.app(scope, counted, send)


class _Headers:
    """Security headers on every response; ``Cache-Control: no-store`` except for static
    files."""

    def __init__(self, app: ASGIApp, headers: dict[str, str]) -> None:
        self.app = app
        self.headers = [(k.lower().encode(), v.encode()) for k, v in headers.items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = list(self.headers)
        if not scope["path"].startswith("/static/"):
            extra.append((b"cache-control", b"no-store"))

        async def add(message: Message) -> None:
            if message["type"] == "http.response.start":
                have = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = [
                    *message.get("headers", []),
                    *[(k, v) for k, v in extra if k not in have],
                ]
            await send(message)

        await self.app(scope, receive, add)


def _security_headers(tile_url: str | None) -> dict[str, str]:
    img = "'self' data: blob:"
    if tile_url:
        parts = urlsplit(tile_url.replace("{s}", "a"))
        img += f" {parts.scheme}://{parts.netloc.replace('a.', '*.', 1)}"
    return {
        "Content-Security-Policy": (
            f"default-src 'self'; img-src {img}; style-src 'self'; script-src 'self'; "
            "frame-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'"
        ),
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "SAMEORIGIN",
        "Referrer-Policy": "no-referrer",
    }


def app_from_env() -> FastAPI:
    """The app for ``uvicorn --factory`` (several worker processes): the workspace is
    $CASEFILE_HOME, options come from CASEFILE_WEB_MAX_UPLOAD (bytes), CASEFILE_WEB_TILE_URL
    and CASEFILE_WEB_SECURE_COOKIES (1/0)."""
    secure = os.environ.get("CASEFILE_WEB_SECURE_COOKIES")
    return create_app(
        Workspace.find(),
        max_upload=int(os.environ.get("CASEFILE_WEB_MAX_UPLOAD", DEFAULT_MAX_UPLOAD)),
        tile_url=os.environ.get("CASEFILE_WEB_TILE_URL") or None,
        secure_cookies=None if secure is None else secure == "1",
    )
