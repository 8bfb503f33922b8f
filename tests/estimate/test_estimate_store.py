"""Stored estimates: the input table in the vault, the run in the ledger, the latest in exports."""

from __future__ import annotations

import json
from pathlib import Path

from mse_refdata import DATA
from typer.testing import CliRunner

from casefile.cli.main import app
from casefile.estimate import read_patterns
from casefile.estimate.api import estimate
from casefile.estimate.export_provider import estimate_files, estimate_sections
from casefile.estimate.store import latest_run, preserve_input, runs, save_run
from casefile.vault.workspace import Workspace


def test_save_and_read_back(workspace: Workspace) -> None:
    path = DATA / "kosovo_1999.csv"
    result = estimate(read_patterns(path), "loglinear")
    sha = preserve_input(workspace, path, "kosovo patterns")
    run_id = save_run(
        workspace,
        [result],
        input_kind="patterns",
        input_sha256=sha,
        lists=[],
        settings={"method": "loglinear"},
    )
    with workspace.db.read() as conn:
        found = latest_run(conn)
        entries = workspace.ledger.tail(conn, 5, item=sha)
        files = estimate_files(conn, [])
        sections = estimate_sections(conn, [])
    assert found is not None and found.run_id == run_id
    assert found.input_sha256 == sha
    assert found.results[0].estimate == result.estimate
    assert found.results[0].diagnostics["model"] == result.diagnostics["model"]
    kinds = [e.event.kind for e in entries]
    assert "estimated" in kinds and "acquired" in kinds
    event = next(e.event for e in entries if e.event.kind == "estimated")
    assert event.data["run_id"] == run_id
    assert round(event.data["results"][0]["estimate"], 1) == 10356.5
    stored = json.loads(files["estimates.json"])
    assert stored["input_sha256"] == sha
    assert b"10356.5" in files["estimates.csv"]
    assert sections and "data:image/png;base64," in sections[0].html


def test_cli_save_strata_and_newest_first(tmp_path: Path) -> None:
    ws = Workspace.init(tmp_path / "ws", actor="tester@test")
    ws.close()
    patterns = tmp_path / "by_place.csv"
    lines = ["A,B,C,place,count"]
    for place, scale in (("Bucha", 1.0), ("Irpin", 0.5)):
        for bits, n in (
            ("1,0,0", 60),
            ("0,1,0", 49),
            ("1,1,0", 4),
            ("0,0,1", 247),
            ("1,0,1", 112),
            ("0,1,1", 142),
            ("1,1,1", 12),
        ):
            lines.append(f"{bits},{place},{round(n * scale)}")
    patterns.write_text("\n".join(lines) + "\n")
    runner = CliRunner()
    res = runner.invoke(
        app,
        [
            "-w",
            str(tmp_path / "ws"),
            "estimate",
            str(patterns),
            "--strata",
            "place",
            "--method",
            "loglinear",
            "--save",
            "--json",
        ],
    )
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert [s["stratum"] for s in out["strata"]] == ["place=Bucha", "place=Irpin", "total"]
    ws = Workspace.open(tmp_path / "ws")
    with ws.db.read() as conn:
        [run] = runs(conn)
    ws.close()
    assert run.run_id == out["run_id"]
    assert run.total is not None and run.total.observed == sum(
        s["observed"] for s in out["strata"][:2]
    )
    assert [r.stratum for r in run.results] == ["place=Bucha", "place=Irpin"]


def test_cli_needs_one_input() -> None:
    res = CliRunner().invoke(app, ["estimate", "--method", "chapman"])
    assert res.exit_code == 2
    assert "PATTERNS.csv file or --registry" in res.output
