"""Tampered ciphertexts are detected by AES-GCM, named, and never shown."""

from __future__ import annotations

import os
import stat

import pytest
from sqlalchemy import select, update

from casefile.checks import all_checks
from casefile.vault.schema import ledger_entries
from casefile.vault.verify import verify_workspace
from casefile.vault.workspace import Workspace
from casefile.witness import (
    KeyRing,
    TamperedError,
    add_statement,
    add_witness,
    read_statement,
    reveal_witness,
)
from casefile.witness.schema import witness_data_keys, witnesses


def _flip(blob: bytes, at: int) -> bytes:
    b = bytearray(blob)
    b[at] ^= 0x01
    return bytes(b)


def _reveals(ws: Workspace) -> int:
    with ws.db.read() as conn:
        return len(
            conn.execute(
                select(ledger_entries.c.seq).where(ledger_entries.c.kind == "witness_revealed")
            ).all()
        )


def test_flipped_byte_in_the_database(workspace: Workspace, ring: KeyRing) -> None:
    wid = add_witness(workspace, ring, name="Anna Shevchenko", pseudonym="W-1", contact="x").id
    with workspace.db.write() as conn:
        ct = conn.execute(select(witnesses.c.name_ct).where(witnesses.c.id == wid)).scalar_one()
        conn.execute(update(witnesses).where(witnesses.c.id == wid).values(name_ct=_flip(ct, 20)))
    with pytest.raises(
        TamperedError, match=f"witness {wid} name: the ciphertext does not authenticate"
    ):
        reveal_witness(workspace, ring, wid, "check", "admin")
    assert _reveals(workspace) == 0  # no event, nothing shown
    # verify finds it without any key
    problems = verify_workspace(workspace, extra_checks=all_checks()).problems
    assert [(p.kind, p.subject) for p in problems] == [("witness-changed", f"witness {wid} (W-1)")]
    assert "name ciphertext" in problems[0].detail


def test_ciphertexts_swapped_between_rows_and_fields(workspace: Workspace, ring: KeyRing) -> None:
    a = add_witness(workspace, ring, name="Anna A", pseudonym="W-A", contact="anna@x").id
    b = add_witness(workspace, ring, name="Bohdan B", pseudonym="W-B", contact="bohdan@x").id
    with workspace.db.write() as conn:
        rows = {r.id: r for r in conn.execute(select(witnesses))}
        keys = {r.witness_id: r.wrapped for r in conn.execute(select(witness_data_keys))}
        # the same data key for both, so only the associated data can tell the rows apart
        conn.execute(
            update(witness_data_keys)
            .where(witness_data_keys.c.witness_id == b)
            .values(wrapped=keys[a])
        )
    with pytest.raises(
        TamperedError, match=f"witness {b}: its wrapped data key does not authenticate"
    ):
        reveal_witness(workspace, ring, b, "check", "admin")
    with workspace.db.write() as conn:
        conn.execute(
            update(witness_data_keys)
            .where(witness_data_keys.c.witness_id == b)
            .values(wrapped=keys[b])
        )
        conn.execute(
            update(witnesses).where(witnesses.c.id == a).values(name_ct=rows[a].contact_ct)
        )
    with pytest.raises(TamperedError, match=f"witness {a} name"):
        reveal_witness(workspace, ring, a, "check", "admin")
    assert reveal_witness(workspace, ring, b, "check", "admin").name == "Bohdan B"


def test_tampered_statement_blob(workspace: Workspace, ring: KeyRing) -> None:
    wid = add_witness(workspace, ring, name="Anna A", pseudonym="W-A").id
    s = add_statement(workspace, ring, wid, text="They took my brother away. " * 100, extract=False)
    path = workspace.blobs.path_for(str(s.text_item_sha256))
    os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
    data = path.read_bytes()
    path.write_bytes(_flip(data, len(data) - 40))
    with pytest.raises(
        TamperedError, match=f"statement {s.id} text: chunk 0 does not authenticate"
    ):
        read_statement(workspace, ring, s.id, "check", "admin")
    path.write_bytes(data[:-5])  # truncated
    with pytest.raises(TamperedError, match=f"statement {s.id} text"):
        read_statement(workspace, ring, s.id, "check", "admin")
    path.write_bytes(data)
    assert read_statement(workspace, ring, s.id, "check", "admin").text.startswith("They took")


def test_tampered_correction(workspace: Workspace, ring: KeyRing) -> None:
    from casefile.witness import correct_witness
    from casefile.witness.schema import witness_corrections

    wid = add_witness(workspace, ring, name="Anna A", pseudonym="W-A", contact="old").id
    correct_witness(workspace, ring, wid, {"contact": "new address"}, "moved")
    with workspace.db.write() as conn:
        ct = conn.execute(select(witness_corrections.c.value_ct)).scalar_one()
        conn.execute(update(witness_corrections).values(value_ct=_flip(ct, 15)))
    with pytest.raises(TamperedError, match=f"witness {wid} contact \\(correction 1\\)"):
        reveal_witness(workspace, ring, wid, "check", "admin")
    problems = verify_workspace(workspace, extra_checks=all_checks()).problems
    assert [p.subject for p in problems] == [f"correction 1 of witness {wid}"]
