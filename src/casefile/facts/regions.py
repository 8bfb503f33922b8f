"""Regions of the world named in English text: a country's first-level divisions (ISO 3166-2,
as the maintained `pycountry` package ships them) and an area no list knows, named before its
kind ("in Nduga regency", "Tonj South county").

A region has no single point, so it is reported unplaced (`placed: false`, no coordinates),
`kind: "region"`, with its ISO 3166-2 code and country where the list knows it. A name from
the list is taken only where the text says it is a place: its kind after it ("Ituri
province"), or the tagger's place label after "in", "across", "of" … ("in Indonesia's Papua
region"). Many divisions are named by common words ("Central", "Lakes", "Unity"); those never
stand alone.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from casefile.facts.world import (
    TakenSpans,
    WorldPlace,
    is_country,
    place_payload,
    unplaced_payload,
)

_KINDS = (
    r"(?:region|province|state|regency|county|prefecture|governorate|department|oblast|"
    r"territory|division)s?"
)
_KIND_AFTER = re.compile(r"^\s+(?i:" + _KINDS + r")\b")
_LOCATIVE = re.compile(
    r"(?:\b(?:in|across|of|near|from|throughout|into|inside|around)\s+(?:the\s+)?"
    r"(?:(?:restive|troubled|remote|northern|southern|eastern|western|central|north|south|east|"
    r"west)\s+)?(?:[A-Z][\w-]+(?:'s|’s)\s+)?)$"
)
_RUN = re.compile(r"(?<![\w'’-])[A-Z][\w'’-]*[a-z](?:\s+[A-Z][\w'’-]*[a-z]){0,2}")
# A named area no list knows, before its kind: "in Nduga regency", "across Tonj South county".
_AREA_BEFORE_KIND = re.compile(
    r"\b(?:in|across|of|near|from|throughout|into|inside)\s+(?:the\s+)?"
    r"(?:[A-Z][a-z]+(?:'s|’s)\s+)?(?P<n>[A-Z][a-z-]+(?:\s+[A-Z][a-z-]+){0,2})\s+(?:regency|province|county|prefecture|"
    r"governorate|state|region)\b"
)
# Words that name divisions somewhere but mean a direction or a thing in a sentence.
_GENERIC = frozenset(
    re.findall(
        r"\w+",
        "north south east west central centre center northern southern eastern western "
        "northeast northwest southeast southwest north-east north-west south-east south-west "
        "capital coast coastal lakes lake islands island unity upper lower middle sud nord est "
        "ouest plateau mountain mountains river valley sea red blue white black national federal "
        "special autonomous city district the a an this that islamic state government army "
        "police health ministry",
    )
)


@dataclass(frozen=True)
class Region:
    name: str
    code: str
    country: str


def _fold(name: str) -> str:
    """Lower case without diacritics: "Kermān" and "Kerman" are one key."""
    decomposed = unicodedata.normalize("NFKD", name.replace("’", "'"))
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).lower().split())


@lru_cache(maxsize=1)
def region_index() -> dict[str, tuple[Region, ...]]:
    """Folded name -> the divisions of that name (several countries may have one)."""
    import pycountry

    index: dict[str, tuple[Region, ...]] = {}
    for sub in pycountry.subdivisions:
        key = _fold(sub.name)
        if len(key) < 4 or all(w in _GENERIC for w in key.split()):
            continue
        index[key] = (*index.get(key, ()), Region(sub.name, sub.code, sub.country_code))
    return index


def _one_of(regions: tuple[Region, ...], text: str) -> Region | None:
    """The division meant: the only one of its name, or the one whose country the text names
    ("Togo's Savanes region"; Côte d'Ivoire has a Savanes too)."""
    if len(regions) == 1:
        return regions[0]
    import pycountry

    named = [
        r
        for r in regions
        if (c := pycountry.countries.get(alpha_2=r.country)) is not None
        and re.search(r"\b" + re.escape(getattr(c, "common_name", c.name)) + r"\b", text)
    ]
    return named[0] if len(named) == 1 else None


def is_named_region(name: str, text: str) -> bool:
    """`name` is a first-level division of a country the text names ("Rakhine" in a report on
    Myanmar), so a word the tagger took for a person's name is the region's."""
    import pycountry

    for r in region_index().get(_fold(name), ()):
        c = pycountry.countries.get(alpha_2=r.country)
        if c is not None and re.search(r"\b" + re.escape(getattr(c, "common_name", c.name)), text):
            return True
    return False


def english_regions(
    text: str, known: Iterable[tuple[int, int]], entities: list[tuple[int, int, str]]
) -> list[dict[str, Any]]:
    """Regions named in English text that the city and village finders left: `known` are the
    spans already read as places, `entities` the tagger's (start, end, label)."""
    taken = TakenSpans(len(text), known)
    geo = {(s, e) for s, e, lab in entities if lab in ("GPE", "LOC")}
    people = [(s, e) for s, e, lab in entities if lab in ("PERSON", "ORG")]
    index = region_index()
    found: dict[str, tuple[Region | None, list[tuple[int, int]]]] = {}
    for m in _RUN.finditer(text):
        words = list(re.finditer(r"\S+", m.group(0)))
        # the longest name first, anywhere in the run ("Papua" in "Indonesia's Papua")
        spans = sorted(
            ((i, j) for i in range(len(words)) for j in range(i + 1, len(words) + 1)),
            key=lambda ij: ij[0] - ij[1],
        )
        for i, j in spans:
            s, e = m.start() + words[i].start(), m.start() + words[j - 1].end()
            name = text[s:e]
            key = _fold(name)
            if key not in index or not taken.free(s, e) or is_country(name):
                continue
            kind_after = _KIND_AFTER.match(text[e : e + 20])
            located = (s, e) in geo and _LOCATIVE.search(text[max(0, s - 60) : s])
            inside_name = any(a <= s and e <= b for a, b in people)
            if not (kind_after or (located and not inside_name)):
                continue
            region = _one_of(index[key], text)
            label = region.name if region else name
            found.setdefault(_fold(label), (region, []))[1].append((s, e))
            taken.append((s, e))
            break
    for m in _AREA_BEFORE_KIND.finditer(text):
        s, e = m.span("n")
        name = m.group("n")
        if not taken.free(s, e) or name.split()[0].lower() in _GENERIC or is_country(name):
            continue
        known_as = index.get(_fold(name))
        region = _one_of(known_as, text) if known_as else None
        found.setdefault(_fold(name), (region, []))[1].append((s, e))
        taken.append((s, e))
    out = [_payload(region, spans, text) for region, spans in found.values()]
    return out + _tagged_places(text, taken, entities) + _described_places(text, taken)


# A place no list knows, described by its kind right after it: "at a bar in Vizcatan del Ene, a
# municipality located in …", "in Kheret, a village about 30 km from …".
_DESCRIBED = re.compile(
    r"\b(?:in|at|near|from|into|outside)\s+(?:the\s+)?"
    r"(?P<n>[A-Z][\w'’-]*[a-z](?:\s+(?:del|de|de la|la|al|el|[A-Z][\w'’-]*[a-z])){0,3}),\s+"
    r"(?:a|an|the)\s+(?:(?:small|remote|tiny|large|rural|mountainous|northern|southern|eastern|"
    r"western|central|farming|fishing|border|coastal|nearby|predominantly|mainly|mostly|"
    r"[A-Z][\w-]+|[\w-]+-(?:populated|majority|dominated|controlled|held))\s+){0,3}"
    r"(?:village|town|city|municipality|district|hamlet|settlement|township|commune|locality|"
    r"community|neighbou?rhood|suburb|camp|county|province|region|island)\b"
)


def _described_places(text: str, taken: TakenSpans) -> list[dict[str, Any]]:
    """Places described by their kind after a comma, reported as written and unplaced."""
    found: dict[str, list[tuple[int, int]]] = {}
    for m in _DESCRIBED.finditer(text):
        s, e = m.span("n")
        name = m.group("n")
        if not taken.free(s, e) or name.split()[0].lower() in _GENERIC or is_country(name):
            continue
        found.setdefault(name, []).append((s, e))
        taken.append((s, e))
    return [
        place_payload(WorldPlace(name, "", None, None, 0, None), spans, text, placed=False)
        for name, spans in found.items()
    ]


# A place the tagger names after "in", "near", "at" …, with at most one word between ("in the
# Israeli-occupied Golan Heights", "in Majdal Shams").
_AT_PLACE = re.compile(r"\b(?:in|near|at|outside|into|inside)\s+(?:the\s+)?(?:[\w'’-]+\s+)?$", re.I)


def _tagged_places(
    text: str, taken: TakenSpans, entities: list[tuple[int, int, str]]
) -> list[dict[str, Any]]:
    """Places no list knows that the tagger labels a place (GPE, LOC) right after a word of
    place: reported as written, unplaced and without a kind."""
    found: dict[str, list[tuple[int, int]]] = {}
    for s, e, label in entities:
        name = re.sub(r"['’]s$", "", text[s:e])  # "Sri Lanka's" is Sri Lanka
        e = s + len(name)
        if (
            label not in ("GPE", "LOC")
            or not taken.free(s, e)
            or not name[:1].isupper()
            or len(name.split()) > 4
            or is_country(name)
            or name.split()[0].lower() in _GENERIC
            or not _AT_PLACE.search(text[max(0, s - 40) : s])
        ):
            continue
        found.setdefault(name, []).append((s, e))
        taken.append((s, e))
    return [
        place_payload(WorldPlace(name, "", None, None, 0, None), spans, text, placed=False)
        for name, spans in found.items()
    ]


def _payload(region: Region | None, spans: list[tuple[int, int]], text: str) -> dict[str, Any]:
    name = region.name if region else text[spans[0][0] : spans[0][1]]
    where = WorldPlace(name, region.country if region else "", None, None, 0, None)
    payload = place_payload(where, sorted(spans), text, placed=False)
    payload.update(
        kind="region",
        centre=None,
        iso_3166_2=region.code if region else None,
        gazetteer="iso3166-2" if region else None,
    )
    return payload


# Territories that are neither a country nor a city nor a first-level division in ISO 3166-2,
# which reports name all the time: in English, Ukrainian and Russian, written for casefile.
_TERRITORIES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern))
    for name, pattern in (
        ("Gaza Strip", r"\bGaza Strip\b|(?i:сектор[аеуі]?|сектором)\s+Газ[аиі]\b"),
        (
            "West Bank",
            r"\bWest Bank\b|Західн(?:ий|ого|ому|им)\s+берег\w*|Западн(?:ый|ого|ом|ым)\s+берег\w*",
        ),
        ("Golan Heights", r"\bGolan Heights\b|Голанськ\w+\s+висот\w*|Голанск\w+\s+высот\w*"),
        ("Darfur", r"\bDarfur\b|Дарфур\w*"),
        ("Sinai", r"\bSinai(?: Peninsula)?\b|Синай(?:\w{0,3})\b"),
    )
)


def territories(text: str, known: Iterable[tuple[int, int]]) -> list[dict[str, Any]]:
    """The territories of `_TERRITORIES` named in the text ("the Gaza Strip", "у секторі
    Газа"), before any city of the same word is looked for: unplaced, `kind: "region"`."""
    taken = TakenSpans(len(text), known)
    out = []
    for name, pattern in _TERRITORIES:
        spans = [m.span() for m in pattern.finditer(text) if taken.free(*m.span())]
        if spans:
            payload = unplaced_payload(name, spans, text, "region")
            payload.update(centre=None, iso_3166_2=None)
            out.append(payload)
            for span in spans:
                taken.append(span)
    return out
