"""Nothing protected is stored in clear: grep the raw database files and the blob store."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from sqlalchemy import inspect, select, table, text

from casefile.vault.workspace import Workspace
from casefile.witness import (
    ConsentGrant,
    KeyRing,
    add_statement,
    add_witness,
    correct_witness,
    reveal_witness,
)

NAME = "Mykhailo Zaporozhets"
CONTACT = "mykhailo.z@example.org"
RISK = "lives next to the checkpoint commander"
NEW_CONTACT = "Sumska 12, Kharkiv, flat 7"
TEXT = "Мене допитували у підвалі школи в Ізюмі 12 вересня 2022 року. Мене звати Михайло."
SCAN = b"%PDF-1.4\n" + b"scan of a handwritten note by the witness " * 50


def _secrets(scan_name: str) -> list[bytes]:
    values = [NAME, CONTACT, RISK, TEXT, "Михайло", scan_name, NEW_CONTACT]
    out = [v.encode() for v in values] + [v.encode("utf-16-le") for v in values[:3]]
    out.append(SCAN[:64])
    # a hash of a known file identifies it: neither the hex nor the raw digest may be stored
    for blob in (SCAN, TEXT.encode()):
        digest = hashlib.sha256(blob)
        out += [digest.hexdigest().encode(), digest.digest()]
    return out


def _fill(ws: Workspace, ring: KeyRing, tmp_path: Path) -> str:
    scan = tmp_path / "zaporozhets-note.pdf"
    scan.write_bytes(SCAN)
    wid = add_witness(
        ws,
        ring,
        name=NAME,
        pseudonym="W-IZ-3",
        contact=CONTACT,
        risk=RISK,
        consent=[ConsentGrant("prosecutors", "2026-11-01", "signed form")],
    ).id
    add_statement(ws, ring, wid, text=TEXT, files=[scan], taken_on="2026-11-02", place="Kharkiv")
    correct_witness(ws, ring, wid, {"contact": NEW_CONTACT}, "moved to Kharkiv")
    # reading (with its ledger event) must not leave clear values behind either
    assert reveal_witness(ws, ring, wid, "check", "admin").name == NAME
    return scan.name


def test_raw_files_hold_no_protected_value(sqlite_workspace: Workspace, tmp_path: Path) -> None:
    from casefile.witness import init_keys

    ws = sqlite_workspace
    ring = init_keys(ws)
    scan_name = _fill(ws, ring, tmp_path)
    with ws.db.read() as conn:  # an open connection keeps the WAL file in place
        files = [p for p in ws.root.rglob("*") if p.is_file() and p.parent.name != "keys"]
        names = {p.name for p in files}
        assert "casefile.db" in names and "casefile.db-wal" in names
        assert sum(1 for p in files if "sha256" in p.parts) >= 2  # text and scan blobs
        for path in files:
            raw = path.read_bytes()
            for secret in _secrets(scan_name):
                assert secret not in raw, f"{secret[:30]!r} found in clear in {path}"
        conn.execute(text("SELECT 1"))


def test_no_table_holds_a_protected_value(
    workspace: Workspace, ring: KeyRing, tmp_path: Path
) -> None:
    """The same on every engine (PostgreSQL's files are not ours to grep): every cell."""
    scan_name = _fill(workspace, ring, tmp_path)
    with workspace.db.read() as conn:
        dump = []
        for name in inspect(conn).get_table_names():
            for row in conn.execute(select(text("*")).select_from(table(name))):
                for cell in row:
                    dump.append(
                        bytes(cell) if isinstance(cell, (bytes, memoryview)) else str(cell).encode()
                    )
    blob = b"\x00".join(dump)
    for secret in _secrets(scan_name):
        assert secret not in blob, f"{secret[:30]!r} found in the database"
    assert b"W-IZ-3" in blob  # the pseudonym is there, so the dump did see the rows
    assert json.dumps("check").encode() in blob  # and the reveal's reason
