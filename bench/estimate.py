"""Estimation benchmark: LCMCR Gibbs sweeps per second and the J=5 log-linear model search.

When R and its LCMCR package are installed (``Rscript``, ``library(LCMCR)``; R_LIBS may name
where), the LCMCR peer is measured in the same run: the same data, K and priors, one chain,
only its ``$Update(n)`` sweeps timed, the best of the repeats, R and casefile taken in turn.
Always printed too: the run times of R LCMCR 0.4.14 and Rcapture 1.4-4 recorded in
shared/mse/reference_results.csv (copied to tests/data/mse/), divided by the number of sweeps
of those runs, and the issue's own figures (about 11 us and 80 us per sweep).

    python bench/estimate.py                  # default sweep counts
    python bench/estimate.py --sweeps 200000  # longer single-chain runs
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "mse"
sys.path.insert(0, str(ROOT / "src"))

from estimate_ab import drop_stale_chain_cache  # noqa: E402

from casefile.estimate import lcmcr  # noqa: E402
from casefile.estimate.loglinear import select_models  # noqa: E402
from casefile.estimate.patterns import read_patterns  # noqa: E402

PEER = "the recorded columns: R LCMCR 0.4.14 as recorded in shared/mse/reference_results.csv"
# (dataset, K, recorded R seconds, sweeps of that run, settings text of that row)
R_LCMCR = {
    "kosovo_1999": (10, 6.2, 10_000 + 5_000 * 100, "K=10 burnin 1e4, 5000 draws thin 100"),
    "colombia_reclutamiento_hombre_1999_R1": (
        15,
        425.0,
        10_000 + 10_000 * 500,
        "HRDAG settings: K=15 burnin 1e4, 10000 x 500",
    ),
}
ISSUE_US = {"kosovo_1999": 11.0, "colombia_reclutamiento_hombre_1999_R1": 80.0}
R_LOGLINEAR = {  # Rcapture closedpMS.t, 6,893 models, recorded seconds
    "dga_example_madigan_york_5list": 27.0,
    "modern_slavery_Western": 31.0,
}


def sweep_time(name: str, k: int, sweeps: int, repeats: int) -> tuple[float, float]:
    """Best CPU and wall seconds per sweep of one chain (the machine may be shared)."""
    table = read_patterns(DATA / f"{name}.csv")
    ptr, idx, counts = lcmcr._cells(table)
    lcmcr._gibbs(ptr, idx, counts, table.j, k, 0.25, 0.25, 0, 1, 1, 1)  # compile
    best_cpu = best_wall = float("inf")
    for rep in range(repeats):
        c0, w0 = time.process_time(), time.perf_counter()
        lcmcr._gibbs(ptr, idx, counts, table.j, k, 0.25, 0.25, sweeps, 1, 1, 100 + rep)
        best_cpu = min(best_cpu, (time.process_time() - c0) / sweeps)
        best_wall = min(best_wall, (time.perf_counter() - w0) / sweeps)
    return best_cpu, best_wall


# Times R LCMCR's sweeps: the patterns expanded to one row per person (factors 0/1), the
# default priors, 100 sweeps before the timing; prints one RESULT line per repeat.
R_TIMING = r"""
suppressMessages(library(LCMCR))
args <- commandArgs(trailingOnly = TRUE)
tab <- read.csv(args[1]); K <- as.integer(args[2]); sweeps <- as.integer(args[3])
cols <- setdiff(names(tab), "count")
ind <- tab[rep(seq_len(nrow(tab)), tab$count), cols, drop = FALSE]
for (c in cols) ind[[c]] <- factor(ind[[c]], levels = c(0, 1))
rownames(ind) <- NULL
for (r in seq_len(as.integer(args[4]))) {
  o <- lcmCR(ind, tabular = FALSE, K = K, a_alpha = 0.25, b_alpha = 0.25,
             buffer_size = 10, thinning = 1, seed = 1000 + r, verbose = FALSE)
  o$Update(100, output = FALSE)
  pt <- system.time(o$Update(sweeps, output = FALSE))
  cat(sprintf("RESULT %.6f %.6f\n", pt[["user.self"]] + pt[["sys.self"]], pt[["elapsed"]]))
}
"""


def r_lcmcr() -> str | None:
    """R LCMCR's version when Rscript can load it, else None."""
    if not shutil.which("Rscript"):
        return None
    got = subprocess.run(
        ["Rscript", "-e", 'suppressMessages(library(LCMCR)); cat(format(packageVersion("LCMCR")))'],
        capture_output=True,
        text=True,
    )
    return got.stdout.strip() if got.returncode == 0 and got.stdout.strip() else None


def r_sweep_time(name: str, k: int, sweeps: int, repeats: int) -> tuple[float, float]:
    """Best CPU and wall seconds per sweep of R LCMCR on the same data (one chain)."""
    with tempfile.NamedTemporaryFile("w", suffix=".R", delete=False) as f:
        f.write(R_TIMING)
    try:
        out = subprocess.run(
            ["Rscript", f.name, str(DATA / f"{name}.csv"), str(k), str(sweeps), str(repeats)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        os.unlink(f.name)
    runs = [
        tuple(map(float, line.split()[1:3]))
        for line in out.splitlines()
        if line.startswith("RESULT")
    ]
    return min(c for c, _ in runs) / sweeps, min(w for _, w in runs) / sweeps


def chains_wall(name: str, k: int, sweeps: int, chains: int) -> float:
    table = read_patterns(DATA / f"{name}.csv")
    st = lcmcr.Settings(k=k, burnin=sweeps, samples=10, thinning=1, chains=chains, seed=5)
    lcmcr.run_chains(table, lcmcr.Settings(k=k, burnin=0, samples=1, thinning=1, chains=1))
    t0 = time.perf_counter()
    lcmcr.run_chains(table, st)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sweeps", type=int, default=100_000, help="sweeps per Kosovo timing run")
    ap.add_argument("--repeats", type=int, default=3, help="timing runs; the best is kept")
    args = ap.parse_args()
    drop_stale_chain_cache()
    console = Console(width=max(Console().width, 150))  # full tables when piped to a file
    console.print(f"cores: {os.cpu_count()}; {uptime()}")
    r_version = r_lcmcr()
    console.print(
        f"R LCMCR {r_version}: measured in this run"
        if r_version
        else "R LCMCR is not installed: its recorded run times only"
    )

    t = Table(title="LCMCR Gibbs sampler, one chain on one core")
    for col in ("dataset", "K", "sweeps", "µs/sweep (CPU)", "µs/sweep (wall)", "sweeps/s"):
        t.add_column(col, justify="right" if col != "dataset" else "left")
    if r_version:
        for col in ("R µs/sweep (CPU, here)", "speed-up vs R here"):
            t.add_column(col, justify="right")
    for col in ("R µs/sweep (recorded)", "speed-up vs R", "issue's R µs", "vs issue"):
        t.add_column(col, justify="right")
    for name, (k, r_sec, r_sweeps, _settings) in R_LCMCR.items():
        sweeps = args.sweeps if k == 10 else max(args.sweeps // 5, 1_000)
        here: list[str] = []
        if r_version:  # R first, then ours: the same minutes of the machine
            r_cpu, _r_wall = r_sweep_time(name, k, sweeps, args.repeats)
        cpu, wall = sweep_time(name, k, sweeps, args.repeats)
        if r_version:
            here = [f"{r_cpu * 1e6:.1f}", f"{r_cpu / cpu:.2f}x"]
        r_us = r_sec / r_sweeps * 1e6
        t.add_row(
            name,
            str(k),
            f"{sweeps:,}",
            f"{cpu * 1e6:.1f}",
            f"{wall * 1e6:.1f}",
            f"{1 / cpu:,.0f}",
            *here,
            f"{r_us:.1f}",
            f"{r_us / (cpu * 1e6):.2f}x",
            f"{ISSUE_US[name]:.0f}",
            f"{ISSUE_US[name] / (cpu * 1e6):.2f}x",
        )
    console.print(t)
    console.print(f"peer: {PEER}; R runs:")
    for name, (_k, r_sec, r_sweeps, r_settings) in R_LCMCR.items():
        console.print(f"  {name}: {r_settings}: {r_sec} s / {r_sweeps:,} sweeps")
    console.print("CPU time is the process's own; wall time includes waiting on a shared machine.")

    p = Table(title="Chains in parallel (wall seconds, all cores)")
    for col in ("dataset", "sweeps/chain", "1 chain", "2 chains", "2 chains / 1 chain"):
        p.add_column(col, justify="right" if col != "dataset" else "left")
    for name, (k, *_rest) in R_LCMCR.items():
        sweeps = 40_000 if k == 10 else 8_000
        one = chains_wall(name, k, sweeps, 1)
        two = chains_wall(name, k, sweeps, 2)
        p.add_row(name, f"{sweeps:,}", f"{one:.2f}", f"{two:.2f}", f"{two / one:.2f}")
    console.print(p)
    console.print(uptime())
    console.print("(ideal on an idle machine with 2+ free cores: 2 chains / 1 chain = 1.0)")

    select_models(read_patterns(DATA / "kosovo_1999.csv"), "bic")  # compile the batch fit
    g = Table(title="Log-linear model search, J = 5 (all hierarchical models, BIC/AIC)")
    for col in ("dataset", "models", "wall s", "CPU s", "R closedpMS.t s (recorded)", "speed-up"):
        g.add_column(col, justify="right" if col != "dataset" else "left")
    for name, r_sec in R_LOGLINEAR.items():
        table = read_patterns(DATA / f"{name}.csv")
        t0, c0 = time.perf_counter(), time.process_time()
        models = select_models(table, "bic")
        sec, cpu_s = time.perf_counter() - t0, time.process_time() - c0
        g.add_row(
            name,
            f"{len(models):,}",
            f"{sec:.2f}",
            f"{cpu_s:.2f}",
            f"{r_sec:.0f}",
            f"{r_sec / sec:.1f}x (wall)",
        )
    console.print(g)
    console.print("peer: Rcapture 1.4-4 as recorded in shared/mse/reference_results.csv")
    console.print(uptime())


def uptime() -> str:
    try:
        return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    except OSError:
        return f"load average: {os.getloadavg()}"


if __name__ == "__main__":
    main()
