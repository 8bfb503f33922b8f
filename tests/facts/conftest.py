from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from casefile.facts import extract_facts
from casefile.text import clean_document

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(scope="session")
def seed() -> tuple[str, dict[str, Any]]:
    path = DATA / "seed" / "bucha-report.txt"
    cleaned = clean_document(path.read_bytes(), None, path.name)
    return cleaned.text, extract_facts(cleaned.text, language="en").to_json()


FactsJson = Callable[[str, str], dict[str, Any]]
Figures = Callable[[str, str], list[tuple[str, int | None, str | None]]]


def _facts_json(text: str, lang: str) -> dict[str, Any]:
    return dict(extract_facts(text, language=lang).to_json())


@pytest.fixture(scope="session")
def facts_json() -> FactsJson:
    """The facts of `text` in language `lang`, as JSON."""
    return _facts_json


@pytest.fixture(scope="session")
def figures_of() -> Figures:
    """(category, count, source) of each figure of `text` in language `lang`."""

    def figures(text: str, lang: str) -> list[tuple[str, int | None, str | None]]:
        return [
            (f["category"], f["count"], f["source"]) for f in _facts_json(text, lang)["figures"]
        ]

    return figures
