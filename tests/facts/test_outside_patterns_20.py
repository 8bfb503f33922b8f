"""Causes behind the first-run misses of the seventeenth round's Ukrainian splits (issue 25),
each tested on wording written for the test: a town the Ukrainian dictionary knows as a plain
noun ("у Жмеринці"; that dictionary marks no place names), a town in the genitive after an
attack ("обстрілу Жмеринки та Козятина"), after "у центрі", after "с." or "м."; a pronoun
after the words that say when is no source ("Вже за кілька хвилин він додав"); and a news
site's closing prompts run into the last paragraph ("Читайте також …", "… читайте на каналі …
в Telegram")."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from casefile.text.boilerplate import cut_appeals

FactsJson = Callable[[str, str], dict[str, Any]]
Figures = Callable[[str, str], list[tuple[str, int | None, str | None]]]


def _places(text: str, lang: str, facts_json: FactsJson) -> list[str]:
    return [p["name"] for p in facts_json(text, lang)["places"]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("У Жмеринці загинули п'ятеро людей.", ["Zhmerynka"]),
        ("Внаслідок обстрілу Жмеринки та Козятина загинули 5 людей.", ["Zhmerynka", "Kozyatyn"]),
        ("У центрі Стамбула пролунав вибух.", ["Istanbul"]),
        ("У с. Кучерівка чоловік отримав поранення.", ["Кучерівка"]),
        ("Унаслідок удару по м. Козятин поранено двох людей.", ["Kozyatyn"]),
    ],
)  # fmt: skip
def test_ukrainian_towns(text: str, expected: list[str], facts_json: FactsJson) -> None:
    assert _places(text, "uk", facts_json) == expected


def test_bodies_after_a_preposition_are_not_towns(facts_json: FactsJson) -> None:
    assert _places("У Раді заявили, що у Світі немає миру.", "uk", facts_json) == []


@pytest.mark.parametrize(
    ("text", "lang", "source"),
    [
        ("Мер Харкова Ігор Терехов повідомив про вибухи. Вже за кілька хвилин він додав, що "
         "постраждали дві людини.", "uk", "Ігор Терехов"),
        ("Губернатор Вячеслав Гладков сообщил об атаке. Через час он добавил, что пострадали "
         "два человека.", "ru", "Вячеслав Гладков"),
    ],
)  # fmt: skip
def test_a_pronoun_after_when_is_the_speaker_before(
    text: str, lang: str, source: str, figures_of: Figures
) -> None:
    assert figures_of(text, lang) == [("injured", 2, source)]


def test_closing_prompts_run_into_the_last_paragraph() -> None:
    kept, cuts = cut_appeals(
        "Будинок частково обвалився. Читайте також про інші удари по місту. Термінові "
        "повідомлення про війну читайте на каналі нашого видання в Telegram."
    )
    assert kept == "Будинок частково обвалився."
    assert [c.reason for c in cuts] == ["reader prompt", "reader prompt"]


def test_a_sentence_about_telegram_is_not_a_prompt() -> None:
    line = "Він читає новини в Telegram щодня. Так каже його сусід."
    assert cut_appeals(line) == (line, [])


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Two militants were killed in the Gaza Strip yesterday.", "en"),
        ("Troops fired along the Gaza Strip's border with Egypt.", "en"),
        ("У секторі Газа загинули 20 людей.", "uk"),
        ("В секторе Газа погибли 20 человек.", "ru"),
    ],
)
def test_a_territory_is_not_its_city(text: str, lang: str, facts_json: FactsJson) -> None:
    assert _places(text, lang, facts_json) == ["Gaza Strip"]
