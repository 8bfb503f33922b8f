"""Signed notes and checkpoints, including the published Go sumdb/note example."""

from __future__ import annotations

import base64

import pytest

from casefile.vault.checkpoint import Checkpoint, InclusionReceipt
from casefile.vault.merkle import InMemoryTree, inclusion_proof, leaf_hash
from casefile.vault.signed_note import NoteError, NoteSigner, NoteVerifier, key_id, open_note

# The example from golang.org/x/mod/sumdb/note's documentation (also in C2SP signed-note).
GO_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
GO_TEXT = (
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n"
)
GO_NOTE = (
    GO_TEXT + "\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2"
    "pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"
)


def test_go_reference_note_verifies() -> None:
    verifier = NoteVerifier.from_vkey(GO_VKEY)
    assert verifier.key_id.hex() == "c74f20a3"
    assert open_note(GO_NOTE, verifier) == GO_TEXT


def test_go_reference_note_with_changed_text_fails() -> None:
    verifier = NoteVerifier.from_vkey(GO_VKEY)
    with pytest.raises(NoteError, match="does not verify"):
        open_note(GO_NOTE.replace("cryptography", "cryptographY"), verifier)


def test_sign_and_open_round_trip() -> None:
    signer = NoteSigner.generate("example.org/log")
    note = signer.sign("hello\nworld\n")
    assert open_note(note, signer.verifier) == "hello\nworld\n"
    vkey = signer.verifier.to_vkey()
    assert NoteVerifier.from_vkey(vkey) == signer.verifier
    raw = base64.b64decode(note.rsplit(" ", 1)[1])
    assert raw[:4] == key_id("example.org/log", signer.verifier.public_key)


def test_other_key_is_not_accepted() -> None:
    signer = NoteSigner.generate("example.org/log")
    impostor = NoteSigner.generate("example.org/log")
    with pytest.raises(NoteError, match="not signed by"):
        open_note(impostor.sign("x\n"), signer.verifier)


@pytest.mark.parametrize("bad", ["no newline", "blank\n\nline\n", "ctrl\x07\n"])
def test_malformed_text_is_refused(bad: str) -> None:
    with pytest.raises(NoteError):
        NoteSigner.generate("a").sign(bad)


def test_checkpoint_and_receipt_round_trip() -> None:
    signer = NoteSigner.generate("casefile.local/test")
    tree = InMemoryTree(leaf_hash(bytes([i])) for i in range(11))
    note = Checkpoint("casefile.local/test", 11, tree.root()).sign(signer)
    cp = Checkpoint.open(note, signer.verifier, "casefile.local/test")
    assert (cp.size, cp.root) == (11, tree.root())
    receipt = InclusionReceipt(7, inclusion_proof(7, 11, tree.lookup), note, b"event")
    text = receipt.to_text()
    assert text.startswith("c2sp.org/tlog-proof@v1\nextra ZXZlbnQ=\nindex 7\n")
    parsed = InclusionReceipt.parse(text)
    assert parsed == receipt
    assert parsed.verify(tree.leaves[7], signer.verifier).size == 11
    with pytest.raises(NoteError, match="not included"):
        parsed.verify(tree.leaves[6], signer.verifier)
    with pytest.raises(NoteError, match="origin"):
        Checkpoint.open(note, signer.verifier, "casefile.local/other")
