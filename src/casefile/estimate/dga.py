"""Bayesian model averaging over decomposable graphical models (Madigan & York 1997; R's dga).

For each decomposable graph on the J lists the hyper-Dirichlet prior (delta per cell of the
full 2^J table) gives the marginal likelihood of the completed table in closed form; the
posterior over (graph, number missed) is normalised jointly in log space, so no weight
underflows however wide the grid of N is.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import numpy as np
import numpy.typing as npt
from scipy import special

from casefile.errors import CasefileError
from casefile.estimate.patterns import PatternTable
from casefile.estimate.results import Estimate, posterior_summary

Array = npt.NDArray[np.float64]
Edge = tuple[int, int]

# Posterior mass in the top 1% of the N grid above which the grid is truncating the posterior.
TOP_MASS_WARNING = 1e-3


@dataclass
class Graph:
    edges: tuple[Edge, ...]
    cliques: list[tuple[int, ...]]
    separators: list[tuple[int, ...]]


def _is_clique(nodes: tuple[int, ...], adj: list[set[int]]) -> bool:
    return all(b in adj[a] for a, b in combinations(nodes, 2))


def decompose(j: int, edges: tuple[Edge, ...]) -> Graph | None:
    """Cliques and separators of a chordal graph via a perfect elimination order, or None.

    Eliminating a simplicial vertex v with remaining neighbours S contributes the family
    S + {v} over the separator S; the sum over families minus separators equals the usual
    sum over maximal cliques minus separators for decomposable models, with empty
    separators contributing nothing.
    """
    adj: list[set[int]] = [set() for _ in range(j)]
    for a, b in edges:
        adj[a].add(b)
        adj[b].add(a)
    remaining = set(range(j))
    fams: list[tuple[int, ...]] = []
    seps: list[tuple[int, ...]] = []
    while remaining:
        for v in sorted(remaining):
            nb = tuple(sorted(adj[v] & remaining))
            if _is_clique(nb, adj):
                fams.append(tuple(sorted((*nb, v))))
                if nb:
                    seps.append(nb)
                remaining.discard(v)
                break
        else:
            return None
    return Graph(edges, fams, seps)


def decomposable_graphs(j: int) -> list[Graph]:
    """All decomposable graphs on j labelled vertices (8, 61, 822 for j = 3, 4, 5)."""
    pairs = list(combinations(range(j), 2))
    out: list[Graph] = []
    for mask in range(2 ** len(pairs)):
        edges = tuple(p for i, p in enumerate(pairs) if mask >> i & 1)
        g = decompose(j, edges)
        if g is not None:
            out.append(g)
    return out


def _marginal(counts: Array, j: int, subset: tuple[int, ...]) -> Array:
    """Marginal table over ``subset``; in the cell index the first listed is most significant."""
    cells = np.arange(2**j)
    idx = np.zeros(2**j, dtype=np.int64)
    for k in subset:
        idx = idx * 2 + ((cells >> (j - 1 - k)) & 1)
    return np.bincount(idx, weights=counts, minlength=2 ** len(subset)).astype(float)


def _component_logml(
    counts: Array, j: int, subset: tuple[int, ...], n_missing: Array, delta: float
) -> Array:
    """log of the Dirichlet-multinomial marginal likelihood of one marginal table, per grid N."""
    marg = _marginal(counts, j, subset)
    alpha = delta * 2 ** (j - len(subset))
    total_alpha = delta * 2**j
    n_obs = counts.sum()
    rest = float(np.sum(special.gammaln(marg[1:] + alpha) - special.gammaln(alpha)))
    zero = special.gammaln(marg[0] + n_missing + alpha) - special.gammaln(alpha)
    norm = special.gammaln(total_alpha) - special.gammaln(n_obs + n_missing + total_alpha)
    out: Array = zero + rest + norm
    return out


def default_delta(j: int) -> float:
    """The prior cell weight HRDAG uses: 2^-J, i.e. a total prior sample of one."""
    return float(2.0**-j)


def default_grid(observed: int) -> Array:
    """0 .. 8n missing (dga's own examples span 5-8 times the observed count)."""
    return np.arange(0, 8 * observed + 1, dtype=float)


@dataclass
class Posterior:
    n_missing: Array
    graph_probs: Array  # per graph
    n_probs: Array  # per grid point, summed over graphs
    graphs: list[Graph]
    log_weights: Array  # (graphs, grid), normalised


def posterior(
    table: PatternTable,
    delta: float | None = None,
    n_missing: Array | None = None,
    graphs: list[Graph] | None = None,
) -> Posterior:
    j = table.j
    if not 3 <= j <= 5:
        raise CasefileError(
            f"dga averages over decomposable graphs for 3 to 5 lists; the table has {j} "
            "(merge lists, or use --method lcmcr)"
        )
    delta = default_delta(j) if delta is None else delta
    grid = default_grid(table.observed) if n_missing is None else np.asarray(n_missing, float)
    if np.any(grid < 0) or np.any(np.diff(grid) <= 0):
        raise CasefileError("the grid of missing counts must be increasing and >= 0")
    graphs = decomposable_graphs(j) if graphs is None else graphs
    counts = table.counts.astype(float).copy()
    counts[0] = 0.0
    n_obs = float(counts.sum())
    cache: dict[tuple[int, ...], Array] = {}

    def comp(subset: tuple[int, ...]) -> Array:
        if subset not in cache:
            cache[subset] = _component_logml(counts, j, subset, grid, delta)
        return cache[subset]

    logw = np.empty((len(graphs), len(grid)))
    for gi, g in enumerate(graphs):
        row = np.zeros(len(grid))
        for c in g.cliques:
            row += comp(c)
        for s in g.separators:
            row -= comp(s)
        logw[gi] = row
    # Multinomial coefficient for the unseen cell, and the 1/N prior.
    logw += special.gammaln(n_obs + grid + 1) - special.gammaln(grid + 1)
    logw -= np.log(n_obs + grid)
    logw -= special.logsumexp(logw)
    probs = np.exp(logw)
    return Posterior(grid, probs.sum(axis=1), probs.sum(axis=0), graphs, logw)


def _quantile(grid: Array, probs: Array, q: float) -> float:
    cdf = np.cumsum(probs)
    return float(grid[min(int(np.searchsorted(cdf, q)), len(grid) - 1)])


def graph_label(g: Graph, lists: list[str]) -> str:
    maximal = [c for c in g.cliques if not any(set(c) < set(d) for d in g.cliques)]
    uniq = sorted(set(maximal))
    return "[" + ", ".join("*".join(lists[k] for k in c) for c in uniq) + "]"


def estimate(
    table: PatternTable,
    delta: float | None = None,
    n_missing: Array | None = None,
    interval: float = 0.95,
) -> Estimate:
    post = posterior(table, delta, n_missing)
    n = table.observed
    a = (1 - interval) / 2
    med = n + _quantile(post.n_missing, post.n_probs, 0.5)
    lo = n + _quantile(post.n_missing, post.n_probs, a)
    hi = n + _quantile(post.n_missing, post.n_probs, 1 - a)
    mean = n + float(np.sum(post.n_missing * post.n_probs))
    top_cut = post.n_missing[-1] - 0.01 * (post.n_missing[-1] - post.n_missing[0])
    top_mass = float(post.n_probs[post.n_missing >= top_cut].sum())
    warnings = list(table.warnings)
    if top_mass > TOP_MASS_WARNING:
        warnings.append(
            f"{top_mass:.2%} of the posterior lies in the top 1% of the N grid (up to "
            f"{n + post.n_missing[-1]:,.0f}): the grid truncates the posterior; widen it"
        )
    order = np.argsort(-post.graph_probs)[:5]
    return Estimate(
        method="dga",
        observed=n,
        estimate=med,
        lower=lo,
        upper=hi,
        interval=interval,
        diagnostics={
            "posterior_mean": mean,
            "delta": default_delta(table.j) if delta is None else delta,
            "grid_max_missing": float(post.n_missing[-1]),
            "top_grid_mass": top_mass,
            "graphs": len(post.graphs),
            "top_graphs": [
                {
                    "graph": graph_label(post.graphs[i], table.lists),
                    "prob": float(post.graph_probs[i]),
                }
                for i in order
            ],
            "posterior": posterior_summary(n + post.n_missing, post.n_probs, kind="grid"),
        },
        warnings=warnings,
    )
