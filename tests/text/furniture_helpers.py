"""Articles written for the page-furniture tests and what `clean_text` removes around them."""

from __future__ import annotations

from casefile.text import clean_text

ARTICLE_RU = (
    "В результате удара по порту погибли шесть человек, еще 11 получили ранения, сообщил глава "
    "областной администрации.\n\nНа месте работают спасатели."
)
ARTICLE_UK = (
    "Унаслідок удару по місту загинула одна людина, ще 30 дістали поранення, повідомив мер.\n\n"
    "На місці працюють рятувальники."
)
ARTICLE_EN = (
    "Twelve people were killed when gunmen opened fire on a market, the police said.\n\n"
    "Rescue workers searched the area until late at night."
)


def removed_lines(text: str) -> dict[str, str]:
    """Each removed line (stripped) -> why it was removed."""
    return {r.text.strip(): r.reason for r in clean_text(text)[1]}
