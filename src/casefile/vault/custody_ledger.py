"""The custody ledger: an append-only Merkle log of events, stored in the workspace database.

Each event is a leaf holding its canonical JSON (RFC 8785). Appends happen inside a write
transaction that holds the ledger lock, in batches; each batch ends with one signed checkpoint.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Table, func, insert, select, update

from casefile.vault import canonical_json
from casefile.vault.checkpoint import Checkpoint, InclusionReceipt
from casefile.vault.merkle import (
    EMPTY_ROOT,
    CompactRange,
    NodeLookup,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
)
from casefile.vault.schema import checkpoints, ledger_entries, ledger_head, ledger_nodes
from casefile.vault.signed_note import NoteSigner, NoteVerifier

EVENT_VERSION = 1

_string = json.encoder.encode_basestring  # JSON string literal, non-ASCII kept as is


# The ledger's size and its newest signed checkpoint as statements, for readers that run them
# with their own (the web's dashboard reads the size inside its counts statement).
SIZE_QUERY = select(func.coalesce(func.max(ledger_head.c.size), 0)).where(ledger_head.c.id == 1)
LATEST_CHECKPOINT_QUERY = select(checkpoints.c.note).order_by(checkpoints.c.size.desc()).limit(1)

_second_text: tuple[int, str] = (-1, "")


def utc_now() -> str:
    """UTC time as 2026-04-01T12:00:00.123456Z.

    The text of the whole second is cached: formatting it was a tenth of an append's cost.
    """
    global _second_text
    second, micro = divmod(time.time_ns() // 1000, 1_000_000)
    cached_second, text = _second_text
    if second != cached_second:
        text = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(second))
        _second_text = (second, text)
    return f"{text}.{micro:06d}Z"


@dataclass(frozen=True)
class Event:
    """One custody event: what happened, to which item, by whom, when, with what details."""

    kind: str
    actor: str
    data: dict[str, Any] = field(default_factory=dict)
    item: str | None = None
    time: str = field(default_factory=utc_now)

    def as_json(self) -> dict[str, Any]:
        return {
            "v": EVENT_VERSION,
            "kind": self.kind,
            "time": self.time,
            "actor": self.actor,
            "item": self.item,
            "data": self.data,
        }

    def body(self) -> bytes:
        """RFC 8785 form of as_json(), assembled directly: its keys are fixed and sorted."""
        data = canonical_json.dumps_object_member(self.data)
        if data is None or type(self.item) not in (str, type(None)):
            return canonical_json.dumps(self.as_json())
        item = "null" if self.item is None else _string(self.item)
        text = (
            f'{{"actor":{_string(self.actor)},"data":{data},"item":{item},'
            f'"kind":{_string(self.kind)},"time":{_string(self.time)},"v":{EVENT_VERSION}}}'
        )
        try:
            return text.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate somewhere: the reference names it
            return canonical_json.dumps(self.as_json())

    @classmethod
    def from_body(cls, body: bytes) -> Event:
        obj = json.loads(body)
        return cls(obj["kind"], obj["actor"], obj["data"], obj["item"], obj["time"])


def as_bytes(value: Any) -> bytes:
    """A stored body or hash as bytes; text (a row rewritten behind casefile's back) becomes its
    UTF-8 bytes, so readers do not crash and verify names the column's type."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    return str(value).encode("utf-8", "surrogateescape")


@dataclass(frozen=True)
class LedgerEntry:
    seq: int
    leaf_hash: bytes
    body: bytes

    @property
    def event(self) -> Event:
        return Event.from_body(self.body)


ENTRY_COLUMNS = ("seq", "leaf_hash", "body", "kind", "item_sha256", "actor", "recorded_at")


def _insert_rows(
    conn: Connection, table: Table, columns: Sequence[str], rows: list[tuple[Any, ...]]
) -> None:
    """Bulk insert through the driver's executemany.

    SQLAlchemy's compiled executemany spent more per row than hashing and serialising the
    event; the statement here is fixed and its values are plain str/int/bytes.
    """
    if not rows:
        return
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    sql = (
        f"INSERT INTO {table.name} ({', '.join(columns)}) "
        f"VALUES ({', '.join([mark] * len(columns))})"
    )
    conn.exec_driver_sql(sql, rows)


class CustodyLedger:
    def __init__(self, origin: str, verifier: NoteVerifier, signer: NoteSigner | None) -> None:
        self.origin = origin
        self.verifier = verifier
        self.signer = signer

    # -- writing (caller holds a write transaction from Database.write) --

    def head(self, conn: Connection) -> CompactRange:
        row = conn.execute(select(ledger_head).where(ledger_head.c.id == 1)).one_or_none()
        if row is None:
            return CompactRange()
        return CompactRange(row.size, [bytes.fromhex(h) for h in json.loads(row.frontier)])

    def append_events(self, conn: Connection, events: Sequence[Event]) -> list[int]:
        """Appends events as consecutive leaves; returns their sequence numbers."""
        cr = self.head(conn)
        first = cr.size
        entry_rows: list[tuple[Any, ...]] = []
        node_rows: list[tuple[Any, ...]] = []
        for ev in events:
            body = ev.body()
            lh = leaf_hash(body)
            entry_rows.append((cr.size, lh, body, ev.kind, ev.item, ev.actor, ev.time))
            for level, idx, h in cr.append(lh):
                node_rows.append((level, idx, h))
        _insert_rows(conn, ledger_entries, ENTRY_COLUMNS, entry_rows)
        _insert_rows(conn, ledger_nodes, ("level", "idx", "hash"), node_rows)
        frontier = json.dumps([h.hex() for h in cr.hashes])
        if first == 0 and conn.execute(select(ledger_head.c.id)).first() is None:
            conn.execute(insert(ledger_head).values(id=1, size=cr.size, frontier=frontier))
        else:
            conn.execute(
                update(ledger_head)
                .where(ledger_head.c.id == 1)
                .values(size=cr.size, frontier=frontier)
            )
        return list(range(first, cr.size))

    def append_event(self, conn: Connection, event: Event) -> int:
        return self.append_events(conn, [event])[0]

    def sign_checkpoint(self, conn: Connection) -> str:
        """Signs and stores a checkpoint of the current tree (once per size)."""
        if self.signer is None:
            raise PermissionError("this workspace has no ledger signing key available")
        cr = self.head(conn)
        existing = conn.execute(
            select(checkpoints.c.note).where(checkpoints.c.size == cr.size)
        ).scalar_one_or_none()
        if existing is not None:
            return str(existing)
        root = cr.root()
        note = Checkpoint(self.origin, cr.size, root).sign(self.signer)
        conn.execute(
            insert(checkpoints).values(
                size=cr.size, root_hash=root, note=note, created_at=utc_now()
            )
        )
        return note

    # -- reading --

    def size(self, conn: Connection) -> int:
        return self.head(conn).size

    def node_lookup(self, conn: Connection) -> NodeLookup:
        def lookup(level: int, idx: int) -> bytes:
            if level == 0:
                q = select(ledger_entries.c.leaf_hash).where(ledger_entries.c.seq == idx)
            else:
                q = select(ledger_nodes.c.hash).where(
                    ledger_nodes.c.level == level, ledger_nodes.c.idx == idx
                )
            found = conn.execute(q).scalar_one_or_none()
            if found is None:
                raise LookupError(f"ledger node ({level}, {idx}) is missing")
            return bytes(found)

        return lookup

    def latest_checkpoint(self, conn: Connection) -> str | None:
        note = conn.execute(LATEST_CHECKPOINT_QUERY).scalar_one_or_none()
        return None if note is None else str(note)

    def checkpoint_at_least(self, conn: Connection, size: int) -> str | None:
        note = conn.execute(
            select(checkpoints.c.note)
            .where(checkpoints.c.size >= size)
            .order_by(checkpoints.c.size)
            .limit(1)
        ).scalar_one_or_none()
        return None if note is None else str(note)

    def root(self, conn: Connection) -> bytes:
        cr = self.head(conn)
        return cr.root() if cr.size else EMPTY_ROOT

    def entry(self, conn: Connection, seq: int) -> LedgerEntry:
        row = conn.execute(
            select(ledger_entries.c.seq, ledger_entries.c.leaf_hash, ledger_entries.c.body).where(
                ledger_entries.c.seq == seq
            )
        ).one_or_none()
        if row is None:
            raise LookupError(f"ledger entry {seq} does not exist")
        return LedgerEntry(row.seq, as_bytes(row.leaf_hash), as_bytes(row.body))

    def entries(
        self, conn: Connection, item: str | None = None, batch: int = 5000
    ) -> Iterator[LedgerEntry]:
        """All entries in order (or one item's), read in pages to keep memory flat."""
        last = -1
        while True:
            q = (
                select(ledger_entries.c.seq, ledger_entries.c.leaf_hash, ledger_entries.c.body)
                .where(ledger_entries.c.seq > last)
                .order_by(ledger_entries.c.seq)
                .limit(batch)
            )
            if item is not None:
                q = q.where(ledger_entries.c.item_sha256 == item)
            rows = conn.execute(q).all()
            if not rows:
                return
            for row in rows:
                yield LedgerEntry(row.seq, as_bytes(row.leaf_hash), as_bytes(row.body))
            last = rows[-1].seq

    def entries_of_items(
        self, conn: Connection, items: Sequence[str], below: int | None = None, chunk: int = 500
    ) -> list[LedgerEntry]:
        """Every entry naming one of ``items`` (below seq ``below``), in order: few queries."""
        found: list[LedgerEntry] = []
        wanted = list(dict.fromkeys(items))
        for start in range(0, len(wanted), chunk):
            q = select(
                ledger_entries.c.seq, ledger_entries.c.leaf_hash, ledger_entries.c.body
            ).where(ledger_entries.c.item_sha256.in_(wanted[start : start + chunk]))
            if below is not None:
                q = q.where(ledger_entries.c.seq < below)
            found += [
                LedgerEntry(r.seq, as_bytes(r.leaf_hash), as_bytes(r.body)) for r in conn.execute(q)
            ]
        return sorted(found, key=lambda e: e.seq)

    def tail(self, conn: Connection, limit: int, item: str | None = None) -> list[LedgerEntry]:
        """The newest ``limit`` entries (of one item, if given), oldest first."""
        q = (
            select(ledger_entries.c.seq, ledger_entries.c.leaf_hash, ledger_entries.c.body)
            .order_by(ledger_entries.c.seq.desc())
            .limit(limit)
        )
        if item is not None:
            q = q.where(ledger_entries.c.item_sha256 == item)
        rows = conn.execute(q).all()
        return [LedgerEntry(r.seq, as_bytes(r.leaf_hash), as_bytes(r.body)) for r in reversed(rows)]

    def receipt(
        self, conn: Connection, seq: int, checkpoint_note: str | None = None
    ) -> InclusionReceipt:
        """An offline proof that entry ``seq`` is in the log, against a signed checkpoint."""
        note = checkpoint_note or self.checkpoint_at_least(conn, seq + 1)
        if note is None:
            raise LookupError(f"no signed checkpoint covers ledger entry {seq} yet")
        cp = Checkpoint.open(note, self.verifier, self.origin)
        proof = inclusion_proof(seq, cp.size, self.node_lookup(conn))
        return InclusionReceipt(seq, proof, note)

    def consistency(self, conn: Connection, old_size: int, new_size: int) -> list[bytes]:
        return consistency_proof(old_size, new_size, self.node_lookup(conn))
