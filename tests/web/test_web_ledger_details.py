"""The ledger's details read as words, and every field of an event is one click away."""

from __future__ import annotations

import html
import re

import httpx
from web_helpers import WebCase

from casefile.vault.catalog import annotate


def _row_of(page: str, seq: int) -> str:
    rows = re.findall(r"<tr>\s*<td data-label=\"#\">(\d+)</td>(.*?)</tr>", page, re.S)
    return next(body for n, body in rows if int(n) == seq)


def test_ledger_details_are_words_and_the_full_event_is_there(
    clients: dict[str, httpx.Client], web_case: WebCase
) -> None:
    note = "Фото з двору на вулиці Яблунській; " + "довгий опис " * 30
    seq = annotate(web_case.ws, web_case.image_sha, ["graphic", "bucha"], [], None, note)
    page = clients["analyst"].get("/ledger", params={"kind": "annotated"}).text
    row = _row_of(page, seq)
    summary = html.unescape(row.split('data-label="details">', 1)[1].split("<details", 1)[0])
    # lists as words, not Python reprs; long text cut with an ellipsis
    assert "add tags: bucha, graphic" in summary
    assert "['" not in summary and "add_tags=" not in summary
    assert "note: Фото з двору" in summary and summary.strip().endswith("…")
    # the whole event, letters as written (not \\u escapes), the note uncut
    full = html.unescape(row.split("<pre>", 1)[1].split("</pre>", 1)[0])
    assert '"add_tags": [' in full and "\\u" not in full
    assert note.strip() in full


def test_ledger_full_event_keeps_protected_fields_from_a_viewer(
    clients: dict[str, httpx.Client], web_case: WebCase
) -> None:
    # 'acquired' events carry where a file came from on someone's disk (original_path)
    viewer = clients["viewer"].get("/ledger", params={"kind": "acquired"}).text
    analyst = clients["analyst"].get("/ledger", params={"kind": "acquired"}).text
    assert "all fields" in viewer and "original_path" not in viewer
    assert "original_path" in analyst
