"""Tables for ingested documents and their facts (mirrors migration 0002_facts).

A document is one cleaned text of one vault item by one extractor version. Facts keep the
character span in that text. A correction is a new fact row that supersedes an older one; the
machine's original extraction is never changed.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, ForeignKey, Integer, String, Table, Text

from casefile.vault.schema import metadata

documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("item_sha256", String(64), ForeignKey("items.sha256"), nullable=False, index=True),
    Column("extractor_version", String(64), nullable=False),
    Column("language", String(16), nullable=False),
    Column("published", String(32), nullable=True),
    Column("text", Text, nullable=False),
    Column("removed", Text, nullable=False),
    Column("warnings", Text, nullable=False),
    Column("models", Text, nullable=False),
    Column("event_seq", BigInteger, nullable=False),
    Column("created_at", String(40), nullable=False),
)

facts = Table(
    "facts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id"), nullable=False, index=True),
    Column("item_sha256", String(64), nullable=False, index=True),
    Column("kind", String(32), nullable=False, index=True),
    Column("span_start", Integer, nullable=True),
    Column("span_end", Integer, nullable=True),
    Column("payload", Text, nullable=False),
    Column("origin", String(16), nullable=False),  # machine | correction
    Column("supersedes", Integer, ForeignKey("facts.id"), nullable=True, index=True),
    Column("created_by", String(255), nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("reason", Text, nullable=True),
    Column("event_seq", BigInteger, nullable=False),
)
