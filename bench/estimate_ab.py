"""A/B timing of the LCMCR chain: this tree's sampler against a git revision's, in one process.

The machine's load moves single runs by +-20%, so both variants run interleaved (in random
order within each round) and the report is the median over rounds of the per-round ratio of
CPU times, which cancels load that drifts slower than a round.

    python bench/estimate_ab.py                 # against HEAD
    python bench/estimate_ab.py --rev HEAD~2 --rounds 40 --sweeps 20000
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "mse"
sys.path.insert(0, str(ROOT / "src"))

from casefile.estimate import lcmcr  # noqa: E402
from casefile.estimate.patterns import read_patterns  # noqa: E402

DATASETS = {
    "kosovo": ("kosovo_1999", 10),
    "colombia": ("colombia_reclutamiento_hombre_1999_R1", 15),
}


def load_rev(rev: str, where: Path) -> ModuleType:
    """lcmcr.py and rng.py of ``rev`` as a package of their own (rng imported relatively).

    The package is named by the revision's commit and its files are written only once, so
    numba's cache (keyed on the file and its time stamp) keeps the compiled old chain
    between runs: compiling it took about two minutes of every run.
    """
    sha = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", rev], capture_output=True, text=True, check=True
    ).stdout.strip()
    pkg = where / f"ab_{sha[:12]}"
    pkg.mkdir(parents=True, exist_ok=True)
    for name in ("rng", "lcmcr"):
        if (pkg / f"{name}.py").exists():
            continue
        src = subprocess.run(
            ["git", "-C", str(ROOT), "show", f"{rev}:src/casefile/estimate/{name}.py"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        src = src.replace("from casefile.estimate import rng", "from . import rng")
        (pkg / f"{name}.py").write_text(src)
    if not (pkg / "__init__.py").exists():
        (pkg / "__init__.py").write_text("")
    sys.path.insert(0, str(where))
    spec = importlib.util.find_spec(f"{pkg.name}.lcmcr")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


def drop_stale_chain_cache() -> None:
    """The package does this on import (``lcmcr.drop_stale_compiled``); kept callable so a
    long-running session can check again after an edit of ``rng.py``."""
    lcmcr.drop_stale_compiled(lcmcr._chain, Path(lcmcr.rng.__file__))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rev", default="HEAD")
    ap.add_argument("--rounds", type=int, default=30)
    ap.add_argument("--sweeps", type=int, default=20_000, help="Kosovo sweeps per timing run")
    ap.add_argument("--data", default="kosovo", choices=sorted(DATASETS))
    args = ap.parse_args()
    drop_stale_chain_cache()
    name, k = DATASETS[args.data]
    sweeps = args.sweeps if args.data == "kosovo" else max(args.sweeps // 4, 1_000)
    table = read_patterns(DATA / f"{name}.csv")
    ptr, idx, counts = lcmcr._cells(table)
    old = load_rev(args.rev, Path(tempfile.gettempdir()) / "casefile_estimate_ab")
    variants = {"old": old._gibbs, "new": lcmcr._gibbs}
    for f in variants.values():
        f(ptr, idx, counts, table.j, k, 0.25, 0.25, 0, 1, 1, 1)  # compile
    times: dict[str, list[float]] = {v: [] for v in variants}
    ratios = []
    for r in range(args.rounds):
        order = list(variants)
        random.shuffle(order)
        for v in order:
            c0 = time.process_time()
            variants[v](ptr, idx, counts, table.j, k, 0.25, 0.25, sweeps, 1, 1, 100 + r)
            times[v].append((time.process_time() - c0) / sweeps * 1e6)
        ratios.append(times["new"][-1] / times["old"][-1])
    if not ratios:
        print("compiled both variants (0 rounds)")
        return
    ratios.sort()
    q1, q3 = ratios[len(ratios) // 4], ratios[(3 * len(ratios)) // 4]
    print(f"{args.data}: {args.rounds} rounds x {sweeps:,} sweeps, against {args.rev}")
    for v, ts in times.items():
        print(f"  {v}: median {statistics.median(ts):.2f} us/sweep, best {min(ts):.2f}")
    print(f"  new/old: median {statistics.median(ratios):.3f} (quartiles {q1:.3f}-{q3:.3f})")
    print(f"  load {Path('/proc/loadavg').read_text().split()[:3]}")


if __name__ == "__main__":
    main()
