"""Logging in and out, accounts and API tokens, and the public health check."""

from __future__ import annotations

import secrets
from typing import Any
from urllib.parse import quote

from fastapi import Depends, Form, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import JSONResponse, RedirectResponse, Response

from casefile.web import accounts
from casefile.web.accounts import LoginRefused, LoginThrottled
from casefile.web.pages import (
    BadCsrf,
    Routes,
    acting,
    check_csrf,
    is_api,
    need,
    page,
    path_int,
    read,
    render,
    state,
)
from casefile.web.security import LOGIN_COOKIE, SESSION_COOKIE, Principal

routes = Routes()
# Routes anyone may call (every other route names an action of the role matrix).
PUBLIC_ROUTES = {
    ("GET", "/login"),
    ("POST", "/login"),
    ("GET", "/healthz"),
    ("GET", "/favicon.ico"),
}


@routes.router.get("/healthz", include_in_schema=False)
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@routes.router.get("/favicon.ico", include_in_schema=False)
def favicon() -> Response:
    return Response(status_code=204)


@routes.router.get("/login", include_in_schema=False)
def login_form(request: Request, next: str = Query("/", max_length=500)) -> Response:
    token = secrets.token_urlsafe(24)
    resp = render(request, "login.html", {"next": safe_next(next), "login_csrf": token})
    set_cookie(request, resp, LOGIN_COOKIE, token, max_age=3600)
    return resp


@routes.router.post("/login", include_in_schema=False)
def login_submit(
    request: Request,
    username: str = Form("", max_length=200),
    password: str = Form("", max_length=1000),
    csrf: str = Form("", max_length=200),
    next: str = Form("/", max_length=500),
) -> Response:
    st = state(request)
    cookie = request.cookies.get(LOGIN_COOKIE, "")
    if not cookie or not secrets.compare_digest(cookie, csrf):
        raise BadCsrf()
    client = request.client.host if request.client else "unknown"
    try:
        _, sid, _ = accounts.login(st.ws, username, password, client)
    except LoginRefused as exc:
        token = secrets.token_urlsafe(24)
        status = 429 if isinstance(exc, LoginThrottled) else 401
        data = {
            "next": safe_next(next),
            "login_csrf": token,
            "error": str(exc),
            "username": username,
        }
        resp = render(request, "login.html", data, status)
        set_cookie(request, resp, LOGIN_COOKIE, token, max_age=3600)
        if isinstance(exc, LoginThrottled):
            resp.headers["Retry-After"] = str(exc.retry_after)
        return resp
    done = RedirectResponse(safe_next(next), status_code=303)
    set_cookie(
        request, done, SESSION_COOKIE, st.signer.sign(sid), max_age=accounts.SESSION_HOURS * 3600
    )
    done.delete_cookie(LOGIN_COOKIE, path="/")
    return done


@routes.post("/logout", api=False)
def logout(
    request: Request,
    p: Principal = Depends(need("dashboard.view")),
    csrf: str = Form("", max_length=200),
) -> Response:
    st = state(request)
    check_csrf(p, csrf)
    if p.session_id:
        accounts.logout(st.ws, p.session_id, p.user)
        st.forget("s:" + p.session_id)
    resp = RedirectResponse("/login", status_code=303)
    resp.delete_cookie(SESSION_COOKIE, path="/")
    return resp


@routes.page("/users")
def users_page(request: Request, p: Principal = Depends(need("users.view"))) -> Response:
    with read(request) as conn:
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


def _set_active(request: Request, p: Principal, name: str, active: bool, reason: str) -> Response:
    st = state(request)
    user = accounts.set_user_active(acting(st.ws, p), name, active, reason)
    st.forget_user(user.id)
    return _managed(request, f"{'enabled' if active else 'disabled'} {user.name}", user.as_json())


@routes.post("/users/{name}/disable")
def user_disable(
    request: Request,
    name: str = PathParam(..., max_length=100),
    p: Principal = Depends(need("users.manage")),
    reason: str = Form(..., min_length=1, max_length=500),
    csrf: str = Form("", max_length=200),
) -> Response:
    check_csrf(p, csrf or request.headers.get("x-csrf-token"))
    return _set_active(request, p, name, False, reason)


@routes.post("/users/{name}/enable")
def user_enable(
    request: Request,
    name: str = PathParam(..., max_length=100),
    p: Principal = Depends(need("users.manage")),
    reason: str = Form(..., min_length=1, max_length=500),
    csrf: str = Form("", max_length=200),
) -> Response:
    check_csrf(p, csrf or request.headers.get("x-csrf-token"))
    return _set_active(request, p, name, True, reason)


@routes.post("/tokens/{token_id}/revoke")
def token_revoke(
    request: Request,
    token_id: int = path_int(),
    p: Principal = Depends(need("users.manage")),
    reason: str = Form(..., min_length=1, max_length=500),
    csrf: str = Form("", max_length=200),
) -> Response:
    st = state(request)
    check_csrf(p, csrf or request.headers.get("x-csrf-token"))
    token = accounts.revoke_token(acting(st.ws, p), str(token_id), reason)
    with st.ws.db.read() as conn:
        st.forget_user(accounts.get_user(conn, token.user).id)
    return _managed(
        request, f"revoked token {token.id} ({token.prefix}) of {token.user}", token.as_json()
    )


def safe_next(target: str) -> str:
    """Only local paths: no open redirect to another site."""
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def set_cookie(request: Request, resp: Response, name: str, value: str, max_age: int) -> None:
    st = state(request)
    secure = st.secure if st.secure is not None else request.url.scheme == "https"
    resp.set_cookie(
        name, value, max_age=max_age, httponly=True, samesite="strict", secure=secure, path="/"
    )
