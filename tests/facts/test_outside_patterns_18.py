"""Causes behind the first-run misses of tg1 and tg2, Russian news-channel posts (issue 25),
each tested on wording written for the test: "две" (the feminine two) and the teens and tens in
the oblique cases ("более пятнадцати"), "об одном пострадавшем"; one person harmed told without
a numeral: a participle standing for them in any case ("Пострадавшую увезли", "пострадавшему
подростку", "Потерпілого доправили"), a name next to the verb ("погиб Иван Петров"), "одна из
бортпроводниц", one detained ("Стрелка задержали", "Напавший задержан", "Затримали
підозрюваного"); and what is not one: a party, a hand, a plural, a part of a group counted."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

FactsJson = Callable[[str, str], dict[str, Any]]
Figures = Callable[[str, str], list[tuple[str, int | None, str | None]]]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("В Твери две женщины получили ранения при обстреле.", "ru", [("injured", 2, None)]),
        ("Во время стрельбы пострадали две школьницы.", "ru", [("injured", 2, None)]),
        ("Ранены более пятнадцати человек.", "ru", [("injured", 15, None)]),
        ("Спасатели сообщили об одном пострадавшем.", "ru", [("injured", 1, "Спасатели")]),
        ("Пострадавшую увезли на скорой в больницу.", "ru", [("injured", 1, None)]),
        ("Пострадавшему подростку потребовалась помощь врачей.", "ru", [("injured", 1, None)]),
        ("Пострадавший госпитализирован в тяжелом состоянии.", "ru", [("injured", 1, None)]),
        ("В пятницу пострадавшего увезли в больницу.", "ru", [("injured", 1, None)]),
        ("Потерпілого доправили до лікарні.", "uk", [("injured", 1, None)]),
        ("Постраждалу госпіталізували.", "uk", [("injured", 1, None)]),
        ("При стрельбе погиб Иван Петров.", "ru", [("killed", 1, None)]),
        ("Олег Смирнов получил ранения.", "ru", [("injured", 1, None)]),
        ("В результате инцидента одна из бортпроводниц получила травмы.", "ru",
         [("injured", 1, None)]),
        ("Стрелка задержали на месте.", "ru", [("detained", 1, None)]),
        ("Напавший задержан полицией.", "ru", [("detained", 1, None)]),
        ("В Москве задержан таксист, который стрелял по автобусу.", "ru",
         [("detained", 1, None)]),
        ("Прохожие задержали нападавшего.", "ru", [("detained", 1, None)]),
        ("Затримали підозрюваного.", "uk", [("detained", 1, None)]),
        ("Підозрюваного затримали.", "uk", [("detained", 1, None)]),
    ],
)  # fmt: skip
def test_figures(
    text: str, lang: str, expected: list[tuple[str, int, str | None]], figures_of: Figures
) -> None:
    assert figures_of(text, lang) == expected


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Суд признал пострадавшую сторону.", "ru"),  # a party to a case
        ("Поранену руку перев'язали.", "uk"),  # a hand
        ("Красный Крест не получил доступа к пленным.", "ru"),  # a plural too
        ("Губернатор встретился с пострадавшими.", "ru"),  # many, uncounted
    ],
)
def test_no_person_told_as_one(text: str, lang: str, figures_of: Figures) -> None:
    assert figures_of(text, lang) == []


def test_the_name_of_who_reported_is_not_the_one_who_died(facts_json: FactsJson) -> None:
    figures = facts_json("Об этом сообщил Гладков, погиб мужчина.", "ru")["figures"]
    assert [(f["category"], f["count"], f["source"]) for f in figures] == [("killed", 1, "Гладков")]


def test_one_of_those_counted_is_a_part_of_them(facts_json: FactsJson) -> None:
    figures = facts_json("Пострадали пять человек. Пострадавшего увезли в больницу.", "ru")
    notes = {(f["count"], f["note"]) for f in figures["figures"]}
    assert notes == {(5, None), (1, "sub-count")}
