"""The README's main command: the worked example runs end to end and leaves a sound workspace."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from casefile.cli.main import app
from casefile.vault.verify import verify_workspace
from casefile.vault.workspace import Workspace


def test_demo_runs_and_can_run_again(tmp_path: Path) -> None:
    target = tmp_path / "demo-workspace"
    for _ in range(2):  # a second run replaces the first demo workspace, nothing else
        result = CliRunner().invoke(app, ["demo", str(target)])
        assert result.exit_code == 0, result.output
    assert "Verify the vault" in result.stdout
    ws = Workspace.open(target)
    report = verify_workspace(ws)
    assert report.ok and report.items_checked >= 3
    ws.close()


def test_demo_refuses_a_folder_that_is_not_a_demo(tmp_path: Path) -> None:
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me")
    result = CliRunner().invoke(app, ["demo", str(tmp_path / "mine")])
    assert result.exit_code == 2
    assert "not a demo workspace" in result.stderr
    assert (tmp_path / "mine" / "notes.txt").exists()


def test_the_demo_core_refuses_a_workspace_it_did_not_make(tmp_path: Path) -> None:
    from casefile.demo import run_demo
    from casefile.errors import CasefileError

    Workspace.init(tmp_path / "case", None, "someone").close()
    with pytest.raises(CasefileError, match="not a demo workspace"):
        run_demo(tmp_path / "case")
    assert (tmp_path / "case").exists() and not (tmp_path / "case-materials").exists()
