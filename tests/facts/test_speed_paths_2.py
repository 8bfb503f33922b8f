"""The lookaheads put before the date, evidence and Latin place patterns for speed find exactly
what the patterns without them find (issue 25)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from casefile.facts import dates, evidence, places

EVAL = Path(__file__).resolve().parent.parent / "data" / "extract_eval"

# Every month and weekday name, every relative word and preposition, in three cases, around
# digits, with the Unicode characters that match a Latin or Cyrillic letter case-insensitively.
_WORDS = (
    list(dates.MONTHS)
    + list(dates.WEEKDAYS)
    + dates._RELATIVE_EN.split("|")
    + dates._RELATIVE_CYR.split("|")
    + ["on", "last", "this", "у", "в", "минулого", "минулої", "в прошлый", "в прошлую", "in"]
    + ["at", "around", "о", "около", "близько", "three days ago", "5 days ago"]
    + ["satellite images", "mass graves", "DNA", "post-mortem", "eyewitnesses", "документи"]
)


def _synthetic() -> str:
    parts = []
    for w in _WORDS:
        for form in (w, w.upper(), w.title()):
            parts += [
                f"{form} 24",
                f"24 {form} 2022",
                f"{form} 2022",
                f"on {form}",
                f"{form} at 10:30",
                f"x{form}",
            ]
    parts += ["ſeptember 3", "ſunday", "K", "ᲀчора", "24.02.2022", "at 3 p.m.", "о 5:40"]
    return ". ".join(parts)


def _texts() -> list[str]:
    return [_synthetic()] + [p.read_text("utf-8") for p in sorted(EVAL.glob("*.txt"))]


def _without_lookahead(pattern: re.Pattern[str], count: int) -> re.Pattern[str]:
    source, n = re.subn(r"\\b\(\?=[^()]*\)", r"\\b", pattern.pattern)
    assert n == count, pattern.pattern
    return re.compile(source, pattern.flags)


def _matches(pattern: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], dict]]:
    return [(m.span(), m.groupdict()) for m in pattern.finditer(text)]


@pytest.mark.parametrize(
    ("name", "count"), [("ABSOLUTE", 1), ("MONTH_YEAR", 1), ("RELATIVE", 2), ("TIME", 1)]
)
def test_date_patterns_match_as_without_lookahead(name: str, count: int) -> None:
    fast = getattr(dates, name)
    full = _without_lookahead(fast, count)
    for text in _texts():
        assert _matches(fast, text) == _matches(full, text)


def test_evidence_patterns_match_as_without_lookahead() -> None:
    for (_, fast), (_, pat) in zip(evidence._PATTERNS, evidence._KINDS, strict=True):
        full = re.compile(r"\b(?:" + pat + r")\b", re.I)
        assert _without_lookahead(fast, 1).pattern == full.pattern
        for text in _texts():
            assert _matches(fast, text) == _matches(full, text)


def test_latin_places_match_as_without_lookahead() -> None:
    fast = places._latin_regex()
    names = sorted(places.latin_names(), key=len, reverse=True)
    full = re.compile(r"(?<![\w-])(" + "|".join(re.escape(n) for n in names) + r")(?![\w-])")
    text = " ".join(f"{n} in {n.lower()}, {n.upper()}'s -{n} {n}-" for n in names)
    for t in [text, *_texts()]:
        assert _matches(fast, t) == _matches(full, t)


def _lookahead_classes(pattern: re.Pattern[str]) -> list[str]:
    return re.findall(r"\[[^\]]*\]", "".join(re.findall(r"\\b\(\?=[^()]*\)", pattern.pattern)))


def test_a_case_insensitive_class_matches_what_its_letters_match() -> None:
    """Under re.I a class takes every character that one of its letters takes as a literal
    ("ſ" for "s", "ᲀ" for "в"), so a lookahead built from the letters never stops a match."""
    everything = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000)
    patterns = [getattr(dates, n) for n in ("ABSOLUTE", "MONTH_YEAR", "RELATIVE", "TIME")]
    patterns += [p for _, p in evidence._PATTERNS]
    classes = {c for p in patterns for c in _lookahead_classes(p)}
    from casefile.facts import incident

    for _, p in incident._WHAT_RE:
        head = re.match(r"\(\?=((?:\[[^\]]*\])+)\)", p.pattern)
        assert head
        classes |= set(re.findall(r"\[[^\]]*\]", head.group(1)))
    assert classes
    for cls in classes:
        taken = {m.start() for m in re.finditer(cls, everything, re.I)}
        letters = [c for c in cls[1:-1].replace("\\d", "") if c != "\\"]
        for letter in letters:
            by_letter = {m.start() for m in re.finditer(re.escape(letter), everything, re.I)}
            assert by_letter <= taken, (cls, letter)


def test_incident_kinds_find_as_without_lookahead() -> None:
    from casefile.facts import incident

    words = " ".join(
        f"{w} {w.upper()} x{w}" for _, pat in incident._WHAT for w in re.findall(r"\w+", pat)
    )
    for (label, fast), (label2, pat) in zip(incident._WHAT_RE, incident._WHAT, strict=True):
        assert label == label2
        for text in [words, *_texts()]:
            assert _matches(fast, text) == _matches(re.compile(pat, re.I), text)


def test_counts_and_notes_match_as_without_lookahead() -> None:
    from casefile.facts import figures as fig

    qual = re.findall(r"\(\?P<qual>([^)]*)\)", fig._QUAL)[0].split("|")
    vague = re.findall(r"\(\?P<vague>([^)]*)\)", fig._VAGUE)[0].split("|")
    numwords = fig._NUMWORD[len("(?:(?:") : fig._NUMWORD.index(")")].split("|")
    parts = []
    for w in [*qual, *vague, *numwords, "a million", "one million", "between"]:
        for form in (w, w.upper(), w.title()):
            parts += [
                f"{form} people",
                f"{form} 12 civilians",
                f"{form} 3 and 5",
                f"{form}\xa0million",
                f"x{form} 7",
                f"{form} twenty-one",
            ]
    parts += [n for n in re.findall(r"[a-z]+(?: [a-z]+)*", fig._NOTE_WORDS)]
    parts += ["1,200 killed", "3.5 million", "20-30 people", "a\nmillion", "a dozen", "ſeven"]
    synthetic = ". ".join(parts)
    full_quantity = re.compile(fig.QUANTITY.pattern.replace(fig._COUNT_OPENS, ""), re.I)
    full_notes = re.compile(r"\b(" + fig._NOTE_WORDS + r")\b", re.I)
    assert full_quantity.pattern != fig.QUANTITY.pattern
    for text in [synthetic, *_texts()]:
        assert _matches(fig.QUANTITY, text) == _matches(full_quantity, text)
        assert _matches(fig._NOTES, text) == _matches(full_notes, text)
