"""The one result shape every method returns (and `casefile estimate --json` prints)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any


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
