"""One name key across Cyrillic and Latin spellings, Ukrainian and Russian forms.

The key is coarse on purpose: it is what blocking and the first comparison level look at, so
that Олексій, Oleksii, Oleksiy, Alexei, Aleksey and Алексей all meet. Steps:

1. Cyrillic to Latin with one table covering both alphabets (Ukrainian г/и/і and Russian ы/э/ё).
2. Latin spellings reduced to a skeleton: x -> ks, g/kh -> h, j/y -> i, w -> v, c -> k; vowels
   o/a and e/i merged (Russian akanye and the Ukrainian/Russian e/i split), runs collapsed.
3. Given names: a table of Ukrainian <-> Russian equivalents (Mykola = Nikolai, Olena = Yelena)
   maps every key of a family of forms to one canonical key; a key one typing error away from
   the table's keys (Mykla, Нкиолай, Тамаа) maps to the name it is near, when only one is near.

Patronymics are reduced to the father's given name (Олексійович / Алексеевич -> Oleksii).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_CYR = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie",
    "ё": "e", "ж": "zh", "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k",
    "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "",
    "ъ": "", "ы": "y", "э": "e", "ю": "iu", "я": "ia",
}  # fmt: skip
# Cyrillic letter -> Latin, the registry's one table (both alphabets), for other modules.
CYRILLIC_LATIN: dict[str, str] = _CYR

# Ukrainian <-> Russian (and common Latin) forms of one given name; first entry is canonical.
_MALE = """
Oleksii Aleksei Alexei Aleksey Alexey Alexej Oleksiy
Oleksandr Aleksandr Alexander Alexandr Aleksander Oleksander
Andrii Andrei Andrey Andriy Andrej Andrew
Serhii Sergei Sergey Sergii Serhiy Sergiy Sergej
Hryhorii Grigorii Grigory Grigoriy Hryhoriy
Mykola Nikolai Nikolay Mikola Nicolai Nikolaj
Volodymyr Vladimir Wolodymyr Volodimir
Mykhailo Mikhail Mykhaylo Michail Mihail Michael
Dmytro Dmitrii Dmitry Dmitriy Dmytryi Dmitri
Yurii Yuri Yuriy Iurii Jurij
Viktor Victor
Vasyl Vasilii Vasily Vasiliy Vasil Wasyl
Ivan Iwan
Petro Petr Pyotr Piotr Peter
Pavlo Pavel Paul
Yevhen Evgenii Evgeny Yevgeny Evgeniy Yevgen Ievgen Yevhenii
Anatolii Anatoly Anatoliy
Oleh Oleg
Ihor Igor
Vitalii Vitaly Vitaliy
Valerii Valery Valeriy
Bohdan Bogdan
Taras
Stepan Stefan
Fedir Fedor Fyodor Feodor
Denys Denis
Maksym Maksim Maxim Maksym
Artem Artyom Artiom
Roman
Vadym Vadim
Kostiantyn Konstantin Kostyantyn Constantin
Leonid
Anton
Tymofii Timofei Timofey Tymofiy
Yakiv Yakov Jakov
Illia Ilya Ilia Illya Ilja
Kyrylo Kirill Kyrylo
Mykyta Nikita
Danylo Daniil Danila Daniel
Matvii Matvei Matvey
Yaroslav Jaroslav
Ruslan
Vladyslav Vladislav
Stanislav
Borys Boris
Arsenii Arseny Arseniy
Heorhii Georgii Georgy Georgiy Heorhiy
Lev
Yosyp Iosif Osip Josyp
Semen Semyon Semion
Hennadii Gennady Gennadiy Hennadiy
Valentyn Valentin
Ostap
Nazar
Vsevolod
Yevhenii
Zakhar
Tykhon Tikhon
Rostyslav Rostislav
Sviatoslav Svyatoslav
Yehor Egor Yegor
Ilarion Illarion
Ivan
Vasyl
Kyrylo
"""

_FEMALE = """
Olena Elena Yelena Helena Jelena
Nataliia Natalia Natalya Natalija Natalie
Tetiana Tatiana Tatyana Tetyana Tatjana
Iryna Irina
Svitlana Svetlana
Halyna Galina Halina
Liudmyla Ludmila Lyudmila Liudmila Lyudmyla
Nadiia Nadezhda Nadia Nadiya
Valentyna Valentina
Oksana
Mariia Maria Mariya Marija
Kateryna Ekaterina Yekaterina Katerina Kateryna Catherine
Hanna Anna Ganna Ganna
Olha Olga Olya
Yuliia Yulia Julia Yuliya Iuliia
Viktoriia Viktoria Victoria Viktoriya
Larysa Larisa
Liubov Lyubov Lubov
Nina
Vira Vera
Zoia Zoya
Alla
Inna
Antonina
Raisa
Lidiia Lidia Lidiya
Tamara
Dariia Daria Darya Dariya
Sofiia Sofia Sofiya Sophia
Anastasiia Anastasia Anastasiya
Alina
Khrystyna Kristina Christina Khrystyna
Yevheniia Evgenia Yevgenia Evgeniya
Oleksandra Aleksandra Alexandra
Polina
Vasylyna Vasilina
Ulyana Uliana Ulyana
Zinaida Zinaida
Nadiia
Mariana Maryana Marianna
Iana Yana Jana
Liliia Lilia Liliya
Valeriia Valeria Valeriya
Ievdokiia Evdokia Yevdokiya
Kseniia Ksenia Kseniya Xenia
Hryhoriia
"""


def _strip_accents(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def to_latin(text: str) -> str:
    """Lower-case Latin letters only: Cyrillic transliterated, accents and punctuation gone."""
    out: list[str] = []
    for ch in text.lower():
        if ch in _CYR:
            out.append(_CYR[ch])
        else:
            out.append(ch)
    s = _strip_accents("".join(out))
    return re.sub(r"[^a-z ]+", "", s.replace("-", " ")).strip()


_CLUSTERS = (
    ("shch", "S"),
    ("szcz", "S"),
    ("tsch", "C"),
    ("sch", "X"),
    ("zh", "Z"),
    ("kh", "h"),
    ("ch", "C"),
    ("cz", "C"),
    ("sh", "X"),
    ("sz", "X"),
    ("ts", "T"),
    ("tz", "T"),
    ("ck", "k"),
    ("ph", "f"),
    ("x", "ks"),
    ("q", "k"),
    ("w", "v"),
    ("c", "k"),
    ("j", "i"),
    ("y", "i"),
    ("g", "h"),
    ("o", "a"),
    ("e", "i"),
)


@lru_cache(maxsize=200_000)
def word_key(word: str) -> str:
    """The coarse phonetic key of one word (any script)."""
    s = to_latin(word).replace(" ", "")
    for a, b in _CLUSTERS:
        s = s.replace(a, b)
    s = re.sub(r"(.)\1+", r"\1", s)
    return s.lower()


@lru_cache(maxsize=1)
def _given_table() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """key -> canonical key, key -> canonical spelling, canonical key -> sex."""
    canon: dict[str, str] = {}
    spelling: dict[str, str] = {}
    sex: dict[str, str] = {}
    for block, s in ((_MALE, "M"), (_FEMALE, "F")):
        for line in block.strip().splitlines():
            forms = line.split()
            ck = word_key(forms[0])
            for f in forms:
                k = word_key(f)
                canon.setdefault(k, ck)
            spelling.setdefault(ck, forms[0])
            sex.setdefault(ck, s)
    return canon, spelling, sex


def deletions(key: str) -> set[str]:
    """The key and every string one letter shorter: two keys one typing error apart (a letter
    dropped, added, changed, or two swapped) share at least one of these."""
    return {key} | {key[:i] + key[i + 1 :] for i in range(len(key))}


def one_typo_apart(a: str, b: str) -> bool:
    """At most one letter dropped, added or changed, or two neighbours swapped."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) < len(b):
        return a[i:] == b[i + 1 :]
    return a[i + 1 :] == b[i + 1 :] or (
        a[i + 2 :] == b[i + 2 :] and a[i : i + 2] == b[i : i + 2][::-1]
    )


@lru_cache(maxsize=1)
def _given_deletions() -> dict[str, set[str]]:
    """Deletion variant -> the table's keys that have it."""
    out: dict[str, set[str]] = {}
    for k in _given_table()[0]:
        if len(k) >= 4:
            for d in deletions(k):
                out.setdefault(d, set()).add(k)
    return out


# Shorter keys are not corrected: at four letters one error away holds other real names.
_FUZZY_MIN = 5


@lru_cache(maxsize=200_000)
def _near_given(k: str) -> str | None:
    """The canonical key of the one table name one typing error away from `k`, if exactly one."""
    if len(k) < _FUZZY_MIN:
        return None
    index, canon = _given_deletions(), _given_table()[0]
    near = {canon[t] for d in deletions(k) for t in index.get(d, ()) if one_typo_apart(k, t)}
    return next(iter(near)) if len(near) == 1 else None


def given_key(name: str) -> str:
    """Canonical key of a given name: the same for its Ukrainian, Russian and Latin forms, and
    for a form with one typing error when it is near one name of the table only."""
    k = word_key(name)
    canon = _given_table()[0]
    return canon.get(k) or _near_given(k) or k


def is_known_given(name: str) -> bool:
    k = word_key(name)
    return k in _given_table()[0] or _near_given(k) is not None


def given_sex(key: str) -> str | None:
    return _given_table()[2].get(key)


_PATRONYMIC = re.compile(
    r"(iiovych|iiovich|iievych|yovych|ovych|evych|ievich|eevich|ovich|evich|"
    r"iivna|yivna|ievna|eevna|ovna|evna|ivna|ichna|ychna|ych|ich)$"
)


# Endings long enough to be told with one typing error in them (Кириловч, Ігорінва, Ильяодна).
_PATRONYMIC_LONG = ("ovych", "evych", "ovich", "evich", "ivna", "ovna", "evna", "ichna", "ychna")


def _near_patronymic_ending(lat: str) -> bool:
    for end in _PATRONYMIC_LONG:
        for tail in (lat[-len(end) - 1 :], lat[-len(end) :], lat[-len(end) + 1 :]):
            if not deletions(tail).isdisjoint(deletions(end)):
                return True
    return False


def _stem_of_mistyped(lat: str) -> str:
    """The word without a patronymic ending that carries one typing error (kyrylovch)."""
    for end in _PATRONYMIC_LONG:
        for cut in (len(end) - 1, len(end), len(end) + 1):
            if len(lat) - cut >= 2 and one_typo_apart(lat[-cut:], end):
                return lat[:-cut]
    return lat


def is_patronymic(word: str, fuzzy: bool = False) -> bool:
    """A patronymic by its ending; with `fuzzy`, also one typing error away from a long ending
    (for the third word of a three-word name, where a surname is not expected)."""
    lat = to_latin(word)
    if len(lat) <= 5:
        return False
    return _PATRONYMIC.search(lat) is not None or (fuzzy and _near_patronymic_ending(lat))


def patronymic_key(word: str) -> str:
    """The father's given name behind a patronymic (Олексійович, Alekseevich -> key of Oleksii)."""
    lat = to_latin(word).replace(" ", "")
    m = _PATRONYMIC.search(lat)
    stem = lat[: m.start()] if m and m.start() >= 2 else _stem_of_mistyped(lat)
    canon = _given_table()[0]
    cands = [stem, stem + "i", stem + "ii", stem + "ia", stem + "o"]
    if stem.endswith("i"):
        cands.append(stem[:-1])  # Mykolaiovych -> Mykola(i)
    for cand in cands:
        k = word_key(cand)
        if k in canon:
            return canon[k]
    for cand in cands:
        near = _near_given(word_key(cand))
        if near:
            return near
    return word_key(stem)


_SURNAME_ENDINGS = (
    "enko", "chuk", "yuk", "iuk", "uk", "ov", "ova", "ev", "eva", "in", "ina", "skyi", "skiy",
    "skii", "ska", "sky", "ski", "ska", "ko", "ak", "yak", "iak", "ych", "ets", "lo",
)  # fmt: skip


@dataclass(frozen=True)
class NameParts:
    given: str | None
    patronymic: str | None
    family: str | None
    swapped: bool = False  # the full name was in family-first order


def split_full_name(full: str) -> NameParts:
    """Given, patronymic and family name from a full name in any order and script."""
    text = full.strip()
    comma_first = "," in text
    tokens = [t for t in re.split(r"[\s,;]+", text) if t and t not in ("-",)]
    tokens = [t.strip(".") for t in tokens if t.strip(".")]
    if not tokens:
        return NameParts(None, None, None)
    if len(tokens) == 1:
        t = tokens[0]
        return NameParts(t, None, None) if is_known_given(t) else NameParts(None, None, t)
    # Two words are a given and a family name (Kuzmich is a surname too); three may hold one.
    patr = None
    if len(tokens) >= 3:
        patr = next((t for t in tokens[1:] if is_patronymic(t)), None) or next(
            (t for t in tokens[1:] if is_patronymic(t, fuzzy=True) and not is_known_given(t)),
            None,
        )
    rest = [t for t in tokens if t is not patr]
    known = [t for t in rest if is_known_given(t)]
    if comma_first:
        family, given = rest[0], (rest[1] if len(rest) > 1 else None)
        return NameParts(given, patr, family, swapped=True)
    if len(known) == 1:
        given = known[0]
        others = [t for t in rest if t is not given]
        family = " ".join(others) or None
        swapped = bool(others) and tokens.index(given) > tokens.index(others[0])
        return NameParts(given, patr, family, swapped)
    if len(known) >= 2:
        # Both look like given names (Ivan Petro / Petrenko): a surname ending decides, else order
        first, second = rest[0], rest[1]
        if _looks_surname(first) and not _looks_surname(second):
            return NameParts(second, patr, first, swapped=True)
        if patr is not None and tokens.index(patr) == 2:
            return NameParts(second, patr, first, swapped=True)  # Family Given Patronymic
        return NameParts(first, patr, " ".join(rest[1:]) or None)
    # No known given name: official Ukrainian order is Family Given Patronymic.
    if patr is not None and len(rest) >= 2 and tokens.index(patr) == len(tokens) - 1:
        return NameParts(rest[1], patr, rest[0], swapped=True)
    if _looks_surname(rest[0]) and not _looks_surname(rest[-1]):
        return NameParts(rest[-1], patr, " ".join(rest[:-1]), swapped=True)
    return NameParts(rest[0], patr, " ".join(rest[1:]) or None)


def _looks_surname(word: str) -> bool:
    lat = to_latin(word)
    return any(lat.endswith(e) for e in _SURNAME_ENDINGS) and not is_known_given(word)


def family_key(name: str) -> str:
    """Key of a family name (several words joined: double-barrelled names stay one key).
    Russian feminine adjective endings meet the Ukrainian ones: -ская/-skaya = -ська/-ska."""
    keys = [word_key(w) for w in re.split(r"[\s-]+", name) if w]
    return "".join(k[:-2] if len(k) > 5 and k.endswith("kaia") else k for k in keys)
