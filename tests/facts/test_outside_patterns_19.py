"""Causes behind the first-run misses of the seventeenth round's outside splits (issue 25), each
tested on wording written for the test.

Russian news posts (tg1-tg9): a region or town the dictionary knows as a geographic name and no
list places ("в Дагестане", "в Подмосковье"); a town named like a surname ("в Марксе"); a
hyphenated town whose first part declines ("в Славянске-на-Кубани"); a capital after its
country ("столицы Гаити Порт-о-Пренса"); a country opening a sentence before a name ("В
Великобритании Маркус …"); and places inside a town: streets, roads, bridges, metro stations,
neighbourhoods.

English US local news (gv1): one person harmed told without a numeral ("A teenager is dead",
"Man arrested for …", "Deputies arrested the 15-year-old boy", "The death of a 10-year-old
girl", "left one person dead Sunday morning"), ages before the counted noun ("Two 17-year-old
boys"), "shot" as a wound, "made an arrest", datelines with a state's abbreviation
("NASHVILLE, Tenn. (WKRN) –"); and a holy month that is also a town's alternate name.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from casefile.text.boilerplate import classify_line

FactsJson = Callable[[str, str], dict[str, Any]]
Figures = Callable[[str, str], list[tuple[str, int | None, str | None]]]


def _places(facts: dict[str, Any]) -> list[tuple[str, str | None]]:
    return [(p["name"], p.get("kind")) for p in facts["places"]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Число погибших при нападении в Дагестане выросло до пяти.", ("Дагестан", None)),
        ("В Подмосковье неизвестный открыл стрельбу у кафе.", ("Подмосковье", None)),
        ("Нападение на полицейских произошло в Ингушетии.", ("Ингушетия", None)),
        ("Стрельба в Марксе произошла после ссоры соседей.", ("Marks", None)),
        ("В Славянске-на-Кубани обломки дрона упали во двор.", ("Slavyansk-na-Kubani", None)),
        ("Взрыв прогремел в аэропорту столицы Гаити Порт-о-Пренса.", ("Port-au-Prince", None)),
        ("В Великобритании Джон Смит напал на соседа с ножом.", ("Великобритания", "country")),
    ],
)  # fmt: skip
def test_russian_places(text: str, expected: tuple[str, str | None], facts_json: FactsJson) -> None:
    assert expected in _places(facts_json(text, "ru"))


@pytest.mark.parametrize(
    "text",
    [
        # her office, not where anything happened
        "Уполномоченная по правам ребенка в России Мария Иванова ответила на вопросы.",
        # the West and the Kremlin as bodies
        "На Западе и в Кремле это заявление прокомментировали по-разному.",
    ],
)
def test_not_places(text: str, facts_json: FactsJson) -> None:
    assert _places(facts_json(text, "ru")) == []


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Драка произошла на Щелковском шоссе вечером.", "ru", "Щелковское шоссе"),
        ("Конфликт случился на Муринской дороге.", "ru", "Муринская дорога"),
        ("Обвиняемых в подрыве Крымского моста будут судить.", "ru", "Крымский мост"),
        ("Стрельба у Пироговского водохранилища попала на видео.", "ru",
         "Пироговское водохранилище"),
        ("Мужчина ранил прохожего у станции метро «Южная».", "ru", "метро «Южная»"),
        ("Драка началась на станции «Сокол» в вагоне.", "ru", "станция «Сокол»"),
        ("Дрон попал в дом в микрорайоне \"Северный\".", "ru", "микрорайон «Северный»"),
        ("Стрельба на улице Ленина: ранен прохожий.", "ru", "улица Ленина"),
        ("Внаслідок удару по вулиці Шевченка поранено двох людей.", "uk", "вулиця Шевченка"),
        ("На Харківському шосе сталася стрілянина.", "uk", "Харківське шосе"),
    ],
)  # fmt: skip
def test_places_inside_a_town(text: str, lang: str, expected: str, facts_json: FactsJson) -> None:
    assert (expected, "locality") in _places(facts_json(text, lang))


def test_a_street_and_its_town_are_both_places(facts_json: FactsJson) -> None:
    places = _places(facts_json("Стрельба на улице Ленина в Курске: ранены двое.", "ru"))
    assert ("улица Ленина", "locality") in places and ("Kursk", None) in places


def test_an_adjective_before_a_road_is_not_a_place_of_its_own(facts_json: FactsJson) -> None:
    places = _places(facts_json("Полковника застрелили на Пятницком шоссе.", "ru"))
    assert places == [("Пятницкое шоссе", "locality")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A teenager is dead after a shooting outside a school on Tuesday.", [("killed", 1)]),
        ("Man arrested for shooting his neighbour's dog", [("detained", 1)]),
        ("Teenager fatally shot during dispute in a park", [("killed", 1)]),
        ("Deputies arrested the 15-year-old boy on Sunday afternoon.", [("detained", 1)]),
        ("Another fourteen year-old was arrested two days after the shooting.", [("detained", 1)]),
        ("The death of a 10-year-old girl shocked the town.", [("killed", 1)]),
        ("A young boy was rushed to a children's hospital after the shooting.", [("injured", 1)]),
        ("Two 17-year-old boys were injured in a drive-by shooting.", [("injured", 2)]),
        ("Police: 5 people shot in a downtown neighborhood", [("injured", 5)]),
        ("Police say one person died and three others were hurt.", [("killed", 1), ("injured", 3)]),
        ("The shooting left one person dead Sunday morning.", [("killed", 1)]),
        ("Police have made an arrest in the shooting at the mall.", [("detained", 1)]),
        ("A man was shot dead outside a bar.", [("killed", 1)]),
    ],
)  # fmt: skip
def test_english_lone_victims(
    text: str, expected: list[tuple[str, int]], figures_of: Figures
) -> None:
    assert [(c, n) for c, n, _ in figures_of(text, "en")] == expected


@pytest.mark.parametrize(
    "text",
    [
        "A man was questioned by police on Sunday.",  # no harm
        "Troops shot at 5 protesters near the gate.",  # shot at, not hit
        "The victim was taken to the hospital.",  # the victim of a toll given elsewhere
        "A man shot the lock off the door.",  # not a person harmed
    ],
)
def test_english_not_lone_victims(text: str, figures_of: Figures) -> None:
    assert figures_of(text, "en") == []


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("NASHVILLE, Tenn. (WKRN) – A man was shot on Friday.", "Nashville"),
        ("YANKTON, S.D. -\n\nPolice responded to a home.", "Yankton"),
    ],
)
def test_datelines_with_a_state(text: str, place: str, facts_json: FactsJson) -> None:
    assert place in [p for p, _ in _places(facts_json(text, "en"))]


def test_a_holy_month_is_not_a_town(facts_json: FactsJson) -> None:
    text = "Militants killed 16 people in the first attack since the start of the month of Ramadan."
    assert _places(facts_json(text, "en")) == []


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("WXYZ’s Jane Doe Reports:", "reader prompt"),
        ("Stay Up To Date, Follow WXYZ On Twitter", "reader prompt"),
        ("Read or Share this story: https://example.com/story/1", "reader prompt"),
        ("7 On Your Side is working to learn more.", "reader prompt"),
        ("Stay with example.com for updates on this developing story.", "reader prompt"),
        ("Related Coverage Police seek help in shooting case", "reader prompt"),
        ("Refresh this page for updates as they become available.", "reader prompt"),
        ("Information from: The (Springfield, Ill.) Daily Record", "reader prompt"),
        ("by: Jane Doe Updated: Jun 23, 2016 - 1:21 PM", "dateline"),
    ],
)
def test_us_station_page_furniture(line: str, reason: str) -> None:
    verdict = classify_line(line)
    assert verdict is not None and verdict.reason == reason


@pytest.mark.parametrize(
    "line",
    ["Police said the man reports to work daily.", "Follow the money, investigators said."],
)
def test_report_lines_are_not_furniture(line: str) -> None:
    assert classify_line(line) is None


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("В кубанской школе подросток ударил одноклассника.", "ru", "Кубань"),
        ("В петербургском метро мужчина ударил женщину.", "ru", "Saint Petersburg"),
        ("Стрельба в московской больнице: ранены двое.", "ru", "Moscow"),
        ("В курской больнице умер раненый.", "ru", "Kursk"),
        ("У київському готелі стався вибух.", "uk", "Kyiv"),
    ],
)
def test_a_town_by_its_adjective(
    text: str, lang: str, expected: str, facts_json: FactsJson
) -> None:
    assert [p for p, _ in _places(facts_json(text, lang))] == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "В российской школе прошла проверка.",  # a country's
        "В детской больнице двое раненых.",  # no town
        "В английской школе прошли занятия.",  # a language's
        "В американском отеле прошла встреча.",  # not Americana, Brazil
    ],
)
def test_adjectives_that_name_no_town(text: str, facts_json: FactsJson) -> None:
    assert _places(facts_json(text, "ru")) == []


@pytest.mark.parametrize(
    ("text", "lang"),
    [("Агрессор был задержан, его делом занялся СК.", "ru"), ("Нападавший был задержан.", "ru")],
)
def test_one_detained_with_an_auxiliary(text: str, lang: str, figures_of: Figures) -> None:
    assert figures_of(text, lang) == [("detained", 1, None)]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Ранения получили оператор вёрстки газеты и участковый полиции.", "ru",
         [("injured", 2, None)]),
        ("Поранення отримали водій автобуса і пасажирка.", "uk", [("injured", 2, None)]),
    ],
)  # fmt: skip
def test_people_listed_after_the_noun_of_injury_and_its_verb(
    text: str, lang: str, expected: list[tuple[str, int, str | None]], figures_of: Figures
) -> None:
    assert figures_of(text, lang) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Five shot in West Baltimore by suspects in a stolen car", [("injured", 5)]),
        ("A teenage boy was shot to death Friday night.", [("killed", 1)]),
        ("Police said a 10-year-old boy accidentally shot himself.", [("injured", 1)]),
        ("A man fatally shot himself after the standoff.", [("killed", 1)]),
        ("A man has died after a shooting on Main Street.", [("killed", 1)]),
        ("A 13-month-old boy and 20-year-old man were both shot overnight.", [("injured", 2)]),
        ("A man and his son were killed.", [("killed", 2)]),
    ],
)
def test_english_lone_victims_gv4(
    text: str, expected: list[tuple[str, int]], figures_of: Figures
) -> None:
    assert [(c, n) for c, n, _ in figures_of(text, "en")] == expected


def test_fired_shots_are_no_toll(figures_of: Figures) -> None:
    assert figures_of("Troops fired 5 shots in the air.", "en") == []


@pytest.mark.parametrize(
    "line",
    [
        "CLOSE Skip in Skip x Embed x Share Courthouse surveillance video",
        "► Related: Police link man to earlier robbery",
        "Buy Photo Police close off a scene (Photo: Staff)",
        "Contact Jane Doe: 555-0100 or jdoe@example.com",
        "John Roe contributed to this report.",
        "-Staff writers Jane Doe and John Roe contributed.",
        "For more neighborhood news, listen to City Radio here",
        "2:35 Remembering Officer Smith: a teammate's tribute",
    ],
)
def test_us_news_site_furniture(line: str) -> None:
    verdict = classify_line(line)
    assert verdict is not None and verdict.reason == "reader prompt"


@pytest.mark.parametrize(
    "line",
    [
        "Contact police at 555-0100 with any information.",
        "Contact Crime Stoppers at 555-0100.",
        "2:35 a.m. Police responded to the call.",
    ],
)
def test_tip_lines_and_times_are_the_report(line: str) -> None:
    assert classify_line(line) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Woods, a District Heights resident, was pronounced dead at the scene, police said.",
         [("killed", 1, "police")]),
        ("Joanne Woods, 49, was shot in the leg, police said.", [("injured", 1, "police")]),
        ("Smith was arrested on Monday.", [("detained", 1, None)]),
        ("A man was found dead at his home.", [("killed", 1, None)]),
    ],
)  # fmt: skip
def test_one_named_person_harmed(
    text: str, expected: list[tuple[str, int, str | None]], figures_of: Figures
) -> None:
    assert figures_of(text, "en") == expected


@pytest.mark.parametrize(
    "text",
    [
        "He was taken to hospital.",
        "Kharkiv was shelled overnight.",
        "A man was shot at but not hit.",
    ],
)
def test_no_named_person_harmed(text: str, figures_of: Figures) -> None:
    assert figures_of(text, "en") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jane Roe, 20, was taken into custody, police said.", [("detained", 1, "police")]),
        ("Two suspects in custody after the shooting", [("detained", 2, None)]),
        ("Two suspects were arrested.", [("detained", 2, None)]),
        ("Three suspects fled the scene.", []),
        ("No one was in custody as of late Tuesday.", []),
    ],
)  # fmt: skip
def test_custody(
    text: str, expected: list[tuple[str, int, str | None]], figures_of: Figures
) -> None:
    assert figures_of(text, "en") == expected


@pytest.mark.parametrize(
    "line",
    [
        "City Press staff writer Jane Doe contributed reporting.",
        "Six people were shot during an attack, police said. View Full Caption",
        "PREVIOUS: Bar owner describes the night of the shooting",
        "We will update as we get more information.",
        "WXYZ will keep you updated with any new details.",
        "This story is still developing. Check back for updates.",
        "Watch Mobile Video",
        "Follow US news from Example.com on Twitter and Facebook",
    ],
)
def test_us_news_site_furniture_gv6(line: str) -> None:
    verdict = classify_line(line)
    assert verdict is not None and verdict.reason == "reader prompt"


def test_a_story_first_reported_is_the_report() -> None:
    assert classify_line("This story was first reported by police.") is None
