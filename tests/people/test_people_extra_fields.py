"""Extra fields the lists share (`victims link --compare`), and the trained-model check."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from people_helpers import pairwise_f1, truth_and_persons
from sqlalchemy import func, select

from casefile.errors import CasefileError
from casefile.people import model
from casefile.people.importer import import_list
from casefile.people.link import LinkOptions, run_link
from casefile.people.schema import linkage_runs
from casefile.people.synthetic import generate, write_csv
from casefile.vault.schema import ledger_entries
from casefile.vault.workspace import Workspace


def _import_with_passports(ws: Workspace, folder: Path) -> None:
    syn = generate(150, seed=5)
    for name, rows in syn.lists.items():
        if name in ("police", "ngo"):  # two lists also carry a document number
            for r in rows:
                r["passport"] = f"AB{r['truth']:06d}"
        cols = list(dict.fromkeys(k for r in rows for k in r))
        f = folder / f"{name}.csv"
        if "passport" in cols:
            import csv

            with open(f, "w", newline="", encoding="utf-8") as fh:
                w = csv.DictWriter(fh, fieldnames=cols)
                w.writeheader()
                w.writerows(rows)
        else:
            write_csv(rows, f)
        import_list(ws, f, name, event_year=2022)


def test_people_compare_extra_field(sqlite_workspace: Workspace, tmp_path: Path) -> None:
    ws = sqlite_workspace
    _import_with_passports(ws, tmp_path)
    res = run_link(ws, LinkOptions(compare=("passport",)))
    truth, person = truth_and_persons(ws, res.run_id)
    _, _, f1 = pairwise_f1(truth, person)
    assert f1 >= 0.95
    with ws.db.read() as conn:
        settings = json.loads(
            conn.execute(
                select(linkage_runs.c.settings).where(linkage_runs.c.id == res.run_id)
            ).scalar_one()
        )
        body = conn.execute(
            select(ledger_entries.c.body).where(ledger_entries.c.seq == res.event_seq)
        ).scalar_one()
    data = json.loads(body)["data"]
    names = [c["output_column_name"] for c in settings["comparisons"]]
    assert "x_passport" in names
    assert data["compared_extra_fields"] == ["passport"]
    # a document number identifies a record: it is a blocking rule of its own
    assert any("x_passport" in str(b) for b in settings["blocking_rules_to_generate_predictions"])


def test_people_compare_unknown_field_stores_nothing(
    sqlite_workspace: Workspace, tmp_path: Path
) -> None:
    ws = sqlite_workspace
    _import_with_passports(ws, tmp_path)
    with pytest.raises(CasefileError, match=r"no_such_column.*passport"):
        run_link(ws, LinkOptions(compare=("no_such_column",)))
    with ws.db.read() as conn:
        assert conn.execute(select(func.count()).select_from(linkage_runs)).scalar_one() == 0


def test_people_trained_model_check(sqlite_workspace: Workspace, tmp_path: Path) -> None:
    ws = sqlite_workspace
    _import_with_passports(ws, tmp_path)
    res = run_link(ws)  # a sane model: the run is stored
    with ws.db.read() as conn:
        trained = json.loads(
            conn.execute(
                select(linkage_runs.c.settings).where(linkage_runs.c.id == res.run_id)
            ).scalar_one()
        )
    keys = model.ours().key_comparisons
    assert model.check_trained(trained, keys) == []
    # what a collapsed EM looks like: agreeing on the family name barely counts, and
    # disagreeing on the birth year counts for the pair
    bad = copy.deepcopy(trained)
    for comp in bad["comparisons"]:
        levels = [lv for lv in comp["comparison_levels"] if not lv.get("is_null_level")]
        if comp["output_column_name"] == "family":
            levels[0]["m_probability"] = levels[0]["u_probability"] * 2
        if comp["output_column_name"] == "birth_year":
            levels[-1]["m_probability"] = 0.99
            levels[-1]["u_probability"] = 0.5
    problems = model.check_trained(bad, keys)
    assert any(p.startswith("family: agreement") for p in problems)
    assert any(p.startswith("birth_year: disagreement") for p in problems)
    bad["probability_two_random_records_match"] = 0.0
    assert any("random records match" in p for p in model.check_trained(bad, keys))
