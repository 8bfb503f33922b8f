"""Estimates from the linked victim registry: histories in the vault, linkage uncertainty."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from typer.testing import CliRunner

from casefile.cli.main import app
from casefile.estimate.registry import alternative_tables, histories_csv
from casefile.people.link import run_link
from casefile.vault.workspace import Workspace

sys.path.insert(0, str(Path(__file__).parents[1] / "people"))
from people_helpers import import_synthetic


def test_registry_histories_and_estimate(tmp_path: Path) -> None:
    ws = Workspace.init(tmp_path / "ws", actor="tester@test")
    import_synthetic(ws, tmp_path, n_people=300, seed=7)
    run_link(ws)
    with ws.db.read() as conn:
        data = histories_csv(conn, ["sex"])
        alternatives = alternative_tables(conn, 3, seed=1)
    header = data.decode().splitlines()[0].split(",")
    assert header[-1] == "sex" and len(header) >= 4
    persons = len(data.decode().splitlines()) - 1
    assert 0 < persons <= 300 * 1.2
    assert len(alternatives) == 3
    assert all(t.lists == header[:-1] for t in alternatives)
    ws.close()
    res = CliRunner().invoke(
        app,
        [
            *("-w", str(tmp_path / "ws"), "estimate", "--registry"),
            *("--method", "loglinear", "--json", "--linkages", "0"),
        ],
    )
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert out["observed"] == persons
    assert out["estimate"] >= persons
    ws = Workspace.open(tmp_path / "ws")
    with ws.db.read() as conn:
        entries = ws.ledger.tail(conn, 3)
    ws.close()
    event = next(e.event for e in entries if e.event.kind == "estimated")
    assert event.data["run_id"] == out["run_id"]
    assert event.data["input_kind"] == "registry"
    assert event.item is not None  # the histories table was preserved in the vault
    res = CliRunner().invoke(
        app,
        [
            "-w",
            str(tmp_path / "ws"),
            "estimate",
            "--registry",
            "--method",
            "loglinear",
            "--linkages",
            "3",
            "--json",
        ],
    )
    assert res.exit_code == 0, res.output
    combined = json.loads(res.output)
    assert combined["diagnostics"]["linkages"] == 3
    assert combined["diagnostics"]["best_linkage"]["estimate"] == out["estimate"]


def test_registry_needed(tmp_path: Path) -> None:
    Workspace.init(tmp_path / "ws", actor="tester@test").close()
    res = CliRunner().invoke(app, ["-w", str(tmp_path / "ws"), "estimate", "--registry"])
    assert res.exit_code == 2
    assert "no linkage yet" in res.output or "victims import" in res.output
