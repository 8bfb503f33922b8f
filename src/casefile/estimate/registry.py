"""Capture histories from the linked victim registry, as the estimators read them."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, inspect

from casefile.errors import CasefileError
from casefile.estimate.patterns import PatternTable, from_histories
from casefile.estimate.results import Estimate
from casefile.estimate.store import preserve_bytes
from casefile.export.cells import SafeCsvWriter
from casefile.vault.workspace import Workspace

ASSUMED_RECALL = (
    "assumed: the linkage run records no blocking recall, so no true pair is taken as missed "
    "by the blocking; give --blocking-recall R if you know it (e.g. from a hand-checked sample)"
)


def _check_registry(conn: Connection) -> None:
    if "victim_records" not in inspect(conn).get_table_names():
        raise CasefileError(
            "there is no victim registry in this workspace: import lists with "
            "'casefile victims import', then link them with 'casefile victims link'"
        )


def histories_csv(conn: Connection, strata: list[str]) -> bytes:
    """One row per person of the latest linkage: a 0/1 column per list, then the strata."""
    from casefile.people.registry import capture_histories

    _check_registry(conn)
    lists, rows = capture_histories(conn, strata)
    clash = sorted(set(lists) & set(strata))
    if clash:
        raise CasefileError(f"a list is named like a stratum ({', '.join(clash)}): rename it")
    if not rows:
        raise CasefileError("the registry has no linked persons yet: run 'casefile victims link'")
    buf = io.StringIO()
    writer = SafeCsvWriter(buf, lineterminator="\r\n")  # list names and strata are imported text
    writer.writerow([*lists, *strata])
    for row in rows:
        writer.writerow([row[name] for name in lists] + [row[s] for s in strata])
    return buf.getvalue().encode()


def alternative_tables(
    conn: Connection, n: int, seed: int, blocking_recall: float = 1.0
) -> list[PatternTable]:
    """Pattern tables of ``n`` linkages sampled from the registry's match probabilities
    (and, with ``blocking_recall`` < 1, from the pairs its blocking never compared)."""
    return alternative_draws(conn, n, seed, blocking_recall)[0]


def alternative_draws(
    conn: Connection, n: int, seed: int, blocking_recall: float = 1.0
) -> tuple[list[PatternTable], dict[str, Any]]:
    """As `alternative_tables`, with what the draws held: links drawn between lists and
    merges added for blocking misses (the model: `casefile.people.registry.draw_linkages`)."""
    from casefile.people.registry import draw_linkages, histories_for

    _check_registry(conn)
    tables = []
    draws = draw_linkages(conn, n, seed, blocking_recall=blocking_recall)
    for d in draws:
        lists, rows = histories_for(conn, d.linkage)
        tables.append(from_histories(lists, [[row[name] for name in lists] for row in rows]))
    found = [d.cross_list_links for d in draws]
    missed = [d.blocking_misses for d in draws]
    return tables, {
        "draws": n,
        "blocking_recall": blocking_recall,
        "cross_list_links_mean": sum(found) / n,
        "blocking_misses_mean": sum(missed) / n,
        "blocking_misses_range": [min(missed), max(missed)],
    }


def linkage_tables(
    conn: Connection, linkage: dict[int, str], strata: list[str]
) -> dict[str, PatternTable]:
    """One pattern table per stratum (keys as `read_stratified` makes them) for a linkage."""
    from casefile.people.registry import histories_for

    lists, rows = histories_for(conn, linkage, strata)
    groups: dict[str, list[list[int]]] = {}
    for row in rows:
        key = " / ".join(f"{s}={str(row[s]).strip()}" for s in strata)
        groups.setdefault(key, []).append([row[name] for name in lists])
    return {key: from_histories(lists, hs) for key, hs in sorted(groups.items())}


def linkage_check(
    conn: Connection,
    strata: list[str],
    estimate_tables: Callable[[dict[str, PatternTable]], Estimate],
    best: Estimate | None,
) -> dict[str, Any]:
    """The estimate at both ends of the review queue, with what the linkage run says.

    ``estimate_tables`` estimates a linkage's tables (per stratum) with the method and
    settings of the run at hand and returns the whole (the total over strata); ``best`` is
    that estimate on the stored linkage, used again where an end is that same linkage.
    Returns the `linkage` diagnostics: run_id, links, pending_review_pairs, pending_merged,
    decisions_since, blocking_recall (recorded by the run, else None), problems, and
    linkage_bounds {all_same, all_different: {estimate, lower, upper, persons, observed}}
    (an end that cannot be estimated has `refused` instead of numbers).
    """
    from casefile.people.registry import linkage_ends, run_facts

    _check_registry(conn)
    ends = linkage_ends(conn)
    facts = run_facts(conn, ends.run_id)
    bounds: dict[str, dict[str, Any]] = {}
    done: dict[str, Estimate | str] = {}
    for end in ("all_different", "all_same"):
        linkage = ends.all_same if end == "all_same" else ends.all_different
        result: Estimate | str
        if ends.as_stored and best is not None and linkage == ends.all_different:
            result = best
        elif end == "all_same" and linkage == ends.all_different:
            result = done["all_different"]  # no pending pair could be merged
        else:
            try:
                result = estimate_tables(linkage_tables(conn, linkage, strata))
            except CasefileError as exc:
                result = str(exc)
        done[end] = result
        entry: dict[str, Any] = {"persons": ends.persons(end)}
        if isinstance(result, str):
            entry["refused"] = result
        else:
            js = result.as_json()
            entry.update(
                estimate=js["estimate"],
                lower=js["lower"],
                upper=js["upper"],
                observed=result.observed,
            )
        bounds[end] = entry
    return {
        "run_id": ends.run_id,
        "links": ends.links,
        "pending_review_pairs": len(ends.pending),
        "pending_merged": ends.pending_merged,
        "decisions_since": ends.decisions_since,
        "as_stored": ends.as_stored,
        "blocking_recall": facts["blocking_recall"],
        "problems": facts["problems"],
        "linkage_bounds": {
            "all_same": bounds["all_same"],
            "all_different": bounds["all_different"],
        },
    }


def preserve_histories(ws: Workspace, strata: list[str]) -> tuple[str, Path]:
    """The registry's capture histories as a vault item: (its hash, its read-only blob)."""
    with ws.db.read() as conn:
        data = histories_csv(conn, strata)
    sha = preserve_bytes(
        ws, data, "capture-histories.csv", "capture histories from the linked victim registry"
    )
    return sha, ws.blobs.path_for(sha)
