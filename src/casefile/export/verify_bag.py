"""Checking a bag offline, with nothing but the bag (and, ideally, a key known independently)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import bagit

from casefile.export.bag import BAG_DIR, SEAL_MANIFEST, SEAL_PROOF, UNSEALED, bag_files
from casefile.vault.checkpoint import Checkpoint, InclusionReceipt
from casefile.vault.merkle import leaf_hash
from casefile.vault.signed_note import NoteError, NoteVerifier


@dataclass
class BagReport:
    problems: list[str] = field(default_factory=list)
    items: int = 0
    events: int = 0
    checkpoint_size: int = 0
    origin: str = ""
    vkey: str = ""
    key_pinned: bool = False
    sealed: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_bag(path: Path, vkey: str | None = None) -> BagReport:
    """Bag completeness and hashes, every proof against the checkpoint, its signature."""
    report = BagReport()
    if not (path / "bagit.txt").is_file():
        report.problems.append(f"{path} is not a bag (no bagit.txt)")
        return report
    manifest = _check_bagit(path, report)
    tags = path / BAG_DIR
    try:
        bag_vkey = (tags / "ledger.vkey").read_text().strip()
        note = (tags / "checkpoint.txt").read_text()
    except OSError as exc:
        report.problems.append(f"missing tag file: {exc.filename}")
        return report
    report.vkey = bag_vkey
    if vkey is not None:
        report.key_pinned = True
        if vkey.strip() != bag_vkey:
            report.problems.append(
                "the bag's ledger.vkey is not the key you gave: the bag was signed by "
                f"{bag_vkey.split('+')[0]}+{bag_vkey.split('+')[1] if '+' in bag_vkey else '?'}"
            )
    try:
        verifier = NoteVerifier.from_vkey(vkey or bag_vkey)
        cp = Checkpoint.open(note, verifier)
    except NoteError as exc:
        report.problems.append(f"casefile/checkpoint.txt: {exc}")
        return report
    report.checkpoint_size, report.origin = cp.size, cp.origin
    _check_events(path, tags, verifier, cp, report, manifest)
    _check_seal(path, verifier, cp, report)
    return report


def _check_seal(path: Path, verifier: NoteVerifier, cp: Checkpoint, report: BagReport) -> None:
    """The signed statement of the whole bag: a proven 'bag_sealed' event whose manifest hash
    is that of casefile/bag-manifest.txt, which must list every file of the bag but the seal's
    own and BagIt's tag manifest, with its SHA-256 (so a file added, removed or changed is
    named even when the unsigned tag manifest was recomputed)."""
    try:
        text = (path / SEAL_MANIFEST).read_text()
        receipt = InclusionReceipt.parse((path / SEAL_PROOF).read_text())
    except (OSError, UnicodeDecodeError, NoteError) as exc:
        report.problems.append(
            f"the bag's signed manifest is missing or unreadable ({SEAL_MANIFEST}, {SEAL_PROOF}): "
            f"nothing but the events and proofs is signed ({exc})"
        )
        return
    body = receipt.extra or b""
    try:
        sealed_in = receipt.verify(leaf_hash(body), verifier, cp.origin)
        event = json.loads(body)
        data = event["data"]
    except (NoteError, ValueError, KeyError, TypeError) as exc:
        report.problems.append(f"{SEAL_PROOF}: the signed statement does not check out: {exc}")
        return
    if event.get("kind") != "bag_sealed" or sealed_in.size <= cp.size:
        report.problems.append(
            f"{SEAL_PROOF}: not a 'bag_sealed' event logged after the bag's checkpoint"
        )
        return
    if hashlib.sha256(text.encode()).hexdigest() != data.get("manifest_sha256"):
        report.problems.append(
            f"{SEAL_MANIFEST} is not the manifest the signed statement names (changed)"
        )
        return
    if data.get("checkpoint_size") != cp.size:
        report.problems.append("the signed statement names another checkpoint than the bag's")
    listed: dict[str, str] = {}
    for line in text.splitlines():
        digest, sep, rel = line.partition("  ")
        if sep:
            listed[rel] = digest
    present = bag_files(path)
    for rel in sorted(set(present) - set(listed) - UNSEALED):
        report.problems.append(f"{rel}: not in the signed manifest (added to the bag)")
    for rel, digest in sorted(listed.items()):
        file = present.get(rel)
        if file is None:
            report.problems.append(f"{rel}: listed in the signed manifest but missing")
        elif file.is_symlink() or hashlib.sha256(file.read_bytes()).hexdigest() != digest:
            report.problems.append(f"{rel}: differs from the signed manifest (changed)")
    proven = {
        int(p.stem) for p in (path / BAG_DIR / "proofs").glob("*.tlog-proof") if p.stem.isdigit()
    }
    for sha, seqs in sorted((data.get("events") or {}).items()):
        if f"data/items/{sha}" not in present:
            report.problems.append(f"item {sha}: in the signed statement but not in data/items")
        for seq in seqs:
            if seq not in proven:
                report.problems.append(
                    f"item {sha[:16]}: its event {seq} (in the signed statement) is not in the bag"
                )
    report.sealed = True


def _check_bagit(path: Path, report: BagReport) -> dict[str, str]:
    """Validates the bag; when it is valid, returns each payload file's checked SHA-256."""
    try:
        bag = bagit.Bag(str(path))
        bag.validate()
        return {
            name: str(hashes["sha256"])
            for name, hashes in bag.entries.items()
            if name.startswith("data/") and "sha256" in hashes
        }
    except bagit.BagValidationError as exc:
        details = [str(d) for d in exc.details] or [exc.message]
        if "Oxum" in exc.message:
            # bagit stops at the file count; name the files that are missing, added or changed.
            details += _file_level_details(bag)
        report.problems.extend(f"bag: {d}" for d in details)
    except bagit.BagError as exc:
        report.problems.append(f"bag: {exc}")
    return {}


def _file_level_details(bag: bagit.Bag) -> list[str]:
    found: list[str] = []
    try:
        bag._validate_completeness()
    except bagit.BagValidationError as exc:
        found += [str(d) for d in exc.details] or [exc.message]
    try:
        bag._validate_entries(1)
    except bagit.BagValidationError as exc:
        found += [str(d) for d in exc.details] or [exc.message]
    return found


def _check_events(
    path: Path,
    tags: Path,
    verifier: NoteVerifier,
    cp: Checkpoint,
    report: BagReport,
    manifest: dict[str, str],
) -> None:
    payload = {p.name for p in (path / "data" / "items").glob("*")}
    report.items = len(payload)
    try:
        lines = (tags / "events.jsonl").read_bytes().split(b"\n")
    except OSError:
        report.problems.append("casefile/events.jsonl is missing")
        return
    proofs: dict[bytes, tuple[int, InclusionReceipt]] = {}
    for proof in (tags / "proofs").glob("*.tlog-proof"):
        try:
            receipt = InclusionReceipt.parse(proof.read_text())
        except (NoteError, OSError, ValueError) as exc:
            report.problems.append(f"casefile/proofs/{proof.name}: {exc}")
            continue
        if receipt.extra is not None:
            proofs[receipt.extra] = (int(proof.stem), receipt)
    acquired: set[str] = set()
    mentioned: set[str] = set()
    for body in (line for line in lines if line):
        try:
            event = json.loads(body)
        except ValueError:
            report.problems.append(f"events.jsonl: a line is not JSON: {body[:60]!r}")
            continue
        if body not in proofs:
            digest = hashlib.sha256(body).hexdigest()[:16]
            report.problems.append(f"event {event.get('kind')} {digest}…: it has no proof")
            continue
        seq, receipt = proofs[body]
        try:
            proven = receipt.verify(leaf_hash(body), verifier, cp.origin)
            if proven.size != cp.size or proven.root != cp.root:
                raise NoteError("the proof is against a different checkpoint")
        except NoteError as exc:
            report.problems.append(f"event {seq} ({event.get('kind')}): {exc}")
            continue
        report.events += 1
        if isinstance(event.get("item"), str):
            mentioned.add(event["item"])
        if event.get("kind") == "acquired":
            acquired.add(event.get("item"))
    for sha in sorted(payload - acquired):
        report.problems.append(f"data/items/{sha}: no proven 'acquired' event for this item")
    for sha in sorted(mentioned - payload):
        report.problems.append(f"item {sha} has proven events but is not in data/items")
    for sha in sorted(payload):
        # A valid bag has just hashed every payload file: reuse that rather than read it again.
        digest = (
            manifest.get(f"data/items/{sha}")
            or hashlib.sha256((path / "data" / "items" / sha).read_bytes()).hexdigest()
        )
        if digest != sha:
            report.problems.append(f"data/items/{sha}: the bytes do not match the name")
