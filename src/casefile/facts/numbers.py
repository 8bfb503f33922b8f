"""Numbers as written in reports: digits with separators, number words, vague quantities.

A vague quantity ("hundreds", "десятки") becomes bounds, not a number: "hundreds" is at least 200
and fewer than 1,000. English words go through number-parser; Ukrainian is not among its
languages, so uk/ru words are a small table of our own (reports rarely spell out more).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Quantity:
    count: int | None
    min: int | None
    max: int | None
    qualifier: str  # exact, at least, more than, fewer than, up to, approximately, range, vague


# word -> (min, max) of a vague plural
VAGUE: dict[str, tuple[int, int | None]] = {
    "dozens": (24, 99),
    "scores": (40, 99),
    "hundreds": (200, 999),
    "thousands": (2000, 9999),
    "tens of thousands": (20000, 99999),
    "hundreds of thousands": (200000, 999999),
    "millions": (2000000, None),
    "десятки": (20, 99),
    "десятків": (20, 99),
    "сотні": (200, 999),
    "сотень": (200, 999),
    "тисячі": (2000, 9999),
    "тисяч": (2000, 9999),
    "сотни": (200, 999),
    "тысячи": (2000, 9999),
    "тысяч": (2000, 9999),
    "десятки тисяч": (20000, 99999),
    "десятки тысяч": (20000, 99999),
}

EN_WORDS: dict[str, int] = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "thousand": 1000,
    "million": 1000000,
    "dozen": 12,
    "a dozen": 12,
}

SLAVIC_WORDS: dict[str, int] = {}
for _words, _value in (
    (
        "один одна одне одного одній одну однієї одним одною одному один одна одно одного одной "
        "одном",
        1,
    ),
    ("два дві две двоє двох двое двух", 2),
    # both ("полиция ранила обоих", "обидва загинули")
    ("оба обе обоих обеих обидва обидві обох", 2),
    ("три троє трьох трое трех трёх", 3),
    ("чотири четверо чотирьох четыре четверо четырех четырёх", 4),
    ("п'ять п’ять пʼять п'ятеро п’ятеро пʼятеро п'яти п’яти пять пятеро пяти", 5),
    ("шість шестеро шести шесть", 6),
    ("сім семеро семи семь", 7),
    ("вісім восьми восемь восьмеро", 8),
    ("дев'ять дев’ять девʼять дев'яти девять девяти дев'ятеро дев’ятеро девʼятеро девятеро", 9),
    ("десять десяти десятеро", 10),
    # the teens and tens also in the oblique cases ("более пятнадцати человек", "понад
    # тридцяти осіб")
    ("одинадцять одинадцяти одиннадцать одиннадцати", 11),
    ("дванадцять дванадцяти двенадцать двенадцати", 12),
    ("тринадцять тринадцяти тринадцать тринадцати", 13),
    ("чотирнадцять чотирнадцяти четырнадцать четырнадцати", 14),
    ("п'ятнадцять п’ятнадцять п'ятнадцяти п’ятнадцяти пятнадцать пятнадцати", 15),
    ("шістнадцять шістнадцяти шестнадцать шестнадцати", 16),
    ("сімнадцять сімнадцяти семнадцать семнадцати", 17),
    ("вісімнадцять вісімнадцяти восемнадцать восемнадцати", 18),
    ("дев'ятнадцять дев’ятнадцять дев'ятнадцяти дев’ятнадцяти девятнадцать девятнадцати", 19),
    ("двадцять двадцяти двадцать двадцати", 20),
    ("тридцять тридцяти тридцать тридцати", 30),
    ("сорок сорока", 40),
    ("п'ятдесят п’ятдесят п'ятдесяти п’ятдесяти пятьдесят пятидесяти", 50),
    ("шістдесят шістдесяти шестьдесят шестидесяти", 60),
    ("сімдесят сімдесяти семьдесят семидесяти", 70),
    ("вісімдесят вісімдесяти восемьдесят восьмидесяти", 80),
    ("дев'яносто дев’яносто девяносто девяноста", 90),
    ("сто", 100),
    ("двісті двести", 200),
    ("триста", 300),
    ("чотириста четыреста", 400),
    ("п'ятсот п’ятсот пятьсот", 500),
    ("тисяча тысяча", 1000),
    ("дюжина дюжины дюжину дюжиной дюжини дюжиною", 12),
    ("полсотни півсотні", 50),
    # "майже сотня – травмовані": a hundred in the singular ("сотні" are hundreds, vague)
    ("сотня сотню", 100),
):
    for _w in _words.split():
        SLAVIC_WORDS[_w] = _value
# Collective numerals in the genitive/accusative ("поранила сімох дітей").
SLAVIC_WORDS.update(
    {
        "сімох": 7,
        "семерых": 7,
        "шістьох": 6,
        "шестерых": 6,
        "п'ятьох": 5,
        "п’ятьох": 5,
        "пятерых": 5,
        "вісьмох": 8,
        "восьмерых": 8,
        "четверых": 4,
        "троих": 3,
        "двоих": 2,
        "дев'ятьох": 9,
        "дев’ятьох": 9,
        "девʼятьох": 9,
        "девятерых": 9,
        "десятьох": 10,
        "десятерых": 10,
    }
)
# The dative and instrumental ("Трьом потерпілим надали допомогу", "помощь оказали троим").
SLAVIC_WORDS.update(
    {
        "двом": 2, "двум": 2, "двоим": 2, "двома": 2, "двумя": 2,
        "трьом": 3, "трем": 3, "трём": 3, "троим": 3, "трьома": 3, "тремя": 3,
        "чотирьом": 4, "четырем": 4, "четырём": 4, "четверым": 4, "чотирма": 4, "четырьмя": 4,
        "п'ятьом": 5, "п’ятьом": 5, "пятерым": 5, "шістьом": 6, "шестерым": 6,
        "семерым": 7, "восьмерым": 8,
    }
)  # fmt: skip

_DIGITS = re.compile(r"^\d{1,3}(?:[,  ]\d{3})+$|^\d+$")


def parse_int(token: str) -> int | None:
    """'410', '1,200', '1 200', 'twenty-one', 'п'ять' -> int."""
    t = token.strip().lower().replace("’", "'").replace("ʼ", "'")
    if _DIGITS.match(t):
        digits = re.sub(r"[,  ]", "", t)
        # (no count of people runs to 13 digits; a longer run is no count, and Python will not
        # read more than 4,300 digits as a number at all)
        return int(digits) if len(digits) <= 12 else None
    if t in SLAVIC_WORDS:
        return SLAVIC_WORDS[t]
    m = re.match(r"^(\S+)\s+(?:тисяч[аі]?|тысяч[аи]?)$", t)
    if m:
        base = parse_int(m.group(1))
        if base is not None:
            return base * 1000
    parts = re.split(r"[-\s]+", t)
    if parts and all(p in EN_WORDS or p == "and" or p == "a" for p in parts):
        total, current = 0, 0
        for p in parts:
            if p in ("and", "a"):
                continue
            v = EN_WORDS[p]
            if p == "dozen":
                current = max(current, 1) * 12  # "two dozen": 24
            elif v in (100, 1000, 1000000):
                current = max(current, 1) * v
                if v >= 1000:
                    total += current
                    current = 0
            else:
                current += v
        return total + current if parts != ["a"] else None
    m = re.match(
        r"^(\d+(?:[.,]\d+)?)\s*(million|thousand|тис\.?|тыс\.?|тисяч[аі]?|тысяч[аи]?|"
        r"млн\.?|мільйон\w*|миллион\w*)$",
        t,
    )
    if m:
        mult = 1000000 if m.group(2).startswith(("million", "млн", "мільйон", "миллион")) else 1000
        return round(float(m.group(1).replace(",", ".")) * mult)
    return _number_parser(t)


def _number_parser(t: str) -> int | None:
    """Longer spelled-out numbers ("one hundred and twenty-three", "сто двадцать три")."""
    from number_parser import parse_number

    lang = "ru" if re.search(r"[а-яё]", t) else "en"
    try:
        value = parse_number(t, language=lang)
    except (ValueError, KeyError, IndexError):
        return None
    return value if isinstance(value, int) else None
