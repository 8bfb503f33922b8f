"""Field values of victim lists made comparable: partial dates, ages, sex, status, places.

Each parser returns the canonical value or raises ValueError with a short reason; the importer
turns that into a report line naming the row and the column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from casefile.people.names import (
    NameParts,
    family_key,
    given_key,
    given_sex,
    patronymic_key,
    split_full_name,
    to_latin,
)

STATUSES = ("killed", "missing", "injured", "detained", "deported", "found alive")

_STATUS_WORDS = {
    "killed": (
        "killed", "dead", "deceased", "died", "murdered", "вбит", "убит", "загин", "поги",
        "помер", "умер", "смерть", "мертв", "страчен", "розстрілян", "расстрелян",
    ),
    "missing": ("missing", "disappeared", "зник", "пропа", "безвіс", "безвес", "розшук", "розыск"),
    "injured": ("injured", "wounded", "поранен", "ранен", "травм"),
    "detained": ("detained", "captured", "prisoner", "затрим", "задерж", "полон", "плен"),
    "deported": ("deported", "депорт", "вивез", "вывез"),
    "found alive": ("found alive", "alive", "живий", "живой", "живая", "жива", "знайден"),
}  # fmt: skip

_SEX = {
    "m": "M", "male": "M", "man": "M", "ч": "M", "чол": "M", "чоловік": "M", "чоловіча": "M",
    "м": "M", "муж": "M", "мужской": "M", "мужчина": "M",
    "f": "F", "female": "F", "woman": "F", "w": "F", "ж": "F", "жін": "F", "жінка": "F",
    "жіноча": "F", "жен": "F", "женский": "F", "женщина": "F",
}  # fmt: skip


def parse_status(value: str) -> str:
    v = value.strip().lower()
    if v in STATUSES:
        return v
    # "found alive" words first: "знайдений живим" must not read as killed
    for status in ("found alive", *STATUSES[:-1]):
        if any(w in v for w in _STATUS_WORDS[status]):
            return status
    raise ValueError(f"unknown status {value!r} (use one of: {', '.join(STATUSES)})")


def parse_sex(value: str) -> str:
    v = value.strip().lower().rstrip(".")
    if v in _SEX:
        return _SEX[v]
    raise ValueError(f"unknown sex {value!r} (M/F, male/female, ч/ж)")


@dataclass(frozen=True)
class PartialDate:
    """A date known to the year, month or day: '1978', '1978-03', '1978-03-15'."""

    year: int
    month: int | None = None
    day: int | None = None

    def iso(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


_ISO = re.compile(r"^(\d{4})(?:[-./](\d{1,2})(?:[-./](\d{1,2}))?)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")  # 19780315
_DMY = re.compile(r"^(?:(\d{1,2})[-./])?(\d{1,2})[-./](\d{4})$")


def parse_partial_date(value: Any, earliest: int = 1880, latest: int | None = None) -> PartialDate:
    """Full or partial dates in ISO or day.month.year order, or a spreadsheet date."""
    latest = latest or date.today().year
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        out = PartialDate(value.year, value.month, value.day)
    else:
        if isinstance(value, (int, float)) and float(value).is_integer():
            value = str(int(value))
        v = re.sub(r"\s*(р\.?|г\.?|року|года|рік|год)$", "", str(value).strip().lower())
        m = _ISO.match(v) or _COMPACT.match(v)
        if m:
            y, mo, d = int(m.group(1)), m.group(2), m.group(3)
            out = PartialDate(y, int(mo) if mo else None, int(d) if d else None)
        else:
            m = _DMY.match(v)
            if not m:
                raise ValueError(f"not a date: {value!r} (YYYY, YYYY-MM, YYYY-MM-DD or DD.MM.YYYY)")
            d, mo, y = m.group(1), int(m.group(2)), int(m.group(3))
            out = PartialDate(y, mo, int(d) if d else None)
    if not earliest <= out.year <= latest:
        raise ValueError(f"year {out.year} is out of range ({earliest}-{latest})")
    if out.month is not None and not 1 <= out.month <= 12:
        raise ValueError(f"month {out.month} does not exist in {value!r}")
    if out.day is not None and out.month is not None:
        try:
            date(out.year, out.month, out.day)
        except ValueError:
            raise ValueError(f"day {out.day} does not exist in {value!r}") from None
    return out


def parse_age(value: Any) -> int:
    try:
        f = float(str(value).strip().replace(",", "."))
    except ValueError:
        raise ValueError(f"age {value!r} is not a number") from None
    if not f.is_integer() or f < 0 or f > 120:
        raise ValueError(f"impossible age {value!r} (a whole number 0-120)")
    return int(f)


def birth_year_range(
    birth: PartialDate | None, age: int | None, event: PartialDate | None, event_year: int | None
) -> tuple[int | None, int | None]:
    """Birth year as a closed range: exact from a birth date, event year - age - (0..1) from an
    age (the birthday may or may not have passed)."""
    if birth is not None:
        return birth.year, birth.year
    ey = event.year if event is not None else event_year
    if age is not None and ey is not None:
        return ey - age - 1, ey - age
    return None, None


_PLACE_PREFIX = re.compile(
    r"^(м\.|с\.|смт\.?|г\.|п\.|пгт\.?|селище|село|місто|город|поселок|city of|village of|v\.)\s*",
    re.IGNORECASE,
)


@lru_cache(maxsize=20_000)
def place_key(value: str) -> tuple[str, str | None]:
    """(key, oblast): the gazetteer's canonical name when known, else the coarse key of the text."""
    from casefile.facts.gazetteer import cyrillic_index, latin_names

    text = _PLACE_PREFIX.sub("", value.strip())
    first = re.split(r"[,;(]", text)[0].strip()
    latin = {k.lower(): p for k, p in latin_names().items()}
    index = cyrillic_index("uk")
    words = [w.lower().replace("’", "'").replace("ʼ", "'") for w in first.split()]
    for n in (len(words), 1):
        key = tuple(words[:n])
        if " ".join(key) in latin:
            p = latin[" ".join(key)]
            return p.name, p.oblast
        if key in index:
            p = index[key]
            return p.name, p.oblast
    return to_latin(first).replace(" ", "") or value.strip().lower(), None


@dataclass(frozen=True)
class Keys:
    """The comparison columns of one record."""

    given_key: str | None
    family_key: str | None
    patronymic_key: str | None
    sex_key: str | None
    birth_year_lo: int | None
    birth_year_hi: int | None
    place_key: str | None
    oblast: str | None
    birth_date: str | None = None  # ISO, as precise as the list gave it: 1978, 1978-03, 1978-03-15
    event_date: str | None = None  # date of death or of the event, ISO, as precise as given


def name_parts(
    full_name: str | None, given: str | None, patronymic: str | None, family: str | None
) -> NameParts:
    if given or family:
        return NameParts(given or None, patronymic or None, family or None)
    if full_name:
        return split_full_name(full_name)
    return NameParts(None, None, None)


def record_keys(
    parts: NameParts,
    sex: str | None,
    birth: PartialDate | None,
    age: int | None,
    event: PartialDate | None,
    place: str | None,
    event_year: int | None = None,
) -> Keys:
    gk = given_key(parts.given) if parts.given else None
    lo, hi = birth_year_range(birth, age, event, event_year)
    pk, oblast = place_key(place) if place else (None, None)
    return Keys(
        given_key=gk or None,
        family_key=(family_key(parts.family) or None) if parts.family else None,
        patronymic_key=(patronymic_key(parts.patronymic) or None) if parts.patronymic else None,
        sex_key=sex or (given_sex(gk) if gk else None),
        birth_year_lo=lo,
        birth_year_hi=hi,
        place_key=pk,
        oblast=oblast,
        birth_date=birth.iso() if birth else None,
        event_date=event.iso() if event else None,
    )
