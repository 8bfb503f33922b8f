"""Faults and bad input through the commands: wrong key or passphrase, tampered ciphertext,
lost key. Each time: one clear line, exit 2 (3 for tampering), nothing decrypted or shown,
nothing written."""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path

import pytest
from sqlalchemy import select, update
from typer.testing import CliRunner

from casefile.cli.main import app
from casefile.vault.workspace import Workspace
from casefile.witness.keys import DEFAULT_KEY_FILE, forget_keyring
from casefile.witness.schema import statement_attachments, statement_facts, statements

runner = CliRunner()
NAME = "Halyna Tkachenko"
TEXT = "On 12 March 2022 Halyna Tkachenko saw three tanks fire on the school in Irpin."
SCAN = b"%PDF-1.4 scan of the handwritten statement of Halyna Tkachenko " + bytes(3000)


def cf(ws: Path, *args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, ["-w", str(ws), *args], env=env)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    for wid in list(_open_rings()):
        forget_keyring(wid)  # each command as its own process would: no key left unlocked
    return result.exit_code, result.stdout, result.stderr


def _open_rings() -> list[str]:
    from casefile.witness import keys

    return list(keys._OPEN)


def _state(ws: Path) -> str:
    """A digest of every table and every file of the workspace (key files aside)."""
    h = hashlib.sha256()
    for f in sorted(ws.rglob("*")):
        if f.is_file() and "keys" not in f.parts and not f.name.startswith("casefile.db"):
            h.update(str(f.relative_to(ws)).encode() + f.read_bytes())
    w = Workspace.open(ws)
    try:
        from casefile.vault.schema import metadata

        with w.db.read() as conn:
            for table in metadata.sorted_tables:
                h.update(repr(conn.execute(select(table)).all()).encode())
    finally:
        w.close()
    return h.hexdigest()


def _one_line_error(code: int, out: str, err: str, *needles: str, exit_code: int = 2) -> None:
    assert code == exit_code, (out, err)
    assert "Traceback" not in err and err.count("error:") == 1, err
    flat = " ".join(err.split())
    for n in needles:
        assert n in flat, (n, err)
    assert NAME not in out + err and "tanks" not in out + err  # nothing decrypted is shown


@pytest.fixture
def setup(tmp_path: Path, db_url: str | None) -> tuple[Path, str, Path]:
    ws = tmp_path / "ws"
    Workspace.init(ws, db_url, actor="tester").close()
    code, _, err = cf(ws, "witness", "add", "--name", NAME, "--pseudonym", "W-3", "--json")
    assert code == 0, err
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(SCAN)
    code, out, err = cf(
        ws, "statement", "add", "--witness", "W-3", "--text", TEXT, "--attach", str(scan), "--json"
    )
    assert code == 0, err
    return ws, json.loads(out)["id"], scan


def _foreign_key(tmp_path: Path) -> Path:
    other = tmp_path / "other"
    Workspace.init(other, actor="x").close()
    assert cf(other, "witness", "keys", "init")[0] == 0
    return other / DEFAULT_KEY_FILE


def test_wrong_key_file_decrypts_and_writes_nothing(
    setup: tuple[Path, str, Path], tmp_path: Path
) -> None:
    ws, sid, scan = setup
    foreign = _foreign_key(tmp_path)
    key = ws / DEFAULT_KEY_FILE
    key_bytes = key.read_bytes()
    before = _state(ws)
    out_dir = tmp_path / "out"
    k = ["--key-file", str(foreign)]
    attempts = [
        ["witness", *k, "show", "W-3", "--reveal", "--reason", "check"],
        ["statement", *k, "show", sid, "--reveal", "--reason", "check"],
        ["statement", *k, "show", sid, "--save-attachments", str(out_dir), "--reason", "check"],
        ["statement", *k, "add", "--witness", "W-3", "--text", "More words about tanks."],
        ["statement", *k, "add", "--witness", "W-3", str(scan)],
        ["witness", *k, "correct", "W-3", "--contact", "new", "--reason", "moved"],
        ["witness", *k, "add", "--name", "Someone Else", "--pseudonym", "W-4"],
        ["witness", *k, "keys", "rotate"],
    ]
    for args in attempts:
        code, out, err = cf(ws, *args)
        _one_line_error(code, out, err, "wrong witness key", "is not a key of this workspace")
    assert _state(ws) == before  # no row, event, blob or temp file
    assert key.read_bytes() == key_bytes and not key.with_name("witness-kek.next").exists()
    assert not out_dir.exists() or list(out_dir.iterdir()) == []
    code, out, err = cf(ws, "witness", "keys", "init")
    _one_line_error(code, out, err, "already set up")
    assert key.read_bytes() == key_bytes  # never overwritten
    code, out, _ = cf(ws, "statement", "show", sid, "--reveal", "--reason", "check", "--json")
    assert code == 0 and json.loads(out)["text"] == TEXT  # the right key still reads it


def test_wrong_passphrase_decrypts_and_writes_nothing(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    Workspace.init(ws, actor="tester").close()
    good = {"CASEFILE_WITNESS_PASSPHRASE": "the right passphrase, long"}
    bad = {"CASEFILE_WITNESS_PASSPHRASE": "the wrong passphrase, long"}
    assert cf(ws, "witness", "keys", "init", "--passphrase", env=good)[0] == 0
    code, _, err = cf(ws, "witness", "add", "--name", NAME, "--pseudonym", "W-3", env=good)
    assert code == 0, err
    code, out, err = cf(ws, "statement", "add", "--witness", "W-3", "--text", TEXT, env=good)
    assert code == 0, err
    sid = out.split()[2]
    before = _state(ws)
    for args in (
        ["witness", "show", "W-3", "--reveal", "--reason", "check"],
        ["statement", "show", sid, "--reveal", "--reason", "check"],
        ["statement", "add", "--witness", "W-3", "--text", "Other words."],
        ["witness", "correct", "W-3", "--contact", "x", "--reason", "moved"],
        ["witness", "keys", "rotate"],
    ):
        code, out, err = cf(ws, *args, env=bad)
        _one_line_error(code, out, err, "wrong witness passphrase", "nothing was decrypted")
        code, out, err = cf(ws, *args, env={"CASEFILE_WITNESS_PASSPHRASE": ""})
        _one_line_error(code, out, err, "derived from a passphrase")
    assert _state(ws) == before
    code, out, _ = cf(ws, "witness", "show", "W-3", "--reveal", "--reason", "ok", env=good)
    assert code == 0 and NAME in out


def _writable(p: Path) -> None:
    os.chmod(p, stat.S_IRUSR | stat.S_IWUSR)


def test_tampered_attachment_is_named_and_never_written(
    setup: tuple[Path, str, Path], tmp_path: Path
) -> None:
    ws, sid, _ = setup
    w = Workspace.open(ws)
    with w.db.read() as conn:
        sha = conn.execute(select(statement_attachments.c.item_sha256)).scalar_one()
    blob = w.blobs.path_for(sha)
    w.close()
    _writable(blob)
    data = blob.read_bytes()
    blob.write_bytes(data[:200] + bytes([data[200] ^ 1]) + data[201:])
    out_dir = tmp_path / "out"
    events = _reads(ws)
    code, out, err = cf(
        ws, "statement", "show", sid, "--save-attachments", str(out_dir), "--reason", "court"
    )
    _one_line_error(
        code, out, err, f"statement {sid} attachment 0", "does not authenticate", exit_code=3
    )
    assert list(out_dir.iterdir()) == []  # neither the file nor a .part of it
    assert _reads(ws) == events  # no read event for what was not read
    code, out, _ = cf(ws, "verify", "--json")
    assert code != 0 and "blob-changed" in out and sha in out
    blob.write_bytes(data[:-3])  # truncated
    code, out, err = cf(
        ws, "statement", "show", sid, "--save-attachments", str(out_dir), "--reason", "court"
    )
    _one_line_error(code, out, err, f"statement {sid} attachment 0", exit_code=3)
    assert list(out_dir.iterdir()) == []
    blob.write_bytes(data)
    code, _, err = cf(
        ws, "statement", "show", sid, "--save-attachments", str(out_dir), "--reason", "court"
    )
    assert code == 0, err
    assert (out_dir / "scan.pdf").read_bytes() == SCAN


def _reads(ws: Path) -> int:
    from casefile.vault.schema import ledger_entries

    w = Workspace.open(ws)
    try:
        with w.db.read() as conn:
            return len(
                conn.execute(
                    select(ledger_entries.c.seq).where(
                        ledger_entries.c.kind == "witness_statement_read"
                    )
                ).all()
            )
    finally:
        w.close()


@pytest.mark.parametrize("what", ["fact", "text meta", "attachment meta"])
def test_tampered_statement_rows_are_named(setup: tuple[Path, str, Path], what: str) -> None:
    ws, sid, _ = setup
    w = Workspace.open(ws)
    with w.db.write() as conn:
        table, column = {
            "fact": (statement_facts, statement_facts.c.payload_ct),
            "text meta": (statements, statements.c.text_meta_ct),
            "attachment meta": (statement_attachments, statement_attachments.c.meta_ct),
        }[what]
        first = conn.execute(select(table.c.id, column).order_by(table.c.id)).first()
        assert first is not None
        ct = bytearray(first[1])
        ct[-5] ^= 1
        conn.execute(update(table).where(table.c.id == first[0]).values({column.name: bytes(ct)}))
    w.close()
    events = _reads(ws)
    args = ["statement", "show", sid, "--reveal", "--reason", "court"]
    if what == "attachment meta":
        args = ["statement", "show", sid, "--save-attachments", str(ws.parent / "out")]
        args += ["--reason", "court"]
    code, out, err = cf(ws, *args)
    named = {"fact": "fact", "text meta": "text metadata", "attachment meta": "attachment 0"}
    _one_line_error(
        code, out, err, f"statement {sid} {named[what]}", "does not authenticate", exit_code=3
    )
    assert _reads(ws) == events
    # verify finds it too, with no key: the event logged a digest of every sealed field
    code, out, _ = cf(ws, "verify", "--json")
    logged = {"fact": "facts content", "text meta": "text meta", "attachment meta": "attachment"}
    assert code != 0 and "statement-changed" in out and f"its {logged[what]}" in out, out


def test_lost_key_everything_else_works(setup: tuple[Path, str, Path], tmp_path: Path) -> None:
    ws, sid, scan = setup
    key = ws / DEFAULT_KEY_FILE
    backup = tmp_path / "backup-key"
    key.rename(backup)
    missing = "witness key file"
    # protected data: a clear refusal, nothing written
    before = _state(ws)
    for args in (
        ["witness", "show", "W-3", "--reveal", "--reason", "check"],
        ["statement", "show", sid, "--reveal", "--reason", "check"],
        ["statement", "add", "--witness", "W-3", "--text", "Protected words."],
        ["witness", "add", "--name", "New Person", "--pseudonym", "W-9"],  # no new key made
    ):
        code, out, err = cf(ws, *args)
        _one_line_error(code, out, err, missing, "is missing")
    assert _state(ws) == before and not key.exists()
    # everything else works
    for args in (
        ["witness", "list"],
        ["witness", "show", "W-3"],
        ["witness", "consent", "W-3", "--scope", "organisation", "--how", "phone call"],
        ["statement", "list", "--use", "organisation"],
        ["statement", "show", sid],
        ["statement", "add", "--witness", "W-3", "--text", "Public words.", "--unprotected"],
        ["add", str(scan)],
        ["verify"],
        ["witness", "keys", "status"],
        ["export", "bag", str(tmp_path / "bag"), "--all"],
    ):
        code, out, err = cf(ws, *args)
        assert code == 0, (args, out, err)
        assert NAME not in out and "tanks" not in out
    code, out, _ = cf(ws, "witness", "keys", "status", "--json")
    assert "is missing" in json.loads(out)["problem"]
    # the backup brings everything back
    backup.rename(key)
    code, out, _ = cf(ws, "statement", "show", sid, "--reveal", "--reason", "back", "--json")
    assert code == 0 and json.loads(out)["text"] == TEXT
