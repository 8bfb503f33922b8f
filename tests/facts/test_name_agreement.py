"""Names and bodies put in the nominative by agreement (issue 25): a name's words are read in one
gender and case, the first name's ("За словами Олександра Прокудіна" is Олександр Прокудін's
genitive), so a surname the dictionary does not know is put back from that case too; a first
name that does not decline tells no case; a place's adjective before the adjectives that agree
with it is no surname ("Сумської обласної військової адміністрації"). Sentences written for the
tests."""

from __future__ import annotations

import pytest

from casefile.facts import extract_facts
from casefile.facts.languages import ru, uk


def _sources(text: str, lang: str) -> list[str | None]:
    return [f["source"] for f in extract_facts(text, language=lang).to_json()["figures"]]


@pytest.mark.parametrize(
    ("text", "lang", "source"),
    [
        # a man's genitive, not a woman's nominative: "словами" governs the name
        ("За словами Олександра Прокудіна, загинули троє людей.", "uk", "Олександр Прокудін"),
        # a surname the dictionary does not know, put back from the first name's case
        ("По словам Сергея Лысака, погибли три человека.", "ru", "Сергей Лысак"),
        ("По данным Сергея Лысака, погибли три человека.", "ru", "Сергей Лысак"),
        (
            "За даними голови Харківської ОВА Олега Синєгубова, загинули троє людей.",
            "uk",
            "Олег Синєгубов",
        ),
        (
            "За даними начальника Запорізької ОВА Івана Федорова, загинули троє людей.",
            "uk",
            "Іван Федоров",
        ),
        # a nominative name stays as written
        ("Про це повідомив Олег Синєгубов. Загинули троє людей.", "uk", "Олег Синєгубов"),
        (
            "Об этом сообщил губернатор Курской области Алексей Смирнов. Погибли три человека.",
            "ru",
            "Алексей Смирнов",
        ),
        # a first name that does not decline: the unknown surname as written
        (
            "Об этом сообщил министр связи Реми Данджину. Погибли 17 человек.",
            "ru",
            "Реми Данджину",
        ),
        # a place's adjective and the adjectives agreeing with it, in the nominative
        (
            "Внаслідок обстрілу загинули двоє людей, повідомили в Сумській обласній військовій "
            "адміністрації.",
            "uk",
            "Сумська обласна військова адміністрація",
        ),
        (
            "За даними Сумської обласної військової адміністрації, загинули двоє людей.",
            "uk",
            "Сумська обласна військова адміністрація",
        ),
    ],
)
def test_a_source_named_in_another_case_is_given_in_the_nominative(
    text: str, lang: str, source: str
) -> None:
    assert _sources(text, lang) == [source] * len(_sources(text, lang))
    assert _sources(text, lang)


@pytest.mark.parametrize(
    ("words", "oblique", "name"),
    [
        (["Олександра", "Прокудіна"], True, "Олександр Прокудін"),
        # no governing word: Олександра Прокудіна is a woman, as written
        (["Олександра", "Прокудіна"], False, "Олександра Прокудіна"),
        (["Ірини", "Верещук"], True, "Ірина Верещук"),
        (["Вадима", "Філашкіна"], True, "Вадим Філашкін"),
        (["Віталія", "Кличка"], True, "Віталій Кличко"),
        # "Павло" is not read as the vocative of Павла
        (["Павло", "Кириленко"], True, "Павло Кириленко"),
    ],
)
def test_ukrainian_name_words_agree_in_gender_and_case(
    words: list[str], oblique: bool, name: str
) -> None:
    assert uk.MORPH.full_name(words, oblique) == name


@pytest.mark.parametrize(
    ("words", "name"),
    [
        (["Вячеслава", "Гладкова"], "Вячеслав Гладков"),
        (["Анной", "Ивановой"], "Анна Иванова"),
        (["Ивана", "Ивановича", "Петрова"], "Иван Иванович Петров"),
        (["Денисом", "Пушилиным"], "Денис Пушилин"),
    ],
)
def test_russian_name_words_agree_in_gender_and_case(words: list[str], name: str) -> None:
    assert ru.MORPH.full_name(words, True) == name


@pytest.mark.parametrize(
    ("before", "lang", "oblique"),
    [
        ("За словами ", "uk", True),
        ("за словами голови Запорізької ОВА ", "uk", True),
        ("повідомив голова ОВА ", "uk", False),
        ("по данным губернатора ", "ru", True),
        ("сообщил губернатор ", "ru", False),
        ("от ", "ru", True),
        ("", "uk", False),
    ],
)
def test_a_word_governing_the_name_is_found_before_it(
    before: str, lang: str, oblique: bool
) -> None:
    morph = uk.MORPH if lang == "uk" else ru.MORPH
    assert morph.oblique_before(before) is oblique


def test_a_place_adjective_is_no_surname() -> None:
    text = "За даними Сумської обласної військової адміністрації, загинули двоє людей."
    people = [p["name"] for p in extract_facts(text, language="uk").to_json()["people"]]
    assert "Сумська" not in people
