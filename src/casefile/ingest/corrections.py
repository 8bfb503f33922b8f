"""Analysts correct facts: a correction is a new row that supersedes the old, with who and why."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, insert, select

from casefile.errors import CasefileError
from casefile.ingest.schema import facts
from casefile.vault.custody_ledger import utc_now
from casefile.vault.workspace import Workspace


@dataclass(frozen=True)
class Fact:
    id: int
    document_id: int
    item_sha256: str
    kind: str
    span: tuple[int, int] | None
    payload: dict[str, Any]
    origin: str
    supersedes: int | None
    created_by: str
    created_at: str
    reason: str | None

    @classmethod
    def from_row(cls, row: Any) -> Fact:
        span = None if row.span_start is None else (row.span_start, row.span_end)
        return cls(
            row.id,
            row.document_id,
            row.item_sha256,
            row.kind,
            span,
            json.loads(row.payload),
            row.origin,
            row.supersedes,
            row.created_by,
            row.created_at,
            row.reason,
        )

    def as_json(self) -> dict[str, Any]:
        """The fact as JSON: the one form the CLI, the web app and the exports start from."""
        return {
            "id": self.id,
            "kind": self.kind,
            "item": self.item_sha256,
            "span": list(self.span) if self.span else None,
            "payload": self.payload,
            "origin": self.origin,
            "supersedes": self.supersedes,
            "created_by": self.created_by,
            "created_at": self.created_at,
            "reason": self.reason,
        }


def current_facts(conn: Connection, item: str | None = None, kind: str | None = None) -> list[Fact]:
    """The facts as they stand now: every fact no later correction supersedes."""
    superseded = select(facts.c.supersedes).where(facts.c.supersedes.is_not(None))
    q = select(facts).where(facts.c.id.not_in(superseded)).order_by(facts.c.id)
    if item:
        q = q.where(facts.c.item_sha256 == item)
    if kind:
        q = q.where(facts.c.kind == kind)
    return [Fact.from_row(r) for r in conn.execute(q)]


def fact_history(conn: Connection, fact_id: int) -> list[Fact]:
    """A fact and every version before it, oldest first."""
    chain = []
    current: int | None = fact_id
    while current is not None:
        row = conn.execute(select(facts).where(facts.c.id == current)).one_or_none()
        if row is None:
            raise CasefileError(f"there is no fact {current}")
        chain.append(Fact.from_row(row))
        current = row.supersedes
    return list(reversed(chain))


def correct_fact(ws: Workspace, fact_id: int, changes: dict[str, Any], reason: str) -> int:
    """Stores a corrected version of a fact; the original stays. Returns the new fact's id."""
    if not reason.strip():
        raise CasefileError("a correction needs a reason (--reason)")
    if not changes:
        raise CasefileError("nothing to correct: give at least one --set field=value")
    with ws.transaction() as tx:
        row = tx.conn.execute(select(facts).where(facts.c.id == fact_id)).one_or_none()
        if row is None:
            raise CasefileError(f"there is no fact {fact_id}")
        newer = tx.conn.execute(select(facts.c.id).where(facts.c.supersedes == fact_id)).first()
        if newer is not None:
            raise CasefileError(
                f"fact {fact_id} was already corrected by fact {newer.id}: correct that one"
            )
        payload = json.loads(row.payload)
        unknown = sorted(set(changes) - set(payload))
        if unknown:
            raise CasefileError(
                f"fact {fact_id} ({row.kind}) has no field {', '.join(unknown)}; "
                f"its fields are: {', '.join(sorted(payload))}"
            )
        payload.update(changes)
        seq = tx.record(
            "fact_corrected",
            row.item_sha256,
            {"fact": fact_id, "kind": row.kind, "changes": changes, "reason": reason},
        )
        new_id = tx.conn.execute(
            insert(facts)
            .values(
                document_id=row.document_id,
                item_sha256=row.item_sha256,
                kind=row.kind,
                span_start=row.span_start,
                span_end=row.span_end,
                payload=json.dumps(payload, ensure_ascii=False, sort_keys=True),
                origin="correction",
                supersedes=fact_id,
                created_by=ws.actor,
                created_at=utc_now(),
                reason=reason,
                event_seq=seq,
            )
            .returning(facts.c.id)
        ).scalar_one()
    return int(new_id)
