"""Capture histories from the linked victim registry, as the estimators read them."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from sqlalchemy import Connection, inspect

from casefile.errors import CasefileError
from casefile.estimate.patterns import PatternTable, from_histories
from casefile.estimate.store import preserve_bytes
from casefile.vault.workspace import Workspace


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
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([*lists, *strata])
    for row in rows:
        writer.writerow([row[name] for name in lists] + [row[s] for s in strata])
    return buf.getvalue().encode()


def alternative_tables(conn: Connection, n: int, seed: int) -> list[PatternTable]:
    """Pattern tables of ``n`` linkages sampled from the registry's match probabilities."""
    from casefile.people.registry import alternative_linkages, histories_for

    _check_registry(conn)
    tables = []
    for linkage in alternative_linkages(conn, n, seed):
        lists, rows = histories_for(conn, linkage)
        tables.append(from_histories(lists, [[row[name] for name in lists] for row in rows]))
    return tables


def preserve_histories(ws: Workspace, strata: list[str]) -> tuple[str, Path]:
    """The registry's capture histories as a vault item: (its hash, its read-only blob)."""
    with ws.db.read() as conn:
        data = histories_csv(conn, strata)
    sha = preserve_bytes(
        ws, data, "capture-histories.csv", "capture histories from the linked victim registry"
    )
    return sha, ws.blobs.path_for(sha)
