"""Simulation study: bias, relative RMSE and 95% interval coverage of each estimation method.

Populations of known size N are captured by 3-5 lists with heterogeneous capture
probabilities (latent classes, or a Rasch-style person effect) and with positive or
negative dependence between lists. Every method is run on the same replicates:
chapman (on the first two lists), loglinear (BIC-best, profile interval), dga and lcmcr
(short chains, printed below). Coverage is the share of replicates whose 95% interval
holds the true N; with R replicates its Monte Carlo standard error is about
sqrt(0.95 * 0.05 / R), so use --reps 100+ before reading much into small differences.

    python bench/estimate_coverage.py                 # quick (about 5 minutes on one core)
    python bench/estimate_coverage.py --reps 100 --out artifacts/
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from casefile.errors import CasefileError  # noqa: E402
from casefile.estimate import lcmcr  # noqa: E402
from casefile.estimate.api import estimate  # noqa: E402
from casefile.estimate.patterns import PatternTable, from_histories  # noqa: E402

Rng = np.random.Generator
Sim = Callable[[Rng], np.ndarray]


@dataclass
class Scenario:
    name: str
    n: int
    lists: int
    simulate: Sim  # returns the (N, J) 0/1 capture matrix of the whole population
    note: str


def latent_classes(rng: Rng) -> np.ndarray:
    # 60% hard to find, 40% easy to find; within a class the 4 lists are independent.
    n = 2000
    hard = rng.random(n) < 0.6
    p = np.where(hard[:, None], [0.12, 0.18, 0.12, 0.15], [0.5, 0.6, 0.45, 0.4])
    return (rng.random((n, 4)) < p).astype(int)


def positive_dependence(rng: Rng) -> np.ndarray:
    # 3 lists; B mostly copies A (on A: 60% on B, off A: 15%); C independent.
    n = 1500
    a = rng.random(n) < 0.3
    b = rng.random(n) < np.where(a, 0.6, 0.15)
    c = rng.random(n) < 0.3
    return np.column_stack([a, b, c]).astype(int)


def rasch_negative(rng: Rng) -> np.ndarray:
    # 5 lists, person effect theta ~ N(0, 1) on the logit scale (Rasch), and list B
    # avoids people already on A (negative dependence).
    n = 1500
    theta = rng.normal(size=n)
    base = np.array([-1.2, -0.9, -1.5, -1.3, -1.0])
    p = 1 / (1 + np.exp(-(base[None, :] + theta[:, None])))
    x = rng.random((n, 5)) < p
    pb = 1 / (1 + np.exp(-(base[1] + theta - np.where(x[:, 0], 1.2, 0.0))))
    x[:, 1] = rng.random(n) < pb
    return x.astype(int)


SCENARIOS = [
    Scenario("latent classes", 2000, 4, latent_classes, "2 classes, lists independent within"),
    Scenario("positive dependence", 1500, 3, positive_dependence, "B depends on A"),
    Scenario("Rasch + negative dep.", 1500, 5, rasch_negative, "person effect, B avoids A"),
]
METHODS = ("chapman", "loglinear", "dga", "lcmcr")


def observed_table(x: np.ndarray) -> PatternTable:
    seen = x[x.any(axis=1)]
    names = [chr(ord("A") + k) for k in range(x.shape[1])]
    return from_histories(names, [tuple(r) for r in seen])


def run_method(table: PatternTable, method: str, st: lcmcr.Settings) -> tuple[float, float, float]:
    if method == "chapman":
        table = table.drop_lists([0, 1])
    r = estimate(table, method, lcmcr_settings=st)
    if r.estimate is None:
        return math.nan, math.nan, math.nan
    lo = r.lower if r.lower is not None else math.nan
    hi = r.upper if r.upper is not None else math.nan
    return float(r.estimate), float(lo), float(hi)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=15, help="replicates per scenario")
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--burnin", type=int, default=2_000, help="lcmcr burn-in sweeps")
    ap.add_argument("--samples", type=int, default=500, help="lcmcr draws per chain")
    ap.add_argument("--thinning", type=int, default=10, help="lcmcr sweeps between draws")
    ap.add_argument("--chains", type=int, default=1, help="lcmcr chains")
    ap.add_argument("--out", type=Path, default=Path("artifacts"), help="folder for the PNG")
    args = ap.parse_args()
    console = Console()
    st = lcmcr.Settings(
        burnin=args.burnin,
        samples=args.samples,
        thinning=args.thinning,
        chains=args.chains,
        seed=args.seed,
    )
    console.print(
        f"settings: reps={args.reps} per scenario, seed={args.seed}; lcmcr K=min(2^J-1,15), "
        f"burn-in {st.burnin}, {st.samples} draws x thinning {st.thinning}, {st.chains} chain(s); "
        "dga default prior and grid; loglinear BIC-best with profile interval; "
        "chapman on lists A and B"
    )
    for s in SCENARIOS:
        console.print(f"  scenario {s.name}: N={s.n}, {s.lists} lists, {s.note}")
    rng = np.random.default_rng(args.seed)
    res: dict[tuple[str, str], list[tuple[float, float, float]]] = {}
    errors: dict[tuple[str, str], int] = {}
    seen_counts: dict[str, list[int]] = {}
    t0 = time.perf_counter()
    for s in SCENARIOS:
        for _ in range(args.reps):
            table = observed_table(s.simulate(rng))
            seen_counts.setdefault(s.name, []).append(table.observed)
            for m in METHODS:
                try:
                    res.setdefault((s.name, m), []).append(run_method(table, m, st))
                except CasefileError:
                    errors[(s.name, m)] = errors.get((s.name, m), 0) + 1
    elapsed = time.perf_counter() - t0

    t = Table(title=f"Coverage study ({args.reps} replicates per scenario, {elapsed:.0f} s)")
    for col in ("scenario", "true N", "mean seen", "method", "runs", "mean est.", "bias %"):
        t.add_column(col, justify="left" if col in ("scenario", "method") else "right")
    for col in ("rel. RMSE %", "coverage 95%", "mean width %"):
        t.add_column(col, justify="right")
    cover: dict[tuple[str, str], float] = {}
    for s in SCENARIOS:
        for m in METHODS:
            rows = np.array(res.get((s.name, m), []), dtype=float).reshape(-1, 3)
            ok = rows[np.isfinite(rows[:, 0])]
            if len(ok) == 0:
                t.add_row(s.name, f"{s.n:,}", "", m, "0", "", "", "", "", "")
                continue
            est, lo, hi = ok[:, 0], ok[:, 1], ok[:, 2]
            cov = float(np.mean((lo <= s.n) & (s.n <= hi)))
            cover[(s.name, m)] = cov
            bias = (est.mean() - s.n) / s.n * 100
            rmse = math.sqrt(float(np.mean((est - s.n) ** 2))) / s.n * 100
            width = float(np.mean(hi - lo)) / s.n * 100
            refused = errors.get((s.name, m), 0)
            style = "[red]" if cov < 0.8 else ""
            t.add_row(
                s.name,
                f"{s.n:,}",
                f"{np.mean(seen_counts[s.name]):,.0f}",
                m,
                f"{len(ok)}" + (f" (+{refused} refused)" if refused else ""),
                f"{est.mean():,.0f}",
                f"{bias:+.1f}",
                f"{rmse:.1f}",
                f"{style}{cov:.0%}",
                f"{width:.0f}",
            )
    console.print(t)
    se = math.sqrt(0.95 * 0.05 / max(args.reps, 1))
    console.print(
        f"Monte Carlo s.e. of a coverage near 95% with {args.reps} replicates: {se:.0%}. "
        "Red: below 80%."
    )
    args.out.mkdir(parents=True, exist_ok=True)
    png = args.out / "estimate_coverage.png"
    plot(cover, args.reps, png)
    console.print(f"picture: {png}")


def plot(cover: dict[tuple[str, str], float], reps: int, out: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(9.5, 4))
    width = 0.8 / len(SCENARIOS)
    for i, s in enumerate(SCENARIOS):
        xs = [k + (i - (len(SCENARIOS) - 1) / 2) * width for k in range(len(METHODS))]
        ys = [cover.get((s.name, m), math.nan) for m in METHODS]
        ax.bar(xs, ys, width, label=s.name)
    ax.axhline(0.95, color="black", ls="--", lw=1, label="nominal 95%")
    ax.set_xticks(range(len(METHODS)), METHODS)
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("share of 95% intervals holding the true N")
    ax.set_title(f"Coverage of 95% intervals ({reps} replicates per scenario)")
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    fig.tight_layout()
    fig.savefig(out, dpi=120)
    plt.close(fig)


if __name__ == "__main__":
    main()
