"""C2SP signed notes with Ed25519 keys (https://c2sp.org/signed-note).

A note is UTF-8 text ending in a newline, a blank line, then signature lines
``— <key name> <base64(key id || signature)>``. The key id is the first four bytes of
SHA-256(key name || 0x0A || 0x01 || public key).
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

ED25519_ALG = b"\x01"
SIGNATURE_PREFIX = "\u2014 "


class NoteError(ValueError):
    """A note that is malformed or not signed by the expected key."""


def key_id(name: str, public_key: bytes) -> bytes:
    return hashlib.sha256(name.encode() + b"\n" + ED25519_ALG + public_key).digest()[:4]


def _check_key_name(name: str) -> None:
    if not name or any(c.isspace() or c == "+" for c in name):
        raise NoteError(f"key name {name!r} must be non-empty with no spaces or '+'")


@dataclass(frozen=True)
class NoteVerifier:
    name: str
    public_key: bytes

    @property
    def key_id(self) -> bytes:
        return key_id(self.name, self.public_key)

    def to_vkey(self) -> str:
        """The verifier key string: ``<name>+<hex key id>+<base64(0x01 || public key)>``."""
        blob = base64.b64encode(ED25519_ALG + self.public_key).decode()
        return f"{self.name}+{self.key_id.hex()}+{blob}"

    @classmethod
    def from_vkey(cls, vkey: str) -> NoteVerifier:
        try:
            name, hex_id, blob = vkey.strip().split("+", 2)
            raw = base64.b64decode(blob, validate=True)
        except ValueError as exc:
            raise NoteError(f"not a verifier key: {vkey!r}") from exc
        if raw[:1] != ED25519_ALG or len(raw) != 33:
            raise NoteError("verifier key is not an Ed25519 key")
        verifier = cls(name, raw[1:])
        if verifier.key_id.hex() != hex_id:
            raise NoteError("verifier key id does not match its name and key")
        return verifier

    def verify(self, signature: bytes, message: bytes) -> bool:
        try:
            Ed25519PublicKey.from_public_bytes(self.public_key).verify(signature, message)
        except InvalidSignature:
            return False
        return True


class NoteSigner:
    def __init__(self, name: str, private_key: Ed25519PrivateKey) -> None:
        _check_key_name(name)
        self.name = name
        self._key = private_key
        raw = private_key.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        self.verifier = NoteVerifier(name, raw)

    @classmethod
    def generate(cls, name: str) -> NoteSigner:
        return cls(name, Ed25519PrivateKey.generate())

    def private_pem(self) -> bytes:
        return self._key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )

    @classmethod
    def from_pem(cls, name: str, pem: bytes) -> NoteSigner:
        key = serialization.load_pem_private_key(pem, password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise NoteError("the ledger key is not an Ed25519 private key")
        return cls(name, key)

    def sign(self, text: str) -> str:
        """Returns the signed note for ``text`` (which must end in a newline)."""
        _check_text(text)
        sig = self._key.sign(text.encode())
        blob = base64.b64encode(self.verifier.key_id + sig).decode()
        return f"{text}\n{SIGNATURE_PREFIX}{self.name} {blob}\n"


def _check_text(text: str) -> None:
    if not text.endswith("\n") or "\n\n" in text:
        raise NoteError("note text must end in one newline and contain no blank line")
    if any(ord(c) < 0x20 and c != "\n" for c in text):
        raise NoteError("note text must not contain control characters")


@dataclass(frozen=True)
class SignatureLine:
    name: str
    key_id: bytes
    signature: bytes


def split_note(note: str) -> tuple[str, list[SignatureLine]]:
    """Splits a signed note into its text and signature lines (not yet verified)."""
    cut = note.rfind("\n\n")
    if cut < 0:
        raise NoteError("not a signed note: no blank line before the signatures")
    text, sig_block = note[: cut + 1], note[cut + 2 :]
    _check_text(text)
    if not sig_block.endswith("\n"):
        raise NoteError("signature block must end in a newline")
    sigs: list[SignatureLine] = []
    for line in sig_block[:-1].split("\n"):
        if not line.startswith(SIGNATURE_PREFIX):
            raise NoteError(f"malformed signature line: {line!r}")
        try:
            name, blob = line[len(SIGNATURE_PREFIX) :].split(" ")
            raw = base64.b64decode(blob, validate=True)
        except ValueError as exc:
            raise NoteError(f"malformed signature line: {line!r}") from exc
        if len(raw) < 5:
            raise NoteError(f"signature too short in line: {line!r}")
        sigs.append(SignatureLine(name, raw[:4], raw[4:]))
    return text, sigs


def open_note(note: str, verifier: NoteVerifier) -> str:
    """Returns the note text if it carries a valid signature by ``verifier``; raises otherwise."""
    text, sigs = split_note(note)
    for sig in sigs:
        if sig.name == verifier.name and sig.key_id == verifier.key_id:
            if verifier.verify(sig.signature, text.encode()):
                return text
            raise NoteError(f"the signature by {verifier.name} does not verify")
    raise NoteError(f"the note is not signed by the key {verifier.name}+{verifier.key_id.hex()}")
