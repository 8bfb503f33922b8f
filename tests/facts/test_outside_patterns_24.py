"""Causes behind the misses of the twentieth round's English dev splits (issue 25, US local news),
each tested on wording written for the test: one person harmed told as "the death of a man who
was shot", "the arrest of a teen", "is in the hospital", "grazed", a name with an initial or after
the time, a verb before an age and a name, an aside between dashes, a quoted adverb, "a 12-year-old
Elm Grove boy"; people counted with their ages but no commas, "gang members", "wanted in
connection with … are now in custody"; "the victim was transported … with injuries"; the Nth one
harmed ("an 8th teen was injured") and people "struck" by gunfire ("striking five people")."""

from __future__ import annotations

from collections.abc import Callable

import pytest

Figures = Callable[[str, str], list[tuple[str, int | None, str | None]]]


def _tolls(text: str, figures_of: Figures) -> list[tuple[str, int | None]]:
    return [(c, n) for c, n, _ in figures_of(text, "en")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The death of a 52-year-old man who was shot in the chest was ruled a homicide.",
         [("killed", 1)]),
        ("Deputies announced the arrest of a teenager in connection with the shooting.",
         [("detained", 1)]),
        ("A 9-year-old girl is in the hospital after she was shot in the arm.", [("injured", 1)]),
        ("A stray bullet grazed a 4-year-old boy who was playing outside.", [("injured", 1)]),
        ("Marcus T. Lane, 31, was pronounced dead at the scene, police said.", [("killed", 1)]),
        ("Shortly after 2 a.m. Sunday, Lane was fatally shot outside the bar.", [("killed", 1)]),
        ("Detectives believe John Doe shot 19-year-old Tara Wells on Monday.", [("injured", 1)]),
        ("A second victim – 22-year-old Ana Diaz – was taken to the hospital in stable condition.",
         [("injured", 1)]),
        ('Police said a female victim was "accidentally" shot in the hand.', [("injured", 1)]),
        ("12-year-old Elm Grove boy injured in hunting accident", [("injured", 1)]),
        ("A gunman shot a Springfield Police Detective during the arrest.", [("injured", 1)]),
        ("Four men between the ages of 19 and 25 suffered gunshot wounds.", [("injured", 4)]),
        ("At least 12 gang members were taken to area hospitals after the brawl.",
         [("injured", 12)]),
        ("Three men wanted in connection with the killing of a clerk are now in custody.",
         [("detained", 3), ("killed", 1)]),
    ],
)  # fmt: skip
def test_english_ones_told_otherwise(
    text: str, expected: list[tuple[str, int]], figures_of: Figures
) -> None:
    assert _tolls(text, figures_of) == expected


def test_the_victim_transported_with_injuries(figures_of: Figures) -> None:
    text = (
        "Officers found a man with a gunshot wound near the park. The victim was transported to "
        "County Trauma Center with life-threatening injuries."
    )
    assert _tolls(text, figures_of) == [("injured", 1)]


@pytest.mark.parametrize(
    "text",
    [
        "The victim was taken to the hospital.",  # told elsewhere, or checked over
        "The suspect was transported to the county jail.",  # held, not harmed
        "She is in the hospital for treatment of an illness.",  # not harmed in an attack
        "Two doctors in the hospital spoke to reporters.",  # where they work
        "A neighbour was shot at by the gunman but not hit.",  # fired upon
        "The arrest of the mayor drew protests.",  # "the": no one harmed in this incident
    ],
)
def test_english_not_ones_told_otherwise(text: str, figures_of: Figures) -> None:
    assert _tolls(text, figures_of) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Police now say a 6th student was injured in the shooting.", [("injured", 6)]),
        ("A fourth victim has died at the hospital.", [("killed", 4)]),
        ("He opened fire outside the bar, striking three people.", [("injured", 3)]),
        ("The gunman fired into the crowd, hitting two men.", [("injured", 2)]),
        ("The truck was hitting 80 mph when it crashed.", []),  # no people struck
        ("The second man was questioned and released.", []),  # no harm
    ],
)
def test_english_the_nth_one_and_people_struck(
    text: str, expected: list[tuple[str, int]], figures_of: Figures
) -> None:
    assert _tolls(text, figures_of) == expected


def test_the_nth_of_a_years_count_is_no_toll(figures_of: Figures) -> None:
    tolls = _tolls("She was the 14th person shot in the city this year.", figures_of)
    assert ("injured", 14) not in tolls
