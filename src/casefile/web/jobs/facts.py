"""Correct an extracted fact in the browser: ``casefile facts correct N --set FIELD=VALUE
--reason ...`` (``ingest.corrections.correct_fact``): a new version with who, when and why,
the original kept, a 'fact_corrected' event. Each field of the fact is a box; a value that
reads as JSON (a number, a list, null) is taken as JSON, as the CLI takes it."""

from __future__ import annotations

import json
from typing import Any

from fastapi import Depends, Request
from fastapi import Path as PathParam
from fastapi.responses import Response
from starlette.exceptions import HTTPException

from casefile.errors import CasefileError
from casefile.web.jobs.common import (
    Job,
    as_user,
    attempt,
    done,
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


def shown(value: Any) -> str:
    """A field's value as typed in the form: text as it is, anything else as JSON."""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def typed(value: str) -> Any:
    try:
        return json.loads(value)
    except ValueError:
        return value


def fact_data(request: Request, fact_id: int) -> dict[str, Any]:
    from casefile.ingest.corrections import fact_history

    with workspace(request).db.read() as conn:
        try:
            chain = fact_history(conn, fact_id)
        except CasefileError:
            raise HTTPException(404) from None
    last = chain[-1]
    return {
        "fact": {
            "id": last.id,
            "kind": last.kind,
            "item": last.item_sha256,
            "origin": last.origin,
            "versions": len(chain),
        },
        "fields": {k: shown(v) for k, v in sorted(last.payload.items())},
        "form": {},
    }


def _fact_id() -> Any:
    return PathParam(..., ge=1, le=2**31 - 1)


@job.get("/jobs/facts/{fact_id}/correct", "facts.correct")
def correct_form(
    request: Request, fact_id: int = _fact_id(), p: Principal = Depends(need("facts.correct"))
) -> Response:
    return render(request, "jobs/fact_correct.html", fact_data(request, fact_id))


@job.post("/jobs/facts/{fact_id}/correct", "facts.correct")
async def correct(
    request: Request, fact_id: int = _fact_id(), p: Principal = Depends(need("facts.correct"))
) -> Response:
    from casefile.ingest.corrections import correct_fact

    form = await read_form(request, p)
    data = fact_data(request, fact_id)
    try:
        changes: dict[str, Any] = {}
        typed_in: dict[str, str] = {}
        for n, (name, before) in enumerate(data["fields"].items()):
            value = form.get(f"field_{n}")
            if not isinstance(value, str) or len(value) > 20_000:
                continue
            typed_in[name] = value
            if value != before:
                changes[name] = typed(value)
        data["form"] = {"fields": typed_in, "reason": text(form, "reason", 2000)}
    except CasefileError as exc:
        return refused(request, "jobs/fact_correct.html", data, str(exc))
    new_id, error = await attempt(
        correct_fact, as_user(request, p), fact_id, changes, data["form"]["reason"]
    )
    if error:
        return refused(request, "jobs/fact_correct.html", data, error)
    return done(f"/facts/{new_id}")
