"""Pictures: estimate against the documented count, and the posterior of N per stratum."""

from __future__ import annotations

import struct
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
import typer
from mse_refdata import DATA, load
from typer.testing import CliRunner

from casefile.cli.estimate_cmds import register
from casefile.estimate import dga, lcmcr
from casefile.estimate.plots import (
    PosteriorN,
    plot_posteriors,
    posterior_path,
    posteriors_for,
)

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == PNG_MAGIC, f"{path} is not a PNG"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    assert data.rstrip(b"\x00")[-8:-4] == b"IEND"
    return width, height


def _svg_paths(path: Path) -> int:
    """Parses the file as SVG; returns how many drawn paths it has (text is drawn as paths)."""
    root = ET.parse(path).getroot()
    assert root.tag.endswith("svg")
    return sum(1 for e in root.iter() if e.tag.endswith("path") or e.tag.endswith("use"))


def _app() -> typer.Typer:
    app = typer.Typer()
    register(app)

    @app.command("noop")
    def noop() -> None:
        pass

    return app


def test_posterior_png_for_lcmcr_draws_and_dga_grid(tmp_path: Path) -> None:
    table = load("dga_example_madigan_york_3list")
    st = lcmcr.Settings(burnin=500, samples=400, thinning=5, chains=1, seed=4)
    _, draws = lcmcr.estimate_with_draws(table, st)
    post = dga.posterior(table)
    posts = [
        PosteriorN("lcmcr", table.observed, draws, None, "lcmcr"),
        PosteriorN("dga", table.observed, table.observed + post.n_missing, post.n_probs, "dga"),
    ]
    out = plot_posteriors(posts, tmp_path / "post.png", title="Madigan-York 3 lists")
    width, height = _png_size(out)
    assert width >= 800 and height >= 300  # two panels side by side


def test_posteriors_for_uses_the_reported_draws(tmp_path: Path) -> None:
    table = load("dga_example_madigan_york_3list")
    st = lcmcr.Settings(burnin=300, samples=200, thinning=3, chains=2, seed=8)
    reported = lcmcr.estimate(table, st)
    [p] = posteriors_for({"all": table}, "lcmcr", st)
    assert p.weights is None and len(p.values) == 400
    assert float(np.median(p.values)) == pytest.approx(reported.estimate)
    [g] = posteriors_for({"all": table}, "dga")
    assert g.weights is not None and g.weights.sum() == pytest.approx(1.0)
    with pytest.raises(ValueError):
        posteriors_for({"all": table}, "loglinear")


def test_cli_dga_plot_writes_svg_pair(tmp_path: Path) -> None:
    svg = tmp_path / "est.svg"
    data = str(DATA / "dga_example_madigan_york_5list.csv")
    result = CliRunner().invoke(_app(), ["estimate", data, "--method", "dga", "--plot", str(svg)])
    assert result.exit_code == 0, result.exception
    assert _svg_paths(svg) > 20
    assert posterior_path(svg).name == "est-posterior.svg"
    assert _svg_paths(posterior_path(svg)) > 20


def test_cli_lcmcr_strata_plot_writes_png_pair(tmp_path: Path) -> None:
    rows = ["A,B,C,place,count"]
    rng = np.random.default_rng(3)
    for place in ("north", "south"):
        for cell in range(1, 8):
            bits = [(cell >> (2 - k)) & 1 for k in range(3)]
            rows.append(",".join(map(str, bits)) + f",{place},{int(rng.integers(10, 60))}")
    path = tmp_path / "s.csv"
    path.write_text("\n".join(rows) + "\n")
    png = tmp_path / "n.png"
    args = ["estimate", str(path), "--method", "lcmcr", "--strata", "place", "--plot", str(png)]
    args += ["--burnin", "300", "--samples", "200", "--thinning", "2", "--chains", "1"]
    result = CliRunner().invoke(_app(), args)
    assert result.exit_code == 0, result.exception
    _png_size(png)
    width, _ = _png_size(tmp_path / "n-posterior.png")
    assert width >= 800  # one panel per stratum


def test_no_posterior_file_for_loglinear(tmp_path: Path) -> None:
    png = tmp_path / "ll.png"
    result = CliRunner().invoke(
        _app(),
        ["estimate", str(DATA / "kosovo_1999.csv"), "--method", "loglinear", "--plot", str(png)],
    )
    assert result.exit_code == 0, result.exception
    _png_size(png)
    assert not posterior_path(png).exists()
