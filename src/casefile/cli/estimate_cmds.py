"""casefile estimate: how many were never documented, from the overlap of lists."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from casefile.cli.common import console, open_workspace
from casefile.errors import CasefileError

# The estimators pull in SciPy and Numba (seconds of start-up): every other command of the CLI
# would pay for them, so they are imported when an estimate runs.
if TYPE_CHECKING:
    from casefile.estimate import Estimate
    from casefile.estimate.lcmcr import Settings
    from casefile.estimate.patterns import PatternTable


def register(app: typer.Typer) -> None:
    app.command("estimate")(estimate_cmd)


def estimate_cmd(
    ctx: typer.Context,
    patterns: Annotated[
        Path | None,
        typer.Argument(help="CSV: one 0/1 column per list, 'count' (and stratum columns)."),
    ] = None,
    method: Annotated[str, typer.Option(help="chapman, loglinear, dga or lcmcr.")] = "loglinear",
    strata: Annotated[
        str | None, typer.Option(help="Comma-separated stratum columns (e.g. place,sex).")
    ] = None,
    lists: Annotated[
        str | None, typer.Option(help="Use only these lists (comma-separated names).")
    ] = None,
    registry: Annotated[
        bool, typer.Option("--registry", help="Use the workspace's linked victim registry.")
    ] = False,
    linkages: Annotated[
        int,
        typer.Option(
            help="--registry: also combine N alternative linkages sampled from "
            "the match probabilities (uncertain matches widen the interval)."
        ),
    ] = 0,
    blocking_recall: Annotated[
        float | None,
        typer.Option(
            help="--linkages: the share of true pairs the linkage's blocking compared; the "
            "draws add the pairs it missed. Default: the figure the linkage run recorded, "
            "else 1.0 (no pair missed, said in the diagnostics)."
        ),
    ] = None,
    save: Annotated[
        bool,
        typer.Option(
            "--save",
            help="Keep the result in the workspace (with --registry, "
            "always): the input table goes into the vault, the run into the "
            "ledger.",
        ),
    ] = False,
    plot: Annotated[Path | None, typer.Option(help="Write a PNG/SVG picture here.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
    chains: Annotated[int, typer.Option(help="lcmcr: chains (run in parallel).")] = 2,
    burnin: Annotated[int, typer.Option(help="lcmcr: burn-in sweeps per chain.")] = 10_000,
    samples: Annotated[int, typer.Option(help="lcmcr: draws kept per chain.")] = 1_000,
    thinning: Annotated[int, typer.Option(help="lcmcr: sweeps between kept draws.")] = 100,
    k: Annotated[int | None, typer.Option("--k", help="lcmcr: latent classes.")] = None,
    seed: Annotated[int, typer.Option(help="lcmcr: random seed.")] = 19481210,
) -> None:
    """Estimate the total number of victims, documented and not, with a 95% interval."""
    from casefile.estimate import read_patterns
    from casefile.estimate.api import METHODS
    from casefile.estimate.lcmcr import Settings

    if method not in METHODS:
        raise CasefileError(f"unknown method {method!r}: use one of {', '.join(METHODS)}")
    if (patterns is None) == (not registry):
        raise CasefileError("give a PATTERNS.csv file or --registry (one of the two)")
    if linkages and not registry:
        raise CasefileError("--linkages needs --registry (alternative linkages come from it)")
    if blocking_recall is not None and not linkages:
        raise CasefileError("--blocking-recall needs --linkages N (the draws use it)")
    if blocking_recall is not None and not 0 < blocking_recall <= 1:
        raise CasefileError(f"--blocking-recall {blocking_recall}: give a share in (0, 1]")
    settings = Settings(
        k=k, burnin=burnin, samples=samples, thinning=thinning, chains=chains, seed=seed
    )
    strata_cols = [s.strip() for s in strata.split(",")] if strata else []
    if registry:
        source = _registry_input(ctx, strata_cols)
    else:
        assert patterns is not None
        source = _file_input(patterns)
    results, refused = _run(source, strata_cols, method, lists, settings)
    if registry and results:
        best = results[-1] if strata_cols else results[0]  # the total, or the one table
        reported = best
        if linkages:
            reported = _with_linkage_uncertainty(
                ctx, results, strata_cols, method, lists, settings, linkages, seed,
                blocking_recall,
            )  # fmt: skip
            results = [reported]
        _check_linkage(ctx, reported, best, strata_cols, method, lists, settings)
    title = f"{source.name}: {method}"
    if plot is not None:
        from casefile.estimate.plots import (
            plot_estimates,
            plot_posteriors,
            posterior_path,
            posteriors_for,
        )
        from casefile.estimate.strata import read_stratified

        plot_estimates(results, plot, title=title)
        if method in ("dga", "lcmcr") and results:
            # The posterior of N per stratum goes next to it, as FILE-posterior.png/.svg.
            if strata_cols or source.kind == "registry":
                plot_tables = read_stratified(source.path, strata_cols)
            else:
                plot_tables = {"all": read_patterns(source.path)}
            plot_tables = {key: _choose(t, lists) for key, t in plot_tables.items()}
            posts = posteriors_for(plot_tables, method, settings)
            plot_posteriors(posts, posterior_path(plot), title=title)
    run_id = None
    if (save or registry) and results:
        run_id = _save(ctx, source, results, method, lists, settings, strata_cols, linkages)
    if as_json:
        _print_json(results, refused, bool(strata_cols), run_id)
        return
    _print_table(results, refused, method, title)
    if run_id:
        console.print(
            f"saved as run {run_id} (input item {source.sha256[:12] if source.sha256 else '?'})"
        )


@dataclass
class _Input:
    name: str
    path: Path
    kind: str  # patterns | registry
    sha256: str | None = None
    label: str = ""


def _file_input(path: Path) -> _Input:
    return _Input(
        path.name, path, "patterns", label=f"capture patterns for estimation: {path.name}"
    )


def _registry_input(ctx: typer.Context, strata: list[str]) -> _Input:
    from casefile.estimate.registry import preserve_histories

    sha, path = preserve_histories(open_workspace(ctx), strata)
    return _Input("victim registry", path, "registry", sha256=sha)


def _run(
    source: _Input, strata: list[str], method: str, lists: str | None, settings: Settings
) -> tuple[list[Estimate], dict[str, str]]:
    from casefile.estimate import estimate, read_patterns
    from casefile.estimate.strata import estimate_strata, read_stratified

    if strata:
        tables = read_stratified(source.path, strata)
        tables = {key: _choose(t, lists) for key, t in tables.items()}
        return estimate_strata(tables, method, lcmcr_settings=settings)
    if source.kind == "registry":
        [table] = read_stratified(source.path, []).values()
    else:
        table = read_patterns(source.path)
    return [estimate(_choose(table, lists), method, lcmcr_settings=settings)], {}


def _with_linkage_uncertainty(
    ctx: typer.Context,
    results: list[Estimate],
    strata: list[str],
    method: str,
    lists: str | None,
    settings: Settings,
    n: int,
    seed: int,
    blocking_recall: float | None,
) -> Estimate:
    if strata:
        raise CasefileError("--linkages works on the whole registry: leave out --strata")
    from casefile.estimate.linkage import combine_linkages
    from casefile.estimate.registry import ASSUMED_RECALL, alternative_draws
    from casefile.people.registry import run_facts

    ws = open_workspace(ctx)
    with ws.db.read() as conn:
        source = "given with --blocking-recall"
        if blocking_recall is None:
            blocking_recall = run_facts(conn)["blocking_recall"]
            source = "recorded by the linkage run"
        if blocking_recall is None:
            blocking_recall, source = 1.0, ASSUMED_RECALL
        drawn, about = alternative_draws(conn, n, seed, blocking_recall)
    tables = [_choose(t, lists) for t in drawn]
    combined = combine_linkages(tables, method, lcmcr_settings=settings)
    combined.diagnostics["best_linkage"] = results[0].as_json()
    combined.diagnostics["draws"] = {**about, "blocking_recall_source": source}
    return combined


def _check_linkage(
    ctx: typer.Context,
    reported: Estimate,
    best: Estimate,
    strata: list[str],
    method: str,
    lists: str | None,
    settings: Settings,
) -> None:
    """Estimates both ends of the review queue and puts them, and the warnings they call
    for, on the reported estimate (stored with it)."""
    from casefile.estimate.linkage import attach_linkage
    from casefile.estimate.registry import linkage_check

    def estimate_tables(tables: dict[str, PatternTable]) -> Estimate:
        from casefile.estimate import estimate
        from casefile.estimate.strata import estimate_strata

        chosen = {key: _choose(t, lists) for key, t in tables.items()}
        if strata:
            parts, refused = estimate_strata(chosen, method, lcmcr_settings=settings)
            if not parts:
                raise CasefileError(
                    "every stratum was refused: "
                    + "; ".join(f"{k}: {v}" for k, v in refused.items())
                )
            return parts[-1]
        [table] = chosen.values()
        return estimate(table, method, lcmcr_settings=settings)

    ws = open_workspace(ctx)
    with ws.db.read() as conn:
        info = linkage_check(conn, strata, estimate_tables, best)
    attach_linkage(reported, info)


def _save(
    ctx: typer.Context,
    source: _Input,
    results: list[Estimate],
    method: str,
    lists: str | None,
    settings: Settings,
    strata: list[str],
    linkages: int,
) -> str:
    from casefile.estimate.store import preserve_input, save_run

    ws = open_workspace(ctx)
    if source.sha256 is None:
        source.sha256 = preserve_input(ws, source.path, source.label)
    chosen = [n.strip() for n in lists.split(",")] if lists else []
    return save_run(
        ws,
        results,
        input_kind=source.kind,
        input_sha256=source.sha256,
        lists=chosen,
        settings={
            "method": method,
            "strata": strata,
            "linkages": linkages,
            **({"lcmcr": asdict(settings)} if method == "lcmcr" else {}),
        },
    )


def _print_json(
    results: list[Estimate], refused: dict[str, str], stratified: bool, run_id: str | None
) -> None:
    if stratified:
        payload: dict[str, object] = {"strata": [r.as_json() for r in results], "refused": refused}
    else:
        payload = results[0].as_json()
    info = _linkage_of(results)
    if info is not None:
        payload["pending_review_pairs"] = info["pending_review_pairs"]
        payload["links"] = info["links"]
        payload["linkage_bounds"] = info["linkage_bounds"]
    if run_id:
        payload["run_id"] = run_id
    typer.echo(json.dumps(payload, indent=1))


def _print_table(results: list[Estimate], refused: dict[str, str], method: str, title: str) -> None:
    kind = "posterior median" if method in ("dga", "lcmcr") else "estimate"
    table = Table(
        "stratum", "documented", kind, "95% interval", "model / note", title=escape(title)
    )
    for r in results:
        interval = (
            f"{r.lower:,.0f} – {r.upper:,.0f}"
            if r.lower is not None and r.upper is not None
            else ""
        )
        note = r.diagnostics.get("model") or r.diagnostics.get("interval_kind") or ""
        if method == "lcmcr" and "rhat" in r.diagnostics:
            note = f"R-hat {r.diagnostics['rhat']:.3f}, ESS {r.diagnostics['ess']:.0f}"
        if method == "dga" and r.diagnostics.get("top_graphs"):
            note = f"top graph {r.diagnostics['top_graphs'][0]['graph']}"
        if r.diagnostics.get("linkages"):
            note = f"combined over {r.diagnostics['linkages']} alternative linkages"
        table.add_row(
            r.stratum or "all",
            f"{r.observed:,}",
            f"{r.estimate:,.0f}" if r.estimate is not None else "",
            interval,
            escape(str(note)),
        )
    for key, reason in refused.items():
        table.add_row(escape(key), "", "[red]refused[/]", "", escape(reason))
    console.print(table)
    info = _linkage_of(results)
    if info is not None:
        for line in linkage_lines(info):
            console.print(escape(line))
    for r in results:
        draws = r.diagnostics.get("draws")
        if draws:
            console.print(
                escape(
                    f"alternative linkages: {draws['draws']} draws, blocking recall "
                    f"{draws['blocking_recall']:g} ({draws['blocking_recall_source']}); "
                    f"{draws['blocking_misses_mean']:,.1f} merges a draw added for pairs the "
                    f"blocking missed, on {draws['cross_list_links_mean']:,.1f} links "
                    "between lists"
                )
            )
    for r in results:
        for w in r.warnings:
            console.print(f"[yellow]warning:[/] {escape(w)}")


def _linkage_of(results: list[Estimate]) -> dict[str, Any] | None:
    for r in results:
        info = r.diagnostics.get("linkage")
        if isinstance(info, dict):
            return info
    return None


def linkage_lines(info: dict[str, Any]) -> list[str]:
    """The review queue and the estimate at both of its ends, in words."""
    bounds = info.get("linkage_bounds") or {}

    def end(key: str) -> str:
        b = bounds.get(key) or {}
        if b.get("refused"):
            return f"no estimate ({b['refused']}), {b.get('persons', 0):,} persons"
        interval = (
            f"{b['lower']:,.0f} – {b['upper']:,.0f}"
            if b.get("lower") is not None and b.get("upper") is not None
            else "no interval"
        )
        est = "–" if b.get("estimate") is None else f"{b['estimate']:,.0f}"
        return f"{est} ({interval}; {b.get('persons', 0):,} persons)"

    return [
        f"linkage run {info.get('run_id')}: {info.get('pending_review_pairs', 0):,} pairs await "
        f"review against {info.get('links', 0):,} links",
        f"  every pending pair the same person: {end('all_same')}",
        f"  every pending pair different:       {end('all_different')}",
    ]


def _choose(table: PatternTable, lists: str | None) -> PatternTable:
    if not lists:
        return table
    names = [n.strip() for n in lists.split(",")]
    unknown = [n for n in names if n not in table.lists]
    if unknown:
        raise CasefileError(f"no list named {', '.join(unknown)} (lists: {', '.join(table.lists)})")
    return table.drop_lists([table.lists.index(n) for n in names])
