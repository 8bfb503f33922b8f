"""Gazetteer places found in a text as place facts: Latin names (English reports) and
Cyrillic names in their inflected forms, one fact per place with every span."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from casefile.facts.gazetteer import Place, find_cyrillic, is_centre, latin_names, region_name
from casefile.facts.model import Fact


def place_fact(place: Place, spans: list[tuple[int, int]], text: str) -> Fact:
    return Fact(
        "place",
        spans[0],
        {
            "name": place.name,
            "oblast": place.oblast,
            "lat": place.lat,
            "lon": place.lon,
            "country": "UA",
            "placed": True,
            "gazetteer": "ukraine",
            "mentions": sorted({text[s:e] for s, e in spans}),
            "spans": [list(s) for s in spans],
        },
    )


@lru_cache(maxsize=1)
def _latin_regex() -> re.Pattern[str]:
    names = sorted(latin_names(), key=len, reverse=True)
    # The lookahead for the names' first two letters fails at once at most word starts, where
    # the 363 names would be tried one by one: the same matches in half the time.
    heads = "".join("[" + "".join(sorted({re.escape(n[k]) for n in names})) + "]" for k in (0, 1))
    return re.compile(
        r"(?<![\w-])(?=" + heads + r")(" + "|".join(re.escape(n) for n in names) + r")(?![\w-])"
    )


@lru_cache(maxsize=1)
def _latin_names() -> dict[str, Place]:
    return latin_names()


# "the Kharkiv region", "Kyiv Oblast"; "the Lugansk People's Republic" is the occupied
# region's name for itself, the oblast, not its centre
_REGION_AFTER = re.compile(r"\s+(?:[Rr]egion|[Oo]blast|[Pp]rovince|People['’]s Republic)\b")


def latin_places(text: str) -> list[Fact]:
    """Latin gazetteer names; an oblast centre followed by "region" / "oblast" ("the Kharkiv
    region", "Kyiv Oblast") is the region, as in Cyrillic text."""
    by_place: dict[str, tuple[Place, list[tuple[int, int]]]] = {}
    by_region: dict[str, tuple[Place, list[tuple[int, int]]]] = {}
    names = _latin_names()
    for m in _latin_regex().finditer(text):
        place = names[m.group(1)]
        region = _REGION_AFTER.match(text, m.end())
        if region and is_centre(place):
            by_region.setdefault(place.name, (place, []))[1].append((m.start(), region.end()))
        else:
            by_place.setdefault(place.name, (place, []))[1].append((m.start(), m.end()))
    return [place_fact(p, spans, text) for p, spans in by_place.values()] + [
        region_fact(p, spans, text) for p, spans in by_region.values()
    ]


def region_fact(centre: Place, spans: list[tuple[int, int]], text: str) -> Fact:
    """An oblast named in the text ("на Київщині", "Киевская область"): a region, named in
    English like the gazetteer's places; it has no single point, so no coordinates."""
    return Fact(
        "place",
        spans[0],
        {
            "name": region_name(centre),
            "kind": "region",
            "oblast": "Kyiv" if centre.oblast == "Kyiv City" else centre.oblast,
            "centre": centre.name,
            "lat": None,
            "lon": None,
            "country": "UA",
            "placed": True,
            "gazetteer": "ukraine",
            "mentions": sorted({text[s:e] for s, e in spans}),
            "spans": [list(s) for s in spans],
        },
    )


def cyrillic_places(text: str, lang: str, lemma: Any = None) -> list[Fact]:
    by_place: dict[str, tuple[Place, list[tuple[int, int]]]] = {}
    by_region: dict[str, tuple[Place, list[tuple[int, int]]]] = {}
    for m in find_cyrillic(text, lang, lemma):
        into = by_region if m.region else by_place
        into.setdefault(m.place.name, (m.place, []))[1].append((m.start, m.end))
    # Latin names inside a Cyrillic text (quoted English sources) count too.
    for f in latin_places(text):
        into = by_region if f.payload.get("kind") == "region" else by_place
        key = f.payload.get("centre") or f.payload["name"]
        into.setdefault(key, (latin_names()[key], []))[1].extend(
            tuple(s) for s in f.payload["spans"]
        )
    return [place_fact(p, sorted(spans), text) for p, spans in by_place.values()] + [
        region_fact(p, sorted(spans), text) for p, spans in by_region.values()
    ]
