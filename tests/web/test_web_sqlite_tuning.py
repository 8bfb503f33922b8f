"""Process and SQLite settings of the app: the database file read through a memory map on
every connection; start-up objects frozen for the garbage collector."""

from __future__ import annotations

from sqlalchemy import text

from casefile.vault.workspace import Workspace
from casefile.web.app import SQLITE_MMAP_BYTES, create_app


def test_every_connection_maps_the_file(sqlite_workspace: Workspace) -> None:
    ws = sqlite_workspace
    create_app(ws)
    with ws.db.read() as a, ws.db.read() as b:  # two pooled connections at once
        for conn in (a, b):
            assert conn.execute(text("PRAGMA mmap_size")).scalar() == SQLITE_MMAP_BYTES


def test_start_up_objects_are_frozen_for_the_collector(sqlite_workspace: Workspace) -> None:
    import gc

    from starlette.testclient import TestClient

    gc.unfreeze()
    try:
        with TestClient(create_app(sqlite_workspace)) as client:  # runs the lifespan
            assert gc.get_freeze_count() > 1000
            assert client.get("/healthz").status_code == 200
    finally:
        gc.unfreeze()
