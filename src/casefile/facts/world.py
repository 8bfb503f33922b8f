"""Places outside the Ukrainian gazetteer: GeoNames cities (data/world.tsv), and places that
cannot be placed.

world.tsv holds every GeoNames city of 15,000 people or more (CC BY 4.0, see data/README.md)
with alternate names in Latin, Cyrillic and Arabic script. A name in a report is placed when it
is one of those names; a village the list does not know ("Nyaung Kone village", "у селі
Ківшарівка") is still reported, without coordinates and with `placed: false`.

Common words never become places: in English a single word must be a proper noun to the tagger
(or a place entity), in Ukrainian and Russian a word the dictionary knows only as a common noun
("Роботи", "Газ") is not a place unless a geographic cue stands before it ("сектор Газа").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any


@dataclass(frozen=True)
class WorldPlace:
    name: str
    country: str
    lat: float | None
    lon: float | None
    population: int
    geonameid: int | None


_KEY_GAPS = re.compile(r"[\s'\-‐]+")


def _key(name: str) -> str:
    name = name.lower().replace("’", "'").replace("ʼ", "'").replace("ё", "е")
    return _KEY_GAPS.sub(" ", name).strip()


@lru_cache(maxsize=1)
def country_names() -> frozenset[str]:
    """Country names in English, Ukrainian and Russian (normalised), from data/countries.txt
    and the short names news uses (data/country_aliases.txt)."""
    data = "\n".join(
        resources.files("casefile.facts.data").joinpath(name).read_text("utf-8")
        for name in ("countries.txt", "country_aliases.txt")
    )
    return frozenset(_key(n) for n in data.splitlines() if n and not n.startswith("#"))


def is_country(name: str) -> bool:
    """`name` is a country's name (English, Ukrainian or Russian)."""
    return _key(name) in country_names()


def is_city(name: str, population: int = 100_000) -> bool:
    """`name` is a city of at least `population` people by its own name (not an alternate)."""
    place = world_index().get(_key(name))
    return place is not None and place.population >= population and _key(place.name) == _key(name)


@lru_cache(maxsize=1)
def world_index() -> dict[str, WorldPlace]:
    """Every name and alternate name (normalised) → the most populous city of that name. An
    alternate name that is a country's name is left out: "India" is a country, not Inđija."""
    index: dict[str, WorldPlace] = {}
    countries = country_names()
    data = resources.files("casefile.facts.data").joinpath("world.tsv").read_text("utf-8")
    for line in data.splitlines()[1:]:
        gid, name, country, lat, lon, pop, alts = line.split("\t")
        place = WorldPlace(name, country, float(lat), float(lon), int(pop), int(gid))
        index.setdefault(_key(name), place)  # rows are sorted by population, largest first
        for n in alts.split("|"):
            if n and _key(n) not in countries:
                index.setdefault(_key(n), place)
    return index


def place_payload(
    place: WorldPlace, spans: list[tuple[int, int]], text: str, placed: bool = True
) -> dict[str, Any]:
    return {
        "name": place.name,
        "oblast": None,
        "country": place.country or None,
        "lat": place.lat,
        "lon": place.lon,
        "placed": placed,
        "gazetteer": "geonames" if placed else None,
        "mentions": sorted({text[s:e] for s, e in spans}),
        "spans": [list(s) for s in spans],
    }


def unplaced_payload(
    name: str, spans: list[tuple[int, int]], text: str, kind: str | None = None
) -> dict[str, Any]:
    """A place no list places (a country, a region, a street), as written, without a point."""
    payload = place_payload(WorldPlace(name, "", None, None, 0, None), spans, text, False)
    if kind is not None:
        payload["kind"] = kind
    return payload


# ------------------------------------------------------------------------------------ English

_LOCATIVE = (
    r"\b(?:in|at|near|from|outside|around|into|across|towards?|of|village|town|city|"
    r"district|province|region|township|state|camp|capital,?)\s+(?:the\s+)?(?:\w+\s+)?$"
    # a dateline: the name opens its line, before its date, country or agency ("Sana'a, March
    # 15 (Hibya) -", "YOLA (Adamawa, Nigeria), Nov 4", "KHARTOUM, Sudan (AP) -")
    r"|(?:^|\n)$"
)
_LOCATIVE_RE = re.compile(_LOCATIVE)
_RUN_WORD = re.compile(r"[A-Za-z'’]+")
_DATELINE_AFTER = re.compile(r"^(?:\s*\([^)\n]{1,40}\))?,\s+[A-Z][a-z]+\.?(?:\s+\d{1,2}\b|\s*\()")
_ACTOR_AFTER = re.compile(
    r"^(?:'s|’s|\s+(?:has|have|had|is|was|said|says|denied|denies|claims|claimed|called|calls|"
    r"accused|accuses|insists|insisted|rejected|rejects|dismissed|dismisses|responded|blamed|"
    r"did|does|would|will|maintains|maintained|argued|argues)\b)"
)
_ACTOR_BEFORE = re.compile(r"\b(?:accused|accuses|blamed|blames|urged|urges|told|warned)\s+$")
_CYR_ACTOR_AFTER = re.compile(
    r"^\s+(?:заяв\w*|запереч\w*|отрица\w*|назва\w*|обвин\w*|звинува\w*|відкида\w*|"
    r"отверга\w*|настаива\w*|наполяга\w*|счита\w*|вважа\w*|утвержда\w*|стверджу\w*)"
)
_NOT_PLACES = frozenset(
    re.findall(
        r"\w+",
        "January February March April May June July August September October November "
        "December Monday Tuesday Wednesday Thursday Friday Saturday Sunday Union Mitchell "
        # holy months and feasts that are also some town's alternate name ("Ramadan")
        "Police Ramadan Eid Christmas Easter Passover Hanukkah Diwali Nowruz Lent Advent",
    )
)

_PARTICLE = r"(?:al|el|ad|ag|an|ar|as|ash|at|az|ed|es|bin|ibn|abu|um|de|la|du|da|di)"
_CAP_RUN = re.compile(
    r"(?<![\w'’-])(?:(?:[Aa]l|[Ee]l|[Aa]d|[Aa]n|[Aa]s|[Aa]sh|[Aa]r)[- ])?[A-Z][a-z'’]+(?:[a-z])?"
    r"(?:(?:[- ](?:" + _PARTICLE + r")[- ]|[- ])[A-Z][a-z'’]+){0,3}"
)
_VILLAGE_AFTER = re.compile(
    r"(?<![\w-])(?P<n>[A-Z][a-z'’]+(?:[ -][A-Z][a-z'’]+){0,2})\s+"
    r"(?:village|town|township|refugee camp|camp|neighbou?rhood|district|settlement)\b"
)
_VILLAGE_BEFORE = re.compile(
    r"\b(?:village|town|city|township|camp|neighbou?rhood|settlement|hamlet)s?\s+of\s+"
    # (a particle is a word of its own: "Tchoma Bangou and Zaroumadareye" ends before "and")
    r"(?P<n>[A-Z][a-z'’]+(?:[ -](?:(?:al|el|an|ad|as|ash)(?![\w'’])|[A-Z][a-z'’]+)){0,3})"
)
# "Khuafo, a village of about 60 households", "Moe Tar Lay, a small village in …"
_VILLAGE_APPOSITIVE = re.compile(
    r"(?<![\w-])(?P<n>[A-Z][a-z'’]+(?:[ -][A-Z][a-z'’]+){0,2}),\s+an?\s+"
    r"(?:(?:small|remote|tiny|farming|rural|border|frontline|mountain|hilltop)\s+)?"
    r"(?:village|town|hamlet|settlement)\s*(?=,|of\b|in\b|near\b|on\b|about\b|some\b|"
    r"located\b|just\b|north|south|east|west|outside\b|close\b|where\b|that\b|which\b)"
)
# "lived in another Tavush village, Paravakar.": the name set after the word for it
_VILLAGE_NAMED_AFTER = re.compile(
    r"\b(?:village|town|hamlet|settlement)\s*,\s+(?P<n>[A-Z][a-z'’]+(?:[ -][A-Z][a-z'’]+){0,2})"
    r"(?=\s*[.;]|\s*,\s+(?:where|which|in|near|on)\b)"
)
# "near a small town called Sasit", "a village named Khuafo", "a camp known as Zamzam"
_VILLAGE_CALLED = re.compile(
    r"\b(?:village|town|hamlet|settlement|township|camp|city|neighbou?rhood|district)\s+"
    r"(?:called|named|known as)\s+(?P<n>[A-Z][a-z'’]+(?:[ -](?:al|el|an|ad|as|[A-Z][a-z'’]+)){0,2})"
)
# "GRDELICA, Yugoslavia —", "KINGSTON, Jamaica (AP) –": a dateline in capitals names the place
# of the report, whether or not a list knows it.
_CAPITAL_DATELINE = re.compile(
    r"(?m)^(?P<n>[A-Z][A-Z'’.]{2,}(?:[ -][A-Z][A-Z'’.]+){0,2}),\s+"
    # ("NASHVILLE, Tenn. (WKRN) –", "YANKTON, S.D. -")
    r"(?P<c>[A-Z][a-z]*\.?(?:\s?[A-Z][a-z]*\.?)?)\s*(?:\([^)\n]{1,20}\)\s*)?[—–-]"
)
# "HOUSTON - One man has died …": a dateline in capitals with only a dash after it, read when a
# list knows the town
_CAPITAL_DASH_DATELINE = re.compile(r"(?m)^(?P<n>[A-Z]{3,}(?:[ -][A-Z]{2,}){0,2})\s+[—–-]\s+\S")
# "Hopewell Police are investigating …", "The Baton Rouge Police Department": a town's force
# says where a local report happened
# ("St. Augustine Police Department"; "Savannah-Chatham Metropolitan Police", "Indianapolis
# Metropolitan Police Department": the city before the county it shares its force with)
_FORCE_OF_TOWN = re.compile(
    r"(?<![\w-])(?P<n>(?:St\. )?[A-Z][a-z]+(?: (?!Metropolitan\b)[A-Z][a-z]+){0,2}?)"
    r"(?:(?:-|\s)(?!Metropolitan\b)[A-Z][a-z]+(?=\s+Metropolitan\b))?"
    r"\s+(?:Metropolitan\s+)?(?:[Pp]olice|Police Department|PD)\b"
)
# A US county or parish, by its officers or as where it happened: "Anderson County deputies",
# "the Butler County Sheriff's Office", "in Miller County"
_COUNTY = re.compile(
    r"(?<![\w-])(?P<n>(?:St\. )?[A-Z][a-z]+(?: [A-Z][a-z]+)? (?:County|Parish))"
    r"(?=\s+(?:Sheriff|sheriff|[Dd]eputies|Police|police|Coroner|coroner|Jail|jail|"
    r"District Attorney|Prosecutor|prosecutor|Medical Examiner|[Dd]etectives|[Ii]nvestigators|"
    r"[Aa]uthorities|[Oo]fficials|Fire|Court|court)\b)"
    r"|(?<=\b[Ii]n )(?P<i>(?:St\. )?[A-Z][a-z]+(?: [A-Z][a-z]+)? (?:County|Parish))\b"
)
_NOT_A_COUNTY = frozenset({"The", "A", "An", "This", "That", "Each", "Every", "Our", "Its"})
# A town's name before a word for its people: "Weatherford student accidentally shot himself",
# "Paterson man charged" (read when a list knows the town)
_TOWNS_PERSON = re.compile(
    r"(?<![\w-])(?P<n>[A-Z][a-z]+(?: [A-Z][a-z]+)?)\s+(?:teen|teenager|student|man|woman|boy|"
    r"girl|resident|mother|father|toddler|child|couple|family|officer|deputy|"
    r"teens|teenagers|students|men|women|boys|girls|residents)\b"
)
_NOT_A_FORCES_TOWN = frozenset(
    re.findall(
        r"\w+",
        "Metro Metropolitan Union Transit University Campus Airport Port Park Military Federal "
        "Border National State Capitol Railway Tribal Village City County Township Harbor "
        "Housing School Secret Royal Riot Traffic Military Judicial Religious Morality",
    )
)
# "West Baltimore", "Southwest Houston": a part of the city named by its direction
_DIRECTION = frozenset(
    re.findall(
        r"\w+", "North South East West Northwest Northeast Southwest Southeast Downtown Midtown"
    )
)
_NAMED_AS_PLACE_BEFORE = re.compile(
    r"\b(?:city|town|village|resort|port|district|province|region)\s+of\s+$", re.I
)
_NAMED_AS_PLACE_AFTER = re.compile(r"\s+(?:airport|city|province|governorate|district)\b")
_NOT_DATELINE = frozenset({"UPDATE", "BREAKING", "WATCH", "EXCLUSIVE", "LIVE", "OPINION"})
_NOT_VILLAGE = frozenset(
    re.findall(
        r"\w+",
        "The A An This That Our Their His Her Its Each Every Some One Two Northern Southern "
        "Eastern Western Central Northwestern Northeastern Southwestern Southeastern Ancient "
        "Old New Many Several Border Frontline Nearby Neighbouring Neighboring Small Large "
        "Remote Pale Township",
    )
)


class TakenSpans:
    """The characters already read as a place or a name. A long report has thousands of such
    spans; asking whether a span is free is a look at its characters, not a scan of them all."""

    def __init__(self, length: int, spans: Iterable[tuple[int, int]]) -> None:
        self.mask = bytearray(length)
        for span in spans:
            self.append(span)

    def append(self, span: tuple[int, int]) -> None:
        s, e = max(0, span[0]), min(len(self.mask), span[1])
        if s < e:
            self.mask[s:e] = b"\x01" * (e - s)

    def free(self, s: int, e: int) -> bool:
        return 1 not in self.mask[max(0, s) : e]


def english_places(
    text: str,
    known: Iterable[tuple[int, int]],
    entities: list[tuple[int, int, str]],
    propn: set[int],
) -> list[dict[str, Any]]:
    """World cities named in English text, and villages named as such that no list knows.

    `known` are spans the Ukrainian gazetteer already placed; `entities` the tagger's
    (start, end, label); `propn` the start offsets of tokens tagged as proper nouns."""
    index = world_index()
    taken = TakenSpans(len(text), known)
    people = [(s, e) for s, e, lab in entities if lab == "PERSON"]
    geo = {(s, e) for s, e, lab in entities if lab in ("GPE", "LOC", "FAC")}
    found: dict[str, tuple[WorldPlace, list[tuple[int, int]], bool]] = {}

    free = taken.free

    for m in _CAP_RUN.finditer(text):
        words = list(_RUN_WORD.finditer(m.group(0)))
        done = False
        # Longest name first: "Beit Lahiya" before "Beit".
        for i in range(len(words)):
            for j in range(len(words), i, -1):
                s, e = m.start() + words[i].start(), m.start() + words[j - 1].end()
                cand = text[s:e]
                place = index.get(_key(cand))
                if place is None or not free(s, e):
                    continue
                if text[e : e + 1] == "-" or text[max(0, s - 1) : s] == "-":
                    continue  # part of a hyphenated name ("Port" in "Port-au-Prince")
                directed = i == 1 and words[0].group(0) in _DIRECTION and j == len(words)
                if (i, j) != (0, len(words)) and (s, e) not in geo and not directed:
                    continue  # part of a longer name ("Union" in "European Union")
                inside = any(
                    a <= s
                    and e <= b
                    and (a, b) != (s, e)
                    and lab not in ("GPE", "LOC", "FAC", "DATE")
                    for a, b, lab in entities
                )
                single_person = j - i == 1 and any(
                    (a, b) == (s, e) and lab == "PERSON" for a, b, lab in entities
                )
                # "the mountain resort of Abha", "Abha airport": a place, whatever the tagger
                # made of the word
                named = _NAMED_AS_PLACE_BEFORE.search(text[max(0, s - 40) : s]) or (
                    _NAMED_AS_PLACE_AFTER.match(text[e : e + 20])
                )
                if inside or (single_person and not named):
                    continue  # inside a person's or an organisation's name, or a person
                # ("at a West Baltimore gas station": the cue stands before the direction)
                head = m.start() if directed else s
                cue = _LOCATIVE_RE.search(text[max(0, head - 30) : head])
                if (cue and cue.group(0).endswith("\n")) or s == 0:
                    cue = _DATELINE_AFTER.match(text[e : e + 60])  # a line's start: a dateline
                # a dateline or "the capital X" says place whatever the tagger made of the word
                # (it splits "Sana'a")
                strong = cue is not None and (
                    cue.group(0).startswith((",", "(")) or "capital" in cue.group(0)
                )
                if (s, e) not in geo and (
                    (s not in propn and not strong) or cand in _NOT_PLACES or not cue
                ):
                    continue  # not tagged a place: only a proper noun after "in", "near" …
                if len(cand) < 4 and (s, e) not in geo:
                    continue
                found.setdefault(place.name, (place, [], True))[1].append((s, e))
                taken.append((s, e))
                done = True
                break
            if done:
                break
    for pat in (
        _VILLAGE_AFTER,
        _VILLAGE_BEFORE,
        _VILLAGE_APPOSITIVE,
        _VILLAGE_CALLED,
        _VILLAGE_NAMED_AFTER,
    ):
        for m in pat.finditer(text):
            s, e = m.span("n")
            name = m.group("n")
            if name.split()[0] in _NOT_VILLAGE or not free(s, e):
                continue
            if any(a <= s and e <= b for a, b in people) and (s, e) not in geo:
                pass  # the tagger's "person" is often a village it does not know
            place = index.get(_key(name))
            if place is not None:
                found.setdefault(place.name, (place, [], True))[1].append((s, e))
            else:
                unplaced = WorldPlace(name, "", None, None, 0, None)
                found.setdefault(name, (unplaced, [], False))[1].append((s, e))
            taken.append((s, e))
    for m in (*_CAPITAL_DASH_DATELINE.finditer(text), *_FORCE_OF_TOWN.finditer(text)):
        s, e = m.span("n")
        name = m.group("n").title()
        while " " in name and index.get(_key(name)) is None:
            # "The Baton Rouge Police Department": the town after the words before it
            cut = name.index(" ") + 1
            name, s = name[cut:], s + cut
        place = index.get(_key(name))
        if place is None or name in _NOT_A_FORCES_TOWN or not free(s, e) or is_country(name):
            continue
        found.setdefault(place.name, (place, [], True))[1].append((s, e))
        taken.append((s, e))
    for m in _COUNTY.finditer(text):
        g = "n" if m.group("n") else "i"
        s, e = m.span(g)
        name = m.group(g)
        if name.split()[0] in _NOT_A_COUNTY or not free(s, e):
            continue
        found.setdefault(name, (WorldPlace(name, "", None, None, 0, None), [], False))[1].append(
            (s, e)
        )
        taken.append((s, e))
    for m in _TOWNS_PERSON.finditer(text):
        s, e = m.span("n")
        place = index.get(_key(m.group("n")))
        if (
            place is None
            or s not in propn  # ("One man has died": a number, whatever a list calls "One")
            or not free(s, e)
            or is_country(m.group("n"))
            or any(a <= s < b for a, b in people)
            or any(a <= s < b and lab == "ORG" for a, b, lab in entities)
        ):
            continue
        found.setdefault(place.name, (place, [], True))[1].append((s, e))
        taken.append((s, e))
    for m in _CAPITAL_DATELINE.finditer(text):
        s, e = m.span("n")
        if m.group("n") in _NOT_DATELINE or not free(s, e):
            continue
        name = m.group("n").title().replace("’S", "’s").replace("'S", "'s")
        place = index.get(_key(name))
        if place is not None:
            found.setdefault(place.name, (place, [], True))[1].append((s, e))
        else:
            found.setdefault(name, (WorldPlace(name, "", None, None, 0, None), [], False))[
                1
            ].append((s, e))
        taken.append((s, e))
    out = []
    for place, spans, placed in found.values():
        # "Moscow denied …", "Moscow's account": the city standing for its government.
        spans[:] = [
            (s, e)
            for s, e in spans
            if not _ACTOR_AFTER.match(text[e : e + 30])
            and not _ACTOR_BEFORE.search(text[max(0, s - 20) : s])
        ]
        if not spans:
            continue
        # Later mentions of an unplaced village ("Nyaung Kone had over 300 homes").
        if not placed:
            for m in re.finditer(r"(?<![\w-])" + re.escape(place.name) + r"(?![\w-])", text):
                if free(*m.span()) and m.span() not in spans:
                    spans.append(m.span())
        out.append(place_payload(place, sorted(spans), text, placed))
    return out


# ------------------------------------------------------------------- Ukrainian and Russian

_CYR_WORD = re.compile(
    r"(?<![\w-])[А-ЯЁІЇЄҐ][а-яёіїєґ'’ʼ]+"
    # "Ростове-на-Дону", "Мраук-У", "Порт-о-Пренса" (a one-letter particle between hyphens)
    r"(?:-(?:[А-ЯЁІЇЄҐа-яёіїєґ][а-яёіїєґ'’ʼ]+|[А-ЯЁІЇЄҐ](?![\w-])|[а-яё](?=-)))*"
)
# A place in the locative or after a motion word: "у Газі", "в Ніалі", "из Хартума".
_PREPOSITION = re.compile(
    r"(?:^|[\s(«\"])(?:в|у|во|на|із|з|зі|из|со|до|від|від|от|біля|возле|около|під|под|поблизу|"
    r"вблизи|неподалік|недалеко от|через|навколо|вокруг|між|между)\s+$",
    re.I,
)
# "в городе Чаунг У", "у місті Ніала": a name after the word for a town, as written.
_CITY_CUE = re.compile(
    r"(?<![\w-])(?:город|города|городе|городом|городка|городке|городок|місто|міста|місті|містом|"
    r"містечко|містечка|містечку|столиц[аеиіуы]|столицею|столицей|"
    # a province or state no list knows: "в провинции Итури", "у штаті Бенуе"
    r"провинци[яиюей]|провінці[яїю]|провінцією|штат[аеуі]?|штатом)\s+(?=[А-ЯЁІЇЄҐ])",
    re.I,
)
_CYR_RUN = re.compile(
    r"[А-ЯЁІЇЄҐ][а-яёіїєґ'’ʼ]+(?:[ -](?:[А-ЯЁІЇЄҐ][а-яёіїєґ'’ʼ]+|[А-ЯЁІЇЄҐ](?![\w-])))*"
)

# Cyrillic letters to Latin, then one coarse spelling for both ("Ніала" and "Niala",
# "Хартум" and "Khartoum", "Мраук-У" and "Mrauk U" meet).
_CYR_LATIN = dict(
    zip(
        "абвгґдеєёжзиіїйклмнопрстуфхцчшщъыьэюя",
        re.findall(
            r"\S+",
            "a b v g g d e ie io zh z i i i i k l m n o p r s t u f kh ts ch sh shch _ y _ e iu ia",
        ),
        strict=True,
    )
)
_SKELETON_STEPS = (
    ("kh", "g"), ("gh", "g"), ("ch", "c"), ("sh", "s"), ("zh", "z"), ("ts", "c"), ("tz", "c"),
    ("ph", "f"), ("h", "g"), ("w", "v"), ("ou", "u"), ("oo", "u"), ("ee", "i"), ("y", "i"),
    ("j", "i"), ("q", "k"), ("x", "ks"),
)  # fmt: skip

_CYR_TABLE = str.maketrans({**_CYR_LATIN, "_": "", "ʼ": "", "’": ""})
_CYR_TABLE.update({ord(k): v.replace("_", "") for k, v in _CYR_LATIN.items()})
_SKELETON_MAP = dict(_SKELETON_STEPS)
_SKELETON_RE = re.compile("|".join(re.escape(a) for a, _ in _SKELETON_STEPS))
_NON_LETTERS = re.compile(r"[^a-z]+")
_DOUBLE = re.compile(r"(.)\1+")


def skeleton(name: str) -> str:
    """A coarse spelling key shared by a Latin name and its Cyrillic transcriptions."""
    import unicodedata

    low = name.lower()
    if not low.isascii():
        low = low.translate(_CYR_TABLE)
        low = "".join(c for c in unicodedata.normalize("NFKD", low) if not unicodedata.combining(c))
    low = _NON_LETTERS.sub(" ", low.replace("'", "")).strip()
    low = _SKELETON_RE.sub(lambda m: _SKELETON_MAP[m.group(0)], low)
    return _DOUBLE.sub(r"\1", low)


@lru_cache(maxsize=1)
def skeleton_index() -> dict[str, WorldPlace]:
    """Each Latin name's skeleton → the most populous city of that name (built on first use)."""
    out: dict[str, WorldPlace] = {}
    for key, place in world_index().items():
        if key.isascii():
            sk = skeleton(key)
            if len(sk) >= 4 and (sk not in out or out[sk].population < place.population):
                out[sk] = place
    return out


_CASE_ENDINGS = ("ою", "ею", "ой", "ей", "ом", "ем", "ові", "еві", "і", "е", "у", "ю", "а",
                 "я", "и", "ы", "ї")  # fmt: skip


def nominative_candidates(word: str) -> list[str]:
    """The word as written, then with a case ending taken off or put back to -а/-я/-ь
    ("Ніалі" → Ніала, "Хартуме" → Хартум)."""
    out = [word]
    low = word.lower()
    for end in _CASE_ENDINGS:
        if low.endswith(end) and len(low) - len(end) >= 3:
            stem = word[: -len(end)]
            out.extend(stem + r for r in ("", "а", "я", "ь"))
    return list(dict.fromkeys(out))


_GEO_CUE = re.compile(
    r"(?:сектор\w*|місто|міста|місті|город\w*|провінці\w*|провинци\w*|регіон\w*|регион\w*|"
    r"столиц\w*|анклав\w*|табор\w*|лагер\w*|кварта\w*|район\w*)\s+$|"
    # the capital named after its country: "У столиці Афганістану, Кабулі", "столицы Гаити
    # Порт-о-Пренса"
    r"столиц\w*\s+[А-ЯЁІЇЄҐ][\w'’]+,?\s+$|"
    # "м. Харків"; "у центрі Стамбула", "на околиці Херсона"; the place of an attack in the
    # genitive: "обстрілу Жмеринки", "удара Белгорода"
    r"(?<!\w)м\.\s*$|(?:центр[іеуа]?|околиц\w*|передмісті?\w*|окраин\w*|пригород\w*|"
    r"обстріл\w*|обстрел\w*|удар[уа]|атак[иі]|штурм[уа]|бомбардуванн\w*|бомбардировк\w*)\s+$",
    re.I,
)
_SETTLEMENT_CUE = re.compile(
    r"(?:село|селі|селу|села|селом|селе|селище|селищі|селищу|селища|смт|поселок|посёлок|"
    r"поселке|посёлке|поселка|посёлка|населен(?:ий|ому|ого)\s+пункт[іуа]?|"
    r"населенн(?:ый|ом|ого)\s+пункт[еа]?|деревн(?:я|е|и|ю|ей)|хутор[іуае]?|слобод[аеиыуі]|"
    r"станиц[аеиыуі]|(?<!\w)(?:селени[еяию]|селенье|аул[еау]?|кишлак[еау]?))\s+$|"
    # "у с. Кучерівка", "в пос. Тёткино", "смт. Велика Писарівка"
    r"(?<!\w)(?:с|сел|смт|пос|п|д)\.\s*$",
    re.I,
)
_REGION_AFTER = re.compile(
    r"^\s+[А-ЯЁІЇЄҐ][а-яёіїєґ'’]+(?:ської|цької|зької|ской|цкой|зкой)\s+(?:області|области)"
)


# Bodies capitalised mid-sentence whose dictionary form is also a city's name elsewhere.
_INSTITUTIONS = frozenset(
    re.findall(
        r"\w+",
        "дума рада кремль сенат конгрес конгресс совет союз мир собор синод меджлис кнессет "
        "кнесет парламент",
    )
)


_DISTRICT_AFTER = re.compile(r"\s+(?:район\w*|микрорайон\w*|мікрорайон\w*)\b", re.I)
_COUNTRY_IN = re.compile(
    r"(?<!\w)(?:[ВвУу]|[Вв]о|in"
    # a country in the genitive after its people or its parts: "жителей Ливана", "південь та
    # схід Лівану", "на юг Ливана", "people of Lebanon"
    r"|жител\w*|мешканц\w*|населен\w*|территори\w*|територі\w*|юг[аеу]?|север[аеу]?|столиц\w*|"
    r"восток[аеу]?|запад[аеу]?|півд(?:ень|ня|ні)|північ\w*|сх(?:ід|оду|оді)|"
    r"за(?:хід|ходу|ході)|(?:people|residents|south|north|east|west|parts) of)"
    # a direction between: "in northwest Burundi", "in eastern Congo"
    r"\s+(?:(?:north|south)(?:-?(?:east|west))?(?:ern)?\s+|(?:east|west)(?:ern)?\s+|central\s+)?"
    r"(?P<c>[A-ZА-ЯЁІЇЄҐ][\w'’-]+(?:\s+[A-ZА-ЯЁІЇЄҐ][\w'’-]+)?)"
)


def country_places(text: str, nominative: Callable[[str], list[str]]) -> list[dict[str, Any]]:
    """A country named as where it happened ("в Судане", "у Судані"), for a report that names
    no city or region: a place at country level, `kind: country`, not placed (no point).
    `nominative(word)` gives the word's dictionary forms."""
    found: dict[str, list[tuple[int, int]]] = {}
    for m in _COUNTRY_IN.finditer(text):
        # "in Sri Lanka's Easter Sunday attacks": the country without its possessive
        phrase = re.sub(r"['’]s$", "", m.group("c"))
        forms = [phrase] if is_country(phrase) else []
        if not forms and " " in phrase and m.group(0)[:1] in "ВУI":
            # "В Великобритании Маркус Осборн …": the country opening the sentence, then a name
            # (not "Уполномоченная … в России Мария Львова-Белова": her office, not the place)
            phrase = phrase.split()[0]
        if not forms and " " not in phrase:
            forms = [f for f in nominative(phrase) if is_country(f)]
        if forms:
            name = forms[0][:1].upper() + forms[0][1:]
            found.setdefault(name, []).append((m.start("c"), m.start("c") + len(phrase)))
    return [unplaced_payload(name, spans, text, "country") for name, spans in found.items()]


# A province's or district's hyphenated name no list knows, transcribed from Arabic and the
# like: "провинцию Баальбек-Хермель", "району Айн-эль-Дельбе" (particles in lower case).
_AREA_HYPHENATED = re.compile(
    r"(?<![\w-])(?i:провинци\w*|провінці\w*|район\w*|регион\w*|регіон\w*|округ\w*|"
    r"мухафаз\w*)\s+(?P<n>[А-ЯЁІЇЄҐ][а-яёіїєґ'’ʼ]+(?:-[А-ЯЁІЇЄҐа-яёіїєґ][а-яёіїєґ'’ʼ]*)+)"
)


def _hyphenated_after_cue(
    text: str, free: Callable[[int, int], bool], unknown: Callable[[str], bool]
) -> Iterator[tuple[str, tuple[int, int]]]:
    """Hyphenated area names after "провинция"/"район" that the dictionary does not know
    (every part of three letters or more unknown), as written."""
    for m in _AREA_HYPHENATED.finditer(text):
        span = m.span("n")
        parts = [w for w in m.group("n").split("-") if len(w) > 3]
        if free(*span) and parts and all(unknown(w) for w in parts):
            yield m.group("n"), span


# A region named by its adjective, in any case: "на Белгородскую область", "Курской области",
# "Очеретинська громада" (a Ukrainian oblast is the gazetteer's, found before this).
_REGION = re.compile(
    # a hyphenated one too: "Итум-Калинского района"
    r"(?<![\w-])(?P<a>(?:[А-ЯЁІЇЄҐ][а-яёіїєґ'’]+-)?[А-ЯЁІЇЄҐ][а-яёіїєґ'’]+(?:ськ|цьк|зьк|ск|цк|зк)"
    r"[а-яёіїєґ]{1,3})"
    # two of them before one plural noun: "Білопільської та Ворожбянської громад"
    r"(?:\s+(?:та|і|й|и)\s+(?P<b>[А-ЯЁІЇЄҐ][а-яёіїєґ'’]+(?:ськ|цьк|зьк|ск|цк|зк)[а-яёіїєґ]{1,3}))?"
    r"\s+(?P<o>област(?:ь|и|ью|і|ю|ей|ям|ях|ями)|край|краю|крае|краем|краї|"
    r"громад(?:а|и|і|у|ою|ах|ами)?|"
    # a district: "у Дарницькому районі", "Изюмского района"
    r"район(?:а|е|і|у|ом|ах|ів|ов|ами)?)(?!\w)"
)


# a capitalised word after it that is not a district's or region's adjective ("Малиновка
# Чугуевского района" is a village)
_SURNAME_NEXT = re.compile(
    r"\s[А-ЯЁІЇЄҐ][а-яёіїєґ'’ʼ]+(?<!ского)(?<!ской)(?<!ського)(?<!ської)(?<!цкого)(?<!цької)(?!\w)"
)


def _regions(
    text: str,
    free: Callable[[int, int], bool],
    parses: Callable[[str], Sequence[tuple[str, bool, bool, bool]]],
) -> list[tuple[str, tuple[int, int]]]:
    """Regions outside Ukraine's gazetteer by their adjective and "область"/"край", in the
    nominative as the text's language writes it: "на Белгородскую область" -> "Белгородская
    область", unplaced (no coordinates)."""
    out: list[tuple[str, tuple[int, int]]] = []
    for m in _REGION.finditer(text):
        if not free(m.start(), m.end()):
            continue
        word = m.group("o")
        region = "край" if word.startswith("кра") else "область"
        if word.startswith("гром"):
            region = "громада"
        if word.startswith("район"):
            region = "район"
        for part in ("a", "b"):
            if not m.group(part):
                continue
            lemma = next((r[0] for r in parses(m.group(part))), m.group(part).lower())
            if region == "район":
                # the masculine adjective from its ending (the dictionary guesses at these)
                lemma = re.sub(
                    r"(ськ|цьк|зьк|ск|цк|зк)(?:ому|ого|ому|им|ім|ий|ом|ой|ого)$",
                    lambda e: e.group(1) + "ий",
                    m.group(part).lower(),
                )
            elif region != "край":
                # the adjective agrees with "область": feminine ("белгородский" -> "белгородская")
                lemma = (
                    re.sub(r"ий$", "ая", lemma)
                    if re.search(r"ский$|цкий$|зкий$", lemma)
                    else re.sub(r"ий$", "а", lemma)
                )
            span = m.span() if part == "a" and not m.group("b") else m.span(part)
            name = "-".join(p[:1].upper() + p[1:] for p in lemma.split("-"))
            out.append((name + " " + region, span))
    return out


# A town's or region's adjective before a building or a vehicle: "в кубанской школе", "в
# петербургском метро", "у київському готелі".
_FACILITY = (
    r"школ|гимнази|лице[йяеюи]|ліце|колледж|коледж|университет|університет|вуз|больниц|лікарн|"
    r"поликлиник|полікліник|госпитал|госпітал|роддом|пологов|морг|метро|электричк|електричк|"
    r"поезд|потяг|автобус|трамва|троллейбус|тролейбус|маршрутк|кафе|ресторан|бар[аеуі]?\b|"
    r"клуб|отел|готел|гостиниц|хостел|торгов|тц|трц|магазин|супермаркет|рын|ринк|парк|сквер|"
    r"двор|подъезд|під'їзд|підʼїзд|квартир|общежити|гуртож|суд|сизо|сізо|колони|тюрьм|"
    r"в'язниц|вʼязниц|изолятор|аэропорт|аеропорт|вокзал|офис|офіс|банк|церкв|храм|мечет|"
    r"синагог|многоэтажк|высотк|пятиэтажк|девятиэтажк|багатоповерхівк|висотк|здани|будин"
)
_CITY_ADJECTIVE = re.compile(
    r"(?<![\w'’-])(?P<adj>(?P<a>[а-яёіїєґА-ЯЁІЇЄҐ][а-яёіїєґ'’]+?)(?P<suf>ськ|цьк|зьк|ск|цк|зк)"
    r"(?:ий|ая|ое|ой|ом|ую|ого|ому|им|ем|их|а|е|ій|ої|ою|у|і|ім))\s+(?P<n>(?:" + _FACILITY + r")"
    r"[а-яёіїєґ'’]*)",
)


def _city_adjectives(
    text: str,
    free: Callable[[int, int], bool],
    parses: Callable[[str], Sequence[tuple[str, bool, bool, bool]]],
    unknown: Callable[[str], bool] | None,
) -> Iterator[tuple[WorldPlace | str, tuple[int, int]]]:
    """A city (of 50,000 or more) or a region the dictionary knows, named by its adjective
    before a building or a vehicle ("в кубанской школе" -> Кубань, "у київському готелі" ->
    Kyiv); a country's adjective ("в российской школе") is not a place."""
    index = world_index()
    for m in _CITY_ADJECTIVE.finditer(text):
        span = m.span("adj")
        if not free(*span):
            continue
        a, suf = m.group("a").lower(), m.group("suf")
        # "московской" -> Москва, "днепровской" -> Днепр, "кременчуцькій" -> Кременчук,
        # "одесской" -> Одесса, "сумской" -> Сумы, "российской" -> Россия
        stems = dict.fromkeys(
            [a, a[:-2] if a.endswith("ов") else a, a[:-1] + "к" if a.endswith("ц") else a,
             a[:-1] if a.endswith("й") else a]
        )  # fmt: skip
        ends = ("", "ь", "а", "я", "ы", "и", "о", "са", "ва")
        names = [s + end for s in stems for end in ends]
        if any(is_country(n) for n in names):
            continue
        # "курской" -> Курск, "донецкой" -> Донецк: the town's name ends as its adjective
        cities = [index[_key(n)] for n in [a + suf.replace("ь", ""), *names] if _key(n) in index]
        city = max(cities, key=lambda c: c.population, default=None)
        near = city is not None and city.country in _NEAR and city.population >= 50_000
        if city is not None and (near or city.population >= 1_000_000):
            # (a foreign town by its adjective only if it is a great city: "в американском
            # отеле" is not in Americana, Brazil)
            yield city, span
            continue
        area = next(
            (n for n in names if unknown is not None and not unknown(n) and n not in _NOT_AREAS
             and any(r[1] and r[0] == n for r in parses(n.capitalize()))),
            None,
        )  # fmt: skip
        if area is not None:
            yield area.capitalize(), span


_AND = re.compile(r"\s+(?:та|і|й|и)\s+")
_FIRST_NAME_BEFORE = re.compile(r"(?<![\w-])[А-ЯЁІЇЄҐ][а-яёіїєґ'’]+ $")
_IN_BEFORE = re.compile(r"(?:^|[\s(«\"])(?:[ВвУу]|[Вв]о)\s+$")
_NOT_AREAS = frozenset(
    re.findall(
        r"\w+",
        "запад восток север юг захід схід північ південь европа азия африка америка англия "
        "англія європа азія",
    )
)
# Where reports in Ukrainian and Russian name towns by their adjective ("в курской больнице").
_NEAR = frozenset({"UA", "RU", "BY", "MD", "GE", "AM", "AZ", "KZ", "UZ", "KG", "TJ"})


def _hyphenated_city(
    word: str,
    parses: Callable[[str], Sequence[tuple[str, bool, bool, bool]]],
    index: dict[str, WorldPlace],
) -> WorldPlace | None:
    """ "Славянске-на-Кубани", "Ростове-на-Дону": the first part declines, the rest does not."""
    first, rest = word.split("-", 1)
    for lemma in dict.fromkeys(r[0] for r in parses(first)):
        place = index.get(_key(lemma + "-" + rest))
        if place is not None:
            return place
    return None


def _town_named_like_a_person(
    word: str, readings: Sequence[tuple[str, bool, bool, bool]], index: dict[str, WorldPlace]
) -> WorldPlace | None:
    """ "в Марксе", "у Марксі": the dictionary knows only a surname, but a surname does not
    stand in the locative after "в"; a town of that name does."""
    if not readings or not all(r[3] for r in readings):
        return None
    for lemma, *_ in readings:
        if word.lower() in (lemma + "е", lemma + "і") and _key(lemma) in index:
            return index[_key(lemma)]
    return None


def _geographic_name(
    word: str,
    readings: Sequence[tuple[str, bool, bool, bool]],
    unknown: Callable[[str], bool] | None,
) -> str | None:
    """The dictionary form of a word whose first reading is a geographic name the dictionary
    knows (not one it guesses), unless it is a country (those are reported at country level
    only when nothing else is), a body or a direction."""
    if not readings or not readings[0][1] or (unknown is not None and unknown(word)):
        return None
    lemma = readings[0][0]
    if lemma in _INSTITUTIONS or lemma in _NOT_AREAS or is_country(lemma):
        return None
    if re.search(r"(?:ский|цкий|ый|ий|ой)$", lemma):
        return None  # an adjective of a place ("на Пятницком шоссе"), not its name
    return "-".join(p[:1].upper() + p[1:] for p in lemma.split("-"))


_REGION_NOUN_AFTER = re.compile(r"\s+(?:област(?:ь|и|ью|і|ю)|край|краю|крае|краем|краї)(?!\w)")


def cyrillic_places(
    text: str,
    known: Iterable[tuple[int, int]],
    parses: Callable[[str], Sequence[tuple[str, bool, bool, bool]]],
    unknown: Callable[[str], bool] | None = None,
    first_name: Callable[[str], bool] | None = None,
    tags_places: bool = True,
) -> list[dict[str, Any]]:
    """World cities in Ukrainian/Russian text, and settlements named after "у селі", "в селе",
    "населений пункт" or before "… області" that no list knows (in the nominative).

    `parses(word)` gives its readings: (normal form, a geographic name?, a known common word?,
    a person or a word for people?); `unknown(word)` whether the dictionary knows no reading of
    it (a word it only guesses at); `first_name(word)` whether it is a person's first name.
    `tags_places`: the dictionary marks geographic names (the Russian one does, the Ukrainian
    one does not, so there a known word is not for that a common one)."""
    index = world_index()
    taken = TakenSpans(len(text), known)
    found: dict[str, tuple[WorldPlace, list[tuple[int, int]], bool]] = {}

    free = taken.free

    least = 300_000 if tags_places else 15_000
    last_end = -1
    for m in _CYR_WORD.finditer(text):
        s, e = m.span()
        if not free(s, e):
            continue
        if _REGION_NOUN_AFTER.match(text, e):
            continue  # "в Красноярском крае", "Новосибирской области": the region, not its city
        word = m.group(0)
        before = text[max(0, s - 40) : s]
        readings = parses(word)
        # "обстрілу Жмеринки та Козятина": the second of two places joined by "and"
        cue = bool(_GEO_CUE.search(before)) or bool(_AND.fullmatch(text, last_end, s))
        if (
            any(r[3] for r in readings)
            and not cue
            and not _PREPOSITION.search(before)
            and not _SETTLEMENT_CUE.search(before)
            and _SURNAME_NEXT.match(text, e)
        ):
            continue  # "Владимир Сальдо сообщил": a first name before its surname, not a city
        place = None
        if readings and readings[0][2] and re.match(r"\s+[А-ЯЁІЇЄҐ]", text[e : e + 3]):
            # "на Северном Кавказе": an adjective before the name it belongs to, not a rarer
            # reading of it as a town (Северн)
            readings = readings[:1]
        for lemma, is_geo, _, _ in readings:
            if is_geo or cue:
                place = index.get(_key(lemma)) or (index.get(_key(word)) if cue else None)
                if place:
                    break
        if place is None and not any(r[2] for r in readings):
            place = index.get(_key(word)) or next(
                (index[_key(r[0])] for r in readings if _key(r[0]) in index), None
            )
        located = bool(_PREPOSITION.search(before)) or cue
        if place is None and located and any(r[2] for r in readings):
            # "у Газі": a word the dictionary also knows as a common noun (газа, gauze) is a
            # city after a preposition, capitalised mid-sentence, when a non-person reading's
            # dictionary form names a city of 300,000 or more (not a parliament or a palace: "в
            # Думе" is not Douma); of 15,000 or more where the dictionary does not mark places
            # ("у Жмеринці": the Ukrainian one knows the town as a noun like any other).
            place = next(
                (
                    index[_key(r[0])]
                    for r in readings
                    if not r[3]
                    and r[0] not in _INSTITUTIONS
                    and _key(r[0]) in index
                    and index[_key(r[0])].population >= least
                ),
                None,
            )
        if place is None and located and unknown is not None and unknown(word):
            # "в Ніалі", "города Мраук-У": a word no dictionary knows, in the nominative or
            # with its case ending taken off, spelt like a GeoNames name in Latin script.
            sk = skeleton_index()
            place = next(
                (sk[k] for c in nominative_candidates(word) if (k := skeleton(c)) in sk), None
            )
        if (
            first_name is not None
            and _FIRST_NAME_BEFORE.search(before)
            and first_name(before.split()[-1])
        ):
            continue  # "Мария Иванова": a surname after a first name, not a town (Ivanovo)
        if place is None and "-" in word:
            place = _hyphenated_city(word, parses, index)
        if place is None and _IN_BEFORE.search(before):
            place = _town_named_like_a_person(word, readings, index)
        if place is not None and _CYR_ACTOR_AFTER.match(text[e : e + 30]):
            continue  # "Москва отрицает": the city standing for its government
        if place is not None and _DISTRICT_AFTER.match(text[e : e + 12]):
            continue  # "в Петровском районе Донецка": a district's name, not a city (Petrovsk)
        if place is not None and place.population >= 15000:
            found.setdefault(place.name, (place, [], True))[1].append((s, e))
            taken.append((s, e))
            last_end = e
            continue
        area = _geographic_name(word, readings, unknown) if located else None
        if area is not None and not _CYR_ACTOR_AFTER.match(text[e : e + 30]):
            # "в Дагестане", "в Подмосковье": a region or town the dictionary knows as a
            # geographic name and no list places, in its dictionary form
            found.setdefault(area, (WorldPlace(area, "", None, None, 0, None), [], False))[
                1
            ].append((s, e))
            taken.append((s, e))
            continue
        settlement = bool(_SETTLEMENT_CUE.search(before))
        people_word = any(person for *_, person in readings)
        # before "… области", a word opening its sentence that the dictionary knows as a
        # common word is not a village's name: "Правительство Курской области" is the government
        opens = re.search(r"(?:^|[.!?»]\s+|\n)$", text[max(0, s - 3) : s]) is not None
        common = opens and any(r[2] for r in readings)
        if settlement or (_REGION_AFTER.match(text[e : e + 60]) and not people_word and not common):
            lemma = readings[0][0] if readings else word
            name = "-".join(p[:1].upper() + p[1:] for p in lemma.split("-"))
            if _SETTLEMENT_CUE.search(before):
                # After "у селі" the name is usually in the nominative already; keep it as
                # written unless the dictionary reads it as an inflected place name.
                name = word if not any(r[1] for r in readings) else name
            unplaced = WorldPlace(name, "", None, None, 0, None)
            found.setdefault(name, (unplaced, [], False))[1].append((s, e))
            taken.append((s, e))
    for place_or_name, span in _city_adjectives(text, free, parses, unknown):
        if isinstance(place_or_name, WorldPlace):
            found.setdefault(place_or_name.name, (place_or_name, [], True))[1].append(span)
        else:
            unplaced = WorldPlace(place_or_name, "", None, None, 0, None)
            found.setdefault(place_or_name, (unplaced, [], False))[1].append(span)
        taken.append(span)
    for name, span in _regions(text, free, parses):
        unplaced = WorldPlace(name, "", None, None, 0, None)
        found.setdefault(name, (unplaced, [], False))[1].append(span)
        taken.append(span)
    if unknown is not None:
        for name, span in _hyphenated_after_cue(text, free, unknown):
            unplaced = WorldPlace(name, "", None, None, 0, None)
            found.setdefault(name, (unplaced, [], False))[1].append(span)
            taken.append(span)
        for cm in _CITY_CUE.finditer(text):
            run = _CYR_RUN.match(text, cm.end())
            if run is None or not free(*run.span()):
                continue
            words = re.split(r"[ -]", run.group(0))
            if all(len(w) == 1 or unknown(w) for w in words):
                # "в городе Чаунг У": a town no list knows, named as written.
                name = run.group(0)
                unplaced = WorldPlace(name, "", None, None, 0, None)
                found.setdefault(name, (unplaced, [], False))[1].append(run.span())
                taken.append(run.span())
    return [place_payload(p, sorted(sp), text, placed) for p, sp, placed in found.values()]
