"""Causes behind the misses of the twentieth round's Russian dev splits (issue 25, Lenta.ru
articles whose paragraph breaks were lost), each tested on wording written for the test (the
related-articles boxes glued into their lines: tests/text/test_related_boxes.py): paragraphs
told apart where they were glued, "оба"/"обоих" as two, and two persons named one by
one before a plural word of harm ("отец и сын были ранены") or after a short participle
("ранены мужчина и женщина")."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from casefile.facts.languages.cyrillic import _para_of

FactsJson = Callable[[str, str], dict[str, Any]]


def _tolls(text: str, facts_json: FactsJson, lang: str = "ru") -> list[tuple[str, int]]:
    return [
        (f["category"], f["count"])
        for f in facts_json(text, lang)["figures"]
        if f["note"] != "sub-count"
    ]


def test_paragraphs_are_told_apart_where_they_were_glued() -> None:
    text = "Об этом сообщает ТАСС.Погибли двое. Еще один ранен.\nНовый абзац."
    second = text.index("Погибли")
    assert _para_of(text, second + 3) == (second, text.index("\n"))
    assert _para_of(text, 3) == (0, second)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("При задержании полиция ранила обоих.", [("injured", 2)]),
        ("Оба подозреваемых задержаны.", [("detained", 2)]),
        ("Охранник погиб, а отец и сын были ранены.", [("killed", 1), ("injured", 2)]),
        ("Его жена и дочь были ранены.", [("injured", 2)]),
        ("Мужчина и женщина погибли на месте.", [("killed", 2)]),
        ("Ранены мужчина и женщина.", [("injured", 2)]),
    ],
)
def test_both_and_two_named_one_by_one(
    text: str, expected: list[tuple[str, int]], facts_json: FactsJson
) -> None:
    assert _tolls(text, facts_json) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Обе стороны понесли потери.",  # sides, not people
        "Полиция и прокуратура были на месте.",  # no harm
        "Мужчина погиб.",  # one, counted by the rules for one
    ],
)
def test_not_two_named_one_by_one(text: str, facts_json: FactsJson) -> None:
    assert ("killed", 2) not in _tolls(text, facts_json)
    assert ("injured", 2) not in _tolls(text, facts_json)


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Американец Джон Доу (John Doe) из Огайо был застрелен у дома.", "ru", [("killed", 1)]),
        ("Том Ригсон был убит на улице.", "ru", [("killed", 1)]),
        ("Смит был задержан в аэропорту.", "ru", [("detained", 1)]),
        ("Іван Коваль був поранений під час обстрілу.", "uk", [("injured", 1)]),
        ("Москва была атакована.", "ru", []),  # a place, not a person harmed
    ],
)
def test_one_person_by_name_was_harmed(
    text: str, lang: str, expected: list[tuple[str, int]], facts_json: FactsJson
) -> None:
    assert _tolls(text, facts_json, lang) == expected


def test_a_source_after_when_it_was_said(facts_json: FactsJson) -> None:
    figures = facts_json("Как сообщает в пятницу, 3 мая, Sky News, погибли двое.", "ru")["figures"]
    assert [(f["count"], f["source"]) for f in figures] == [(2, "Sky News")]


def test_a_foreign_name_ending_in_a_vowel_is_not_declined_by_a_guess() -> None:
    from casefile.facts.languages import ru

    assert ru.MORPH.nominative("Мамузини") == "Мамузини"
    assert ru.MORPH.nominative("Петрова", "masc") == "Петров"  # a known name still declines
