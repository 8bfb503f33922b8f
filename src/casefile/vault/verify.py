"""Checking a workspace end to end: blobs, ledger tree, signed checkpoints, database vs ledger.

Every problem found is listed (not just the first), each naming the item or ledger entry,
what was expected and what was found.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, func, select

from casefile.errors import CasefileError
from casefile.vault.acquire import record_from_row
from casefile.vault.auto_anchor import ANCHOR_AFTER, load_anchor_after, unanchored
from casefile.vault.checkpoint import Checkpoint, InclusionReceipt
from casefile.vault.custody_ledger import Event, LedgerEntry, as_bytes
from casefile.vault.integrity import Near, matches
from casefile.vault.merkle import CompactRange, leaf_hash, verify_consistency
from casefile.vault.recovery import owner_alive
from casefile.vault.schema import (
    acquisitions,
    checkpoints,
    item_tags,
    items,
    ledger_entries,
    ledger_head,
    ledger_nodes,
    pending_blobs,
    workspace_meta,
)
from casefile.vault.signed_note import NoteError
from casefile.vault.timestamp import check_tokens, load_authorities
from casefile.vault.workspace import Workspace

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Problem:
    kind: str
    subject: str
    detail: str
    expected: str | None = None
    found: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


@dataclass
class VerifyReport:
    problems: list[Problem] = field(default_factory=list)
    items_checked: int = 0
    bytes_checked: int = 0
    entries_checked: int = 0
    checkpoints_checked: int = 0
    tree_size: int = 0
    root: str = ""
    # the largest tree size a witness cosigned (or an outside checkpoint showed), and by whom
    witnessed_size: int = 0
    witnesses: list[str] = field(default_factory=list)
    outside_checkpoints: int = 0
    # with automatic anchoring on (keys/anchor-after.json): its kinds, the newest checkpoint an
    # RFC 3161 token covers, the events after it, and those of them after which it was due
    anchor_after: list[str] = field(default_factory=list)
    anchored_size: int = 0
    unanchored_events: int = 0
    unanchored_due: int = 0

    @property
    def unwitnessed(self) -> int:
        """Events no witness cosignature (or checkpoint kept outside) covers yet."""
        return max(0, self.tree_size - self.witnessed_size)

    @property
    def ok(self) -> bool:
        return not self.problems

    def add(self, *args: Any, **kw: Any) -> None:
        self.problems.append(Problem(*args, **kw))


ExtraCheck = Callable[[Workspace, Connection, "VerifyReport"], None]


def verify_workspace(
    ws: Workspace,
    progress: Progress | None = None,
    extra_checks: Sequence[ExtraCheck] = (),
    outside: Sequence[tuple[str, str]] = (),
) -> VerifyReport:
    """Checks everything; ``extra_checks`` let later stages check their own records too.

    ``outside`` are (where, note) checkpoints kept outside the workspace (a partner's cosigned
    checkpoint, a bag's checkpoint): the ledger must be consistent with each of them."""
    report = VerifyReport()
    tick = progress or (lambda stage, done, total: None)
    with ws.db.read() as conn:
        acquired = _check_ledger(ws, conn, report, tick)
        _check_records(conn, report, acquired)
        _check_meta(ws, conn, report)
        _check_blobs(ws, conn, report, tick)
        _check_witnessed(ws, conn, report, outside)
        for size, tsa, problem in check_tokens(conn, load_authorities(ws.root)):
            report.add("timestamp", f"timestamp token on checkpoint {size} from {tsa}", problem)
        _check_anchoring(ws, conn, report)
        for check in extra_checks:
            _run_check(check, ws, conn, report)
    return report


def _check_anchoring(ws: Workspace, conn: Connection, report: VerifyReport) -> None:
    """Counts what automatic anchoring has not covered yet (an unreachable authority)."""
    try:
        report.anchor_after = load_anchor_after(ws.root)
    except CasefileError as exc:
        report.add("anchor-setting", str(ANCHOR_AFTER), str(exc))
        return
    if report.anchor_after:
        size, events, due = unanchored(conn, report.anchor_after)
        report.anchored_size, report.unanchored_events, report.unanchored_due = size, events, due


def _run_check(check: ExtraCheck, ws: Workspace, conn: Connection, report: VerifyReport) -> None:
    """A stage's check that meets rows it cannot even read is a named failure, not a crash."""
    try:
        check(ws, conn, report)
    except (ValueError, TypeError, KeyError, LookupError, AttributeError) as exc:
        name = getattr(check, "__name__", "a stage check")
        report.add(
            "unreadable-rows",
            name,
            f"stopped at rows it cannot read (changed behind casefile's back?): "
            f"{type(exc).__name__}: {str(exc)[:300]}",
        )


def _check_ledger(
    ws: Workspace, conn: Connection, report: VerifyReport, tick: Progress
) -> dict[int, Event]:
    """Recomputes the tree from the entry bodies; returns the 'acquired' events by seq."""
    head = conn.execute(select(ledger_head)).one_or_none()
    claimed_size = 0 if head is None else head.size
    cps = {row.size: row for row in conn.execute(select(checkpoints)).all()}
    nodes = {(r.level, r.idx): bytes(r.hash) for r in conn.execute(select(ledger_nodes))}
    cr = CompactRange()
    acquired: dict[int, Event] = {}
    expected_seq = 0
    last_time: str | None = None
    for entry, columns in _entries_with_columns(conn):
        if entry.seq != expected_seq:
            report.add(
                "ledger-gap",
                f"ledger entries {expected_seq}..{entry.seq - 1}",
                "entries are missing from the ledger",
                str(expected_seq),
                str(entry.seq),
            )
            # Keep the positions honest: a gap breaks every root after it anyway.
            expected_seq = entry.seq
        ev = _check_entry(entry, report, acquired)
        if ev is not None:
            _check_entry_columns(entry.seq, ev, columns, report)
            last_time = ev.time
        computed = leaf_hash(entry.body)
        for level, idx, h in cr.append(computed):
            stored = nodes.get((level, idx))
            if stored != h:
                report.add(
                    "ledger-node",
                    f"tree node ({level}, {idx})",
                    "a stored interior hash of the ledger tree does not match the entries",
                    h.hex(),
                    stored.hex() if stored else "missing",
                )
        expected_seq += 1
        if cr.size in cps:
            _check_checkpoint(ws, cps[cr.size], cr, report, last_time)
        if cr.size % 10000 == 0:
            tick("ledger", cr.size, claimed_size)
    report.entries_checked = cr.size
    report.tree_size = cr.size
    report.root = cr.root().hex()
    if claimed_size != cr.size:
        report.add(
            "ledger-size",
            "ledger head",
            "the ledger's recorded size differs from its entries",
            str(claimed_size),
            str(cr.size),
        )
    if head is not None and head.frontier != json.dumps([h.hex() for h in cr.hashes]):
        report.add(
            "ledger-head",
            "ledger head",
            "the stored right edge of the tree (frontier) differs from the entries: the next "
            "append would build a wrong tree",
            json.dumps([h.hex()[:16] for h in cr.hashes]),
            str(head.frontier)[:200],
        )
    if cr.size and cr.size not in cps:
        report.add(
            "checkpoint-missing",
            f"checkpoint at size {cr.size}",
            "the newest entries are covered by no signed checkpoint (every write ends with "
            "one: the newest checkpoint was deleted, or entries were added behind casefile's "
            "back)",
            str(cr.size),
            str(max((s for s in cps if s <= cr.size), default=0)),
        )
    for size in sorted(s for s in cps if s > cr.size):
        report.add(
            "checkpoint-ahead",
            f"checkpoint at size {size}",
            "a signed checkpoint covers entries that are no longer in the ledger "
            "(entries were removed)",
            str(size),
            str(cr.size),
        )
    _check_latest_consistency(ws, conn, cps, cr, report)
    return acquired


def _entries_with_columns(conn: Connection, batch: int = 5000) -> Iterator[tuple[LedgerEntry, Any]]:
    """Every entry in order with its indexed columns, read in pages; a body stored as text
    (not bytes) is named and hashed as its UTF-8 bytes, so the rest can still be checked."""
    last = -1
    while True:
        rows = conn.execute(
            select(ledger_entries)
            .where(ledger_entries.c.seq > last)
            .order_by(ledger_entries.c.seq)
            .limit(batch)
        ).all()
        if not rows:
            return
        for row in rows:
            yield LedgerEntry(row.seq, as_bytes(row.leaf_hash), as_bytes(row.body)), row
        last = rows[-1].seq


ENTRY_COLUMNS: tuple[tuple[str, Callable[[Event], Any]], ...] = (
    ("kind", lambda ev: ev.kind),
    ("item_sha256", lambda ev: ev.item),
    ("actor", lambda ev: ev.actor),
    ("recorded_at", lambda ev: ev.time),
)


def _check_entry_columns(seq: int, ev: Event, row: Any, report: VerifyReport) -> None:
    """The indexed columns readers select by must say what the signed body says."""
    subject = f"ledger_entries row {seq}"
    for name in ("body", "leaf_hash"):
        if not isinstance(getattr(row, name), (bytes, bytearray, memoryview)):
            report.add(
                "ledger-entry",
                subject,
                f"column {name} is stored as {type(getattr(row, name)).__name__}, not bytes "
                "(rewritten behind casefile's back)",
            )
    for column, of in ENTRY_COLUMNS:
        if getattr(row, column) != of(ev):
            report.add(
                "ledger-column",
                subject,
                f"column {column} differs from the signed event body (readers select by it)",
                str(of(ev)),
                str(getattr(row, column)),
            )


def _check_entry(
    entry: LedgerEntry, report: VerifyReport, acquired: dict[int, Event]
) -> Event | None:
    stored_leaf = entry.leaf_hash
    computed = leaf_hash(entry.body)
    if stored_leaf != computed:
        report.add(
            "ledger-entry",
            f"ledger entry {entry.seq}",
            "the entry's content does not match its recorded leaf hash (changed after logging)",
            stored_leaf.hex(),
            computed.hex(),
        )
    try:
        ev = entry.event
    except (ValueError, KeyError, TypeError) as exc:
        report.add("ledger-entry", f"ledger entry {entry.seq}", f"not a valid event: {exc}")
        return None
    if ev.kind in ("acquired", "annotated"):
        acquired[entry.seq] = ev
    return ev


def _check_checkpoint(
    ws: Workspace, row: Any, cr: CompactRange, report: VerifyReport, last_time: str | None
) -> None:
    report.checkpoints_checked += 1
    subject = f"checkpoint at size {row.size}"
    if last_time is not None and not matches(Near(last_time), row.created_at):
        report.add(
            "checkpoint-row",
            subject,
            "its created_at is not when its last entry was logged",
            last_time,
            str(row.created_at),
        )
    try:
        cp = Checkpoint.open(row.note, ws.verifier, ws.origin)
    except NoteError as exc:
        report.add("checkpoint-signature", subject, f"signed checkpoint does not verify: {exc}")
        return
    root = cr.root()
    if cp.size != row.size or cp.root != root:
        report.add(
            "checkpoint-root",
            subject,
            "the ledger no longer has the tree this checkpoint signed (history was rewritten)",
            cp.root.hex(),
            root.hex(),
        )
    if bytes(row.root_hash) != cp.root:
        report.add(
            "checkpoint-row",
            subject,
            "the stored root column differs from the signed note",
            cp.root.hex(),
            bytes(row.root_hash).hex(),
        )


def _check_latest_consistency(
    ws: Workspace,
    conn: Connection,
    cps: dict[int, Any],
    cr: CompactRange,
    report: VerifyReport,
) -> None:
    """Proves, with the stored nodes, that the oldest and newest checkpoints are prefixes."""
    sizes = sorted(s for s in cps if 0 < s <= cr.size)
    if not sizes:
        return
    for size in {sizes[0], sizes[-1]}:
        try:
            cp = Checkpoint.parse_text(cps[size].note.split("\n\n")[0] + "\n")
            proof = ws.ledger.consistency(conn, size, cr.size)
        except (NoteError, LookupError) as exc:
            report.add("consistency", f"checkpoint at size {size}", f"no proof possible: {exc}")
            continue
        if not verify_consistency(size, cr.size, proof, cp.root, cr.root()):
            report.add(
                "consistency",
                f"checkpoint at size {size}",
                "the current tree is not an append-only extension of this checkpoint",
            )


def _check_records(conn: Connection, report: VerifyReport, acquired: dict[int, Event]) -> None:
    """Items and acquisitions must say exactly what their ledger events say."""
    item_rows = {r.sha256: r for r in conn.execute(select(items))}
    seen_seqs: set[int] = set()
    acq_count: dict[str, int] = {}
    for row in conn.execute(select(acquisitions).order_by(acquisitions.c.event_seq)):
        seen_seqs.add(row.event_seq)
        acq_count[row.item_sha256] = acq_count.get(row.item_sha256, 0) + 1
        subject = f"acquisition {row.id} of item {row.item_sha256[:16]}"
        ev = acquired.get(row.event_seq)
        if ev is None:
            report.add(
                "record-without-event",
                subject,
                f"no 'acquired' event at ledger entry {row.event_seq}",
            )
            continue
        item = item_rows.get(row.item_sha256)
        try:
            rec = record_from_row(row, ev.data.get("size"), ev.data.get("media_type"))
        except (ValueError, TypeError) as exc:
            report.add("record-changed", subject, f"the row is not readable ({exc})")
            continue
        if ev.item != row.item_sha256 or rec != ev.data:
            diff = sorted(k for k in set(rec) | set(ev.data) if rec.get(k) != ev.data.get(k)) or [
                "item"
            ]
            report.add(
                "record-changed",
                subject,
                f"the database row differs from its ledger event in: {', '.join(diff)}",
                json.dumps({k: ev.data.get(k) for k in diff}, default=str)[:500],
                json.dumps({k: rec.get(k) for k in diff}, default=str)[:500],
            )
        if item is None:
            report.add("record-orphan", subject, "the acquisition names an item that has no row")
    _check_tags(conn, report, acquired)
    annotated = {s for s, ev in acquired.items() if ev.kind == "annotated"}
    for seq, ev in acquired.items():
        if seq not in seen_seqs and seq not in annotated:
            report.add(
                "event-without-record",
                f"ledger entry {seq} (item {str(ev.item)[:16]})",
                "an 'acquired' event has no acquisition row in the database (row deleted?)",
            )
    for sha, item in item_rows.items():
        first = acquired.get(item.first_seq)
        subject = f"item {sha}"
        if first is None or first.item != sha:
            report.add("item-without-event", subject, "its first acquisition event is missing")
            continue
        first_seq = min(
            (s for s, ev in acquired.items() if ev.kind == "acquired" and ev.item == sha),
            default=None,
        )
        if item.first_seq != first_seq or item.first_acquired_at != first.data.get("acquired_at"):
            report.add(
                "item-changed",
                subject,
                "its first acquisition (first_seq, first_acquired_at) differs from the ledger",
                f"{first_seq}, {first.data.get('acquired_at')}",
                f"{item.first_seq}, {item.first_acquired_at}",
            )
        expected = (first.data.get("size"), first.data.get("media_type"))
        found = (item.size, item.media_type)
        if expected != found:
            report.add(
                "item-changed",
                subject,
                "size or media type differs from the ledger",
                f"{expected[0]} bytes, {expected[1]}",
                f"{found[0]} bytes, {found[1]}",
            )
        if acq_count.get(sha, 0) == 0:
            report.add("item-without-record", subject, "no acquisition row for this item")


def _check_witnessed(
    ws: Workspace, conn: Connection, report: VerifyReport, outside: Sequence[tuple[str, str]]
) -> None:
    """The ledger must extend every checkpoint seen outside it: cosigned checkpoints kept under
    witnesses/ and any given on the command line. A truncated ledger (rolled back to an earlier
    genuine checkpoint) is smaller than what a witness saw; a rewritten one has another root."""
    from casefile.vault.cosign import stored_cosigned, trusted_witnesses

    try:
        keys = trusted_witnesses(ws.root)
    except NoteError as exc:
        report.add("witness", "witnesses/trusted.vkeys", str(exc))
        keys = []
    notes = [(f"witnesses/cosigned/{name}", note) for name, note in stored_cosigned(ws.root)]
    report.outside_checkpoints = len(outside)
    current = bytes.fromhex(report.root) if report.root else b""
    for where, note in [*notes, *outside]:
        try:
            cp = Checkpoint.open(note, ws.verifier, ws.origin)
        except NoteError as exc:
            report.add("witness", where, f"not a checkpoint of this ledger: {exc}")
            continue
        cosigners = []
        for key in keys:
            try:
                cosigned, _ = key.open(note)
            except NoteError:
                continue
            if cosigned == cp:
                cosigners.append(key.name)
        if where.startswith("witnesses/") and not cosigners:
            report.add("witness", where, "no trusted witness's cosignature on it verifies")
            continue
        subject = f"checkpoint of size {cp.size} from {where}"
        if cp.size > report.tree_size:
            report.add(
                "rollback",
                subject,
                "the ledger is smaller than a tree seen outside the workspace: entries after it "
                "were removed (rolled back)",
                str(cp.size),
                str(report.tree_size),
            )
            continue
        try:
            proof = ws.ledger.consistency(conn, cp.size, report.tree_size) if cp.size else []
        except LookupError as exc:
            report.add("rollback", subject, f"no consistency proof possible: {exc}")
            continue
        if cp.size and not verify_consistency(cp.size, report.tree_size, proof, cp.root, current):
            report.add(
                "fork",
                subject,
                "the ledger is not an append-only extension of a tree seen outside the "
                "workspace (history was rewritten)",
            )
            continue
        if cp.size >= report.witnessed_size:
            report.witnessed_size = cp.size
        report.witnesses = sorted(set(report.witnesses) | set(cosigners))


def _check_meta(ws: Workspace, conn: Connection, report: VerifyReport) -> None:
    """The workspace's identity rows must be what its first event logged."""
    try:
        first = ws.ledger.entry(conn, 0).event
    except (LookupError, ValueError, KeyError, TypeError):
        return  # the ledger check names the missing or broken first entry
    meta = {r.key: r.value for r in conn.execute(select(workspace_meta))}
    origin = first.data.get("origin")
    expected = {
        "origin": origin,
        "vkey": first.data.get("vkey"),
        "id": str(origin).rsplit("/", 1)[-1] if origin else None,
    }
    for key in sorted(set(expected) - set(meta)):
        report.add(
            "row-missing", f"workspace_meta row {key}", "the workspace's identity row is missing"
        )
    for key, want in expected.items():
        if key in meta and meta[key] != want:
            report.add(
                "row-changed",
                f"workspace_meta row {key}",
                "column value differs from what the 'workspace_created' event logged",
                str(want),
                str(meta[key]),
            )
    if first.data.get("vkey") != ws.verifier.to_vkey():
        report.add(
            "workspace-key",
            "keys/ledger.vkey",
            "the verifier key differs from the one the 'workspace_created' event logged",
            str(first.data.get("vkey")),
            ws.verifier.to_vkey(),
        )


def _check_tags(conn: Connection, report: VerifyReport, events: dict[int, Event]) -> None:
    """The tag index must be what the acquisitions and annotations say, replayed in order."""
    expected: dict[str, set[str]] = {}
    for seq in sorted(events):
        ev = events[seq]
        tags = expected.setdefault(str(ev.item), set())
        if ev.kind == "acquired":
            tags.update(ev.data.get("tags", []))
        else:
            tags.update(ev.data.get("add_tags", []))
            tags.difference_update(ev.data.get("remove_tags", []))
    found: dict[str, set[str]] = {}
    for sha, tag in conn.execute(select(item_tags.c.item_sha256, item_tags.c.tag)):
        found.setdefault(sha, set()).add(tag)
    for sha in sorted(set(expected) | set(found)):
        want, have = expected.get(sha, set()), found.get(sha, set())
        if want != have:
            report.add(
                "tags-changed",
                f"item {sha}",
                "the item's tags differ from its ledger events",
                ", ".join(sorted(want)),
                ", ".join(sorted(have)),
            )


def _check_blobs(ws: Workspace, conn: Connection, report: VerifyReport, tick: Progress) -> None:
    rows = conn.execute(select(items.c.sha256, items.c.size).order_by(items.c.sha256)).all()
    total = len(rows)
    for n, row in enumerate(rows, 1):
        _check_blob(ws, row.sha256, row.size, report)
        tick("blobs", n, total)
    known = {r.sha256 for r in rows}
    pending = {r.sha256 for r in conn.execute(select(pending_blobs)).all() if owner_alive(r.owner)}
    for sha in ws.blobs.iter_stored():
        if sha not in known and sha not in pending:
            report.add(
                "blob-without-event",
                f"blob {sha}",
                "a blob is in the store with no item or ledger event (added behind casefile's "
                "back, or left by a crash: run 'casefile recover')",
            )
    stale = conn.execute(select(func.count()).select_from(pending_blobs)).scalar_one()
    if stale and not pending:
        report.add(
            "interrupted-add",
            "pending blobs",
            f"{stale} interrupted add(s): run 'casefile recover'",
        )


def _check_blob(ws: Workspace, sha: str, size: int, report: VerifyReport) -> None:
    subject = f"item {sha}"
    if not ws.blobs.exists(sha):
        report.add("blob-missing", subject, "the evidence file is missing from the blob store")
        return
    try:
        found_sha, found_size = ws.blobs.hash_blob(sha)
    except OSError as exc:
        report.add("blob-unreadable", subject, f"cannot read the stored blob: {exc.strerror}")
        return
    report.items_checked += 1
    report.bytes_checked += found_size
    if found_sha != sha:
        report.add(
            "blob-changed",
            subject,
            "the stored bytes no longer match their hash",
            sha,
            found_sha,
        )
    elif found_size != size:
        report.add("blob-size", subject, "stored size differs", str(size), str(found_size))


@dataclass
class ItemVerification:
    sha256: str
    report: VerifyReport
    receipts: list[tuple[LedgerEntry, InclusionReceipt]]


def verify_item(ws: Workspace, sha: str) -> ItemVerification:
    """Re-hashes one item and proves each of its events against the latest checkpoint."""
    report = VerifyReport()
    receipts = []
    with ws.db.read() as conn:
        row = conn.execute(select(items).where(items.c.sha256 == sha)).one_or_none()
        if row is None:
            raise LookupError(sha)
        _check_blob(ws, sha, row.size, report)
        note = ws.ledger.latest_checkpoint(conn)
        for entry in ws.ledger.entries(conn, item=sha):
            try:
                receipt = ws.ledger.receipt(conn, entry.seq, note)
                receipt.verify(leaf_hash(entry.body), ws.verifier, ws.origin)
            except (NoteError, LookupError) as exc:
                report.add("inclusion", f"ledger entry {entry.seq}", str(exc))
                continue
            if entry.leaf_hash != leaf_hash(entry.body):
                report.add("ledger-entry", f"ledger entry {entry.seq}", "content changed")
            receipts.append((entry, receipt))
            report.entries_checked += 1
    return ItemVerification(sha, report, receipts)
