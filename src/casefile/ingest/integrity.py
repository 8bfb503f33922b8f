"""verify's check for ingested documents: the stored text and facts must match their event."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import rfc8785
from sqlalchemy import Connection, select

from casefile.ingest.schema import documents, facts
from casefile.vault.custody_ledger import Event
from casefile.vault.integrity import JsonText, Near, differs, events_at, matches, seqs_of_kind
from casefile.vault.workspace import Workspace


def check_documents(ws: Workspace, conn: Connection, report: Any) -> None:
    for doc in conn.execute(select(documents).order_by(documents.c.id)):
        subject = f"document {doc.id} of item {doc.item_sha256[:16]}"
        try:
            event = ws.ledger.entry(conn, doc.event_seq).event
        except LookupError:
            report.add("document-without-event", subject, "its 'extracted' event is missing")
            continue
        if event.kind != "extracted" or event.item != doc.item_sha256:
            report.add("document-without-event", subject, "its event is not its extraction")
            continue
        text_sha = hashlib.sha256(doc.text.encode()).hexdigest()
        if text_sha != event.data.get("text_sha256"):
            report.add(
                "document-changed",
                subject,
                "the stored cleaned text differs from the logged one",
                event.data.get("text_sha256"),
                text_sha,
            )
        _check_document_row(report, doc, event)
        rows = conn.execute(
            select(facts.c.kind, facts.c.payload)
            .where(facts.c.document_id == doc.id, facts.c.origin == "machine")
            .order_by(facts.c.id)
        ).all()
        digest = hashlib.sha256(
            rfc8785.dumps([[r.kind, json.loads(r.payload)] for r in rows])
        ).hexdigest()
        if digest != event.data.get("facts_sha256"):
            report.add(
                "facts-changed",
                subject,
                "the machine-extracted facts differ from what was logged (changed or deleted)",
                event.data.get("facts_sha256"),
                digest,
            )
    docs = {d.id: d for d in conn.execute(select(documents))}
    for seq in seqs_of_kind(conn, ("extracted",)):
        if seq not in {d.event_seq for d in docs.values()}:
            report.add("document-row-missing", f"ledger entry {seq} (extracted)",
                       "its documents row is missing (deleted?)")  # fmt: skip
    rows_by_id = {r.id: r for r in conn.execute(select(facts))}
    events = events_at(conn, (r.event_seq for r in rows_by_id.values()))
    for row in rows_by_id.values():
        _check_fact_row(report, row, docs, rows_by_id, events.get(row.event_seq))


def _check_document_row(report: Any, doc: Any, event: Event) -> None:
    d = event.data
    want: dict[str, Any] = {
        "extractor_version": d.get("extractor_version"),
        "language": d.get("language"),
        "models": JsonText(d.get("models")),
        "created_at": Near(event.time),
    }
    if "published" in d:  # logged since issue 26
        want["published"] = d["published"]
        want["removed"] = d.get("removed_sha256")
        want["warnings"] = d.get("warnings_sha256")
    for column, value in want.items():
        found = getattr(doc, column)
        if column in ("removed", "warnings"):
            found = hashlib.sha256(str(found).encode()).hexdigest()
        if not matches(value, found):
            differs(report, f"documents row {doc.id}", column, doc.event_seq, value, found,
                    "document")  # fmt: skip


def _check_fact_row(
    report: Any, row: Any, docs: dict[int, Any], rows: dict[int, Any], event: Event | None
) -> None:
    """Columns outside the logged digest: where the fact sits and who made it."""
    subject = f"facts row {row.id}"
    if event is None:
        report.add("facts-without-event", subject, f"its ledger event {row.event_seq} is missing")
        return
    try:
        payload = json.loads(row.payload)
        span = payload.get("span") or (payload.get("spans") or [[None, None]])[0]
    except (TypeError, ValueError, AttributeError):
        report.add("facts-changed", subject, "its payload is not readable")
        return
    doc = docs.get(row.document_id)
    if row.origin == "machine":
        want: dict[str, Any] = {
            "document_id": None if doc is None else doc.id,
            "item_sha256": event.item,
            "supersedes": None,
            "reason": None,
            "created_by": event.data.get("extractor_version"),
            "created_at": Near(event.time),
            "event_seq": None if doc is None else doc.event_seq,
            "span_start": None if span[0] is None else int(span[0]),
            "span_end": None if span[1] is None else int(span[1]),
        }
        if event.kind != "extracted" or doc is None:
            report.add("facts-without-event", subject, "it is not from a logged extraction")
            return
    elif row.origin == "correction":
        if event.kind != "fact_corrected" or event.data.get("fact") != row.supersedes:
            report.add("correction-without-event", f"fact {row.id}", "no matching ledger event")
            return
        old = rows.get(row.supersedes)
        want = {
            "item_sha256": event.item,
            "kind": event.data.get("kind"),
            "reason": event.data.get("reason"),
            "created_by": event.actor,
            "created_at": Near(event.time),
        }
        if old is not None:
            want.update(document_id=old.document_id, span_start=old.span_start,
                        span_end=old.span_end)  # fmt: skip
            try:
                expected = {**json.loads(old.payload), **(event.data.get("changes") or {})}
            except (TypeError, ValueError):
                expected = None
            want["payload"] = JsonText(expected)
    else:
        report.add("facts-changed", subject, f"unknown origin {row.origin!r}")
        return
    for column, value in want.items():
        if not matches(value, getattr(row, column)):
            differs(report, subject, column, row.event_seq, value, getattr(row, column),
                    "facts")  # fmt: skip
