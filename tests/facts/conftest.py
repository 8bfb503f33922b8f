from __future__ import annotations

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
