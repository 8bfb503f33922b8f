"""Causes behind dev22's and dev23's misses (issue 25), each tested on wording written for the
test: an official named by title only ("Начальник ОВА заявив") after another name, "О гибели …
сообщил X", a time before the source, "– говорить про теракт один з гостей", impersonal verbs
that have no subject, "тілесні ушкодження" (and those no one survives), "сотня", "також" between
a verb and its person; English peoples counted by name, "several hundred", killers who are not
the killed, "death count of", a range with its thousand once, a headline's verb and country that
are no person, "he said" after a speaker named by a common noun, a name set off by a comma after
its title; places after "столиці X,", in "селении", a hyphenated district, an adjective before
a name that is no town."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

FactsJson = Callable[[str, str], dict[str, Any]]
Figures = Callable[[str, str], list[tuple[str, int | None, str | None]]]


# --- Ukrainian and Russian --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        (
            # the official named before with his title, not the name in between
            "Вранці голова обласної військової адміністрації Іван Приклад повідомив, що армія "
            "Путіна вдарила по місту. Начальник ОВА заявив, що 3 людини загинули.",
            "uk",
            [("killed", 3, "Іван Приклад")],
        ),
        (
            "О гибели двух человек и ранении восьми мирных жителей сообщил глава района Пётр "
            "Образцов.",
            "ru",
            [("killed", 2, "Пётр Образцов"), ("injured", 8, "Пётр Образцов")],
        ),
        (
            "Вранці 17 серпня BBC повідомило, що загинули щонайменше 63 людини.",
            "uk",
            [("killed", 63, "BBC")],
        ),
        (
            "Тілесні ушкодження різного ступеня тяжкості отримали 44 особи.",
            "uk",
            [("injured", 44, None)],
        ),
        (
            "Телесные повреждения получили 12 человек.",
            "ru",
            [("injured", 12, None)],
        ),
        (
            "Загинули 26 людей. Майже сотня – травмовані.",
            "uk",
            [("killed", 26, None), ("injured", 100, None)],
        ),
        (
            "Погиб мужчина. Пострадала также девушка, получившая ранение.",
            "ru",
            [("killed", 1, None), ("injured", 1, None)],
        ),
    ],
)
def test_cyrillic_tolls_and_sources(
    text: str, lang: str, expected: list[tuple[str, int | None, str | None]], figures_of: Figures
) -> None:
    assert figures_of(text, lang) == expected


def test_injuries_no_one_survives_are_no_injured_toll(figures_of: Figures) -> None:
    text = "Тілесні ушкодження, несумісні з життям, отримали п'ятеро людей."
    assert ("injured", 5, None) not in figures_of(text, "uk")


def test_an_impersonal_verb_has_no_subject(facts_json: FactsJson) -> None:
    text = (
        "Рятувальники працюватимуть усю ніч, – повідомив міністр Іван Приклад.\n\n"
        "“Попереду багато роботи. Шукаємо.\n\nПідтверджено смерть 26 людей."
    )
    got = facts_json(text, "uk")
    assert all(q["speaker"] != "Підтверджено смерть" for q in got["quotes"])
    assert all(f["source"] != "Підтверджено смерть" for f in got["figures"])


def test_a_speaker_after_what_the_quote_was_about(facts_json: FactsJson) -> None:
    text = (
        "Загинули 63 людини.\n"
        "“Усі вибігли на вулицю, люди кричали і плакали”, – говорить про теракт один з гостей."
    )
    assert [q["speaker"] for q in facts_json(text, "uk")["quotes"]] == ["один з гостей"]


@pytest.mark.parametrize(
    ("text", "lang", "place"),
    [
        ("У столиці Афганістану, Кабулі під час весілля загинули 63 людини.", "uk", "Kabul"),
        ("В селении Гухой неизвестные обстреляли школу. Один милиционер убит.", "ru", "Гухой"),
        (
            "В Итум-Калинском районе неизвестные обстреляли школу. Один милиционер убит.",
            "ru",
            "Итум-Калинский район",
        ),
    ],
)
def test_cyrillic_places(text: str, lang: str, place: str, facts_json: FactsJson) -> None:
    assert place in [p["name"] for p in facts_json(text, lang)["places"]]


def test_an_adjective_before_a_name_is_no_town(facts_json: FactsJson) -> None:
    text = "На Северном Кавказе обстреляли школу. Один милиционер убит."
    assert "Severn" not in [p["name"] for p in facts_json(text, "ru")["places"]]


def test_settlement_word_inside_another_word_is_no_cue(facts_json: FactsJson) -> None:
    text = "Ранен глава сельского поселения Дмитрий Образцов."
    assert "Дмитрий" not in [p["name"] for p in facts_json(text, "ru")["places"]]


# --- English ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "As many as 80 Yazidis have reportedly been killed by the militants.",
            [("killed", 80, "up to")],
        ),
        (
            "Several hundred women and children were taken hostage by the militants.",
            [("detained", None, "hundreds")],
        ),
        ("The killers came in the afternoon, as many as 7,000 men crowding the lane.", []),
        (
            "While the United Nations estimated a death count of around 200, the group said "
            "it had killed nearly 300 fighters.",
            [("killed", 200, "approximately"), ("killed", 300, "nearly")],
        ),
    ],
)
def test_english_counts(
    text: str, expected: list[tuple[str, int | None, str]], facts_json: FactsJson
) -> None:
    got = facts_json(text, "en")["figures"]
    assert [(f["category"], f["count"], f["qualifier"]) for f in got] == expected


def test_a_range_with_its_thousand_once(facts_json: FactsJson) -> None:
    got = facts_json("Between five and ten thousand Tutsis were killed.", "en")["figures"]
    assert [(f["min"], f["max"], f["qualifier"]) for f in got] == [(5000, 10000, "range")]


def test_a_headline_verb_and_country_are_no_person(facts_json: FactsJson) -> None:
    text = (
        "Deadly Pager Explosions Rock Lebanon: 8 Killed\n"
        "At least eight people were killed on Tuesday.\n"
        "Lebanon’s information minister, Ziad Examplar, condemned the blasts as "
        "“Israeli aggression,” a sentiment echoed by the group."
    )
    got = facts_json(text, "en")
    assert "Rock Lebanon" not in [p["name"] for p in got["people"]]
    assert [q["speaker"] for q in got["quotes"]] == ["Ziad Examplar"]


def test_he_said_after_a_speaker_named_by_a_common_noun(facts_json: FactsJson) -> None:
    text = (
        "Members of Example Front, an armed group led by John Sample, shot villagers.\n\n"
        "A man, who said he was one of dozens told to dig trenches, told reporters that he "
        "hid.\n\n"
        "“I started to crawl into the trench to escape,” he said."
    )
    assert [q["speaker"] for q in facts_json(text, "en")["quotes"]] == ["man"]
