"""kill -9 during `casefile statement add` leaves no partial or orphan state.

A real CLI process is killed (SIGKILL) at every step of the add: while its ciphertexts are
being staged, after the pending rows, between the renames into the blob store, before and
after every database commit, and at random moments from outside. After each crash:

* either the whole statement is there (items, 'acquired' events, rows, 'statement_added'
  event) or nothing of it was recorded: no vault item, no ledger event, no row;
* no plain text of the statement or its attachment is in any file of the workspace;
* `verify` passes, or reports only the dead process's unrecorded blobs (an interrupted add,
  named by their pending rows), which the next `statement add` removes;
* the add then succeeds, and the statement reads back whole.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from casefile.checks import all_checks
from casefile.vault.schema import acquisitions, items, ledger_entries, pending_blobs
from casefile.vault.verify import verify_workspace
from casefile.vault.workspace import Workspace
from casefile.witness import (
    add_statement,
    add_witness,
    init_keys,
    load_keyring,
    read_statement,
)
from casefile.witness.keys import forget_keyring
from casefile.witness.schema import statement_attachments, statements

DRIVER = Path(__file__).with_name("witness_crash_driver.py")
TEXT = "Zorya Lysenko saw the soldiers take her neighbour Mykhailo from house 14 on 5 March."
MARKER = b"ATTACHMENT-SECRET-Kovalchuk-"
UNRECORDED = {"blob-without-event", "interrupted-add"}
COMMIT = "sqlalchemy.engine.base:Connection._commit_impl"
ARM = "casefile.witness.statements:add_statement"


def _inputs(tmp_path: Path) -> tuple[Path, Path]:
    text = tmp_path / "statement.txt"
    text.write_text(TEXT)
    scan = tmp_path / "scan.bin"
    rng = random.Random(5)
    # several stream chunks, so the encryption takes a moment
    scan.write_bytes(MARKER + bytes(rng.getrandbits(8) for _ in range(1 << 16)) * 20 + MARKER)
    return text, scan


def _run(
    ws: Workspace, spec: dict[str, object] | None, text: Path, scan: Path
) -> subprocess.Popen[bytes]:
    args = ["-w", str(ws.root), "statement", "add", str(text), "--witness", "W-1"]
    args += ["--attach", str(scan), "--no-extract", "--json"]
    cmd = (
        [sys.executable, str(DRIVER), json.dumps(spec), *args]
        if spec
        else [
            sys.executable,
            "-m",
            "casefile",
            *args,
        ]
    )
    return subprocess.Popen(
        cmd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "CASEFILE_ACTOR": "crasher"},
    )


def _recorded(ws: Workspace) -> tuple[set[str], set[str], set[str], int]:
    """Statement ids with rows, statement ids with events, labels of acquired items, items."""
    with ws.db.read() as conn:
        rows = {str(s) for s in conn.execute(select(statements.c.id)).scalars()}
        events = set()
        for body in conn.execute(
            select(ledger_entries.c.body).where(ledger_entries.c.kind == "statement_added")
        ).scalars():
            events.add(json.loads(bytes(body))["data"]["statement"])
        labels = {
            str(x)
            for x in conn.execute(
                select(acquisitions.c.label).where(acquisitions.c.label.like("s-%"))
            ).scalars()
        }
        n_items = len(conn.execute(select(items.c.sha256)).all())
    return rows, events, labels, n_items


def _check_crashed_state(ws: Workspace, expected: set[str]) -> set[str]:
    """The invariants after a crash; returns the statement ids now recorded."""
    rows, events, labels, _ = _recorded(ws)
    assert rows == events == labels, (rows, events, labels)  # all of a statement, or nothing
    assert expected <= rows and len(rows - expected) <= 1
    with ws.db.read() as conn:
        for sid in rows:
            s = conn.execute(select(statements).where(statements.c.id == sid)).one()
            shas = [s.text_item_sha256] + [
                str(a)
                for a in conn.execute(
                    select(statement_attachments.c.item_sha256).where(
                        statement_attachments.c.statement_id == sid
                    )
                ).scalars()
            ]
            assert len(shas) == 2
            for sha in shas:
                assert ws.blobs.exists(sha)
        pending = {str(p) for p in conn.execute(select(pending_blobs.c.sha256)).scalars()}
    for f in ws.root.rglob("*"):
        if f.is_file():
            raw = f.read_bytes()
            assert TEXT.encode() not in raw and MARKER not in raw, f"clear text in {f}"
    report = verify_workspace(ws, extra_checks=all_checks())
    assert {p.kind for p in report.problems} <= UNRECORDED, report.problems
    for p in report.problems:
        if p.kind == "blob-without-event":
            assert p.subject.removeprefix("blob ") in pending, p  # ours, never recorded
    return rows


def _add_again_and_check(ws: Workspace, text: Path, scan: Path, before: set[str]) -> set[str]:
    forget_keyring(ws.id)
    ring = load_keyring(ws)
    s = add_statement(ws, ring, _wid(ws), text=text.read_text(), files=[scan], extract=False)
    rows, events, labels, _ = _recorded(ws)
    assert rows == events == labels == before | {s.id}
    report = verify_workspace(ws, extra_checks=all_checks())
    assert report.ok, report.problems
    assert list(ws.blobs.tmp.iterdir()) == []  # no temp file of the dead process is left
    for sid in rows:
        assert read_statement(ws, ring, sid, "crash test", "admin").text == TEXT
    return rows


def _wid(ws: Workspace) -> str:
    from casefile.witness.schema import witnesses

    with ws.db.read() as conn:
        return str(conn.execute(select(witnesses.c.id)).scalar_one())


@pytest.fixture
def ready(workspace: Workspace, tmp_path: Path) -> tuple[Workspace, Path, Path]:
    ring = init_keys(workspace)
    add_witness(workspace, ring, name="Zorya Lysenko", pseudonym="W-1")
    forget_keyring(workspace.id)
    return (workspace, *_inputs(tmp_path))


@pytest.mark.slow
def test_kill_9_at_every_step_of_statement_add(
    ready: tuple[Workspace, Path, Path], tmp_path: Path
) -> None:
    ws, text, scan = ready
    count = tmp_path / "commits"
    first = _run(ws, {"at": COMMIT, "arm": ARM, "writes": True, "count": str(count)}, text, scan)
    _out, err = first.communicate(timeout=300)
    assert first.returncode == 0, err.decode()
    commits = int(count.read_text())
    assert commits == 3  # recovery, the pending rows, the statement's ONE transaction
    points: list[tuple[str, int, str]] = [
        ("casefile.vault.blobstore:BlobStore.sync", 1, "before"),  # staged, nothing in DB
        ("casefile.vault.blobstore:BlobStore.commit", 1, "after"),  # one blob in the store
        ("casefile.vault.blobstore:BlobStore.commit", 2, "after"),  # both, nothing recorded
        ("casefile.witness.statements:_store", 1, "after"),  # all rows written, no commit
    ]
    # before every commit that writes (the ones above fall between them), and after the last
    points += [(COMMIT, n, "before") for n in range(1, commits + 1)]
    points.append((COMMIT, commits, "after"))
    known = _check_crashed_state(ws, set())
    assert len(known) == 1
    found_after: list[bool] = []  # per commit point, in order: was the statement recorded?
    for at, nth, when in points:
        spec = {"at": at, "arm": ARM, "nth": nth, "when": when, "writes": at == COMMIT}
        proc = _run(ws, spec, text, scan)
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == -9, (at, nth, when, err.decode())
        now = _check_crashed_state(ws, known)
        if at == COMMIT:
            found_after.append(now != known)
        else:
            assert now == known, (at, nth, when)  # every other point is before the commit
        known = _add_again_and_check(ws, text, scan, now)
    # nothing before the statement's one commit, all of it after
    assert found_after == [False, False, False, True], found_after


@pytest.mark.slow
def test_kill_9_at_random_moments(sqlite_workspace: Workspace, tmp_path: Path) -> None:
    ws = sqlite_workspace
    ring = init_keys(ws)
    add_witness(ws, ring, name="Zorya Lysenko", pseudonym="W-1")
    forget_keyring(ws.id)
    text, scan = _inputs(tmp_path)
    started = time.monotonic()
    first = _run(ws, None, text, scan)
    _, err = first.communicate(timeout=300)
    assert first.returncode == 0, err.decode()
    took = time.monotonic() - started
    known = _check_crashed_state(ws, set())
    rng = random.Random(11)
    outcomes = []
    for _ in range(4):
        proc = _run(ws, None, text, scan)
        time.sleep(rng.uniform(0.0, took))
        proc.kill()
        proc.communicate(timeout=300)
        outcomes.append(proc.returncode)
        now = _check_crashed_state(ws, known)
        known = _add_again_and_check(ws, text, scan, now)
    assert -9 in outcomes
    print("random kills:", outcomes, f"(an uncrashed add took {took:.2f} s)", os.getloadavg())
