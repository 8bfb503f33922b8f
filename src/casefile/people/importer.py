"""Importing a victim list: the file into the vault, then every row, all or nothing.

Order of work: read and decode the file, map its columns to the canonical fields, validate
every row (collecting every problem, not stopping at the first), and only when nothing is
wrong preserve the file in the vault and write the list and its records with one ledger event
in one transaction.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select

from casefile.errors import CasefileError
from casefile.people.integrity import records_digest
from casefile.people.name_search import index_list
from casefile.people.normalise import (
    name_parts,
    parse_age,
    parse_partial_date,
    parse_sex,
    parse_status,
    record_keys,
)
from casefile.people.schema import victim_lists, victim_records
from casefile.people.tables import RawTable, read_table
from casefile.vault.custody_ledger import utc_now
from casefile.vault.workspace import Workspace

FIELDS = (
    "record_id",
    "full_name",
    "given_name",
    "patronymic",
    "family_name",
    "sex",
    "birth_date",
    "age",
    "event_date",
    "place",
    "status",
    "notes",
)

# Header spellings recognised without --map (lower-cased, spaces collapsed).
ALIASES: dict[str, str] = {
    **{f: f for f in FIELDS},
    "id": "record_id", "no": "record_id", "№": "record_id", "n": "record_id", "номер": "record_id",
    "record": "record_id", "record id": "record_id", "case id": "record_id",
    "name": "full_name", "full name": "full_name", "піб": "full_name", "п.і.б.": "full_name",
    "фио": "full_name", "ф.и.о.": "full_name", "прізвище ім'я по батькові": "full_name",
    "first name": "given_name", "given name": "given_name", "forename": "given_name",
    "ім'я": "given_name", "імя": "given_name", "имя": "given_name",
    "middle name": "patronymic", "patronym": "patronymic", "по батькові": "patronymic",
    "отчество": "patronymic",
    "last name": "family_name", "surname": "family_name", "family name": "family_name",
    "прізвище": "family_name", "фамилия": "family_name",
    "gender": "sex", "стать": "sex", "пол": "sex",
    "dob": "birth_date", "date of birth": "birth_date", "born": "birth_date",
    "birth": "birth_date", "birth year": "birth_date", "year of birth": "birth_date",
    "дата народження": "birth_date", "рік народження": "birth_date",
    "дата рождения": "birth_date", "год рождения": "birth_date",
    "вік": "age", "возраст": "age",
    "date": "event_date", "date of death": "event_date", "дата": "event_date",
    "дата смерті": "event_date", "дата загибелі": "event_date", "дата смерти": "event_date",
    "location": "place", "місце": "place", "населений пункт": "place", "место": "place",
    "settlement": "place", "населенный пункт": "place",
    "статус": "status", "state": "status", "fate": "status",
    "note": "notes", "comment": "notes", "comments": "notes", "примітки": "notes",
    "примітка": "notes", "примечание": "notes", "примечания": "notes",
}  # fmt: skip

MAX_REPORTED = 200
# Fields that never hold a line break (notes and extra columns may).
_ONE_LINE = tuple(f for f in FIELDS if f != "notes")


@dataclass(frozen=True)
class Problem:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}, column {self.column!r}: {self.message}"


class ListRejected(CasefileError):
    """A list with problems: nothing was written; `problems` names every row and column."""

    def __init__(self, file_name: str, problems: list[Problem], total_rows: int) -> None:
        self.problems = problems
        rows = len({p.row for p in problems})
        first = "; ".join(str(p) for p in problems[:3])
        super().__init__(
            f"{file_name}: {len(problems)} problems in {rows} of {total_rows} rows, nothing "
            f"imported. First: {first}"
        )


@dataclass
class ParsedList:
    file_name: str
    header: list[str]
    mapping: dict[str, str]  # column -> canonical field (or "extra")
    records: list[dict[str, Any]]
    problems: list[Problem]
    warnings: list[Problem]
    encoding: str | None
    sheet: str | None
    sha256: str
    preview: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class ImportResult:
    parsed: ParsedList
    list_id: int | None
    source: str
    item_sha256: str | None
    event_seq: int | None
    dry_run: bool


def _norm_header(h: str) -> str:
    return re.sub(r"\s+", " ", h.strip().lower().replace("’", "'").replace("ʼ", "'"))


def build_mapping(
    header: Sequence[str], overrides: dict[str, str], file_name: str
) -> dict[str, str]:
    """Column -> canonical field; columns that are not fields map to "extra"."""
    for col, fld in overrides.items():
        if col not in header:
            raise CasefileError(
                f"--map {col}={fld}: {file_name} has no column {col!r}; columns: "
                + ", ".join(repr(h) for h in header)
            )
        if fld not in FIELDS and fld != "extra":
            raise CasefileError(f"--map {col}={fld}: {fld!r} is not a field ({', '.join(FIELDS)})")
    mapping: dict[str, str] = {}
    taken: dict[str, str] = {}
    for col in header:
        if col == "":
            continue
        fld = overrides.get(col) or ALIASES.get(_norm_header(col), "extra")
        if fld != "extra" and fld in taken:
            if col in overrides and taken[fld] not in overrides:
                mapping[taken[fld]] = "extra"
            elif col not in overrides:
                fld = "extra"
            else:
                raise CasefileError(
                    f"{file_name}: columns {taken[fld]!r} and {col!r} both map to {fld}"
                )
        mapping[col] = fld
        if fld != "extra":
            taken[fld] = col
    if len(set(header)) != len(header):
        dupes = sorted({h for h in header if header.count(h) > 1 and h})
        if dupes:
            raise CasefileError(f"{file_name}: the header repeats the column(s) {dupes}")
    fields = set(mapping.values())
    missing = []
    if "record_id" not in fields:
        missing.append("record_id")
    if not fields & {"full_name", "given_name", "family_name"}:
        missing.append("full_name (or given_name/family_name)")
    if missing:
        raise CasefileError(
            f"{file_name}: missing required column {' and '.join(missing)}; columns found: "
            + ", ".join(repr(h) for h in header)
            + " (name the right one with --map COLUMN=FIELD)"
        )
    return mapping


def _cell(v: Any) -> Any:
    if isinstance(v, str):
        return v.strip()
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, int):
        return str(v)
    return v


def parse_list(
    path: Path,
    data: bytes,
    overrides: dict[str, str] | None = None,
    sheet: str | None = None,
    event_year: int | None = None,
) -> ParsedList:
    raw: RawTable = read_table(path, data, sheet)
    mapping = build_mapping(raw.header, overrides or {}, path.name)
    sha = hashlib.sha256(data).hexdigest()
    problems: list[Problem] = []
    # Row 0: about the file as a whole (a guessed encoding), shown before the rows' own.
    warnings: list[Problem] = [Problem(0, "", w) for w in raw.warnings]
    records: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    cols = [(i, h, mapping.get(h, "extra")) for i, h in enumerate(raw.header) if h]
    col_of = {fld: h for _, h, fld in cols if fld != "extra"}
    for rownum, cells in raw.rows:
        vals: dict[str, Any] = {}
        extra: dict[str, Any] = {}
        for i, h, fld in cols:
            v = _cell(cells[i])
            if fld == "extra":
                if v not in ("", None):
                    extra[h] = v if isinstance(v, (str, int, float)) else str(v)
            else:
                vals[fld] = v

        def bad(fld: str, msg: str, rownum: int = rownum) -> None:
            problems.append(Problem(rownum, col_of.get(fld, fld), msg))

        for fld in _ONE_LINE:
            if isinstance(vals.get(fld), str) and ("\n" in vals[fld] or "\r" in vals[fld]):
                # Where a quote was left open, the next rows end up inside one value.
                bad(fld, "a line break inside the value: an unbalanced quote in the file?")

        rid = str(vals.get("record_id") or "").strip()
        if not rid:
            bad("record_id", "empty record_id")
        elif rid in seen:
            bad("record_id", f"duplicate record_id {rid!r} (also row {seen[rid]})")
        else:
            seen[rid] = rownum
        text = {k: (str(v).strip() if v not in (None, "") else None) for k, v in vals.items()}
        parts = name_parts(
            text.get("full_name"),
            text.get("given_name"),
            text.get("patronymic"),
            text.get("family_name"),
        )
        if not (parts.given or parts.family):
            bad("full_name" if "full_name" in col_of else "family_name", "empty name")
        sex = birth = event = age = status = None
        try:
            sex = parse_sex(text.get("sex") or "") if text.get("sex") else None
        except ValueError as exc:
            bad("sex", str(exc))
        try:
            birth = parse_partial_date(vals["birth_date"]) if text.get("birth_date") else None
        except ValueError as exc:
            bad("birth_date", str(exc))
        try:
            event = parse_partial_date(vals["event_date"]) if text.get("event_date") else None
        except ValueError as exc:
            bad("event_date", str(exc))
        try:
            age = parse_age(vals["age"]) if text.get("age") else None
        except ValueError as exc:
            bad("age", str(exc))
        try:
            status = parse_status(text.get("status") or "") if text.get("status") else None
        except ValueError as exc:
            bad("status", str(exc))
        if birth and event and birth.year > event.year:
            bad("birth_date", f"born {birth.iso()} after the event date {event.iso()}")
        if birth and age is not None:
            ey = event.year if event else event_year
            if ey is not None and abs((ey - birth.year) - age) > 1:
                warnings.append(
                    Problem(
                        rownum,
                        col_of.get("age", "age"),
                        f"age {age} does not fit birth {birth.iso()} and event year {ey}",
                    )
                )
        if age is not None and event is None and event_year is None and birth is None:
            warnings.append(
                Problem(
                    rownum,
                    col_of.get("age", "age"),
                    "age without an event date: give --event-year to turn it into a birth year",
                )
            )
        keys = record_keys(parts, sex, birth, age, event, text.get("place"), event_year)
        records.append(
            {
                "record_id": rid,
                "row_number": rownum,
                "full_name": text.get("full_name"),
                "given_name": parts.given,
                "patronymic": parts.patronymic,
                "family_name": parts.family,
                "sex": sex,
                "birth_date": birth.iso() if birth else None,
                "age": age,
                "event_date": event.iso() if event else None,
                "place": text.get("place"),
                "status": status,
                "notes": text.get("notes"),
                "extra": json.dumps(extra, ensure_ascii=False, sort_keys=True, default=str),
                "given_key": keys.given_key,
                "family_key": keys.family_key,
                "patronymic_key": keys.patronymic_key,
                "sex_key": keys.sex_key,
                "birth_year_lo": keys.birth_year_lo,
                "birth_year_hi": keys.birth_year_hi,
                "place_key": keys.place_key,
                "oblast": keys.oblast,
            }
        )
    if not raw.rows:
        problems.append(Problem(1, "", "the list has a header but no rows"))
    return ParsedList(
        file_name=path.name,
        header=raw.header,
        mapping=mapping,
        records=records,
        problems=problems,
        warnings=warnings,
        encoding=raw.encoding,
        sheet=raw.sheet,
        sha256=sha,
        preview=records[:5],
    )


def import_list(
    ws: Workspace,
    path: Path,
    source: str,
    overrides: dict[str, str] | None = None,
    sheet: str | None = None,
    event_year: int | None = None,
    dry_run: bool = False,
) -> ImportResult:
    source = source.strip()
    if not re.fullmatch(r"[\w.\-]{1,128}", source):
        raise CasefileError(
            f"--source {source!r}: use letters, digits, '.', '-' or '_' (up to 128 characters)"
        )
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise CasefileError(f"{path}: no such file") from None
    except OSError as exc:
        raise CasefileError(f"{path}: cannot read it ({exc.strerror})") from None
    parsed = parse_list(path, data, overrides, sheet, event_year)
    if parsed.problems:
        raise ListRejected(path.name, parsed.problems, len(parsed.records))
    with ws.db.read() as conn:
        existing = conn.execute(
            select(victim_lists.c.id).where(victim_lists.c.source == source)
        ).first()
    if existing is not None:
        raise CasefileError(
            f"a list named {source!r} is already imported (list {existing[0]}); "
            "lists are never replaced: import the new version under another --source name"
        )
    if dry_run:
        return ImportResult(parsed, None, source, None, None, True)

    from casefile.vault.acquire import AddOptions, add_sources

    added = add_sources(
        ws, [str(path)], AddOptions(label=f"victim list {source}", tags=["victim-list"])
    )
    if not added or not added[0].ok or added[0].sha256 is None:
        msg = added[0].message if added else "nothing stored"
        raise CasefileError(f"{path}: could not preserve the file in the vault: {msg}")
    if added[0].sha256 != parsed.sha256:
        raise CasefileError(f"{path} changed while it was being imported; import it again")
    sha = parsed.sha256
    with ws.transaction() as tx:
        seq = tx.record(
            "victim_list_imported",
            sha,
            {
                "source": source,
                "file": path.name,
                "sheet": parsed.sheet,
                "encoding": parsed.encoding,
                "rows": len(parsed.records),
                "mapping": parsed.mapping,
                "event_year": event_year,
                "records_sha256": records_digest(parsed.records),
            },
        )
        list_id = tx.conn.execute(
            insert(victim_lists)
            .values(
                source=source,
                item_sha256=sha,
                file_name=path.name,
                sheet=parsed.sheet,
                encoding=parsed.encoding,
                mapping=json.dumps(parsed.mapping, ensure_ascii=False),
                rows=len(parsed.records),
                event_year=event_year,
                event_seq=seq,
                created_by=ws.actor,
                created_at=utc_now(),
            )
            .returning(victim_lists.c.id)
        ).scalar_one()
        rows = [{**r, "list_id": list_id, "source": source} for r in parsed.records]
        for i in range(0, len(rows), 5000):
            tx.conn.execute(insert(victim_records), rows[i : i + 5000])
        index_list(tx.conn, list_id)  # the name-search rows, in the same transaction
    return ImportResult(parsed, list_id, source, sha, seq, False)
