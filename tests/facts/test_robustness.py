"""Odd text never crashes extraction, and every span points inside the text.

CASEFILE_FUZZ=600 runs more examples (the suite keeps 40 for time)."""

from __future__ import annotations

import os
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casefile.errors import CasefileError
from casefile.facts import extract_facts

_PIECES = st.sampled_from(
    [
        '"',
        "“",
        "”",
        "'",
        "‘",
        "’",
        "«",
        "»",
        "„",
        " ",
        "\n",
        ",",
        ".",
        " said ",
        " killed ",
        "at least ",
        "hundreds of ",
        "12",
        "1,200",
        " people",
        "Bucha",
        "Бучі",
        "Kyiv's ",
        "soldiers' ",
        " — заявив ",
        "загинули ",
        " Zelenskyy",
        "Russia denied ",
        "yesterday",
        "February 24",
        "between 3 and ",
        "dozens",
        "\u00a0",
        "🙂",
        "x",
    ]
)


def _spans(facts: dict[str, Any], n: int) -> None:
    for key in ("figures", "quotes", "claims", "dates", "evidence"):
        for item in facts[key]:
            s, e = item["span"]
            assert 0 <= s <= e <= n
    for key in ("people", "organisations", "places"):
        for item in facts[key]:
            for s, e in item["spans"]:
                assert 0 <= s <= e <= n


@settings(
    max_examples=int(os.environ.get("CASEFILE_FUZZ", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.lists(_PIECES, min_size=1, max_size=40).map("".join), st.sampled_from(["en", "uk", "ru"]))
def test_any_text(text: str, language: str) -> None:
    if not text.strip():
        with pytest.raises(CasefileError):
            extract_facts(text, language=language)
        return
    facts = extract_facts(text, language=language).to_json()
    _spans(facts, len(text))
    for q in facts["quotes"]:
        assert text[q["span"][0] : q["span"][1]] == q["text"]


def test_unbalanced_quotes_do_not_swallow_the_text() -> None:
    text = (
        '"We will rebuild," the mayor said.\nOfficials said 5 people were killed '
        'in Irpin.\nHe called it "barbaric.\nRussia denied the accusations.'
    )
    facts = extract_facts(text, language="en").to_json()
    assert [f["count"] for f in facts["figures"]] == [5]
    assert any(c["stance"] == "denies" for c in facts["claims"])
    # The unclosed quote ends with its paragraph.
    assert all("\n" not in q["text"] for q in facts["quotes"])
