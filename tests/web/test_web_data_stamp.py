"""The SQLite data stamp (PRAGMA data_version) sees commits of other connections and of
other processes, and equals the stamp read by a query."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from casefile.vault.workspace import Workspace
from casefile.web.cache import SqliteStamp, data_stamp


def test_stamp_follows_every_commit(sqlite_workspace: Workspace, tmp_path: Path) -> None:
    ws = sqlite_workspace
    stamp = SqliteStamp(str(ws.db.engine.url.database))
    try:
        first = stamp()
        assert stamp() == first  # nothing committed: the same stamp
        with ws.db.read() as conn:
            assert data_stamp(conn) == first
        ws.record_event("note", None, {"text": "a write in this process"})
        second = stamp()
        assert second != first
        with ws.db.read() as conn:
            assert data_stamp(conn) == second
        code = (
            "import sys; from pathlib import Path; from casefile.vault.workspace import Workspace;"
            "ws = Workspace.open(Path(sys.argv[1]));"
            "ws.record_event('note', None, {'text': 'a write in another process'}); ws.close()"
        )
        subprocess.run([sys.executable, "-c", code, str(ws.root)], check=True)
        third = stamp()
        assert third not in (first, second)
        with ws.db.read() as conn:
            assert data_stamp(conn) == third
    finally:
        stamp.close()
