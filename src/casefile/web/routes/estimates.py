"""Stored estimates of the undocumented dead (the estimate stage)."""

from __future__ import annotations

from fastapi import Depends, Request
from fastapi.responses import Response

from casefile.web import pictures, queries
from casefile.web.pages import Routes, need, page, read
from casefile.web.security import Principal

routes = Routes()


@routes.page("/estimates")
def estimates(request: Request, p: Principal = Depends(need("estimates.view"))) -> Response:
    with read(request) as conn:
        data = queries.estimates_page(conn)
    if data.get("latest"):
        data["latest"]["posteriors"] = pictures.posterior_charts(data["latest"])
    return page(request, "estimates.html", p, data)
