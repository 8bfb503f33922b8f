"""Bags commit to everything in them: tampering with the unsigned tag manifest recomputed.

Each attack below edits a bag made from the worked example (plus a witness statement) the way
an attacker would, then recomputes BagIt's manifests so that plain BagIt validation passes.
``verify-bag`` with the key pinned must still fail and name what changed, through the signed
'bag_sealed' statement and its manifest of every file.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import bagit
import pytest

from casefile.errors import CasefileError
from casefile.export.bag import export_bag, select_items
from casefile.export.verify_bag import verify_bag
from casefile.vault.workspace import Workspace


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    root = tmp_path_factory.mktemp("bag-tamper") / "ws"
    subprocess.run(
        [sys.executable, "-m", "casefile", "demo", str(root)], check=True, capture_output=True
    )
    ws = Workspace.open(root)
    _statement(ws)
    bag = root.parent / "bag"
    export_bag(ws, select_items(ws, None), bag)
    vkey = ws.verifier.to_vkey()
    ws.close()
    report = verify_bag(bag, vkey)
    assert report.ok and report.sealed, report.problems
    yield bag, vkey


def _statement(ws: Workspace) -> None:
    from casefile.witness import init_keys
    from casefile.witness.core import ConsentGrant, add_witness
    from casefile.witness.keys import forget_keyring
    from casefile.witness.statements import add_statement

    ring = init_keys(ws, passphrase="correct horse battery staple")
    try:
        w = add_witness(
            ws,
            ring,
            name="Olena K.",
            pseudonym="W-001",
            consent=[ConsentGrant("prosecutors", "2022-04-10", "signed form")],
        )
        add_statement(ws, ring, w.id, text="I saw two bodies by the gate on 19 March.",
                      taken_on="2022-04-10", place="Bucha", protected=False)  # fmt: skip
    finally:
        forget_keyring(ws.id)


@pytest.fixture
def bag(made: tuple[Path, str], tmp_path: Path) -> Path:
    copy = tmp_path / "bag"
    shutil.copytree(made[0], copy)
    return copy


def _recompute(bag: Path) -> None:
    """What an attacker does after editing: make BagIt's own manifests agree again."""
    bagit.Bag(str(bag)).save(manifests=True)
    assert bagit.Bag(str(bag)).is_valid()


def _problems(bag: Path, vkey: str) -> str:
    report = verify_bag(bag, vkey)
    assert not report.ok
    return " | ".join(report.problems)


def _drop_event(bag: Path, keep: Callable[[bytes], bool]) -> list[str]:
    """Removes the event lines (and their proofs) that ``keep`` rejects; returns their seqs."""
    events = bag / "casefile" / "events.jsonl"
    lines = [ln for ln in events.read_bytes().split(b"\n") if ln]
    dropped = []
    for proof in (bag / "casefile" / "proofs").iterdir():
        text = proof.read_text()
        for line in lines:
            import base64

            if f"extra {base64.b64encode(line).decode()}\n" in text and not keep(line):
                proof.unlink()
                dropped.append(proof.stem)
    events.write_bytes(b"".join(ln + b"\n" for ln in lines if keep(ln)))
    return dropped


def test_removing_a_custody_event_and_its_proof(bag: Path, made: tuple[Path, str]) -> None:
    dropped = _drop_event(bag, lambda line: b'"kind":"incident_evidence_linked"' not in line)
    assert dropped
    _recompute(bag)
    text = _problems(bag, made[1])
    assert "casefile/events.jsonl: differs from the signed manifest" in text
    assert f"casefile/proofs/{dropped[0]}.tlog-proof: listed in the signed manifest" in text
    assert f"its event {dropped[0]} (in the signed statement) is not in the bag" in text


DERIVED = [
    "casefile/extra/victims.csv",
    "casefile/extra/case/toll-history.csv",
    "casefile/extra/witness/statements.jsonl",
    "casefile/items.json",
    "casefile/extra/items.json",
    "casefile/extra/estimates.csv",
]


@pytest.mark.parametrize("rel", DERIVED)
def test_editing_a_derived_file(rel: str, bag: Path, made: tuple[Path, str]) -> None:
    path = bag / rel
    assert path.is_file(), f"the bag has no {rel}"
    path.write_bytes(path.read_bytes().replace(b"1", b"2", 1) + b"\n")
    _recompute(bag)
    assert f"{rel}: differs from the signed manifest (changed)" in _problems(bag, made[1])


def test_a_file_added_under_data(bag: Path, made: tuple[Path, str]) -> None:
    (bag / "data" / "notes.txt").write_text("planted\n")
    _recompute(bag)
    assert "data/notes.txt: not in the signed manifest (added to the bag)" in _problems(
        bag, made[1]
    )


def test_an_unlisted_tag_file(bag: Path, made: tuple[Path, str]) -> None:
    (bag / "casefile" / "extra" / "confession.csv").write_text("name\nnobody\n")
    (bag / "extra-tag.txt").write_text("planted\n")
    _recompute(bag)
    text = _problems(bag, made[1])
    assert "casefile/extra/confession.csv: not in the signed manifest" in text
    assert "extra-tag.txt: not in the signed manifest" in text


def test_dropping_a_whole_item(bag: Path, made: tuple[Path, str]) -> None:
    victim = sorted((bag / "data" / "items").iterdir())[0]
    sha = victim.name
    victim.unlink()
    _drop_event(bag, lambda line: sha.encode() not in line)
    _recompute(bag)
    text = _problems(bag, made[1])
    assert f"data/items/{sha}: listed in the signed manifest but missing" in text
    assert f"item {sha}: in the signed statement but not in data/items" in text


def test_the_manifest_rewritten_to_match(bag: Path, made: tuple[Path, str]) -> None:
    from casefile.export.bag import SEAL_MANIFEST, manifest_text

    (bag / "data" / "notes.txt").write_text("planted\n")
    (bag / SEAL_MANIFEST).write_text(manifest_text(bag))
    _recompute(bag)
    assert "is not the manifest the signed statement names" in _problems(bag, made[1])


def test_the_seal_removed(bag: Path, made: tuple[Path, str]) -> None:
    from casefile.export.bag import SEAL_MANIFEST, SEAL_PROOF

    (bag / SEAL_MANIFEST).unlink()
    (bag / SEAL_PROOF).unlink()
    _recompute(bag)
    assert "the bag's signed manifest is missing" in _problems(bag, made[1])


def test_an_event_detached_from_its_item_stops_the_export(
    sqlite_workspace: Workspace, tmp_path: Path
) -> None:
    from sqlalchemy import update

    from casefile.vault.acquire import AddOptions, add_sources
    from casefile.vault.schema import ledger_entries

    ws = sqlite_workspace
    src = tmp_path / "photo.txt"
    src.write_text("a photograph, in words\n")
    sha = next(r.sha256 for r in add_sources(ws, [str(src)], AddOptions()) if r.sha256)
    seq = ws.record_event("copied_out", sha, {"to": "usb stick"})
    with ws.db.write() as conn:
        conn.execute(
            update(ledger_entries).where(ledger_entries.c.seq == seq).values(item_sha256=None)
        )
    with pytest.raises(CasefileError, match=f"differs from the signed events at entries {seq}"):
        export_bag(ws, [sha], tmp_path / "out")
    assert not (tmp_path / "out").exists()
