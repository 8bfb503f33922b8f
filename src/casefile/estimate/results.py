"""The one result shape every method returns (and `casefile estimate --json` prints)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

# How finely a posterior of N is kept with a stored run: its quantiles at 0, 0.5%, ..., 100%.
POSTERIOR_POINTS = 201


@dataclass
class Estimate:
    method: str
    observed: int
    estimate: float | None
    lower: float | None
    upper: float | None
    interval: float = 0.95
    diagnostics: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    stratum: str | None = None

    def as_json(self) -> dict[str, Any]:
        def clean(v: Any) -> Any:
            if isinstance(v, float) and not math.isfinite(v):
                return None
            return v

        out = {
            "method": self.method,
            "observed": self.observed,
            "estimate": clean(self.estimate),
            "lower": clean(self.lower),
            "upper": clean(self.upper),
            "interval": self.interval,
            "diagnostics": self.diagnostics,
            "warnings": self.warnings,
        }
        if self.stratum is not None:
            out["stratum"] = self.stratum
        return out


def posterior_summary(
    values: npt.ArrayLike, weights: npt.ArrayLike | None = None, kind: str = "draws"
) -> dict[str, Any]:
    """A posterior of N kept compactly with a run (``diagnostics["posterior"]``): its
    quantiles at ``POSTERIOR_POINTS`` equally spaced probabilities from 0 to 1, from draws
    (lcmcr) or from probabilities over a grid of N (dga), enough to draw its histogram."""
    v = np.asarray(values, dtype=float)
    probs = np.linspace(0.0, 1.0, POSTERIOR_POINTS)
    if weights is None:
        qs = np.quantile(v, probs)
        size = len(v)
    else:
        w = np.asarray(weights, dtype=float)
        cdf = np.cumsum(w) / w.sum()
        idx = np.minimum(np.searchsorted(cdf, probs), len(v) - 1)
        idx[0] = int(np.argmax(w > 0))  # the smallest N with any weight
        qs = v[idx]
        size = len(v)
    return {
        "kind": kind,
        "size": int(size),
        "probabilities": f"0 to 1 in {POSTERIOR_POINTS - 1} equal steps",
        "quantiles": [round(float(q), 2) for q in qs],
    }
