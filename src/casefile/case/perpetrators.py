"""Alleged perpetrators: units and persons named by sources; never presented as established."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from casefile.case.common import (
    current_fact,
    insert_row,
    item_name,
    require_item,
    require_text,
    stamp,
)
from casefile.case.incidents import open_incident
from casefile.case.schema import perpetrators
from casefile.errors import CasefileError
from casefile.vault.workspace import Workspace

KINDS = ("unit", "person", "force")
LABEL = "alleged"


def allege(
    ws: Workspace,
    incident_id: int,
    name: str,
    kind: str,
    source_item: str,
    note: str,
    fact_id: int | None = None,
) -> int:
    """Records that a source alleges a unit or person took part; the source is required."""
    name = require_text(name, "the alleged perpetrator's name (--name)")
    note = require_text(note, "what the source alleges (--note)")
    if kind not in KINDS:
        raise CasefileError(f"--kind must be one of {', '.join(KINDS)}")
    with ws.transaction() as tx:
        open_incident(tx, incident_id, "allege a perpetrator")
        sha = require_item(tx.conn, source_item)
        if fact_id is not None:
            fact = current_fact(tx.conn, fact_id)
            if fact.item_sha256 != sha:
                raise CasefileError(f"fact {fact_id} is not from item {sha[:12]}")
        seq = tx.record(
            "perpetrator_alleged",
            sha,
            {"incident": incident_id, "name": name, "kind": kind, "fact": fact_id, "note": note},
        )
        return insert_row(
            tx,
            perpetrators,
            {
                "incident_id": incident_id,
                "name": name,
                "kind": kind,
                "item_sha256": sha,
                "fact_id": fact_id,
                "note": note,
                "copied_from": None,
                **stamp(tx, seq),
            },
        )


def perpetrators_of(conn: Connection, incident_id: int) -> list[dict[str, Any]]:
    return [
        {
            "id": r.id,
            "label": LABEL,
            "name": r.name,
            "kind": r.kind,
            "source": r.item_sha256,
            "source_name": item_name(conn, r.item_sha256),
            "fact": r.fact_id,
            "note": r.note,
            "by": r.created_by,
            "at": r.created_at,
        }
        for r in conn.execute(
            select(perpetrators)
            .where(perpetrators.c.incident_id == incident_id)
            .order_by(perpetrators.c.id)
        )
    ]
