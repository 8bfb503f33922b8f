"""A text's paragraphs as character spans: the unit within which, and across which, the
extractors look for a figure's source."""

from __future__ import annotations


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line: the cleaned text keeps one paragraph per line."""
    out: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out
