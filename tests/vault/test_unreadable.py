"""An unreadable file is named and skipped; the readable ones still go in.

Root reads everything, so under root the add runs in a forked child that drops to 'nobody'.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import pwd
import shutil
import stat
import tempfile
from pathlib import Path
from typing import Any

import pytest

import casefile
from casefile.vault.acquire import add_sources
from casefile.vault.workspace import Workspace


def _add_as(uid: int | None, ws_dir: Path, sources: list[str], q: Any) -> None:
    if uid is not None:
        os.setgid(uid)
        os.setuid(uid)
    try:
        ws = Workspace.open(ws_dir)
        q.put([(r.status, r.message) for r in add_sources(ws, sources)])
        ws.close()
    except Exception as exc:  # reported to the parent, which fails the test with it
        q.put(repr(exc))


def _closed_to_others(path: Path) -> Path | None:
    """The first folder on the way to `path` that other users cannot pass through."""
    for folder in [*reversed(path.parents), path]:
        if not folder.stat().st_mode & stat.S_IXOTH:
            return folder
    return None


def test_unreadable_file_is_reported() -> None:
    if os.geteuid() == 0:
        closed = _closed_to_others(Path(casefile.__file__).resolve().parent)
        if closed is not None:  # 'nobody' could not even load casefile's migrations
            pytest.skip(f"the checkout is closed to other users at {closed} (mode 700?)")
    # Not under pytest's tmp_path: its parents are closed to other users.
    base = Path(tempfile.mkdtemp(prefix="casefile-unreadable-"))
    ws_dir = base / "ws"
    Workspace.init(ws_dir).close()
    (base / "secret.txt").write_text("not for you")
    (base / "secret.txt").chmod(0)
    (base / "ok.txt").write_text("fine")
    uid = None
    if os.geteuid() == 0:
        uid = pwd.getpwnam("nobody").pw_uid
        os.chmod(base, 0o777)
        for root, dirs, files in os.walk(ws_dir):
            for name in [*dirs, *files]:
                os.chown(os.path.join(root, name), uid, -1)
        os.chown(ws_dir, uid, -1)
    ctx = mp.get_context("fork")
    q = ctx.Queue()
    proc = ctx.Process(
        target=_add_as, args=(uid, ws_dir, [str(base / "secret.txt"), str(base / "ok.txt")], q)
    )
    proc.start()
    results = q.get(timeout=60)
    proc.join()
    shutil.rmtree(base)
    assert results == [("failed", "permission denied"), ("stored", "")]
