"""A page's queries stop at the statement time limit (as datasette's sql_time_limit_ms)."""

from __future__ import annotations

import time
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import text

from casefile.vault.workspace import Workspace
from casefile.web.pages import TooSlow, WebState, read

ENDLESS = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT max(x) FROM c"


def _request(ws: Workspace, limit_ms: int) -> Any:
    st = WebState(ws, sql_time_limit_ms=limit_ms)
    return SimpleNamespace(app=SimpleNamespace(state=SimpleNamespace(web=st)))


def test_a_query_past_the_limit_is_stopped(workspace: Workspace) -> None:
    started = time.monotonic()
    with pytest.raises(TooSlow, match="longer than 100 ms"), read(_request(workspace, 100)) as conn:
        conn.execute(text(ENDLESS)).scalar()
    assert time.monotonic() - started < 5
    # The connection goes back to the pool without the limit: the next read works.
    with read(_request(workspace, 2000)) as conn:
        assert conn.execute(text("SELECT 1")).scalar() == 1
    with workspace.db.read() as conn:
        assert conn.execute(text("SELECT count(*) FROM items")).scalar() == 0


def test_pages_run_on_as_many_threads_as_the_pool_has_connections(
    sqlite_workspace: Workspace,
) -> None:
    # More page threads than pooled connections made the pool open and close overflow
    # connections under load (each new SQLite connection reads the schema again).
    import anyio.to_thread
    from starlette.testclient import TestClient

    from casefile.web.app import PAGE_THREADS, create_app

    app = create_app(sqlite_workspace)
    with TestClient(app) as client:
        assert client.get("/healthz").status_code == 200
        assert client.portal is not None
        tokens = client.portal.call(
            lambda: anyio.to_thread.current_default_thread_limiter().total_tokens
        )
    assert tokens == PAGE_THREADS < sqlite_workspace.db.engine.pool.size()  # type: ignore[attr-defined]
