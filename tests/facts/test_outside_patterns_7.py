"""Patterns seen on the dev4 outside reports (issue 25, seventh set), on short reports written
for these tests: tolls in Ukrainian and Russian (a count in words between the verb and "lives",
the second count of a pair that looks like a year, a particle between the noun of death and
its count), and numbers that are not tolls (a time of day, bodies identified, a sub-count among
the dead)."""

from __future__ import annotations

from typing import Any

import pytest

from casefile.facts import extract_facts


def _json(text: str, lang: str) -> dict[str, Any]:
    return extract_facts(text, language=lang).to_json()


def _counts(text: str, lang: str) -> set[tuple[str, int | None]]:
    return {(f["category"], f["count"]) for f in _json(text, lang)["figures"]}


# --- tolls -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Ще один удар по селищу забрав шість життів і зруйнував школу.", "uk"),
        ("Вчерашний удар по рынку унес шесть жизней.", "ru"),
    ],
)
def test_count_in_words_between_the_verb_and_lives(text: str, lang: str) -> None:
    assert _counts(text, lang) == {("killed", 6)}


def test_second_count_of_a_pair_that_looks_like_a_year() -> None:
    text = "За два года в районе не менее 412 человек погибли и 1987 получили ранения."
    assert _counts(text, "ru") == {("killed", 412), ("injured", 1987)}


def test_a_year_before_a_toll_verb_stays_a_year() -> None:
    text = "Весной 2022 погибли многие. С начала года в районе погибли 40 человек."
    assert _counts(text, "ru") == {("killed", 40)}


def test_particle_between_death_and_its_count() -> None:
    text = "Также зафиксирована гибель еще 17 человек и ранение 33 в соседнем селе."
    assert _counts(text, "ru") == {("killed", 17), ("injured", 33)}


# --- numbers that are not tolls ----------------------------------------------------------------


def test_time_of_day_is_no_count() -> None:
    text = "В результате обстрела около 14:20 ранены два человека."
    assert _counts(text, "ru") == {("injured", 2)}


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Погибли 31 человек. Следователи установили личности 9 погибших.", "ru"),
        ("Загинули 31 людина. Слідчі встановили особи 9 загиблих.", "uk"),
    ],
)
def test_bodies_identified_are_no_toll(text: str, lang: str) -> None:
    assert _counts(text, lang) == {("killed", 31)}


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Унаслідок атак загинули 230 людей. Серед жертв – 41 дитина та 60 жінок.", "uk"),
        ("В результате атак погибли 230 человек. Среди погибших — 41 ребенок.", "ru"),
    ],
)
def test_sub_count_among_the_dead_is_marked_as_one(text: str, lang: str) -> None:
    notes = {f["count"]: f["note"] for f in _json(text, lang)["figures"]}
    assert notes[230] is None
    assert {n for c, n in notes.items() if c != 230} == {"sub-count"}


# --- places ----------------------------------------------------------------------------------


def _places(text: str, lang: str) -> dict[str, Any]:
    return {p["name"]: p for p in _json(text, lang)["places"]}


@pytest.mark.parametrize(
    ("text", "lang", "name"),
    [
        ("Число погибших при налетах на города жителей Ирака выросло до 40.", "ru", "Ирак"),
        ("Авіація знову бомбить південь та схід Сирії. Загинули 40 людей.", "uk", "Сирія"),
    ],
)
def test_country_in_the_genitive_is_the_place(text: str, lang: str, name: str) -> None:
    place = _places(text, lang)[name]
    assert place["kind"] == "country"
    assert place["placed"] is False


def test_hyphenated_area_names_after_province_and_district() -> None:
    text = (
        "Удар по провинции Дейр-эз-Зор унес жизни 11 человек. Еще 4 человека погибли в районе "
        "Тель-Абьяд-Гарби."
    )
    mentions = {m for p in _places(text, "ru").values() for m in p["mentions"]}
    assert {"Дейр-эз-Зор", "Тель-Абьяд-Гарби"} <= mentions


def test_peoples_republic_is_the_region_not_the_city() -> None:
    text = (
        "Officials said 40 civilians were killed on the territory of the Donetsk People's "
        "Republic in May."
    )
    places = _places(text, "en")
    assert places["Donetsk Oblast"]["kind"] == "region"
    assert "Donetsk" not in places


# --- English: speakers and disputes ----------------------------------------------------------


def _speakers(text: str, lang: str) -> list[Any]:
    return [q["speaker"] for q in _json(text, lang)["quotes"]]


def _stances(text: str) -> set[tuple[str, Any]]:
    return {(c["stance"], c["actor"]) for c in _json(text, "en")["claims"]}


def test_rank_before_a_name_keeps_the_given_name() -> None:
    text = (
        "“Nine people were killed when the market was shelled on Friday morning,” army "
        "spokesman Captain Yusuf Omar Haji Warsame said in a statement."
    )
    assert _speakers(text, "en") == ["Yusuf Omar Haji Warsame"]


def test_name_broken_over_a_line_in_a_wrapped_paragraph() -> None:
    text = (
        'The group said the count was wrong. "We attacked the camp at night and\n'
        'killed nine soldiers and wounded 14 others," its spokesman Abdullahi\n'
        "Hassan Farah said.\n"
    )
    from casefile.text import clean_text

    cleaned, _ = clean_text(text)
    got = _json(cleaned, "en")
    assert [q["speaker"] for q in got["quotes"]] == ["Abdullahi Hassan Farah"]
    sources = {(f["category"], f["count"]): f["source"] for f in got["figures"]}
    assert sources[("killed", 9)] == "Abdullahi Hassan Farah"


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        (
            "Police said 12 officers were killed in the raid. The militant group claimed the "
            "raid. However, the group said that it only killed four officers.",
            "group",
        ),
        (
            "A bomb killed two guards at the gate, officials said. The Ansar Brigade said the "
            "toll was higher.",
            "Ansar Brigade",
        ),
        (
            "Local monitors said 40 villagers were killed. In a statement, the Northern Front "
            "said it had attacked army positions near the village but did not acknowledge any "
            "civilian casualties.",
            "Northern Front",
        ),
    ],
)
def test_another_count_of_the_toll_is_a_dispute(text: str, actor: str) -> None:
    disputes = [a for stance, a in _stances(text) if stance == "disputes"]
    assert any(a and actor in a for a in disputes)


def test_staging_an_attack_is_no_denial() -> None:
    text = (
        "A gunman staged a suicide bombing at the checkpoint late on Sunday, killing at least "
        "seven people, police said."
    )
    assert not [s for s, _ in _stances(text) if s in ("denies", "disputes")]


# --- Ukrainian and Russian: a date before the closing verb -----------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "source"),
    [
        (
            "Не менее 14 человек погибли и 30 получили ранения при ударе по городу, 3 октября "
            "сообщило министерство здравоохранения страны.",
            "ru",
            "министерство здравоохранения страны",
        ),
        (
            "Загинули 12 людей, ще 7 поранені внаслідок удару, у вівторок повідомив голова "
            "обласної адміністрації.",
            "uk",
            "голова обласної адміністрації",
        ),
    ],
)
def test_date_between_the_figures_and_the_closing_verb(text: str, lang: str, source: str) -> None:
    assert {f["source"] for f in _json(text, lang)["figures"]} == {source}
