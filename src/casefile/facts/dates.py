"""Dates and times in en/uk/ru, absolute ones and relative ones resolved against publication.

Without a publication date a date without a year stays partial ("--02-24", ISO 8601's form for
a month and day) and relative dates ("yesterday") keep `value: null`: we do not invent a year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS: dict[str, int] = {}
for _i, _names in enumerate(
    (
        "january jan січня січень января январь",
        "february feb лютого лютий февраля февраль",
        "march mar березня березень марта март",
        "april apr квітня квітень апреля апрель",
        "may травня травень мая май",
        "june jun червня червень июня июнь",
        "july jul липня липень июля июль",
        "august aug серпня серпень августа август",
        "september sept sep вересня вересень сентября сентябрь",
        "october oct жовтня жовтень октября октябрь",
        "november nov листопада листопад ноября ноябрь",
        "december dec грудня грудень декабря декабрь",
    ),
    start=1,
):
    for _n in _names.split():
        MONTHS[_n] = _i

WEEKDAYS: dict[str, int] = {}
for _i, _names in enumerate(
    (
        "monday понеділок понеділка понедельник",
        "tuesday вівторок вівторка вторник",
        "wednesday середу середа среду среда",
        "thursday четвер четверга четверг",
        "friday п'ятницю п’ятницю пятницу п'ятниця пятница",
        "saturday суботу субота субботу суббота",
        "sunday неділю неділя воскресенье",
    )
):
    for _n in _names.split():
        WEEKDAYS[_n] = _i

_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_WD_RE = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
_YEAR = r"(?:,?\s+(?P<y>(?:19|20)\d\d)(?:\s*(?:року|р\.|года|г\.))?)?"
# Each pattern below opens with a lookahead for the first letters its match can start with (a
# digit, the first two letters of a month's or a weekday's name, a preposition's initial): an
# article has a few thousand word boundaries and a handful of dates, and the lookahead fails at
# most of them at once where the alternations of month and day names would be tried one by one
# (case-insensitive names are not skipped by their first letter). The same matches in a third of
# the time on the bench's real-length articles; tests/facts/test_speed_paths_2.py holds them to
# the patterns without it.


def _initials(alternation: str) -> str:
    """A character class of the first letters of a plain alternation's words."""
    return "[" + "".join(sorted({word[0] for word in alternation.split("|")})) + "]"


def _heads(alternation: str) -> str:
    """Two character classes, the first and the second letters of a plain alternation's words
    (each of two letters or more, no regex syntax in them)."""
    words = alternation.split("|")
    assert all(
        len(w) >= 2 and w.replace(" ", "").replace("'", "").replace("’", "").isalpha()
        for w in words
    )
    return _initials(alternation) + "[" + "".join(sorted({w[1] for w in words})) + "]"


ABSOLUTE = re.compile(
    r"\b(?=\d|"
    + _heads(_MONTH_RE)
    + r")(?:(?P<d1>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m1>"
    + _MONTH_RE
    + r")\.?"
    + _YEAR
    + r"|(?P<m2>"
    + _MONTH_RE
    + r")\.?\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?\b"
    + _YEAR.replace("y>", "y2>")
    + r"|(?P<d3>\d{1,2})\.(?P<m3>\d{1,2})\.(?P<y3>(?:19|20)\d\d))\b",
    re.I,
)
MONTH_YEAR = re.compile(
    r"\b(?=in\s|[ув]\s|"
    + _heads(_MONTH_RE)
    + r")(?:in\s+|у\s+|в\s+)?(?P<m>"
    + _MONTH_RE
    + r")\s+(?P<y>(?:19|20)\d\d)\b",
    re.I,
)
_RELATIVE_EN = (
    "yesterday|today|tonight|this morning|this afternoon|this evening|last night|"
    "the day before yesterday"
)
_RELATIVE_CYR = (
    "вчора|позавчора|сьогодні|сьогодні вранці|минулої ночі|вчера|позавчера|сегодня|"
    "прошлой ночью|этой ночью|цієї ночі"
)
_WD_BEFORE = r"on\s+|last\s+|this\s+|у\s+|в\s+|минулого\s+|минулої\s+|в\s+прошлый\s+|в\s+прошлую\s+"


RELATIVE = re.compile(
    r"\b(?="
    + _heads(_RELATIVE_EN + "|" + _RELATIVE_CYR)
    + r"|\w+ days? ago)(?P<rel>"
    + _RELATIVE_EN
    + r"|(?P<n>\w+|\d+) days? ago|"
    + _RELATIVE_CYR
    + r")\b|\b(?="
    + _initials(_WD_BEFORE)
    + "|"
    + _heads(_WD_RE)
    + r")(?:"
    + _WD_BEFORE
    + r")?(?P<wd>"
    + _WD_RE
    + r")\b",
    re.I,
)
TIME = re.compile(
    r"\b(?=[\daоблв])(?:at\s+|around\s+|о\s+|около\s+|близько\s+|в\s+)?"
    r"(?P<h>[0-2]?\d)[:.](?P<mi>[0-5]\d)\s*"
    r"(?P<ap>a\.m\.|p\.m\.|am|pm)?(?=\W|$)|\b(?P<h2>1[0-2]|[1-9])\s*(?P<ap2>a\.m\.|p\.m\.|am|pm)(?=\W|$)",
    re.I,
)
_NUM_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}


@dataclass
class DateMention:
    start: int
    end: int
    text: str
    value: str | None
    kind: str  # date, month, relative, time


def _year_for(month: int, day: int, published: date | None) -> int | None:
    if published is None:
        return None
    try:
        candidate = date(published.year, month, day)
    except ValueError:
        return None
    # A report speaks of the past: a day after publication means the previous year.
    return published.year if candidate <= published + timedelta(days=7) else published.year - 1


def find_dates(text: str, published: date | None) -> list[DateMention]:
    out: list[DateMention] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    for m in ABSOLUTE.finditer(text):
        if m.group("d3"):
            d, mo, y = int(m.group("d3")), int(m.group("m3")), int(m.group("y3"))
        else:
            d = int(m.group("d1") or m.group("d2"))
            mo = MONTHS[(m.group("m1") or m.group("m2")).lower()]
            ys = m.group("y") or m.group("y2")
            y = int(ys) if ys else (_year_for(mo, d, published) or 0)
        if not (1 <= mo <= 12 and 1 <= d <= 31):
            continue
        if m.group("m2") and m.group("m2").lower() == "may" and not m.group("d2"):
            continue
        try:
            value = date(y, mo, d).isoformat() if y else f"--{mo:02d}-{d:02d}"
        except ValueError:
            continue
        out.append(DateMention(m.start(), m.end(), m.group(0), value, "date"))
        taken.append((m.start(), m.end()))
    for m in MONTH_YEAR.finditer(text):
        if free(m.start("m"), m.end()):
            mo = MONTHS[m.group("m").lower()]
            out.append(
                DateMention(
                    m.start("m"),
                    m.end(),
                    text[m.start("m") : m.end()],
                    f"{m.group('y')}-{mo:02d}",
                    "month",
                )
            )
            taken.append((m.start(), m.end()))
    for m in RELATIVE.finditer(text):
        if not free(m.start(), m.end()):
            continue
        value: str | None = None  # type: ignore[no-redef]
        if m.group("wd"):
            word = m.group("wd")
            if word.lower() == "may" or (
                word[:1].islower() and word.lower() in ("середа", "среда")
            ):
                continue
            wd = WEEKDAYS[word.lower()]
            if published is not None:
                back = (published.weekday() - wd) % 7
                value = (published - timedelta(days=back)).isoformat()
        else:
            rel = m.group("rel").lower()
            days = None
            if rel in (
                "yesterday",
                "вчора",
                "вчера",
                "last night",
                "минулої ночі",
                "прошлой ночью",
            ):
                days = 1
            elif rel in ("the day before yesterday", "позавчора", "позавчера"):
                days = 2
            elif rel.endswith("ago"):
                n = m.group("n").lower()
                days = int(n) if n.isascii() and n.isdigit() else _NUM_WORDS.get(n)
            else:
                days = 0
            if days is not None and published is not None:
                value = (published - timedelta(days=days)).isoformat()
            if days is None:
                continue
        out.append(DateMention(m.start(), m.end(), m.group(0), value, "relative"))
        taken.append((m.start(), m.end()))
    for m in TIME.finditer(text):
        if not free(m.start(), m.end()):
            continue
        h = int(m.group("h") or m.group("h2"))
        mi = int(m.group("mi") or 0)
        ap = (m.group("ap") or m.group("ap2") or "").lower().replace(".", "")
        if (
            m.group("h")
            and not ap
            and not re.match(r"(?:at|around|о|около|близько|в)\s", m.group(0), re.I)
        ):
            continue  # "3.5" is not a time without a preposition or am/pm
        if ap == "pm" and h < 12:
            h += 12
        if ap == "am" and h == 12:
            h = 0
        if h > 23:
            continue
        out.append(DateMention(m.start(), m.end(), m.group(0), f"T{h:02d}:{mi:02d}", "time"))
        taken.append((m.start(), m.end()))
    out.sort(key=lambda d: d.start)
    return out
