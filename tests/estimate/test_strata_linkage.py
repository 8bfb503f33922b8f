"""Stratified totals from posterior draws, and linkage uncertainty widening the interval."""

from __future__ import annotations

import numpy as np
import pytest
from mse_refdata import load

from casefile.estimate import lcmcr
from casefile.estimate.linkage import combine_linkages
from casefile.estimate.patterns import PatternTable, from_rows
from casefile.estimate.strata import estimate_strata

FAST = lcmcr.Settings(k=5, burnin=1_000, samples=500, thinning=5, chains=1, seed=9)


def _independent(n: int, p: list[float]) -> PatternTable:
    j = len(p)
    rows = []
    for cell in range(1, 2**j):
        bits = [(cell >> (j - 1 - k)) & 1 for k in range(j)]
        prob = float(np.prod([p[k] if bits[k] else 1 - p[k] for k in range(j)]))
        rows.append((bits, float(round(n * prob))))
    return from_rows([f"L{k}" for k in range(j)], rows)


def test_strata_sum_draws() -> None:
    tables = {"a": _independent(1000, [0.3, 0.4, 0.5]), "b": _independent(3000, [0.2, 0.3, 0.4])}
    results, refused = estimate_strata(tables, "lcmcr", lcmcr_settings=FAST)
    assert refused == {}
    a, b, total = results
    assert total.stratum == "total"
    # Medians of a sum are not sums of medians, but for near-symmetric posteriors they are close.
    assert total.estimate == pytest.approx(a.estimate + b.estimate, rel=0.03)
    assert total.lower is not None and a.lower is not None and b.lower is not None
    assert total.lower > a.lower + b.lower  # independent strata: the sum is relatively tighter
    assert total.lower < 4000 < total.upper  # type: ignore[operator]


def test_alternative_linkages_widen_interval() -> None:
    kosovo = load("kosovo_1999")
    # A second linkage that merged 150 pairs the first kept apart (EXH-only + OSCE-only -> both).
    counts = kosovo.counts.copy()
    counts[0b1000] -= 150
    counts[0b0010] -= 150
    counts[0b1010] += 150
    other = PatternTable(list(kosovo.lists), counts)
    one = combine_linkages([kosovo], "loglinear")
    both = combine_linkages([kosovo, other], "loglinear")
    assert both.diagnostics["between_linkage_sd"] > 0
    assert (both.upper - both.lower) > (one.upper - one.lower)  # type: ignore[operator]
    pooled = combine_linkages([kosovo, other], "lcmcr", lcmcr_settings=FAST)
    assert pooled.diagnostics["linkages"] == 2
    assert len(pooled.diagnostics["per_linkage"]) == 2
