"""The review queue and reviewers' decisions (same / different / unsure, with a reason).

A decision is a row and a ledger event; a later decision on the same pair supersedes the
earlier one (both stay). Every later linkage run applies the newest decision of each pair.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, insert, select

from casefile.errors import CasefileError
from casefile.people.cluster import pair
from casefile.people.link import decisions_in_force
from casefile.people.schema import linkage_runs, record_links, review_decisions, victim_records
from casefile.vault.custody_ledger import utc_now
from casefile.vault.workspace import Workspace

DECISIONS = ("same", "different", "unsure")

SHOWN = (
    "source", "record_id", "full_name", "given_name", "patronymic", "family_name", "sex",
    "birth_date", "age", "event_date", "place", "status", "notes",
)  # fmt: skip


@dataclass
class ReviewPair:
    run_id: int
    record_l: dict[str, Any]
    record_r: dict[str, Any]
    match_probability: float
    evidence: list[dict[str, Any]]
    decision: str | None  # an "unsure" decision keeps the pair in the queue

    @property
    def ref_l(self) -> str:
        return f"{self.record_l['source']}:{self.record_l['record_id']}"

    @property
    def ref_r(self) -> str:
        return f"{self.record_r['source']}:{self.record_r['record_id']}"


def latest_run_id(conn: Connection) -> int | None:
    value = conn.execute(select(func.max(linkage_runs.c.id))).scalar()
    return int(value) if value is not None else None


def record_rows(conn: Connection, ids: list[int]) -> dict[int, dict[str, Any]]:
    out: dict[int, dict[str, Any]] = {}
    for i in range(0, len(ids), 900):
        chunk = ids[i : i + 900]
        for r in conn.execute(select(victim_records).where(victim_records.c.id.in_(chunk))):
            out[r.id] = dict(r._mapping)
    return out


def queue(
    conn: Connection, run_id: int | None = None, limit: int | None = None
) -> list[ReviewPair]:
    """Pairs of the run between the thresholds that nobody has decided same/different since."""
    run_id = run_id or latest_run_id(conn)
    if run_id is None:
        return []
    rows = conn.execute(
        select(record_links)
        .where(record_links.c.run_id == run_id, record_links.c.state == "review")
        .order_by(record_links.c.match_probability.desc(), record_links.c.id)
    ).all()
    decided = decisions_in_force(conn)
    todo = [r for r in rows if decided.get(pair(r.record_l, r.record_r)) in (None, "unsure")]
    if limit is not None:
        todo = todo[:limit]
    recs = record_rows(conn, sorted({r.record_l for r in todo} | {r.record_r for r in todo}))
    return [
        ReviewPair(
            run_id=run_id,
            record_l=recs[r.record_l],
            record_r=recs[r.record_r],
            match_probability=float(r.match_probability),
            evidence=json.loads(r.evidence) if r.evidence else [],
            decision=decided.get(pair(r.record_l, r.record_r)),
        )
        for r in todo
    ]


def resolve_ref(conn: Connection, ref: str) -> int:
    """A record from "SOURCE:RECORD_ID" (or its internal number)."""
    # ASCII digits only: '¹' is a digit to isdigit() but not to int().
    if ref.isascii() and ref.isdigit():
        found = conn.execute(select(victim_records.c.id).where(victim_records.c.id == int(ref)))
        pk = found.scalar()
    else:
        if ":" not in ref:
            raise CasefileError(f"{ref!r}: name a record as SOURCE:RECORD_ID")
        source, rid = ref.split(":", 1)
        pk = conn.execute(
            select(victim_records.c.id).where(
                victim_records.c.source == source, victim_records.c.record_id == rid
            )
        ).scalar()
    if pk is None:
        raise CasefileError(f"no record {ref!r} in the registry")
    return int(pk)


def decide(
    ws: Workspace, ref_l: str, ref_r: str, decision: str, reason: str, run_id: int | None = None
) -> int:
    """Records a decision on a pair; returns its ledger sequence number."""
    if decision not in DECISIONS:
        raise CasefileError(f"decision {decision!r}: use one of {', '.join(DECISIONS)}")
    if not reason.strip():
        raise CasefileError("a decision needs a reason (what in the records made you decide)")
    with ws.transaction() as tx:
        a = resolve_ref(tx.conn, ref_l)
        b = resolve_ref(tx.conn, ref_r)
        if a == b:
            raise CasefileError(f"{ref_l} and {ref_r} are the same record")
        a, b = pair(a, b)
        run_id = run_id or latest_run_id(tx.conn)
        refs = {r.id: f"{r.source}:{r.record_id}" for r in tx.conn.execute(
            select(victim_records.c.id, victim_records.c.source, victim_records.c.record_id)
            .where(victim_records.c.id.in_([a, b]))
        )}  # fmt: skip
        seq = tx.record(
            "victim_pair_reviewed",
            None,
            {
                "record_l": refs[a],
                "record_r": refs[b],
                "decision": decision,
                "reason": reason.strip(),
                "run_id": run_id,
            },
        )
        tx.conn.execute(
            insert(review_decisions).values(
                record_l=a,
                record_r=b,
                decision=decision,
                reason=reason.strip(),
                run_id=run_id,
                decided_by=ws.actor,
                decided_at=utc_now(),
                event_seq=seq,
            )
        )
    return seq
