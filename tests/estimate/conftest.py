from __future__ import annotations

import pytest
from mse_refdata import load

from casefile.estimate.patterns import PatternTable


@pytest.fixture
def kosovo() -> PatternTable:
    return load("kosovo_1999")
