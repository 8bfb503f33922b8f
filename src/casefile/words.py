"""Reasons in words: the check shared by every action that must say why in the ledger
(revealing a witness, changing a sealed incident)."""

from __future__ import annotations

import re
import unicodedata

from casefile.errors import CasefileError

_WORD = re.compile(r"[^\W\d_]{2,}")


def reason_in_words(reason: str | None, message: str) -> str:
    """The reason with invisible characters (zero-width spaces, direction marks, controls)
    removed and spaces collapsed, if it has at least two different words of two or more
    letters, in any script, that are not one letter repeated ("aaaa", "..." or "x" are
    refused); otherwise a CasefileError with ``message``."""
    text = " ".join(
        "".join(
            ch for ch in reason or "" if unicodedata.category(ch) not in ("Cf", "Cc", "Co")
        ).split()
    )
    words = {w.casefold() for w in _WORD.findall(text) if len(set(w.casefold())) > 1}
    if len(words) < 2:
        raise CasefileError(message)
    return text
