"""Causes behind the misses of the twenty-first round's Russian dev splits (issue 25, Lenta.ru
articles and Telegram posts), each tested on wording written for the test:
- tolls: the arrested as held ("арестованы", "заарештовано"), an aside in brackets between a
  count and its verb, "другой был доставлен в больницу" and "второй — госпитализирован" as the
  other one hurt, "двое прохожих" as people, "Число задержанных — около 30", one person named
  as what befell them ("Погибшим оказался командир"), Latin letters typed inside Cyrillic
  words ("ребëнок");
- sources: a statement's owner named after it ("…, сообщается на сайте Следственного комитета
  РФ"), a source in the genitive or in quotes put in the nominative, a name joined by a hyphen
  kept whole ("ИТАР-ТАСС", not ТАСС), a sentence glued on after an acronym ("…, отмечает
  AFP.Как сообщалось"), the outlet's own source ("Собеседник агентства") as the outlet, a
  reporter not reaching past two paragraphs a page glued together, and words that name no one
  (a date, those harmed, a video);
- speakers: a foreign surname that does not decline ("Саида Мамузини"), who said it after whom
  it was told ("— сообщили агентству в пресс-службе полиции");
- places: a region named after a city ("в Красноярском крае" is the krai, not Krasnoyarsk), a
  town's adjective before a block of flats ("в белгородскую многоэтажку");
- bad input found by this round's checks: a run of digits too long for a count (it raised)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from casefile.facts.languages.cyrillic import _NO_ONE, fold_lookalikes
from casefile.facts.languages.glued import glued_joins
from casefile.facts.numbers import parse_int

FactsJson = Callable[[str, str], dict[str, Any]]


def _figures(text: str, facts_json: FactsJson, lang: str = "ru") -> list[tuple[str, int, Any]]:
    return [
        (f["category"], f["count"], f["source"])
        for f in facts_json(text, lang)["figures"]
        if f["note"] != "sub-count"
    ]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("В городе арестованы 19 подозреваемых.", "ru", [("detained", 19, None)]),
        ("Полиция арестовала двоих подозреваемых.", "ru", [("detained", 2, None)]),
        ("Поліція заарештувала двох підозрюваних.", "uk", [("detained", 2, None)]),
        ("Еще трое (включая водителя) получили ранения.", "ru", [("injured", 3, None)]),
        (
            "Один охранник погиб, другой был доставлен в больницу.",
            "ru",
            [("killed", 1, None), ("injured", 1, None)],
        ),
        ("Один погиб, другой госпитализирован.", "ru", [("killed", 1, None), ("injured", 1, None)]),
        ("Жертвами нападения стали двое прохожих.", "ru", [("killed", 2, None)]),
    ],
)
def test_cyrillic_tolls_round_21(
    text: str, lang: str, expected: list[tuple[str, int, Any]], facts_json: FactsJson
) -> None:
    assert _figures(text, facts_json, lang) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "При взрыве пострадали 14 человек, сообщается на сайте Следственного комитета РФ.",
            [("injured", 14, "Следственный комитет РФ")],
        ),
        (
            "Погибли два человека, говорится в заявлении министерства обороны страны.",
            [("killed", 2, "министерство обороны страны")],
        ),
        ("По данным «Интерфакса», ранены 14 человек.", [("injured", 14, "Интерфакс")]),
        ("Погибли два человека, сообщает ИТАР-ТАСС.", [("killed", 2, "ИТАР-ТАСС")]),
        (
            "Возбуждено уголовное дело. Об этом 3 января сообщается на сайте Следственного "
            "комитета РФ. Погиб один полицейский.",
            [("killed", 1, "Следственный комитет РФ")],
        ),
        (
            "Об этом сообщает «Интерфакс».Подробности пока не известны. Собеседник агентства "
            "отметил, что в драке погибли два человека.",
            [("killed", 2, "Интерфакс")],
        ),
    ],
)
def test_russian_sources_round_21(
    text: str, expected: list[tuple[str, int, Any]], facts_json: FactsJson
) -> None:
    assert _figures(text, facts_json) == expected


@pytest.mark.parametrize(
    ("text", "joins"),
    [
        ("отмечает AFP.Как сообщалось", [13]),
        ("комитета РФ.Дело возбудили", [12]),
        ("г.Москва", []),
        ("ул.Ленина", []),
        ("А.Иванов", []),
        ("Дж.Буш", []),
    ],
)
def test_a_sentence_glued_on_after_an_acronym(text: str, joins: list[int]) -> None:
    assert glued_joins(text) == joins


@pytest.mark.parametrize(
    ("text", "source"),
    [
        # two paragraphs glued on since the report: the toll is the article's own
        (
            "Прокурор рассказал журналистам о ходе следствия.Позже в город прибыли спасатели."
            "Теракт был совершен в марте. В результате погибли 35 человек.",
            None,
        ),
        # … unless the paragraph glued on goes on with the same account
        (
            "Прокурор рассказал журналистам о ходе следствия.Он добавил, что в город прибыли "
            "спасатели.Теракт был совершен в марте. В результате погибли 35 человек.",
            "Прокурор",
        ),
    ],
)
def test_a_reporter_does_not_reach_past_lost_paragraph_breaks(
    text: str, source: str | None, facts_json: FactsJson
) -> None:
    assert _figures(text, facts_json) == [("killed", 35, source)]


@pytest.mark.parametrize(
    ("phrase", "no_one"),
    [
        ("4 марта", True),
        ("марта", True),
        ("в субботу", True),
        ("Убитые", True),
        ("ролик", True),
        ("РИА Новости", False),
        ("Следственный комитет РФ", False),
        ("Марта Иванова", False),
    ],
)
def test_words_that_name_no_source(phrase: str, no_one: bool) -> None:
    assert bool(_NO_ONE.fullmatch(phrase)) is no_one


def test_a_foreign_surname_after_a_genitive_title_does_not_decline(facts_json: FactsJson) -> None:
    text = (
        "Об этом сообщает телеканал со ссылкой на представителя партии Саида Мамузини. По "
        "словам Мамузини, «раскол в группировке становится все очевиднее»."
    )
    assert [q["speaker"] for q in facts_json(text, "ru")["quotes"]] == ["Саид Мамузини"]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Беспилотник влетел в жилой дом, погиб маленький ребëнок.", "ru", [("killed", 1, None)]),
        ("Число задержанных сейчас — около 30.", "ru", [("detained", 30, None)]),
        (
            "Один из них погиб, второй — госпитализирован с ранением бедра.",
            "ru",
            [("killed", 1, None), ("injured", 1, None)],
        ),
        ("Погибшим при взрыве оказался командир бригады.", "ru", [("killed", 1, None)]),
        ("Пострадавшим оказался 40-летний мужчина.", "ru", [("injured", 1, None)]),
        ("Жертвой нападения стала женщина.", "ru", [("killed", 1, None)]),
        ("Загиблим виявився чоловік.", "uk", [("killed", 1, None)]),
        ("Погибшими оказались 3 человека.", "ru", [("killed", 3, None)]),
    ],
)
def test_telegram_tolls_round_21(
    text: str, lang: str, expected: list[tuple[str, int, Any]], facts_json: FactsJson
) -> None:
    assert _figures(text, facts_json, lang) == expected


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("погиб маленький ребëнок", "погиб маленький ребёнок"),
        ("пoгиб", "погиб"),
        ("Telegram-канал", "Telegram-канал"),
        ("iPhone-ом", "iPhone-ом"),
        ("AFP.Как", "AFP.Как"),
    ],
)
def test_latin_lookalikes_inside_cyrillic_words(text: str, folded: str) -> None:
    assert fold_lookalikes(text) == folded


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("В Красноярском крае мужчина застрелил двоих.", [("Красноярский край", False)]),
        ("В Новосибирской области погибли двое.", [("Новосибирская область", False)]),
        ("В Красноярске погибли двое.", [("Krasnoyarsk", True)]),
        ("Дрон влетел в белгородскую многоэтажку.", [("Belgorod", True)]),
    ],
)
def test_russian_regions_and_a_towns_building(
    text: str, expected: list[tuple[str, bool]], facts_json: FactsJson
) -> None:
    assert [(p["name"], p["placed"]) for p in facts_json(text, "ru")["places"]] == expected


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "«Найдены два пистолета», — сообщили агентству в пресс-службе полиции.",
            "пресс-служба полиции",
        ),
        ("«Погибли двое», — сообщили в пресс-службе МВД.", "пресс-служба МВД"),
        ("«Погибли двое», — сообщил агентству Иван Петров.", "Иван Петров"),
    ],
)
def test_a_speaker_after_whom_it_was_told(text: str, speaker: str, facts_json: FactsJson) -> None:
    assert [q["speaker"] for q in facts_json(text, "ru")["quotes"]] == [speaker]


@pytest.mark.parametrize("lang", ["ru", "uk", "en"])
def test_a_run_of_digits_too_long_for_a_count_is_no_count(lang: str, facts_json: FactsJson) -> None:
    # (Python reads no more than 4,300 digits as a number: this raised before)
    assert facts_json("Погибли " + "1" * 5000 + " человек.", lang)["figures"] == []


def test_parse_int_takes_no_count_of_thirteen_digits_or_more() -> None:
    assert parse_int("410") == 410
    assert parse_int("1,200") == 1200
    assert parse_int("999999999999") == 999_999_999_999
    assert parse_int("1" * 13) is None
