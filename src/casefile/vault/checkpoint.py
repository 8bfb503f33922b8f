"""Checkpoints (https://c2sp.org/tlog-checkpoint) and offline proofs (https://c2sp.org/tlog-proof)."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass

from casefile.vault.merkle import HASH_SIZE, verify_inclusion
from casefile.vault.signed_note import NoteError, NoteSigner, NoteVerifier, open_note

PROOF_HEADER = "c2sp.org/tlog-proof@v1"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _unb64(text: str, what: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except binascii.Error as exc:
        raise NoteError(f"{what} is not valid base64: {text!r}") from exc


@dataclass(frozen=True)
class Checkpoint:
    origin: str
    size: int
    root: bytes

    def text(self) -> str:
        return f"{self.origin}\n{self.size}\n{_b64(self.root)}\n"

    def sign(self, signer: NoteSigner) -> str:
        return signer.sign(self.text())

    @classmethod
    def parse_text(cls, text: str) -> Checkpoint:
        lines = text.split("\n")
        if len(lines) < 4 or lines[-1] != "":
            raise NoteError("a checkpoint has at least three lines: origin, size, root hash")
        origin, size_s, root_s = lines[0], lines[1], lines[2]
        if not origin:
            raise NoteError("checkpoint origin is empty")
        decimal = size_s.isascii() and size_s.isdigit()  # '¹' is a digit to isdigit()
        if not decimal or (size_s != "0" and size_s.startswith("0")):
            raise NoteError(f"checkpoint tree size is not a decimal number: {size_s!r}")
        root = _unb64(root_s, "checkpoint root hash")
        if len(root) != HASH_SIZE:
            raise NoteError("checkpoint root hash is not 32 bytes")
        return cls(origin, int(size_s), root)

    @classmethod
    def open(cls, note: str, verifier: NoteVerifier, origin: str | None = None) -> Checkpoint:
        """Verifies the signed checkpoint note and parses it."""
        cp = cls.parse_text(open_note(note, verifier))
        if origin is not None and cp.origin != origin:
            raise NoteError(f"checkpoint origin {cp.origin!r} is not the expected {origin!r}")
        return cp


@dataclass(frozen=True)
class InclusionReceipt:
    """A self-contained, offline-verifiable proof that one ledger entry is in the log."""

    index: int
    proof: list[bytes]
    checkpoint_note: str
    extra: bytes | None = None

    def to_text(self) -> str:
        lines = [PROOF_HEADER]
        if self.extra is not None:
            lines.append(f"extra {_b64(self.extra)}")
        lines.append(f"index {self.index}")
        lines.extend(_b64(h) for h in self.proof)
        return "\n".join(lines) + "\n\n" + self.checkpoint_note

    @classmethod
    def parse(cls, text: str) -> InclusionReceipt:
        head, sep, note = text.partition("\n\n")
        if not sep:
            raise NoteError("a tlog-proof has a blank line before its checkpoint")
        lines = head.split("\n")
        if lines[0] != PROOF_HEADER:
            raise NoteError(f"not a tlog-proof (first line {lines[0]!r})")
        pos, extra = 1, None
        if pos < len(lines) and lines[pos].startswith("extra "):
            extra = _unb64(lines[pos][6:], "extra data")
            pos += 1
        if pos >= len(lines) or not lines[pos].startswith("index "):
            raise NoteError("tlog-proof has no index line")
        index_s = lines[pos][6:]
        if not (index_s.isascii() and index_s.isdigit()):
            raise NoteError(f"tlog-proof index is not a number: {index_s!r}")
        proof = [_unb64(h, "proof hash") for h in lines[pos + 1 :]]
        if any(len(h) != HASH_SIZE for h in proof):
            raise NoteError("a proof hash is not 32 bytes")
        return cls(int(index_s), proof, note, extra)

    def verify(self, leaf: bytes, verifier: NoteVerifier, origin: str | None = None) -> Checkpoint:
        """Checks the signature and the inclusion of ``leaf``; returns the checkpoint."""
        cp = Checkpoint.open(self.checkpoint_note, verifier, origin)
        if not verify_inclusion(leaf, self.index, cp.size, self.proof, cp.root):
            raise NoteError(f"entry {self.index} is not included in the tree of size {cp.size}")
        return cp
