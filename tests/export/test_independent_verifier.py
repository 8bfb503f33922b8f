"""A verifier written from docs/bag-format.md alone: only hashlib, base64 and cryptography.

It imports nothing of casefile's verification code, to show the documentation is enough.
"""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey


def sha256(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def check_manifest(bag: Path, name: str) -> list[str]:
    errors = []
    for line in (bag / name).read_text().splitlines():
        digest, path = line.split(None, 1)
        target = bag / path
        if not target.is_file():
            errors.append(f"missing {path}")
        elif hashlib.sha256(target.read_bytes()).hexdigest() != digest:
            errors.append(f"changed {path}")
    return errors


def parse_vkey(vkey: str) -> tuple[str, bytes, bytes]:
    name, key_id, blob = vkey.strip().split("+", 2)
    raw = base64.b64decode(blob)
    assert raw[0] == 1 and len(raw) == 33
    pub = raw[1:]
    assert sha256(name.encode() + b"\n\x01" + pub)[:4].hex() == key_id
    return name, bytes.fromhex(key_id), pub


def open_checkpoint(note: str, name: str, key_id: bytes, pub: bytes) -> tuple[int, bytes]:
    cut = note.rindex("\n\n")
    text, sigs = note[: cut + 1], note[cut + 2 :]
    for line in sigs.splitlines():
        dash_name, blob = line.rsplit(" ", 1)
        assert dash_name == "\u2014 " + name
        raw = base64.b64decode(blob)
        assert raw[:4] == key_id
        Ed25519PublicKey.from_public_bytes(pub).verify(raw[4:], text.encode())
        _origin, size, root = text.splitlines()[:3]
        return int(size), base64.b64decode(root)
    raise AssertionError("no signature")


def inclusion_ok(leaf: bytes, i: int, n: int, proof: list[bytes], root: bytes) -> bool:
    if i >= n:
        return False
    fn, sn, r = i, n - 1, leaf
    for p in proof:
        if sn == 0:
            return False
        if fn % 2 == 1 or fn == sn:
            r = sha256(b"\x01" + p + r)
            while fn % 2 == 0 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = sha256(b"\x01" + r + p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def independent_verify(bag: Path, trusted_vkey: str) -> list[str]:
    errors = check_manifest(bag, "manifest-sha256.txt")
    errors += check_manifest(bag, "tagmanifest-sha256.txt")
    for f in (bag / "data" / "items").iterdir():
        if hashlib.sha256(f.read_bytes()).hexdigest() != f.name:
            errors.append(f"item {f.name} does not match its name")
    bag_vkey = (bag / "casefile" / "ledger.vkey").read_text().strip()
    if bag_vkey != trusted_vkey.strip():
        return [*errors, "untrusted key"]
    name, key_id, pub = parse_vkey(bag_vkey)
    note = (bag / "casefile" / "checkpoint.txt").read_text()
    try:
        size, root = open_checkpoint(note, name, key_id, pub)
    except (InvalidSignature, AssertionError):
        return [*errors, "bad checkpoint signature"]
    proofs = {}
    for p in (bag / "casefile" / "proofs").iterdir():
        head, embedded = p.read_text().split("\n\n", 1)
        lines = head.splitlines()
        assert lines[0] == "c2sp.org/tlog-proof@v1"
        extra = base64.b64decode(lines[1].removeprefix("extra "))
        index = int(lines[2].removeprefix("index "))
        hashes = [base64.b64decode(h) for h in lines[3:]]
        if embedded != note:
            errors.append(f"{p.name}: a different checkpoint")
        proofs[extra] = (index, hashes)
    acquired = set()
    for line in (bag / "casefile" / "events.jsonl").read_bytes().splitlines():
        if line not in proofs:
            errors.append("event without proof")
            continue
        index, hashes = proofs[line]
        if not inclusion_ok(sha256(b"\x00" + line), index, size, hashes, root):
            errors.append(f"event {index} not proven")
            continue
        event = json.loads(line)
        if event["kind"] == "acquired":
            acquired.add(event["item"])
        if (
            isinstance(event.get("item"), str)
            and not (bag / "data" / "items" / event["item"]).is_file()
        ):
            errors.append(f"event {index} is about an item not in the bag")
    for f in (bag / "data" / "items").iterdir():
        if f.name not in acquired:
            errors.append(f"item {f.name} has no proven acquisition")
    return errors + check_seal(bag, name, key_id, pub, size)


UNSEALED = {"casefile/bag-manifest.txt", "casefile/bag-statement.tlog-proof",
            "tagmanifest-sha256.txt"}  # fmt: skip


def check_seal(bag: Path, name: str, key_id: bytes, pub: bytes, size: int) -> list[str]:
    """Step 8 of docs/bag-format.md: the signed statement of every file in the bag."""
    head, note = (bag / "casefile" / "bag-statement.tlog-proof").read_text().split("\n\n", 1)
    lines = head.splitlines()
    body = base64.b64decode(lines[1].removeprefix("extra "))
    index = int(lines[2].removeprefix("index "))
    sealed_size, sealed_root = open_checkpoint(note, name, key_id, pub)
    leaf = sha256(b"\x00" + body)
    hashes = [base64.b64decode(h) for h in lines[3:]]
    if not inclusion_ok(leaf, index, sealed_size, hashes, sealed_root) or sealed_size <= size:
        return ["seal not proven"]
    statement = json.loads(body)
    manifest = (bag / "casefile" / "bag-manifest.txt").read_bytes()
    if statement["kind"] != "bag_sealed" or (
        hashlib.sha256(manifest).hexdigest() != statement["data"]["manifest_sha256"]
    ):
        return ["manifest not the sealed one"]
    listed = dict(reversed(line.split("  ", 1)) for line in manifest.decode().splitlines())
    found = {p.relative_to(bag).as_posix() for p in bag.rglob("*") if p.is_file()} - UNSEALED
    errors = [f"unlisted {rel}" for rel in sorted(found - set(listed))]
    errors += [f"missing {rel}" for rel in sorted(set(listed) - found)]
    for rel in sorted(found & set(listed)):
        if hashlib.sha256((bag / rel).read_bytes()).hexdigest() != listed[rel]:
            errors.append(f"changed {rel}")
    return errors


def test_independent_verifier_accepts_a_good_bag(bag: Path, sqlite_workspace: object) -> None:
    vkey = sqlite_workspace.verifier.to_vkey()  # type: ignore[attr-defined]
    assert independent_verify(bag, vkey) == []


def test_independent_verifier_rejects_damage(bag: Path, sqlite_workspace: object) -> None:
    vkey = sqlite_workspace.verifier.to_vkey()  # type: ignore[attr-defined]
    item = sorted((bag / "data" / "items").iterdir())[0]
    item.chmod(0o644)
    item.write_bytes(b"forged")
    errors = independent_verify(bag, vkey)
    assert f"changed data/items/{item.name}" in errors
    assert f"item {item.name} does not match its name" in errors


def test_independent_verifier_rejects_a_removed_item_and_foreign_key(
    bag: Path, sqlite_workspace: object
) -> None:
    vkey = sqlite_workspace.verifier.to_vkey()  # type: ignore[attr-defined]
    item = sorted((bag / "data" / "items").iterdir())[0]
    item.unlink()
    (bag / "data" / "planted.txt").write_text("x")
    errors = independent_verify(bag, vkey)
    assert f"missing data/items/{item.name}" in errors
    assert any("not in the bag" in e for e in errors)
    assert "unlisted data/planted.txt" in errors
    name, key_id, _ = vkey.split("+", 2)
    other = "+".join([name, key_id, "AQ" + "A" * 41 + "="])
    assert independent_verify(bag, other)[-1] == "untrusted key"
