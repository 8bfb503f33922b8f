"""A linked pair's evidence in words, for reviewers: which fields agreed, how closely, and how
much each weighed for or against one person.

The linkage stores, per comparison, the Splink level the pair fell in (its chart label, such as
"Jaro-Winkler distance of family_key >= 0.88" or "All other comparisons") and its match weight
(log2 of the Bayes factor). Labels the model wrote in words ("same birth date") are kept.
"""

from __future__ import annotations

import re
from typing import Any

FIELDS = {
    "family": "family name",
    "family_key": "family name",
    "family_name": "family name",
    "surname": "family name",
    "given": "given name",
    "given_key": "given name",
    "given_name": "given name",
    "first_name": "given name",
    "patronymic": "patronymic",
    "patronymic_key": "patronymic",
    "birth_year": "birth date",
    "birth_date": "birth date",
    "dob": "birth date",
    "name_order": "order of the names",
    "sex": "sex",
    "sex_key": "sex",
    "death_date": "date of death",
    "event_day": "date of death",
    "place": "place",
    "oblast": "oblast",
}

_RULES: list[tuple[re.Pattern[str], Any]] = [
    (re.compile(r"^exact match", re.I), lambda m: "the same"),
    (
        re.compile(r"damerau-levenshtein distance of \w+ <= ?1\b", re.I),
        lambda m: "one typo apart",
    ),
    (
        re.compile(r"levenshtein distance of \w+ <= ?(\d+)", re.I),
        lambda m: f"within {m.group(1)} typos" if m.group(1) != "1" else "one typo apart",
    ),
    (
        re.compile(r"jaro[- ]winkler (?:distance|similarity) of \w+ >= ?([\d.]+)", re.I),
        lambda m: "spelt very alike" if float(m.group(1)) >= 0.85 else "spelt somewhat alike",
    ),
    (re.compile(r"^all other comparisons$", re.I), lambda m: "different"),
    (re.compile(r"\bis null\b|\bnull\b|^missing$", re.I), lambda m: "missing in a record"),
]


def field_name(comparison: str) -> str:
    return FIELDS.get(comparison, comparison.removesuffix("_key").replace("_", " "))


def agreement(level: str) -> str:
    """A Splink level label in words."""
    for pattern, words in _RULES:
        found = pattern.search(level)
        if found:
            return str(words(found))
    return level.replace("_key", "").replace("_", " ")


def strength(weight: float | None) -> str:
    """A match weight (log2 Bayes factor) in words."""
    if weight is None:
        return "not weighed"
    if abs(weight) < 0.5:
        return "says little either way"
    side = "for" if weight > 0 else "against"
    size = abs(weight)
    how = "strongly " if size >= 6 else "" if size >= 2 else "weakly "
    return f"speaks {how}{side} one person"


def explain(evidence: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each comparison as {field, agreement, weight, effect, text}, the weightiest first."""
    out = []
    for e in evidence:
        name = field_name(str(e.get("comparison") or e.get("name") or "?"))
        level = str(e.get("level") or e.get("label") or "")
        raw = e.get("weight")
        weight = float(raw) if isinstance(raw, int | float) else None
        agreed = agreement(level) if level else "compared"
        if name == "order of the names" and agreed == "different":
            agreed = "not swapped"
        effect = strength(weight)
        odds = ""
        if weight is not None and abs(weight) >= 0.5:
            factor = 2 ** abs(weight)
            shown = f"{factor:.1f}" if factor < 10 else f"{factor:,.0f}"
            odds = f" ({shown}× {'more' if weight > 0 else 'less'} likely if one person)"
        out.append(
            {
                "field": name,
                "agreement": agreed,
                "weight": weight,
                "effect": effect,
                "text": f"{name}: {agreed}, {effect}{odds}",
            }
        )
    out.sort(key=lambda x: -abs(float(x["weight"] or 0.0)))
    return out
