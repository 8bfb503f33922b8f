"""RFC 6962 / RFC 9162 Merkle tree hashing, proofs and their verification.

Small and exact on purpose: this is what makes the custody ledger checkable by anyone. The
tree is never held whole; proofs are built from stored perfect-subtree hashes through a
``NodeLookup`` (level, index) -> hash, so a million-leaf log needs only O(log^2 n) lookups.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

HASH_SIZE = 32
LEAF_PREFIX = b"\x00"
NODE_PREFIX = b"\x01"
EMPTY_ROOT = hashlib.sha256(b"").digest()

NodeLookup = Callable[[int, int], bytes]
"""(level, index) -> hash of the perfect subtree over leaves [index<<level, (index+1)<<level)."""


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(LEAF_PREFIX + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(NODE_PREFIX + left + right).digest()


def split_point(n: int) -> int:
    """The largest power of two strictly smaller than n (RFC 6962's k), for n > 1."""
    if n < 2:
        raise ValueError("a split needs at least two leaves")
    return 1 << ((n - 1).bit_length() - 1)


@dataclass
class CompactRange:
    """The perfect subtrees that cover leaves [0, size), largest first (the tree's right edge).

    Appending a leaf merges equal-sized neighbours, which yields each completed interior node
    exactly once: those are what a store keeps for later proofs.
    """

    size: int = 0
    hashes: list[bytes] = field(default_factory=list)

    def append(self, leaf: bytes) -> list[tuple[int, int, bytes]]:
        """Adds a leaf hash; returns the completed nodes as (level, index, hash), level >= 1."""
        completed: list[tuple[int, int, bytes]] = []
        index = self.size
        hashes = self.hashes
        level = 0
        while index & 1:
            # node_hash inlined: this loop runs for every ledger append
            leaf = hashlib.sha256(NODE_PREFIX + hashes.pop() + leaf).digest()
            level += 1
            index >>= 1
            completed.append((level, index, leaf))
        hashes.append(leaf)
        self.size += 1
        return completed

    def root(self) -> bytes:
        if not self.hashes:
            return EMPTY_ROOT
        acc = self.hashes[-1]
        for left in reversed(self.hashes[:-1]):
            acc = node_hash(left, acc)
        return acc

    def copy(self) -> CompactRange:
        return CompactRange(self.size, list(self.hashes))


def root_of(leaves: Iterable[bytes]) -> bytes:
    """Tree head of a sequence of leaf hashes."""
    cr = CompactRange()
    for leaf in leaves:
        cr.append(leaf)
    return cr.root()


def subtree_hash(start: int, end: int, lookup: NodeLookup) -> bytes:
    """MTH of leaves [start, end), where start is aligned as RFC 6962's recursion keeps it."""
    n = end - start
    if n <= 0:
        raise ValueError(f"empty range [{start}, {end})")
    if n & (n - 1) == 0 and start % n == 0:
        level = n.bit_length() - 1
        return lookup(level, start >> level)
    k = split_point(n)
    return node_hash(subtree_hash(start, start + k, lookup), subtree_hash(start + k, end, lookup))


def inclusion_proof(index: int, size: int, lookup: NodeLookup) -> list[bytes]:
    """RFC 6962 PATH(index, D[0:size]), leaf-side sibling first."""
    if not 0 <= index < size:
        raise ValueError(f"leaf {index} is not in a tree of size {size}")
    path: list[bytes] = []
    start, end = 0, size
    # Walk down from the root, collecting siblings; reversed at the end (leaf side first).
    while end - start > 1:
        k = split_point(end - start)
        if index - start < k:
            path.append(subtree_hash(start + k, end, lookup))
            end = start + k
        else:
            path.append(subtree_hash(start, start + k, lookup))
            start = start + k
    path.reverse()
    return path


def consistency_proof(old_size: int, new_size: int, lookup: NodeLookup) -> list[bytes]:
    """RFC 6962 PROOF(old_size, D[0:new_size])."""
    if not 0 < old_size <= new_size:
        raise ValueError(f"no consistency proof from size {old_size} to {new_size}")
    if old_size == new_size:
        return []
    proof: list[bytes] = []
    start, end, m, complete = 0, new_size, old_size, True
    while True:
        n = end - start
        if m == n:
            if not complete:
                proof.append(subtree_hash(start, end, lookup))
            break
        k = split_point(n)
        if m <= k:
            proof.append(subtree_hash(start + k, end, lookup))
            end = start + k
        else:
            proof.append(subtree_hash(start, start + k, lookup))
            start, m, complete = start + k, m - k, False
    proof.reverse()
    return proof


def verify_inclusion(
    leaf: bytes, index: int, size: int, proof: Sequence[bytes], root: bytes
) -> bool:
    """RFC 9162 section 2.1.3.2."""
    if not 0 <= index < size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def verify_consistency(
    old_size: int, new_size: int, proof: Sequence[bytes], old_root: bytes, new_root: bytes
) -> bool:
    """RFC 9162 section 2.1.4.2."""
    if old_size <= 0 or old_size > new_size:
        return False
    if old_size == new_size:
        return len(proof) == 0 and old_root == new_root
    path = list(proof)
    if old_size & (old_size - 1) == 0:
        path.insert(0, old_root)
    if not path:
        return False
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return sn == 0 and fr == old_root and sr == new_root


class InMemoryTree:
    """A whole tree in memory: for tests, bag verification and rebuilding during verify."""

    def __init__(self, leaves: Iterable[bytes] = ()) -> None:
        self.leaves: list[bytes] = []
        self.nodes: dict[tuple[int, int], bytes] = {}
        self._range = CompactRange()
        for leaf in leaves:
            self.append(leaf)

    def append(self, leaf: bytes) -> None:
        self.nodes[(0, len(self.leaves))] = leaf
        self.leaves.append(leaf)
        for level, index, h in self._range.append(leaf):
            self.nodes[(level, index)] = h

    def lookup(self, level: int, index: int) -> bytes:
        return self.nodes[(level, index)]

    @property
    def size(self) -> int:
        return len(self.leaves)

    def root(self, size: int | None = None) -> bytes:
        size = self.size if size is None else size
        if size == 0:
            return EMPTY_ROOT
        return subtree_hash(0, size, self.lookup)
