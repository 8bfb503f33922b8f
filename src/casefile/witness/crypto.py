"""Envelope encryption for witness data: AES-256-GCM under a per-witness data key.

* A field is ``0x01 ‖ nonce(12) ‖ AES-GCM(data key, value, AD)`` where the associated data binds
  it to its witness id and field name: a ciphertext copied to another row or field fails.
* A data key is stored only wrapped: ``nonce ‖ AES-GCM(KEK, data key, AD(witness id, KEK id))``.
* A file (statement text, audio, video, scans) is encrypted as a stream of 1 MiB chunks
  (the STREAM construction): a clear header naming the format, witness, field and nonce prefix,
  then each chunk sealed with nonce = prefix ‖ counter ‖ last-flag and the header as AD, so
  reordering, truncation and appending are all detected, in constant memory.
"""

from __future__ import annotations

import json
import os
import struct
from collections.abc import Iterator
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from casefile.errors import CasefileError

FIELD_VERSION = b"\x01"
STREAM_MAGIC = b"CASEFILE-WITNESS-STREAM-1\n"
CHUNK = 1 << 20
TAG = 16


class TamperedError(CasefileError):
    """A ciphertext did not authenticate: changed, truncated, or moved from another row."""

    exit_code = 3


class KeyError_(CasefileError):
    """The witness key is missing, wrong, or retired."""


def _ad(witness_id: str, field: str) -> bytes:
    return b"casefile-witness-v1\x00" + witness_id.encode() + b"\x00" + field.encode()


def new_key() -> bytes:
    return AESGCM.generate_key(bit_length=256)


def seal(key: bytes, witness_id: str, field: str, value: bytes) -> bytes:
    nonce = os.urandom(12)
    return FIELD_VERSION + nonce + AESGCM(key).encrypt(nonce, value, _ad(witness_id, field))


def open_sealed(key: bytes, witness_id: str, field: str, blob: bytes, what: str) -> bytes:
    """Decrypts a field; ``what`` names it in the error when it does not authenticate."""
    if len(blob) < 1 + 12 + TAG or blob[:1] != FIELD_VERSION:
        raise TamperedError(f"{what}: the stored ciphertext is damaged (bad format)")
    try:
        return AESGCM(key).decrypt(blob[1:13], blob[13:], _ad(witness_id, field))
    except InvalidTag:
        raise TamperedError(
            f"{what}: the ciphertext does not authenticate (tampered, damaged, or moved from "
            "another record); nothing was decrypted"
        ) from None


def seal_text(key: bytes, witness_id: str, field: str, value: str) -> bytes:
    return seal(key, witness_id, field, value.encode())


def open_text(key: bytes, witness_id: str, field: str, blob: bytes, what: str) -> str:
    return open_sealed(key, witness_id, field, blob, what).decode()


def _wrap_ad(witness_id: str, kek_id: str) -> bytes:
    return b"casefile-witness-dk-v1\x00" + witness_id.encode() + b"\x00" + kek_id.encode()


def wrap_key(kek: bytes, kek_id: str, witness_id: str, data_key: bytes) -> bytes:
    nonce = os.urandom(12)
    return nonce + AESGCM(kek).encrypt(nonce, data_key, _wrap_ad(witness_id, kek_id))


def unwrap_key(kek: bytes, kek_id: str, witness_id: str, wrapped: bytes) -> bytes:
    try:
        return AESGCM(kek).decrypt(wrapped[:12], wrapped[12:], _wrap_ad(witness_id, kek_id))
    except InvalidTag:
        raise TamperedError(
            f"witness {witness_id}: its wrapped data key does not authenticate with key "
            f"{kek_id[:12]} (tampered or damaged); nothing was decrypted"
        ) from None


# ---- streams (files) ----------------------------------------------------------------------


def _nonce(prefix: bytes, counter: int, last: bool) -> bytes:
    return prefix + struct.pack(">IB", counter, 1 if last else 0)


def encrypt_stream(
    key: bytes, witness_id: str, field: str, src: BinaryIO, out: BinaryIO
) -> tuple[int, int]:
    """Encrypts ``src`` into ``out``; returns (plain bytes, cipher bytes)."""
    prefix = os.urandom(7)
    header = json.dumps(
        {"witness": witness_id, "field": field, "chunk": CHUNK, "prefix": prefix.hex()},
        sort_keys=True,
    ).encode()
    head = STREAM_MAGIC + struct.pack(">I", len(header)) + header
    out.write(head)
    written = len(head)
    aead = AESGCM(key)
    ad = _ad(witness_id, field) + header
    counter = 0
    plain = 0
    chunk = src.read(CHUNK)
    while True:
        following = src.read(CHUNK) if len(chunk) == CHUNK else b""
        last = not following
        sealed = aead.encrypt(_nonce(prefix, counter, last), chunk, ad)
        out.write(sealed)
        written += len(sealed)
        plain += len(chunk)
        if last:
            return plain, written
        chunk, counter = following, counter + 1


def stream_header(src: BinaryIO, what: str) -> tuple[dict[str, object], bytes]:
    """The clear header of an encrypted stream and its exact bytes (part of the AD)."""
    magic = src.read(len(STREAM_MAGIC))
    if magic != STREAM_MAGIC:
        raise TamperedError(f"{what}: not a casefile witness ciphertext (bad header)")
    try:
        (n,) = struct.unpack(">I", src.read(4))
        raw = src.read(n)
        header: dict[str, object] = json.loads(raw)
    except (struct.error, ValueError):
        raise TamperedError(f"{what}: the ciphertext header is damaged") from None
    return header, raw


def decrypt_stream(
    key: bytes, witness_id: str, field: str, src: BinaryIO, what: str
) -> Iterator[bytes]:
    """Yields the plain chunks; raises TamperedError before yielding a chunk that fails."""
    header, raw = stream_header(src, what)
    if header.get("witness") != witness_id or header.get("field") != field:
        raise TamperedError(f"{what}: the ciphertext belongs to another witness or field")
    try:
        prefix = bytes.fromhex(str(header["prefix"]))
        size = int(str(header["chunk"])) + TAG
    except (KeyError, ValueError):
        raise TamperedError(f"{what}: the ciphertext header is damaged") from None
    aead = AESGCM(key)
    ad = _ad(witness_id, field) + raw
    counter = 0
    block = src.read(size)
    while True:
        following = src.read(size) if len(block) == size else b""
        last = not following
        try:
            yield aead.decrypt(_nonce(prefix, counter, last), block, ad)
        except InvalidTag:
            raise TamperedError(
                f"{what}: chunk {counter} does not authenticate (tampered, truncated or "
                "damaged); decryption stopped"
            ) from None
        if last:
            return
        block, counter = following, counter + 1
