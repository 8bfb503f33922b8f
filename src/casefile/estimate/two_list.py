"""Two lists: Lincoln-Petersen and Chapman, with Chao's log-normal interval.

Two lists cannot test whether being on one list makes being on the other more or less likely;
every result says that it assumes they are independent.
"""

from __future__ import annotations

import math

from scipy.stats import norm

from casefile.errors import CasefileError
from casefile.estimate.patterns import PatternTable
from casefile.estimate.results import Estimate

INDEPENDENCE = (
    "assumes the two lists are independent (two lists cannot test this); positive dependence "
    "or heterogeneous capture make this an underestimate"
)


def chapman(table: PatternTable, level: float = 0.95) -> Estimate:
    if table.j != 2:
        raise CasefileError(
            f"two-list estimation needs exactly 2 lists, the table has {table.j} "
            f"({', '.join(table.lists)}): choose two with --lists"
        )
    n10, n01, n11 = (float(table.counts[c]) for c in (2, 1, 3))
    n1, n2, m = n10 + n11, n01 + n11, n11
    observed = table.observed
    chap = (n1 + 1) * (n2 + 1) / (m + 1) - 1
    var = (n1 + 1) * (n2 + 1) * (n1 - m) * (n2 - m) / ((m + 1) ** 2 * (m + 2))
    warnings = [INDEPENDENCE]
    lp = n1 * n2 / m if m > 0 else math.inf
    if m == 0:
        warnings.append("the lists do not overlap: no estimate is meaningful (Chapman is shown)")
    elif m < 7:
        warnings.append(f"only {int(m)} people are on both lists: the estimate is unstable")
    lower, upper = _chao_lognormal(chap, var, observed, level)
    return Estimate(
        method="chapman",
        observed=observed,
        estimate=chap,
        lower=lower,
        upper=upper,
        interval=level,
        diagnostics={
            "lists": table.lists,
            "n1": int(n1),
            "n2": int(n2),
            "both": int(m),
            "lincoln_petersen": lp if math.isfinite(lp) else None,
            "se": math.sqrt(var),
            "interval_kind": "Chao (1987) log-normal",
        },
        warnings=warnings,
    )


def _chao_lognormal(est: float, var: float, observed: int, level: float) -> tuple[float, float]:
    f0 = est - observed
    if f0 <= 0 or var <= 0:
        return float(observed), est
    z = float(norm.ppf(0.5 + level / 2))
    c = math.exp(z * math.sqrt(math.log(1 + var / f0**2)))
    return observed + f0 / c, observed + f0 * c
