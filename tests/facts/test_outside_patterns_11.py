"""Causes behind dev14's and dev15's misses (issue 25), each tested on wording written for the
test: quote speakers (a verb joined by "and", the subject before the verb, asides after the
subject, a country run into a name, a hyphenated city taken for a person), sources ("X and Y
said", "officials said, terming …", "According to X," framing its paragraph), districts by
their adjective, and places the tagger names after "in"."""

from __future__ import annotations

from typing import Any

import pytest

from casefile.facts import extract_facts


def _json(text: str, lang: str | None = None) -> dict[str, Any]:
    return dict(extract_facts(text, language=lang).to_json())


def _speakers(text: str) -> list[str | None]:
    return [q["speaker"] for q in _json(text, "en")["quotes"]]


def test_a_verb_joined_by_and_goes_on_the_sentences_subject() -> None:
    text = (
        'The UN children\'s agency called the shelling of the school a "grave violation" and '
        "urged both sides to protect civilians."
    )
    assert _speakers(text) == ["UN children's agency"]


def test_the_subject_before_the_verb_not_the_last_name_in_the_sentence() -> None:
    text = (
        "Rights group Civil Watch, which monitors abuses in the region, said a shell hit the "
        'clinic of doctor Ahmed Musa and that "a third site near the clinic" was also struck.'
    )
    assert _speakers(text) == ["Civil Watch"]


def test_a_speakers_aside_is_not_the_speaker() -> None:
    text = (
        "Gunmen attacked the village on Friday night.\n\n"
        'A farmer, asking not to be named, said, "Seven bodies were buried this morning."'
    )
    assert _speakers(text) == ["farmer"]


def test_a_country_run_into_a_name_is_not_the_name() -> None:
    text = "“Children must be protected,” said UNICEF Representative for Chad Paul Weston."
    assert _speakers(text) == ["Paul Weston"]


@pytest.mark.parametrize(
    ("text", "source"),
    [
        (
            "Five people were killed in a drone strike on the camp, the regional health "
            "ministry and the state news agency Example said.",
            "regional health ministry",
        ),
        (
            "At least 14 people have been killed after a shell hit a market in the town, "
            "officials said, terming it the deadliest attack this year.",
            "officials",
        ),
        (
            "According to the district police chief (DPC), the bus was travelling to the "
            "capital when gunmen opened fire. The attack left 21 people dead on the spot.",
            "district police chief",
        ),
    ],
)
def test_sources_of_real_shapes(text: str, source: str) -> None:
    [fig] = _json(text, "en")["figures"]
    assert fig["source"] == source


def test_according_to_does_not_reach_past_another_speaker() -> None:
    text = (
        "According to the police, the convoy came under fire. The army said it had sent "
        "troops. A total of 12 people were killed."
    )
    [fig] = _json(text, "en")["figures"]
    assert fig["source"] != "police"


@pytest.mark.parametrize(
    ("text", "lang", "name"),
    [
        ("У Дарницькому районі загинули 12 людей.", "uk", "Дарницький район"),
        ("В Изюмском районе погибли двое.", "ru", "Изюмский район"),
    ],
)
def test_a_district_by_its_adjective(text: str, lang: str, name: str) -> None:
    places = _json(text, lang)["places"]
    assert [(p["name"], p["placed"]) for p in places] == [(name, False)]


def test_a_place_the_tagger_names_after_in() -> None:
    text = (
        "At least 10 people were killed after a rocket struck a football pitch in the "
        "Israeli-occupied Golan Heights, officials said."
    )
    names = [p["name"] for p in _json(text, "en")["places"]]
    assert "Golan Heights" in names


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Залишаються в розшуку 14 осіб.", "uk", ("missing", 14)),
        ("В розыске остаются 14 человек.", "ru", ("missing", 14)),
    ],
)
def test_people_still_sought_are_missing(text: str, lang: str, expected: tuple[str, int]) -> None:
    assert [(f["category"], f["count"]) for f in _json(text, lang)["figures"]] == [expected]


@pytest.mark.parametrize(
    ("text", "lang", "source"),
    [
        (
            "За останніми даними від керівника обласної військової адміністрації Петра "
            "Гончара, кількість загиблих зросла до 9 осіб.",
            "uk",
            "Петро Гончар",
        ),
        ("По уточненным данным ГСЧС Украины, 14 человек погибли.", "ru", "ГСЧС Украины"),
        (
            "Про це ДСНС повідомила у Фейсбуці. “Станом на 14:00 загинуло 12 осіб”, – ідеться "
            "у повідомленні.",
            "uk",
            "ДСНС",
        ),
        (
            "Місто опинилося під атакою, а Петро Гончар, якого окупанти називають «мером», "
            "заявив про двох загиблих.",
            "uk",
            "Петро Гончар",
        ),
    ],
)
def test_cyrillic_sources_of_real_shapes(text: str, lang: str, source: str) -> None:
    figs = _json(text, lang)["figures"]
    assert figs and all(f["source"] == source for f in figs)


def test_what_was_said_is_not_who_said_it() -> None:
    text = "Село обстріляли вночі, заявив про трьох загиблих голова громади."
    claims = _json(text, "uk")["claims"]
    assert all((c["actor"] or "").split()[:1] != ["про"] for c in claims)


def test_as_reported_by_closes_the_sentence() -> None:
    text = (
        "The clashes left at least seven coca growers dead and more than 40 arrested, as "
        "reported by a representative of the ombudsman, Ana Example."
    )
    [killed] = [f for f in _json(text, "en")["figures"] if f["category"] == "killed"]
    assert killed["count"] == 7 and "Ana Example" in (killed["source"] or "")


def test_the_number_of_victims_risen_to_with_a_long_aside() -> None:
    text = (
        "The agency confirmed the increase in the number of migrant victims as a result of "
        "the air raid on the detention centre near the port, to 61 migrants."
    )
    assert [(f["category"], f["count"]) for f in _json(text, "en")["figures"]] == [("killed", 61)]


@pytest.mark.parametrize(
    ("text", "lang"),
    [("Без жилья остались 15 человек.", "ru"), ("Без житла залишилися 15 людей.", "uk")],
)
def test_people_left_without_a_home_are_displaced(text: str, lang: str) -> None:
    assert [(f["category"], f["count"]) for f in _json(text, lang)["figures"]] == [
        ("displaced", 15)
    ]


def test_a_pronoun_nobody_stands_for_is_no_source() -> None:
    text = "Також він зазначив, що кількість постраждалих зросла до 38 осіб."
    assert [f["source"] for f in _json(text, "uk")["figures"]] == [None]


def test_what_was_reported_is_no_source() -> None:
    text = "Некоторые СМИ сообщили о 600 убитых."
    assert all(not (f["source"] or "").startswith("о ") for f in _json(text, "ru")["figures"])


def test_a_towns_adjective_before_a_name_is_not_a_third_name() -> None:
    text = "Про це повідомив міський голова Луцький Ігор Поліщук. Загинули троє людей."
    assert [f["source"] for f in _json(text, "uk")["figures"]] == ["Ігор Поліщук"]


def test_a_first_name_before_its_surname_is_not_a_city() -> None:
    text = "Владимир Сальдо сообщил, что погибли два человека."
    assert _json(text, "ru")["places"] == []


def test_a_town_named_in_the_plural_in_the_locative() -> None:
    text = "В Алешках погибли два человека, еще 12 ранены."
    assert [p["name"] for p in _json(text, "ru")["places"]] == ["Oleshky"]


def test_a_count_that_opens_its_own_clause_after_a_part_is_a_toll() -> None:
    text = "По данным ГСЧС, 21 человек погиб, включая троих детей, 64 пострадали."
    notes = {(f["category"], f["count"]): f["note"] for f in _json(text, "ru")["figures"]}
    assert notes[("injured", 64)] is None and notes[("killed", 3)] == "sub-count"


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        (
            "Обстріл призвів до загибелі однієї людини та поранення чотирьох інших.",
            "uk",
            {("killed", 1), ("injured", 4)},
        ),
        (
            "Рятувальники розбирають завали. Тривають роботи з пошуку ще 3 людей.",
            "uk",
            {("missing", 3)},
        ),
        (
            "Загорелся жилой дом, погибла местная жительница. Ее супруг получил обширные ожоги.",
            "ru",
            {("killed", 1), ("injured", 1)},
        ),
    ],
)
def test_tolls_of_real_shapes_2(text: str, lang: str, expected: set[tuple[str, int]]) -> None:
    assert {(f["category"], f["count"]) for f in _json(text, lang)["figures"]} == expected


def test_it_is_the_body_named_before_or_no_one() -> None:
    named = (
        "The International Committee of the Red Cross said the convoy was hit. At least 70 "
        "people were killed, it said."
    )
    alone = "At least 70 people were killed, it said."
    assert [f["source"] for f in _json(named, "en")["figures"]] == [
        "International Committee of the Red Cross"
    ]
    assert [f["source"] for f in _json(alone, "en")["figures"]] == [None]


def test_a_country_with_its_possessive_is_the_country() -> None:
    text = "At least 41 people were killed in Sri Lanka’s east on Sunday, police said."
    assert [(p["name"], p.get("kind")) for p in _json(text, "en")["places"]] == [
        ("Sri Lanka", "country")
    ]
