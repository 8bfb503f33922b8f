"""The estimate command through Typer's runner, on a throwaway app."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from mse_refdata import DATA
from typer.testing import CliRunner

from casefile.cli.estimate_cmds import register
from casefile.errors import CasefileError


def _app() -> typer.Typer:
    app = typer.Typer()
    register(app)

    @app.command("noop")
    def noop() -> None:  # a second command keeps Typer from collapsing the group
        pass

    return app


def _run(*args: str) -> tuple[int, str, BaseException | None]:
    result = CliRunner().invoke(_app(), ["estimate", *args])
    return result.exit_code, result.output, result.exception


def test_json_loglinear() -> None:
    code, out, _ = _run(str(DATA / "kosovo_1999.csv"), "--method", "loglinear", "--json")
    assert code == 0
    data = json.loads(out)
    assert set(data) == {
        "method",
        "observed",
        "estimate",
        "lower",
        "upper",
        "interval",
        "diagnostics",
        "warnings",
    }
    assert data["observed"] == 4400
    assert round(data["estimate"], 1) == 10356.5
    assert data["interval"] == 0.95


def test_json_dga_and_table_output() -> None:
    code, out, _ = _run(
        str(DATA / "dga_example_madigan_york_3list.csv"), "--method", "dga", "--json"
    )
    assert code == 0
    assert json.loads(out)["method"] == "dga"
    code, out, _ = _run(str(DATA / "kosovo_1999.csv"), "--method", "chapman", "--lists", "EXH,OSCE")
    assert code == 0
    assert "independent" in out


def test_lcmcr_json_has_quantiles_and_plot(tmp_path: Path) -> None:
    png = tmp_path / "n.png"
    code, out, exc = _run(
        str(DATA / "dga_example_madigan_york_3list.csv"),
        "--method",
        "lcmcr",
        "--json",
        "--burnin",
        "500",
        "--samples",
        "200",
        "--thinning",
        "5",
        "--chains",
        "1",
        "--plot",
        str(png),
    )
    assert code == 0, exc
    data = json.loads(out)
    assert data["lower"] <= data["estimate"] <= data["upper"]
    assert "0.975" in data["diagnostics"]["quantiles"]
    assert png.stat().st_size > 1000


def test_strata_refuse_thin_stratum(tmp_path: Path) -> None:
    rows = ["A,B,C,place,count"]
    for place in ("north", "south"):
        for cell in range(1, 8):
            bits = [(cell >> (2 - k)) & 1 for k in range(3)]
            rows.append(",".join(map(str, bits)) + f",{place},{10 + cell}")
    rows += ["1,0,0,east,5", "1,1,0,east,2", "0,1,0,east,3"]  # only two lists have records
    path = tmp_path / "s.csv"
    path.write_text("\n".join(rows) + "\n")
    code, out, exc = _run(str(path), "--method", "loglinear", "--strata", "place", "--json")
    assert code == 0, exc
    data = json.loads(out)
    assert "place=east" in data["refused"]
    assert "needs 3" in data["refused"]["place=east"]
    names = [s.get("stratum") for s in data["strata"]]
    assert names == ["place=north", "place=south", "total"]
    total = data["strata"][-1]
    assert total["estimate"] == pytest.approx(sum(s["estimate"] for s in data["strata"][:2]))


def test_bad_input_is_a_clean_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("A,B,count\n1,0,5\n0,0,2\n")
    code, _, exc = _run(str(path))
    # The real app turns CasefileError into a message; here we check it is that error.
    assert code != 0
    assert isinstance(exc, CasefileError)
    assert "row 3" in str(exc)
    code, _, exc = _run(str(DATA / "kosovo_1999.csv"), "--method", "magic")
    assert isinstance(exc, CasefileError) and "unknown method" in str(exc)
