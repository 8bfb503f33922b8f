"""Causes behind dev34's and dev35's first-run misses (issue 25), each tested on wording written
for the test. Every language: a headline's or a transcript line's "who:" label is the source
of its figures (a place or a topic before the colon is not). English: "the ministry" written
as the text wrote it before, "according to media reports", a speaker with two appositions, a
speaker named by age, a person the tagger took for a body ("Carpenter …"), "the mountain
resort of X" and "X airport" as places. Ukrainian and Russian: one more person named after the
counted ones ("восьмеро дітей і охоронець"), people in hospital as wounded, "зарезал",
"застрелил"."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

FactsJson = Callable[[str, str], dict[str, Any]]
Figures = Callable[[str, str], list[tuple[str, int | None, str | None]]]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        (
            "Police: 14 dead and 30 injured in bombing at the stadium\n\n"
            "At least 14 people have died and 30 have been injured in an attack at the stadium.",
            "en",
            [("killed", 14, "Police"), ("injured", 30, "Police"), ("killed", 14, "Police"),
             ("injured", 30, "Police")],
        ),
        (
            "Губернатор Орлов: погибли пять человек\n\nВ результате обстрела погибли пять "
            "человек.",
            "ru",
            [("killed", 5, "Губернатор Орлов"), ("killed", 5, "Губернатор Орлов")],
        ),
        ("Portville: 5 killed in missile strike", "en", [("killed", 5, None)]),
        ("Tribal Massacre: 16 women killed in the highlands", "en", [("killed", 16, None)]),
        ("Update: 16 people killed in the highlands", "en", [("killed", 16, None)]),
        (
            "Восьмеро дітей і охоронець загинули внаслідок стрілянини в школі, повідомила "
            "поліція.",
            "uk",
            [("killed", 8, "поліція"), ("killed", 1, "поліція")],
        ),
        ("Погибли пять человек и собака.", "ru", [("killed", 5, None)]),
        ("Загинули 30 осіб. Ще 120 людей перебувають у шпиталі.", "uk",
         [("killed", 30, None), ("injured", 120, None)]),
        ("Еще 18 человек находятся в больнице.", "ru", [("injured", 18, None)]),
        ("В городе неизвестный зарезал трех человек на празднике.", "ru", [("killed", 3, None)]),
        ("Невідомий застрелив двох людей біля магазину.", "uk", [("killed", 2, None)]),
        (
            "«Они стреляли во всех», — передает его слова агентство AFP. Погибли 20 человек.",
            "ru",
            [("killed", 20, "агентство AFP")],
        ),
        (
            "Погибли 27 человек. Об этом сообщает в воскресенье, 3 июля, агентство Рейтер.",
            "ru",
            [("killed", 27, "агентство Рейтер")],
        ),
        (
            "За інформацією голови Харківської обласної військово-цивільної адміністрації Олега "
            "Петренка, загинула жінка.",
            "uk",
            [("killed", 1, "Олег Петренко")],
        ),
    ],
)  # fmt: skip
def test_figures_and_who_gave_them(
    text: str,
    lang: str,
    expected: list[tuple[str, int | None, str | None]],
    figures_of: Figures,
) -> None:
    assert figures_of(text, lang) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The toll from the blasts at the rally has reached 30, Freedonian interior ministry "
            "said on Saturday. The two explosions wounded at least 126 people, the ministry "
            "added.",
            [("killed", 30, "Freedonian interior ministry"),
             ("injured", 126, "Freedonian interior ministry")],
        ),
        (
            "At least 20 people have been killed outside the station, according to media "
            "reports.",
            [("killed", 20, "media reports")],
        ),
        (
            "The hospital's toll differed from that of several outlets, including The Daily "
            "Courier and Channel 9, both of which reported 27 deaths.",
            [("killed", 27, "Daily Courier and Channel 9")],
        ),
        (
            "Residents fled to the camps run by the Red Cross, which said 40 people had been "
            "wounded.",
            [("injured", 40, "Red Cross")],
        ),
    ],
)  # fmt: skip
def test_english_sources(
    text: str, expected: list[tuple[str, int | None, str | None]], figures_of: Figures
) -> None:
    assert figures_of(text, "en") == expected


@pytest.mark.parametrize(
    ("text", "speakers"),
    [
        (
            '"There was a massacre in the square," Omer Daglar, head of the Union of Public '
            'Sector Workers, or UPSW, said. "Two bombs went off."',
            ["Omer Daglar", "Omer Daglar"],
        ),
        (
            "Carpenter Sami Rahal ran out as blood streamed from his arm.\n\n"
            '"Where is the government?" the 27-year-old screamed at the crowd.',
            ["Sami Rahal"],
        ),
    ],
)
def test_english_speakers(text: str, speakers: list[str], facts_json: FactsJson) -> None:
    assert [q["speaker"] for q in facts_json(text, "en")["quotes"]] == speakers


@pytest.mark.parametrize(
    "text",
    [
        "The missile hit the civil airport in the mountain resort of Abha on Wednesday.",
        "The rebels said they had launched a missile at Abha airport.",
    ],
)
def test_a_place_the_tagger_took_for_a_person(text: str, facts_json: FactsJson) -> None:
    assert "Abha" in [p["name"] for p in facts_json(text, "en")["places"]]


def test_one_more_joined_to_the_counted_is_no_part(facts_json: FactsJson) -> None:
    text = "Загинули двоє людей. Восьмеро дітей і охоронець загинули внаслідок стрілянини."
    figures = facts_json(text, "uk")["figures"]
    assert [(f["count"], f["note"]) for f in figures] == [(2, None), (8, None), (1, None)]


def test_when_before_who_after_the_verb(figures_of: Figures) -> None:
    text = "Загинули двоє людей, повідомила у середу міська поліція."
    assert figures_of(text, "uk") == [("killed", 2, "міська поліція")]


def test_a_ministry_with_its_name_of(figures_of: Figures) -> None:
    text = (
        "The Freedonian Ministry of Health said on Monday that a strike killed 12 people. "
        "At least 70 were wounded, the ministry said."
    )
    assert figures_of(text, "en") == [
        ("killed", 12, "Freedonian Ministry of Health"),
        ("injured", 70, "Freedonian Ministry of Health"),
    ]


def test_the_wounded_in_hospital_are_some_of_the_wounded(facts_json: FactsJson) -> None:
    text = (
        "В результате атаки пострадали 50 человек. 30 человек сейчас находятся в больницах, "
        "двое детей были доставлены в областной центр."
    )
    figures = facts_json(text, "ru")["figures"]
    assert [(f["count"], f["note"]) for f in figures] == [
        (50, None),
        (30, "sub-count"),
        (2, "sub-count"),
    ]


def test_a_cause_after_according_to_is_no_source(figures_of: Figures) -> None:
    text = "За останніми даними внаслідок удару по полігону загинули 20 осіб."
    assert figures_of(text, "uk") == [("killed", 20, None)]


# --- dev36's and dev37's causes ---------------------------------------------------------------


def test_a_full_stop_inside_the_marks_ends_the_sentence(facts_json: FactsJson) -> None:
    text = (
        'Chancellor Anna Berg described the shooting as a "cowardly act of terror." The '
        "government declared three days of mourning."
    )
    assert [q["speaker"] for q in facts_json(text, "en")["quotes"]] == ["Anna Berg"]


def test_a_frame_after_a_full_stop_inside_the_marks(facts_json: FactsJson) -> None:
    text = 'Anna Berg spoke in the square. "We will rebuild every house." Berg said on Monday.'
    assert [q["speaker"] for q in facts_json(text, "en")["quotes"]] == ["Anna Berg"]
