"""Finding quoted passages in any script, without mistaking apostrophes for quote marks.

Double marks (" “ ” « » „, and the typewriter's ``…'') pair up plainly. Single marks (' ‘ ’)
double as apostrophes: an opening mark must start a word, a closing one must end a word and not
sit inside one (Russia's), and a plural possessive (the soldiers' bodies) only closes a quote when
no better closer follows.
A quote left open at the end of a paragraph runs to its end: that is how newspapers print a quote
that continues in the next paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_OPEN_CLOSE = {"“": "”", "«": "»", "„": "“", '"': '"', "‘": "’", "'": "'"}
_DOUBLE_OPEN = '“«„"'
_LETTER = re.compile(r"\w", re.UNICODE)


@dataclass(frozen=True)
class QuoteSpan:
    start: int  # of the text inside the marks
    end: int
    mark_start: int  # of the opening mark
    mark_end: int  # after the closing mark (== end when left open)
    closed: bool
    single: bool  # delimited by single marks (usually a partial or scare quote)


def _is_word(ch: str) -> bool:
    return bool(_LETTER.match(ch))


def _single_opener(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not _is_word(before) and before not in "'’‘" and (_is_word(after) or after in "…")


def _single_closer(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if _is_word(after):
        return False  # apostrophe inside a word: Russia's, don't, Kyiv’s
    return not before.isspace()


def _plural_possessive(text: str, i: int) -> bool:
    """soldiers' bodies: an s, the mark, a space and a lower-case word."""
    return (
        i > 0
        and text[i - 1] in "sS"
        and text[i + 1 : i + 2] == " "
        and text[i + 2 : i + 3].islower()
    )


def find_quotes(paragraph: str, offset: int = 0) -> list[QuoteSpan]:
    """Quotes in one paragraph; spans are shifted by `offset` into the whole text."""
    out: list[QuoteSpan] = []
    i = 0
    n = len(paragraph)
    while i < n:
        ch = paragraph[i]
        if paragraph.startswith("``", i):
            # ``…'': the typewriter's quote marks some wire copy still prints
            j = paragraph.find("''", i + 2)
            closed = j >= 0
            end = j if closed else n
            q = _span(paragraph, i + 1, end, closed, offset, single=False)
            mark_end = (j + 2 if closed else n) + offset
            out.append(QuoteSpan(q.start, q.end, i + offset, mark_end, closed, False))
            i = end + 2
            continue
        if ch in _DOUBLE_OPEN:
            close = _OPEN_CLOSE[ch]
            # „…“ and “…” share a closing mark; a straight " also closes curly ones typed badly.
            closers = {close, '"'} if ch != '"' else {'"', "”"}
            j = i + 1
            depth = 0
            while j < n:
                if paragraph[j] == "«" and ch == "«":
                    depth += 1
                elif paragraph[j] in closers:
                    if depth == 0:
                        break
                    depth -= 1
                j += 1
            closed = j < n
            out.append(_span(paragraph, i, j, closed, offset, single=False))
            i = j + 1
            continue
        if ch in "'‘" and _single_opener(paragraph, i):
            close_at = _find_single_close(paragraph, i + 1)
            if close_at is not None:
                j = close_at
                out.append(_span(paragraph, i, j, True, offset, single=True))
                i = j + 1
                continue
        i += 1
    return [q for q in out if q.end > q.start]


def _find_single_close(text: str, start: int) -> int | None:
    """The closing single mark for an opener, preferring one that is not a plural possessive."""
    possessive: int | None = None
    j = start
    limit = min(len(text), start + 600)
    while j < limit:
        if text[j] in "'’" and _single_closer(text, j):
            if _plural_possessive(text, j):
                possessive = possessive if possessive is not None else j
            else:
                return j
        if text[j] in "\n":
            break
        j += 1
    return possessive


def _span(
    text: str, open_i: int, close_i: int, closed: bool, offset: int, single: bool
) -> QuoteSpan:
    s = open_i + 1
    e = close_i if closed else len(text)
    # The comma before a closing mark belongs to the reporting frame ("...witnesses," she said).
    while e > s and text[e - 1] in " ,":
        e -= 1
    while s < e and text[s] == " ":
        s += 1
    mark_end = close_i + 1 if closed else len(text)
    return QuoteSpan(s + offset, e + offset, open_i + offset, mark_end + offset, closed, single)
