"""Kill -9 in the middle of adding, and two processes adding at once, leave one sound vault."""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from casefile.vault.verify import verify_workspace
from casefile.vault.workspace import Workspace


def casefile(*args: str, **kw: object) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "casefile", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        **kw,  # type: ignore[call-overload]
    )


def blobs_are_whole(ws: Workspace) -> None:
    for sha in ws.blobs.iter_stored():
        assert hashlib.sha256(ws.blobs.path_for(sha).read_bytes()).hexdigest() == sha


def test_kill_9_while_adding_leaves_no_partial_state(tmp_path: Path) -> None:
    ws_dir = tmp_path / "ws"
    Workspace.init(ws_dir).close()
    src = tmp_path / "src"
    src.mkdir()
    with (src / "big.bin").open("wb") as f:
        for _ in range(48):
            f.write(os.urandom(1 << 20))
    for i in range(800):
        (src / f"small{i:04}.txt").write_text(f"record {i}\n")
    rng = random.Random(7)
    for _ in range(6):
        proc = casefile("-w", str(ws_dir), "add", str(src))
        time.sleep(rng.uniform(0.3, 2.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        ws = Workspace.open(ws_dir)
        blobs_are_whole(ws)  # never a partial blob at its final path
        report = verify_workspace(ws)
        # Only the dead process's uncommitted blobs may show, and the next add removes them.
        assert {p.kind for p in report.problems} <= {"blob-without-event", "interrupted-add"}
        ws.close()
    # 'casefile recover' cleans what the last kill left, touching nothing recorded.
    ws = Workspace.open(ws_dir)
    with ws.db.read() as conn:
        size_before = ws.ledger.size(conn)
    ws.close()
    rec = casefile("-w", str(ws_dir), "recover")
    out, err = rec.communicate(timeout=120)
    assert rec.returncode == 0, err.decode()
    assert b"recover" in out
    ws = Workspace.open(ws_dir)
    report = verify_workspace(ws)
    assert report.ok, report.problems
    with ws.db.read() as conn:
        assert ws.ledger.size(conn) == size_before
    assert list(ws.blobs.tmp.iterdir()) == []
    ws.close()
    done = casefile("-w", str(ws_dir), "add", str(src), "--json")
    out, err = done.communicate(timeout=300)
    assert done.returncode == 0, err.decode()
    statuses = {r["status"] for r in json.loads(out)}
    assert statuses <= {"stored", "duplicate"}
    ws = Workspace.open(ws_dir)
    report = verify_workspace(ws)
    assert report.ok, report.problems
    assert report.items_checked == 801
    assert list(ws.blobs.tmp.iterdir()) == []
    ws.close()


def test_two_processes_adding_at_once(tmp_path: Path, db_url: str | None) -> None:
    ws_dir = tmp_path / "ws"
    Workspace.init(ws_dir, db_url).close()
    dirs = []
    for name in ("a", "b"):
        d = tmp_path / name
        d.mkdir()
        for i in range(300):
            (d / f"{name}{i}.txt").write_text(f"{name} {i}")
            (d / f"shared{i}.txt").write_text(f"shared {i}")
        dirs.append(d)
    procs = [casefile("-w", str(ws_dir), "add", str(d), "--json") for d in dirs]
    outs = [p.communicate(timeout=300) for p in procs]
    for p, (_out, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, err.decode()
    ws = Workspace.open(ws_dir)
    report = verify_workspace(ws)
    assert report.ok, report.problems
    assert report.items_checked == 900  # 300 + 300 own, 300 shared stored once
    assert report.tree_size == 1 + 1200  # workspace_created + one event per acquisition
    ws.close()
