"""The worked example: reports, photos with EXIF, one incident, its toll, the denial weighed."""

from __future__ import annotations

import json
import time
from pathlib import Path

from typer.testing import CliRunner

from casefile.checks import all_checks
from casefile.cli.main import app
from casefile.vault.verify import verify_workspace
from casefile.vault.workspace import Workspace


def test_demo_builds_the_case_and_prints_a_report(tmp_path: Path) -> None:
    target = tmp_path / "demo"
    started = time.monotonic()
    res = CliRunner().invoke(app, ["demo", str(target)])
    elapsed = time.monotonic() - started
    assert res.exit_code == 0, res.output
    print(f"demo took {elapsed:.1f}s")
    shown = CliRunner().invoke(app, ["-w", str(target), "incident", "show", "1", "--json"])
    assert shown.exit_code == 0, shown.output
    case = json.loads(shown.stdout)
    inc = case["incident"]
    assert inc["title"] == "Massacre of civilians in Bucha" and inc["period_start"] == "2022-03"
    assert [v["version"] for v in case["history"]] == [1, 2]
    toll = case["toll_history"]
    assert [(t["date"], t["min"]) for t in toll] == [
        ("2022-04-03", 20),
        ("2022-04-04", 340),
        ("2022-04-15", 410),
    ]
    assert case["best_figures"]["killed"]["value"] == "at least 410"
    assert case["named_victims"] is None  # no victim list in the workspace yet
    evidence = case["evidence"]
    assert len(evidence) == 4
    assert all(e["geolocation"] and e["chronolocation"] for e in evidence)
    assert sorted({e["chronolocation"]["method"] for e in evidence}) == ["exif", "satellite-pass"]
    staged = case["claims"][0]
    assert staged["statement"] == "The scenes in Bucha were staged"
    assert staged["corroboration"] == 2 and len(staged["members"]) == 2
    assert staged["assessment"]["assessment"] == "contradicted"
    assert {e["relation"] for e in staged["evidence"]} == {"contradicts"}
    assert case["perpetrators"][0]["label"] == "alleged"
    assert case["legal"][0]["article"] == "8(2)(a)(i)"
    html = (target / "case-report.html").read_text()
    for title in ("Toll history: incident 1", "Claims against the evidence: incident 1"):
        assert title in html
    assert "data:image/png;base64," in html
    ws = Workspace.open(target)
    try:
        report = verify_workspace(ws, extra_checks=all_checks())
        assert report.ok, report.problems
    finally:
        ws.close()
