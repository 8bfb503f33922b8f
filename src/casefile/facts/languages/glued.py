"""Sentences glued where a page lost its paragraph breaks: "(Jason Richards).Оба фигуранта …",
"сообщает Agence France-PresseПолиция начала …". Sentence splitters want a space after the
full stop, so the spans they return are split again at such joins."""

from __future__ import annotations

import re
from itertools import pairwise

# A full stop right before a Cyrillic capital (not after a short abbreviation: "г.Москва",
# "ул.Ленина", "т.Е"), or a Latin word running into a Cyrillic capitalised one.
_GLUED = re.compile(
    r"(?<=[\wа-яёіїєґ»)\]\"”][.!?…])(?=[«\"“]?[А-ЯЁІЇЄҐ])|(?<=[a-z])(?=[А-ЯЁІЇЄҐ][а-яёіїєґ])"
)
# (an acronym in capitals ends a sentence: "…, отмечает AFP.Как сообщалось", "комитета
# РФ.Дело возбудили"; an initial does not: "А.Иванов")
_SHORT_WORD_BEFORE = re.compile(
    r"(?:^|[^\w])(?:[A-ZА-ЯЁІЇЄҐ]?[a-zа-яёіїєґ0-9]{1,2}|[a-zа-яёіїєґ]{3}|[A-ZА-ЯЁІЇЄҐ])[.!?…]$"
)


def glued_joins(text: str, start: int = 0, end: int | None = None) -> list[int]:
    """Where, between `start` and `end`, a sentence was glued onto the one before."""
    end = len(text) if end is None else end
    joins: list[int] = []
    for m in _GLUED.finditer(text, start, end):
        cut = m.start()
        if _SHORT_WORD_BEFORE.search(text[max(start, cut - 6) : cut]):
            continue  # "г.Москва": an abbreviation, not a sentence's end
        if cut - (joins[-1] if joins else start) >= 2:
            joins.append(cut)
    return joins


def split_glued(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """`spans` with each one cut where two sentences were glued together."""
    out: list[tuple[int, int]] = []
    for s, e in spans:
        cuts = [s, *glued_joins(text, s, e), e]
        out.extend(pairwise(cuts))
    return out
