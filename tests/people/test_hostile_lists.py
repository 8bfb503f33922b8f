"""Hostile and careless victim lists: broken quotes, broken encodings, hostile workbooks.

Every case goes through the real reader (and, where it matters, a real SQLite workspace and
the real command line) and asserts the exact message: the file, the line or row, what is
wrong; and that nothing was written.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from casefile.cli.main import app
from casefile.errors import CasefileError
from casefile.people.importer import import_list, parse_list
from casefile.people.schema import victim_lists, victim_records
from casefile.vault.schema import items
from casefile.vault.workspace import Workspace

runner = CliRunner()

HEADER = "ID,ПІБ,Стать,Дата народження\n"
ROW2 = "a1,Шевченко Олексій Іванович,ч,1978\n"
ROW3 = "a2,Бондаренко Юлія,ж,1980\n"
ROW4 = "a3,Коваленко Петро,ч,1965\n"


def _parse(tmp_path: Path, data: bytes, name: str = "list.csv"):  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_bytes(data)
    return parse_list(path, data)


def _refused(tmp_path: Path, data: bytes, name: str = "list.csv") -> str:
    with pytest.raises(CasefileError) as exc:
        _parse(tmp_path, data, name)
    return str(exc.value)


def _nothing_written(ws: Workspace) -> None:
    with ws.db.read() as conn:
        for table in (items, victim_lists, victim_records):
            assert conn.execute(select(func.count()).select_from(table)).scalar_one() == 0


# ---- quotes --------------------------------------------------------------------------------


def test_unterminated_quote_is_refused_with_its_line(tmp_path: Path) -> None:
    data = (HEADER + ROW2 + 'a2,"Бондаренко Юлія,ж,1980\n' + ROW4).encode()
    assert _refused(tmp_path, data) == (
        "list.csv: the row starting on line 3: a quoted value opens and is never closed (an "
        'unbalanced " quote swallows the rest of the file); a quote inside a value is written '
        'twice: ""'
    )


def test_text_after_a_closing_quote_is_refused_with_its_line(tmp_path: Path) -> None:
    data = (HEADER + ROW2 + 'a2,"Бондаренко" Юлія,ж,1980\n' + ROW4).encode()
    assert _refused(tmp_path, data) == (
        "list.csv: line 3: a closing quote is followed by more text in the same value; a quote "
        'inside a quoted value is written twice: ""'
    )


def test_a_quote_closed_rows_later_does_not_swallow_them_silently(tmp_path: Path) -> None:
    # The quote opened on line 3 closes on line 4: the cell count comes out right, but the
    # name would hold a line break and a whole other row.
    data = (HEADER + ROW2 + 'a2,"Бондаренко Юлія,ж,1980\na3,Коваленко Петро",ч,1965\n').encode()
    parsed = _parse(tmp_path, data)
    assert [str(p) for p in parsed.problems] == [
        "row 3, column 'ПІБ': a line break inside the value: an unbalanced quote in the file?"
    ]


def test_a_quote_closed_rows_later_with_a_wrong_cell_count_names_both_lines(
    tmp_path: Path,
) -> None:
    data = (HEADER + ROW2 + 'a2,"Бондаренко Юлія\n' + 'a3,Коваленко Петро",ч\n').encode()
    assert _refused(tmp_path, data) == (
        "list.csv: the row starting on line 3 runs on to line 4 inside a quoted value and has "
        '3 cells for 4 columns: an unbalanced quote? (a quote inside a value is written twice: "")'
    )


@pytest.mark.parametrize("sep", [",", ";", "\t"])
def test_doubled_quotes_are_undoubled(tmp_path: Path, sep: str) -> None:
    text = (
        HEADER + 'a1,"Шевченко ""Сашко"" Олексій",ч,1978\n' + 'a2,"Бондаренко, Юлія",ж,1980\n'
    ).replace(",", sep)
    if sep != ",":  # the comma inside the quoted name stays a comma
        text = text.replace(f"Бондаренко{sep} Юлія", "Бондаренко, Юлія")
    parsed = _parse(tmp_path, text.encode())
    assert parsed.problems == []
    assert [r["full_name"] for r in parsed.records] == [
        'Шевченко "Сашко" Олексій',
        "Бондаренко, Юлія",
    ]


def test_a_multiline_note_in_quotes_is_kept_and_rows_keep_their_line_numbers(
    tmp_path: Path,
) -> None:
    data = (
        'ID,ПІБ,Примітки\na1,Шевченко Олексій,"found near\nthe church"\na2,Бондаренко Юлія,\n'
    ).encode()
    parsed = _parse(tmp_path, data)
    assert parsed.problems == []
    assert [(r["row_number"], r["notes"]) for r in parsed.records] == [
        (2, "found near\nthe church"),
        (4, None),
    ]


# ---- encodings -----------------------------------------------------------------------------


def test_one_invalid_utf8_byte_is_refused_with_line_and_byte(tmp_path: Path) -> None:
    good = (HEADER + ROW2 + ROW3 + ROW4).encode()
    cut = good.index("Юлія".encode()) + 2  # the first byte of 'л' replaced
    data = good[:cut] + b"\xff" + good[cut + 1 :]
    line_start = good.rindex(b"\n", 0, cut) + 1
    assert _refused(tmp_path, data) == (
        f"list.csv: not valid UTF-8 at line 3, byte {cut - line_start + 1} of the line (byte "
        f"{cut} of the file): {data[cut : cut + 4]!r}. The rest of the file is UTF-8, "
        "so this is a damaged spot, not another encoding: correct that line (or save the file "
        "as UTF-8 again) and import it again"
    )


def test_invalid_utf8_after_a_bom_is_refused(tmp_path: Path) -> None:
    data = b"\xef\xbb\xbf" + b"ID,name\na1,Ivan\n" + b"a2,Petr\xc3\n"
    message = _refused(tmp_path, data)
    assert message.startswith(
        "list.csv: not valid UTF-8 at line 3, byte 8 of the line (byte 26 of the file): "
        "b'\\xc3\\n'."
    )


def test_a_cp1251_list_is_read_with_a_warning_naming_the_guess(
    sqlite_workspace: Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "police.csv"
    path.write_bytes((HEADER + ROW2 + ROW3).encode("cp1251"))
    res = import_list(sqlite_workspace, path, "police")
    assert res.parsed.encoding == "cp1251"
    assert [r["full_name"] for r in res.parsed.records] == [
        "Шевченко Олексій Іванович",
        "Бондаренко Юлія",
    ]
    assert [str(w) for w in res.parsed.warnings] == [
        "row 0, column '': not UTF-8: read as cp1251, a guess from the bytes; check the names "
        "in the preview, or save the file as UTF-8 and import it again"
    ]


def test_cli_shows_the_encoding_guess(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    assert runner.invoke(app, ["init", str(ws)]).exit_code == 0
    path = tmp_path / "police.csv"
    path.write_bytes((HEADER + ROW2 + ROW3).encode("cp1251"))
    result = runner.invoke(
        app, ["-w", str(ws), "victims", "import", str(path), "--source", "police", "--json"]
    )
    assert result.exit_code == 0, result.output
    assert '"message": "not UTF-8: read as cp1251, a guess from the bytes' in result.stdout


def test_cli_refuses_broken_utf8_without_internal_error(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    assert runner.invoke(app, ["init", str(ws)]).exit_code == 0
    path = tmp_path / "police.csv"
    path.write_bytes((HEADER + ROW2).encode() + b"a2,\xd0\xd0,\xd0\xb6,1980\n")
    result = runner.invoke(
        app, ["-w", str(ws), "victims", "import", str(path), "--source", "police"]
    )
    assert result.exit_code == 2
    assert "police.csv: not valid UTF-8 at line 3, byte 4 of the line" in result.stderr
    assert "internal error" not in result.output
    _nothing_written(Workspace.open(ws))


# ---- workbooks -----------------------------------------------------------------------------


def _workbook() -> bytes:
    wb = openpyxl.Workbook()
    sh = wb.active
    assert sh is not None
    sh.append(["ID", "ПІБ", "Стать"])
    sh.append(["a1", "Шевченко Олексій", "ч"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _with_part(workbook: bytes, name: str, content: bytes) -> bytes:
    """The workbook with one part replaced (or added)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(workbook)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for item in src.infolist():
            if item.filename != name:
                dst.writestr(item, src.read(item))
        dst.writestr(name, content)
    return out.getvalue()


SHEET = "xl/worksheets/sheet1.xml"
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _sheet(dtd: str, cell: str) -> bytes:
    return (
        f'<?xml version="1.0"?>{dtd}<worksheet xmlns="{NS}"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>ID</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>name</t></is></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>a1</t></is></c>'
        f'<c r="B2" t="inlineStr"><is><t>{cell}</t></is></c></row>'
        "</sheetData></worksheet>"
    ).encode()


XXE = '<!DOCTYPE w [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
LAUGHS = (
    '<!DOCTYPE w [<!ENTITY a "lol">'
    + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
    + "]>"
)


def test_a_plain_workbook_still_reads(tmp_path: Path) -> None:
    parsed = _parse(tmp_path, _workbook(), "list.xlsx")
    assert [r["full_name"] for r in parsed.records] == ["Шевченко Олексій"]
    ok = _with_part(_workbook(), SHEET, _sheet("", "Бондаренко Юлія"))
    assert [r["full_name"] for r in _parse(tmp_path, ok, "list.xlsx").records] == [
        "Бондаренко Юлія"
    ]


@pytest.mark.parametrize(
    ("dtd", "cell"),
    [
        (XXE, "&xxe;"),  # an external entity
        (LAUGHS, "&j;"),  # billion laughs: 10^9 'lol's
        ("<!--" + "x" * 200_000 + "-->" + XXE, "&xxe;"),  # a DTD far from the start
    ],
    ids=["xxe", "billion-laughs", "late-dtd"],
)
def test_xml_entity_attacks_are_refused_by_name(tmp_path: Path, dtd: str, cell: str) -> None:
    data = _with_part(_workbook(), SHEET, _sheet(dtd, cell))
    assert _refused(tmp_path, data, "list.xlsx") == (
        f"list.xlsx: {SHEET} declares a DTD or XML entities, which spreadsheet programs never "
        "write: refused (an XML entity attack?)"
    )


def test_not_a_zip_and_old_xls_are_refused_by_name(tmp_path: Path) -> None:
    assert _refused(tmp_path, b"ID,name\na1,Ivan\n", "list.xlsx") == (
        "list.xlsx: not an .xlsx file (not a zip archive: File is not a zip file)"
    )
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    assert _refused(tmp_path, ole, "list.xlsx") == (
        "list.xlsx: an old .xls or a password-protected workbook, not a plain .xlsx: open it in "
        "a spreadsheet program and save it as .xlsx without a password"
    )


def test_a_zip_that_is_not_a_workbook_is_refused_without_internal_error(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "not a workbook")
    message = _refused(tmp_path, buf.getvalue(), "list.xlsx")
    assert message.startswith("list.xlsx: not a readable .xlsx file (")
    broken = _with_part(_workbook(), SHEET, b"<worksheet><sheetData><row>")
    message = _refused(tmp_path, broken, "list.xlsx")
    assert message.startswith("list.xlsx: not a readable .xlsx file (")


def test_a_high_ratio_part_is_refused_as_a_zip_bomb(tmp_path: Path) -> None:
    data = _with_part(_workbook(), "xl/media/padding.xml", b" " * (8 << 20))
    message = _refused(tmp_path, data, "list.xlsx")
    assert message.startswith("list.xlsx: xl/media/padding.xml inflates ")
    assert message.endswith(
        " bytes to 8388608): refused as a zip bomb; no spreadsheet compresses that well"
    )


@pytest.fixture(scope="module")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An 815 kB workbook whose sheet inflates to 800 MiB (the issue's attack)."""
    path = tmp_path_factory.mktemp("bomb") / "bomb.xlsx"
    base = _workbook()
    with (
        zipfile.ZipFile(io.BytesIO(base)) as src,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst,
    ):
        for item in src.infolist():
            if item.filename != SHEET:
                dst.writestr(item, src.read(item))
        with dst.open(SHEET, "w") as f:
            for _ in range(800):
                f.write(b" " * (1 << 20))
    return path


def test_zip_bomb_is_refused_before_it_is_inflated_in_bounded_memory(bomb: Path) -> None:
    assert bomb.stat().st_size < 900_000
    # In a fresh interpreter, so that its peak memory is this read's alone.
    code = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from casefile.errors import CasefileError\n"
        "from casefile.people.importer import parse_list\n"
        "p = Path(sys.argv[1])\n"
        "try:\n"
        "    parse_list(p, p.read_bytes())\n"
        "    msg = None\n"
        "except CasefileError as exc:\n"
        "    msg = str(exc)\n"
        # VmHWM, not ru_maxrss: Linux carries ru_maxrss over fork and exec from pytest itself.
        "status = Path('/proc/self/status').read_text().split('VmHWM:')[1]\n"
        "rss = int(status.split()[0]) * 1024\n"
        "print(json.dumps({'message': msg, 'rss': rss}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(bomb)], capture_output=True, text=True, check=True
    )
    got = json.loads(out.stdout)
    assert got["message"] == (
        "bomb.xlsx: the workbook inflates to 800 MiB, over the limit of 256 MiB (a zip bomb?); "
        "save a list this large as CSV"
    )
    assert got["rss"] < 200 << 20  # 82 MB measured (59 of it imports); it was 922 MB


def test_cli_refuses_a_hostile_workbook_and_writes_nothing(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    assert runner.invoke(app, ["init", str(ws)]).exit_code == 0
    path = tmp_path / "police.xlsx"
    path.write_bytes(_with_part(_workbook(), SHEET, _sheet(XXE, "&xxe;")))
    result = runner.invoke(
        app, ["-w", str(ws), "victims", "import", str(path), "--source", "police"]
    )
    assert result.exit_code == 2
    assert "police.xlsx: xl/worksheets/sheet1.xml declares a DTD" in result.stderr.replace(
        "\n", " "
    )
    assert "internal error" not in result.output
    _nothing_written(Workspace.open(ws))
