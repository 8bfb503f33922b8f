"""Several alternative linkages of the same records, combined so that doubt about who is
who widens the interval instead of being hidden.

Each linkage (one draw from the registry's match probabilities, or one analyst's choice)
gives its own pattern table. For Bayesian methods the posterior draws of all linkages are
pooled with equal weight, i.e. the posterior averaged over linkages (as HRDAG pools its
replicates R1, R2, ...). For likelihood methods the estimates are combined with Rubin's
rules: total variance = mean within-linkage variance + (1 + 1/m) between-linkage variance.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.stats import norm

from casefile.errors import CasefileError
from casefile.estimate import lcmcr
from casefile.estimate.api import estimate
from casefile.estimate.patterns import PatternTable
from casefile.estimate.results import Estimate


def combine_linkages(
    tables: list[PatternTable],
    method: str = "lcmcr",
    level: float = 0.95,
    lcmcr_settings: lcmcr.Settings | None = None,
) -> Estimate:
    if not tables:
        raise CasefileError("no linkage given to combine")
    if method == "lcmcr":
        draws = []
        parts = []
        for t in tables:
            r, d = lcmcr.estimate_with_draws(t, lcmcr_settings, level)
            parts.append(r)
            draws.append(d)
        pooled = np.concatenate(draws)
        a = (1 - level) / 2
        lo, med, hi = (float(q) for q in np.quantile(pooled, [a, 0.5, 1 - a]))
        return Estimate(
            method="lcmcr",
            observed=round(np.mean([t.observed for t in tables])),
            estimate=med,
            lower=lo,
            upper=hi,
            interval=level,
            diagnostics={
                "linkages": len(tables),
                "per_linkage": [
                    {"estimate": p.estimate, "lower": p.lower, "upper": p.upper} for p in parts
                ],
                "combination": "posterior draws pooled over linkages",
            },
            warnings=sorted({w for p in parts for w in p.warnings}),
        )
    parts = [estimate(t, method, level) for t in tables]
    ests = np.array([float(p.estimate or 0.0) for p in parts])
    z = float(norm.ppf(0.5 + level / 2))
    within = []
    for p in parts:
        if "se" in p.diagnostics:
            within.append(float(p.diagnostics["se"]) ** 2)
        elif p.lower is not None and p.upper is not None and math.isfinite(p.upper):
            within.append(((p.upper - p.lower) / (2 * z)) ** 2)
        else:
            within.append(math.inf)
    m = len(parts)
    between = float(ests.var(ddof=1)) if m > 1 else 0.0
    total_var = float(np.mean(within)) + (1 + 1 / m) * between
    mean = float(ests.mean())
    se = math.sqrt(total_var)
    observed = round(np.mean([t.observed for t in tables]))
    return Estimate(
        method=method,
        observed=observed,
        estimate=mean,
        lower=max(float(observed), mean - z * se),
        upper=mean + z * se,
        interval=level,
        diagnostics={
            "linkages": m,
            "se": se,
            "between_linkage_sd": math.sqrt(between),
            "per_linkage": [
                {"estimate": p.estimate, "lower": p.lower, "upper": p.upper} for p in parts
            ],
            "combination": "Rubin's rules over linkages (normal interval)",
        },
        warnings=sorted({w for p in parts for w in p.warnings}),
    )
