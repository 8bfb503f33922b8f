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
_SHORT_WORD_BEFORE = re.compile(r"(?:^|[^\w])\w{1,3}[.!?…]$")


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


# A related-articles box glued into the text where the page lost its layout: "Материалы по
# теме" and the linked article's time and date, headline and standfirst, each run into the next
# without a space ("…Материалы по теме20:17 29 мая 2013Террорист без …Организацией терактов
# занялись непредсказуемые одиночки25-летний барабанщик …").
_RELATED_HEAD = re.compile(
    r"(?:Материалы по теме|Матеріали по темі)\s*\d{1,2}:\d{2}\s+\d{1,2}\s+[а-яёіїєґ]+\s+\d{4}"
)
# (a lower-case letter or closing quote run into a capital, an opening quote or a digit)
# (a straight quote closes only after a non-space: 'репортаж "Ленты.ру"Материалы')
_RUN_IN = re.compile(r"(?:(?<=[а-яёіїєґa-z»”)])|(?<=\S\"))(?=[А-ЯЁІЇЄҐA-Z«“\d])")


def related_inserts(text: str) -> list[tuple[int, int]]:
    """Spans of related-articles boxes glued into the text: each box's head, then its headline
    and standfirst up to where the article's own text runs on (two run-in joins within 300
    characters; a box whose end cannot be told is left alone)."""
    out: list[tuple[int, int]] = []
    for m in _RELATED_HEAD.finditer(text):
        joins = [j.start() for j in _RUN_IN.finditer(text, m.end(), m.end() + 300)]
        joins = [j for j in joins if j > m.end() + 1]
        if len(joins) >= 2:
            out.append((m.start(), joins[1]))
    return out
