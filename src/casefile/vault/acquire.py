"""Acquiring evidence: files, whole folders and URLs into the vault, each an 'acquired' event.

Work goes in batches. A batch's blobs are staged (written and synced to temp files), then
registered as pending, renamed into the store, and finally their items, acquisitions and
ledger events commit in one transaction closed by a signed checkpoint. A crash anywhere
leaves either nothing or pending blobs that ``recovery`` removes.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, delete, insert, select

from casefile.vault.blobstore import StagedBlob, owner_tag
from casefile.vault.custody_ledger import Event, utc_now
from casefile.vault.fetch import FetchError, fetch_url
from casefile.vault.media import read_exif, sniff_media_type
from casefile.vault.schema import acquisitions, item_tags, items, pending_blobs
from casefile.vault.workspace import TOOL, Workspace

BATCH_FILES = 500
BATCH_BYTES = 256 << 20
DEFAULT_TIMEOUT = 30.0

Progress = Callable[[int], None]


@dataclass
class AddOptions:
    label: str | None = None
    description: str | None = None
    tags: list[str] = field(default_factory=list)
    timeout: float = DEFAULT_TIMEOUT


@dataclass
class AddResult:
    source: str
    status: str  # stored | duplicate | failed | http-error
    message: str = ""
    sha256: str | None = None
    seq: int | None = None

    @property
    def ok(self) -> bool:
        return self.status in ("stored", "duplicate")


@dataclass
class _Pending:
    source: str
    staged: StagedBlob
    record: dict[str, Any]
    status: str = "stored"
    message: str = ""


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def expand_sources(sources: list[str]) -> Iterator[tuple[str, Path | None, str | None]]:
    """Yields (source, file path, error) for every file named or inside a named folder."""
    for src in sources:
        if is_url(src):
            yield src, None, None
            continue
        path = Path(src)
        problem = _file_problem(path)
        if problem == "folder":
            for dirpath, dirnames, filenames in os.walk(path, followlinks=False):
                dirnames.sort()
                for name in sorted(filenames):
                    p = Path(dirpath) / name
                    yield str(p), p, _file_problem(p)
        else:
            yield src, path, problem


def _file_problem(path: Path) -> str | None:
    """None for a readable regular file, 'folder' for a folder, else what is wrong."""
    try:
        st = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            return f"dangling symbolic link (points to {os.readlink(path)!s})"
        return "no such file or folder"
    except PermissionError:
        return "permission denied"
    except OSError as exc:
        return f"cannot read it ({exc.strerror})"
    mode = st.st_mode
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (fifo), not a file: not added"
    if stat.S_ISSOCK(mode):
        return "a socket, not a file: not added"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device, not a file: not added"
    if not stat.S_ISREG(mode):
        return "not a regular file: not added"
    if not os.access(path, os.R_OK):
        return "permission denied"
    return None


class Acquirer:
    def __init__(self, ws: Workspace, options: AddOptions, progress: Progress | None = None):
        self.ws = ws
        self.options = options
        self.progress = progress or (lambda n: None)
        self.batch: list[_Pending] = []
        self.batch_bytes = 0
        self.results: list[AddResult] = []

    def add_all(self, sources: list[str]) -> list[AddResult]:
        for source, path, problem in expand_sources(sources):
            if problem is not None:
                self.results.append(AddResult(source, "failed", problem))
                continue
            if path is None:
                self._add_url(source)
            else:
                self._add_file(source, path)
            if len(self.batch) >= BATCH_FILES or self.batch_bytes >= BATCH_BYTES:
                self.flush()
        self.flush()
        return self.results

    def _base_record(self, kind: str) -> dict[str, Any]:
        return {
            "source_kind": kind,
            "original_name": None,
            "original_path": None,
            "source_url": None,
            "final_url": None,
            "http_status": None,
            "http_headers": None,
            "acquired_at": utc_now(),
            "acquired_by": self.ws.actor,
            "tool_version": TOOL,
            "label": self.options.label,
            "description": self.options.description,
            "tags": sorted(set(self.options.tags)),
            "exif": None,
            "capture_of": None,
        }

    def _add_file(self, source: str, path: Path) -> None:
        try:
            with path.open("rb") as f:
                staged = self.ws.blobs.stage(_Counting(f, self.progress), durable=False)
        except OSError as exc:
            self.results.append(AddResult(source, "failed", f"cannot read it ({exc.strerror})"))
            return
        record = self._base_record("file")
        record["original_name"] = path.name
        record["original_path"] = str(path.absolute())
        if sniff_media_type(staged.head).startswith("image/"):
            record["exif"] = read_exif(staged.tmp_path)
        self._queue(_Pending(source, staged, record))

    def _add_url(self, url: str) -> None:
        body_path = self.ws.blobs.temp_path("blob", ".part")
        warc_path = self.ws.blobs.temp_path("warc", ".warc.gz")
        warc_path.unlink()
        try:
            with body_path.open("wb") as body:
                cap = fetch_url(url, body, warc_path, self.options.timeout, TOOL)
            staged = self.ws.blobs.stage_file(body_path)
            warc = self.ws.blobs.stage_file(warc_path)
        except FetchError as exc:
            body_path.unlink(missing_ok=True)
            warc_path.unlink(missing_ok=True)
            self.results.append(AddResult(url, "failed", str(exc)))
            return
        self.progress(staged.size)
        record = self._base_record("url")
        record.update(
            source_url=url,
            final_url=cap.final_url,
            http_status=cap.status,
            http_headers=cap.headers,
            original_name=Path(cap.final_url.split("?")[0]).name or None,
        )
        status, message = "stored", ""
        if cap.status >= 400:
            status = "http-error"
            message = f"HTTP {cap.status}: preserved, but marked as a failed capture"
        elif cap.redirects:
            message = f"followed {len(cap.redirects)} redirect(s) to {cap.final_url}"
        self._queue(_Pending(url, staged, record, status, message))
        warc_record = self._base_record("warc")
        warc_record.update(
            source_url=url,
            final_url=cap.final_url,
            http_status=cap.status,
            original_name=warc_path.name.split("~")[-1],
            capture_of=staged.sha256,
        )
        self._queue(_Pending(f"{url} (WARC)", warc, warc_record, "stored", "WARC capture"))

    def _queue(self, p: _Pending) -> None:
        self.batch.append(p)
        self.batch_bytes += p.staged.size

    def flush(self) -> None:
        if not self.batch:
            return
        batch, self.batch, self.batch_bytes = self.batch, [], 0
        owner = owner_tag()
        try:
            self.ws.blobs.sync()  # every staged byte is on disk before any rename
            with self.ws.db.write() as conn:
                conn.execute(
                    insert(pending_blobs),
                    [
                        {"sha256": p.staged.sha256, "owner": owner, "created_at": utc_now()}
                        for p in batch
                    ],
                )
            new = {p.staged.sha256 for p in batch if self.ws.blobs.commit(p.staged, sync_dir=False)}
            self.ws.blobs.sync()  # the renames are durable before their events commit
            with self.ws.transaction() as tx:
                self._commit_batch(tx.conn, tx.record_many, batch, new)
                tx.conn.execute(delete(pending_blobs).where(pending_blobs.c.owner == owner))
        except BaseException:
            # Undo what this batch put in the store; a kill -9 is undone by the next run.
            from casefile.vault.recovery import recover

            recover(self.ws, owner=owner)
            raise
        finally:
            for p in batch:
                self.ws.blobs.discard(p.staged)

    def _commit_batch(
        self,
        conn: Connection,
        record_many: Callable[[list[Event]], list[int]],
        batch: list[_Pending],
        new: set[str],
    ) -> None:
        shas = sorted({p.staged.sha256 for p in batch})
        known = set(conn.execute(select(items.c.sha256).where(items.c.sha256.in_(shas))).scalars())
        events = []
        for p in batch:
            p.record["media_type"] = sniff_media_type(p.staged.head)
            p.record["size"] = p.staged.size
            events.append(
                Event(
                    "acquired",
                    p.record["acquired_by"],
                    p.record,
                    p.staged.sha256,
                    p.record["acquired_at"],
                )
            )
        seqs = record_many(events)
        item_rows, acq_rows = [], []
        fresh = set(new)
        for p, seq in zip(batch, seqs, strict=True):
            sha = p.staged.sha256
            if sha not in known:
                known.add(sha)
                item_rows.append(
                    {
                        "sha256": sha,
                        "size": p.staged.size,
                        "media_type": p.record["media_type"],
                        "first_seq": seq,
                        "first_acquired_at": p.record["acquired_at"],
                    }
                )
            acq_rows.append(acquisition_row(p.record, sha, seq))
            duplicate = sha not in fresh and p.status == "stored"
            fresh.discard(sha)
            status = "duplicate" if duplicate else p.status
            message = p.message or (
                "already in the vault: new acquisition recorded" if duplicate else ""
            )
            self.results.append(AddResult(p.source, status, message, sha, seq))
        if item_rows:
            conn.execute(insert(items), item_rows)
        conn.execute(insert(acquisitions), acq_rows)
        add_tags(conn, {(p.staged.sha256, t) for p in batch for t in p.record["tags"]})


def add_tags(conn: Connection, pairs: set[tuple[str, str]]) -> None:
    """Adds (item, tag) pairs to the tag index, skipping those already there."""
    if not pairs:
        return
    shas = sorted({s for s, _ in pairs})
    have = set(
        conn.execute(
            select(item_tags.c.item_sha256, item_tags.c.tag).where(
                item_tags.c.item_sha256.in_(shas)
            )
        )
    )
    new = sorted(pairs - have)
    if new:
        conn.execute(insert(item_tags), [{"item_sha256": s, "tag": t} for s, t in new])


def acquisition_row(record: dict[str, Any], sha: str, seq: int) -> dict[str, Any]:
    row = {k: v for k, v in record.items() if k not in ("size", "media_type")}
    row["http_headers"] = (
        None
        if record["http_headers"] is None
        else json.dumps(record["http_headers"], sort_keys=True)
    )
    row["tags"] = json.dumps(record["tags"])
    row["exif"] = None if record["exif"] is None else json.dumps(record["exif"], sort_keys=True)
    row["item_sha256"] = sha
    row["event_seq"] = seq
    return row


def record_from_row(row: Any, size: int | None, media_type: str | None) -> dict[str, Any]:
    """The inverse of acquisition_row: what the ledger event must say about this row."""
    rec = {k: getattr(row, k) for k in ACQ_FIELDS}
    rec["http_headers"] = None if row.http_headers is None else json.loads(row.http_headers)
    rec["tags"] = json.loads(row.tags)
    rec["exif"] = None if row.exif is None else json.loads(row.exif)
    rec["size"] = size
    rec["media_type"] = media_type
    return rec


ACQ_FIELDS = (
    "source_kind",
    "original_name",
    "original_path",
    "source_url",
    "final_url",
    "http_status",
    "http_headers",
    "acquired_at",
    "acquired_by",
    "tool_version",
    "label",
    "description",
    "tags",
    "exif",
    "capture_of",
)


class _Counting:
    """A read-through wrapper that reports bytes read, for progress bars."""

    def __init__(self, f: Any, progress: Progress) -> None:
        self._f = f
        self._progress = progress

    def read(self, n: int = -1, /) -> bytes:
        data: bytes = self._f.read(n)
        self._progress(len(data))
        return data


def add_sources(
    ws: Workspace,
    sources: list[str],
    options: AddOptions | None = None,
    progress: Progress | None = None,
) -> list[AddResult]:
    return Acquirer(ws, options or AddOptions(), progress).add_all(sources)
