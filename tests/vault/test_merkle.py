"""The Merkle tree against the RFC 6962 reference vectors, an independent implementation
(pymerkle), and properties that must hold for every tree size."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casefile.vault.merkle import (
    EMPTY_ROOT,
    CompactRange,
    InMemoryTree,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    node_hash,
    verify_consistency,
    verify_inclusion,
)

# RFC 6962 test vectors as published with the Certificate Transparency reference code.
LEAVES = [
    "",
    "00",
    "10",
    "2021",
    "3031",
    "40414243",
    "5051525354555657",
    "606162636465666768696a6b6c6d6e6f",
]
ROOTS = [
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
INCLUSION = [
    (
        0,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        5,
        8,
        [
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
]
CONSISTENCY = [
    (
        2,
        5,
        [
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
]


def reference_tree() -> InMemoryTree:
    return InMemoryTree(leaf_hash(bytes.fromhex(x)) for x in LEAVES)


def test_empty_root_and_prefixes() -> None:
    assert EMPTY_ROOT.hex() == ROOTS[0]
    assert leaf_hash(b"x") == hashlib.sha256(b"\x00x").digest()
    assert node_hash(b"a", b"b") == hashlib.sha256(b"\x01ab").digest()


@pytest.mark.parametrize("size", range(9))
def test_roots_match_rfc6962_vectors(size: int) -> None:
    assert reference_tree().root(size).hex() == ROOTS[size]


@pytest.mark.parametrize(("index", "size", "expected"), INCLUSION)
def test_inclusion_proofs_match_vectors(index: int, size: int, expected: list[str]) -> None:
    tree = reference_tree()
    proof = inclusion_proof(index, size, tree.lookup)
    assert [p.hex() for p in proof] == expected
    assert verify_inclusion(tree.leaves[index], index, size, proof, tree.root(size))


@pytest.mark.parametrize(("old", "new", "expected"), CONSISTENCY)
def test_consistency_proofs_match_vectors(old: int, new: int, expected: list[str]) -> None:
    tree = reference_tree()
    proof = consistency_proof(old, new, tree.lookup)
    assert [p.hex() for p in proof] == expected
    assert verify_consistency(old, new, proof, tree.root(old), tree.root(new))


def test_compact_range_agrees_with_recursive_definition() -> None:
    tree = InMemoryTree()
    cr = CompactRange()
    for i in range(300):
        h = leaf_hash(i.to_bytes(4, "big"))
        tree.append(h)
        cr.append(h)
        assert cr.root() == tree.root()


def test_roots_match_pymerkle() -> None:
    """An independent implementation (used only here) agrees on the tree head."""
    from pymerkle import InmemoryTree as PyMerkleTree

    ours = InMemoryTree()
    theirs = PyMerkleTree(algorithm="sha256")
    for i in range(1, 130):
        data = f"event {i}".encode()
        ours.append(leaf_hash(data))
        theirs.append_entry(data)
        assert theirs.get_root() == ours.root(), f"size {i}"


@settings(max_examples=60, deadline=None)
@given(size=st.integers(1, 200), data=st.data())
def test_every_inclusion_proof_verifies_and_tampering_fails(size: int, data: st.DataObject) -> None:
    tree = InMemoryTree(leaf_hash(i.to_bytes(4, "big")) for i in range(size))
    index = data.draw(st.integers(0, size - 1))
    proof = inclusion_proof(index, size, tree.lookup)
    root = tree.root()
    assert verify_inclusion(tree.leaves[index], index, size, proof, root)
    assert not verify_inclusion(leaf_hash(b"other"), index, size, proof, root)
    if size > 1:
        assert not verify_inclusion(tree.leaves[index], (index + 1) % size, size, proof, root)
    if proof:
        k = data.draw(st.integers(0, len(proof) - 1))
        bad = list(proof)
        bad[k] = hashlib.sha256(bad[k]).digest()
        assert not verify_inclusion(tree.leaves[index], index, size, bad, root)
        assert not verify_inclusion(tree.leaves[index], index, size, proof[:-1], root)


@settings(max_examples=60, deadline=None)
@given(new=st.integers(1, 200), data=st.data())
def test_every_consistency_proof_verifies_and_tampering_fails(
    new: int, data: st.DataObject
) -> None:
    tree = InMemoryTree(leaf_hash(i.to_bytes(4, "big")) for i in range(new))
    old = data.draw(st.integers(1, new))
    proof = consistency_proof(old, new, tree.lookup)
    assert verify_consistency(old, new, proof, tree.root(old), tree.root(new))
    forged_old = hashlib.sha256(b"forged").digest()
    assert not verify_consistency(old, new, proof, forged_old, tree.root(new))
    if proof:
        bad = list(proof)
        bad[0] = hashlib.sha256(bad[0]).digest()
        assert not verify_consistency(old, new, bad, tree.root(old), tree.root(new))


def test_out_of_range_is_refused() -> None:
    tree = reference_tree()
    with pytest.raises(ValueError):
        inclusion_proof(8, 8, tree.lookup)
    with pytest.raises(ValueError):
        consistency_proof(0, 8, tree.lookup)
    assert not verify_inclusion(tree.leaves[0], 8, 8, [], tree.root())
    assert not verify_consistency(9, 8, [], tree.root(), tree.root())
