"""Keeping estimates in the workspace, each run tied to the vault item it was computed from."""

from __future__ import annotations

import hashlib
import json
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, insert, inspect, select

from casefile.errors import CasefileError
from casefile.estimate.results import Estimate
from casefile.estimate.schema import estimates
from casefile.vault.acquire import AddOptions, add_sources
from casefile.vault.custody_ledger import utc_now
from casefile.vault.workspace import Workspace


@dataclass(frozen=True)
class StoredRun:
    run_id: str
    method: str
    input_kind: str
    input_sha256: str
    created_by: str
    created_at: str
    event_seq: int
    results: list[Estimate]  # per stratum (or the one table), then the total if stratified
    total: Estimate | None

    @property
    def all(self) -> list[Estimate]:
        return self.results + ([self.total] if self.total is not None else [])


def _result_text(r: Any) -> str:
    return json.dumps(r.as_json(), ensure_ascii=False, default=str)


def preserve_input(ws: Workspace, path: Path, label: str) -> str:
    """Adds the input table to the vault (a no-op store for known bytes) and returns its hash."""
    [result] = add_sources(ws, [str(path)], AddOptions(label=label, tags=["estimate-input"]))
    if not result.ok or result.sha256 is None:
        raise CasefileError(f"{path}: could not preserve the input table: {result.message}")
    return result.sha256


def preserve_bytes(ws: Workspace, data: bytes, name: str, label: str) -> str:
    with tempfile.TemporaryDirectory(prefix="casefile-estimate-") as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        return preserve_input(ws, path, label)


def save_run(
    ws: Workspace,
    results: list[Estimate],
    *,
    input_kind: str,
    input_sha256: str,
    lists: list[str],
    settings: dict[str, Any],
) -> str:
    """Stores one estimation run and records it in the custody ledger, in one transaction.

    ``results``: one per stratum (or one for the whole table); the sum over strata, if any, is
    the one whose stratum is "total" (as `estimate_strata` returns it).
    """
    run_id = str(uuid.uuid4())
    if not results:
        raise CasefileError("nothing to save: no stratum could be estimated")
    method = results[0].method
    rows = [(r, r.stratum == "total") for r in results]
    with ws.transaction() as tx:
        seq = tx.record(
            "estimated",
            input_sha256,
            {
                "run_id": run_id,
                "method": method,
                "input_kind": input_kind,
                "lists": lists,
                "settings": settings,
                "results": [
                    {
                        "stratum": r.stratum,
                        "total": is_total,
                        "observed": r.observed,
                        "estimate": r.as_json()["estimate"],
                        "lower": r.as_json()["lower"],
                        "upper": r.as_json()["upper"],
                        # the stored row's interval and whole result, for verify (issue 26)
                        "interval": r.interval,
                        "result_sha256": hashlib.sha256(_result_text(r).encode()).hexdigest(),
                    }
                    for r, is_total in rows
                ],
            },
        )
        now = utc_now()
        tx.conn.execute(
            insert(estimates),
            [
                {
                    "run_id": run_id,
                    "method": r.method,
                    "stratum": r.stratum,
                    "is_total": int(is_total),
                    "observed": r.observed,
                    "estimate": r.as_json()["estimate"],
                    "lower": r.as_json()["lower"],
                    "upper": r.as_json()["upper"],
                    "interval": r.interval,
                    "result": _result_text(r),
                    "input_kind": input_kind,
                    "input_sha256": input_sha256,
                    "lists": json.dumps(lists, ensure_ascii=False),
                    "settings": json.dumps(settings, ensure_ascii=False, default=str),
                    "created_by": ws.actor,
                    "created_at": now,
                    "event_seq": seq,
                }
                for r, is_total in rows
            ],
        )
    return run_id


def has_estimates(conn: Connection) -> bool:
    return "estimates" in inspect(conn).get_table_names()


def runs(conn: Connection, limit: int = 50) -> list[StoredRun]:
    """The newest runs first."""
    if not has_estimates(conn):
        return []
    newest = (
        select(estimates.c.run_id, func.max(estimates.c.event_seq).label("seq"))
        .group_by(estimates.c.run_id)
        .order_by(func.max(estimates.c.event_seq).desc())
        .limit(limit)
    )
    return [run(conn, str(r.run_id)) for r in conn.execute(newest)]


def latest_run(conn: Connection) -> StoredRun | None:
    found = runs(conn, limit=1)
    return found[0] if found else None


def run(conn: Connection, run_id: str) -> StoredRun:
    rows = conn.execute(
        select(estimates).where(estimates.c.run_id == run_id).order_by(estimates.c.id)
    ).all()
    if not rows:
        raise CasefileError(f"no estimation run {run_id!r}")
    parts: list[Estimate] = []
    total: Estimate | None = None
    for row in rows:
        est = _from_json(json.loads(row.result))
        if row.is_total:
            total = est
        else:
            parts.append(est)
    first = rows[0]
    return StoredRun(
        run_id=run_id,
        method=first.method,
        input_kind=first.input_kind,
        input_sha256=first.input_sha256,
        created_by=first.created_by,
        created_at=first.created_at,
        event_seq=int(first.event_seq),
        results=parts,
        total=total,
    )


def _from_json(obj: dict[str, Any]) -> Estimate:
    def num(v: Any) -> float | None:
        return None if v is None else float(v)

    return Estimate(
        method=obj["method"],
        observed=int(obj["observed"]),
        estimate=num(obj["estimate"]),
        lower=num(obj["lower"]),
        upper=num(obj["upper"]),
        interval=float(obj["interval"]),
        diagnostics=obj.get("diagnostics") or {},
        warnings=list(obj.get("warnings") or []),
        stratum=obj.get("stratum"),
    )
