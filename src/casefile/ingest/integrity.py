"""verify's check for ingested documents: the stored text and facts must match their event."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import rfc8785
from sqlalchemy import Connection, select

from casefile.ingest.schema import documents, facts
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
    for row in conn.execute(select(facts).where(facts.c.origin == "correction")):
        event = ws.ledger.entry(conn, row.event_seq).event
        if event.kind != "fact_corrected" or event.data.get("fact") != row.supersedes:
            report.add("correction-without-event", f"fact {row.id}", "no matching ledger event")
