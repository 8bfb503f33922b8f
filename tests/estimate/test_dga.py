"""dga (BMA over decomposable graphs) against R's dga 2.0.2 output (reference_results.csv)."""

from __future__ import annotations

import re

import numpy as np
import pytest
from mse_refdata import load, reference

from casefile.errors import CasefileError
from casefile.estimate import dga


def test_graph_counts() -> None:
    # Labelled decomposable graphs: 8, 61 and 822 on 3, 4 and 5 vertices.
    assert [len(dga.decomposable_graphs(j)) for j in (3, 4, 5)] == [8, 61, 822]


def _settings(row: dict[str, str]) -> tuple[float, np.ndarray]:
    s = row["settings"]
    d = re.search(r"delta=([0-9/^\-.]+)", s)
    assert d, s
    text = d.group(1)
    if "^" in text:
        base, exp = text.split("^")
        delta = float(base) ** float(exp)
    elif "/" in text:
        a, b = text.split("/")
        delta = float(a) / float(b)
    else:
        delta = float(text)
    g = re.search(r"Nmissing 0\.\.(\d+)(?: step (\d+))?", s)
    assert g, s
    step = int(g.group(2) or 1)
    return delta, np.arange(0, int(g.group(1)) + 1, step, dtype=float)


@pytest.mark.parametrize(
    "dataset",
    [
        "dga_example_madigan_york_3list",
        "dga_example_madigan_york_5list",
        "kosovo_1999",
        "modern_slavery_Western",
        "modern_slavery_NewOrl_5",
        "modern_slavery_UKdat_5",
        "modern_slavery_Ned_5",
    ],
)
def test_matches_r_dga(dataset: str) -> None:
    row = reference(dataset, "dga bma.cr")
    delta, grid = _settings(row)
    result = dga.estimate(load(dataset), delta, grid)
    # The reference quantiles are grid points, so they must agree exactly.
    assert result.estimate == float(row["point"])
    assert result.lower == float(row["lo95"])
    assert result.upper == float(row["hi95"])
    mean = re.search(r"post\. mean ([0-9.]+)", row["note"])
    if mean:
        # Half a unit in the last digit R printed.
        text = mean.group(1).rstrip(".")
        decimals = len(text.split(".")[1]) if "." in text else 0
        assert result.diagnostics["posterior_mean"] == pytest.approx(
            float(text), abs=0.5 * 10**-decimals
        )
    top = re.search(r"top graph prob ([0-9.]+)", row["note"])
    if top:
        assert result.diagnostics["top_graphs"][0]["prob"] == pytest.approx(
            float(top.group(1)), abs=5e-4
        )


def test_posterior_is_normalised_in_log_space() -> None:
    post = dga.posterior(load("kosovo_1999"), 2**-4, np.arange(0, 200_001, dtype=float))
    assert post.n_probs.sum() == pytest.approx(1.0, abs=1e-9)
    assert post.graph_probs.sum() == pytest.approx(1.0, abs=1e-9)
    assert np.all(np.isfinite(post.log_weights))


def test_truncated_grid_is_flagged() -> None:
    # Ned_5 with N missing capped at 5n: R's dga silently gave 46,443 [40,058; 49,243].
    table = load("modern_slavery_Ned_5")
    result = dga.estimate(table, 2**-5, np.arange(0, 5 * table.observed + 1, 24, dtype=float))
    assert any("truncates" in w for w in result.warnings)
    assert result.diagnostics["top_grid_mass"] > 1e-3


def test_refuses_more_than_five_lists() -> None:
    with pytest.raises(CasefileError, match="3 to 5 lists"):
        dga.estimate(load("modern_slavery_UKdat"))
