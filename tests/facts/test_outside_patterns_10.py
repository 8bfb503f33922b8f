"""Causes behind dev12's and dev13's misses (issue 25), each tested on wording written for the
test: regions of the world from ISO 3166-2, the verb before its subject closing a sentence, a
closing "X said" the parser made no claim of, "gunned down", persons listed after a verb of
death, a credit line "Источник: …", gerunds of harm with an aside before the count, and a
sentence run into the next without a space."""

from __future__ import annotations

from typing import Any

import pytest

from casefile.facts import extract_facts


def _figures(text: str, lang: str | None = None) -> list[dict[str, Any]]:
    return list(extract_facts(text, language=lang).to_json()["figures"])


def _places(text: str, lang: str | None = None) -> list[dict[str, Any]]:
    return list(extract_facts(text, language=lang).to_json()["places"])


@pytest.mark.parametrize(
    ("text", "name", "code"),
    [
        (
            "Gunmen killed 14 farmers on Sunday in Ituri province, a local official said.",
            "Ituri",
            "CD-IT",
        ),
        (
            "Fighters killed 9 people in Togo's Savanes region overnight, residents said.",
            "Savanes",
            "TG-S",
        ),
        ("Bandits killed 31 villagers in Benue State last week, police said.", "Benue", "NG-BE"),
    ],
)
def test_a_region_of_the_world_by_its_kind(text: str, name: str, code: str) -> None:
    found = [p for p in _places(text, "en") if p.get("kind") == "region"]
    assert [(p["name"], p["iso_3166_2"], p["placed"], p["lat"]) for p in found] == [
        (name, code, False, None)
    ]


def test_an_area_no_list_knows_before_its_kind() -> None:
    text = "Rebels killed six road workers in Tembagapura regency on Monday, police said."
    found = [p for p in _places(text, "en") if p.get("kind") == "region"]
    assert [(p["name"], p["iso_3166_2"], p["gazetteer"]) for p in found] == [
        ("Tembagapura", None, None)
    ]


def test_a_division_named_by_a_common_word_never_stands_alone() -> None:
    text = "Central Command said 12 people were killed in the north of the country."
    assert not [p for p in _places(text, "en") if p.get("kind") == "region"]


def test_a_region_after_its_countrys_possessive() -> None:
    text = "Gunmen killed eight civilians on Friday in Indonesia's Papua region, police said."
    assert "Papua" in [p["name"] for p in _places(text, "en")]


@pytest.mark.parametrize(
    ("text", "source"),
    [
        (
            "A car bomb killed at least 23 people at a market on Friday, reported the state "
            "news agency and the semi-official Tasnim agency.",
            "state news agency",
        ),
        (
            "Thirty people were injured in the attack, said the Office of the Prosecutor "
            "General on Sunday.",
            "Office of the Prosecutor General",
        ),
    ],
)
def test_the_verb_before_its_subject_closes_the_sentence(text: str, source: str) -> None:
    [fig] = _figures(text, "en")
    assert source in (fig["source"] or "")


def test_a_closing_said_gives_its_subject_without_a_parsed_claim() -> None:
    text = (
        "Suspected militants gunned down 11 traders and wounded three others on Tuesday near "
        "a busy market in the country's restive north, in one of the worst attacks this "
        "year, police said."
    )
    got = {(f["category"], f["count"], f["source"]) for f in _figures(text, "en")}
    assert got == {("killed", 11, "police"), ("injured", 3, "police")}


@pytest.mark.parametrize(
    ("text", "lang", "category", "count"),
    [
        (
            "Під час атаки дрона в селі загинули 61-річний місцевий житель та його 30-річний син.",
            "uk",
            "killed",
            2,
        ),
        ("При обстреле поселка погибли пенсионер и его соседка.", "ru", "killed", 2),
        ("Уночі окупанти обстріляли місто й поранили жінку.", "uk", "injured", 1),
    ],
)
def test_persons_listed_after_a_verb_of_harm(
    text: str, lang: str, category: str, count: int
) -> None:
    assert [(f["category"], f["count"]) for f in _figures(text, lang)] == [(category, count)]


def test_a_comma_ends_the_persons_a_verb_names() -> None:
    text = "В селе погибли, сообщил губернатор, но число пока не называется."
    assert _figures(text, "ru") == []


def test_a_credit_line_is_the_source_of_what_came_before() -> None:
    text = (
        "Армия обстреляла город, убив, по предварительным данным, двух человек и ранив еще "
        "пятерых. Источник: глава городской администрации Игорь Соколов в Telegram"
    )
    got = [(f["category"], f["count"], f["source"]) for f in _figures(text, "ru")]
    assert got == [("killed", 2, "Игорь Соколов"), ("injured", 5, "Игорь Соколов")]


def test_a_sentence_run_into_the_next_keeps_its_own_subject() -> None:
    text = (
        "Ворог випустив по громаді 40 снарядів. Є постраждалі.Про це повідомив голова "
        "районної військової адміністрації Петро Гончар.\n"
        "За його словами, 3 людини дістали поранення."
    )
    [fig] = _figures(text, "uk")
    assert (fig["category"], fig["count"], fig["source"]) == ("injured", 3, "Петро Гончар")


def test_a_count_takes_the_category_of_the_count_joined_to_it() -> None:
    text = "Monitors said at least 41 men and 17 women, most of them farmers, were killed."
    got = {(f["category"], f["count"]) for f in _figures(text, "en")}
    assert got == {("killed", 41), ("killed", 17)}


def test_a_bodys_full_name_does_not_cut_off_the_name_after_it() -> None:
    text = (
        "Про це повідомив голова Житомирської обласної військової адміністрації Віталій "
        "Бунечко.\n“За добу ворог випустив по області 30 снарядів.\nНа жаль, двоє людей "
        "загинули”, – йдеться у дописі."
    )
    [quote] = extract_facts(text, language="uk").to_json()["quotes"]
    assert quote["speaker"] == "Віталій Бунечко"


def test_a_statement_one_of_several() -> None:
    text = (
        "Глава ОВА Иван Петренко сообщил об обстреле города.\n"
        '"Два человека погибли и пятеро ранены", - говорится в одном из сообщений главы ОВА.'
    )
    got = {(f["category"], f["count"], f["source"]) for f in _figures(text, "ru")}
    assert got == {("killed", 2, "Иван Петренко"), ("injured", 5, "Иван Петренко")}


@pytest.mark.parametrize(
    ("text", "lang", "name"),
    [
        ("У Конго бойовики вбили 9 мирних жителів.", "uk", "Конго"),
        ("В ДРК боевики убили 9 мирных жителей.", "ru", "ДРК"),
        ("Rebels killed 9 civilians in eastern DRC on Friday.", "en", "DRC"),
    ],
)
def test_a_country_by_the_short_name_news_uses(text: str, lang: str, name: str) -> None:
    assert [(p["name"], p.get("kind")) for p in _places(text, lang)] == [(name, "country")]


@pytest.mark.parametrize(
    ("text", "lang", "name"),
    [
        ("Боевики напали на деревню Мабалако, погибли 7 человек.", "ru", "Мабалако"),
        ("В провинции Мунгала погибли 7 человек.", "ru", "Мунгала"),
        ("У штаті Бенуе загинули 7 людей.", "uk", "Бенуе"),
    ],
)
def test_a_village_or_province_no_list_knows_after_its_kind(
    text: str, lang: str, name: str
) -> None:
    found = [p for p in _places(text, lang) if p["name"] == name]
    assert found and found[0]["placed"] is False


def test_parts_that_add_up_after_an_earlier_estimate_are_a_breakdown() -> None:
    text = (
        "At least 95 people were killed in the raids, the monitors said, revising up a toll "
        "they first put at 80.\n\n"
        "The monitors said at least 60 men and 35 women were killed in the raids."
    )
    notes = {f["count"]: f["note"] for f in _figures(text, "en")}
    assert notes[95] is None and notes[60] == "sub-count" and notes[35] == "sub-count"


def test_an_abbreviation_does_not_end_according_to() -> None:
    text = (
        "More than 900 people have been killed since March, according to the U.N., while many fled."
    )
    [fig] = _figures(text, "en")
    assert fig["source"] in ("U.N", "U.N.")


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        (
            "Загинула 52-річна жінка. Ще один, 60 років, отримав важкі осколкові поранення.",
            "uk",
            {("killed", 1), ("injured", 1)},
        ),
        (
            "Погиб мужчина. Еще один, 33 года, получил тяжелые ранения.",
            "ru",
            {("killed", 1), ("injured", 1)},
        ),
        ("Є поранений. Про це повідомив голова громади Петро Гончар.", "uk", {("injured", 1)}),
        ("Уже известно о погибшем: это 70-летний местный житель.", "ru", {("killed", 1)}),
        ("Є загиблі та поранені.", "uk", set()),
    ],
)
def test_one_person_said_without_a_numeral(
    text: str, lang: str, expected: set[tuple[str, int]]
) -> None:
    got = {(f["category"], f["count"]) for f in _figures(text, lang) if f["count"] is not None}
    assert got == expected


@pytest.mark.parametrize(
    "who", ["citizens", "farmers", "herders", "worshippers", "traders", "protesters", "girls"]
)
def test_more_counted_nouns(who: str) -> None:
    text = f"Gunmen killed 14 {who} in the village on Sunday, police said."
    assert [(f["category"], f["count"]) for f in _figures(text, "en")] == [("killed", 14)]
