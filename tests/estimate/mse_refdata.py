"""Paths and frozen R reference rows for the MSE tests."""

from __future__ import annotations

import csv
from pathlib import Path

from casefile.estimate.patterns import PatternTable, read_patterns

DATA = Path(__file__).resolve().parents[1] / "data" / "mse"


def load(name: str) -> PatternTable:
    return read_patterns(DATA / f"{name}.csv")


def reference(dataset: str, method: str, settings_start: str = "") -> dict[str, str]:
    """One row of the frozen R results (reference_results.csv, see PROVENANCE.md)."""
    # Some settings fields hold unquoted commas ("[123,14,34]"): the last six fields are
    # fixed, so whatever lies between the method and them is the settings text.
    with (DATA / "reference_results.csv").open(newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        for fields in reader:
            tail = fields[-6:]
            row = dict(zip(header[:2], fields[:2], strict=True))
            row["settings"] = ",".join(fields[2:-6])
            row.update(zip(header[3:], tail, strict=True))
            if (
                row["dataset"] == dataset
                and row["method"] == method
                and row["settings"].startswith(settings_start)
            ):
                return row
    raise KeyError((dataset, method, settings_start))
