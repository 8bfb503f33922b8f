"""Witnesses and statements recorded in the browser: ``casefile witness add`` (``add_witness``:
name, contact and risk notes encrypted before they are stored) and ``casefile statement add``
(``add_statement``: the text and attachments encrypted before they reach the vault unless
stored unprotected on purpose), with the signed-in user's role as the role the witness
module checks and records.

The witness key is the workspace's key file, as for revealing an identity here: a workspace
whose key is derived from a passphrase is used from the CLI (``--ask-passphrase``). As in the
CLI, the first witness of a workspace creates its key file, and the page says to keep a copy.
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from fastapi import Depends, Request
from fastapi.responses import Response
from sqlalchemy import select

from casefile.errors import CasefileError
from casefile.web.jobs.common import (
    Job,
    as_user,
    attempt,
    files,
    need,
    read_form,
    refused,
    render,
    text,
    texts,
    workspace,
)
from casefile.web.security import Principal

job = Job()
router = job.router


def _witness_data() -> dict[str, Any]:
    from casefile.witness.core import SCOPES

    return {"scopes": SCOPES, "form": {"consent": []}}


@job.get("/jobs/witnesses/new", "witnesses.add")
def witness_form(request: Request, p: Principal = Depends(need("witnesses.add"))) -> Response:
    return render(request, "jobs/witness_new.html", _witness_data())


def record_witness(ws: Any, role: str, f: dict[str, Any]) -> dict[str, Any]:
    """``casefile witness add``: the key made first if the workspace has none yet."""
    from casefile.witness.core import ConsentGrant, add_witness
    from casefile.witness.keys import init_keys, keks, load_keyring

    if f["consent"] and not f["consent_how"]:
        raise CasefileError("say how the consent was recorded (e.g. 'signed form')")
    if f["consent_date"]:
        try:
            date.fromisoformat(f["consent_date"])
        except ValueError:
            raise CasefileError(
                f"the consent date {f['consent_date']!r} is not a date (YYYY-MM-DD)"
            ) from None
    with ws.db.read() as conn:
        fresh = not keks(conn)
    ring = init_keys(ws) if fresh else load_keyring(ws)
    when = f["consent_date"] or date.today().isoformat()
    grants = [ConsentGrant(s, when, f["consent_how"]) for s in f["consent"]]
    view = add_witness(
        ws,
        ring,
        name=f["name"],
        pseudonym=f["pseudonym"],
        contact=f["contact"] or None,
        risk=f["risk"] or None,
        consent=grants,
        interviewer=f["interviewer"] or None,
        language=f["language"] or None,
        interpreter=f["interpreter"] or None,
        role=role,
    )
    return {
        "id": view.id,
        "pseudonym": view.pseudonym,
        "key_created": ring.source if fresh else None,
    }


@job.post("/jobs/witnesses/new", "witnesses.add")
async def witness_add(request: Request, p: Principal = Depends(need("witnesses.add"))) -> Response:
    form = await read_form(request, p)
    data = _witness_data()
    try:
        f = data["form"] = {
            **{
                k: text(form, k, 2000)
                for k in (
                    "name",
                    "pseudonym",
                    "contact",
                    "risk",
                    "consent_date",
                    "consent_how",
                    "interviewer",
                    "language",
                    "interpreter",
                )
            },
            "consent": texts(form, "consent"),
        }
    except CasefileError as exc:
        return refused(request, "jobs/witness_new.html", data, str(exc))
    made, error = await attempt(record_witness, as_user(request, p), p.role, f)
    if error:
        return refused(request, "jobs/witness_new.html", data, error)
    return render(request, "jobs/witness_new.html", {**_witness_data(), "made": made})


# ---- statements -------------------------------------------------------------------------------


def _statement_data(request: Request) -> dict[str, Any]:
    from casefile.witness.schema import witnesses

    with workspace(request).db.read() as conn:
        names = list(
            conn.execute(select(witnesses.c.pseudonym).order_by(witnesses.c.pseudonym)).scalars()
        )
    return {"witnesses": names, "form": {"protected": True, "extract": True}}


@job.get("/jobs/statements/new", "witnesses.add")
def statement_form(request: Request, p: Principal = Depends(need("witnesses.add"))) -> Response:
    data = _statement_data(request)
    chosen = request.query_params.get("witness", "")[:100]
    if chosen in data["witnesses"]:
        data["form"]["witness"] = chosen
    return render(request, "jobs/statement_new.html", data)


def record_statement(
    ws: Any, role: str, f: dict[str, Any], uploads: list[tuple[str, Any]]
) -> dict[str, Any]:
    """``casefile statement add``: attachments written to a private folder for the call."""
    from casefile.vault.recovery import recover
    from casefile.web.upload import safe_name
    from casefile.witness.core import resolve_witness
    from casefile.witness.keys import load_keyring
    from casefile.witness.statements import add_statement

    if not f["witness"]:
        raise CasefileError("say whose statement this is (the witness's pseudonym)")
    if not f["text"] and not uploads:
        raise CasefileError("give the statement's text or attach its file (scan, audio, video)")
    with ws.db.read() as conn:
        wid = resolve_witness(conn, f["witness"])
    ring = load_keyring(ws) if f["protected"] else None
    work = Path(tempfile.mkdtemp(prefix="casefile-web-statement-"))
    try:
        paths = []
        for n, (name, stream) in enumerate(uploads):
            path = work / str(n) / safe_name(name)
            path.parent.mkdir()
            with path.open("wb") as out:
                shutil.copyfileobj(stream, out)
            paths.append(path)
        recover(ws)  # an add killed before its commit recorded nothing: remove its blobs
        view = add_statement(
            ws,
            ring,
            wid,
            text=f["text"] or None,
            files=paths,
            taken_on=f["taken_on"] or None,
            place=f["place"] or None,
            interviewer=f["interviewer"] or None,
            incidents=[i.strip() for i in f["incidents"].split(",") if i.strip()],
            protected=f["protected"],
            extract=f["extract"],
            role=role,
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return {
        "id": view.id,
        "pseudonym": view.pseudonym,
        "protected": view.protected,
        "attachments": len(view.attachments),
        "facts": view.facts,
    }


@job.post("/jobs/statements/new", "witnesses.add")
async def statement_add(
    request: Request, p: Principal = Depends(need("witnesses.add"))
) -> Response:
    data = _statement_data(request)
    multipart = request.headers.get("content-type", "").startswith("multipart/form-data")
    form = await read_form(request, p, max_files=10 if multipart else 0)
    try:
        f = data["form"] = {
            "witness": text(form, "witness", 100),
            "text": text(form, "text", 200_000),
            "taken_on": text(form, "taken_on", 20),
            "place": text(form, "place", 500),
            "interviewer": text(form, "interviewer", 200),
            "incidents": text(form, "incidents", 500),
            "protected": text(form, "unprotected", 10) != "yes",
            "extract": text(form, "no_extract", 10) != "yes",
        }
        uploads = [(u.filename or "attachment", u.file) for u in files(form, "attach")]
        made, error = await attempt(record_statement, as_user(request, p), p.role, f, uploads)
    except CasefileError as exc:
        made, error = None, str(exc)
    finally:
        await form.close()
    if error:
        return refused(request, "jobs/statement_new.html", data, error)
    return render(request, "jobs/statement_new.html", {**_statement_data(request), "made": made})


# ---- consent ----------------------------------------------------------------------------------


def _consent_data(request: Request) -> dict[str, Any]:
    from casefile.witness.core import SCOPES

    data = _statement_data(request)
    data["scopes"] = SCOPES
    data["form"] = {"action": "grant"}
    return data


@job.get("/jobs/witnesses/consent", "witnesses.add")
def consent_form(request: Request, p: Principal = Depends(need("witnesses.add"))) -> Response:
    data = _consent_data(request)
    chosen = request.query_params.get("witness", "")[:100]
    if chosen in data["witnesses"]:
        data["form"]["witness"] = chosen
    return render(request, "jobs/consent.html", data)


def record_consent_job(ws: Any, role: str, f: dict[str, str]) -> dict[str, Any]:
    """``casefile witness consent REF --scope S --grant|--withdraw --date D --how H``."""
    from casefile.witness.core import record_consent, resolve_witness

    if not f["witness"]:
        raise CasefileError("choose the witness (by pseudonym)")
    with ws.db.read() as conn:
        wid = resolve_witness(conn, f["witness"])
    rec = record_consent(
        ws, wid, f["scope"], f["action"], f["on"] or date.today().isoformat(), f["how"], role
    )
    return {"action": rec.action, "scope": rec.scope, "on": rec.given_on, "witness": f["witness"]}


@job.post("/jobs/witnesses/consent", "witnesses.add")
async def consent(request: Request, p: Principal = Depends(need("witnesses.add"))) -> Response:
    form = await read_form(request, p)
    data = _consent_data(request)
    try:
        f = data["form"] = {
            "witness": text(form, "witness", 100),
            "scope": text(form, "scope", 40),
            "action": text(form, "action", 10) or "grant",
            "on": text(form, "on", 20),
            "how": text(form, "how", 2000),
        }
    except CasefileError as exc:
        return refused(request, "jobs/consent.html", data, str(exc))
    made, error = await attempt(record_consent_job, as_user(request, p), p.role, f)
    if error:
        return refused(request, "jobs/consent.html", data, error)
    return render(request, "jobs/consent.html", {**_consent_data(request), "made": made})
