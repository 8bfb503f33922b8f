"""Importing lists: vault first, then all rows or none, with reports naming rows and columns."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from casefile.cli.main import app
from casefile.errors import CasefileError
from casefile.people.importer import ListRejected, import_list
from casefile.people.schema import victim_lists, victim_records
from casefile.vault.schema import items, ledger_entries
from casefile.vault.workspace import Workspace

HEADER = "ID,ПІБ,Стать,Дата народження,Вік,Дата,Місце,Статус,Телефон родичів\n"
GOOD = (
    "a1,Шевченко Олексій Іванович,ч,1978,,2022-03-05,Буча,загинув,+380 1\n"
    "a2,Бондаренко Юлія,ж,,44,2022-03,Ірпінь,зникла безвісти,\n"
)


def _count(ws: Workspace, table) -> int:  # type: ignore[no-untyped-def]
    with ws.db.read() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def test_people_import_csv_into_vault_and_registry(workspace: Workspace, tmp_path: Path) -> None:
    f = tmp_path / "police.csv"
    f.write_text(HEADER + GOOD, encoding="utf-8")
    res = import_list(workspace, f, "police")
    assert res.list_id is not None and res.item_sha256 is not None
    with workspace.db.read() as conn:
        assert conn.execute(select(items.c.sha256).where(items.c.sha256 == res.item_sha256)).first()
        recs = conn.execute(select(victim_records).order_by(victim_records.c.id)).mappings().all()
        ev = conn.execute(
            select(ledger_entries.c.kind, ledger_entries.c.item_sha256).where(
                ledger_entries.c.seq == res.event_seq
            )
        ).one()
    assert ev == ("victim_list_imported", res.item_sha256)
    a, b = recs
    assert (a["family_name"], a["given_name"], a["patronymic"]) == (
        "Шевченко",
        "Олексій",
        "Іванович",
    )
    assert (a["sex"], a["birth_date"], a["status"], a["place_key"]) == (
        "M",
        "1978",
        "killed",
        "Bucha",
    )
    assert json.loads(a["extra"]) == {"Телефон родичів": "+380 1"}
    # age 44 at an event in 2022 -> born 1977 or 1978
    assert (b["birth_year_lo"], b["birth_year_hi"], b["status"]) == (1977, 1978, "missing")
    assert b["sex"] == "F" and b["event_date"] == "2022-03"


def test_people_cp1251_file_is_read(sqlite_workspace: Workspace, tmp_path: Path) -> None:
    f = tmp_path / "appeals.csv"
    f.write_bytes((HEADER + GOOD).replace(",", ";").encode("cp1251"))
    res = import_list(sqlite_workspace, f, "appeals")
    assert res.parsed.encoding == "cp1251"
    assert res.parsed.records[0]["family_name"] == "Шевченко"
    assert res.parsed.records[1]["given_name"] == "Юлія"


def test_people_dry_run_writes_nothing(sqlite_workspace: Workspace, tmp_path: Path) -> None:
    f = tmp_path / "l.csv"
    f.write_text(HEADER + GOOD, encoding="utf-8")
    res = import_list(sqlite_workspace, f, "l", dry_run=True)
    assert res.dry_run and len(res.parsed.records) == 2
    assert _count(sqlite_workspace, victim_records) == 0
    assert _count(sqlite_workspace, items) == 0


def test_people_bad_rows_are_reported_and_nothing_is_written(
    workspace: Workspace, tmp_path: Path
) -> None:
    bad = (
        "a3,,ч,1978,,,,,\n"  # empty name
        "a4,Мельник Іван,x,31.02.1980,,,,,\n"  # bad sex and date
        "a5,Коваль Петро,ч,,150,,,,\n"  # impossible age
        "a1,Ткачук Ольга,ж,,,,,,\n"  # duplicate record_id
        "a6,Лисенко Ігор,ч,,,,,on holiday,\n"  # unknown status
    )
    f = tmp_path / "l.csv"
    f.write_text(HEADER + GOOD + bad, encoding="utf-8")
    with pytest.raises(ListRejected) as exc:
        import_list(workspace, f, "l")
    found = {(p.row, p.column) for p in exc.value.problems}
    assert (4, "ПІБ") in found
    assert {(5, "Стать"), (5, "Дата народження")} <= found
    assert (6, "Вік") in found
    assert (7, "ID") in found and "duplicate record_id 'a1' (also row 2)" in str(exc.value.problems)
    assert (8, "Статус") in found
    assert _count(workspace, victim_records) == 0
    assert _count(workspace, victim_lists) == 0
    assert _count(workspace, items) == 0  # not even the file: it was never accepted


def test_people_missing_required_column(sqlite_workspace: Workspace, tmp_path: Path) -> None:
    f = tmp_path / "l.csv"
    f.write_text("name,born\nIvan Petrenko,1970\n", encoding="utf-8")
    with pytest.raises(CasefileError, match="missing required column record_id"):
        import_list(sqlite_workspace, f, "l")
    # --map names the id column
    f.write_text("No.,name,born\n1,Ivan Petrenko,1970\n", encoding="utf-8")
    with pytest.raises(CasefileError, match="missing required column record_id"):
        import_list(sqlite_workspace, f, "l")
    res = import_list(sqlite_workspace, f, "l", {"No.": "record_id"})
    assert res.parsed.records[0]["birth_date"] == "1970"
    with pytest.raises(CasefileError, match="no column 'nope'"):
        import_list(sqlite_workspace, f, "l2", {"nope": "record_id"})


def test_people_a_list_is_never_replaced(sqlite_workspace: Workspace, tmp_path: Path) -> None:
    f = tmp_path / "l.csv"
    f.write_text(HEADER + GOOD, encoding="utf-8")
    import_list(sqlite_workspace, f, "police")
    with pytest.raises(CasefileError, match="already imported"):
        import_list(sqlite_workspace, f, "police")
    assert _count(sqlite_workspace, victim_records) == 2


def _xlsx(path: Path, sheets: dict[str, list[list[object]]], merge: str | None = None) -> None:
    wb = openpyxl.Workbook()
    first = True
    for name, rows in sheets.items():
        sh = wb.active if first else wb.create_sheet(name)
        assert sh is not None
        sh.title = name
        first = False
        for r in rows:
            sh.append(r)
        if merge and name == next(iter(sheets)):
            sh.merge_cells(merge)
    wb.save(path)


def test_people_xlsx_sheets_and_merged_cells(sqlite_workspace: Workspace, tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["id", "прізвище", "ім'я", "по батькові", "стать", "дата народження", "місце"],
        ["1", "Шевченко", "Олексій", "Іванович", "ч", "1978-03", "Буча"],
        ["2", "Шевченко", "Ганна", "", "ж", 1980, "Буча"],
    ]
    f = tmp_path / "l.xlsx"
    _xlsx(f, {"killed": rows, "missing": rows})
    with pytest.raises(CasefileError, match=r"2 sheets with data .*--sheet"):
        import_list(sqlite_workspace, f, "l")
    res = import_list(sqlite_workspace, f, "l", sheet="missing")
    assert res.parsed.sheet == "missing"
    assert res.parsed.records[1]["birth_date"] == "1980"
    with pytest.raises(CasefileError, match="no sheet 'x'"):
        import_list(sqlite_workspace, f, "l2", sheet="x")
    g = tmp_path / "m.xlsx"
    _xlsx(g, {"s": rows}, merge="B2:B3")
    with pytest.raises(CasefileError, match="merged cells \\(B2:B3\\)"):
        import_list(sqlite_workspace, g, "m")


def test_people_many_bad_rows_in_a_large_file(sqlite_workspace: Workspace, tmp_path: Path) -> None:
    lines = [HEADER]
    for i in range(20000):
        born = "1999-02-30" if i % 10 == 3 else str(1930 + i % 80)
        lines.append(f"r{i},Петренко Іван{i % 7},ч,{born},,2022-03-01,Буча,загинув,\n")
    f = tmp_path / "big.csv"
    f.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(ListRejected) as exc:
        import_list(sqlite_workspace, f, "big")
    assert len(exc.value.problems) == 2000
    assert all(p.column == "Дата народження" for p in exc.value.problems)
    assert exc.value.problems[0].row == 5
    assert "2000 problems in 2000 of 20000 rows, nothing imported" in str(exc.value)
    assert _count(sqlite_workspace, victim_records) == 0


def test_people_import_cli_reports_and_exits_2(sqlite_workspace: Workspace, tmp_path: Path) -> None:
    f = tmp_path / "l.csv"
    f.write_text(HEADER + GOOD + "a1,Ткачук Ольга,ж,,,,,,\n", encoding="utf-8")
    runner = CliRunner()
    ws = ["--workspace", str(sqlite_workspace.root)]
    r = runner.invoke(app, [*ws, "victims", "import", str(f), "--source", "x"])
    assert r.exit_code == 2
    assert "duplicate record_id" in r.output and "nothing imported" in r.output
    f.write_text(HEADER + GOOD, encoding="utf-8")
    r = runner.invoke(app, [*ws, "victims", "import", str(f), "--source", "x", "--dry-run"])
    assert r.exit_code == 0, r.output
    assert "dry run: 2 rows would be imported" in r.output
    r = runner.invoke(app, [*ws, "victims", "import", str(f), "--source", "x", "--json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert data["rows"] == 2 and data["mapping"]["ПІБ"] == "full_name"
    assert data["mapping"]["Телефон родичів"] == "extra"
