"""Tolls of earlier incidents told as background: a report ends with what happened before ("16
февраля в результате теракта в Кветте погибли 200 человек", "в декабре 2012 года … застрелил 26
человек", "11 сентября 2012 года. Тогда погиб посол"). Such a figure gets the note "earlier
incident": it is kept, with its span, but it is not this incident's toll."""

from __future__ import annotations

import re
from typing import Any

_MONTH = (
    r"(?:январ|феврал|март|апрел|ма[йяе]|июн|июл|август|сентябр|октябр|ноябр|декабр|січ|лют|"
    r"берез|квіт|трав|черв|лип|серп|верес|жовт|листопад|груд)[а-яёіїєґ]*"
)
_DATE = re.compile(
    # "16 февраля", "11 сентября 2012 года", "в декабре 2012 года", "за весь 2012 год"
    r"(?<![\w-])(?:(?P<d>\d{1,2})\s+" + _MONTH + r"|(?:в|у)\s+(?:начале\s+|конце\s+|середине\s+|"
    r"кінці\s+|середині\s+)?" + _MONTH + r"(?=\s+(?:19|20)\d\d)|(?:в|у|за)\s+(?:весь\s+|"
    r"увесь\s+)?(?P<y>(?:19|20)\d\d)\s+(?:год|році|рік))",
    re.I,
)
_MONTH_STEM = re.compile(_MONTH, re.I)
_THEN = re.compile(r"\s*(?:Тогда|Тоді)\b")
_NOTE = "earlier incident"


def _dates(sentence: str) -> set[tuple[str, str]]:
    out: set[tuple[str, str]] = set()
    for m in _DATE.finditer(sentence):
        if m.group("y"):
            out.add(("year", m.group("y")))
        else:
            month = _MONTH_STEM.search(m.group(0))
            out.add((m.group("d") or "", month.group(0).lower()[:3] if month else ""))
    return out


def mark_earlier_incidents(text: str, sents: list[tuple[int, int]], figures: list[Any]) -> None:
    """Note the figures told under a date other than the incident's (one told up to its first
    toll, or in the lead: the first two sentences), after the lead; not a count the lead gives
    as well."""
    if len(sents) < 3 or not figures:
        return
    lead_end = sents[1][1]

    def sentence_of(pos: int) -> int:
        return next((k for k, (s, e) in enumerate(sents) if s <= pos < e), -1)

    # the incident's own date: any told up to its first toll, or in the lead
    first = max(2, sentence_of(min(f.span[0] for f in figures)))
    main = set().union(*(_dates(text[s:e]) for s, e in sents[: first + 1]))
    lead = {(f.payload["category"], f.payload["count"]) for f in figures if f.span[0] < lead_end}
    for f in figures:
        k = sentence_of(f.span[0])
        if k < 0 or f.span[0] < lead_end or f.payload.get("note") is not None:
            continue
        if (f.payload["category"], f.payload["count"]) in lead:
            continue
        told = _dates(text[slice(*sents[k])])
        if not told and k > 0 and _THEN.match(text[slice(*sents[k])]):
            told = _dates(text[slice(*sents[k - 1])])  # "… 11 сентября 2012 года. Тогда погиб …"
        if told and not (told & main):
            f.payload["note"] = _NOTE
