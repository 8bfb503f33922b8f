"""Registries too small to train on link with the reference parameters, and say so."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
from sqlalchemy import select
from typer.testing import CliRunner

from casefile.cli.main import app
from casefile.people import model
from casefile.people.reference import REFERENCE_PATH, apply_reference, synthetic_table
from casefile.vault.schema import ledger_entries
from casefile.vault.workspace import Workspace

SEVEN = """record_id,full_name,birth_date,place,date_of_death
1,Petrenko Ivan,1970-01-02,Bucha,2022-03-05
2,Іван Петренко,1970-01-02,Буча,2022-03-05
3,Maria Koval,1980-02-03,Irpin,2022-03-06
4,Koval Mariia,1980,Irpin,2022-03-06
5,Olena Shevchenko,1955-05-05,Bucha,2022-03-07
6,Oleh Bondar,1990-09-09,Hostomel,2022-03-08
7,Taras Melnyk,1966-06-06,Bucha,2022-03-09
"""


def _link(ws: Workspace, tmp_path: Path, text: str) -> dict[str, object]:
    f = tmp_path / "list.csv"
    f.write_text(text, encoding="utf-8")
    runner = CliRunner()
    args = ["--workspace", str(ws.root)]
    r = runner.invoke(app, [*args, "victims", "import", str(f), "--source", "a"])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, [*args, "victims", "link", "--json"])
    assert r.exit_code == 0, r.output
    out: dict[str, object] = json.loads(r.output)
    return out


def _link_event(ws: Workspace) -> dict[str, object]:
    with ws.db.read() as conn:
        body = conn.execute(
            select(ledger_entries.c.body)
            .where(ledger_entries.c.kind == "victims_linked")
            .order_by(ledger_entries.c.seq.desc())
        ).scalar_one()
    event: dict[str, object] = json.loads(body)
    return event


def test_seven_records_link_with_reference_parameters(
    sqlite_workspace: Workspace, tmp_path: Path
) -> None:
    out = _link(sqlite_workspace, tmp_path, SEVEN)
    assert out["records"] == 7 and out["persons"] == 5 and out["links"] == 2
    assert str(out["parameters"]).startswith("too few records to train on (7)")
    event = json.dumps(_link_event(sqlite_workspace))
    assert "reference parameters" in event


def test_two_records_of_one_person_link(sqlite_workspace: Workspace, tmp_path: Path) -> None:
    out = _link(
        sqlite_workspace,
        tmp_path,
        "record_id,full_name,birth_date\n1,Ivan Petrenko,1970-01-02\n2,Іван Петренко,1970-01-02\n",
    )
    assert out["persons"] == 1 and out["links"] == 1


def test_reference_is_what_the_model_trains_to_and_keeps_extras_it_cannot_fill() -> None:
    ref = json.loads(REFERENCE_PATH.read_text(encoding="utf-8"))
    assert ref["model"]["comparisons"], "the reference holds a trained model"
    from splink import Linker

    table, truth = synthetic_table(30, seed=5)
    assert len(truth) == table.num_rows
    spec = model.ours([("extra_passport", "alone")])
    assert spec.prepare is not None
    passports = pa.array([None] * table.num_rows, pa.string())
    prepared = spec.prepare(table.append_column("extra_passport", passports))
    linker = Linker(model.duckdb_api().register(prepared), spec.settings(False))
    untrained = linker.misc.save_model_to_json()
    adapted, note = apply_reference(untrained, 30)
    names = [c["output_column_name"] for c in adapted["comparisons"]]
    assert "family" in names and "extra_passport" not in names
    assert "not compared (untrained, no reference): extra_passport" in note
    fam = next(c for c in adapted["comparisons"] if c["output_column_name"] == "family")
    assert all("tf_adjustment_column" not in lv for lv in fam["comparison_levels"])
    assert 0 < adapted["probability_two_random_records_match"] < 0.5
