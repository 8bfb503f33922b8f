"""ingest: preserve the original, clean it, extract facts, store them with their provenance.

Each stored document and fact points at the vault item (SHA-256), the character span in the
cleaned text, and the extractor and model versions; the extraction is one 'extracted' ledger
event whose data carries a hash of everything stored, so the database can be checked against it.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import rfc8785
from sqlalchemy import Connection, insert, select

from casefile.errors import CasefileError
from casefile.facts.model import KINDS, FactSet
from casefile.ingest.schema import documents, facts
from casefile.vault.acquire import AddOptions, add_sources
from casefile.vault.custody_ledger import utc_now
from casefile.vault.schema import acquisitions, items
from casefile.vault.workspace import Workspace

# The lists of the extraction contract (its JSON keys), in their order.
FACT_LISTS = tuple(KINDS.values())


@dataclass
class IngestResult:
    source: str
    sha256: str | None = None
    document_id: int | None = None
    language: str | None = None
    counts: dict[str, int] = field(default_factory=dict)
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    extraction: dict[str, Any] | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def ingest_sources(
    ws: Workspace,
    sources: list[str],
    published: date | None = None,
    options: AddOptions | None = None,
) -> list[IngestResult]:
    """Adds each source to the vault and extracts its facts; one result per source."""
    results = []
    for source in sources:
        added = [r for r in add_sources(ws, [source], options) if "(WARC)" not in r.source]
        for res in added:
            if res.sha256 is None:
                results.append(IngestResult(res.source, error=res.message))
                continue
            results.append(ingest_item(ws, res.sha256, res.source, published))
    return results


def ingest_item(
    ws: Workspace, sha: str, source: str | None = None, published: date | None = None
) -> IngestResult:
    """Cleans and extracts one vault item; failures are recorded, the original stays."""
    from casefile.facts import extract_facts
    from casefile.text import clean_document

    result = IngestResult(source or sha, sha)
    with ws.db.read() as conn:
        media_type, name = _item_info(conn, sha)
    data = ws.blobs.path_for(sha).read_bytes()
    try:
        cleaned = clean_document(data, media_type, name)
        published = published or cleaned.published
        facts_found = extract_facts(cleaned.text, published=published)
    except CasefileError as exc:
        result.error = f"{name}: {exc} (the original is preserved in the vault as {sha[:12]})"
        ws.record_event("extraction_failed", sha, {"reason": str(exc)})
        return result
    extraction = facts_found.to_json()
    result.extraction = extraction
    result.language = _language(cleaned)
    result.warnings = list(cleaned.warnings)
    result.counts = {k: len(extraction.get(k) or []) for k in FACT_LISTS}
    result.document_id = store_extraction(ws, sha, cleaned, facts_found, published)
    return result


def _item_info(conn: Connection, sha: str) -> tuple[str, str]:
    row = conn.execute(select(items.c.media_type).where(items.c.sha256 == sha)).one_or_none()
    if row is None:
        raise CasefileError(f"item {sha} is not in the vault")
    name = conn.execute(
        select(acquisitions.c.original_name, acquisitions.c.final_url)
        .where(acquisitions.c.item_sha256 == sha)
        .order_by(acquisitions.c.id)
        .limit(1)
    ).one()
    return row.media_type, name.original_name or name.final_url or sha


def store_extraction(
    ws: Workspace, sha: str, cleaned: Any, found: FactSet, published: date | None
) -> int:
    """Stores the document and its facts as ``FactSet.rows`` gives them, with one 'extracted'
    event whose ``facts_sha256`` covers every (kind, payload) in that order."""
    version = found.extractor_version
    models = dict(found.models)
    rows = found.rows()
    digest = hashlib.sha256(rfc8785.dumps([[r.kind, r.payload] for r in rows])).hexdigest()
    now = utc_now()
    removed = json.dumps(list(cleaned.removed), ensure_ascii=False, default=_plain)
    warnings = json.dumps(list(cleaned.warnings), ensure_ascii=False)
    with ws.transaction() as tx:
        seq = tx.record(
            "extracted",
            sha,
            {
                "extractor_version": version,
                "models": models,
                "language": _language(cleaned),
                "text_sha256": hashlib.sha256(cleaned.text.encode()).hexdigest(),
                "facts_sha256": digest,
                "counts": dict(Counter(r.kind for r in rows)),
                # what verify compares the document row with (issue 26)
                "published": published.isoformat() if published else None,
                "removed_sha256": hashlib.sha256(removed.encode()).hexdigest(),
                "warnings_sha256": hashlib.sha256(warnings.encode()).hexdigest(),
            },
        )
        doc_id = tx.conn.execute(
            insert(documents)
            .values(
                item_sha256=sha,
                extractor_version=version,
                language=_language(cleaned),
                published=published.isoformat() if published else None,
                text=cleaned.text,
                removed=removed,
                warnings=warnings,
                models=json.dumps(models, ensure_ascii=False),
                event_seq=seq,
                created_at=now,
            )
            .returning(documents.c.id)
        ).scalar_one()
        if rows:
            tx.conn.execute(
                insert(facts),
                [
                    {
                        "document_id": doc_id,
                        "item_sha256": sha,
                        "kind": r.kind,
                        "span_start": r.start,
                        "span_end": r.end,
                        "payload": json.dumps(r.payload, ensure_ascii=False, sort_keys=True),
                        "origin": "machine",
                        "supersedes": None,
                        "created_by": version,
                        "created_at": now,
                        "reason": None,
                        "event_seq": seq,
                    }
                    for r in rows
                ],
            )
    return int(doc_id)


def _language(cleaned: Any) -> str:
    lang = cleaned.language
    return str(getattr(lang, "code", lang))


def _plain(value: Any) -> Any:
    if hasattr(value, "__dict__"):
        return value.__dict__
    return str(value)
