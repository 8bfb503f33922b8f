"""Page furniture of the eighteenth round's English dev splits (issue 25), in wording written for
the test: a US news site's video player with its whole playlist on one line, and the teasers of
other stories listed under the headline next to it; a short run of lines in the article that
ends no sentence, which stays."""

from __future__ import annotations

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
