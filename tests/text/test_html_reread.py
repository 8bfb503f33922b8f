"""An HTML page whose precise extraction leaves only a reprint notice is read more widely.

On a public benchmark page (a financial weekly's article), trafilatura's precise extraction
returned only "This copy is for your personal, non-commercial use only…" and a link, which the
cleaner removes, and the page was refused as having no text. The page here is written for the
test: the article sits in a block whose class ("sidebar") the precise extraction skips.
"""

from __future__ import annotations

import pytest

from casefile.errors import CasefileError
from casefile.text.clean import clean_document

PARAGRAPHS = [
    "Nine people were killed and 23 injured when shells hit the river port of Zatoka on "
    "Tuesday night, the regional governor said.",
    "Rescue teams worked through the night to pull survivors from a warehouse that collapsed "
    "after the second strike.",
]
NOTICE = (
    "<p>This copy is for your personal, non-commercial use only. To order copies visit "
    "http://www.example.com/reprints.</p>"
)


def test_the_article_is_found_when_the_precise_reading_leaves_only_a_notice() -> None:
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    html = f"<html><body><article>{NOTICE}<div class='sidebar'>{body}</div></article></body></html>"
    cleaned = clean_document(html.encode(), "text/html", "port.html")
    assert all(p in cleaned.text for p in PARAGRAPHS)
    assert "personal, non-commercial use" not in cleaned.text


def test_a_page_with_only_a_notice_is_still_refused() -> None:
    html = f"<html><body><article>{NOTICE}</article></body></html>"
    with pytest.raises(CasefileError, match="no readable text left after cleaning"):
        clean_document(html.encode(), "text/html", "notice.html")
