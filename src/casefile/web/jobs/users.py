"""Accounts and API tokens made by an admin in the browser: ``casefile user add NAME --role R``
(``accounts.add_user``: argon2id hash, a 'user_created' event) and ``casefile token create
NAME --label L`` (``accounts.create_token``: shown once, only its hash kept, an
'api_token_created' event). Disabling, enabling and revoking are on the users page."""

from __future__ import annotations

from typing import Any

from fastapi import Depends, Request
from fastapi.responses import Response

from casefile.errors import CasefileError
from casefile.web.jobs.common import (
    Job,
    as_user,
    attempt,
    need,
    read_form,
    refused,
    render,
    text,
    workspace,
)
from casefile.web.security import Principal

job = Job()
router = job.router


def _data(request: Request) -> dict[str, Any]:
    from casefile.roles import ROLES
    from casefile.web.accounts import list_users

    with workspace(request).db.read() as conn:
        names = [u.name for u in list_users(conn) if u.active]
    return {"roles": ROLES, "users": names, "form": {}, "token_form": {}}


@job.get("/jobs/users", "users.manage")
def users_form(request: Request, p: Principal = Depends(need("users.manage"))) -> Response:
    return render(request, "jobs/users.html", _data(request))


def _password(form: Any, name: str) -> str:
    value = form.get(name)
    if not isinstance(value, str):
        return ""
    if len(value) > 1000:
        raise CasefileError("the password is too long (at most 1000 characters)")
    return value


@job.post("/jobs/users", "users.manage")
async def add_user_job(request: Request, p: Principal = Depends(need("users.manage"))) -> Response:
    """``casefile user add NAME --role ROLE`` (the password asked twice)."""
    from casefile.web.accounts import add_user

    form = await read_form(request, p)
    data = _data(request)
    try:
        f = data["form"] = {"name": text(form, "name", 100), "role": text(form, "role", 20)}
        password = _password(form, "password")
        if password != _password(form, "password_again"):
            raise CasefileError("the two passwords differ")
    except CasefileError as exc:
        return refused(request, "jobs/users.html", data, str(exc))
    user, error = await attempt(add_user, as_user(request, p), f["name"], f["role"], password)
    if error:
        return refused(request, "jobs/users.html", data, error)
    data = _data(request)
    data["created"] = {"name": user.name, "role": user.role}
    return render(request, "jobs/users.html", data)


@job.post("/jobs/tokens", "users.manage")
async def create_token_job(
    request: Request, p: Principal = Depends(need("users.manage"))
) -> Response:
    """``casefile token create NAME [--label L]``: the token is shown on this page only."""
    from casefile.web.accounts import create_token

    form = await read_form(request, p)
    data = _data(request)
    try:
        f = data["token_form"] = {
            "user": text(form, "user", 100),
            "label": text(form, "label", 200),
        }
    except CasefileError as exc:
        return refused(request, "jobs/users.html", data, str(exc))
    if not f["user"]:
        return refused(request, "jobs/users.html", data, "choose the user the token acts as")
    token, error = await attempt(create_token, as_user(request, p), f["user"], f["label"] or None)
    if error:
        return refused(request, "jobs/users.html", data, error)
    data["token"] = {"user": f["user"], "label": f["label"], "value": token}
    return render(request, "jobs/users.html", data)
