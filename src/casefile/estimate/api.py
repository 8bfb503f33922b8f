"""One entry point: a pattern table and a method in, an Estimate out."""

from __future__ import annotations

from casefile.errors import CasefileError
from casefile.estimate import dga as dga_method
from casefile.estimate import lcmcr as lcmcr_method
from casefile.estimate.loglinear import profile_interval, select_models, standard_models
from casefile.estimate.patterns import PatternTable
from casefile.estimate.results import Estimate
from casefile.estimate.two_list import chapman

METHODS = ("chapman", "loglinear", "dga", "lcmcr")


def estimate(
    table: PatternTable,
    method: str,
    level: float = 0.95,
    lcmcr_settings: lcmcr_method.Settings | None = None,
) -> Estimate:
    if method != "chapman":
        _check_overlap(table)
    if method == "chapman":
        result = chapman(table, level)
    elif method == "loglinear":
        result = loglinear(table, level)
    elif method == "dga":
        result = dga_method.estimate(table, interval=level)
    elif method == "lcmcr":
        result = lcmcr_method.estimate(table, lcmcr_settings, interval=level)
    else:
        raise CasefileError(f"unknown method {method!r}: use one of {', '.join(METHODS)}")
    result.warnings = table.warnings + [w for w in result.warnings if w not in table.warnings]
    return result


def _check_overlap(table: PatternTable) -> None:
    """Without anyone on two lists the data say nothing about who is missing."""
    cells = range(len(table.counts))
    overlap = sum(table.counts[c] for c in cells if bin(c).count("1") >= 2)
    if overlap == 0:
        raise CasefileError(
            f"no person is on more than one of the lists ({', '.join(table.lists)}): "
            "without overlap between lists nothing can be estimated"
        )


def loglinear(table: PatternTable, level: float = 0.95) -> Estimate:
    if table.j < 3:
        raise CasefileError(
            "log-linear models need at least 3 lists (with 2, use --method chapman)"
        )
    ranked = select_models(table, "bic")
    usable = [m for m in ranked if m.usable]
    if not usable:
        raise CasefileError("no log-linear model has a maximum likelihood estimate for this table")
    best = usable[0]
    lower, upper = profile_interval(table, best, level)
    refused = [m for m in ranked if not m.usable]
    by_aic = sorted(ranked, key=lambda m: m.aic)
    warnings = []
    if table.j > 5:
        warnings.append(
            f"with {table.j} lists only models with two-way interactions were compared "
            "(as Rcapture's closedpMS.t with maxorder = 2)"
        )
    if refused:
        warnings.append(
            f"{len(refused)} of {len(ranked)} models were refused (for example {refused[0].name}:"
            f" {refused[0].refused})"
        )
    if by_aic and not by_aic[0].usable:
        warnings.append(
            f"the AIC-best model {by_aic[0].name} was refused: {by_aic[0].refused} "
            f"(an unguarded fit reports {by_aic[0].estimate:.3g})"
        )
    close = [m for m in usable[1:4] if m.bic - best.bic < 2]
    if close:
        spread = ", ".join(f"{m.name}: {m.estimate:,.0f}" for m in close)
        warnings.append(f"other models fit almost as well (BIC within 2): {spread}")
    aic_usable = [m for m in by_aic if m.usable]
    return Estimate(
        method="loglinear",
        observed=table.observed,
        estimate=best.estimate,
        lower=lower,
        upper=upper,
        interval=level,
        diagnostics={
            "lists": table.lists,
            "model": best.name,
            "se": best.se,
            "bic": best.bic,
            "aic": best.aic,
            "deviance": best.deviance,
            "df": best.df,
            "models_fitted": len(ranked),
            "models_refused": len(refused),
            "interval_kind": "profile likelihood",
            "aic_best": {"model": aic_usable[0].name, "estimate": aic_usable[0].estimate},
            "top_models": [
                {"model": m.name, "estimate": m.estimate, "se": m.se, "bic": m.bic}
                for m in usable[:5]
            ],
            "standard_models": [
                {"model": m.name, "estimate": m.estimate, "se": m.se, "refused": m.refused}
                for m in standard_models(table)
            ],
        },
        warnings=warnings,
    )
