"""Regex helpers the fact finders share."""

from __future__ import annotations


def _alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a pattern."""
    out, depth, start = [], 0, 0
    for i, c in enumerate(pattern):
        if c == "(" and (i == 0 or pattern[i - 1] != "\\"):
            depth += 1
        elif c == ")" and pattern[i - 1] != "\\":
            depth -= 1
        elif c == "|" and depth == 0:
            out.append(pattern[start:i])
            start = i + 1
    return [*out, pattern[start:]]


def heads_lookahead(pattern: str) -> str:
    """A lookahead for the first two letters of each alternative (each opens with two letters):
    it fails at once at most of an article's word boundaries, where the alternatives would be
    tried one by one (case-insensitive ones are not skipped by their first letter). The same
    matches in about half the time; tests/facts/test_speed_paths_2.py holds them to the full
    patterns."""
    alts = _alternatives(pattern)
    assert all(a[:2].isalpha() for a in alts), pattern
    first = "".join(sorted({a[0] for a in alts}))
    second = "".join(sorted({a[1] for a in alts}))
    return f"(?=[{first}][{second}])"
