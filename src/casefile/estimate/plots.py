"""Pictures of estimates: estimate and interval against the observed count, per stratum;
the posterior of N per stratum (dga, lcmcr)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from casefile.estimate.patterns import PatternTable
from casefile.estimate.results import Estimate


def plot_estimates(results: list[Estimate], out: Path, title: str = "") -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels = [r.stratum or r.method for r in results]
    fig, ax = plt.subplots(figsize=(max(4.0, 1.3 * len(results) + 2), 4))
    xs = range(len(results))
    ax.bar(xs, [r.observed for r in results], color="#9aa7b1", label="documented (observed)")
    for x, r in zip(xs, results, strict=True):
        if r.estimate is None:
            continue
        lo = r.lower if r.lower is not None else r.estimate
        hi = r.upper if r.upper is not None and r.upper != float("inf") else r.estimate
        ax.errorbar(
            [x],
            [r.estimate],
            yerr=[[r.estimate - lo], [hi - r.estimate]],
            fmt="o",
            color="#b03a2e",
            capsize=6,
            label="estimate, 95% interval" if x == 0 else None,
        )
    ax.set_xticks(list(xs), labels, rotation=20, ha="right")
    ax.set_ylabel("people")
    ax.set_title(title or "Documented and estimated totals")
    tops = [r.upper for r in results if r.upper is not None and r.upper != float("inf")]
    ax.set_ylim(0, max([*tops, *(r.observed for r in results)]) * 1.3)
    ax.legend(loc="upper left", fontsize=8, frameon=False)
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    fig.savefig(out, dpi=120)
    plt.close(fig)
    return out


@dataclass
class PosteriorN:
    """The posterior of the total N for one stratum: draws (lcmcr) or grid weights (dga)."""

    label: str
    observed: int
    values: npt.NDArray[np.float64]  # N values: draws, or grid points
    weights: npt.NDArray[np.float64] | None = None  # grid probabilities; None for draws
    method: str = ""


def posteriors_for(
    tables: dict[str, PatternTable], method: str, lcmcr_settings: object | None = None
) -> list[PosteriorN]:
    """Posterior of N per stratum for dga (exact, over its grid) or lcmcr (the draws).

    LCMCR is re-run with the same settings and seed, so these are the draws behind the
    reported numbers (the sampler is deterministic for a seed).
    """
    from casefile.estimate import dga, lcmcr
    from casefile.estimate.strata import check_stratum

    out: list[PosteriorN] = []
    for key, table in tables.items():
        if check_stratum(table, method):
            continue
        if method == "dga":
            post = dga.posterior(table)
            out.append(
                PosteriorN(
                    key, table.observed, table.observed + post.n_missing, post.n_probs, "dga"
                )
            )
        elif method == "lcmcr":
            st = lcmcr_settings if isinstance(lcmcr_settings, lcmcr.Settings) else None
            _, draws = lcmcr.estimate_with_draws(table, st)
            out.append(PosteriorN(key, table.observed, draws, None, "lcmcr"))
        else:
            raise ValueError(f"no posterior of N for method {method!r}")
    return out


def plot_posteriors(posts: list[PosteriorN], out: Path, title: str = "") -> Path:
    """One panel per stratum: the posterior of N, its median and 95% interval, the count seen."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    if not posts:
        raise ValueError("no posterior to plot")
    cols = min(3, len(posts))
    rows = (len(posts) + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(4.2 * cols, 3.2 * rows), squeeze=False)
    for ax, p in zip(axes.flat, posts, strict=False):
        if p.weights is None:
            ax.hist(p.values, bins=60, density=True, color="#5d8aa8", alpha=0.85)
            lo, med, hi = np.quantile(p.values, [0.025, 0.5, 0.975])
            kind = f"{len(p.values):,} posterior draws"
        else:
            w = p.weights / p.weights.sum()
            cdf = np.cumsum(w)
            lo, med, hi = (
                p.values[min(int(np.searchsorted(cdf, q)), len(w) - 1)] for q in (0.025, 0.5, 0.975)
            )
            keep = (p.values >= p.observed) & (p.values <= hi + 3 * (hi - med) + 1)
            ax.fill_between(p.values[keep], w[keep], color="#5d8aa8", alpha=0.85, step="mid")
            kind = "posterior over the N grid"
        ax.axvline(p.observed, color="#555555", ls=":", label=f"documented {p.observed:,}")
        ax.axvline(med, color="#b03a2e", label=f"median {med:,.0f}")
        ax.axvspan(lo, hi, color="#b03a2e", alpha=0.12, label=f"95%: {lo:,.0f}–{hi:,.0f}")
        ax.set_title(f"{p.label} ({p.method}; {kind})", fontsize=9)
        ax.set_xlabel("total N (documented and not)")
        ax.set_yticks([])
        ax.legend(fontsize=7, frameon=False)
    for ax in list(axes.flat)[len(posts) :]:
        ax.set_visible(False)
    fig.suptitle(title or "Posterior of the total number of victims")
    fig.tight_layout()
    fig.savefig(out, dpi=120)
    plt.close(fig)
    return out


def posterior_path(plot: Path) -> Path:
    """Where --plot FILE puts the posterior picture: FILE-posterior.png next to it."""
    return plot.with_name(f"{plot.stem}-posterior{plot.suffix}")
