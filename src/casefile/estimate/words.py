"""What an estimate is, in words, for people who are not statisticians: the web's estimate
pages and the case report say the same."""

from __future__ import annotations

from typing import Any

METHOD_WORDS = {
    "chapman": (
        "two-list capture-recapture (Chapman's estimator)",
        "With two lists, the persons on both tell how many are on neither, assuming the lists "
        "were made independently and everyone was as likely to be listed as anyone else. Both "
        "assumptions rarely hold for victim lists; with three or more lists prefer another "
        "method.",
    ),
    "loglinear": (
        "log-linear models (multiple systems estimation)",
        "The counts of persons on each combination of lists are fitted by log-linear models "
        "that allow some lists to depend on each other; the model with the best BIC is used, "
        "and the interval comes from its profile likelihood. Needs at least three lists.",
    ),
    "dga": (
        "Bayesian model averaging over decomposable graphical models (as the R package dga)",
        "Every pattern of dependence between the lists that such a model can express is "
        "weighed by how well it fits; the estimate is the median of the averaged posterior "
        "and the interval a credible interval.",
    ),
    "lcmcr": (
        "a Bayesian latent-class model (LCMCR, Manrique-Vallier 2016)",
        "People differ in how likely they are to be listed (a known victim of a well-documented "
        "town against an unnamed one elsewhere); the model lets hidden groups of people have "
        "their own chances of being on each list. The estimate is the posterior median and the "
        "interval a 95% credible interval.",
    ),
}


TOLLS_AND_ESTIMATE = (
    "A toll figure is what a source reported for one incident; the estimate is how many "
    "persons the lists would hold if none were missed. They count the same thing only where "
    "the lists cover exactly that incident's victims (same places, period and status)."
)


def counted(results: list[Any]) -> str:
    """What the estimate counts and how it treats linkage doubt, in sentences."""
    strata = [r.stratum for r in results if r.stratum]
    lists = next((r.diagnostics["lists"] for r in results if r.diagnostics.get("lists")), None)
    parts = []
    if lists:
        parts.append(f"The lists: {', '.join(str(x) for x in lists)}.")
    parts.append(
        "Everyone on the lists is counted, whatever their status and place"
        + (", estimated separately per stratum and then added up" if strata else "")
        + ": the estimate counts the killed only if the lists hold only the killed, and one "
        "incident only if they hold only its victims."
    )
    linkages = next(
        (r.diagnostics.get("linkages") for r in results if r.diagnostics.get("linkages")), None
    )
    if linkages:
        parts.append(
            f"Who is the same person is taken from {linkages} alternative linkages drawn from the "
            "match probabilities, so that doubt is inside the interval."
        )
    elif any(isinstance(r.diagnostics.get("linkage"), dict) for r in results):
        parts.append(
            "One linkage, the registry's accepted links: pending review pairs count as two "
            "persons, and the interval does not include that doubt."
        )
    return " ".join(parts)
