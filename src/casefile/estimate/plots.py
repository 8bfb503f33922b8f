"""Pictures of estimates: estimate and interval against the observed count, per stratum."""

from __future__ import annotations

from pathlib import Path

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
