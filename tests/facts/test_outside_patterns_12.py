"""Causes behind dev20's and dev21's misses (issue 25), each tested on wording written for the
test: closing attributions with an appositive, regions the tagger took for people, places
described by their kind, lists of parts, the typewriter's quote marks, elliptical counts, counts
in the dative, ordinals of the dead, "a hundred" and "two tens", quotes that follow their
speaker's reported claim, counter-claims that the target was armed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

FactsJson = Callable[[str, str], dict[str, Any]]
Figures = Callable[[str, str], list[tuple[str, int | None, str | None]]]


# --- English ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a closing attribution whose subject has an appositive: the subject, not the recipient
        (
            "The strike on the market also injured more than 20 people, Aung Min, a spokesman "
            "for the Arakan Army, told the Associated Press.",
            [("injured", 20, "Aung Min")],
        ),
        # a count joined by "and" whose noun is left out, with its own participle
        (
            "At least 42 people have been killed and 40 arrested in the raid, officials said.",
            [("killed", 42, "officials"), ("detained", 40, "officials")],
        ),
        # "the number of … killed … exceeded N": more than N
        (
            "A radio report suggested that the number of soldiers and civilians killed in the "
            "fighting exceeded 200.",
            [("killed", 200, "radio report")],
        ),
        # taken for treatment: the injured
        (
            "Several were hurt; at least 24 were taken for treatment, officials said.",
            [("injured", 24, "officials")],
        ),
        # reports as the ones who said it
        (
            "Reports said that up to 11 people were injured in the blast.",
            [("injured", 11, "Reports")],
        ),
    ],
)
def test_english_tolls_and_who_gave_them(
    text: str, expected: list[tuple[str, int | None, str | None]], figures_of: Figures
) -> None:
    assert figures_of(text, "en") == expected


def test_earlier_reports_are_the_source_of_the_earlier_count(figures_of: Figures) -> None:
    text = (
        "The minister announced that the death toll had reached 9 after initial reports said "
        "only five people were killed."
    )
    got = {(c, n): s for c, n, s in figures_of(text, "en")}
    assert got[("killed", 5)] == "initial reports"


def test_the_items_of_a_list_of_parts_are_all_parts(facts_json: FactsJson) -> None:
    text = (
        "Police said 111 people were wounded. Among the wounded were 17 soldiers, two police "
        "officers and 90 civilians."
    )
    notes = {f["count"]: f["note"] for f in facts_json(text, "en")["figures"]}
    assert notes[111] is None
    assert notes[17] == notes[90] == "sub-count"


def test_some_of_them_is_a_part(facts_json: FactsJson) -> None:
    text = "Up to 11 people were injured, at least six of them police officers."
    notes = {f["count"]: f["note"] for f in facts_json(text, "en")["figures"]}
    assert notes == {11: None, 6: "sub-count"}


def test_a_region_of_a_country_named_in_the_report_is_no_person(facts_json: FactsJson) -> None:
    text = (
        "Myanmar's military bombed a village in Rakhine, killing 40 people, officials said. "
        "Rakhine has been held by the Arakan Army since March."
    )
    assert "Rakhine" not in [p["name"] for p in facts_json(text, "en")["people"]]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Gunmen killed 12 people in Tunbari, a village about 30 km from the border.", "Tunbari"),
        (
            "The massacre took place at a bar in Zarpa del Monte, a municipality located in "
            "the south.",
            "Zarpa del Monte",
        ),
    ],
)
def test_a_place_described_by_its_kind_after_it(
    text: str, place: str, facts_json: FactsJson
) -> None:
    places = {p["name"]: p for p in facts_json(text, "en")["places"]}
    assert place in places
    assert places[place]["placed"] is False


def test_the_typewriters_quote_marks(facts_json: FactsJson) -> None:
    text = (
        "``We have ordered our troops to secure all places of worship,'' said Defence "
        "Secretary Juan Cruz in a statement."
    )
    quotes = facts_json(text, "en")["quotes"]
    assert [(q["speaker"], q["text"]) for q in quotes] == [
        ("Juan Cruz", "We have ordered our troops to secure all places of worship")
    ]


def test_a_quote_after_its_speakers_reported_claim_is_theirs(facts_json: FactsJson) -> None:
    text = (
        "Tolib Karimov has called the accusations groundless, asserting that the officer died "
        "in a fall. “He fell and hit his head against a rock.”"
    )
    got = facts_json(text, "en")
    assert [q["speaker"] for q in got["quotes"]] == ["Tolib Karimov"]
    # "groundless" denies the accusations
    assert next((c["stance"], c["actor"]) for c in got["claims"]) == ("denies", "Tolib Karimov")


def test_the_side_that_struck_saying_its_target_was_armed_disputes_the_account(
    facts_json: FactsJson,
) -> None:
    text = (
        "A drone strike killed 30 villagers. Local authorities claimed the strike targeted "
        "armed militants gathered in the area."
    )
    stances = [(c["stance"], c["actor"]) for c in facts_json(text, "en")["claims"]]
    assert ("disputes", "Local authorities") in stances


# --- Ukrainian and Russian ----------------------------------------------------------------


def test_a_second_officials_count_with_the_verb_left_out(figures_of: Figures) -> None:
    text = (
        "Голова обласної військової адміністрації Петро Коваленко повідомив про 31 "
        "постраждалого, мер міста Іван Марченко — про 32."
    )
    assert figures_of(text, "uk") == [
        ("injured", 31, "Петро Коваленко"),
        ("injured", 32, "Іван Марченко"),
    ]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Трьом потерпілим медики надали допомогу на місці.", "uk", ("injured", 3)),
        ("Трем пострадавшим оказали помощь на месте.", "ru", ("injured", 3)),
        ("Згодом стало відомо про п’яту загиблу людину.", "uk", ("killed", 5)),
        ("Стало известно о пятом погибшем.", "ru", ("killed", 5)),
        ("Серед сотні поранених багато дітей.", "uk", ("injured", 100)),
        ("Загинули понад два десятки людей.", "uk", ("killed", 20)),
        ("Погибли три десятка человек.", "ru", ("killed", 30)),
    ],
)
def test_counts_in_other_cases_and_forms(
    text: str, lang: str, expected: tuple[str, int], figures_of: Figures
) -> None:
    assert [(c, n) for c, n, _ in figures_of(text, lang)] == [expected]


def test_the_counts_after_a_tolls_colon_are_its_parts(facts_json: FactsJson) -> None:
    text = (
        "Відомо про чотирьох постраждалих: одного з них оперують, двоє отримали легкі травми, "
        "а ще одна людина не потребує допомоги."
    )
    notes = [(f["count"], f["note"]) for f in facts_json(text, "uk")["figures"]]
    assert notes[0] == (4, None)
    assert all(note == "sub-count" for _, note in notes[1:])


def test_a_quote_after_a_sentence_saying_what_its_speaker_thinks(facts_json: FactsJson) -> None:
    text = (
        "Глава ОВА Олег Петренко считает, что враг пытается сорвать работу коридора. «Это уже "
        "третья атака на гражданское судно за четыре дня»."
    )
    assert [q["speaker"] for q in facts_json(text, "ru")["quotes"]] == ["Олег Петренко"]


def test_noted_in_the_statement_of_the_body(facts_json: FactsJson) -> None:
    text = (
        "Погибли 11 человек, сообщает прокуратура штата.\n"
        '"На улице были обнаружены тела десяти мужчин", - отмечено в заявлении ведомства.'
    )
    assert [q["speaker"] for q in facts_json(text, "ru")["quotes"]] == ["ведомство"]


def test_everything_is_no_one(facts_json: FactsJson) -> None:
    text = "Усе вказує на те, що бомби скинули російські літаки, повідомляє DW."
    actors = [c["actor"] for c in facts_json(text, "uk")["claims"]]
    assert "Усе" not in actors


@pytest.mark.parametrize(
    ("text", "source"),
    [
        # a sentence that only says where the figures came from, and when
        (
            "Одна людина загинула, а 15 отримали поранення. Ця інформація надійшла від місцевої "
            "ОВА в суботу.",
            "місцева ОВА",
        ),
        # a frame inside a quote nobody is named for
        (
            '"У поліції повідомили, що близько 50 осіб отримали поранення", – йдеться в '
            "повідомленні.",
            "поліція",
        ),
    ],
)
def test_where_the_figures_came_from(text: str, source: str, figures_of: Figures) -> None:
    assert {s for _, _, s in figures_of(text, "uk")} == {source}


def test_a_relative_clause_between_the_count_and_its_verb(figures_of: Figures) -> None:
    text = (
        "Щонайменше двоє людей, які перебували біля місця падіння ракети 29 квітня, загинули, "
        "повідомив голова ОВА Петро Коваленко."
    )
    assert figures_of(text, "uk") == [("killed", 2, "Петро Коваленко")]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Також через удар загинув собака, додав представник влади.", "uk"),
        ("Погибла собака.", "ru"),
        ("Двое мужчин, которые находились у дома 12, погибли.", "ru"),
    ],
)
def test_animals_and_house_numbers_are_no_tolls(text: str, lang: str, figures_of: Figures) -> None:
    assert [n for c, n, _ in figures_of(text, lang) if n != 2] == []


def test_we_have_one_dead(figures_of: Figures) -> None:
    assert [(c, n) for c, n, _ in figures_of("“Маємо загиблого у місті”, – сказав мер.", "uk")] == [
        ("killed", 1)
    ]


def test_a_quote_closed_by_a_title_and_name_without_a_verb(facts_json: FactsJson) -> None:
    text = "“Маємо загиблого у місті та ще шість постраждалих”, голова ОВА Сергій Коваль."
    assert [q["speaker"] for q in facts_json(text, "uk")["quotes"]] == ["Сергій Коваль"]


def test_an_abbreviations_adjectives_agree_with_it() -> None:
    from casefile.facts.languages import uk
    from casefile.facts.languages.cyrillic import nominative_phrase

    assert nominative_phrase("Дніпропетровської ОВА", uk) == "Дніпропетровська ОВА"
