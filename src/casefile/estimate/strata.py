"""Estimating per stratum (place, period, sex, ...) and adding the strata up."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import numpy as np
from scipy.stats import norm

from casefile.errors import CasefileError
from casefile.estimate.patterns import PatternTable, from_rows
from casefile.estimate.results import Estimate, posterior_summary

MIN_LISTS = 3


def read_stratified(path: Path, strata: list[str]) -> dict[str, PatternTable]:
    """Rows of 0/1 list columns, stratum columns, and optionally 'count' (else 1 per row)."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as f:
            reader = csv.DictReader(f)
            header = [h.strip() for h in reader.fieldnames or []]
            missing = [s for s in strata if s not in header]
            if missing:
                raise CasefileError(
                    f"{path}: no stratum column {', '.join(missing)} (columns: {', '.join(header)})"
                )
            lists = [h for h in header if h not in strata and h != "count"]
            groups: dict[str, dict[tuple[int, ...], float]] = {}
            for rowno, row in enumerate(reader, start=2):
                key = " / ".join(f"{s}={row[s].strip()}" for s in strata)
                try:
                    pattern = tuple(int(row[name]) for name in lists)
                    count = float(row["count"]) if "count" in row else 1.0
                except (TypeError, ValueError):
                    raise CasefileError(f"{path}: row {rowno}: list columns must be 0/1") from None
                if not any(pattern):
                    continue  # a person on no list is not an observation
                cell = groups.setdefault(key, {})
                cell[pattern] = cell.get(pattern, 0.0) + count
    except OSError as exc:
        raise CasefileError(f"{path}: cannot read it ({exc.strerror})") from None
    return {
        key: from_rows(lists, [(list(p), n) for p, n in sorted(cells.items())])
        for key, cells in sorted(groups.items())
    }


def check_stratum(table: PatternTable, method: str) -> str | None:
    """Why a stratum cannot be estimated, or None."""
    with_records = sum(1 for t in table.list_totals() if t > 0)
    needed = 2 if method == "chapman" else MIN_LISTS
    if with_records < needed:
        return f"only {with_records} list(s) have records here; {method} needs {needed}"
    return None


def total(parts: list[Estimate], level: float = 0.95) -> Estimate:
    """The sum over strata, with a normal-approximation interval from the strata's SEs."""
    est = sum(p.estimate or 0.0 for p in parts)
    var = sum(float(p.diagnostics.get("se", 0.0)) ** 2 for p in parts)
    z = float(norm.ppf(0.5 + level / 2))
    observed = sum(p.observed for p in parts)
    return Estimate(
        method=parts[0].method if parts else "none",
        observed=observed,
        estimate=est,
        lower=max(observed, est - z * math.sqrt(var)),
        upper=est + z * math.sqrt(var),
        interval=level,
        diagnostics={"strata": len(parts), "interval_kind": "normal approximation over strata"},
        stratum="total",
    )


def total_from_draws(
    parts: list[Estimate], draws: list[np.ndarray], level: float = 0.95
) -> Estimate:
    """Sum over strata for Bayesian methods: add the posterior draws, draw by draw.

    Strata are estimated independently, so summing the i-th draw of every stratum gives a draw
    from the posterior of the total; the interval then reflects each stratum's skew.
    """
    n = min(len(d) for d in draws)
    # Shuffle before summing: chains are concatenated, and pairing chain 1 with chain 1
    # everywhere would add their (small) between-chain differences coherently.
    rng = np.random.default_rng(0)
    summed = sum(rng.permutation(d)[:n] for d in draws)
    a = (1 - level) / 2
    lo, med, hi = (float(q) for q in np.quantile(np.asarray(summed), [a, 0.5, 1 - a]))
    return Estimate(
        method=parts[0].method,
        observed=sum(p.observed for p in parts),
        estimate=med,
        lower=lo,
        upper=hi,
        interval=level,
        diagnostics={
            "strata": len(parts),
            "interval_kind": "sum of posterior draws over strata",
            "posterior": posterior_summary(np.asarray(summed)),
        },
        stratum="total",
    )


def estimate_strata(
    tables: dict[str, PatternTable],
    method: str,
    level: float = 0.95,
    lcmcr_settings: object | None = None,
) -> tuple[list[Estimate], dict[str, str]]:
    """Estimates every stratum that has enough lists, then the total (last in the list).

    Returns the results and, per refused stratum, the reason.
    """
    from casefile.estimate import lcmcr
    from casefile.estimate.api import estimate

    results: list[Estimate] = []
    draws: list[np.ndarray] = []
    refused: dict[str, str] = {}
    for key, table in tables.items():
        reason = check_stratum(table, method)
        if reason:
            refused[key] = reason
            continue
        if method == "lcmcr":
            st = lcmcr_settings if isinstance(lcmcr_settings, lcmcr.Settings) else None
            r, d = lcmcr.estimate_with_draws(table, st, level)
            draws.append(d)
        else:
            r = estimate(table, method, level)
        r.stratum = key
        results.append(r)
    if results:
        results.append(total_from_draws(results, draws, level) if draws else total(results, level))
    return results, refused
