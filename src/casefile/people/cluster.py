"""Scored pairs into persons, with the reviewers' decisions as hard constraints.

Pairs are merged strongest first (union-find). A "same" decision merges its pair before
anything else; a "different" decision is a cannot-link: two groups are never merged when that
would put such a pair in one person, however strong the other links are.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass
class Clustering:
    person_of: dict[int, int]  # record -> root record (smallest id in the person)
    accepted: set[tuple[int, int]] = field(default_factory=set)
    refused: set[tuple[int, int]] = field(default_factory=set)  # blocked by a "different"

    def persons(self) -> dict[int, list[int]]:
        out: dict[int, list[int]] = {}
        for rec, root in self.person_of.items():
            out.setdefault(root, []).append(rec)
        for members in out.values():
            members.sort()
        return out


def pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def cluster(
    records: Iterable[int],
    edges: Iterable[tuple[int, int, float]],
    threshold: float,
    same: Iterable[tuple[int, int]] = (),
    different: Iterable[tuple[int, int]] = (),
) -> Clustering:
    """Persons from the edges at or above `threshold`, respecting decisions."""
    parent: dict[int, int] = {r: r for r in records}
    members: dict[int, set[int]] = {}
    cannot: dict[int, set[int]] = {}
    for a, b in different:
        parent.setdefault(a, a)
        parent.setdefault(b, b)
        cannot.setdefault(a, set()).add(b)
        cannot.setdefault(b, set()).add(a)

    def find(x: int) -> int:
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    def group(root: int) -> set[int]:
        return members.get(root) or {root}

    def union(a: int, b: int) -> bool:
        ra, rb = find(a), find(b)
        if ra == rb:
            return True
        ga, gb = group(ra), group(rb)
        if len(ga) < len(gb):
            ra, rb, ga, gb = rb, ra, gb, ga
        ca = cannot.get(ra, set())
        if ca and not ca.isdisjoint(gb):
            return False
        cb = cannot.get(rb, set())
        if cb and not cb.isdisjoint(ga):
            return False
        parent[rb] = ra
        members[ra] = ga | gb
        members.pop(rb, None)
        if cb:
            cannot[ra] = ca | cb
            cannot.pop(rb, None)
        return True

    out = Clustering({})
    for a, b in same:
        parent.setdefault(a, a)
        parent.setdefault(b, b)
        if union(a, b):
            out.accepted.add(pair(a, b))
        else:
            out.refused.add(pair(a, b))  # contradictory decisions: "different" wins
    strong = sorted(((p, a, b) for a, b, p in edges if p >= threshold), reverse=True)
    for _, a, b in strong:
        parent.setdefault(a, a)
        parent.setdefault(b, b)
        if union(a, b):
            out.accepted.add(pair(a, b))
        else:
            out.refused.add(pair(a, b))
    # The person's id is its smallest record: stable across runs that keep that record in it.
    smallest: dict[int, int] = {}
    for r in parent:
        root = find(r)
        smallest[root] = min(smallest.get(root, r), r)
    out.person_of = {r: smallest[find(r)] for r in parent}
    return out


def sample(
    records: Iterable[int],
    edges: list[tuple[int, int, float]],
    rng: random.Random,
    same: Iterable[tuple[int, int]] = (),
    different: Iterable[tuple[int, int]] = (),
) -> Clustering:
    """One alternative linkage: each scored pair is a link with its match probability."""
    drawn = [(a, b, 1.0) for a, b, p in edges if rng.random() < p]
    return cluster(records, drawn, 0.5, same, different)
