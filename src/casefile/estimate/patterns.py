"""Capture-pattern tables: one 0/1 column per list and a count, validated with clear errors.

Cells are kept in lexicographic order of the pattern with the first list as the most
significant bit; the all-zero cell (the people no list found) is never observed.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt

from casefile.errors import CasefileError

Counts = npt.NDArray[np.float64]


@dataclass
class PatternTable:
    lists: list[str]
    counts: Counts  # length 2^J; index 0 (no list) is always 0
    warnings: list[str] = field(default_factory=list)

    @property
    def j(self) -> int:
        return len(self.lists)

    @property
    def observed(self) -> int:
        return round(float(self.counts.sum()))

    def list_totals(self) -> list[int]:
        idx = np.arange(len(self.counts))
        return [int(self.counts[(idx >> (self.j - 1 - k)) & 1 == 1].sum()) for k in range(self.j)]

    def drop_lists(self, keep: Sequence[int]) -> PatternTable:
        """Marginalises onto the lists at positions ``keep``."""
        new = np.zeros(2 ** len(keep))
        for cell, n in enumerate(self.counts):
            if n == 0:
                continue
            bits = [(cell >> (self.j - 1 - k)) & 1 for k in keep]
            new[int("".join(map(str, bits)) or "0", 2)] += n
        new[0] = 0
        return PatternTable([self.lists[k] for k in keep], new, list(self.warnings))


def from_rows(lists: list[str], rows: Sequence[tuple[Sequence[int], float]]) -> PatternTable:
    """Builds a table from (pattern, count) rows; validates what a user could get wrong."""
    if len(lists) < 2:
        raise CasefileError(
            f"estimation needs at least two lists; the table has {len(lists)}: {lists}"
        )
    j = len(lists)
    counts = np.zeros(2**j)
    seen: dict[int, int] = {}
    for rowno, (pattern, count) in enumerate(rows, start=2):
        if len(pattern) != j or any(v not in (0, 1) for v in pattern):
            raise CasefileError(f"row {rowno}: list columns must be 0 or 1, got {list(pattern)}")
        if not math.isfinite(count) or count < 0 or count != int(count):
            raise CasefileError(f"row {rowno}: count must be a whole number >= 0, got {count}")
        cell = int("".join(str(v) for v in pattern), 2)
        if cell == 0:
            raise CasefileError(
                f"row {rowno}: the all-zero pattern (on no list) cannot be observed; remove it"
            )
        if cell in seen:
            raise CasefileError(f"row {rowno}: pattern {list(pattern)} repeats row {seen[cell]}")
        seen[cell] = rowno
        counts[cell] = count
    table = PatternTable(list(lists), counts)
    totals = table.list_totals()
    empty = [k for k, t in enumerate(totals) if t == 0]
    if empty:
        keep = [k for k in range(j) if k not in empty]
        names = ", ".join(lists[k] for k in empty)
        table = table.drop_lists(keep)
        table.warnings.append(f"dropped list(s) with no records: {names}")
        if table.j < 2:
            raise CasefileError("fewer than two lists have records: nothing to estimate")
    if table.observed == 0:
        raise CasefileError("the table has no records")
    return table


def read_patterns(path: Path) -> PatternTable:
    """Reads a CSV of 0/1 list columns and a 'count' column (the format of shared/mse)."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as f:
            reader = csv.reader(f)
            header = next(reader, None)
            if header is None:
                raise CasefileError(f"{path}: the file is empty")
            header = [h.strip() for h in header]
            if "count" not in header:
                raise CasefileError(f"{path}: no 'count' column (columns: {', '.join(header)})")
            ci = header.index("count")
            lists = [h for k, h in enumerate(header) if k != ci]
            bad = [h for h in lists if not h]
            if bad:
                raise CasefileError(f"{path}: a column has no name")
            rows: list[tuple[list[int], float]] = []
            for rowno, row in enumerate(reader, start=2):
                if not any(c.strip() for c in row):
                    continue
                if len(row) != len(header):
                    raise CasefileError(
                        f"{path}: row {rowno} has {len(row)} fields, the header {len(header)}"
                    )
                try:
                    pattern = [int(c) for k, c in enumerate(row) if k != ci]
                    count = float(row[ci])
                except ValueError:
                    cols = [header[k] for k, c in enumerate(row) if not _is_number(c.strip())]
                    raise CasefileError(
                        f"{path}: row {rowno}: not a number in column(s) {', '.join(cols)}"
                    ) from None
                rows.append((pattern, count))
    except OSError as exc:
        raise CasefileError(f"{path}: cannot read it ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise CasefileError(f"{path}: not a UTF-8 text file") from None
    try:
        return from_rows(lists, rows)
    except CasefileError as exc:
        raise CasefileError(f"{path}: {exc}") from None


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def from_histories(lists: list[str], histories: Sequence[Sequence[int]]) -> PatternTable:
    """Tabulates per-person capture histories (one 0/1 per list)."""
    tally: dict[tuple[int, ...], int] = {}
    for h in histories:
        key = tuple(int(v) for v in h)
        tally[key] = tally.get(key, 0) + 1
    rows = [(list(k), float(n)) for k, n in tally.items() if any(k)]
    return from_rows(lists, rows)
