"""Rollback caught from outside: witness cosignatures (c2sp.org/tlog-cosignature) of checkpoints.

A ledger truncated back to an earlier genuine signed checkpoint (frontier recomputed, no key
needed) passes every check inside the workspace; a witness that cosigned a later tree catches
it, in ``verify`` and by refusing to cosign the smaller tree.
"""

from __future__ import annotations

import base64
import hashlib
import struct
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import delete, select, update

from casefile.vault.cosign import (
    Cosigner,
    CosignerKey,
    WitnessRefused,
    WitnessRequest,
    cosign_request,
    request_for,
    store_cosigned,
    trust_witness,
)
from casefile.vault.merkle import CompactRange, leaf_hash
from casefile.vault.schema import checkpoints, ledger_entries, ledger_head, ledger_nodes
from casefile.vault.signed_note import NoteError
from casefile.vault.verify import verify_workspace
from casefile.vault.workspace import Workspace


def _events(ws: Workspace, n: int, kind: str = "viewed") -> None:
    for i in range(n):
        ws.record_event(kind, None, {"n": i})


def _witness(tmp_path: Path) -> tuple[Cosigner, Path]:
    return Cosigner.generate("partner.example/w1"), tmp_path / "witness-state.json"


def _cosign(ws: Workspace, signer: Cosigner, state: Path, old: int) -> str:
    return cosign_request(request_for(ws, old), signer, ws.verifier, state)


def _truncate(ws: Workspace, size: int) -> None:
    """What an insider does without the key: cut the ledger back to an earlier checkpoint."""
    with ws.db.write() as conn:
        leaves = [
            bytes(h)
            for h in conn.execute(
                select(ledger_entries.c.leaf_hash)
                .where(ledger_entries.c.seq < size)
                .order_by(ledger_entries.c.seq)
            ).scalars()
        ]
        cr = CompactRange()
        for h in leaves:
            cr.append(h)
        conn.execute(delete(ledger_entries).where(ledger_entries.c.seq >= size))
        for level, idx in conn.execute(select(ledger_nodes.c.level, ledger_nodes.c.idx)).all():
            if (idx + 1) << level > size:
                conn.execute(
                    delete(ledger_nodes).where(
                        ledger_nodes.c.level == level, ledger_nodes.c.idx == idx
                    )
                )
        conn.execute(delete(checkpoints).where(checkpoints.c.size > size))
        frontier = "[" + ", ".join(f'"{h.hex()}"' for h in cr.hashes) + "]"
        conn.execute(update(ledger_head).values(size=size, frontier=frontier))


def _rewrite_entry(ws: Workspace, seq: int) -> None:
    """A forged history with the key: entry changed, tree rebuilt, checkpoints re-signed."""
    with ws.db.write() as conn:
        body = conn.execute(
            select(ledger_entries.c.body).where(ledger_entries.c.seq == seq)
        ).scalar_one()
        forged = bytes(body).replace(b'"n":0', b'"n":7')
        assert forged != bytes(body)
        conn.execute(
            update(ledger_entries)
            .where(ledger_entries.c.seq == seq)
            .values(body=forged, leaf_hash=leaf_hash(forged))
        )
        cr = CompactRange()
        conn.execute(delete(ledger_nodes))
        for h in conn.execute(
            select(ledger_entries.c.leaf_hash).order_by(ledger_entries.c.seq)
        ).scalars():
            for level, idx, node in cr.append(bytes(h)):
                conn.execute(ledger_nodes.insert().values(level=level, idx=idx, hash=node))
        frontier = "[" + ", ".join(f'"{h.hex()}"' for h in cr.hashes) + "]"
        conn.execute(update(ledger_head).values(frontier=frontier))
        conn.execute(delete(checkpoints))
        ws.ledger.sign_checkpoint(conn)


def test_a_cosignature_is_the_c2sp_format_checked_by_hand(sqlite_workspace: Workspace) -> None:
    ws = sqlite_workspace
    signer = Cosigner.generate("partner.example/w1")
    with ws.db.read() as conn:
        note = ws.ledger.latest_checkpoint(conn)
    assert note is not None
    text = note[: note.rfind("\n\n") + 1]
    line = signer.signature_line(text, timestamp=1_700_000_000)
    name, blob = line.removeprefix("\u2014 ").rstrip("\n").split(" ")
    raw = base64.b64decode(blob)
    pub = signer.public.public_key
    assert name == "partner.example/w1"
    assert raw[:4] == hashlib.sha256(name.encode() + b"\n\x04" + pub).digest()[:4]
    assert struct.unpack(">Q", raw[4:12])[0] == 1_700_000_000
    message = b"cosignature/v1\ntime 1700000000\n" + text.encode()
    Ed25519PublicKey.from_public_bytes(pub).verify(raw[12:], message)  # raises if wrong
    # and the vkey round-trips with signature type 0x04
    vkey = signer.public.to_vkey()
    assert base64.b64decode(vkey.split("+", 2)[2])[:1] == b"\x04"
    assert CosignerKey.from_vkey(vkey) == signer.public
    cp, stamp = signer.public.open(note + line)
    assert stamp == 1_700_000_000
    assert text == f"{cp.origin}\n{cp.size}\n{base64.b64encode(cp.root).decode()}\n"


def test_verify_counts_what_no_witness_covers(sqlite_workspace: Workspace, tmp_path: Path) -> None:
    ws = sqlite_workspace
    signer, state = _witness(tmp_path)
    trust_witness(ws.root, signer.public.to_vkey())
    _events(ws, 3)
    store_cosigned(ws.root, _cosign(ws, signer, state, 0), ws.verifier)
    report = verify_workspace(ws)
    assert report.ok, report.problems
    assert (report.witnessed_size, report.unwitnessed) == (4, 0)
    assert report.witnesses == ["partner.example/w1"]
    _events(ws, 2)
    report = verify_workspace(ws)
    assert report.ok and report.unwitnessed == 2
    # the witness cosigns the extension, with a consistency proof from what it saw
    store_cosigned(ws.root, _cosign(ws, signer, state, 4), ws.verifier)
    assert verify_workspace(ws).unwitnessed == 0


def test_rollback_to_an_earlier_genuine_checkpoint_is_caught(
    sqlite_workspace: Workspace, tmp_path: Path
) -> None:
    ws = sqlite_workspace
    signer, state = _witness(tmp_path)
    trust_witness(ws.root, signer.public.to_vkey())
    _events(ws, 2)
    store_cosigned(ws.root, _cosign(ws, signer, state, 0), ws.verifier)  # size 3
    _events(ws, 3, kind="witness_revealed")  # sizes 4..6: what the insider wants gone
    cosigned = _cosign(ws, signer, state, 3)  # size 6, cosigned and kept outside
    (tmp_path / "partner-copy.note").write_text(cosigned)
    store_cosigned(ws.root, cosigned, ws.verifier)
    _truncate(ws, 3)
    # inside the workspace everything is consistent: only the witness knows better
    inside = [p for p in verify_workspace(ws).problems if p.kind != "rollback"]
    assert inside == []
    report = verify_workspace(ws)
    assert [p.kind for p in report.problems] == ["rollback"]
    assert "size 6" in report.problems[0].subject
    # the insider deletes the kept copies too: the partner's copy, given on the command line
    for f in (ws.root / "witnesses" / "cosigned").iterdir():
        f.unlink()
    assert verify_workspace(ws).ok
    given = [("partner-copy.note", (tmp_path / "partner-copy.note").read_text())]
    assert [p.kind for p in verify_workspace(ws, outside=given).problems] == ["rollback"]
    # and the witness refuses to cosign anything smaller than what it saw
    with pytest.raises(NoteError):
        _cosign(ws, signer, state, 6)
    with pytest.raises(WitnessRefused, match="last cosigned size 6"):
        _cosign(ws, signer, state, 0)


def test_a_fork_is_refused_by_the_witness_and_named_by_verify(
    sqlite_workspace: Workspace, tmp_path: Path
) -> None:
    ws = sqlite_workspace
    signer, state = _witness(tmp_path)
    trust_witness(ws.root, signer.public.to_vkey())
    _events(ws, 2)
    store_cosigned(ws.root, _cosign(ws, signer, state, 0), ws.verifier)
    _events(ws, 2)
    good = request_for(ws, 3)
    forged = WitnessRequest(3, [bytes(32)] * len(good.proof), good.note)
    with pytest.raises(WitnessRefused, match="fork"):
        cosign_request(forged, signer, ws.verifier, state)
    # the key holder rewrites history under the cosigned size and re-signs: consistent inside
    _rewrite_entry(ws, 1)
    kinds = {p.kind for p in verify_workspace(ws).problems}
    assert kinds == {"fork"}
    assert "fork" in kinds


def test_a_note_without_a_trusted_cosignature_is_not_stored(
    sqlite_workspace: Workspace, tmp_path: Path
) -> None:
    ws = sqlite_workspace
    signer, state = _witness(tmp_path)
    stranger = Cosigner.generate("stranger.example/w")
    trust_witness(ws.root, signer.public.to_vkey())
    note = cosign_request(request_for(ws, 0), stranger, ws.verifier, state)
    with pytest.raises(NoteError, match="no valid cosignature"):
        store_cosigned(ws.root, note, ws.verifier)


def test_the_commands_a_partner_and_the_workspace_run(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from casefile.cli.main import app

    runner = CliRunner()

    def cf(*args: str) -> str:
        result = runner.invoke(app, list(args))
        assert result.exit_code == 0, result.output
        return result.output

    ws_dir = tmp_path / "case"
    cf("init", str(ws_dir))
    key = tmp_path / "w1.pem"
    vkey = cf("cosigner-init", "partner.example/w1", str(key)).strip()
    assert (key.stat().st_mode & 0o777) == 0o600
    log_vkey = (ws_dir / "keys" / "ledger.vkey").read_text().strip()
    w = ["-w", str(ws_dir)]
    cf(*w, "cosign-trust", vkey)
    cf(*w, "cosign-request", "--out", str(tmp_path / "req"))
    cf("cosign", str(tmp_path / "req"), "--key", str(key), "--name", "partner.example/w1",
       "--log-vkey", log_vkey, "--state", str(tmp_path / "state.json"),
       "--out", str(tmp_path / "cosigned.note"))  # fmt: skip
    assert "stored size 1" in cf(*w, "cosign-store", str(tmp_path / "cosigned.note"))
    out = cf(*w, "verify", "--checkpoint", str(tmp_path / "cosigned.note"))
    assert "witnessed: size 1 (partner.example/w1; 1 given); 0 event(s)" in out
