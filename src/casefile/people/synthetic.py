# ruff: noqa: E501
"""Synthetic victim lists with known truth, for tests and bench/linkage.py.

People are drawn from name-frequency tables: the ~100 most common Ukrainian surnames and
~140 given names with approximate shares as published in national name counts (entered by
hand, rounded; they were not re-checked against a source file, which this repository does not
ship), each with its Russian form, and below them a generated tail of 40,000 surnames with
Zipf-law frequencies (see `surname_table`), so that, as in a real population, most people
carry a surname shared by few others. Then each list sees a subset of them in its own style: script (Ukrainian Cyrillic,
Russian Cyrillic, national Latin transliteration, Russian-style Latin), name order, birth date
or year or only an age, typos, missing fields, within-list duplicates and status changes
(missing in an early list, killed in a later one).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from itertools import accumulate
from typing import Any

# Surname (Ukrainian, Russian form), weight: top of the national frequency list (per 10,000).
SURNAMES: list[tuple[str, str, float]] = [
    ("Мельник", "Мельник", 40), ("Шевченко", "Шевченко", 38), ("Бойко", "Бойко", 36),
    ("Коваленко", "Коваленко", 33), ("Бондаренко", "Бондаренко", 32), ("Ткаченко", "Ткаченко", 30),
    ("Ковальчук", "Ковальчук", 28), ("Кравченко", "Кравченко", 27), ("Олійник", "Олейник", 27),
    ("Шевчук", "Шевчук", 25), ("Коваль", "Коваль", 24), ("Поліщук", "Полищук", 23),
    ("Бондар", "Бондарь", 22), ("Ткачук", "Ткачук", 22), ("Мороз", "Мороз", 21),
    ("Марченко", "Марченко", 21), ("Лисенко", "Лысенко", 20), ("Руденко", "Руденко", 20),
    ("Савченко", "Савченко", 19), ("Петренко", "Петренко", 19), ("Клименко", "Клименко", 18),
    ("Павленко", "Павленко", 18), ("Кравчук", "Кравчук", 17), ("Кузьменко", "Кузьменко", 17),
    ("Пономаренко", "Пономаренко", 16), ("Савчук", "Савчук", 16), ("Василенко", "Василенко", 16),
    ("Левченко", "Левченко", 15), ("Харченко", "Харченко", 15), ("Сидоренко", "Сидоренко", 15),
    ("Карпенко", "Карпенко", 14), ("Мельничук", "Мельничук", 14), ("Швець", "Швец", 14),
    ("Гончаренко", "Гончаренко", 13), ("Литвиненко", "Литвиненко", 13), ("Романенко", "Романенко", 13),
    ("Яковенко", "Яковенко", 12), ("Гаврилюк", "Гаврилюк", 12), ("Іваненко", "Иваненко", 12),
    ("Козак", "Козак", 12), ("Приходько", "Приходько", 11), ("Тимошенко", "Тимошенко", 11),
    ("Білик", "Билык", 11), ("Панченко", "Панченко", 11), ("Мартинюк", "Мартынюк", 10),
    ("Ковальов", "Ковалёв", 10), ("Степаненко", "Степаненко", 10), ("Дмитренко", "Дмитренко", 10),
    ("Іванов", "Иванов", 10), ("Зінченко", "Зинченко", 10), ("Антоненко", "Антоненко", 9),
    ("Кузьмич", "Кузьмич", 9), ("Онищенко", "Онищенко", 9), ("Волошин", "Волошин", 9),
    ("Гнатюк", "Гнатюк", 9), ("Лук'яненко", "Лукьяненко", 9), ("Костенко", "Костенко", 8),
    ("Семенов", "Семёнов", 8), ("Ковальський", "Ковальский", 8), ("Захарченко", "Захарченко", 8),
    ("Гриценко", "Гриценко", 8), ("Юрченко", "Юрченко", 8), ("Кириленко", "Кириленко", 8),
    ("Черненко", "Черненко", 8), ("Федоренко", "Федоренко", 8), ("Назаренко", "Назаренко", 7),
    ("Остапенко", "Остапенко", 7), ("Борисенко", "Борисенко", 7), ("Соловйов", "Соловьёв", 7),
    ("Гуменюк", "Гуменюк", 7), ("Білоус", "Белоус", 7), ("Заїка", "Заика", 7),
    ("Вакуленко", "Вакуленко", 6), ("Демченко", "Демченко", 6), ("Рибак", "Рыбак", 6),
    ("Мазур", "Мазур", 6), ("Гордієнко", "Гордиенко", 6), ("Пилипенко", "Пилипенко", 6),
    ("Дячук", "Дьячук", 6), ("Тарасенко", "Тарасенко", 6), ("Кушнір", "Кушнир", 6),
    ("Нестеренко", "Нестеренко", 6), ("Федорук", "Федорук", 5), ("Оліфіренко", "Олифиренко", 5),
    ("Сорока", "Сорока", 5), ("Головко", "Головко", 5), ("Щербак", "Щербак", 5),
    ("Лещенко", "Лещенко", 5), ("Гребенюк", "Гребенюк", 5), ("Кучер", "Кучер", 5),
    ("Хоменко", "Хоменко", 5), ("Чорновол", "Черновол", 4), ("Дорошенко", "Дорошенко", 4),
    ("Жук", "Жук", 4), ("Сергієнко", "Сергиенко", 4), ("Яценко", "Яценко", 4),
]  # fmt: skip

# Given names (Ukrainian, Russian form), weight per 10,000 of that sex among adults.
MALE: list[tuple[str, str, float]] = [
    ("Олександр", "Александр", 95), ("Сергій", "Сергей", 80), ("Володимир", "Владимир", 75),
    ("Микола", "Николай", 70), ("Віктор", "Виктор", 55), ("Андрій", "Андрей", 55),
    ("Олексій", "Алексей", 45), ("Юрій", "Юрий", 45), ("Василь", "Василий", 45),
    ("Іван", "Иван", 45), ("Дмитро", "Дмитрий", 40), ("Петро", "Пётр", 30),
    ("Михайло", "Михаил", 35), ("Анатолій", "Анатолий", 30), ("Олег", "Олег", 30),
    ("Ігор", "Игорь", 30), ("Валерій", "Валерий", 20), ("Віталій", "Виталий", 20),
    ("Євген", "Евгений", 25), ("Григорій", "Григорий", 15), ("Павло", "Павел", 15),
    ("Богдан", "Богдан", 12), ("Роман", "Роман", 20), ("Максим", "Максим", 20),
    ("Денис", "Денис", 15), ("Артем", "Артём", 12), ("Вадим", "Вадим", 10),
    ("Костянтин", "Константин", 12), ("Леонід", "Леонид", 10), ("Степан", "Степан", 8),
    ("Тарас", "Тарас", 8), ("Федір", "Фёдор", 8), ("Ярослав", "Ярослав", 8),
    ("Руслан", "Руслан", 10), ("Борис", "Борис", 8), ("Антон", "Антон", 8),
    ("Владислав", "Владислав", 8), ("Станіслав", "Станислав", 6), ("Ілля", "Илья", 6),
    ("Кирило", "Кирилл", 6), ("Микита", "Никита", 6), ("Данило", "Даниил", 6),
    ("Тимофій", "Тимофей", 4), ("Яків", "Яков", 4), ("Георгій", "Георгий", 4),
    ("Матвій", "Матвей", 3), ("Арсеній", "Арсений", 3), ("Йосип", "Иосиф", 3), ("Лев", "Лев", 2),
]  # fmt: skip
FEMALE: list[tuple[str, str, float]] = [
    ("Олена", "Елена", 80), ("Наталія", "Наталья", 75), ("Тетяна", "Татьяна", 75),
    ("Ірина", "Ирина", 55), ("Світлана", "Светлана", 50), ("Галина", "Галина", 45),
    ("Людмила", "Людмила", 45), ("Валентина", "Валентина", 40), ("Оксана", "Оксана", 40),
    ("Марія", "Мария", 40), ("Катерина", "Екатерина", 30), ("Ганна", "Анна", 35),
    ("Ольга", "Ольга", 45), ("Юлія", "Юлия", 30), ("Вікторія", "Виктория", 20),
    ("Лариса", "Лариса", 20), ("Любов", "Любовь", 20), ("Ніна", "Нина", 20),
    ("Віра", "Вера", 15), ("Надія", "Надежда", 20), ("Лідія", "Лидия", 10),
    ("Тамара", "Тамара", 12), ("Алла", "Алла", 10), ("Інна", "Инна", 10),
    ("Антоніна", "Антонина", 10), ("Раїса", "Раиса", 8), ("Зоя", "Зоя", 5),
    ("Дарія", "Дарья", 8), ("Софія", "София", 8), ("Анастасія", "Анастасия", 12),
    ("Аліна", "Алина", 8), ("Христина", "Кристина", 6), ("Олександра", "Александра", 6),
    ("Євгенія", "Евгения", 5), ("Ксенія", "Ксения", 5), ("Яна", "Яна", 5),
    ("Валерія", "Валерия", 4), ("Лілія", "Лилия", 4), ("Мар'яна", "Марьяна", 4),
    ("Поліна", "Полина", 4), ("Зінаїда", "Зинаида", 4), ("Уляна", "Ульяна", 3),
]  # fmt: skip

# The long tail. Surname frequencies follow a power law (Zipf's law with an exponent near 1 is
# the usual finding for family names: Fox & Lasker 1983; Zanette & Manrubia 2001), and the top
# hundred names above cover only about a tenth of the population. The tail is generated, not
# stored: TAIL_SIZE names from Ukrainian-sounding stems (a fixed seeded draw of syllables, so
# every run sees the same table) and the common surname suffixes in rough proportion to their
# use (-enko, -uk/-chuk, -skyi, -ko, -ak, -yk ...; Russian -ov/-ev/-in for a share), weighted
# 1 / (rank + 30) over a seeded random ranking.
TAIL_SIZE = 40_000
TOP_SHARE = 0.10  # share of people whose surname is in SURNAMES
_ONSETS = (
    "б", "в", "г", "д", "ж", "з", "к", "л", "м", "н", "п", "р", "с", "т", "ф", "х", "ц", "ч",
    "ш", "бр", "бл", "вл", "гл", "гр", "др", "жм", "зб", "кл", "кр", "кв", "пл", "пр", "см",
    "ст", "сл", "тр", "хв", "хм", "цв", "шв", "шк", "шп", "щ",
)  # fmt: skip
_VOWELS = ("а", "а", "о", "о", "о", "у", "е", "и", "і")
_CODAS = (
    "", "", "", "", "б", "в", "д", "ж", "з", "к", "л", "м", "н", "н", "р", "р", "с", "т", "х",
    "ц", "ч", "ш",
)  # fmt: skip
_SUFFIX_SHARES = (
    ("енко", 24), ("ук", 8), ("юк", 5), ("чук", 6), ("ський", 8), ("цький", 3), ("ко", 5),
    ("ак", 4), ("як", 2), ("ик", 5), ("ець", 3), ("ишин", 2), ("ів", 2), ("ич", 3),
    ("ан", 1), ("ар", 2), ("", 5), ("ов", 8), ("ев", 3), ("ін", 2),
)  # fmt: skip


def _stem(rng: random.Random) -> str:
    out = ""
    syllables = rng.choice((1, 2, 2, 2, 3))
    for i in range(syllables):
        coda = rng.choice(_CODAS) if i == syllables - 1 or rng.random() < 0.25 else ""
        out += rng.choice(_ONSETS) + rng.choice(_VOWELS) + coda
    return out.capitalize()


_RU_SUFFIX = {"ець": "ец", "ський": "ский", "цький": "цкий", "ів": "ив", "ін": "ин", "ишин": "ишин"}
_RU_LETTERS = str.maketrans({"і": "и", "ї": "и", "є": "е", "и": "ы"})


@lru_cache(maxsize=1)
def surname_table() -> tuple[list[tuple[str, str]], list[float]]:
    """(Ukrainian form, Russian form) of every surname and the cumulative weights to draw
    them by (`random.choices(..., cum_weights=...)`)."""
    rng = random.Random(1991)
    top = [(uk, ru) for uk, ru, _ in SURNAMES]
    seen = {uk for uk, _ in top}
    suffixes = [x for x, _ in _SUFFIX_SHARES]
    shares = [w for _, w in _SUFFIX_SHARES]
    tail: list[tuple[str, str]] = []
    while len(tail) < TAIL_SIZE:
        stem = _stem(rng)
        suf = rng.choices(suffixes, shares)[0]
        if suf[:1] in "аоуеиі" and stem[-1] in "аоуеиі":
            stem = stem[:-1]
        uk = stem + suf
        if len(uk) < 4 or uk in seen:
            continue
        seen.add(uk)
        ru = stem.translate(_RU_LETTERS) + _RU_SUFFIX.get(suf, suf)
        tail.append((uk, ru))
    rng.shuffle(tail)
    top_total = sum(w for *_, w in SURNAMES)
    tail_w = [1.0 / (rank + 30) for rank in range(len(tail))]
    scale = top_total * (1 - TOP_SHARE) / TOP_SHARE / sum(tail_w)
    weights = [w for *_, w in SURNAMES] + [w * scale for w in tail_w]
    return top + tail, list(accumulate(weights))


PLACES = [
    ("Буча", "Буча", "Bucha"), ("Ірпінь", "Ирпень", "Irpin"), ("Гостомель", "Гостомель", "Hostomel"),
    ("Бородянка", "Бородянка", "Borodianka"), ("Ворзель", "Ворзель", "Vorzel"),
    ("Макарів", "Макаров", "Makariv"), ("Мотижин", "Мотыжин", "Motyzhyn"),
    ("Іванків", "Иванков", "Ivankiv"), ("Димер", "Дымер", "Dymer"), ("Мощун", "Мощун", "Moshchun"),
]  # fmt: skip

# Ukrainian national transliteration (KMU 2010): initial / other positions.
_UK_LAT = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie", "ж": "zh",
    "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n",
    "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": "iu", "я": "ia", "'": "", "’": "",
}  # fmt: skip
_UK_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
# Russian-style Latin spellings as seen in passports issued before 2010 and in media.
_RU_LAT = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
}  # fmt: skip


def translit_uk(word: str) -> str:
    out = []
    low = word.lower()
    for i, ch in enumerate(low):
        if i == 0 and ch in _UK_INITIAL:
            out.append(_UK_INITIAL[ch])
        elif low[max(0, i - 1) : i + 1] == "зг":
            out.append("gh")
        else:
            out.append(_UK_LAT.get(ch, ch))
    return "".join(out).capitalize()


def translit_ru(word: str) -> str:
    out = []
    low = word.lower()
    for i, ch in enumerate(low):
        if ch == "е" and (i == 0 or low[i - 1] in "аеёиоуыэюяьъ"):
            out.append("ye")
        elif ch == "й" and i == len(low) - 1 and i > 0 and low[i - 1] in "иы":
            out[-1] = "y"  # Юрий -> Yury, Красный -> Krasny
        else:
            out.append(_RU_LAT.get(ch, ch))
    return "".join(out).capitalize()


def _female_surname(uk: str, ru: str) -> tuple[str, str]:
    def fem(s: str) -> str:
        for a, b in (("ський", "ська"), ("ский", "ская"), ("ов", "ова"), ("ёв", "ёва"),
                     ("ев", "ева"), ("ін", "іна"), ("ин", "ина"), ("йов", "йова")):  # fmt: skip
            if s.endswith(a):
                return s[: -len(a)] + b
        return s

    return fem(uk), fem(ru)


def _patronymic(father_uk: str, father_ru: str, sex: str) -> tuple[str, str]:
    def uk(n: str) -> str:
        male = sex == "M"
        if n.endswith("о"):
            return n[:-1] + ("ович" if male else "івна")
        if n.endswith("а"):
            return n[:-1] + ("айович" if male else "аївна")
        if n.endswith("й"):
            return n + "ович" if male else n[:-1] + "ївна"
        if n.endswith("ь"):
            return n + "ович" if male else n[:-1] + "івна"
        return n + ("ович" if male else "івна")

    def ru(n: str) -> str:
        n = n.replace("ё", "е")
        if n == "Павел":
            n = "Павл"
        if n.endswith("ий"):
            base = n[:-2]
            return base + ("ьевич" if sex == "M" else "ьевна")
        if n.endswith("ей") or n.endswith("ай"):
            return n[:-1] + ("евич" if sex == "M" else "евна")
        if n.endswith("а"):
            return n[:-1] + ("ич" if sex == "M" else "ична")
        if n.endswith("ь"):
            n = n[:-1]
        return n + ("ович" if sex == "M" else "овна")

    return uk(father_uk), ru(father_ru)


@dataclass
class Person:
    pid: int
    sex: str
    given: tuple[str, str]
    patronymic: tuple[str, str]
    family: tuple[str, str]
    birth: tuple[int, int, int]
    place: tuple[str, str, str]
    event: tuple[int, int, int]
    status: str  # final status
    earlier_missing: bool


@dataclass
class ListStyle:
    name: str
    coverage: float
    script: str  # uk | ru | lat_uk | lat_ru | mixed
    full_name: bool = True
    family_first: float = 0.5
    birth: str = "date"  # date | year | age | mixed
    typo: float = 0.05
    missing: float = 0.05
    duplicates: float = 0.02
    reports_missing: bool = False  # an early list: people later found killed are "missing" here
    # The harsh error model (see HARSH_STYLES): each name word on its own carries one typing
    # error with this chance, on top of `typo`; birth dates given as month and year only.
    name_typos: float = 0.0
    month_only: float = 0.0
    place_missing: float | None = None  # instead of `missing`, for the place alone
    birth_missing: float | None = None  # instead of `missing`, for the birth date or age alone
    death_off: float = 0.0  # the date of death 1-3 days off (the day found or reported)


DEFAULT_STYLES = [
    ListStyle("police", 0.70, "uk", full_name=False, birth="date", typo=0.02, missing=0.02),
    ListStyle("ngo", 0.50, "lat_uk", full_name=True, family_first=0.3, birth="year", typo=0.05),
    ListStyle(
        "media",
        0.35,
        "lat_ru",
        full_name=True,
        family_first=0.1,
        birth="age",
        typo=0.06,
        missing=0.15,
        duplicates=0.04,
        reports_missing=True,
    ),
    ListStyle(
        "appeals",
        0.30,
        "ru",
        full_name=True,
        family_first=0.8,
        birth="mixed",
        typo=0.05,
        missing=0.10,
        reports_missing=True,
    ),
]


# Lists as hand-typed in the field (issue 24): about half of all names carry one typing error
# in the script of that list, after transliteration; police lists in Ukrainian Cyrillic, family
# name first with the patronymic and full birth dates (10% blank, some months without days);
# NGO lists in national Latin, given name first, birth year or age; media lists in Russian-style
# Latin or Russian Cyrillic, age only, place blank half the time; 5% duplicates within a list.
HARSH_STYLES = [
    ListStyle("police", 0.60, "uk", full_name=True, family_first=1.0, birth="date", typo=0.0,
              name_typos=0.3, missing=0.02, birth_missing=0.10, month_only=0.08,
              duplicates=0.05),
    ListStyle("ngo", 0.50, "lat_uk", full_name=True, family_first=0.0, birth="year_or_age",
              typo=0.0, name_typos=0.3, missing=0.05, duplicates=0.05, death_off=0.05),
    ListStyle("media", 0.35, "lat_ru_or_ru", full_name=True, family_first=0.2, birth="age",
              typo=0.0, name_typos=0.3, missing=0.10, place_missing=0.5, duplicates=0.05,
              reports_missing=True, death_off=0.15),
    ListStyle("appeals", 0.25, "mixed", full_name=True, family_first=0.6, birth="mixed",
              typo=0.0, name_typos=0.3, missing=0.15, month_only=0.1, duplicates=0.05,
              reports_missing=True, death_off=0.15),
    ListStyle("hospital", 0.20, "uk", full_name=False, birth="date", typo=0.0, name_typos=0.3,
              missing=0.05, place_missing=0.3, duplicates=0.05),
    ListStyle("volunteers", 0.15, "lat_uk", full_name=True, family_first=0.5, birth="age",
              typo=0.0, name_typos=0.3, missing=0.2, duplicates=0.05),
]  # fmt: skip


def harsh_styles(n_lists: int = 3, seed: int = 0) -> list[ListStyle]:
    """The first `n_lists` (3 to 6) harsh styles, each list's coverage varied by the seed
    (+-30%), so that populations differ in how much the lists overlap."""
    if not 3 <= n_lists <= len(HARSH_STYLES):
        raise ValueError(f"n_lists must be 3 to {len(HARSH_STYLES)}")
    rng = random.Random(seed)
    out = []
    for st in HARSH_STYLES[:n_lists]:
        cov = min(0.9, st.coverage * rng.uniform(0.7, 1.3))
        out.append(ListStyle(**{**st.__dict__, "coverage": cov}))
    return out


@dataclass
class Synthetic:
    people: list[Person]
    lists: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


def _pick(rng: random.Random, table: list[tuple[str, str, float]]) -> tuple[str, str]:
    a, b, _ = rng.choices(table, cum_weights=_cumulative(id(table), table))[0]
    return a, b


_CUM: dict[int, list[float]] = {}


def _cumulative(key: int, table: list[tuple[str, str, float]]) -> list[float]:
    if key not in _CUM:
        _CUM[key] = list(accumulate(w for *_, w in table))
    return _CUM[key]


def small_pool(n_people: int, rng: random.Random) -> tuple[list[tuple[str, str]], list[float]]:
    """A small town's surnames: the national top hundred plus about one tail name for every
    eight people, Zipf-weighted, so that many people share a surname with others."""
    table, _ = surname_table()
    top = len(SURNAMES)
    tail = rng.sample(table[top:], max(10, n_people // 8))
    weights = [w for *_, w in SURNAMES] + [20.0 / (rank + 3) for rank in range(len(tail))]
    return table[:top] + tail, list(accumulate(weights))


def make_people(
    n: int, rng: random.Random, pool: str = "national", death_days: int = 31
) -> list[Person]:
    """`pool`: "national" (the full surname table) or "small" (`small_pool`); dates of death
    spread over `death_days` days from 2022-02-24 (the default: March 2022)."""
    table, cum = small_pool(n, rng) if pool == "small" else surname_table()
    start = date(2022, 2, 24) if death_days != 31 else date(2022, 3, 1)
    people = []
    for pid in range(n):
        sex = "M" if rng.random() < 0.6 else "F"
        given = _pick(rng, MALE if sex == "M" else FEMALE)
        father = _pick(rng, MALE)
        uk, ru = rng.choices(table, cum_weights=cum)[0]
        family = (uk, ru) if sex == "M" else _female_surname(uk, ru)
        year = rng.randint(1935, 2010)
        died = start + timedelta(days=rng.randrange(death_days))
        event = (died.year, died.month, died.day)
        status = rng.choices(
            ["killed", "missing", "injured", "detained"], [0.75, 0.12, 0.08, 0.05]
        )[0]
        people.append(
            Person(
                pid=pid,
                sex=sex,
                given=given,
                patronymic=_patronymic(*father, sex),
                family=family,
                birth=(year, rng.randint(1, 12), rng.randint(1, 28)),
                place=rng.choice(PLACES),
                event=event,
                status=status,
                earlier_missing=status == "killed" and rng.random() < 0.3,
            )
        )
    return people


_ALPHABET_LAT = "abcdefghiklmnoprstuvyz"
_ALPHABET_CYR = "абвгдеиклмнопрстуфхцчшія"


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.random()
    cyr = any("а" <= c.lower() <= "я" or c in "іїєґ" for c in word)
    alphabet = _ALPHABET_CYR if cyr else _ALPHABET_LAT
    if kind < 0.3:  # a letter dropped
        return word[:i] + word[i + 1 :]
    if kind < 0.55:  # a letter doubled
        return word[:i] + word[i] + word[i:]
    if kind < 0.8:  # two letters swapped
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :] if i + 1 < len(word) else word
    return word[:i] + rng.choice(alphabet) + word[i + 1 :]


def render(p: Person, style: ListStyle, rng: random.Random, rid: str) -> dict[str, Any]:
    script = style.script
    if script == "mixed":
        script = rng.choice(["uk", "ru", "lat_uk", "lat_ru"])
    elif script == "lat_ru_or_ru":
        script = rng.choice(["lat_ru", "ru"])
    idx = 1 if script in ("ru", "lat_ru") else 0
    given, patr, family = p.given[idx], p.patronymic[idx], p.family[idx]
    if script == "lat_uk":
        given, patr, family = translit_uk(given), translit_uk(patr), translit_uk(family)
    elif script == "lat_ru":
        given, patr, family = translit_ru(given), translit_ru(patr), translit_ru(family)
    if rng.random() < style.typo:
        if rng.random() < 0.5:
            family = _typo(family, rng)
        else:
            given = _typo(given, rng)
    if style.name_typos:
        family = _typo(family, rng) if rng.random() < style.name_typos else family
        given = _typo(given, rng) if rng.random() < style.name_typos else given
        patr = _typo(patr, rng) if rng.random() < style.name_typos / 2 else patr
    has_patr = script in ("uk", "ru") and rng.random() > style.missing
    row: dict[str, Any] = {"record_id": rid, "truth": p.pid}
    if style.full_name:
        if rng.random() < style.family_first:
            words = [family, given] + ([patr] if has_patr else [])
        else:
            words = [given] + ([patr] if has_patr else []) + [family]
        row["full_name"] = " ".join(words)
    else:
        row["given_name"], row["family_name"] = given, family
        row["patronymic"] = patr if has_patr else ""
    row["sex"] = "" if rng.random() < style.missing else p.sex
    y, m, d = p.birth
    kind = style.birth
    if kind == "mixed":
        kind = rng.choice(["date", "year", "age"])
    elif kind == "year_or_age":
        kind = rng.choice(["year", "age"])
    age = p.event[0] - y - (1 if (p.event[1], p.event[2]) < (m, d) else 0)
    row["birth_date"], row["age"] = "", ""
    birth_missing = style.missing if style.birth_missing is None else style.birth_missing
    if rng.random() > birth_missing:
        if kind == "date" and rng.random() < style.month_only:
            row["birth_date"] = f"{m:02d}.{y}" if script in ("uk", "ru") else f"{y}-{m:02d}"
        elif kind == "date":
            row["birth_date"] = (
                f"{d:02d}.{m:02d}.{y}" if script in ("uk", "ru") else f"{y}-{m:02d}-{d:02d}"
            )
        elif kind == "year":
            row["birth_date"] = str(y)
        else:
            row["age"] = str(age)
    died = date(*p.event)
    if rng.random() < style.death_off:
        died += timedelta(days=rng.choice((-3, -2, -1, 1, 2, 3)))
    row["event_date"] = died.isoformat() if rng.random() > style.missing else ""
    place = p.place[2] if script.startswith("lat") else p.place[idx]
    place_missing = style.missing if style.place_missing is None else style.place_missing
    row["place"] = "" if rng.random() < place_missing else place
    status = p.status
    if style.reports_missing and p.earlier_missing:
        status = "missing"
    row["status"] = status
    return row


def generate(
    n_people: int,
    seed: int = 1,
    styles: list[ListStyle] | None = None,
    pool: str = "national",
    death_days: int = 31,
) -> Synthetic:
    """People and one list per style; each row carries its person's id in `truth`. `pool` and
    `death_days` as for `make_people`."""
    rng = random.Random(seed)
    people = make_people(n_people, rng, pool, death_days)
    out = Synthetic(people)
    for style in styles or DEFAULT_STYLES:
        rows: list[dict[str, Any]] = []
        for p in people:
            if rng.random() >= style.coverage:
                continue
            rows.append(render(p, style, rng, f"{style.name}-{len(rows) + 1}"))
            if rng.random() < style.duplicates:
                rows.append(render(p, style, rng, f"{style.name}-{len(rows) + 1}"))
        rng.shuffle(rows)
        out.lists[style.name] = rows
    return out


COLUMNS = [
    "record_id", "full_name", "given_name", "patronymic", "family_name", "sex", "birth_date",
    "age", "event_date", "place", "status", "truth",
]  # fmt: skip


def write_csv(rows: list[dict[str, Any]], path: Any, encoding: str = "utf-8") -> None:
    import csv

    cols = [c for c in COLUMNS if any(c in r for r in rows)]
    with open(path, "w", newline="", encoding=encoding) as f:
        w = csv.DictWriter(f, fieldnames=cols)
        w.writeheader()
        for r in rows:
            w.writerow({c: r.get(c, "") for c in cols})
