"""Reading a list file (CSV in any common encoding, or one sheet of an XLSX) into rows."""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
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
    warnings: list[str] = field(default_factory=list)  # about the whole file (its encoding)


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


# A well-formed UTF-8 multi-byte sequence. Text that is mostly made of them is UTF-8 with a
# damaged spot, not a legacy code page: re-reading it as cp1251 would turn every Cyrillic
# letter into mojibake without a word (issue 26).
_UTF8_SEQ = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


def _mostly_utf8(data: bytes) -> bool:
    high = sum(1 for b in data if b >= 0x80)
    in_sequences = sum(len(m.group()) for m in _UTF8_SEQ.finditer(data))
    return high > 0 and in_sequences / high >= 0.5


def _position(data: bytes, offset: int) -> str:
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return f"line {line}, byte {column} of the line (byte {offset} of the file)"


def _decode(path: Path, data: bytes) -> tuple[str, str, str | None]:
    """The text, the encoding, and a warning when the encoding is a guess."""
    bom = data.startswith(codecs.BOM_UTF8)
    body = data[3:] if bom else data
    try:
        return body.decode("utf-8"), "utf-8-sig" if bom else "utf-8", None
    except UnicodeDecodeError as exc:
        if bom or _mostly_utf8(body):
            at = exc.start + (3 if bom else 0)
            bad = data[at : at + 4]
            raise CasefileError(
                f"{path.name}: not valid UTF-8 at {_position(data, at)}: {bad!r}. The rest of "
                "the file is UTF-8, so this is a damaged spot, not another encoding: correct "
                "that line (or save the file as UTF-8 again) and import it again"
            ) from None
    text, enc = decode_text(data, path.name)
    if any(data.startswith(b) for b in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or any(
        data.startswith(b) for b in (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)
    ):
        return text, enc, None  # the byte-order mark names the encoding: no guess
    # Detectors confuse the Cyrillic code pages on short files; cp1251 is by far the most
    # common for Ukrainian and Russian spreadsheets, so prefer it when it reads as well.
    try:
        alt = data.decode("cp1251")
    except UnicodeDecodeError:
        alt = None
    if alt is not None and _cyrillic_score(alt) >= _cyrillic_score(text):
        text, enc = alt, "cp1251"
    warning = (
        f"not UTF-8: read as {enc}, a guess from the bytes; check the names in the preview, "
        "or save the file as UTF-8 and import it again"
    )
    return text, enc, warning


def _delimiter(first_line: str) -> str:
    try:
        return csv.Sniffer().sniff(first_line, delimiters=",;\t|").delimiter
    except csv.Error:
        return ","


def _read_csv(path: Path, data: bytes) -> RawTable:
    text, enc, warning = _decode(path, data)
    if not text.strip():
        raise CasefileError(f"{path.name}: the file is empty")
    # Only the separator is sniffed. The rest is RFC 4180, strictly: a sniffed dialect has
    # doublequote=False whenever the header has no quotes, which left "" un-doubled.
    reader = csv.reader(
        io.StringIO(text, newline=""),
        delimiter=_delimiter(text[:8192].split("\n", 1)[0]),
        quotechar='"',
        doublequote=True,
        strict=True,
    )
    records: list[tuple[int, int, list[str]]] = []  # (first line, last line, cells)
    first = 1
    try:
        for cells in reader:
            records.append((first, reader.line_num, cells))
            first = reader.line_num + 1
    except csv.Error as exc:
        raise CasefileError(_csv_problem(path.name, str(exc), first, reader.line_num)) from None
    if not records:
        raise CasefileError(f"{path.name}: the file is empty")
    header = [h.strip().lstrip("\ufeff") for h in records[0][2]]
    rows: list[tuple[int, list[Any]]] = []
    for line, last, cells in records[1:]:
        if not any(c.strip() for c in cells):
            continue
        if last > line and len(cells) != len(header):
            raise CasefileError(
                f"{path.name}: the row starting on line {line} runs on to line {last} inside a "
                f"quoted value and has {len(cells)} cells for {len(header)} columns: an "
                'unbalanced quote? (a quote inside a value is written twice: "")'
            )
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
            raise CasefileError(
                f"{path.name}: row {line} has {len(cells)} cells but the header has {len(header)}"
                " columns (a separator inside an unquoted value?)"
            )
        rows.append((line, cells[: len(header)] + [""] * (len(header) - len(cells))))
    return RawTable(header, rows, enc, None, [warning] if warning else [])


def _short(exc: Exception) -> str:
    text = str(exc)
    return text if len(text) <= 200 else text[:200] + "..."


def _csv_problem(name: str, error: str, first: int, last: int) -> str:
    where = f"line {first}" if first >= last else f"the row starting on line {first}"
    if "unexpected end of data" in error or "EOF" in error:
        return (
            f"{name}: {where}: a quoted value opens and is never closed (an unbalanced "
            '" quote swallows the rest of the file); a quote inside a value is written twice: ""'
        )
    if "expected after" in error:
        return (
            f"{name}: line {last}: a closing quote is followed by more text in the same value; "
            'a quote inside a quoted value is written twice: ""'
        )
    return f"{name}: {where}: not a readable CSV file ({error})"


# Limits on what a workbook may inflate to, checked on the zip's own directory before openpyxl
# reads a byte of XML (openpyxl holds a whole workbook in memory, about 5 times its XML).
# A list of 20,000 victims inflates to 18 MB at a ratio of 14 (measured, see docs/people.md);
# an 820 kB zip bomb to 800 MB at a ratio near 1000.
MAX_INFLATED = 256 << 20
MAX_RATIO = 100  # for members over 1 MiB
MAX_MEMBERS = 10_000
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, or an encrypted workbook


def check_xlsx_archive(name: str, data: bytes) -> None:
    """Refuses what is not a plain workbook: not a zip, a zip bomb, an XML entity attack."""
    if data.startswith(_OLE):
        raise CasefileError(
            f"{name}: an old .xls or a password-protected workbook, not a plain .xlsx: open it "
            "in a spreadsheet program and save it as .xlsx without a password"
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise CasefileError(f"{name}: not an .xlsx file (not a zip archive: {exc})") from None
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise CasefileError(f"{name}: {len(members)} files inside the workbook: refused")
        total = sum(m.file_size for m in members)
        if total > MAX_INFLATED:
            raise CasefileError(
                f"{name}: the workbook inflates to {total >> 20} MiB, over the limit of "
                f"{MAX_INFLATED >> 20} MiB (a zip bomb?); save a list this large as CSV"
            )
        for m in members:
            if m.file_size > 1 << 20 and m.file_size > MAX_RATIO * max(m.compress_size, 1):
                raise CasefileError(
                    f"{name}: {m.filename} inflates {m.file_size // max(m.compress_size, 1)} "
                    f"times (from {m.compress_size} bytes to {m.file_size}): refused as a zip "
                    "bomb; no spreadsheet compresses that well"
                )
        for m in members:
            if not m.filename.endswith((".xml", ".rels", ".vml")):
                continue
            # The whole part, streamed (its size is capped above): comments may push a DTD far
            # from the start, and text in cells would be escaped (&lt;!), so a hit is markup.
            try:
                declared = _declares_dtd(archive, m)
            except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as exc:
                raise CasefileError(f"{name}: {m.filename} cannot be read ({exc})") from None
            if declared:
                raise CasefileError(
                    f"{name}: {m.filename} declares a DTD or XML entities, which spreadsheet "
                    "programs never write: refused (an XML entity attack?)"
                )


def _declares_dtd(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bool:
    tail = b""
    with archive.open(member) as f:
        while chunk := f.read(1 << 20):
            window = tail + chunk
            if b"<!DOCTYPE" in window or b"<!ENTITY" in window:
                return True
            tail = window[-8:]
    return False


def _read_xlsx(path: Path, data: bytes, sheet: str | None) -> RawTable:
    import openpyxl

    check_xlsx_archive(path.name, data)
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # openpyxl raises a dozen kinds on malformed parts; all mean this
        raise CasefileError(
            f"{path.name}: not a readable .xlsx file ({type(exc).__name__}: {_short(exc)})"
        ) from None
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
