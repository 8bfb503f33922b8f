"""Kinds of evidence a report mentions: pointers for the analyst to go and collect."""

from __future__ import annotations

import re
from dataclasses import dataclass

from casefile.facts.patterns import heads_lookahead

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
