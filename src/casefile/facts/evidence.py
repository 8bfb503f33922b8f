"""Kinds of evidence a report mentions: pointers for the analyst to go and collect."""

from __future__ import annotations

import re
from dataclasses import dataclass

_KINDS: tuple[tuple[str, str], ...] = (
    (
        "satellite imagery",
        r"satellite (?:imagery|images?|photos?|pictures?)|супутников\w+ знім\w+|"
        r"спутников\w+ снимк\w+",
    ),
    (
        "mass grave",
        r"mass graves?|масов\w+ поховання?|братськ\w+ могил\w+|масов\w+ захоронени\w+|"
        r"братск\w+ могил\w+",
    ),
    (
        "witness account",
        r"witness(?:es)?(?: accounts?| testimon\w+| statements?)?|eyewitness\w*|"
        r"survivors? (?:said|told|recalled|described)|свідк\w+|свідчен\w+|"
        r"свидетел\w+|свидетельств\w+|очевид\w+",
    ),
    (
        "photo/video",
        r"photos?|photographs?|video(?:s| footage)?|footage|images|drone footage|"
        r"фото\w*|відео\w*|видео\w*|знімк\w+|снимк\w+",
    ),
    (
        "forensic",
        r"forensic\w*|exhumation\w*|autops\w+|post-mortem|DNA|ексгумац\w+|експертиз\w+|"
        r"судово-медичн\w+|эксгумац\w+|экспертиз\w+|судебно-медицинск\w+",
    ),
    (
        "intercepted communication",
        r"intercept(?:ed|s)? (?:calls?|communications?|conversations?)|"
        r"перехоплен\w+|перехвачен\w+",
    ),
    (
        "document",
        r"documents? (?:found|seized|left)|records? (?:show|found)|"
        r"документ\w+",
    ),
)


def _alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a pattern."""
    out, depth, start = [], 0, 0
    for i, c in enumerate(pattern):
        if c == "(" and (i == 0 or pattern[i - 1] != "\\"):
            depth += 1
        elif c == ")" and pattern[i - 1] != "\\":
            depth -= 1
        elif c == "|" and depth == 0:
            out.append(pattern[start:i])
            start = i + 1
    return [*out, pattern[start:]]


def heads_lookahead(pattern: str) -> str:
    """A lookahead for the first two letters of each alternative (each opens with two letters):
    it fails at once at most of an article's word boundaries, where the alternatives would be
    tried one by one (case-insensitive ones are not skipped by their first letter). The same
    matches in about half the time; tests/facts/test_speed_paths_2.py holds them to the full
    patterns."""
    alts = _alternatives(pattern)
    assert all(a[:2].isalpha() for a in alts), pattern
    first = "".join(sorted({a[0] for a in alts}))
    second = "".join(sorted({a[1] for a in alts}))
    return f"(?=[{first}][{second}])"


_PATTERNS = [
    (kind, re.compile(r"\b" + heads_lookahead(pat) + r"(?:" + pat + r")\b", re.I))
    for kind, pat in _KINDS
]


@dataclass
class EvidenceMention:
    start: int
    end: int
    kind: str
    text: str


def find_evidence(text: str) -> list[EvidenceMention]:
    out: list[EvidenceMention] = []
    taken: list[tuple[int, int]] = []
    for kind, pat in _PATTERNS:
        for m in pat.finditer(text):
            if any(not (m.end() <= a or m.start() >= b) for a, b in taken):
                continue
            out.append(EvidenceMention(m.start(), m.end(), kind, m.group(0)))
            taken.append((m.start(), m.end()))
    out.sort(key=lambda e: e.start)
    return out
