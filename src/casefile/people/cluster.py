"""Scored pairs into persons, with the reviewers' decisions as hard constraints.

Pairs are merged strongest first (union-find). A "same" decision merges its pair before
anything else; a "different" decision is a cannot-link: two groups are never merged when that
would put such a pair in one person, however strong the other links are. With the records'
profiles given, a link is not followed when it would put in one person two records that
contradict each other (two sexes, two full birth dates more than two typos apart) and that are
not themselves linked, nor both linked to one record that saw the difference (it has a full
birth date or a sex of its own): links do not chain through namesakes, whatever the pair
probabilities say. A pair the model links directly was judged with its own birth dates and
sexes in view (FEBRL's duplicates carry a wrong birth date and still agree on everything
else); a reviewer's "same" merges anything.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Profile:
    """What of a record no true link can contradict: its sex, its full birth date (ISO)."""

    sex: str | None = None
    birth_date: str | None = None


def _edits(a: str, b: str) -> int:
    """Optimal string alignment distance: letters dropped, added, changed, neighbours swapped."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


def _dates_agree(a: str, b: str) -> bool:
    """Two full ISO dates that could be one date typed twice: at most two digits wrong (each
    list may have mistyped one) or the day and month swapped."""
    swapped = a[:4] == b[:4] and a[5:7] == b[8:10] and a[8:10] == b[5:7]
    return swapped or _edits(a.replace("-", ""), b.replace("-", "")) <= 2


def _full(date: str | None) -> bool:
    return bool(date and len(date) == 10)


def _conflict(p: Profile, q: Profile) -> bool:
    if p.sex and q.sex and p.sex != q.sex:
        return True
    a, b = p.birth_date, q.birth_date
    return bool(a and b and _full(a) and _full(b) and not _dates_agree(a, b))


def _bridges(z: Profile | None, p: Profile, q: Profile) -> bool:
    """Whether a record linked directly to both p and q saw what they disagree on: then it
    disagreed with one of them itself and the model still linked it (a duplicate's wrong
    birth date), which a namesake without a birth date between two others cannot show."""
    if z is None:
        return False
    if p.sex and q.sex and p.sex != q.sex and not z.sex:
        return False
    a, b = p.birth_date, q.birth_date
    dates_differ = _full(a) and _full(b) and not _dates_agree(str(a), str(b))
    return not dates_differ or _full(z.birth_date)


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
        """Whether linking a and b joins two contradicting records not linked themselves."""
        ra, rb = find(a), find(b)
        if profiles is None or ra == rb:
            return False
        known = profiles.get
        left = [(x, known(x)) for x in group(ra)]
        right = [(y, known(y)) for y in group(rb)]
        return any(
            _conflict(p, q) and not _bridged(x, p, y, q, a, b)
            for x, p in left
            if p is not None
            for y, q in right
            if q is not None and pair(x, y) not in linked
        )

    def _bridged(x: int, p: Profile, y: int, q: Profile, a: int, b: int) -> bool:
        """Whether x and y are both linked (by an accepted link, or by a-b, the one being
        weighed) to one record that saw what they disagree on."""

        def around(r: int) -> set[int]:
            return near.get(r, set()) | ({b} if r == a else {a} if r == b else set())

        seen = profiles or {}
        return any(_bridges(seen.get(z), p, q) for z in around(x) & around(y))

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
    linked = {pair(a, b) for _, a, b in strong}
    near: dict[int, set[int]] = {}  # records accepted into one person with each record
    for _, a, b in strong:
        parent.setdefault(a, a)
        parent.setdefault(b, b)
        if contradicts(a, b):
            out.contradicted.add(pair(a, b))
        elif union(a, b):
            out.accepted.add(pair(a, b))
            near.setdefault(a, set()).add(b)
            near.setdefault(b, set()).add(a)
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
