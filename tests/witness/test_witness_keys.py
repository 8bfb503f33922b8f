"""The witness key: wrong key, wrong passphrase, lost key, rotation, and a crash mid-rotation."""

from __future__ import annotations

import hashlib
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
    add_statement,
    add_witness,
    get_statement,
    init_keys,
    list_statements,
    list_witnesses,
    load_keyring,
    read_statement,
    reveal_witness,
    rotate_keys,
)
from casefile.witness.keys import DEFAULT_KEY_FILE, forget_keyring
from casefile.witness.schema import witness_data_keys, witnesses


def _db_digest(ws: Workspace) -> str:
    with ws.db.read() as conn:
        rows = conn.execute(
            select(witnesses.c.id, witnesses.c.name_ct).order_by(witnesses.c.id)
        ).all()
        keys = conn.execute(
            select(witness_data_keys).order_by(witness_data_keys.c.witness_id)
        ).all()
    return hashlib.sha256(repr((rows, keys)).encode()).hexdigest()


def test_wrong_key_file(workspace: Workspace, tmp_path: Path) -> None:
    ring = init_keys(workspace)
    wid = add_witness(workspace, ring, name="Iryna K", pseudonym="W-1").id
    other = Workspace.init(tmp_path / "other", None, actor="x")
    init_keys(other)
    foreign = other.root / DEFAULT_KEY_FILE
    before = (_db_digest(workspace), (workspace.root / DEFAULT_KEY_FILE).read_bytes())
    with pytest.raises(KeyError_, match=r"wrong witness key: .* is not a key of this workspace"):
        load_keyring(workspace, foreign)
    garbage = tmp_path / "garbage"
    garbage.write_text("hello")
    with pytest.raises(KeyError_, match="not a casefile witness key file"):
        load_keyring(workspace, garbage)
    # a key file of the right shape but another key
    with pytest.raises(KeyError_, match="wrong witness key"):
        rotate_keys(workspace, load_keyring(workspace, foreign))
    assert (_db_digest(workspace), (workspace.root / DEFAULT_KEY_FILE).read_bytes()) == before
    assert reveal_witness(workspace, load_keyring(workspace), wid, "ok", "admin").name == "Iryna K"
    other.close()


def test_wrong_passphrase(workspace: Workspace) -> None:
    ring = init_keys(workspace, passphrase="correct horse battery staple")
    assert not (workspace.root / DEFAULT_KEY_FILE).exists()
    wid = add_witness(workspace, ring, name="Iryna K", pseudonym="W-1").id
    forget_keyring(workspace.id)
    before = _db_digest(workspace)
    with pytest.raises(KeyError_, match="wrong witness passphrase"):
        load_keyring(workspace, passphrase="correct horse battery stapler")
    with pytest.raises(KeyError_, match="derived from a passphrase"):
        load_keyring(workspace)
    assert _db_digest(workspace) == before
    ring = load_keyring(workspace, passphrase="correct horse battery staple")
    assert reveal_witness(workspace, ring, wid, "ok", "admin").name == "Iryna K"
    new = rotate_keys(workspace, ring, "a brand new passphrase!")
    assert new.witnesses == 1
    with pytest.raises(KeyError_, match="retired by a rotation"):
        load_keyring(workspace, passphrase="correct horse battery staple")
    ring = load_keyring(workspace, passphrase="a brand new passphrase!")
    assert reveal_witness(workspace, ring, wid, "ok", "admin").name == "Iryna K"


def test_lost_key_everything_else_works(workspace: Workspace, tmp_path: Path) -> None:
    ring = init_keys(workspace)
    wid = add_witness(workspace, ring, name="Iryna K", pseudonym="W-1", contact="c").id
    prot = add_statement(workspace, ring, wid, text="Protected words.", extract=False)
    open_ = add_statement(
        workspace, None, wid, text="Public words.", protected=False, extract=False
    )
    forget_keyring(workspace.id)
    (workspace.root / DEFAULT_KEY_FILE).unlink()
    with pytest.raises(
        KeyError_, match=r"witness key file .* is missing: protected witness fields"
    ):
        load_keyring(workspace)
    with workspace.db.read() as conn:
        assert [w.pseudonym for w in list_witnesses(conn)] == ["W-1"]
        assert get_statement(conn, prot.id).protected
        assert len(list_statements(conn)[0]) == 2
    assert read_statement(workspace, None, open_.id).text == "Public words."
    with pytest.raises(Exception, match="witness key is not loaded"):
        read_statement(workspace, None, prot.id, "why", "admin")
    assert verify_workspace(workspace, extra_checks=all_checks()).ok


def test_rotation_rewraps_and_retires(workspace: Workspace) -> None:
    ring = init_keys(workspace)
    ids = [
        add_witness(workspace, ring, name=f"Person {i}", pseudonym=f"W-{i}").id for i in range(5)
    ]
    old_file = workspace.root / DEFAULT_KEY_FILE
    old_copy = old_file.read_bytes()
    res = rotate_keys(workspace, ring, batch=2)
    assert res.witnesses == 5 and res.old != res.new
    assert old_file.read_bytes() != old_copy and oct(old_file.stat().st_mode & 0o777) == "0o600"
    assert not old_file.with_name("witness-kek.next").exists()
    new = load_keyring(workspace)
    assert new.kek_id == res.new
    assert [reveal_witness(workspace, new, i, "r", "admin").name for i in ids] == [
        f"Person {i}" for i in range(5)
    ]
    stale = old_file.with_name("old-copy")
    stale.write_bytes(old_copy)
    with pytest.raises(KeyError_, match="retired by a rotation"):
        load_keyring(workspace, stale)
    with pytest.raises(Exception, match="not the active one"):
        add_witness(workspace, ring, name="Late", pseudonym="W-late")  # the old ring
    assert verify_workspace(workspace, extra_checks=all_checks()).ok


def _cli(ws: Workspace, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "casefile", "-w", str(ws.root), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "CASEFILE_ACTOR": "rotator", **(env or {})},
    )


def _readable(ws: Workspace, key: Path, ids: list[str]) -> set[str]:
    """The witnesses whose name this key file decrypts."""
    forget_keyring(ws.id)
    try:
        ring = load_keyring(ws, key)
    except KeyError_:
        return set()
    ok = set()
    for wid in ids:
        try:
            assert reveal_witness(ws, ring, wid, "crash test", "admin").name.startswith("Person")
            ok.add(wid)
        except KeyError_:
            pass
    return ok


def test_kill_9_during_rotation(sqlite_workspace: Workspace, tmp_path: Path) -> None:
    ws = sqlite_workspace
    ring = init_keys(ws)
    ids = [add_witness(ws, ring, name=f"Person {i}", pseudonym=f"W-{i}").id for i in range(60)]
    key = ws.root / DEFAULT_KEY_FILE
    old = tmp_path / "old-key"
    shutil.copy(key, old)
    proc = _cli(ws, "witness", "keys", "rotate", "--batch", "1")
    assert proc.stderr is not None
    line = proc.stderr.readline()
    assert b"re-wrapped" in line, line + proc.stderr.read()
    proc.kill()  # SIGKILL, mid-rotation
    proc.wait()
    nxt = key.with_name("witness-kek.next")
    assert nxt.exists(), "killed before the switch: the new key waits beside the old one"
    new = tmp_path / "new-key"
    shutil.copy(nxt, new)
    # every record is readable with the old key (the new one covers only part of them yet)
    assert _readable(ws, old, ids) == set(ids)
    assert _readable(ws, key, ids) == set(ids)  # the key file in place is still the old one
    # running the rotation again discards the half-done one and completes
    done = _cli(ws, "witness", "keys", "rotate")
    _, err = done.communicate(timeout=120)
    assert done.returncode == 0, err
    assert _readable(ws, key, ids) == set(ids)
    assert _readable(ws, old, ids) == set() and _readable(ws, new, ids) == set()
    assert verify_workspace(ws, extra_checks=all_checks()).ok


def test_witness_added_during_rotation_is_covered(workspace: Workspace) -> None:
    ring = init_keys(workspace)
    ids = [
        add_witness(workspace, ring, name=f"Person {i}", pseudonym=f"W-{i}").id for i in range(4)
    ]
    late: list[str] = []

    def add_between_batches(done: int, total: int) -> None:
        if not late:  # another user, still on the old (active) key, adds a witness
            late.append(add_witness(workspace, ring, name="Person late", pseudonym="W-late").id)

    res = rotate_keys(workspace, ring, batch=1, progress=add_between_batches)
    assert res.witnesses == 5
    new = load_keyring(workspace)
    for wid in [*ids, *late]:
        assert reveal_witness(workspace, new, wid, "r", "admin").name.startswith("Person")


def test_old_wraps_are_gone_from_the_raw_file(sqlite_workspace: Workspace) -> None:
    ws = sqlite_workspace
    ring = init_keys(ws)
    for i in range(30):
        add_witness(ws, ring, name=f"Person {i}", pseudonym=f"W-{i}")
    with ws.db.read() as conn:
        old = [bytes(w) for w in conn.execute(select(witness_data_keys.c.wrapped)).scalars()]
    rotate_keys(ws, ring)
    with ws.db.read() as conn:  # keep the WAL in place while looking
        raw = b"".join(p.read_bytes() for p in ws.root.glob("casefile.db*"))
        assert len(conn.execute(select(witness_data_keys)).all()) == 30
    left = [w for w in old if w in raw]
    assert not left, f"{len(left)} old wrapped keys still readable in the database files"
