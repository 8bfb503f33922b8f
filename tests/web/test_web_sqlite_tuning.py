"""On SQLite the app reads the database file through a memory map, on every connection."""

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
