"""Which language a text is in: lingua, restricted to the languages the reports come in.

Restricting the candidates makes lingua fast and sure on short news text; anything below
the confidence bar is "unknown" rather than a guess. Paragraph-level votes reveal mixed texts
(an English report quoting a Ukrainian statement at length).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

CODES = {
    "ENGLISH": "en",
    "UKRAINIAN": "uk",
    "RUSSIAN": "ru",
    "GERMAN": "de",
    "FRENCH": "fr",
    "POLISH": "pl",
    "SPANISH": "es",
}
MIN_CONFIDENCE = 0.7
# A second language must hold this share of the text's letters before the text counts as mixed.
MIXED_SHARE = 0.2


@dataclass(frozen=True)
class LanguageGuess:
    code: str  # ISO 639-1, or "unknown"
    confidence: float
    mixed: dict[str, float] = field(default_factory=dict)  # code -> share of letters, if mixed


@lru_cache(maxsize=1)
def _detector() -> Any:
    from lingua import Language, LanguageDetectorBuilder

    langs = [getattr(Language, name) for name in CODES]
    return LanguageDetectorBuilder.from_languages(*langs).with_preloaded_language_models().build()


def _guess(text: str) -> tuple[str, float]:
    values = _detector().compute_language_confidence_values(text)
    if not values:
        return "unknown", 0.0
    top = values[0]
    code = CODES.get(top.language.name, "unknown")
    if top.value < MIN_CONFIDENCE:
        return "unknown", float(top.value)
    return code, float(top.value)


def detect_language(text: str) -> LanguageGuess:
    letters = sum(ch.isalpha() for ch in text)
    if letters < 20:
        return LanguageGuess("unknown", 0.0)
    # Long texts: the first 20k characters decide; lingua is linear in length.
    code, conf = _guess(text[:20000])
    shares: dict[str, int] = {}
    for para in (p for p in text[:50000].split("\n") if sum(c.isalpha() for c in p) >= 40):
        pcode, _ = _guess(para)
        shares[pcode] = shares.get(pcode, 0) + sum(c.isalpha() for c in para)
    total = sum(shares.values()) or 1
    mixed = {
        k: round(v / total, 3)
        for k, v in shares.items()
        if k != "unknown" and v / total >= MIXED_SHARE
    }
    if len(mixed) < 2:
        mixed = {}
    if code == "unknown" and mixed:
        # Two languages in comparable amounts confuse the whole-text vote: take the larger one.
        code = max(mixed, key=lambda k: mixed[k])
    return LanguageGuess(code, round(conf, 3), mixed)
