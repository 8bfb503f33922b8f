"""Scored pairs into persons, with the reviewers' decisions as hard constraints.

Pairs are merged strongest first (union-find). A "same" decision merges its pair before
anything else; a "different" decision is a cannot-link: two groups are never merged when that
would put such a pair in one person, however strong the other links are. With the records'
profiles given, two groups whose records contradict each other (two sexes, two full birth
dates more than a typo apart) are not merged by scores either: links do not chain through
namesakes, whatever the pair probabilities say (a reviewer's "same" still can).
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from casefile.people.names import one_typo_apart


@dataclass(frozen=True)
class Profile:
    """What of a record no true link can contradict: its sex, its full birth date (ISO)."""

    sex: str | None = None
    birth_date: str | None = None


def _dates_agree(a: str, b: str) -> bool:
    """Two full ISO dates the same but for one typo or the day and month swapped."""
    swapped = a[:4] == b[:4] and a[5:7] == b[8:10] and a[8:10] == b[5:7]
    return one_typo_apart(a, b) or swapped


@dataclass
class _Traits:
    sexes: set[str] = field(default_factory=set)
    dates: set[str] = field(default_factory=set)

    @staticmethod
    def of(p: Profile | None) -> _Traits:
        if p is None:
            return _Traits()
        full = p.birth_date if p.birth_date and len(p.birth_date) == 10 else None
        return _Traits({p.sex} if p.sex else set(), {full} if full else set())

    def contradicts(self, other: _Traits) -> bool:
        if len(self.sexes | other.sexes) > 1:
            return True
        return any(not _dates_agree(a, b) for a in self.dates for b in other.dates if a != b)

    def merged(self, other: _Traits) -> _Traits:
        return _Traits(self.sexes | other.sexes, self.dates | other.dates)


@dataclass
class Clustering:
    person_of: dict[int, int]  # record -> root record (smallest id in the person)
    accepted: set[tuple[int, int]] = field(default_factory=set)
    refused: set[tuple[int, int]] = field(default_factory=set)  # blocked by a "different"
    contradicted: set[tuple[int, int]] = field(default_factory=set)  # blocked by profiles

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
    profiles: Mapping[int, Profile] | None = None,
) -> Clustering:
    """Persons from the edges at or above `threshold`, respecting decisions and, when given,
    the records' profiles."""
    parent: dict[int, int] = {r: r for r in records}
    members: dict[int, set[int]] = {}
    cannot: dict[int, set[int]] = {}
    traits: dict[int, _Traits] = {}

    def traits_of(root: int) -> _Traits:
        if root not in traits:
            traits[root] = _Traits.of(profiles.get(root) if profiles else None)
        return traits[root]

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

    def contradicts(a: int, b: int) -> bool:
        ra, rb = find(a), find(b)
        return ra != rb and profiles is not None and traits_of(ra).contradicts(traits_of(rb))

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
        if profiles is not None:
            traits[ra] = traits_of(ra).merged(traits_of(rb))
            traits.pop(rb, None)
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
        if contradicts(a, b):
            out.contradicted.add(pair(a, b))
        elif union(a, b):
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
    profiles: Mapping[int, Profile] | None = None,
) -> Clustering:
    """One alternative linkage: each scored pair is a link with its match probability."""
    drawn = [(a, b, 1.0) for a, b, p in edges if rng.random() < p]
    return cluster(records, drawn, 0.5, same, different, profiles)
