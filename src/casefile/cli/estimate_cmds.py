"""casefile estimate: how many were never documented, from the overlap of lists."""

from __future__ import annotations

import json
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
        int | None,
        typer.Option(
            min=0,
            help="--registry: combine N alternative linkages drawn from the match "
            "probabilities (default 20 on the whole registry, 0 with "
            "--strata). 0 estimates on the accepted links alone, which leaves out the "
            "chance that pending pairs are one person and so runs high.",
        ),
    ] = None,
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
    from casefile.estimate.lcmcr import Settings
    from casefile.estimate.run import Request, choose, estimate_file, estimate_registry

    if (patterns is None) == (not registry):
        raise CasefileError("give a PATTERNS.csv file or --registry (one of the two)")
    req = Request(
        method=method,
        strata=[s.strip() for s in strata.split(",")] if strata else [],
        lists=lists,
        settings=Settings(
            k=k, burnin=burnin, samples=samples, thinning=thinning, chains=chains, seed=seed
        ),
        linkages=linkages,
        blocking_recall=blocking_recall,
    )
    if registry:
        outcome = estimate_registry(open_workspace(ctx), req)
    else:
        assert patterns is not None
        req.check(registry=False)  # before the workspace is looked for
        outcome = estimate_file(open_workspace(ctx) if save else None, patterns, req)
    results, source = outcome.results, outcome.source
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
            if req.strata or source.kind == "registry":
                plot_tables = read_stratified(source.path, req.strata)
            else:
                plot_tables = {"all": read_patterns(source.path)}
            plot_tables = {key: choose(t, lists) for key, t in plot_tables.items()}
            posts = posteriors_for(plot_tables, method, req.settings)
            plot_posteriors(posts, posterior_path(plot), title=title)
    if as_json:
        _print_json(results, outcome.refused, bool(req.strata), outcome.run_id)
        return
    _print_table(results, outcome.refused, method, title)
    if outcome.run_id:
        console.print(
            f"saved as run {outcome.run_id} "
            f"(input item {source.sha256[:12] if source.sha256 else '?'})"
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
