"""End to end on victim lists whose true total is known: import -> link -> estimate.

python bench/registry.py                          # 20 populations, log-linear, ~5 minutes
python bench/registry.py --method lcmcr           # the Bayesian estimate (slower)
python bench/registry.py --populations 30 --linkages 10 --people 1500,2500,5000

Each population is drawn by casefile.people.synthetic with the harsh error model of issue 24
(HARSH_STYLES: about half the names mistyped after transliteration, police lists in Ukrainian
Cyrillic family name first, NGO lists in national Latin with birth year or age, media lists in
Russian-style Latin or Cyrillic with age only and place blank half the time, 5% duplicates
within a list, months without days, dates of death a few days off), 3 to 6 lists with
unequal coverage, a small town's name pool up to 5,000 people and the national one above.
Every population is imported into a fresh workspace (SQLite) through the same functions as
`casefile victims import` and `casefile victims link`, then estimated by
`casefile estimate --registry --json`, exactly as a user would.

Printed per population and over all: pairwise precision / recall / F1 of the linkage against
the truth, blocking recall (true pairs the blocking rules compared at all: the model scored
once more without a probability floor), the estimate and its interval against the true total
(everyone drawn, on a list or not), whether the interval covers the truth, and whether the
result carried a warning; beside it the same method on the true linkage (each person's lists
as drawn), which separates the estimator's own error from the linkage's. The issue's
targets: coverage >= 0.9 where no warning was given, and a warning wherever the interval
misses. These populations are ours (generated): a score on them is in-sample;
bench/linkage.py scores the same model on FEBRL, which we did not make.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import Progress
from rich.table import Table
from sqlalchemy import Connection, select
from typer.testing import CliRunner

from casefile.cli.main import app
from casefile.errors import CasefileError
from casefile.estimate.api import estimate
from casefile.estimate.patterns import from_histories
from casefile.people import model
from casefile.people.importer import import_list
from casefile.people.link import input_table, run_link
from casefile.people.registry import histories_for
from casefile.people.schema import person_members, victim_records
from casefile.people.synthetic import generate, harsh_styles, write_csv
from casefile.vault.workspace import Workspace

console = Console(width=170)


def true_pairs(truth: dict[int, int]) -> set[tuple[int, int]]:
    groups: dict[int, list[int]] = defaultdict(list)
    for rec, person in truth.items():
        groups[person].append(rec)
    return {(a, b) for g in groups.values() for a, b in itertools.combinations(sorted(g), 2)}


def linked_pairs(person: dict[int, str]) -> set[tuple[int, int]]:
    groups: dict[str, list[int]] = defaultdict(list)
    for rec, p in person.items():
        groups[p].append(rec)
    return {(a, b) for g in groups.values() for a, b in itertools.combinations(sorted(g), 2)}


def blocking_recall(ws: Workspace, truth_pairs: set[tuple[int, int]]) -> tuple[float, float]:
    """(share of true pairs the blocking compared, candidates per record)."""
    with ws.db.read() as conn:
        table = input_table(conn)
    scored = model.score(table, model.ours(), model.duckdb_api(), min_probability=0.0)
    ids = zip(
        scored.pairs.column("unique_id_l").to_pylist(),
        scored.pairs.column("unique_id_r").to_pylist(),
        strict=True,
    )
    cand = {(min(a, b), max(a, b)) for a, b in ids}
    recall = len(cand & truth_pairs) / len(truth_pairs) if truth_pairs else 1.0
    return recall, 2 * len(cand) / table.num_rows


def true_linkage_estimate(
    conn: Connection, truth: dict[int, int], method: str
) -> tuple[float, float, float] | None:
    """The same method on the true linkage, its capture histories built as the estimate
    builds a drawn linkage's (`histories_for`): what a perfect linkage would give, so that
    the error of the estimate splits into linkage and model. None when it cannot estimate."""
    lists, rows = histories_for(conn, {rec: str(person) for rec, person in truth.items()})
    try:
        e = estimate(from_histories(lists, [[row[n] for n in lists] for row in rows]), method)
    except CasefileError:
        return None
    return e.estimate or 0.0, e.lower or 0.0, e.upper or 0.0


def one_population(
    n_people: int, n_lists: int, seed: int, method: str, linkages: int | None, folder: Path
) -> dict[str, Any]:
    pool = "small" if n_people <= 5000 else "national"
    syn = generate(n_people, seed, harsh_styles(n_lists, seed), pool=pool, death_days=40)
    ws = Workspace.init(folder / "ws", None, actor="bench@registry")
    try:
        for name, rows in syn.lists.items():
            path = folder / f"{name}.csv"
            write_csv(rows, path)
            import_list(ws, path, name, event_year=2022)
        t = time.perf_counter()
        res = run_link(ws)
        link_s = time.perf_counter() - t
        with ws.db.read() as conn:
            truth = {
                r.id: int(json.loads(r.extra)["truth"])
                for r in conn.execute(select(victim_records.c.id, victim_records.c.extra))
            }
            true_est = true_linkage_estimate(conn, truth, method)
            person = {
                r.record_pk: r.person_id
                for r in conn.execute(
                    select(person_members.c.record_pk, person_members.c.person_id).where(
                        person_members.c.run_id == res.run_id
                    )
                )
            }
        tp_set, lp_set = true_pairs(truth), linked_pairs(person)
        tp = len(tp_set & lp_set)
        p = tp / len(lp_set) if lp_set else 1.0
        r = tp / len(tp_set) if tp_set else 1.0
        b_recall, per_record = blocking_recall(ws, tp_set)
        args = ["--workspace", str(ws.root), "estimate", "--registry", "--method", method, "--json"]
        if linkages is not None:
            args += ["--linkages", str(linkages)]
        t = time.perf_counter()
        out = CliRunner().invoke(app, args)
        est_s = time.perf_counter() - t
        if out.exit_code != 0:
            return {"error": out.output.strip()[-300:], "people": n_people, "lists": n_lists}
        est = json.loads(out.output)
    finally:
        ws.close()
    lo, hi = est.get("lower"), est.get("upper")
    bounds = est.get("linkage_bounds") or {}
    return {
        "seed": seed,
        "people": n_people,
        "lists": n_lists,
        "records": res.records,
        "documented": len({t for t in truth.values()}),
        "pair_p": p,
        "pair_r": r,
        "pair_f1": 2 * p * r / (p + r) if p + r else 0.0,
        "blocking_recall": b_recall,
        "candidates_per_record": per_record,
        "review": est.get("pending_review_pairs", res.review),
        "estimate": est.get("estimate"),
        "lower": lo,
        "upper": hi,
        "covers": lo is not None and hi is not None and lo <= n_people <= hi,
        "warned": bool(est.get("warnings")),
        "warnings": est.get("warnings", []),
        "true_linkage": true_est,
        "all_same": (bounds.get("all_same") or {}).get("estimate"),
        "all_different": (bounds.get("all_different") or {}).get("estimate"),
        "link_s": link_s,
        "estimate_s": est_s,
    }


def positive(text: str) -> int:
    if not text.strip().isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1")
    return int(text)


def sizes_list(text: str) -> list[int]:
    """'1500,2500,5000' -> [1500, 2500, 5000]."""
    return [positive(s) for s in text.split(",")]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--populations", type=positive, default=20)
    ap.add_argument(
        "--people", type=sizes_list, default=[1500, 2500, 5000], help="sizes, used in turn"
    )
    ap.add_argument("--method", default="loglinear")
    ap.add_argument(
        "--linkages", type=int, default=None, help="as the CLI's (default: its own, 20 draws)"
    )
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument("--json", type=Path, help="also write every population's figures here")
    args = ap.parse_args()
    sizes: list[int] = args.people
    console.print(f"start: load average {os.getloadavg()[0]:.2f}; method {args.method}")
    rows: list[dict[str, Any]] = []
    with Progress(console=console) as progress, tempfile.TemporaryDirectory() as tmp:
        task = progress.add_task("populations", total=args.populations)
        for i in range(args.populations):
            folder = Path(tmp) / f"pop{i}"
            folder.mkdir()
            n, j = sizes[i % len(sizes)], 3 + i % 4
            rows.append(one_population(n, j, args.seed + i, args.method, args.linkages, folder))
            progress.advance(task)
    table = Table(
        "seed", "people", "lists", "records", "pair P", "pair R", "pair F1", "block R",
        "cand/rec", "review", "estimate [interval]", "all same .. all different",
        "on true linkage", "covers",
        "warned", "link s", "est s",
        title=f"registry end to end ({args.method}, harsh lists; truth = people drawn)",
    )  # fmt: skip
    for r in rows:
        if "error" in r:
            table.add_row("", str(r["people"]), str(r["lists"]), "error: " + r["error"])
            continue
        table.add_row(
            str(r["seed"]), f"{r['people']:,}", str(r["lists"]), f"{r['records']:,}",
            f"{r['pair_p']:.3f}", f"{r['pair_r']:.3f}", f"{r['pair_f1']:.3f}",
            f"{r['blocking_recall']:.4f}", f"{r['candidates_per_record']:.1f}", str(r["review"]),
            f"{r['estimate']:,.0f} [{r['lower']:,.0f}; {r['upper']:,.0f}]",
            f"{r['all_same'] or 0:,.0f} .. {r['all_different'] or 0:,.0f}",
            "{:,.0f} [{:,.0f}; {:,.0f}]".format(*r["true_linkage"]) if r["true_linkage"] else "-",
            "yes" if r["covers"] else "NO", "yes" if r["warned"] else "no",
            f"{r['link_s']:.1f}", f"{r['estimate_s']:.1f}",
        )  # fmt: skip
    console.print(table)
    ok = [r for r in rows if "error" not in r]
    quiet = [r for r in ok if not r["warned"]]
    missed = [r for r in ok if not r["covers"]]
    true_ok = [(r, r["true_linkage"]) for r in ok if r["true_linkage"]]
    summary = {
        "populations": len(rows),
        "errors": len(rows) - len(ok),
        "pair_f1_min": min((r["pair_f1"] for r in ok), default=None),
        "pair_f1_mean": sum(r["pair_f1"] for r in ok) / len(ok) if ok else None,
        "blocking_recall_min": min((r["blocking_recall"] for r in ok), default=None),
        "coverage_all": sum(r["covers"] for r in ok) / len(ok) if ok else None,
        "coverage_without_warning": (
            sum(r["covers"] for r in quiet) / len(quiet) if quiet else None
        ),
        "without_warning": len(quiet),
        "misses": len(missed),
        "misses_warned": sum(r["warned"] for r in missed),
        "relative_error_median": sorted(abs(r["estimate"] / r["people"] - 1) for r in ok)[
            len(ok) // 2
        ]
        if ok
        else None,
        # the same method on the true linkage: how much of the error is the model's own
        "true_linkage_coverage": sum(t[1] <= r["people"] <= t[2] for r, t in true_ok) / len(true_ok)
        if true_ok
        else None,
        "true_linkage_relative_error_median": sorted(
            abs(t[0] / r["people"] - 1) for r, t in true_ok
        )[len(true_ok) // 2]
        if true_ok
        else None,
    }
    for k, v in summary.items():
        console.print(f"{k}: {v:.4f}" if isinstance(v, float) else f"{k}: {v}")
    # With every population warned the first target holds vacuously: say so, not "not met".
    quiet_ok = not quiet or (summary["coverage_without_warning"] or 0) >= 0.9
    targets = quiet_ok and summary["misses"] == summary["misses_warned"]
    console.print(
        "targets (coverage >= 0.9 without warning; every miss warned): "
        + ("[green]met[/]" if targets else "[red]not met[/]")
        + (" (every population carried a warning)" if not quiet else "")
    )
    for r in missed:
        console.print(f"  miss, seed {r['seed']}: warnings {r['warnings']}", markup=False)
    if args.json:
        args.json.write_text(json.dumps({"summary": summary, "rows": rows}, indent=1))
    console.print(f"end: load average {os.getloadavg()[0]:.2f}")
    sys.exit(0)


if __name__ == "__main__":
    main()
