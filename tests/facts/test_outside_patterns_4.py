"""Patterns seen on the dev2 outside reports (issue 25), on short reports written for these
tests: places abroad in inflected Cyrillic, "a town called X", people held are no toll, an
estimate's author as the source, "по его словам" as the last speaker, a toll after an aside."""

from __future__ import annotations

from typing import Any

from casefile.facts import extract_facts


def _places(text: str, lang: str) -> dict[str, dict[str, Any]]:
    return {p["name"]: p for p in extract_facts(text, language=lang).to_json()["places"]}


def _figures(text: str, lang: str) -> list[tuple[str, int | None, str | None]]:
    figs = extract_facts(text, language=lang).to_json()["figures"]
    return [(f["category"], f["count"], f["source"]) for f in figs]


def test_inflected_cyrillic_city_that_is_also_a_common_word() -> None:
    places = _places("Медики повідомили, що у Газі загинули щонайменше 300 людей.", "uk")
    assert places["Gaza"]["mentions"] == ["Газі"]
    assert places["Gaza"]["country"] == "PS"


def test_cyrillic_transcription_of_a_latin_geonames_name() -> None:
    places = _places("Щонайменше 12 цивільних загинули у вівторок в Ніалі, на півдні країни.", "uk")
    assert places["Nyala"]["mentions"] == ["Ніалі"]
    ru = _places("Военный самолет нанес удар по больнице города Мраук-У на западе страны.", "ru")
    assert ru["Mrauk U"]["mentions"] == ["Мраук-У"]


def test_unknown_town_after_the_word_for_town_is_named_as_written() -> None:
    places = _places("Бомбы упали на толпу, которая собралась в городе Чаунг У утром.", "ru")
    assert places["Чаунг У"]["placed"] is False
    assert places["Чаунг У"]["mentions"] == ["Чаунг У"]


def test_institutions_and_common_words_are_not_places() -> None:
    uk = "Роботи тривають. У Раді заявили, що в Кремлі мовчать. Робота в Службі безпеки триває."
    assert _places(uk, "uk") == {}
    ru = "В Думе и в Кремле промолчали. В Совете Федерации и в Сенате тоже. В Мире спокойно."
    assert _places(ru, "ru") == {}


def test_a_small_town_called_x() -> None:
    text = (
        "The strike happened on Monday near a small town called Sasit in the central region. "
        "The army has fought a militant group called Fano since April."
    )
    places = _places(text, "en")
    assert places["Sasit"]["placed"] is False
    assert "Fano" not in places


def test_people_held_are_not_a_toll_of_the_detained() -> None:
    text = (
        "A Red Cross statement said the detention centre held around 120 detainees. "
        "Police said 14 people were detained on Monday."
    )
    assert _figures(text, "en") == [("detained", 14, "Police")]


def test_an_estimate_from_a_body_is_given_by_that_body() -> None:
    text = (
        "A conservative estimate from the Armed Conflict Location & Event Data Project says "
        "nearly 6,200 people have been killed since the war began."
    )
    figs = _figures(text, "en")
    assert figs == [("killed", 6200, "Armed Conflict Location & Event Data Project")]
    short = _figures("A tally by ACLED puts the toll at 900 people killed.", "en")
    assert short == [("killed", 900, "ACLED")]


def test_by_his_words_is_the_last_speaker_not_the_last_person_named() -> None:
    text = (
        "Военные свергли правительство Аун Сан Су Чжи в 2021 году.\n\n"
        "Житель деревни, помогавший хоронить погибших, который попросил не называть его "
        "имени, сказал в пятницу, что погибли 80 человек.\n\n"
        "Он сообщил агентству, что среди них 20 детей. По его словам, еще 30 человек были "
        "ранены."
    )
    figs = {(c, n): s for c, n, s in _figures(text, "ru")}
    assert figs[("injured", 30)] == "Житель деревни"


def test_toll_after_a_long_aside_with_its_own_counts() -> None:
    ru = (
        "По меньшей мере 44 гражданских, в том числе 9 женщин, 12 детей и 2 младенца, "
        "погибли в результате удара по лагерю."
    )
    assert ("killed", 44, None) in _figures(ru, "ru")
    uk = (
        "Щонайменше 33 цивільних, у тому числі 7 жінок, 5 дітей і 1 немовля, загинули "
        "внаслідок удару по табору."
    )
    assert ("killed", 33, None) in _figures(uk, "uk")
