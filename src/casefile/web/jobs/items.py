"""Describe an item anew in the browser: ``casefile annotate HASH --label L --tag T --untag T
--note N`` (``vault.catalog.annotate``): an 'annotated' event; nothing earlier is overwritten.
The upload page sends a duplicate's uploader here, whose label and tags were not given to it.
A box marks the item graphic (the 'graphic' tag: its images are shown blurred until clicked)."""

from __future__ import annotations

from typing import Any

from fastapi import Depends, Request
from fastapi import Path as PathParam
from fastapi.responses import Response
from starlette.exceptions import HTTPException

from casefile.errors import CasefileError
from casefile.vault.catalog import GRAPHIC_TAG
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


def item_data(request: Request, ref: str) -> dict[str, Any]:
    from casefile.vault.catalog import item_view
    from casefile.web.jobs.common import resolve

    with workspace(request).db.read() as conn:
        sha = resolve(conn, ref)
        if sha is None:
            raise HTTPException(404)
        view = item_view(conn, sha)
    return {
        "sha256": sha,
        "names": view.names,
        "labels": view.labels,
        "tags": view.tags,
        "graphic": GRAPHIC_TAG in view.tags,
        "form": {},
    }


def _ref() -> Any:
    return PathParam(..., max_length=64)


@job.get("/jobs/items/{ref}/annotate", "items.annotate")
def annotate_form(
    request: Request, ref: str = _ref(), p: Principal = Depends(need("items.annotate"))
) -> Response:
    return render(request, "jobs/annotate.html", item_data(request, ref))


def _tags(value: str) -> list[str]:
    return [t.strip() for t in value.split(",") if t.strip()]


@job.post("/jobs/items/{ref}/annotate", "items.annotate")
async def annotate(
    request: Request, ref: str = _ref(), p: Principal = Depends(need("items.annotate"))
) -> Response:
    from casefile.vault.catalog import annotate as annotate_item

    form = await read_form(request, p)
    data = item_data(request, ref)
    try:
        f = data["form"] = {
            "label": text(form, "label", 500),
            "tags": text(form, "tags", 500),
            "untags": text(form, "untags", 500),
            "note": text(form, "note", 5000),
        }
    except CasefileError as exc:
        return refused(request, "jobs/annotate.html", data, str(exc))
    add, remove = _tags(f["tags"]), _tags(f["untags"])
    # The 'graphic' box: ticked adds the tag, cleared removes it (a change only when it is
    # one). Only a form that showed the box says so; a script that leaves it out changes nothing.
    if form.get("graphic_box") is not None:
        graphic = form.get("graphic") is not None
        f["graphic"] = "1" if graphic else ""
        if graphic and not data["graphic"] and GRAPHIC_TAG not in remove:
            add.append(GRAPHIC_TAG)
        elif not graphic and data["graphic"] and GRAPHIC_TAG not in add:
            remove.append(GRAPHIC_TAG)
    _seq, error = await attempt(
        annotate_item,
        as_user(request, p),
        data["sha256"],
        add,
        remove,
        f["label"] or None,
        f["note"] or None,
    )
    if error:
        return refused(request, "jobs/annotate.html", data, error)
    return done(f"/items/{data['sha256']}")
