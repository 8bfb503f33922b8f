"""Lines that sit inside article bodies but are not the article: adverts, appeals, prompts.

Each rule has a reason so the analyst can see why a line went (and put it back if we were wrong).
Only whole lines are removed, and only short ones or ones that are wholly a prompt: a long
paragraph that merely mentions a newsletter stays.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "advertisement",
        re.compile(
            r"^\W*(advert|advertisement|ad|sponsored( content)?|story continues below"
            r"( advertisement)?|реклама|рекламa|партнерський матеріал|партнерский материал)\W*$",
            re.I,
        ),
    ),
    (
        "donation appeal",
        re.compile(
            r"\b(donat(e|ion|ing)|emergency appeal|support (our|independent) journalism|"
            r"become a (member|supporter|patron)|задонат|підтримайте (нас|редакцію)|"
            r"поддержите (нас|редакцию)|пожертв)",
            re.I,
        ),
    ),
    (
        "newsletter prompt",
        re.compile(
            r"\b(newsletter|sign up (for|to)|subscribe (to|for|now|here)|subscribe\W*$|"
            r"get (our|the) (daily|weekly|latest) (briefing|news|updates)|"
            r"підпис(уйтесь|атися)|подпис(ывайтесь|аться)|розсилк|рассылк)",
            re.I,
        ),
    ),
    (
        "click-through prompt",
        re.compile(
            r"\b(click here|tap here|read more\s*:|related\s*:|see also\s*:|watch\s*:|"
            r"follow us on|share this (article|story)|натисніть тут|читайте (також|також:)|"
            r"читайте также|нажмите здесь|дивіться також|смотрите также)",
            re.I,
        ),
    ),
)

# A prompt line is short; an article paragraph mentioning "subscribe" in passing is not.
_MAX_PROMPT_CHARS = 400


@dataclass(frozen=True)
class Verdict:
    reason: str


def classify_line(line: str) -> Verdict | None:
    """Why this line is boilerplate, or None if it belongs to the article."""
    stripped = line.strip()
    if not stripped or len(stripped) > _MAX_PROMPT_CHARS:
        return None
    for reason, pattern in _RULES:
        if pattern.search(stripped) and (reason == "advertisement" or _is_prompt(stripped)):
            return Verdict(reason)
    return None


def _is_prompt(line: str) -> bool:
    """Prompts address the reader; reporting that mentions donations ("donated blood") does not."""
    reader = re.compile(
        r"\b(you|your|click|tap|sign up|subscribe|here|our|us|нас|наш|ваш|вас|тут|здесь)\b|"
        r"(підпис|подпис|натисн|нажм|читайте|дивіться|смотрите|задонат|пожертв)",
        re.I,
    )
    return bool(reader.search(line))
