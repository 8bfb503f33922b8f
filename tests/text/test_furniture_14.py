"""Page furniture of the eighteenth round's English dev splits (issue 25), in wording written for
the test: a US news site's video player with its whole playlist on one line, and the teasers of
other stories listed under the headline next to it; a short run of lines in the article that
ends no sentence, which stays."""

from __future__ import annotations

import pytest
from furniture_helpers import ARTICLE_EN
from furniture_helpers import removed_lines as _removed

PLAYER = "CLOSE Skip in Skip x Embed x Share TODAY'S TOP STORIES " + "A clip of the day. " * 40
TEASERS = [
    "Old house near the new arena seeks a buyer",
    "Watch: the basketball team previews its next game",
    "Happy National Puppy Day!",
    "Local team wins the regional baseball classic",
    "4 reasons why a store may go out of business",
    "Film festival coming at the end of the month",
]


def test_a_player_and_the_teasers_under_the_headline() -> None:
    text = "Market attack\n\n" + PLAYER + "\n\n" + "\n\n".join(TEASERS) + "\n\n" + ARTICLE_EN
    removed = _removed(text)
    assert removed.get(PLAYER.strip()) == "reader prompt"
    for teaser in TEASERS:
        assert teaser in removed
    assert not any(line.startswith("Twelve people") for line in removed)


def test_short_lines_in_an_article_without_furniture_stay() -> None:
    lines = [
        "Victims named by the family",
        "John Smith of the east side",
        "Mary Jones from the village",
        "Their neighbour Peter Brown",
    ]
    text = (
        "Market attack\n\nThe attack began at noon, witnesses said.\n\n"
        + "\n\n".join(lines)
        + "\n\n"
        + ARTICLE_EN
    )
    assert not any(line in _removed(text) for line in lines)


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (
            "(TM and Copyright 2016 Example Radio Inc. and its subsidiaries. Used under "
            "license. All Rights Reserved. This material may not be published, broadcast, "
            "rewritten, or redistributed. " + "It is the station's. " * 15,
            "legal",
        ),
        ("Skip Ad Ad Loading... x Embed x Share Police investigate a shooting", "reader prompt"),
        ("Report an Error or Submit a Tip to NBC99", "reader prompt"),
        ("Please enable Javascript to watch this video", "reader prompt"),
        ("You must enter the characters with black color that stand out", "reader prompt"),
        ("Message: * A friend wanted you to see this item from example.com", "reader prompt"),
        (
            "Contact Jane Roe at jroe@example.com. Follow @janeroe on Twitter. Contact John "
            "Doe at jdoe@example.com or at 555-383-0381. Follow @johndoe on Twitter.",
            "reader prompt",
        ),
    ],
)
def test_a_local_sites_forms_and_notices(line: str, reason: str) -> None:
    assert (
        _removed(f"Market attack\n\n{ARTICLE_EN}\n\n{line}\n\nMore text of the article.").get(
            line.strip()
        )
        == reason
    )
