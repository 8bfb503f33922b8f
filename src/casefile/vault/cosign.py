"""Witness cosignatures of ledger checkpoints (https://c2sp.org/tlog-cosignature, Ed25519).

Rolling the ledger back to an earlier genuine checkpoint needs no key, so nothing inside the
workspace can catch it. A *witness* outside it can: it keeps the largest checkpoint it has
cosigned per log, cosigns a newer one only with a consistency proof from that one, and refuses
a smaller or forked tree. Its cosignature is a C2SP ``cosignature/v1`` note signature: key id
SHA-256(name || 0x0A || 0x04 || key)[:4]; signature = u64 big-endian POSIX time || Ed25519
over ``"cosignature/v1\\ntime <t>\\n" || checkpoint note text``.

A witness here is a partner running ``casefile cosign`` with its own key and state file, or
any C2SP witness that speaks the same format (the request body is the tlog-witness
``add-checkpoint`` body: ``old <size>``, the proof hashes, a blank line, the signed note).
The workspace keeps the cosigned checkpoints it received under ``witnesses/`` (outside the
database) and ``casefile verify`` proves the current ledger consistent with each of them.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import struct
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from casefile.vault.checkpoint import Checkpoint
from casefile.vault.merkle import HASH_SIZE, verify_consistency
from casefile.vault.signed_note import (
    SIGNATURE_PREFIX,
    NoteError,
    NoteVerifier,
    open_note,
    split_note,
)

COSIGNATURE_ALG = b"\x04"
HEADER = "cosignature/v1"
WITNESS_DIR = "witnesses"
TRUSTED_FILE = "trusted.vkeys"
COSIGNED_DIR = "cosigned"


def cosigner_key_id(name: str, public_key: bytes) -> bytes:
    return hashlib.sha256(name.encode() + b"\n" + COSIGNATURE_ALG + public_key).digest()[:4]


def cosigned_message(note_text: str, timestamp: int) -> bytes:
    return f"{HEADER}\ntime {timestamp}\n{note_text}".encode()


@dataclass(frozen=True)
class CosignerKey:
    """A witness's public key, as a vkey ``<name>+<hex key id>+<base64(0x04 || key)>``."""

    name: str
    public_key: bytes

    @property
    def key_id(self) -> bytes:
        return cosigner_key_id(self.name, self.public_key)

    def to_vkey(self) -> str:
        blob = base64.b64encode(COSIGNATURE_ALG + self.public_key).decode()
        return f"{self.name}+{self.key_id.hex()}+{blob}"

    @classmethod
    def from_vkey(cls, vkey: str) -> CosignerKey:
        try:
            name, hex_id, blob = vkey.strip().split("+", 2)
            raw = base64.b64decode(blob, validate=True)
        except (ValueError, binascii.Error) as exc:
            raise NoteError(f"not a witness key: {vkey.strip()[:80]!r}") from exc
        if raw[:1] != COSIGNATURE_ALG or len(raw) != 33:
            raise NoteError("not an Ed25519 cosignature/v1 key (type 0x04)")
        key = cls(name, raw[1:])
        if key.key_id.hex() != hex_id:
            raise NoteError("witness key id does not match its name and key")
        return key

    def open(self, note: str) -> tuple[Checkpoint, int]:
        """The cosigned checkpoint and the cosignature's time; raises NoteError if this key did
        not cosign the note."""
        text, sigs = split_note(note)
        for sig in sigs:
            if sig.name != self.name or sig.key_id != self.key_id:
                continue
            if len(sig.signature) != 8 + 64:
                raise NoteError(f"the cosignature by {self.name} is not 8 + 64 bytes")
            (stamp,) = struct.unpack(">Q", sig.signature[:8])
            try:
                Ed25519PublicKey.from_public_bytes(self.public_key).verify(
                    sig.signature[8:], cosigned_message(text, stamp)
                )
            except InvalidSignature as exc:
                raise NoteError(f"the cosignature by {self.name} does not verify") from exc
            return Checkpoint.parse_text(text), stamp
        raise NoteError(f"the note carries no cosignature by {self.name}")


class Cosigner:
    """A witness's signing key (kept by the partner, never in the workspace)."""

    def __init__(self, name: str, key: Ed25519PrivateKey) -> None:
        if not name or any(c.isspace() or c == "+" for c in name):
            raise NoteError(f"witness name {name!r} must be non-empty with no spaces or '+'")
        self.name = name
        self._key = key
        raw = key.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        self.public = CosignerKey(name, raw)

    @classmethod
    def generate(cls, name: str) -> Cosigner:
        return cls(name, Ed25519PrivateKey.generate())

    @classmethod
    def from_pem(cls, name: str, pem: bytes) -> Cosigner:
        key = serialization.load_pem_private_key(pem, password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise NoteError("the witness key is not an Ed25519 private key")
        return cls(name, key)

    def private_pem(self) -> bytes:
        return self._key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )

    def signature_line(self, note_text: str, timestamp: int | None = None) -> str:
        stamp = int(time.time()) if timestamp is None else timestamp
        sig = self._key.sign(cosigned_message(note_text, stamp))
        blob = base64.b64encode(self.public.key_id + struct.pack(">Q", stamp) + sig).decode()
        return f"{SIGNATURE_PREFIX}{self.name} {blob}\n"


# ---- the witness side: cosign only what extends what it saw -------------------------------


@dataclass(frozen=True)
class WitnessRequest:
    """A tlog-witness add-checkpoint body: the size the caller believes the witness saw, the
    consistency proof from it, and the new signed checkpoint."""

    old_size: int
    proof: list[bytes]
    note: str

    def to_text(self) -> str:
        lines = [f"old {self.old_size}", *(base64.b64encode(h).decode() for h in self.proof)]
        return "\n".join(lines) + "\n\n" + self.note

    @classmethod
    def parse(cls, text: str) -> WitnessRequest:
        head, sep, note = text.partition("\n\n")
        lines = head.split("\n")
        if not sep or not lines[0].startswith("old "):
            raise NoteError("a cosign request starts with 'old <size>', proof lines, a blank line")
        size_s = lines[0][4:]
        if not (size_s.isascii() and size_s.isdigit()):
            raise NoteError(f"'old' is not a tree size: {size_s!r}")
        try:
            proof = [base64.b64decode(h, validate=True) for h in lines[1:]]
        except binascii.Error as exc:
            raise NoteError("a proof line is not base64") from exc
        if any(len(h) != HASH_SIZE for h in proof):
            raise NoteError("a proof hash is not 32 bytes")
        return cls(int(size_s), proof, note)


class WitnessRefused(NoteError):
    """The witness will not cosign: a smaller tree, a fork, or a stale 'old' size."""


def cosign_request(
    request: WitnessRequest,
    cosigner: Cosigner,
    log_key: NoteVerifier,
    state_path: Path,
    timestamp: int | None = None,
) -> str:
    """Checks the request against the witness's state (per log origin: the largest cosigned
    size and root) and returns the note with the cosignature appended; records the new state.
    The first checkpoint of a log is trusted on first use (``old 0``)."""
    cp = Checkpoint.parse_text(open_note(request.note, log_key))
    state = _load_state(state_path)
    seen = state.get(cp.origin)
    old_size = 0 if seen is None else int(seen["size"])
    if request.old_size != old_size:
        raise WitnessRefused(
            f"this witness last cosigned size {old_size} of {cp.origin}, not {request.old_size}"
        )
    if seen is not None:
        old_root = base64.b64decode(seen["root"])
        if cp.size < old_size:
            raise WitnessRefused(
                f"rollback: the log shows size {cp.size}, this witness cosigned {old_size}"
            )
        if not verify_consistency(old_size, cp.size, request.proof, old_root, cp.root):
            raise WitnessRefused(
                f"fork: size {cp.size} is not an extension of the cosigned size {old_size}"
            )
    text, _ = split_note(request.note)
    cosigned = request.note + cosigner.signature_line(text, timestamp)
    state[cp.origin] = {"size": cp.size, "root": base64.b64encode(cp.root).decode()}
    _save_state(state_path, state)
    return cosigned


def _load_state(path: Path) -> dict[str, dict[str, Any]]:
    if not path.exists():
        return {}
    try:
        found = json.loads(path.read_text())
    except ValueError as exc:
        raise NoteError(f"the witness state {path} is not readable JSON") from exc
    return dict(found)


def _save_state(path: Path, state: dict[str, dict[str, Any]]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(state, indent=1, sort_keys=True) + "\n")
    with open(tmp, "rb") as f:
        os.fsync(f.fileno())
    tmp.replace(path)


# ---- the workspace side: trusted witnesses and the cosigned checkpoints received -----------


def witness_dir(root: Path) -> Path:
    return root / WITNESS_DIR


def trusted_witnesses(root: Path) -> list[CosignerKey]:
    path = witness_dir(root) / TRUSTED_FILE
    if not path.exists():
        return []
    lines = [ln.strip() for ln in path.read_text().splitlines()]
    return [CosignerKey.from_vkey(ln) for ln in lines if ln and not ln.startswith("#")]


def trust_witness(root: Path, vkey: str) -> CosignerKey:
    key = CosignerKey.from_vkey(vkey)
    d = witness_dir(root)
    d.mkdir(exist_ok=True)
    known = {k.to_vkey() for k in trusted_witnesses(root)}
    if key.to_vkey() not in known:
        with open(d / TRUSTED_FILE, "a") as f:
            f.write(key.to_vkey() + "\n")
    return key


def store_cosigned(root: Path, note: str, log_key: NoteVerifier) -> tuple[Checkpoint, list[str]]:
    """Keeps a cosigned checkpoint (signed by the log, cosigned by at least one trusted
    witness); returns it and the names of the witnesses whose cosignature verified."""
    cp = Checkpoint.parse_text(open_note(note, log_key))
    names = [k.name for k in trusted_witnesses(root) if _cosigned_by(k, note)]
    if not names:
        raise NoteError("the checkpoint carries no valid cosignature of a trusted witness")
    d = witness_dir(root) / COSIGNED_DIR
    d.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256(note.encode()).hexdigest()[:16]
    (d / f"{cp.size:012d}-{digest}.note").write_text(note)
    return cp, names


def _cosigned_by(key: CosignerKey, note: str) -> bool:
    try:
        key.open(note)
    except NoteError:
        return False
    return True


def stored_cosigned(root: Path) -> list[tuple[str, str]]:
    """(file name, note) of every cosigned checkpoint kept in the workspace."""
    d = witness_dir(root) / COSIGNED_DIR
    if not d.is_dir():
        return []
    return [(p.name, p.read_text()) for p in sorted(d.glob("*.note"))]


def request_for(ws: Any, old_size: int) -> WitnessRequest:
    """The cosign request for the workspace's newest checkpoint, proving it extends the tree of
    ``old_size`` (the size the witness last cosigned; 0 the first time)."""
    with ws.db.read() as conn:
        note = ws.ledger.latest_checkpoint(conn)
        if note is None:
            raise NoteError("the ledger has no signed checkpoint yet")
        cp = Checkpoint.open(note, ws.verifier, ws.origin)
        if old_size > cp.size:
            raise NoteError(
                f"the witness saw size {old_size} but the ledger's newest checkpoint is size "
                f"{cp.size}: the ledger was rolled back"
            )
        proof = ws.ledger.consistency(conn, old_size, cp.size) if 0 < old_size < cp.size else []
    return WitnessRequest(old_size, proof, note)
