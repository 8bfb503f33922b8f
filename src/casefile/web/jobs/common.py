"""What the job routers share: registering a route with its action of the role matrix,
reading a form with its CSRF token, running a core function off the event loop, and drawing
a job's page (the form again, with the core's message, when the core refuses the input).

Everything of the app these routers use is imported here, so that a change of the app's
layout touches this one module.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData, UploadFile

from casefile.errors import CasefileError
from casefile.vault.workspace import Workspace
from casefile.web.charts import qs
from casefile.web.roles import allowed
from casefile.web.security import Principal

# The app's shared parts (the navigation, the role dependency, the acting workspace, the CSRF
# check, the actions' thread pool) live in ``web.app`` and, after the split of issue 27, in
# ``web.pages``: taken from whichever this tree has.
_app: Any = importlib.import_module(
    "casefile.web.pages"
    if importlib.util.find_spec("casefile.web.pages") is not None
    else "casefile.web.app"
)
NAV: list[tuple[str, str, str]] = _app.NAV
acting: Callable[[Workspace, Principal], Workspace] = _app.acting
check_csrf: Callable[[Principal, str | None], None] = _app.check_csrf
need: Callable[[str], Any] = _app.need
run_action: Callable[..., Awaitable[Any]] = _app.run_action

__all__ = [
    "ACTIONS",
    "Job",
    "acting",
    "allowed",
    "attempt",
    "need",
    "run_action",
]

# (method, path) -> action of the role matrix, for every job route (added to the app's own
# table by ``casefile.web.jobs.include``).
ACTIONS: dict[tuple[str, str], str] = {}
MAX_FIELD = 20_000


class Job:
    """One area's router with its actions."""

    def __init__(self) -> None:
        self.router = APIRouter()

    def get(self, path: str, action: str) -> Callable[[Any], Any]:
        def deco(fn: Any) -> Any:
            self.router.add_api_route(path, fn, methods=["GET"], include_in_schema=False)
            ACTIONS[("GET", path)] = action
            return fn

        return deco

    def post(self, path: str, action: str) -> Callable[[Any], Any]:
        def deco(fn: Any) -> Any:
            self.router.add_api_route(path, fn, methods=["POST"], include_in_schema=False)
            ACTIONS[("POST", path)] = action
            return fn

        return deco


def workspace(request: Request) -> Workspace:
    ws: Workspace = request.app.state.web.ws
    return ws


def as_user(request: Request, p: Principal) -> Workspace:
    """The workspace with this user as the actor of every event the job records."""
    return acting(workspace(request), p)


async def read_form(request: Request, p: Principal, max_files: int = 0) -> FormData:
    """The posted form, after its CSRF token is checked (a stale or forged form: 403). A body
    above the app's upload limit is refused before it is read (413), as is a form with files
    that does not say its length (a browser always does)."""
    from casefile.web.upload import UploadTooLarge

    limit: int = request.app.state.web.max_upload
    length = request.headers.get("content-length", "")
    if length.isascii() and length.isdigit():
        if int(length) > limit:
            raise UploadTooLarge(
                f"the upload is too large: the limit is {limit / (1 << 20):.0f} MB per request"
            )
    elif request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise CasefileError("send the form with its length (Content-Length)")
    form = await request.form(max_files=max_files, max_fields=200)
    token = form.get("csrf")
    check_csrf(p, token if isinstance(token, str) else request.headers.get("x-csrf-token"))
    return form


def text(form: FormData, name: str, limit: int = MAX_FIELD) -> str:
    """A text field, stripped; too long: a clear error (shown in the form)."""
    value = form.get(name)
    if not isinstance(value, str):
        return ""
    if len(value) > limit:
        raise CasefileError(f"{name.replace('_', ' ')} is too long (at most {limit} characters)")
    if "\x00" in value:
        raise CasefileError(f"{name.replace('_', ' ')} must not contain a NUL character")
    return value.strip()


def texts(form: FormData, name: str) -> list[str]:
    return [v.strip() for v in form.getlist(name) if isinstance(v, str) and v.strip()]


def files(form: FormData, name: str = "file") -> list[UploadFile]:
    return [f for f in form.getlist(name) if isinstance(f, UploadFile) and f.filename]


def whole(value: str, what: str, low: int = 1, high: int = 2**31 - 1) -> int:
    """A whole number typed in a form, or a clear error naming the field."""
    v = value.strip()
    if not (v.isascii() and v.isdigit()) or not low <= int(v) <= high:
        raise CasefileError(f"{what} must be a whole number from {low} to {high}, not {value!r}")
    return int(v)


async def attempt(fn: Callable[..., Any], *args: Any) -> tuple[Any, str | None]:
    """``fn(*args)`` in the actions' worker pool: (its result, None), or (None, the core's
    message) when it refuses (a CasefileError), to show in the form."""
    try:
        return await run_action(fn, *args), None
    except CasefileError as exc:
        return None, str(exc)


def render(
    request: Request, template: str, data: dict[str, Any], status: int = 200
) -> HTMLResponse:
    """A job's page in the app's layout. Forms carry this user's CSRF token, so these pages
    are never stored by the page cache (they do not mark themselves as rendered for it)."""
    p: Principal | None = getattr(request.state, "principal", None)
    role = p.role if p else None
    nav = [(href, label) for href, label, action in NAV if allowed(role, action)] if p else []
    templates = request.app.state.templates
    response: HTMLResponse = templates.TemplateResponse(
        request,
        template,
        {
            "d": data,
            "me": p,
            "nav": nav,
            "can": lambda action: allowed(role, action),
            "path": request.url.path,
            "tile_url": request.app.state.web.tile_url,
            "qs": qs,
        },
        status_code=status,
    )
    return response


def refused(request: Request, template: str, data: dict[str, Any], error: str) -> HTMLResponse:
    """The form again with the values given and the core's message (HTTP 400)."""
    return render(request, template, {**data, "error": error}, 400)


def done(url: str) -> Response:
    return RedirectResponse(url, status_code=303)


def resolve(conn: Any, ref: str) -> str | None:
    """The full hash of the item ``ref`` names (a prefix of 6 or more hex digits), or None."""
    from sqlalchemy import select

    from casefile.vault.schema import items

    ref = ref.lower().strip()
    if not 6 <= len(ref) <= 64 or any(c not in "0123456789abcdef" for c in ref):
        return None
    found = (
        conn.execute(select(items.c.sha256).where(items.c.sha256.like(ref + "%")).limit(2))
        .scalars()
        .all()
    )
    return str(found[0]) if len(found) == 1 else None
