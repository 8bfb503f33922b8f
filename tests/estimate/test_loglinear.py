"""Log-linear models against Rcapture 1.4-4 (frozen in reference_results.csv)."""

from __future__ import annotations

import math
import re

import pytest
from mse_refdata import load, reference

from casefile.errors import CasefileError
from casefile.estimate import api, loglinear
from casefile.estimate.patterns import PatternTable


def _se(row: dict[str, str]) -> float:
    m = re.search(r"SE ([0-9.]+)", row["note"])
    assert m, row
    return float(m.group(1))


def test_hierarchical_model_counts() -> None:
    # Rcapture closedpMS.t fits 113 models for 4 lists and 6,893 for 5.
    assert len(loglinear.hierarchical_models(3)) == 8
    assert len(loglinear.hierarchical_models(4)) == 113
    assert len(loglinear.hierarchical_models(5)) == 6893
    # 6 lists: two-way terms only (all 7.8 million hierarchical models took over 12 GB)
    assert len(loglinear.hierarchical_models(6)) == 2**15


def test_six_lists_two_way_search_and_seven_refused() -> None:
    import numpy as np

    from casefile.estimate.patterns import from_histories

    rng = np.random.default_rng(6)
    caps = (rng.random((1500, 7)) < rng.uniform(0.2, 0.6, size=7)).astype(int)
    six = from_histories([f"L{i}" for i in range(6)], [r[:6] for r in caps if r[:6].any()])
    result = api.estimate(six, "loglinear")
    assert result.diagnostics["models_fitted"] == 2**15
    assert 1400 < result.estimate < 1600 and result.lower < 1500 < result.upper
    assert any("two-way interactions" in w for w in result.warnings)
    seven = from_histories([f"L{i}" for i in range(7)], [r for r in caps if r.any()])
    with pytest.raises(CasefileError, match="choose at most 6 lists with --lists"):
        api.estimate(seven, "loglinear")


def test_kosovo_bic_best_matches_rcapture(kosovo: PatternTable) -> None:
    row = reference("kosovo_1999", "Rcapture closedpMS.t", "BIC-best")
    result = api.estimate(kosovo, "loglinear")
    assert result.diagnostics["model"] == "[EXH*ABA*OSCE, EXH*HRW, OSCE*HRW]"
    # The reference prints N to 0.1 and SE to 0.1: that is the precision we can check.
    assert result.estimate == pytest.approx(float(row["point"]), abs=0.05)
    assert result.diagnostics["se"] == pytest.approx(_se(row), abs=0.05)
    assert result.lower == pytest.approx(float(row["lo95"]), abs=0.5)
    assert result.upper == pytest.approx(float(row["hi95"]), abs=0.5)
    assert result.diagnostics["models_fitted"] == 113


def test_kosovo_bic_is_likelihood_based(kosovo: PatternTable) -> None:
    # BIC = -2 log L + log(n) p, with the Poisson log-likelihood of the 15 observed cells.
    fit = loglinear.LoglinearModels(kosovo).hierarchical([(0, 1, 2), (0, 3), (2, 3)])
    assert fit.npar == 1 + 4 + 3 + 1 + 2
    assert fit.bic == pytest.approx(-2 * fit.loglik + 11 * math.log(4400), rel=1e-12)
    # Deviance against the saturated model; with 15 cells and 11 parameters, 4 df.
    assert fit.df == 4
    assert 0 < fit.deviance < 20
    assert fit.deviance >= 0


def test_kosovo_aic_best_matches_rcapture(kosovo: PatternTable) -> None:
    row = reference("kosovo_1999", "Rcapture closedpMS.t", "AIC-best")
    sel = loglinear.select(kosovo, "AIC")
    best = sel.ranked[0]
    lo, hi = loglinear.profile_interval(kosovo, best)
    assert best.n_hat == pytest.approx(float(row["point"]), abs=0.05)
    assert best.se == pytest.approx(_se(row), abs=0.05)
    assert (lo, hi) == (pytest.approx(10184, abs=0.5), pytest.approx(16703, abs=0.5))


@pytest.mark.parametrize(
    ("model", "het", "settings"),
    [("Mt", None, "Mt"), ("Mth", "Chao", "Mth Chao")],
)
def test_closedp_models_match_rcapture(
    kosovo: PatternTable, model: str, het: str | None, settings: str
) -> None:
    row = reference("kosovo_1999", "Rcapture closedp.t", settings)
    fit = loglinear.LoglinearModels(kosovo).closedp(model, het)
    assert fit.n_hat == pytest.approx(float(row["point"]), abs=0.05)
    assert fit.se == pytest.approx(_se(row), abs=0.05)


def test_m0_between_mt_and_heterogeneity_models(kosovo: PatternTable) -> None:
    fits = {f.name: f for f in loglinear.standard_models(kosovo)}
    assert set(fits) == {"M0", "Mt", "Mth Chao", "Mth Poisson", "Mth Darroch", "Mth Gamma"}
    # Heterogeneity terms can only raise the estimate above the independence models here.
    assert fits["Mth Chao"].n_hat > fits["Mt"].n_hat
    assert fits["Mth Darroch"].n_hat > fits["Mth Poisson"].n_hat > fits["Mth Chao"].n_hat


@pytest.mark.parametrize(
    "dataset",
    [
        "dga_example_madigan_york_3list",
        "dga_example_madigan_york_5list",
        "modern_slavery_Western",
        "modern_slavery_NewOrl_5",
    ],
)
def test_bic_best_other_datasets_match_rcapture(dataset: str) -> None:
    row = reference(dataset, "Rcapture closedpMS.t", "BIC-best")
    sel = loglinear.select(load(dataset), "BIC")
    assert sel.ranked[0].n_hat == pytest.approx(float(row["point"]), abs=0.05)
    assert sel.ranked[0].se == pytest.approx(_se(row), abs=0.05)


def test_j5_model_search_covers_every_hierarchical_model() -> None:
    # 6,893 models for J = 5 (its speed against R's 27 s is measured in bench/estimate.py).
    sel = loglinear.select(load("dga_example_madigan_york_5list"), "BIC")
    assert len(sel.ranked) + len(sel.refused) == 6893


def test_western_aic_best_is_refused_not_reported() -> None:
    # Rcapture's AIC-best model for Western reports N = 4.4e13: its MLE does not exist.
    table = load("modern_slavery_Western")
    fits = loglinear.select_models(table, "aic")
    naive = fits[0]
    assert not naive.usable
    assert "does not exist" in (naive.refused or "")
    usable = [f for f in fits if f.usable]
    assert all(f.n_hat < 1000 * table.observed for f in usable)
    result = api.estimate(table, "loglinear")
    assert result.estimate is not None and result.estimate < 10 * table.observed
    assert any("AIC-best" in w and "refused" in w for w in result.warnings)


def test_ned5_extended_mle_matches_rcapture() -> None:
    # Zero cells without effect on the unseen cell: the estimate exists and R reports it.
    row = reference("modern_slavery_Ned_5", "Rcapture closedpMS.t", "BIC-best")
    best = loglinear.select(load("modern_slavery_Ned_5"), "BIC").ranked[0]
    assert best.n_hat == pytest.approx(float(row["point"]), abs=0.05)


def test_loglinear_needs_three_lists() -> None:
    from casefile.estimate.patterns import from_rows

    two = from_rows(["A", "B"], [([1, 0], 5), ([0, 1], 6), ([1, 1], 3)])
    with pytest.raises(CasefileError, match="at least 3 lists"):
        api.estimate(two, "loglinear")


def test_j_way_term_is_refused(kosovo: PatternTable) -> None:
    with pytest.raises(CasefileError, match="4-way"):
        loglinear.LoglinearModels(kosovo).hierarchical([(0, 1, 2, 3)])
