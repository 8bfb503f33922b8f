"""The trained model of page-furniture lines (casefile.text.line_model): what it removes and
what it may never take, on pages written for the test, and the fitting it is trained with."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest

from casefile.text import clean_text
from casefile.text.line_model import FEATURES, model

ARTICLE = (
    "Five people were killed when a rocket hit a market in the town, the regional governor "
    "said on Monday.\n\nRescuers were still searching the rubble late in the evening, he "
    "added.\n\nThe governor said the market would stay closed until Friday."
)


def _removed(text: str) -> dict[str, str]:
    return {r.text.strip(): r.reason for r in clean_text(text)[1]}


def test_the_stored_model_says_what_it_was_trained_on() -> None:
    m = model()
    assert m["features"] == list(FEATURES)
    assert len(m["weights"]) == len(FEATURES) and 0 < m["threshold"] < 1
    assert m["trained_on"]["reports"] > 0 and "blind" not in m["trained_on"]["splits"]


@pytest.mark.parametrize(
    "tail",
    [
        ["Новости партнёров от Кинорадар.ру", "Добавить отзыв"],
        ["Reporting by Jane Roe; Editing by John Doe and Mary Major", "Join the conversation"],
    ],
)
def test_a_pages_tail_in_new_wording(tail: list[str]) -> None:
    removed = _removed(ARTICLE + "\n\n" + "\n\n".join(tail) + "\n\nEnd")
    assert any(line in removed for line in tail)


@pytest.mark.parametrize(
    "page",
    [
        "Rocket Hits Market In Eastern Town\n\n" + ARTICLE,  # the headline
        "Rocket hits market\n\nBy Jane Roe\n\n" + ARTICLE,  # headline and byline
        ARTICLE + "\n\nSpasateli rabotayut.\n\nThe toll may rise, officials said.",
        ARTICLE + "\n\nПро це повідомляє DW\n\nThe market was hit twice.",  # a source line
        "Short note\nNo sentence here at all\nNor here",  # nothing to tell the parts by
    ],
)
def test_what_the_model_may_not_take(page: str) -> None:
    assert not any(r.startswith("furniture (model") for r in _removed(page).values())


def test_fitting_finds_the_feature_that_separates() -> None:
    spec = importlib.util.spec_from_file_location(
        "train_line_model", Path(__file__).parents[2] / "bench" / "train_line_model.py"
    )
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules["train_line_model"] = mod
    spec.loader.exec_module(mod)
    rng = np.random.default_rng(7)
    x = rng.normal(size=(400, len(FEATURES)))
    y = (x[:, 3] + 0.3 * rng.normal(size=400) > 0).astype(float)
    m = mod.fit(x, y)
    assert int(np.argmax(np.abs(m["weights"]))) == 3 and m["weights"][3] > 0
