"""Causes behind dev32's and dev33's misses (issue 25), each tested on wording written for the
test. English: "revealed that" and "disclosed that" as verbs of saying, members of the security
forces and policemen as people counted, a dateline the parse took into who said it, "organisers
of that event", the clause after "but" holding the verb, a capitals dateline naming a place no
list knows, "according to a police sergeant … he said", a frame set between two tolls of one
sentence, a title the parser took for a preposition, a paragraph going on from the account
before it ("Additionally,", "A further"), "the minister" and "the ministry" named earlier, "it
said" after a quote, "another village, X", news agencies are no people, a quote going on from
its subject, a determiner or "so-called" is no one, "were among those killed" is a part.
Ukrainian and Russian: a council's name in its gender, a conjunction opening the sentence,
survivors and witnesses in the nominative plural, "настаивают" and "only military targets" as
disputing the account, a partial quote inside what was said, one who died of a cause named
before the verb, one wounded person being helped."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

FactsJson = Callable[[str, str], dict[str, Any]]
Figures = Callable[[str, str], list[tuple[str, int | None, str | None]]]


# --- English: tolls and who gave them ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "PORTVILLE, Freedonia – Freedonia Police today (June 3) revealed that the bodies of "
            "some 40 civilians have been recovered from the market district.",
            [("killed", 40, "Freedonia Police")],
        ),
        (
            "The commander disclosed that four members of the security forces had been killed "
            "in the clashes.",
            [("killed", 4, "commander")],
        ),
        (
            "At least 12 people were killed, police said at the scene, and at least 30 others, "
            "badly hurt, were taken to a hospital in the next town.",
            [("killed", 12, "police"), ("injured", 30, "police")],
        ),
        (
            "Jan Kowal, a farmer who fled, said nine villagers from his street were among "
            "those killed.",
            [("killed", 9, "Jan Kowal")],
        ),
    ],
)
def test_english_tolls_and_sources(
    text: str, expected: list[tuple[str, int | None, str | None]], figures_of: Figures
) -> None:
    assert figures_of(text, "en") == expected


def test_among_those_killed_is_a_part(facts_json: FactsJson) -> None:
    text = "Jan Kowal said nine villagers from his street were among those killed."
    assert [f["note"] for f in facts_json(text, "en")["figures"]] == ["sub-count"]


def test_members_of_a_gang_a_cell_or_a_family_are_not_counted(figures_of: Figures) -> None:
    text = (
        "The raids by some 300 members of the harbour gang went on for a week. Eight suspected "
        "members of a cell were arrested. A survivor, who lost two members of her family, "
        "wept."
    )
    assert figures_of(text, "en") == []


def test_a_title_taken_for_a_preposition_and_the_account_going_on(figures_of: Figures) -> None:
    text = (
        "Commissioner Arnold Pike spoke to reporters on Friday.\n\n"
        "DCP Pike further disclosed that two members of the security forces had been killed "
        "in the fighting. The officers were killed on Hill Road.\n\n"
        "Additionally, some 14 members of the security forces had been wounded, while 9 "
        "civilians received injuries.\n\n"
        "A further 3 people have been detained."
    )
    assert figures_of(text, "en") == [
        ("killed", 2, "Arnold Pike"),
        ("injured", 14, "Arnold Pike"),
        ("injured", 9, "Arnold Pike"),
        ("detained", 3, "Arnold Pike"),
    ]


def test_the_minister_named_earlier(facts_json: FactsJson) -> None:
    text = (
        "Five of the gunmen were killed, said the minister, Tomas Brel.\n\n"
        "About 60 people were injured in the attacks, the interior minister said.\n\n"
        "“We suspect this cell had contacts abroad,” the minister said."
    )
    facts = facts_json(text, "en")
    assert [(f["count"], f["source"]) for f in facts["figures"]][-1] == (60, "Tomas Brel")
    assert [q["speaker"] for q in facts["quotes"]] == ["Tomas Brel"]


def test_another_minister_is_not_the_one_named() -> None:
    from casefile.facts import extract_facts

    text = (
        "Foreign Minister Ali Bakr said 12 people died. Later the interior minister said 20 "
        "people were injured."
    )
    figures = extract_facts(text, language="en").to_json()["figures"]
    assert [f["source"] for f in figures] == ["Ali Bakr", "interior minister"]


# --- English: who said it ------------------------------------------------------------------


def test_the_ministry_and_it(facts_json: FactsJson) -> None:
    text = (
        "The Freedonian Defense Ministry accused the other side of breaking the truce.\n\n"
        "“We call on civilians to leave the border villages now,” the ministry said.\n\n"
        "“In order to restore calm, the Freedonian Armed Forces will act,” it said."
    )
    assert [q["speaker"] for q in facts_json(text, "en")["quotes"]] == [
        "Freedonian Defense Ministry",
        "Freedonian Defense Ministry",
    ]


def test_a_common_speaker_after_according_to(facts_json: FactsJson) -> None:
    text = (
        "By Anna Lind, Staff Writer.\n\n"
        "At least two planes were heard, according to a police sergeant, but no one saw them.\n\n"
        "“Now go away,” he said. “I do not want to talk any more.”"
    )
    speakers = [q["speaker"] for q in facts_json(text, "en")["quotes"]]
    assert speakers == ["police sergeant", "police sergeant"]


def test_the_clause_after_but_holds_who_said_it(facts_json: FactsJson) -> None:
    text = (
        "The ambush raised questions about safety at the games in June, but organisers of "
        "that event said it was 'absurd' to draw comparisons."
    )
    assert [q["speaker"] for q in facts_json(text, "en")["quotes"]] == ["organisers of that event"]


def test_a_quote_going_on_from_its_subject(facts_json: FactsJson) -> None:
    text = (
        "No motive was given. Prime Minister Lena Voss “urged the police to find the attackers "
        "and bring them to justice,” according to the state agency."
    )
    assert [q["speaker"] for q in facts_json(text, "en")["quotes"]] == ["Lena Voss"]


@pytest.mark.parametrize(
    "text",
    [
        "The so-called “special operation” killed 20 people.",
        "The Freedonian Foreign Ministry “categorically rejects” the claims.",
    ],
)
def test_a_determiner_or_so_called_is_no_speaker(text: str, facts_json: FactsJson) -> None:
    speakers = [q["speaker"] for q in facts_json(text, "en")["quotes"]]
    assert "the" not in speakers and "so-" not in speakers


def test_a_news_agency_is_no_person(facts_json: FactsJson) -> None:
    text = (
        "Li Wen, a traveller, told Xinhua he was buying a ticket when the attackers came in.\n\n"
        "“I saw a man come at me with a knife and I ran,” he said."
    )
    facts = facts_json(text, "en")
    assert "Xinhua" not in [p["name"] for p in facts["people"]]
    assert [q["speaker"] for q in facts["quotes"]] == ["Li Wen"]


# --- English: places -------------------------------------------------------------------------


def test_a_capitals_dateline_names_a_place_no_list_knows(facts_json: FactsJson) -> None:
    text = "ZELVANOVO, Freedonia — No one knew the names of the dead. Ten people were killed."
    places = facts_json(text, "en")["places"]
    assert [(p["name"], p["placed"]) for p in places][:1] == [("Zelvanovo", False)]


def test_another_village_named_after_the_word(facts_json: FactsJson) -> None:
    text = "The third victim, also a woman, lived in another border village, Kovarash."
    assert "Kovarash" in [p["name"] for p in facts_json(text, "en")["places"]]


# --- Ukrainian and Russian ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        (
            "Загинуло близько 40 осіб. Про це повідомляють у Зеленодольській міській раді.",
            "uk",
            [("killed", 40, "Зеленодольська міська рада")],
        ),
        (
            "И вот в Зеленодольском городском совете заявили, что в результате удара погибли "
            "40 человек.",
            "ru",
            [("killed", 40, "Зеленодольский городской совет")],
        ),
        (
            "Во время обстрела села погибли трое детей, по словам выживших и очевидцев этой атаки.",
            "ru",
            [("killed", 3, "выжившие и очевидцы этой атаки")],
        ),
        (
            "За словами Олега Петренка, 71-річна жінка від отриманих травм померла в лікарні.",
            "uk",
            [("killed", 1, "Олег Петренко")],
        ),
        ("Мужчина от полученных ран скончался в больнице.", "ru", [("killed", 1, None)]),
        (
            "На місці медики надають допомогу пораненій 58-річній місцевій жительці.",
            "uk",
            [("injured", 1, None)],
        ),
        ("Медики надали допомогу пораненим людям.", "uk", []),
    ],
)
def test_cyrillic_figures(
    text: str,
    lang: str,
    expected: list[tuple[str, int | None, str | None]],
    figures_of: Figures,
) -> None:
    assert figures_of(text, lang) == expected


@pytest.mark.parametrize(
    ("text", "lang", "actor"),
    [
        ("В Минске настаивают, что били только «легитимные военные цели».", "ru", "Минск"),
        ("Песков заявил, что удары наносятся только по военным объектам.", "ru", "Дмитрий Песков"),
        ("У Москві наполягають, що удари завдавалися лише по військових об’єктах.", "uk", "Москва"),
    ],
)
def test_only_military_targets_disputes_the_account(
    text: str, lang: str, actor: str, facts_json: FactsJson
) -> None:
    claims = facts_json(text, lang)["claims"]
    assert [(c["actor"], c["stance"]) for c in claims] == [(actor, "disputes")]


def test_a_partial_quote_inside_what_was_said(facts_json: FactsJson) -> None:
    text = "В Минске настаивают, что били только «легитимные военные цели»."
    assert [q["speaker"] for q in facts_json(text, "ru")["quotes"]] == ["Минск"]
