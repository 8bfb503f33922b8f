"""Reading the vault as people look at it: items with their acquisitions and annotations.

Annotations (labels, tags, notes added after acquisition) live only in the ledger as
'annotated' events, so every change to how an item is described is itself custody history.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, and_, delete, func, select

from casefile.errors import CasefileError, NotFound
from casefile.vault.acquire import add_tags
from casefile.vault.schema import acquisitions, item_tags, items, ledger_entries
from casefile.vault.workspace import Workspace

CHUNK = 500  # items per IN (...) query: well under SQLite's and PostgreSQL's parameter limits

# The tag that marks an item as graphic (dead or wounded people, violence): pages that show it
# blur the image until the reader asks to see it (vicarious trauma). Set and removed like any
# tag: at acquisition (--tag graphic, the upload form) or by annotation.
GRAPHIC_TAG = "graphic"


HEX = frozenset("0123456789abcdef")


def hash_prefix(column: Any, ref: str) -> Any:
    """``column`` starts with ``ref``. Hashes are stored as lower-case hex, so a hex prefix is
    a range of the column's index (SQLite's LIKE is case-insensitive and uses no index);
    anything else stays a LIKE."""
    if ref and set(ref) <= HEX:
        return and_(column >= ref, column < ref + "g")
    return column.like(ref + "%")


def resolve_item(conn: Connection, ref: str) -> str:
    """The full hash of the one item whose hash starts with ``ref`` (at least 6 hex digits):
    through the hash index. ``NotFound`` when no item has it, a clear error when it is not a
    hash or names several items."""
    ref = ref.lower().strip()
    if not 6 <= len(ref) <= 64 or not set(ref) <= HEX:
        raise NotFound(f"{ref[:80]!r} is not an item hash (give at least 6 hex digits)")
    found = list(
        conn.execute(
            select(items.c.sha256).where(hash_prefix(items.c.sha256, ref)).limit(2)
        ).scalars()
    )
    if not found:
        raise NotFound(f"no item in the vault has a hash starting with {ref}")
    if len(found) > 1:
        raise CasefileError(f"{ref} is ambiguous: give more digits of the item's hash")
    return str(found[0])


@dataclass
class ItemView:
    sha256: str
    size: int
    media_type: str
    first_acquired_at: str
    names: list[str]
    sources: list[str]
    labels: list[str]
    tags: list[str]
    notes: list[dict[str, str]] = field(default_factory=list)
    exif: dict[str, Any] | None = None
    http_status: int | None = None
    acquisitions: int = 0
    events: int = 0

    def as_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def list_items(
    conn: Connection,
    tag: str | None = None,
    media: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> tuple[list[ItemView], int]:
    """A page of items, newest first, and the total count (filters before paging)."""
    q = select(items.c.sha256).order_by(items.c.first_seq.desc())
    if media:
        q = q.where(items.c.media_type.like(media.replace("*", "%")))
    if tag:
        q = q.where(
            items.c.sha256.in_(select(item_tags.c.item_sha256).where(item_tags.c.tag == tag))
        )
    total = conn.execute(select(func.count()).select_from(q.subquery())).scalar_one()
    shas = conn.execute(q.limit(limit).offset(offset)).scalars().all()
    return item_views(conn, shas), int(total)


def item_view(conn: Connection, sha: str) -> ItemView:
    return item_views(conn, [sha])[0]


def item_views(conn: Connection, shas: Sequence[str]) -> list[ItemView]:
    """Views of many items in the order given: three queries per chunk, not per item."""
    found: dict[str, ItemView] = {}
    wanted = list(dict.fromkeys(shas))
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        rows = {r.sha256: r for r in conn.execute(select(items).where(items.c.sha256.in_(chunk)))}
        missing = [s for s in chunk if s not in rows]
        if missing:
            raise CasefileError(f"item {missing[0]} is not in the vault")
        acqs: dict[str, list[Any]] = {s: [] for s in chunk}
        for a in conn.execute(
            select(acquisitions)
            .where(acquisitions.c.item_sha256.in_(chunk))
            .order_by(acquisitions.c.id)
        ):
            acqs[a.item_sha256].append(a)
        bodies: dict[str, list[tuple[str, bytes]]] = {s: [] for s in chunk}
        for kind, body, sha in conn.execute(
            select(ledger_entries.c.kind, ledger_entries.c.body, ledger_entries.c.item_sha256)
            .where(ledger_entries.c.item_sha256.in_(chunk))
            .order_by(ledger_entries.c.seq)
        ):
            bodies[sha].append((kind, body))
        for sha in chunk:
            found[sha] = _view(rows[sha], acqs[sha], bodies[sha])
    return [found[s] for s in shas]


def _view(row: Any, acqs: list[Any], bodies: list[tuple[str, bytes]]) -> ItemView:
    view = ItemView(
        row.sha256,
        row.size,
        row.media_type,
        row.first_acquired_at,
        [],
        [],
        [],
        [],
        acquisitions=len(acqs),
    )
    tags: set[str] = set()
    for a in acqs:
        _add(view.names, a.original_name)
        _add(view.sources, a.original_path or a.source_url)
        _add(view.labels, a.label)
        tags.update(json.loads(a.tags))
        if a.exif and view.exif is None:
            view.exif = json.loads(a.exif)
        if a.http_status is not None:
            view.http_status = a.http_status
    view.events = len(bodies)
    for kind, body in bodies:
        if kind != "annotated":
            continue
        ev = json.loads(body)
        data = ev["data"]
        tags.update(data.get("add_tags", []))
        tags.difference_update(data.get("remove_tags", []))
        _add(view.labels, data.get("label"))
        if data.get("note"):
            view.notes.append({"by": ev["actor"], "at": ev["time"], "note": data["note"]})
    view.tags = sorted(tags)
    return view


def _add(values: list[str], value: str | None) -> None:
    if value and value not in values:
        values.append(value)


def annotate(
    ws: Workspace,
    sha: str,
    add_tags_: list[str],
    remove_tags: list[str],
    label: str | None,
    note: str | None,
) -> int:
    """Records a change of description as an 'annotated' event (nothing is overwritten)."""
    if not (add_tags_ or remove_tags or label or note):
        raise CasefileError("nothing to annotate: give --tag, --untag, --label or --note")
    data: dict[str, Any] = {}
    if add_tags_:
        data["add_tags"] = sorted(set(add_tags_))
    if remove_tags:
        data["remove_tags"] = sorted(set(remove_tags))
    if label:
        data["label"] = label
    if note:
        data["note"] = note
    with ws.transaction() as tx:
        if tx.conn.execute(select(items.c.sha256).where(items.c.sha256 == sha)).first() is None:
            raise CasefileError(f"item {sha} is not in the vault")
        seq = tx.record("annotated", sha, data)
        add_tags(tx.conn, {(sha, t) for t in add_tags_ if t not in remove_tags})
        if remove_tags:
            tx.conn.execute(
                delete(item_tags).where(
                    item_tags.c.item_sha256 == sha, item_tags.c.tag.in_(remove_tags)
                )
            )
        return seq


def copy_out(ws: Workspace, sha: str, dest: Path, reason: str) -> Path:
    """Copies an item's bytes out of the vault; the copy is a 'copied_out' custody event."""
    if not reason.strip():
        raise CasefileError("say why the item is copied out (--reason)")
    if dest.is_dir():
        with ws.db.read() as conn:
            name = item_view(conn, sha).names
        dest = dest / (name[0] if name else sha)
    if dest.exists():
        raise CasefileError(f"{dest} exists: not overwriting it")
    with ws.transaction() as tx:
        tx.record("copied_out", sha, {"to": str(dest.absolute()), "reason": reason})
        tmp = dest.with_name(dest.name + ".part")
        shutil.copyfile(ws.blobs.path_for(sha), tmp)
        tmp.replace(dest)
    return dest
