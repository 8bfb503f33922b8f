"""Multiple systems estimation: how many victims no list found, with honest uncertainty.

from casefile.estimate import read_patterns, estimate
result = estimate(read_patterns(path), "loglinear")   # -> Estimate
"""

from casefile.estimate.api import METHODS, estimate
from casefile.estimate.patterns import PatternTable, from_histories, from_rows, read_patterns
from casefile.estimate.results import Estimate

__all__ = [
    "METHODS",
    "Estimate",
    "PatternTable",
    "estimate",
    "from_histories",
    "from_rows",
    "read_patterns",
]
