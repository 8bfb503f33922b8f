"""One estimate run as `casefile estimate` and the web's estimate job take it: read the input
(a patterns file or the linked registry), estimate (per stratum), carry linkage doubt, check
the linkage, and store the run with its input in the vault and an event in the ledger."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

from casefile.errors import CasefileError
from casefile.estimate.api import METHODS, estimate
from casefile.estimate.lcmcr import Settings
from casefile.estimate.patterns import PatternTable, read_patterns
from casefile.estimate.results import Estimate
from casefile.estimate.strata import estimate_strata, read_stratified
from casefile.vault.workspace import Workspace

# Alternative linkages drawn by default on the whole registry. The accepted links alone ran
# 5-7% high on generated harsh lists (bench/registry.py: 1 of 8 intervals covered the truth);
# 20 draws from the match probabilities covered 7 of 8, median error 1.3%.
DEFAULT_LINKAGES = 20


@dataclass
class Input:
    name: str
    path: Path
    kind: str  # patterns | registry
    sha256: str | None = None
    label: str = ""


@dataclass
class Request:
    """What to estimate and how; ``linkages`` None means the default for the input."""

    method: str = "loglinear"
    strata: list[str] = field(default_factory=list)
    lists: str | None = None  # comma-separated names
    settings: Settings = field(default_factory=Settings)
    linkages: int | None = None
    blocking_recall: float | None = None

    def check(self, registry: bool) -> None:
        if self.method not in METHODS:
            raise CasefileError(f"unknown method {self.method!r}: use one of {', '.join(METHODS)}")
        if self.linkages and not registry:
            raise CasefileError("--linkages needs --registry (alternative linkages come from it)")
        if self.linkages and self.strata:
            raise CasefileError("--linkages works on the whole registry: leave out --strata")
        if self.linkages is None:
            self.linkages = DEFAULT_LINKAGES if registry and not self.strata else 0
        if self.blocking_recall is not None and not self.linkages:
            raise CasefileError("--blocking-recall needs --linkages N (the draws use it)")
        if self.blocking_recall is not None and not 0 < self.blocking_recall <= 1:
            raise CasefileError(f"--blocking-recall {self.blocking_recall}: give a share in (0, 1]")


@dataclass
class Outcome:
    source: Input
    results: list[Estimate]
    refused: dict[str, str]
    run_id: str | None = None


def file_input(path: Path) -> Input:
    return Input(path.name, path, "patterns", label=f"capture patterns for estimation: {path.name}")


def registry_input(ws: Workspace, strata: list[str]) -> Input:
    from casefile.estimate.registry import preserve_histories

    sha, path = preserve_histories(ws, strata)
    return Input("victim registry", path, "registry", sha256=sha)


def choose(table: PatternTable, lists: str | None) -> PatternTable:
    """The table restricted to the named lists (comma-separated), or as it is."""
    if not lists:
        return table
    names = [n.strip() for n in lists.split(",")]
    unknown = [n for n in names if n not in table.lists]
    if unknown:
        raise CasefileError(f"no list named {', '.join(unknown)} (lists: {', '.join(table.lists)})")
    return table.drop_lists([table.lists.index(n) for n in names])


def estimate_input(source: Input, req: Request) -> tuple[list[Estimate], dict[str, str]]:
    """The estimate of the input (one per stratum and the total, with strata)."""
    if req.strata:
        tables = read_stratified(source.path, req.strata)
        tables = {key: choose(t, req.lists) for key, t in tables.items()}
        return estimate_strata(tables, req.method, lcmcr_settings=req.settings)
    if source.kind == "registry":
        [table] = read_stratified(source.path, []).values()
    else:
        table = read_patterns(source.path)
    return [estimate(choose(table, req.lists), req.method, lcmcr_settings=req.settings)], {}


def with_linkage_uncertainty(ws: Workspace, results: list[Estimate], req: Request) -> Estimate:
    """The estimate combined over ``req.linkages`` linkages drawn from the registry."""
    from casefile.estimate.linkage import combine_linkages
    from casefile.estimate.registry import ASSUMED_RECALL, alternative_draws
    from casefile.people.registry import run_facts

    assert req.linkages
    recall, source = req.blocking_recall, "given with --blocking-recall"
    with ws.db.read() as conn:
        if recall is None:
            recall, source = run_facts(conn)["blocking_recall"], "recorded by the linkage run"
        if recall is None:
            recall, source = 1.0, ASSUMED_RECALL
        drawn, about = alternative_draws(conn, req.linkages, req.settings.seed, recall)
    tables = [choose(t, req.lists) for t in drawn]
    combined = combine_linkages(tables, req.method, lcmcr_settings=req.settings)
    combined.diagnostics["best_linkage"] = results[0].as_json()
    combined.diagnostics["draws"] = {**about, "blocking_recall_source": source}
    return combined


def check_linkage(ws: Workspace, reported: Estimate, best: Estimate, req: Request) -> None:
    """Estimates both ends of the review queue and puts them, and the warnings they call
    for, on the reported estimate (stored with it)."""
    from casefile.estimate.linkage import attach_linkage
    from casefile.estimate.registry import linkage_check

    def estimate_tables(tables: dict[str, PatternTable]) -> Estimate:
        chosen = {key: choose(t, req.lists) for key, t in tables.items()}
        if req.strata:
            parts, refused = estimate_strata(chosen, req.method, lcmcr_settings=req.settings)
            if not parts:
                raise CasefileError(
                    "every stratum was refused: "
                    + "; ".join(f"{k}: {v}" for k, v in refused.items())
                )
            return parts[-1]
        [table] = chosen.values()
        return estimate(table, req.method, lcmcr_settings=req.settings)

    with ws.db.read() as conn:
        info = linkage_check(conn, req.strata, estimate_tables, best)
    attach_linkage(reported, info)


def save(ws: Workspace, outcome: Outcome, req: Request) -> str:
    """Stores the run (and, for a file, the file as a vault item); returns the run's id."""
    from casefile.estimate.store import preserve_input, save_run

    source = outcome.source
    if source.sha256 is None:
        source.sha256 = preserve_input(ws, source.path, source.label)
    chosen = [n.strip() for n in req.lists.split(",")] if req.lists else []
    settings = {
        "method": req.method,
        "strata": req.strata,
        "linkages": req.linkages or 0,
        **({"lcmcr": asdict(req.settings)} if req.method == "lcmcr" else {}),
    }
    return save_run(
        ws,
        outcome.results,
        input_kind=source.kind,
        input_sha256=source.sha256,
        lists=chosen,
        settings=settings,
    )


def estimate_registry(ws: Workspace, req: Request) -> Outcome:
    """`casefile estimate --registry`: the linked registry's estimate, with linkage doubt
    (alternative linkages, both ends of the review queue, warnings), stored as a run."""
    req.check(registry=True)
    source = registry_input(ws, req.strata)
    results, refused = estimate_input(source, req)
    if not results:
        return Outcome(source, results, refused)  # every stratum refused: nothing to store
    best = results[-1] if req.strata else results[0]  # the total, or the one table
    reported = best
    if req.linkages:
        reported = with_linkage_uncertainty(ws, results, req)
        results = [reported]
    check_linkage(ws, reported, best, req)
    outcome = Outcome(source, results, refused)
    outcome.run_id = save(ws, outcome, req)
    return outcome


def estimate_file(ws: Workspace | None, path: Path, req: Request) -> Outcome:
    """`casefile estimate PATTERNS.csv`: stored only when a workspace is given."""
    req.check(registry=False)
    source = file_input(path)
    results, refused = estimate_input(source, req)
    outcome = Outcome(source, results, refused)
    if ws is not None and results:
        outcome.run_id = save(ws, outcome, req)
    return outcome
