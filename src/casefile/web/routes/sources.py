"""Cleaned sources and their facts, and full-text search."""

from __future__ import annotations

from fastapi import Depends, Query, Request
from fastapi.responses import Response

from casefile.web import queries
from casefile.web.pages import (
    Routes,
    need,
    page,
    page_no,
    path_int,
    per_page,
    read,
    text_filter,
)
from casefile.web.queries import NO_NUL, Paging
from casefile.web.search import search
from casefile.web.security import Principal

routes = Routes()


@routes.page("/sources")
def sources(
    request: Request,
    p: Principal = Depends(need("sources.view")),
    q: str | None = text_filter(),
    language: str | None = Query(None, max_length=16),
    page_no: int = page_no(),
    per_page: int = per_page(),
) -> Response:
    with read(request) as conn:
        data = queries.sources_page(conn, Paging(page_no, per_page), q, language)
    return page(request, "sources.html", p, data)


@routes.page("/sources/{doc_id}")
def source(
    request: Request,
    doc_id: int = path_int(),
    p: Principal = Depends(need("sources.view")),
) -> Response:
    with read(request) as conn:
        data = queries.source_detail(conn, doc_id)
    return page(request, "source.html", p, data)


@routes.page("/facts/{fact_id}")
def fact(
    request: Request,
    fact_id: int = path_int(),
    p: Principal = Depends(need("sources.view")),
) -> Response:
    with read(request) as conn:
        data = queries.fact_detail(conn, fact_id)
    return page(request, "fact.html", p, data)


@routes.page("/search")
def search_page(
    request: Request,
    p: Principal = Depends(need("search.view")),
    q: str = Query("", max_length=200, pattern=NO_NUL),
    kind: str | None = Query(None, max_length=16),
    page_no: int = page_no(),
    per_page: int = Query(20, ge=1, le=100),
) -> Response:
    paging = Paging(page_no, per_page)
    with read(request) as conn:
        hits, total = search(conn, q, kind, paging.per_page, paging.offset)
    data = {"q": q, "kind": kind, "hits": hits, "paging": paging.info(total)}
    return page(request, "search.html", p, data)
