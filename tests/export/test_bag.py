"""Bags: written whole or not at all, checked offline, every kind of damage named."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import delete

from casefile.checks import all_checks
from casefile.errors import CasefileError
from casefile.export.bag import export_bag, select_items
from casefile.export.verify_bag import verify_bag
from casefile.vault.checkpoint import Checkpoint
from casefile.vault.schema import items
from casefile.vault.signed_note import NoteSigner
from casefile.vault.verify import verify_workspace
from casefile.vault.workspace import Workspace


def test_bag_verifies_and_is_an_export_event(bag: Path, sqlite_workspace: Workspace) -> None:
    vkey = sqlite_workspace.verifier.to_vkey()
    report = verify_bag(bag, vkey)
    assert report.ok, report.problems
    assert report.items == 6 and report.events == 7
    with sqlite_workspace.db.read() as conn:
        kinds = [e.event.kind for e in sqlite_workspace.ledger.entries(conn)]
    assert kinds[-1] == "exported"
    assert verify_workspace(sqlite_workspace, extra_checks=all_checks()).ok
    assert (bag / "casefile" / "extra" / "items.csv").read_text().count("\n") == 7


def first_item(bag: Path) -> Path:
    return sorted((bag / "data" / "items").iterdir())[0]


def change_byte(bag: Path) -> None:
    f = first_item(bag)
    data = bytearray(f.read_bytes())
    data[0] ^= 1
    f.write_bytes(bytes(data))


def alter_proof(bag: Path) -> None:
    proof = sorted((bag / "casefile" / "proofs").iterdir())[0]
    lines = proof.read_text().split("\n")
    i = next(n for n, line in enumerate(lines) if line.startswith("index "))
    lines[i + 1] = "A" * 43 + "="
    proof.write_text("\n".join(lines))


def resign_checkpoint(bag: Path) -> None:
    cp_path = bag / "casefile" / "checkpoint.txt"
    text = cp_path.read_text().split("\n\n")[0] + "\n"
    cp = Checkpoint.parse_text(text)
    cp_path.write_text(cp.sign(NoteSigner.generate(cp.origin)))


DAMAGE = {
    "one byte changed": (change_byte, ["validation failed", "do not match"]),
    "payload file removed": (
        lambda b: first_item(b).unlink(),
        ["was not found on filesystem", "not in data/items"],
    ),
    "payload file added": (
        lambda b: (b / "data" / "items" / "extra.bin").write_bytes(b"planted"),
        ["not in the manifest", "no proven 'acquired' event"],
    ),
    "proof altered": (alter_proof, ["not included"]),
    "checkpoint re-signed with another key": (resign_checkpoint, ["not signed by the key"]),
    "event removed from the list": (
        lambda b: (b / "casefile" / "events.jsonl").write_bytes(
            b"\n".join((b / "casefile" / "events.jsonl").read_bytes().split(b"\n")[1:])
        ),
        ["no proven 'acquired' event"],
    ),
}


@pytest.mark.parametrize("case", sorted(DAMAGE))
def test_damage_is_named(case: str, bag: Path, sqlite_workspace: Workspace) -> None:
    damage, words = DAMAGE[case]
    damage(bag)
    report = verify_bag(bag, sqlite_workspace.verifier.to_vkey())
    assert not report.ok
    text = " | ".join(report.problems)
    for w in words:
        assert w in text, f"{case}: {w!r} not in {text}"


def test_whole_bag_resigned_is_caught_only_with_a_pinned_key(
    bag: Path, sqlite_workspace: Workspace
) -> None:
    cp_path = bag / "casefile" / "checkpoint.txt"
    cp = Checkpoint.parse_text(cp_path.read_text().split("\n\n")[0] + "\n")
    impostor = NoteSigner.generate(cp.origin)
    cp_path.write_text(cp.sign(impostor))
    (bag / "casefile" / "ledger.vkey").write_text(impostor.verifier.to_vkey() + "\n")
    for proof in (bag / "casefile" / "proofs").iterdir():
        head, _ = proof.read_text().split("\n\n", 1)
        proof.write_text(head + "\n\n" + cp_path.read_text())
    import bagit

    bagit.Bag(str(bag)).save(manifests=True)
    # self-consistent but for the seal (the impostor would have to forge a log of its own
    # for it, which it could): a bag alone cannot prove who made it
    assert all("bag-" in p for p in verify_bag(bag).problems), verify_bag(bag).problems
    report = verify_bag(bag, sqlite_workspace.verifier.to_vkey())
    assert not report.ok and "not the key you gave" in report.problems[0]


def test_export_refuses_existing_path_and_missing_blob(
    sqlite_workspace: Workspace, tmp_path: Path
) -> None:
    from casefile.vault.acquire import add_sources

    f = tmp_path / "a.txt"
    f.write_text("a")
    g = tmp_path / "b.txt"
    g.write_text("b")
    [ra] = add_sources(sqlite_workspace, [str(f)])
    [rb] = add_sources(sqlite_workspace, [str(g)])
    (tmp_path / "exists").mkdir()
    with pytest.raises(CasefileError, match="already exists"):
        export_bag(sqlite_workspace, [ra.sha256 or ""], tmp_path / "exists")
    sqlite_workspace.blobs.remove(rb.sha256 or "")
    with pytest.raises(CasefileError, match="has no blob"):
        export_bag(sqlite_workspace, [ra.sha256 or "", rb.sha256 or ""], tmp_path / "out")
    assert not (tmp_path / "out").exists()
    assert [p.name for p in tmp_path.iterdir() if "partial" in p.name] == []
    with pytest.raises(CasefileError, match="not in the vault"):
        select_items(sqlite_workspace, ["ab" * 32])


def test_verify_finds_exported_item_gone(sqlite_workspace: Workspace, bag: Path) -> None:
    sha = first_item(bag).name
    with sqlite_workspace.db.write() as conn:
        from casefile.vault.schema import acquisitions, item_tags

        conn.execute(delete(item_tags).where(item_tags.c.item_sha256 == sha))
        conn.execute(delete(acquisitions).where(acquisitions.c.item_sha256 == sha))
        conn.execute(delete(items).where(items.c.sha256 == sha))
    problems = verify_workspace(sqlite_workspace, extra_checks=all_checks()).problems
    assert any(p.kind == "export" and sha in p.detail for p in problems)


@pytest.mark.skipif(os.geteuid() != 0 or shutil.which("mount") is None, reason="needs root")
def test_full_disk_leaves_no_bag(sqlite_workspace: Workspace, tmp_path: Path) -> None:
    from casefile.vault.acquire import add_sources

    big = tmp_path / "big.bin"
    big.write_bytes(os.urandom(3 << 20))
    [r] = add_sources(sqlite_workspace, [str(big)])
    small = tmp_path / "small-disk"
    small.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(small)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        with pytest.raises(CasefileError, match="could not write the bag"):
            export_bag(sqlite_workspace, [r.sha256 or ""], small / "bag")
        assert list(small.iterdir()) == []
    finally:
        subprocess.run(["umount", str(small)], check=True)
