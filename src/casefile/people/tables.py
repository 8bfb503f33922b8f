"""Reading a list file (CSV in any common encoding, or one sheet of an XLSX) into rows."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from casefile.errors import CasefileError
from casefile.text.encoding import decode_text


@dataclass
class RawTable:
    header: list[str]
    rows: list[tuple[int, list[Any]]]  # (row number in the file, cells)
    encoding: str | None
    sheet: str | None


def read_table(path: Path, data: bytes, sheet: str | None = None) -> RawTable:
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path, data, sheet)
    if suffix in (".xls", ".ods"):
        raise CasefileError(
            f"{path.name}: {suffix} files are not read; save the list as .xlsx or .csv"
        )
    if sheet is not None:
        raise CasefileError(f"{path.name}: --sheet applies to .xlsx files only")
    return _read_csv(path, data)


def _cyrillic_score(text: str) -> float:
    sample = text[:20000]
    letters = [c for c in sample if c.isalpha()]
    if not letters:
        return 0.0
    common = set("оаеиінтсрвлкмдпуяьгзбчйхжшюцщєїыэъё")
    return sum(1 for c in letters if c.lower() in common) / len(letters)


def _decode(path: Path, data: bytes) -> tuple[str, str]:
    text, enc = decode_text(data, path.name)
    if enc.lower().replace("-", "").replace("_", "") not in ("utf8", "utf8sig", "ascii"):
        # Detectors confuse the Cyrillic code pages on short files; cp1251 is by far the most
        # common for Ukrainian and Russian spreadsheets, so prefer it when it reads as well.
        try:
            alt = data.decode("cp1251")
        except UnicodeDecodeError:
            return text, enc
        if _cyrillic_score(alt) >= _cyrillic_score(text):
            return alt, "cp1251"
    return text, enc


def _read_csv(path: Path, data: bytes) -> RawTable:
    text, enc = _decode(path, data)
    if not text.strip():
        raise CasefileError(f"{path.name}: the file is empty")
    first = text[:8192]
    try:
        dialect: Any = csv.Sniffer().sniff(first.split("\n", 1)[0], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        all_rows = list(reader)
    except csv.Error as exc:
        raise CasefileError(f"{path.name}: not a readable CSV file ({exc})") from None
    header = [h.strip().lstrip("\ufeff") for h in all_rows[0]]
    rows: list[tuple[int, list[Any]]] = []
    line = 1
    for cells in all_rows[1:]:
        line += 1
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
            raise CasefileError(
                f"{path.name}: row {line} has {len(cells)} cells but the header has {len(header)}"
                " columns (a separator inside an unquoted value?)"
            )
        rows.append((line, cells[: len(header)] + [""] * (len(header) - len(cells))))
    return RawTable(header, rows, enc, None)


def _read_xlsx(path: Path, data: bytes, sheet: str | None) -> RawTable:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except (InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise CasefileError(f"{path.name}: not a readable .xlsx file ({exc})") from None
    names = wb.sheetnames
    if sheet is None:
        used = [n for n in names if wb[n].max_row > 1 or wb[n].max_column > 1]
        if len(used) > 1:
            raise CasefileError(
                f"{path.name} has {len(used)} sheets with data ({', '.join(used)}): "
                "choose one with --sheet NAME"
            )
        ws = wb[used[0] if used else names[0]]
    else:
        if sheet not in names:
            raise CasefileError(f"{path.name} has no sheet {sheet!r}; sheets: {', '.join(names)}")
        ws = wb[sheet]
    merged = [str(r) for r in ws.merged_cells.ranges]
    if merged:
        shown = ", ".join(merged[:5]) + (" ..." if len(merged) > 5 else "")
        raise CasefileError(
            f"{path.name} sheet {ws.title!r} has merged cells ({shown}): a merged cell gives its "
            "value to one row only; unmerge them and fill the values in, then import again"
        )
    it = ws.iter_rows(values_only=True)
    try:
        head = next(it)
    except StopIteration:
        raise CasefileError(f"{path.name} sheet {ws.title!r} is empty") from None
    header = ["" if h is None else str(h).strip() for h in head]
    while header and header[-1] == "":
        header.pop()
    rows: list[tuple[int, list[Any]]] = []
    for n, cells in enumerate(it, start=2):
        vals = ["" if c is None else c for c in cells[: len(header)]]
        if not any(str(v).strip() for v in vals):
            continue
        rows.append((n, vals + [""] * (len(header) - len(vals))))
    return RawTable(header, rows, None, ws.title)
