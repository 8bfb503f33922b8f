"""Page furniture of dev12's and dev13's kinds (issue 25), each in wording written for the test:
a long caption closed by the agency's credit and its title above it, a wire's source line, a
syndication note, a caption closed by a credit with its channel, bylines of three authors with
their outlet, and the page's widgets ("View Comments", "Search", a misspelt "Advertisment")."""

from __future__ import annotations

import pytest

from casefile.text import clean_text

ARTICLE = (
    "Nine people were killed when gunmen opened fire at a bus station in the town, the "
    "provincial police chief said on Monday.\n\nThe wounded were taken to the district "
    "hospital, he added."
)


def _removed(text: str) -> dict[str, str]:
    return {r.text.strip(): r.reason for r in clean_text(text)[1]}


def test_a_long_caption_closed_by_the_agencys_credit_and_its_title() -> None:
    title = "Residents leave the district after the shooting, in the provincial capital"
    caption = (
        "People carry their belongings past a burnt-out bus as soldiers guard the road near the "
        "station where gunmen opened fire on Monday, in the provincial capital, March 3, 2025. "
        "REUTERS/Jane Example/File photo"
    )
    removed = _removed(f"Gunmen kill nine at bus station\n\n{title}\n{caption}\n\n{ARTICLE}")
    assert removed == {title: "credit", caption: "credit"}


@pytest.mark.parametrize(
    "line",
    [
        "Source: REUTERS",
        "Source: AFP",
        "This article was produced by Reuters news agency. It has not been edited by our staff",
        "This story has been published by an agency feed without changes.",
        "CROWDS AT THE STATION — Relatives wait outside the morgue on Monday. (DPA via Example "
        "Press/TNS)",
        "Relatives wait outside the morgue on Monday. (AP Photo/John Example)",
        "View Comments",
        "Search",
        "Advertisment",
        "More from this category",
    ],
)
def test_furniture_lines_of_real_pages(line: str) -> None:
    assert line in _removed(f"Gunmen kill nine at bus station\n\n{line}\n\n{ARTICLE}")


def test_three_authors_and_their_outlet_are_a_byline() -> None:
    line = "Anna Example, Boris Sample and Clara Test Los Angeles Times (TNS)"
    assert line in _removed(f"Gunmen kill nine at bus station\n\n{line}\n\n{ARTICLE}")


@pytest.mark.parametrize(
    "line",
    [
        "Source: the regional health ministry said nine people had died in hospital.",
        "Kyiv, Kharkiv and Odesa came under attack overnight, officials said.",
        "This article was updated after the governor gave a new toll of nine killed.",
    ],
)
def test_article_lines_that_look_alike_stay(line: str) -> None:
    assert line not in _removed(f"Gunmen kill nine at bus station\n\n{line}\n\n{ARTICLE}")
