"""Page furniture of the nineteenth round's English dev splits (issue 25), in wording written for
the test: reporters' contact lines (after a dash, "Contact the writer:", a line of several such
sentences), "Click or tap to watch …", a station's crew "on the scene", "BACK TO TOP STORIES",
"Text Size:", an embedded post's signature without its dash, a lightbox's close mark, a
gallery's "Caption …" line, a wire's "(Source: … © … All Rights Reserved …)" and a weather
widget's forecast; an article sentence that mentions a contact stays."""

from __future__ import annotations

import pytest
from furniture_helpers import ARTICLE_EN
from furniture_helpers import removed_lines as _removed


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("— Contact Jane Roe at jroe@example.com and 555-383-0381.", "reader prompt"),
        ("Contact the writer: 555-796-7767 jdoe@example.com Twitter @jdoe", "reader prompt"),
        (
            "Staff researcher Ann Lee contributed to this report. Contact Jane Roe at "
            "jroe@example.com or (555) 226-3377. Follow @janeroe.",
            "reader prompt",
        ),
        ("Click or tap to watch the interview with the victim's aunt", "reader prompt"),
        ("WXYZ has a crew on the scene and will update as we learn more.", "reader prompt"),
        (">>> BACK TO TOP STORIES", "reader prompt"),
        ("Text Size:", "reader prompt"),
        ("Oak Park Police Dept. (@OakParkPD) January 30, 2016", "media file"),
        (
            "BREAKING: officers working a shooting at the arena — Oak Park Police Dept. "
            "(@OakParkPD) January 30, 2016",
            "media file",
        ),
        ("× Police: Teen hurt in accidental shooting", "media file"),
        (
            "Caption Man shot near his home Crime reporter Ann Lee talks about the shooting of a "
            "man near his home early Wednesday. (Ann Lee / Example Times)",
            "credit",
        ),
        (
            "(Source: Example Media Wire © Example Times 2013. All Rights Reserved. This "
            "material may not be published, broadcast, rewritten, or redistributed.)",
            "legal",
        ),
        ("Cloudy. Low around 40F. Winds SW at 15 to 25 mph.", "navigation"),
    ],
)
def test_a_local_sites_lines(line: str, reason: str) -> None:
    assert (
        _removed(f"Market attack\n\n{ARTICLE_EN}\n\n{line}\n\nMore text of the article.").get(
            line.strip()
        )
        == reason
    )


@pytest.mark.parametrize(
    "line",
    [
        "Police said the man was shot. Contact Crime Stoppers at 555-0100 with any tips.",
        "Officers had a crew of detectives canvassing the block all night.",
        "Caption contests were held at the school before the shooting.",
    ],
)
def test_article_lines_stay(line: str) -> None:
    text = f"Market attack\n\n{ARTICLE_EN}\n\n{line}\n\nMore text of the article."
    assert line.strip() not in _removed(text)
