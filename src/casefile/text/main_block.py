"""The article's block on a whole web page saved as plain text.

A report pasted or saved from a browser ("Save as text", select-all and copy) carries the whole
page: the site's menus above the article, its footer, related headlines, comments and share
buttons below. The line rules and the line model were made for an article's text with a few
lines of furniture around it; on a whole page they kept most of the menus and the footer
(precision 0.62 on the dev half of a public benchmark of news pages, issue 25; see
``bench/boilerplate_benchmark.py``).

Here the article is found the way body-text extraction has done it since Finn, Kushmerick and
Smyth (2001), on lines instead of tags: each line scores its words less a cost for being a
line of its own (higher for a line that does not end a sentence, as menu items, headlines of
other stories and buttons do not), and the article is the run of consecutive lines whose
score sums highest. On a whole page, the lines after that run are dropped, and the lines
above it but the headline (the last line of four words or more above the run).

Only a whole page is treated so (``is_whole_page``: long, with many lines); an article's own
text, however short its lines, is left to the rules and the model.
"""

from __future__ import annotations

import re

from casefile.text.boilerplate import is_list_entry

WHOLE_PAGE_CHARS = 1000
WHOLE_PAGE_LINES = 40
MENU_LINES = 8
_SENTENCE_CLOSE = re.compile(r"[.!?…:][»”\"')\]]*$")
_LINE_COST = 2
_NOT_SENTENCE_COST = 8
_HEADLINE_REACH = 6
_REASON = "outside the article (whole page)"


def is_whole_page(lines: list[str]) -> bool:
    """A whole page saved as text, rather than an article's text: many lines, longer than an
    excerpt, and a menu above its first paragraph (short lines before its first sentence of
    eight words) or short lines for half of them."""
    live = [line.strip() for line in lines if line.strip()]
    if len(live) < WHOLE_PAGE_LINES or sum(len(line) for line in live) < WHOLE_PAGE_CHARS:
        return False
    first = next((k for k, line in enumerate(live) if _is_paragraph(line)), len(live))
    short = [line for line in live if len(line.split()) <= 5 and not is_list_entry(line)]
    menu = sum(1 for line in live[:first] if len(line.split()) <= 5)
    return menu >= MENU_LINES or len(short) >= len(live) / 2


def _is_paragraph(line: str) -> bool:
    return len(line.split()) >= 8 and bool(_SENTENCE_CLOSE.search(line))


def _score(line: str) -> int:
    words = len(line.split())
    if is_list_entry(line):
        return 1  # an entry of a list (of the dead, of places) belongs with the text it follows
    cost = _LINE_COST if _SENTENCE_CLOSE.search(line.strip()) else _NOT_SENTENCE_COST
    return words - cost


def main_block(lines: list[str], removed: dict[int, str]) -> tuple[int, int] | None:
    """First and last line index of the highest-scoring run of the lines not yet removed."""
    live = [i for i, line in enumerate(lines) if line.strip() and i not in removed]
    best, best_span = 0, None
    total, start = 0, 0
    for k, i in enumerate(live):
        if total <= 0:
            total, start = 0, k
        total += _score(lines[i])
        if total > best:
            best, best_span = total, (live[start], i)
    return best_span


def outside_main_block(lines: list[str], removed: dict[int, str]) -> dict[int, str]:
    """On a whole page, the lines outside the article's block but its headline."""
    if not is_whole_page(lines):
        return {}
    span = main_block(lines, removed)
    if span is None:
        return {}
    first, last = span
    above = [i for i, line in enumerate(lines[:first]) if line.strip() and i not in removed]
    headline = next(
        (i for i in reversed(above[-_HEADLINE_REACH:]) if len(lines[i].split()) >= 4), None
    )
    out = {i: _REASON for i in above if i != headline}
    out.update(
        {i: _REASON for i in range(last + 1, len(lines)) if lines[i].strip() and i not in removed}
    )
    return out
