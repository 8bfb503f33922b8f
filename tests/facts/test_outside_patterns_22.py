"""Causes behind the misses of the nineteenth round's English dev splits (issue 25), each tested
on wording written for the test: one person harmed, told in a headline without an article
("Teen shot, calls for help"), after "was shot at" a place, by a name with an aside or "died",
or as "the victim" when the report counts no one else; two told one by one after a verb ("injured
a 5-year-old boy and a 20-year-old woman") or as "the man and woman"; "and another injured";
people "sent to area hospitals", "were hit", or counted with their ages in an aside."""

from __future__ import annotations

from collections.abc import Callable

import pytest

Figures = Callable[[str, str], list[tuple[str, int | None, str | None]]]


def _tolls(text: str, figures_of: Figures) -> list[tuple[str, int | None]]:
    return [(c, n) for c, n, _ in figures_of(text, "en")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Teen shot, calls for help behind his home", [("injured", 1)]),
        ("Man shot in the face on his porch", [("injured", 1)]),
        ("A woman was accidentally shot at the drive-thru of a bank.", [("injured", 1)]),
        ("A man was shot at about 11 p.m. on Elm Street.", [("injured", 1)]),
        ("Dana Smith, the owner's sister, was also shot, but survived.", [("injured", 1)]),
        ("Lee died of a gunshot wound around 3 p.m. Sunday.", [("killed", 1)]),
        ("A 16 year old male has also been arrested and charged.", [("detained", 1)]),
        ("The crossfire injured a 6-year-old girl and a 30-year-old man.", [("injured", 2)]),
        ("Police said the man and woman were shot outside the store.", [("injured", 2)]),
        (
            "One person was fatally shot and another injured outside a diner.",
            [("killed", 1), ("injured", 1)],
        ),
        ("A fatal shooting sent four people to area hospitals on Sunday.", [("injured", 4)]),
        ("Three people sent to area hospitals after a shooting", [("injured", 3)]),
        ("Six people, ranging in age from 18 to 25, were hit.", [("injured", 6)]),
        ("Two teens, ages 15 and 16, were shot near the school.", [("injured", 2)]),
        ("Officers found two adult females suffering from gunshot injuries.", [("injured", 2)]),
    ],
)
def test_people_harmed_told_in_local_news_wording(
    text: str, expected: list[tuple[str, int]], figures_of: Figures
) -> None:
    assert _tolls(text, figures_of) == expected


@pytest.mark.parametrize(
    "text",
    [
        "A man was shot at by officers but was not hit.",
        "A man shot at officers from his car.",
        "Lee died in 2009 of natural causes.",
        "Three houses were hit.",
        "Two men were hit by a car on the highway.",
        "Hundreds of civilians were sheltering in the theatre when it was hit by an air strike.",
        "People died sitting next to us in the basement.",
    ],
)
def test_no_one_harmed(text: str, figures_of: Figures) -> None:
    assert _tolls(text, figures_of) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Shooting in Oak Park\n\nPolice were called at midnight. The victim remains in "
            "critical condition at a local hospital.",
            [("injured", 1)],
        ),
        (
            "Shooting in Oak Park\n\nShots rang out at midnight. The 17-year-old was shot in "
            "the lower right leg.",
            [("injured", 1)],
        ),
        (
            "Shooting in Oak Park\n\nShots rang out at midnight. Police said the man was "
            "pronounced dead at the scene.",
            [("killed", 1)],
        ),
    ],
)
def test_the_one_a_report_tells_of(
    text: str, expected: list[tuple[str, int]], figures_of: Figures
) -> None:
    assert _tolls(text, figures_of) == expected


def test_the_one_already_counted_is_not_counted_again(figures_of: Figures) -> None:
    text = (
        "Two people were wounded in Oak Park on Sunday. The 17-year-old was shot in the leg. "
        "The victim remains in critical condition."
    )
    assert _tolls(text, figures_of) == [("injured", 2)]
