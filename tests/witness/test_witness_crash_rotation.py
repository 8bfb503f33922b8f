"""kill -9 at every point of `casefile witness keys rotate`, passphrase and key-file mode.

A real CLI process is killed (SIGKILL, injected by witness_crash_driver.py) before every
commit that writes, after the last one, and (key file) right after the new key file was put
in place. After each crash: every witness identity and the protected statement are readable
with the old or with the new passphrase/key, nothing is lost, `verify` passes, and running
the rotation again completes it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from casefile.checks import all_checks
from casefile.vault.verify import verify_workspace
from casefile.vault.workspace import Workspace
from casefile.witness import (
    KeyError_,
    KeyRing,
    add_statement,
    add_witness,
    init_keys,
    load_keyring,
    read_statement,
    reveal_witness,
    rotate_keys,
)
from casefile.witness.keys import DEFAULT_KEY_FILE, forget_keyring
from casefile.witness.schema import witness_keks

DRIVER = Path(__file__).with_name("witness_crash_driver.py")
COMMIT = "sqlalchemy.engine.base:Connection._commit_impl"
ARM = "casefile.witness.keys:rotate_keys"
SWITCH = "casefile.witness.keys:_switch_key_file"
ROTATE = ["witness", "keys", "rotate", "--batch", "1"]
NAMES = ["Oksana Hrytsenko", "Petro Danylyuk"]
TEXT = "Oksana Hrytsenko saw the column of trucks on the Hostomel road."


def _rotate(ws: Workspace, spec: dict[str, object], env: dict[str, str]) -> tuple[int, str]:
    proc = subprocess.run(
        [sys.executable, str(DRIVER), json.dumps(spec), "-w", str(ws.root), *ROTATE],
        capture_output=True,
        env={**os.environ, "CASEFILE_ACTOR": "rotator", **env},
        timeout=300,
    )
    return proc.returncode, proc.stderr.decode()


def _setup(ws: Workspace, passphrase: str | None) -> tuple[list[str], str]:
    ring = init_keys(ws, passphrase=passphrase)
    ids = [add_witness(ws, ring, name=n, pseudonym=f"W-{i}").id for i, n in enumerate(NAMES)]
    sid = add_statement(ws, ring, ids[0], text=TEXT, extract=False).id
    forget_keyring(ws.id)
    return ids, sid


def _reads_all(ws: Workspace, ring: KeyRing, ids: list[str], sid: str) -> bool:
    """Every identity and the protected statement, decrypted with this key."""
    try:
        names = [reveal_witness(ws, ring, w, "crash test", "admin").name for w in ids]
        text = read_statement(ws, ring, sid, "crash test", "admin").text
    except KeyError_:
        return False
    assert names == NAMES and text == TEXT  # never wrong data, only unreadable
    return True


def _active(ws: Workspace) -> str:
    with ws.db.read() as conn:
        return str(
            conn.execute(
                select(witness_keks.c.kek_id).where(witness_keks.c.state == "active")
            ).scalar_one()
        )


def _load(ws: Workspace, key_file: Path | None = None, passphrase: str | None = None) -> KeyRing:
    forget_keyring(ws.id)
    return load_keyring(ws, key_file, passphrase)


def _commit_points(ws: Workspace, env: dict[str, str], tmp_path: Path) -> int:
    """Runs one whole rotation, counting its writing commits."""
    count = tmp_path / "commits"
    code, err = _rotate(ws, {"at": COMMIT, "arm": ARM, "writes": True, "count": str(count)}, env)
    assert code == 0, err
    return int(count.read_text())


def _points(commits: int) -> list[tuple[str, int, str]]:
    return [(COMMIT, n, "before") for n in range(1, commits + 1)] + [(COMMIT, commits, "after")]


@pytest.mark.slow
def test_kill_9_during_passphrase_rotation(workspace: Workspace, tmp_path: Path) -> None:
    ws = workspace
    phrases = [f"passphrase number {i} for the test" for i in range(20)]
    ids, sid = _setup(ws, phrases[0])
    env = {"CASEFILE_WITNESS_PASSPHRASE": phrases[0], "CASEFILE_WITNESS_NEW_PASSPHRASE": phrases[1]}
    commits = _commit_points(ws, env, tmp_path)
    # discard unfinished, pending key, one batch per witness, an empty batch, the switch
    assert commits == 3 + len(ids) + 1
    assert _reads_all(ws, _load(ws, passphrase=phrases[1]), ids, sid)
    cur = 1
    states = []
    for at, nth, when in _points(commits):
        old, new = phrases[cur], phrases[cur + 1]
        env = {"CASEFILE_WITNESS_PASSPHRASE": old, "CASEFILE_WITNESS_NEW_PASSPHRASE": new}
        before = _active(ws)
        code, err = _rotate(
            ws, {"at": at, "arm": ARM, "nth": nth, "when": when, "writes": True}, env
        )
        assert code == -9, (at, nth, when, err)
        switched = _active(ws) != before
        states.append(switched)
        if switched:  # the new passphrase reads all; the old one is retired
            assert _reads_all(ws, _load(ws, passphrase=new), ids, sid)
            with pytest.raises(KeyError_, match="retired by a rotation"):
                _load(ws, passphrase=old)
        else:  # the old passphrase reads all; the new one at most some (or is not known yet)
            assert _reads_all(ws, _load(ws, passphrase=old), ids, sid)
            try:
                _reads_all(ws, _load(ws, passphrase=new), ids, sid)
            except KeyError_ as exc:
                assert "wrong witness passphrase" in str(exc)
        assert verify_workspace(ws, extra_checks=all_checks()).ok
        if not switched:  # the rotation run again completes
            res = rotate_keys(ws, _load(ws, passphrase=old), new, batch=1)
            assert res.witnesses == len(ids)
            with pytest.raises(KeyError_, match="retired by a rotation"):
                _load(ws, passphrase=old)
            assert _reads_all(ws, _load(ws, passphrase=new), ids, sid)
            assert verify_workspace(ws, extra_checks=all_checks()).ok
        cur += 1
    # only the kill after the last commit found the rotation done
    assert states == [False] * commits + [True], states


@pytest.mark.slow
def test_kill_9_during_key_file_rotation(sqlite_workspace: Workspace, tmp_path: Path) -> None:
    ws = sqlite_workspace
    ids, sid = _setup(ws, None)
    key = ws.root / DEFAULT_KEY_FILE
    nxt = key.with_name(key.name + ".next")
    commits = _commit_points(ws, {}, tmp_path)
    assert commits == 3 + len(ids) + 1
    points = [*_points(commits), (SWITCH, 1, "after")]  # new key in place, not yet recorded
    for at, nth, when in points:
        old = tmp_path / "old-key"
        shutil.copy(key, old)
        before = _active(ws)
        spec = {"at": at, "arm": ARM, "nth": nth, "when": when, "writes": at == COMMIT}
        code, err = _rotate(ws, spec, {})
        assert code == -9, (at, nth, when, err)
        new = tmp_path / "new-key"
        if nxt.exists():
            shutil.copy(nxt, new)
        elif key.read_bytes() != old.read_bytes():
            shutil.copy(key, new)
        else:
            new.unlink(missing_ok=True)  # killed before the new key file was written
        if _active(ws) == before:  # not switched in the database: the old key reads all
            assert _reads_all(ws, _load(ws, old), ids, sid), (at, nth, when)
        # the key file in place reads all (after the switch, loading it finishes the rotation)
        assert _reads_all(ws, _load(ws), ids, sid), (at, nth, when)
        assert verify_workspace(ws, extra_checks=all_checks()).ok
        if _active(ws) == before:  # run the rotation again: it completes
            rotate_keys(ws, _load(ws), batch=1)
        assert _active(ws) != before and not nxt.exists()
        assert _reads_all(ws, _load(ws), ids, sid)
        with pytest.raises(KeyError_, match="retired by a rotation"):
            _load(ws, old)
        if new.exists() and new.read_bytes() != key.read_bytes():  # a discarded half rotation
            with pytest.raises(KeyError_, match="wrong witness key"):
                _load(ws, new)
        assert verify_workspace(ws, extra_checks=all_checks()).ok
