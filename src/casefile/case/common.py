"""Helpers the case modules share: checks of input, facts as they stand now, sources, dates."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import Connection, Table, insert, select

from casefile.errors import CasefileError, NotFound
from casefile.ingest.corrections import Fact
from casefile.ingest.schema import documents, facts
from casefile.vault.catalog import resolve_item
from casefile.vault.custody_ledger import utc_now
from casefile.vault.schema import acquisitions, items
from casefile.vault.workspace import Transaction


def require_text(value: str | None, what: str) -> str:
    if value is None or not value.strip():
        raise CasefileError(f"{what} is empty: say it in words")
    return value.strip()


def require_item(conn: Connection, sha: str) -> str:
    """The item's full hash, or a clear error when the vault does not hold it."""
    ref = sha.lower().strip()
    try:
        return resolve_item(conn, ref)
    except NotFound as exc:
        if "is not an item hash" in str(exc):
            raise CasefileError(str(exc)) from None
        raise CasefileError(
            f"item {ref} is not in the vault: preserve it first ('casefile add'), then link it"
        ) from None


def current_fact(conn: Connection, fact_id: int) -> Fact:
    """The fact as it stands now: the newest correction of it, following the chain forward."""
    row = conn.execute(select(facts).where(facts.c.id == fact_id)).one_or_none()
    if row is None:
        raise CasefileError(f"there is no fact {fact_id}")
    seen = {row.id}
    while True:
        newer = conn.execute(
            select(facts).where(facts.c.supersedes == row.id).order_by(facts.c.id.desc()).limit(1)
        ).one_or_none()
        if newer is None or newer.id in seen:
            return Fact.from_row(row)
        seen.add(newer.id)
        row = newer


def fact_of_kind(conn: Connection, fact_id: int, kind: str) -> Fact:
    fact = current_fact(conn, fact_id)
    if fact.kind != kind:
        raise CasefileError(f"fact {fact_id} is a {fact.kind}, not a {kind}")
    return fact


def document_date(conn: Connection, fact: Fact) -> tuple[str | None, str]:
    """The date of the document a fact comes from: its publication date, else acquisition."""
    pub = conn.execute(
        select(documents.c.published).where(documents.c.id == fact.document_id)
    ).scalar_one_or_none()
    if pub:
        return str(pub)[:10], "published"
    acquired = conn.execute(
        select(items.c.first_acquired_at).where(items.c.sha256 == fact.item_sha256)
    ).scalar_one_or_none()
    return (str(acquired)[:10] if acquired else None), "acquired"


def item_name(conn: Connection, sha: str) -> str:
    row = conn.execute(
        select(acquisitions.c.original_name, acquisitions.c.final_url, acquisitions.c.source_url)
        .where(acquisitions.c.item_sha256 == sha)
        .order_by(acquisitions.c.id)
        .limit(1)
    ).one_or_none()
    if row is None:
        return sha[:12]
    return str(row.original_name or row.final_url or row.source_url or sha[:12])


def publisher(conn: Connection, sha: str) -> str:
    """Who published an item: its label, else the web host it came from, else its file name."""
    row = conn.execute(
        select(acquisitions.c.label, acquisitions.c.final_url, acquisitions.c.source_url)
        .where(acquisitions.c.item_sha256 == sha)
        .order_by(acquisitions.c.id)
        .limit(1)
    ).one_or_none()
    if row is not None and row.label:
        return str(row.label)
    if row is not None and (row.final_url or row.source_url):
        host = urlsplit(str(row.final_url or row.source_url)).hostname or ""
        return host.removeprefix("www.") or item_name(conn, sha)
    return item_name(conn, sha)


_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.I)


def norm_source(name: str) -> str:
    """One key per source however it is written: 'The Kremlin' and 'Kremlin' are one source."""
    s = _ARTICLE.sub("", name.strip()).lower()
    s = re.sub(r"['\u2019]s\b", "", s)
    return re.sub(r"[^\w]+", " ", s).strip()


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def stamp(tx: Transaction, seq: int) -> dict[str, Any]:
    return {"created_by": tx.actor, "created_at": utc_now(), "event_seq": seq}


def insert_row(tx: Transaction, table: Table, values: dict[str, Any]) -> int:
    new_id = tx.conn.execute(insert(table).values(**values).returning(table.c.id)).scalar_one()
    return int(new_id)


class FactIndex:
    """Facts, documents and acquisitions of some items, loaded in a few queries.

    Reading a toll history or a claim needs, per fact, its newest correction, its original,
    its document's date and its publisher: one query each is slow for hundreds of figures.
    """

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.loaded: set[str] = set()
        self.rows: dict[int, Any] = {}
        self.children: dict[int, list[int]] = {}
        self.published: dict[int, str | None] = {}
        self.acquired: dict[str, str] = {}
        self.first_acq: dict[str, Any] = {}

    def load(self, shas: Any) -> FactIndex:
        wanted = sorted(set(shas) - self.loaded)
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            for row in self.conn.execute(select(facts).where(facts.c.item_sha256.in_(chunk))):
                self.rows[row.id] = row
                if row.supersedes is not None:
                    self.children.setdefault(row.supersedes, []).append(row.id)
            for doc_id, pub in self.conn.execute(
                select(documents.c.id, documents.c.published).where(
                    documents.c.item_sha256.in_(chunk)
                )
            ):
                self.published[doc_id] = pub
            for sha, at in self.conn.execute(
                select(items.c.sha256, items.c.first_acquired_at).where(items.c.sha256.in_(chunk))
            ):
                self.acquired[sha] = at
            for acq in self.conn.execute(
                select(acquisitions)
                .where(acquisitions.c.item_sha256.in_(chunk))
                .order_by(acquisitions.c.id.desc())
            ):
                self.first_acq[acq.item_sha256] = acq  # the last assigned is the first acquisition
        self.loaded.update(wanted)
        return self

    def current(self, sha: str, fact_id: int) -> Fact:
        self.load([sha])
        if fact_id not in self.rows:
            return current_fact(self.conn, fact_id)
        fid = fact_id
        seen = {fid}
        while self.children.get(fid):
            newest = max(self.children[fid])
            if newest in seen:
                break
            seen.add(newest)
            fid = newest
        return Fact.from_row(self.rows[fid])

    def root(self, sha: str, fact_id: int) -> int:
        self.load([sha])
        fid = fact_id
        while fid in self.rows and self.rows[fid].supersedes is not None:
            fid = int(self.rows[fid].supersedes)
        return fid

    def document_date(self, fact: Fact) -> tuple[str | None, str]:
        self.load([fact.item_sha256])
        pub = self.published.get(fact.document_id)
        if pub:
            return str(pub)[:10], "published"
        at = self.acquired.get(fact.item_sha256)
        return (str(at)[:10] if at else None), "acquired"

    def item_name(self, sha: str) -> str:
        self.load([sha])
        row = self.first_acq.get(sha)
        if row is None:
            return sha[:12]
        return str(row.original_name or row.final_url or row.source_url or sha[:12])

    def publisher(self, sha: str) -> str:
        self.load([sha])
        row = self.first_acq.get(sha)
        if row is not None and row.label:
            return str(row.label)
        if row is not None and (row.final_url or row.source_url):
            host = urlsplit(str(row.final_url or row.source_url)).hostname or ""
            return host.removeprefix("www.") or self.item_name(sha)
        return self.item_name(sha)
