"""The web application: ``create_app(workspace)`` returns a FastAPI app over the core.

Every page is a GET route registered twice, as HTML at ``/path`` and as JSON at ``/api/path``,
with one handler and one query function (``queries``); every route names one action of the
role matrix (``roles.MATRIX``), checked before the handler runs.
"""

from __future__ import annotations

import copy
import functools
import json
import logging
import secrets
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

import anyio
import anyio.to_thread
from fastapi import Depends, FastAPI, Form, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from casefile import __version__
from casefile.errors import CasefileError
from casefile.vault.workspace import Workspace
from casefile.web import accounts, queries
from casefile.web.accounts import LoginRefused, LoginThrottled
from casefile.web.cache import (
    CSRF_PLACEHOLDER,
    NAME_PLACEHOLDER,
    NO_CACHE_ACTIONS,
    PageCache,
    PageCacheMiddleware,
    SqliteStamp,
    data_stamp,
    enabled_by_env,
)
from casefile.web.charts import histogram_svg, lanes_svg, timeline_list
from casefile.web.charts import qs as _qs
from casefile.web.queries import NO_NUL, NotFound, Paging
from casefile.web.roles import MATRIX, allowed, redact
from casefile.web.search import search
from casefile.web.security import (
    LOGIN_COOKIE,
    SESSION_COOKIE,
    CookieSigner,
    Principal,
    csrf_ok,
    load_secret,
)
from casefile.web.templating import environment
from casefile.web.upload import UploadTooLarge, store_uploads

HERE = Path(__file__).parent
log = logging.getLogger(__name__)
DEFAULT_MAX_UPLOAD = 200 << 20
AUTH_CACHE_SECONDS = 5.0
UPLOAD_PATHS = ("/items/upload", "/api/items/upload")

PUBLIC_ROUTES = {
    ("GET", "/login"),
    ("POST", "/login"),
    ("GET", "/healthz"),
    ("GET", "/favicon.ico"),
}

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


class WebState:
    def __init__(
        self,
        ws: Workspace,
        max_upload: int,
        tile_url: str | None,
        secure: bool | None,
        page_cache: bool = True,
    ) -> None:
        self.ws = ws
        self.max_upload = max_upload
        self.tile_url = tile_url
        self.secure = secure
        self.signer = CookieSigner(load_secret(ws.root))
        self.pages = PageCache(enabled=page_cache)
        # Who a token or session is, remembered briefly: saves a query per request. A revoked
        # token or ended session elsewhere stops working within AUTH_CACHE_SECONDS; a logout
        # here forgets at once.
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


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _principal(request: Request) -> Principal | None:
    st: WebState = request.app.state.web
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
    if action not in MATRIX:
        raise KeyError(action)

    # Async, so that FastAPI runs it on the event loop rather than sending it to a worker
    # thread and back (one thread hop per request saved); the principal is almost always
    # remembered (AUTH_CACHE_SECONDS), else one indexed lookup.
    async def dep(request: Request) -> Principal:
        p = _principal(request)
        if p is None:
            raise AuthRequired()
        if not allowed(p.role, action):
            raise Forbidden(action)
        request.state.principal = p
        return p

    dep.__name__ = f"need_{action.replace('.', '_')}"
    return dep


def acting(ws: Workspace, p: Principal) -> Workspace:
    """The workspace as seen by this user: same database and store, their name as actor."""
    view = copy.copy(ws)
    view.actor = p.actor
    return view


def check_csrf(p: Principal, supplied: str | None) -> None:
    if not csrf_ok(p, supplied):
        raise BadCsrf()


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
                raise UploadTooLarge(_too_large(limit))
            return message

        await self.app(scope, counted, send)


class _Headers:
    """Security headers on every response; ``Cache-Control: no-store`` except for static files
    (pure ASGI: cheaper than an ``@app.middleware`` function)."""

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


def _too_large(limit: int) -> str:
    return f"the upload is too large: the limit is {limit / (1 << 20):.0f} MB per request"


def _security_headers(tile_url: str | None) -> dict[str, str]:
    img = "'self' data: blob:"
    if tile_url:
        from urllib.parse import urlsplit

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


def create_app(
    ws: Workspace,
    *,
    max_upload: int = DEFAULT_MAX_UPLOAD,
    tile_url: str | None = None,
    secure_cookies: bool | None = None,
    page_cache: bool | None = None,
) -> FastAPI:
    """The app over one open workspace. ``secure_cookies`` None: Secure when served over https.
    ``page_cache`` None: on unless CASEFILE_WEB_CACHE=0 (see ``casefile.web.cache``)."""
    app = FastAPI(
        lifespan=_lifespan,
        title="casefile",
        version=__version__,
        description="JSON API of casefile: every page of the web app has a twin here. "
        "Authenticate with 'Authorization: Bearer <token>' (casefile token create USER).",
        docs_url="/api/docs",
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    from casefile.web.schema import ensure_list_indexes

    ensure_list_indexes(ws.db.engine)
    if ws.db.dialect == "sqlite":
        _map_sqlite_file(ws.db.engine)
    from casefile.web.name_index import sync as sync_names

    sync_names(ws.db.engine)
    from casefile.web.incident_index import sync as sync_incidents

    sync_incidents(ws.db.engine)
    _preload_stage_modules()
    if page_cache is None:
        page_cache = enabled_by_env()
    st = WebState(ws, max_upload, tile_url, secure_cookies, page_cache)
    app.state.web = st
    # (method, path) -> action, for every route that needs a role; filled as routes are added.
    ROUTE_ACTIONS: dict[tuple[str, str], str] = {}
    app.state.route_actions = ROUTE_ACTIONS
    templates = Jinja2Templates(env=environment(HERE / "templates"))
    templates.env.globals["version"] = __version__
    templates.env.globals["qs"] = _qs
    templates.env.globals["histogram_svg"] = histogram_svg
    templates.env.globals["lanes_svg"] = lanes_svg
    templates.env.globals["timeline_list"] = timeline_list
    app.state.templates = templates
    headers = _security_headers(tile_url)

    def stamp() -> str:
        with st.ws.db.read() as conn:
            return data_stamp(conn)

    if ws.db.dialect == "sqlite" and ws.db.engine.url.database not in (None, "", ":memory:"):
        stamp = SqliteStamp(str(ws.db.engine.url.database))  # type: ignore[assignment]

    # Outermost first: security headers on every response (cached ones too), then the upload
    # limit, then the page cache.
    app.add_middleware(PageCacheMiddleware, cache=st.pages, principal_of=_principal, stamp_of=stamp)
    app.add_middleware(_BodyLimit, limit=lambda: st.max_upload)
    app.add_middleware(_Headers, headers=headers)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    def render(
        request: Request, template: str, data: dict[str, Any], status: int = 200
    ) -> HTMLResponse:
        p: Principal | None = getattr(request.state, "principal", None)
        role = p.role if p else None
        nav = [(href, label) for href, label, action in NAV if allowed(role, action)] if p else []
        flags = request.scope.get("casefile.page")
        if flags is not None:
            flags["rendered"] = True
        if p is not None and flags is not None:
            # Rendered for the page cache: the user's own parts are filled in after it.
            p = Principal(
                accounts.User(p.user.id, NAME_PLACEHOLDER, p.role, p.user.active),
                p.via,
                CSRF_PLACEHOLDER if p.csrf else None,
            )
        return templates.TemplateResponse(
            request,
            template,
            {
                "d": data,
                "me": p,
                "nav": nav,
                "can": lambda action: allowed(role, action),
                "path": request.url.path,
                "tile_url": st.tile_url,
                "qs": _qs,
            },
            status_code=status,
        )

    def page(request: Request, template: str, p: Principal, data: dict[str, Any]) -> Response:
        data = redact(p.role, data)
        flags = request.scope.get("casefile.page")
        route = request.scope.get("route")
        if flags is not None:
            flags["rendered"] = True
        if flags is not None and route is not None:
            action = ROUTE_ACTIONS.get(("GET", getattr(route, "path", "")))
            flags["cacheable"] = action is not None and action not in NO_CACHE_ACTIONS
        if is_api(request):
            return _json_page(data)
        return render(request, template, data)

    def error(request: Request, status: int, message: str) -> Response:
        if is_api(request) or "text/html" not in request.headers.get("accept", ""):
            return JSONResponse({"error": message}, status_code=status)
        return render(request, "error.html", {"status": status, "message": message}, status)

    # -- errors: always a clear message, never a traceback --

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

    @app.exception_handler(CasefileError)
    async def _casefile(request: Request, exc: CasefileError) -> Response:
        status = 400
        if isinstance(exc, NotFound):
            status = 404
        elif isinstance(exc, LoginThrottled):
            status = 429
        elif isinstance(exc, LoginRefused):
            status = 401
        elif isinstance(exc, UploadTooLarge):
            status = 413
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

    def both(path: str, action: str, **kw: Any) -> Callable[[Any], Any]:
        """Registers one GET handler as HTML at path and JSON at /api/path."""

        def deco(fn: Any) -> Any:
            app.add_api_route(path, fn, methods=["GET"], include_in_schema=False, **kw)
            app.add_api_route(
                "/api" + path if path != "/" else "/api/dashboard", fn, methods=["GET"], **kw
            )
            ROUTE_ACTIONS[("GET", path)] = action
            ROUTE_ACTIONS[("GET", "/api" + path if path != "/" else "/api/dashboard")] = action
            return fn

        return deco

    def post(path: str, action: str, api: bool = True) -> Callable[[Any], Any]:
        def deco(fn: Any) -> Any:
            app.add_api_route(path, fn, methods=["POST"], include_in_schema=False)
            ROUTE_ACTIONS[("POST", path)] = action
            if api:
                app.add_api_route("/api" + path, fn, methods=["POST"])
                ROUTE_ACTIONS[("POST", "/api" + path)] = action
            return fn

        return deco

    def get(path: str, action: str, **kw: Any) -> Callable[[Any], Any]:
        def deco(fn: Any) -> Any:
            app.add_api_route(path, fn, methods=["GET"], include_in_schema=False, **kw)
            ROUTE_ACTIONS[("GET", path)] = action
            return fn

        return deco

    # -- public --

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

    @app.get("/login", include_in_schema=False)
    def login_form(request: Request, next: str = Query("/", max_length=500)) -> Response:
        token = secrets.token_urlsafe(24)
        resp = render(request, "login.html", {"next": _safe_next(next), "login_csrf": token})
        _set_cookie(request, resp, LOGIN_COOKIE, token, max_age=3600)
        return resp

    @app.post("/login", include_in_schema=False)
    def login_submit(
        request: Request,
        username: str = Form("", max_length=200),
        password: str = Form("", max_length=1000),
        csrf: str = Form("", max_length=200),
        next: str = Form("/", max_length=500),
    ) -> Response:
        cookie = request.cookies.get(LOGIN_COOKIE, "")
        if not cookie or not secrets.compare_digest(cookie, csrf):
            raise BadCsrf()
        try:
            user, sid, _ = accounts.login(st.ws, username, password, _client(request))
        except LoginRefused as exc:
            token = secrets.token_urlsafe(24)
            status = 429 if isinstance(exc, LoginThrottled) else 401
            resp = render(
                request,
                "login.html",
                {
                    "next": _safe_next(next),
                    "login_csrf": token,
                    "error": str(exc),
                    "username": username,
                },
                status,
            )
            _set_cookie(request, resp, LOGIN_COOKIE, token, max_age=3600)
            if isinstance(exc, LoginThrottled):
                resp.headers["Retry-After"] = str(exc.retry_after)
            return resp
        done = RedirectResponse(_safe_next(next), status_code=303)
        _set_cookie(
            request,
            done,
            SESSION_COOKIE,
            st.signer.sign(sid),
            max_age=accounts.SESSION_HOURS * 3600,
        )
        done.delete_cookie(LOGIN_COOKIE, path="/")
        del user
        return done

    @post("/logout", "dashboard.view", api=False)
    def logout(
        request: Request,
        p: Principal = Depends(need("dashboard.view")),
        csrf: str = Form("", max_length=200),
    ) -> Response:
        check_csrf(p, csrf)
        if p.session_id:
            accounts.logout(st.ws, p.session_id, p.user)
            st.forget("s:" + p.session_id)
        resp = RedirectResponse("/login", status_code=303)
        resp.delete_cookie(SESSION_COOKIE, path="/")
        return resp

    # -- dashboard, evidence, upload, verify --

    @both("/", "dashboard.view")
    def dashboard(request: Request, p: Principal = Depends(need("dashboard.view"))) -> Response:
        with st.ws.db.read() as conn:
            data = queries.dashboard(st.ws, conn)
            data["stages"] = _stage_summaries(conn)
        return page(request, "dashboard.html", p, data)

    @both("/items", "items.view")
    def items_list(
        request: Request,
        p: Principal = Depends(need("items.view")),
        q: str | None = _text(),
        media: str | None = _text(),
        tag: str | None = _text(),
        page_no: int = _page_no(),
        per_page: int = _per_page(),
    ) -> Response:
        with st.ws.db.read() as conn:
            data = queries.items_page(conn, Paging(page_no, per_page), q, media, tag)
        return page(request, "items.html", p, data)

    @both("/items/{ref}", "items.view")
    def item_page(
        request: Request, ref: str, p: Principal = Depends(need("items.view"))
    ) -> Response:
        with st.ws.db.read() as conn:
            sha = queries.resolve_item(conn, ref)
            data = queries.item_detail(st.ws, conn, sha)
        if not allowed(p.role, "items.raw"):
            data["preview"] = {"kind": "none", "reason": "your role does not see item contents"}
        again = request.query_params.get("received_again", "")
        if again.isascii() and again.isdigit() and len(again) < 15:
            data["received_again"] = int(again)
        return page(request, "item.html", p, data)

    @get("/items/{ref}/raw", "items.raw")
    def item_raw(request: Request, ref: str, p: Principal = Depends(need("items.raw"))) -> Response:
        with st.ws.db.read() as conn:
            sha = queries.resolve_item(conn, ref)
            media = queries.item_detail_media(conn, sha)
        # Served under a sandbox policy: a preserved web page cannot run script here.
        return FileResponse(
            st.ws.blobs.path_for(sha),
            media_type=media,
            headers={
                "Content-Security-Policy": "sandbox; default-src 'none'; img-src data:; "
                "style-src 'unsafe-inline'",
                "Content-Disposition": "inline",
            },
        )

    @get("/upload", "items.upload")
    def upload_form(request: Request, p: Principal = Depends(need("items.upload"))) -> Response:
        return render(request, "upload.html", {"max_upload": st.max_upload})

    @post("/items/upload", "items.upload")
    async def upload(request: Request, p: Principal = Depends(need("items.upload"))) -> Response:
        ctype = request.headers.get("content-type", "")
        if not ctype.startswith("multipart/form-data"):
            return error(
                request,
                415,
                "an upload must be sent as multipart/form-data "
                f"(got {ctype[:60] or 'no content type'})",
            )
        length = request.headers.get("content-length")
        if length and length.isascii() and length.isdigit() and int(length) > st.max_upload:
            return error(request, 413, _too_large(st.max_upload))
        try:
            form = await request.form(max_files=50, max_fields=20)
        except Exception as exc:
            if _find(exc, UploadTooLarge) is not None:
                return error(request, 413, _too_large(st.max_upload))
            return error(request, 400, f"the upload form could not be read: {_reason(exc)}")
        csrf = form.get("csrf")
        check_csrf(p, csrf if isinstance(csrf, str) else request.headers.get("x-csrf-token"))
        files = [
            (f.filename or "upload", f.file) for f in form.getlist("file") if not isinstance(f, str)
        ]
        label = form.get("label")
        tags_raw = form.get("tags")
        tags = (
            [t.strip() for t in tags_raw.split(",") if t.strip()]
            if isinstance(tags_raw, str)
            else []
        )
        results = await run_action(
            store_uploads,
            acting(st.ws, p),
            files,
            label if isinstance(label, str) and label.strip() else None,
            tags,
        )
        await form.close()
        out = [
            {
                "name": r.source,
                "status": r.status,
                "sha256": r.sha256,
                "message": r.message,
                "seq": r.seq,
            }
            for r in results
        ]
        if is_api(request) or "application/json" in request.headers.get("accept", ""):
            return JSONResponse({"results": out})
        if len(out) == 1 and out[0]["sha256"]:
            again = f"?received_again={out[0]['seq']}" if out[0]["status"] == "duplicate" else ""
            return RedirectResponse(f"/items/{out[0]['sha256']}{again}", status_code=303)
        return RedirectResponse("/items", status_code=303)

    @post("/items/{ref}/verify", "items.verify")
    async def verify(
        request: Request, ref: str, p: Principal = Depends(need("items.verify"))
    ) -> Response:
        supplied = request.headers.get("x-csrf-token")
        if supplied is None and request.headers.get("content-type", "").startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")
        ):
            form = await request.form(max_files=0, max_fields=5)
            value = form.get("csrf")
            supplied = value if isinstance(value, str) else None
        check_csrf(p, supplied)

        def run() -> dict[str, Any]:
            with st.ws.db.read() as conn:
                sha = queries.resolve_item(conn, ref)
            return queries.verify_one(acting(st.ws, p), sha)

        data = await run_action(run)
        if is_api(request):
            return JSONResponse(data, status_code=200)
        return render(request, "verify.html", data)

    # -- sources and facts --

    @both("/sources", "sources.view")
    def sources(
        request: Request,
        p: Principal = Depends(need("sources.view")),
        q: str | None = _text(),
        language: str | None = Query(None, max_length=16),
        page_no: int = _page_no(),
        per_page: int = _per_page(),
    ) -> Response:
        with st.ws.db.read() as conn:
            data = queries.sources_page(conn, Paging(page_no, per_page), q, language)
        return page(request, "sources.html", p, data)

    @both("/sources/{doc_id}", "sources.view")
    def source(
        request: Request,
        doc_id: int = _path_int(),
        p: Principal = Depends(need("sources.view")),
    ) -> Response:
        with st.ws.db.read() as conn:
            data = queries.source_detail(conn, doc_id)
        return page(request, "source.html", p, data)

    @both("/facts/{fact_id}", "sources.view")
    def fact(
        request: Request,
        fact_id: int = _path_int(),
        p: Principal = Depends(need("sources.view")),
    ) -> Response:
        with st.ws.db.read() as conn:
            data = queries.fact_detail(conn, fact_id)
        return page(request, "fact.html", p, data)

    # -- ledger, search, estimates, users --

    @both("/ledger", "ledger.view")
    def ledger(
        request: Request,
        p: Principal = Depends(need("ledger.view")),
        kind: str | None = Query(None, max_length=64),
        item: str | None = Query(None, max_length=64),
        page_no: int = _page_no(),
        per_page: int = _per_page(),
    ) -> Response:
        with st.ws.db.read() as conn:
            data = queries.ledger_page(conn, Paging(page_no, per_page), kind, item)
        return page(request, "ledger.html", p, data)

    @both("/search", "search.view")
    def search_page(
        request: Request,
        p: Principal = Depends(need("search.view")),
        q: str = Query("", max_length=200, pattern=NO_NUL),
        kind: str | None = Query(None, max_length=16),
        page_no: int = _page_no(),
        per_page: int = Query(20, ge=1, le=100),
    ) -> Response:
        paging = Paging(page_no, per_page)
        with st.ws.db.read() as conn:
            hits, total = search(conn, q, kind, paging.per_page, paging.offset)
        data = {"q": q, "kind": kind, "hits": hits, "paging": paging.info(total)}
        return page(request, "search.html", p, data)

    @both("/estimates", "estimates.view")
    def estimates(request: Request, p: Principal = Depends(need("estimates.view"))) -> Response:
        with st.ws.db.read() as conn:
            data = queries.estimates_page(conn)
        return page(request, "estimates.html", p, data)

    @both("/users", "users.view")
    def users_page(request: Request, p: Principal = Depends(need("users.view"))) -> Response:
        with st.ws.db.read() as conn:
            data = {
                "users": [u.as_json() for u in accounts.list_users(conn)],
                "tokens": [t.as_json() for t in accounts.list_tokens(conn)],
                "done": request.query_params.get("done", "")[:200],
            }
        return page(request, "users.html", p, data)

    def _managed(request: Request, message: str, data: dict[str, Any]) -> Response:
        if is_api(request):
            return JSONResponse(data)
        return RedirectResponse(f"/users?done={quote(message)}", status_code=303)

    @post("/users/{name}/disable", "users.manage")
    def user_disable(
        request: Request,
        name: str = PathParam(..., max_length=100),
        p: Principal = Depends(need("users.manage")),
        reason: str = Form(..., min_length=1, max_length=500),
        csrf: str = Form("", max_length=200),
    ) -> Response:
        check_csrf(p, csrf or request.headers.get("x-csrf-token"))
        user = accounts.set_user_active(acting(st.ws, p), name, False, reason)
        st.forget_user(user.id)
        return _managed(request, f"disabled {user.name}", user.as_json())

    @post("/users/{name}/enable", "users.manage")
    def user_enable(
        request: Request,
        name: str = PathParam(..., max_length=100),
        p: Principal = Depends(need("users.manage")),
        reason: str = Form(..., min_length=1, max_length=500),
        csrf: str = Form("", max_length=200),
    ) -> Response:
        check_csrf(p, csrf or request.headers.get("x-csrf-token"))
        user = accounts.set_user_active(acting(st.ws, p), name, True, reason)
        st.forget_user(user.id)
        return _managed(request, f"enabled {user.name}", user.as_json())

    @post("/tokens/{token_id}/revoke", "users.manage")
    def token_revoke(
        request: Request,
        token_id: int = _path_int(),
        p: Principal = Depends(need("users.manage")),
        reason: str = Form(..., min_length=1, max_length=500),
        csrf: str = Form("", max_length=200),
    ) -> Response:
        check_csrf(p, csrf or request.headers.get("x-csrf-token"))
        token = accounts.revoke_token(acting(st.ws, p), str(token_id), reason)
        with st.ws.db.read() as conn:
            st.forget_user(accounts.get_user(conn, token.user).id)
        return _managed(
            request, f"revoked token {token.id} ({token.prefix}) of {token.user}", token.as_json()
        )

    from casefile.web import jobs

    jobs.include(app)  # the CLI's jobs as forms (web/jobs, issue 28)

    from casefile.web import stage_pages

    stage_pages.register(
        app,
        st,
        both=both,
        post=post,
        need=need,
        page=page,
        render=render,
        check_csrf=check_csrf,
        acting=acting,
    )
    return app


# Page handlers on SQLite are CPU-bound (reads in-process, templates): more threads than that
# per process only trade the GIL, and requests then finish in a bunch rather than in turn.
# Measured with wrk, 50 clients on 2 workers and 2 CPUs, cold pages: p99 of 300-350 ms with 2
# threads against 380-810 ms with anyio's 40 (docs/web.md, Benchmark). On PostgreSQL a
# handler also waits for the server, so more run at once. CASEFILE_WEB_THREADS overrides.
# Uploads, verification and reveals, which can take seconds, have their own pool (ACTIONS),
# so they never make pages wait for a thread.
PAGE_THREADS = {"sqlite": 2, "postgresql": 8}
ACTIONS = anyio.CapacityLimiter(16)


def page_threads(dialect: str) -> int:
    """Page handlers at once per process: CASEFILE_WEB_THREADS, else the dialect's default."""
    import os

    raw = os.environ.get("CASEFILE_WEB_THREADS", "").strip()
    if not raw:
        return PAGE_THREADS.get(dialect, 8)
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= 256:
        raise CasefileError(
            f"CASEFILE_WEB_THREADS must be a whole number from 1 to 256, not {raw!r}"
        )
    return int(raw)


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    st: WebState = app.state.web
    limiter = anyio.to_thread.current_default_thread_limiter()
    limiter.total_tokens = page_threads(st.ws.db.dialect)
    _compile_templates(app.state.templates.env)
    _freeze_startup_objects()
    _warm_search_in_background(st.ws.db.engine)
    yield


def _warm_search_in_background(engine: Any) -> None:
    """The commonest words' search postings built while the worker already serves (a first
    search of a word in every row took ~0.5 s of its worker; see ``search_rank.warm``)."""
    import threading

    from casefile.web.search import warm_search

    def run() -> None:
        try:
            done = warm_search(engine)
        except Exception:  # a worker serves without them: searches build what they need
            log.warning("search postings not warmed", exc_info=True)
            return
        if done is not None:
            log.info(
                "search postings of %d words warmed (%.1f MB) in %.1f s",
                done.words,
                done.nbytes / 1e6,
                done.seconds,
            )

    threading.Thread(target=run, name="casefile-warm-search", daemon=True).start()


def _compile_templates(env: Any) -> int:
    """Every page's templates compiled before the worker serves (and before the start-up
    objects are frozen): compiled on a worker's first request of a page, they cost that
    request 15-45 ms against 4-8 ms after, measured through HTTP, and under load every request
    the worker held waited for it (the benchmark's p99 of a 5 s run is its slowest 30
    requests)."""
    names = env.list_templates(extensions=["html"])
    for name in names:
        env.get_template(name)
    return len(names)


def _freeze_startup_objects() -> None:
    """Moves everything made while starting (modules, tables, compiled templates: ~200,000
    objects) out of the garbage collector's sight. They live as long as the process, yet every
    full collection walked them: 155-170 ms per collection measured in a worker under load,
    a pause of every request that worker holds, and the cold pages' p99 (a dashboard with
    median 64 ms had p99 238 ms). Objects made later are collected as before."""
    import gc

    gc.collect()
    gc.freeze()


async def run_action(fn: Callable[..., Any], *args: Any) -> Any:
    """``fn(*args)`` in a worker thread of the actions' own pool."""
    return await anyio.to_thread.run_sync(functools.partial(fn, *args), limiter=ACTIONS)


# Reads of the database file through a memory map instead of a read() per page: the list
# counts and deep pages touch thousands of pages, which SQLite's 2 MB page cache per
# connection could not keep (the dashboard 4.4 -> 1.4 ms, the item list's page 500 5 -> 3 ms
# in-process). The map is the OS page cache itself, shared by every connection and worker.
SQLITE_MMAP_BYTES = 256 << 20


def _map_sqlite_file(engine: Any) -> None:
    from sqlalchemy import event

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.execute(f"PRAGMA mmap_size={SQLITE_MMAP_BYTES}")

    # Connections opened before this (the app's start-up) are closed so that all get it.
    engine.dispose()


def _preload_stage_modules() -> None:
    """Imports now what the stage pages import on first use: an import under load holds the
    GIL of its worker while every other request there waits (casefile.people.review took
    0.3 s, casefile.estimate.store 2 s: the first name search in a worker gave 1% of the warm
    requests a 240-290 ms tail)."""
    import importlib

    for name in (
        "casefile.people.review",
        "casefile.people.registry",
        "casefile.case.views",
        "casefile.case.figures",
        "casefile.witness.core",
        "casefile.estimate.store",
    ):
        importlib.import_module(name)


def _page_no() -> Any:
    return Query(1, ge=1, le=1_000_000, alias="page", description="Page number, from 1.")


def _per_page() -> Any:
    return Query(50, ge=1, le=queries.MAX_PER_PAGE, description="Rows per page.")


def _text() -> Any:
    return Query(None, max_length=200, pattern=NO_NUL)


def _path_int() -> Any:
    return PathParam(..., ge=1, le=2**31 - 1)


def _stage_summaries(conn: Any) -> dict[str, Any]:
    from casefile.web import stage_pages

    return stage_pages.summaries(conn)


def _find(exc: BaseException, kind: type[BaseException]) -> BaseException | None:
    """``exc`` or an exception of ``kind`` inside it (exception groups, causes)."""
    seen: list[BaseException] = [exc]
    while seen:
        e = seen.pop()
        if isinstance(e, kind):
            return e
        if isinstance(e, BaseExceptionGroup):
            seen.extend(e.exceptions)
        for nxt in (e.__cause__, e.__context__):
            if nxt is not None:
                seen.append(nxt)
    return None


def _reason(exc: BaseException) -> str:
    while isinstance(exc, BaseExceptionGroup) and exc.exceptions:
        exc = exc.exceptions[0]
    return str(exc)[:300] or type(exc).__name__


def _safe_next(target: str) -> str:
    """Only local paths: no open redirect to another site."""
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def _set_cookie(request: Request, resp: Response, name: str, value: str, max_age: int) -> None:
    st: WebState = request.app.state.web
    secure = st.secure if st.secure is not None else request.url.scheme == "https"
    resp.set_cookie(
        name, value, max_age=max_age, httponly=True, samesite="strict", secure=secure, path="/"
    )


def _json_page(data: Any) -> Response:
    """A page's JSON twin, encoded in one pass (bytes as hex); the slower walk of
    ``_jsonable`` only if the data holds something else json cannot encode."""
    try:
        body = json.dumps(
            data, ensure_ascii=False, allow_nan=False, separators=(",", ":"), default=_hex
        )
    except TypeError:
        return JSONResponse(_jsonable(data))
    return Response(body.encode(), media_type="application/json")


def _hex(value: Any) -> Any:
    if isinstance(value, bytes):
        return value.hex()
    raise TypeError(type(value).__name__)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, bytes):
        return value.hex()
    return value


def app_from_env() -> FastAPI:
    """The app for ``uvicorn --factory`` (several worker processes): the workspace is
    $CASEFILE_HOME, options come from CASEFILE_WEB_MAX_UPLOAD (bytes), CASEFILE_WEB_TILE_URL
    and CASEFILE_WEB_SECURE_COOKIES (1/0)."""
    import os

    secure = os.environ.get("CASEFILE_WEB_SECURE_COOKIES")
    return create_app(
        Workspace.find(),
        max_upload=int(os.environ.get("CASEFILE_WEB_MAX_UPLOAD", DEFAULT_MAX_UPLOAD)),
        tile_url=os.environ.get("CASEFILE_WEB_TILE_URL") or None,
        secure_cookies=None if secure is None else secure == "1",
    )
