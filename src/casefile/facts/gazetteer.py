"""Ukrainian settlements with coordinates, matched in Latin and Cyrillic script and inflected forms.

The CSV (data/gazetteer.csv) holds the 2010 national transliteration as `name`, common variants
(Russian-style and older spellings), and the Ukrainian and Russian names. Cyrillic names are
matched on generated case forms (Буча/Бучі/Бучу/Бучею) and, as a fallback, on pymorphy lemmas,
because news text inflects place names and pymorphy does not know every village.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class Place:
    name: str
    oblast: str
    lat: float
    lon: float
    uk: tuple[str, ...]
    ru: tuple[str, ...]
    variants: tuple[str, ...]


_VOWELS = "аеєиіїоуюяыэё"
_ENDINGS = (
    "",
    "а",
    "я",
    "у",
    "ю",
    "і",
    "и",
    "ї",
    "е",
    "є",
    "ом",
    "ем",
    "єм",
    "ою",
    "ею",
    "єю",
    "ой",
    "ей",
    "ах",
    "ях",
    "ами",
    "ями",
    "ам",
    "ям",
    "ові",
    "еві",
    "ы",
    "ого",
    "ому",
    "им",
    "ім",
    "ій",
    "ої",
    "ую",
    "ий",
    "ая",
    "ое",
    "ей",
)


@lru_cache(maxsize=1)
def places() -> tuple[Place, ...]:
    text = resources.files("casefile.facts").joinpath("data/gazetteer.csv").read_text("utf-8")
    out: list[Place] = []
    for row in csv.DictReader(text.splitlines()):
        out.append(
            Place(
                name=row["name"],
                oblast=row["oblast"],
                lat=float(row["lat"]),
                lon=float(row["lon"]),
                uk=tuple(v for v in row["uk"].split("|") if v),
                ru=tuple(v for v in row["ru"].split("|") if v),
                variants=tuple(v for v in row["variants"].split("|") if v),
            )
        )
    return tuple(out)


def latin_names() -> dict[str, Place]:
    """Every Latin spelling -> place (canonical name first, so it wins ties)."""
    out: dict[str, Place] = {}
    for p in places():
        for n in (p.name, *p.variants):
            out.setdefault(n, p)
    return out


def _stems(word: str) -> set[str]:
    """Stems a case ending attaches to, with the і/ї -> о/е/є alternation
    (Київ/Києва, Харків/Харкова)."""
    w = word.lower()
    stems = {w}
    if w and w[-1] in _VOWELS + "ьй":
        stems.add(w[:-1])
    if len(w) > 2 and w[-2:] in ("ий", "ій", "ая", "ое", "ой", "ое", "ье", "не"):
        stems.add(w[:-2])
    m = re.match(r"^(.*)([іїо])([^" + _VOWELS + r"ь]+)ь?$", w)
    if m:
        for alt in ("о", "е", "є", "і"):
            stems.add(m.group(1) + alt + m.group(3))
        # Київ -> Києв-: ї after a vowel becomes є; Ріг -> Рог-/Роз-
        if m.group(2) == "ї":
            stems.add(m.group(1) + "є" + m.group(3))
    if w.endswith("іг"):
        stems.update({w[:-2] + "ог", w[:-2] + "оз"})
    if w.endswith("ог"):
        stems.add(w[:-2] + "ог")
    return stems


def _forms(word: str) -> set[str]:
    return {s + e for s in _stems(word) for e in _ENDINGS if len(s) >= 2}


@lru_cache(maxsize=2)
def cyrillic_index(lang: str) -> dict[tuple[str, ...], Place]:
    """Tuple of lower-cased word forms -> place, for every inflected form of every name."""
    index: dict[tuple[str, ...], Place] = {}
    for p in places():
        names = (*p.uk, *p.ru) if lang in ("uk", "ru") else ()
        # Both scripts' names are indexed for either language: Russian texts write Киев, Ukrainian
        # ones Київ, but quotations cross over.
        for name in names:
            words = name.replace("-", " - ").split()
            if len(words) == 1:
                for f in _forms(words[0]):
                    index.setdefault((f,), p)
                index.setdefault((words[0].lower(),), p)
            else:
                # Multi-word: each word inflects on its own (Біла Церква -> Білій Церкві).
                parts = [(_forms(w) | {w.lower()}) if w != "-" else {"-"} for w in words]
                # The first words of a compound keep their case agreement; the product of all
                # forms is small (a few hundred) for two-word names.
                combos: list[tuple[str, ...]] = [()]
                for forms in parts:
                    combos = [(*c, f) for c in combos for f in forms]
                    if len(combos) > 20000:
                        break
                for c in combos:
                    index.setdefault(c, p)
    # "Харківської області", "Донецкой области": the region named after its centre. Only the
    # adjective followed by the word for region is taken, so "київський торт" is not Kyiv.
    for p in places():
        centre = p.name == p.oblast or (p.oblast == "Kyiv City" and p.name == "Kyiv")
        # Every town names its district (Ізюмський район); only oblast centres name an oblast.
        regions = _REGION_WORDS + _OBLAST_WORDS if centre else _REGION_WORDS
        for key in _adjective_region_keys(p, regions):
            index.setdefault(key, p)
    return index


def _adjective_region_keys(p: Place, region_words: Sequence[str]) -> Iterator[tuple[str, str]]:
    """("харківської", "області") ...: each one-word name's adjective forms before each word
    for a region."""
    for name in (*p.uk, *p.ru):
        if " " in name:
            continue
        for stem in _adjective_stems(name):
            for ending in _ADJ_ENDINGS:
                for region in region_words:
                    yield (stem + ending, region)


# Regions named after their centre without the word for region: "Київщина", "Харьковщина",
# "Донеччина" (the oblast of the centre named). Nominatives; case forms are generated.
_REGION_NAMES = {
    "Kyiv": ("Київщина", "Киевщина"),
    "Kharkiv": ("Харківщина", "Харьковщина"),
    "Donetsk": ("Донеччина", "Донетчина"),
    "Luhansk": ("Луганщина",),
    "Odesa": ("Одещина", "Одесщина", "Одесчина"),
    "Kherson": ("Херсонщина",),
    "Mykolaiv": ("Миколаївщина", "Николаевщина"),
    "Poltava": ("Полтавщина",),
    "Sumy": ("Сумщина",),
    "Chernihiv": ("Чернігівщина", "Черниговщина"),
    "Zhytomyr": ("Житомирщина",),
    "Vinnytsia": ("Вінниччина", "Винничина", "Винниччина"),
    "Cherkasy": ("Черкащина", "Черкасщина"),
    "Khmelnytskyi": ("Хмельниччина", "Хмельнитчина"),
    "Rivne": ("Рівненщина", "Ровенщина"),
    "Ternopil": ("Тернопільщина", "Тернопольщина"),
    "Lviv": ("Львівщина", "Львовщина"),
    "Ivano-Frankivsk": ("Івано-Франківщина", "Прикарпаття", "Прикарпатье"),
    "Chernivtsi": ("Буковина",),
    "Dnipropetrovsk": ("Дніпропетровщина", "Днепропетровщина", "Дніпровщина"),
}


def _region_forms(name: str) -> set[str]:
    """Case forms of a region's name: Київщина/Київщини/Київщині/Київщину/Київщиною,
    Запоріжжя/Запоріжжі/Запоріжжям, Запорожье/Запорожья/Запорожью."""
    w = name.lower()
    if w.endswith("а"):
        return {w[:-1] + e for e in ("а", "и", "і", "у", "ою", "ы", "е", "ой")}
    if w.endswith("я"):
        return {w[:-1] + e for e in ("я", "і", "ю", "ям")}
    if w.endswith("е"):
        return {w[:-1] + e for e in ("е", "я", "ю", "ем")}
    return {w}


@lru_cache(maxsize=2)
def region_index(lang: str) -> dict[tuple[str, ...], Place]:
    """Word forms that name an oblast -> the oblast's centre: "Київщині", ("київській",
    "області"), ("киевская", "область"). The oblast of that centre is meant, not the city."""
    out: dict[tuple[str, ...], Place] = {}
    centres = {p.oblast if p.oblast != "Kyiv City" else "Kyiv": p for p in places() if is_centre(p)}
    dnipro = next((p for p in places() if p.name == "Dnipro"), None)
    if dnipro is not None:
        centres.setdefault("Dnipropetrovsk", dnipro)
    for oblast, names in _REGION_NAMES.items():
        centre = centres.get(oblast)
        if centre is None:
            continue
        for name in names:
            key_words = name.replace("-", " - ").split()
            if len(key_words) == 1:
                for form in _region_forms(name):
                    out[(form,)] = centre
            else:
                *head, last = key_words
                for form in _region_forms(last):
                    out[(*(w.lower() for w in head), form)] = centre
    for p in centres.values():
        for key in _adjective_region_keys(p, _OBLAST_WORDS):
            out.setdefault(key, p)
    return out


def is_centre(p: Place) -> bool:
    """An oblast centre (Kyiv for Kyiv Oblast, Dnipro for Dnipropetrovsk Oblast; Sevastopol
    has no oblast)."""
    return (
        (p.name == p.oblast and p.name != "Sevastopol")
        or (p.oblast == "Kyiv City" and p.name == "Kyiv")
        or (p.name == "Dnipro" and p.oblast == "Dnipropetrovsk")
    )


def region_name(centre: Place) -> str:
    """The English name of the oblast a centre names: Kyiv -> "Kyiv Oblast", Dnipro ->
    "Dnipropetrovsk Oblast"."""
    oblast = "Kyiv" if centre.oblast == "Kyiv City" else centre.oblast
    return f"{oblast} Oblast"


_ADJ_ENDINGS = ("а", "ої", "ій", "у", "ою", "ая", "ой", "ую", "ий", "ого", "ому", "им")
_OBLAST_WORDS = ("область", "області", "областю", "области", "обл", "ова", "ода", "вга")
_REGION_WORDS = (
    "районі",
    "районе",
    "район",
    "району",
    "района",
)


def _adjective_stems(name: str) -> set[str]:
    """Київ -> київськ, Одеса -> одеськ, Донецьк -> донецьк, Харьков -> харьковск."""
    w = name.lower()
    if w.endswith(("ськ", "цьк", "ск", "цк")):
        return {w}
    base = w[:-1] if w[-1] in "аяоеиіыь" else w
    stems = {base + "ськ", base + "ск"}
    if base.endswith("с"):  # Одеса -> одеськ
        stems.add(base[:-1] + "ськ")
    if base.endswith("ц"):  # Вінниця -> вінницьк
        stems.add(base + "ьк")
    if w.endswith("а"):  # Буча -> бучанськ (Бучанський район)
        stems.update({base + "анськ", base + "анск"})
    return stems


@dataclass(frozen=True)
class PlaceMatch:
    place: Place
    start: int
    end: int
    region: bool = False  # the oblast `place` is the centre of, not the place itself


_WORD = re.compile(r"[A-Za-zА-Яа-яЁёІіЇїЄєҐґ'’ʼ]+|-")


def _inside_compound(words: list[tuple[str, int, int]], i: int, j: int) -> bool:
    """Words i..j-1 are part of a hyphenated compound that goes on before or after them."""
    after = j + 1 < len(words) and words[j][0] == "-" and words[j][1] == words[j - 1][2]
    before = i >= 2 and words[i - 1][0] == "-" and words[i - 1][2] == words[i][1]
    return after or before


def _plural_locative(word: str, index: dict[tuple[str, ...], Place]) -> Place | None:
    """The place whose own name is `word`'s plural nominative ("Алешках" -> Алешки)."""
    stem = word[:-2].lower()
    for name in (stem + "и", stem + "ы"):
        place = index.get((name,))
        if place is not None and name in {x.lower() for x in (*place.uk, *place.ru)}:
            return place
    return None


def find_cyrillic(
    text: str, lang: str, lemma: Callable[[str], str] | None = None
) -> list[PlaceMatch]:
    """Capitalised Cyrillic words (and 2-3 word runs) that are a form of a gazetteer name."""
    index = cyrillic_index(lang)
    regions = region_index(lang)
    words = [(m.group(), m.start(), m.end()) for m in _WORD.finditer(text)]
    out: list[PlaceMatch] = []
    i = 0
    while i < len(words):
        w, s, _ = words[i]
        if not w[:1].isupper() or not ("А" <= w[:1] <= "я" or w[:1] in "ІЇЄҐЁ"):
            i += 1
            continue
        hit: PlaceMatch | None = None
        for n in (4, 3, 2, 1):
            if i + n > len(words):
                continue
            chunk = words[i : i + n]
            # A run of words must be adjacent (one space or a hyphen apart).
            if any(chunk[k + 1][1] - chunk[k][2] > 1 for k in range(n - 1)):
                continue
            key = tuple(c[0].lower().replace("’", "'").replace("ʼ", "'") for c in chunk)
            if key in regions and not _inside_compound(words, i, i + n):
                hit = PlaceMatch(regions[key], s, chunk[-1][2], region=True)
                i += n
                break
            place = index.get(key)
            if place is None and n == 1 and lemma is not None:
                lw = lemma(w)
                for cand in lw.lstrip("!").lower().split("|"):
                    found = index.get((cand,))
                    names = {x.lower() for x in (*found.uk, *found.ru)} if found else set()
                    if found and (not lw.startswith("!") or cand in names):
                        place = found
                        break
            # a town named in the plural, in the locative: "В Алешках" -> Алешки, whatever
            # else the dictionary reads the word as (Алёшка, a name)
            plural = _plural_locative(w, index) if n == 1 and re.search(r"(?:ах|ях)$", w) else None
            if plural is not None:
                place = plural
            if place is not None and plural is None and n == 1 and lemma is not None:
                # A word the dictionary knows only as a common word (the lemma function marks it
                # "!robot") is a place only when its dictionary form is the place's name:
                # "Бучі" → Буча stays, "Роботи" (robots) is not Роботине.
                lw = lemma(w)
                names = {x.lower() for x in (*place.uk, *place.ru)}
                if lw.startswith("!") and not names & set(lw[1:].lower().split("|")):
                    place = None
            if place is not None and _inside_compound(words, i, i + n):
                place = None  # "Львова-Белова" is a surname, not Lviv
            if place is not None:
                hit = PlaceMatch(place, s, chunk[-1][2])
                i += n
                break
        if hit is None:
            i += 1
        else:
            out.append(hit)
    return out
