"""verify's check for the victim registry: lists, runs and decisions against their events.

Each import event carries a digest of the list's records, each linkage event digests of the
run's persons and links; a row changed or deleted after the fact no longer matches.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from typing import Any

import rfc8785
from sqlalchemy import Connection, select

from casefile.people.schema import (
    linkage_runs,
    person_members,
    record_links,
    review_decisions,
    victim_lists,
    victim_records,
)
from casefile.vault.workspace import Workspace

RECORD_FIELDS = (
    "record_id", "row_number", "full_name", "given_name", "patronymic", "family_name", "sex",
    "birth_date", "age", "event_date", "place", "status", "notes", "extra",
)  # fmt: skip


def digest(rows: Iterable[Sequence[Any]]) -> str:
    return hashlib.sha256(rfc8785.dumps([list(r) for r in rows])).hexdigest()


def records_digest(records: Iterable[dict[str, Any]]) -> str:
    rows = sorted(records, key=lambda r: int(r["row_number"]))
    return digest([r.get(f) for f in RECORD_FIELDS] for r in rows)


def members_digest(rows: Iterable[dict[str, Any]]) -> str:
    ordered = sorted(rows, key=lambda r: int(r["record_pk"]))
    return digest([r["person_id"], r["record_pk"], r["match_probability"]] for r in ordered)


def links_digest(rows: Iterable[dict[str, Any]]) -> str:
    ordered = sorted(rows, key=lambda r: (int(r["record_l"]), int(r["record_r"])))
    return digest(
        [r["record_l"], r["record_r"], r["match_probability"], r["state"], r["decision"]]
        for r in ordered
    )


def _event(ws: Workspace, conn: Connection, seq: int) -> Any:
    try:
        return ws.ledger.entry(conn, seq).event
    except LookupError:
        return None


def check_people(ws: Workspace, conn: Connection, report: Any) -> None:
    for lst in conn.execute(select(victim_lists).order_by(victim_lists.c.id)):
        subject = f"victim list {lst.source!r}"
        ev = _event(ws, conn, lst.event_seq)
        if ev is None or ev.kind != "victim_list_imported" or ev.item != lst.item_sha256:
            report.add("victims-without-event", subject, "its import event is missing")
            continue
        recs = conn.execute(
            select(victim_records).where(victim_records.c.list_id == lst.id)
        ).mappings()
        found = records_digest([dict(r) for r in recs])
        if found != ev.data.get("records_sha256"):
            report.add("victims-changed", subject, "records differ from those imported",
                       ev.data.get("records_sha256"), found)  # fmt: skip
    for run in conn.execute(select(linkage_runs).order_by(linkage_runs.c.id)):
        subject = f"linkage run {run.id}"
        ev = _event(ws, conn, run.event_seq)
        if ev is None or ev.kind != "victims_linked":
            report.add("victims-without-event", subject, "its linkage event is missing")
            continue
        members = conn.execute(
            select(person_members).where(person_members.c.run_id == run.id)
        ).mappings()
        links = conn.execute(select(record_links).where(record_links.c.run_id == run.id)).mappings()
        if members_digest([dict(m) for m in members]) != ev.data.get("members_sha256"):
            report.add("victims-changed", subject, "persons differ from those the run made")
        if links_digest([dict(x) for x in links]) != ev.data.get("links_sha256"):
            report.add("victims-changed", subject, "links differ from those the run scored")
    for d in conn.execute(select(review_decisions).order_by(review_decisions.c.id)):
        ev = _event(ws, conn, d.event_seq)
        if (
            ev is None
            or ev.kind != "victim_pair_reviewed"
            or ev.data.get("decision") != d.decision
            or ev.data.get("reason") != d.reason
        ):
            report.add("victims-without-event", f"review decision {d.id}",
                       "no matching 'victim_pair_reviewed' event")  # fmt: skip
