"""Acquiring evidence: files, whole folders and URLs into the vault, each an 'acquired' event.

Work goes in batches. A batch's blobs are staged (written and synced to temp files), then
registered as pending, renamed into the store, and finally their items, acquisitions and
ledger events commit in one transaction closed by a signed checkpoint. A crash anywhere
leaves either nothing or pending blobs that ``recovery`` removes.
"""

from __future__ import annotations

import errno
import json
import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from sqlalchemy import Connection, delete, insert, select

from casefile.vault.blobstore import StagedBlob, owner_tag
from casefile.vault.custody_ledger import Event, utc_now
from casefile.vault.fetch import DEFAULT_DEADLINE, DEFAULT_MAX_BYTES, FetchError, fetch_url
from casefile.vault.media import read_exif_noted, sniff_media_type
from casefile.vault.phash import image_phash, record_hashes
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
    timeout: float = DEFAULT_TIMEOUT  # each wait for a server
    deadline: float = DEFAULT_DEADLINE  # a whole URL capture, redirects included
    max_bytes: int = DEFAULT_MAX_BYTES  # the largest body taken from a URL


@dataclass
class AddResult:
    source: str
    status: str  # stored | duplicate | failed | refused | http-error
    message: str = ""
    sha256: str | None = None
    seq: int | None = None

    @property
    def ok(self) -> bool:
        return self.status in ("stored", "duplicate")


@dataclass
class Pending:
    source: str
    staged: StagedBlob
    record: dict[str, Any]
    status: str = "stored"
    message: str = ""
    phash: str | None = None  # perceptual hash of an image (casefile.vault.phash)


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


class Found(NamedTuple):
    """One source to add: a URL (path None), a file, or what is wrong with it."""

    source: str
    path: Path | None
    problem: str | None = None
    refused: bool = False  # refused on purpose (a link, the workspace), not merely unreadable


class _Guard:
    """What may never be added: the workspace's own files (keys, database, config, blobs).

    A folder given to ``add`` is read as it is on disk: links inside it are not followed (a
    link to ``keys/witness-kek`` put the witness key into the vault once), files found inside
    the workspace are refused, and so are hard links to the workspace's keys and database.
    """

    def __init__(self, workspace_root: Path | None) -> None:
        self.root = workspace_root.resolve() if workspace_root is not None else None
        self.inodes: set[tuple[int, int]] = set()
        if self.root is None:
            return
        # Everything but the blob store (content already in the vault: harmless to re-add).
        for top in [self.root, self.root / "keys"]:
            try:
                entries = list(os.scandir(top))
            except OSError:
                continue
            for e in entries:
                try:
                    if e.is_file(follow_symlinks=False):
                        st = e.stat(follow_symlinks=False)
                        self.inodes.add((st.st_dev, st.st_ino))
                except OSError:
                    continue

    def inside(self, real: Path) -> str | None:
        if self.root is not None and (real == self.root or self.root in real.parents):
            return (
                f"refused: inside the workspace folder {self.root} (its keys, database and "
                "blobs are never added as evidence; copy the file out of the workspace first)"
            )
        return None

    def same_file(self, st: os.stat_result) -> str | None:
        if (st.st_dev, st.st_ino) in self.inodes:
            return "refused: a hard link to one of the workspace's own files (keys, database)"
        return None


def _link_refusal(path: Path) -> str:
    try:
        target = os.readlink(path)
    except OSError:
        target = "?"
    kind = "symbolic link" if path.exists() else "dangling symbolic link"
    return (
        f"refused: a {kind} (to {target}); links inside a folder are not followed: "
        "add the target itself if it is evidence"
    )


def expand_sources(sources: list[str], workspace_root: Path | None = None) -> Iterator[Found]:
    """Every file named or inside a named folder, and what is wrong with each.

    A file or folder named on the command line is taken at its real place (a link given
    there is followed, and the target's path is what gets recorded). Inside a folder nothing
    is followed: links, and anything resolving into the workspace, are refused by name.
    """
    guard = _Guard(workspace_root)
    for src in sources:
        if is_url(src):
            yield Found(src, None)
            continue
        path = Path(src)
        try:
            real = path.resolve(strict=True)
        except (OSError, RuntimeError):  # missing, dangling, a loop: said by _file_problem
            yield Found(src, path, _file_problem(path) or "cannot resolve the path")
            continue
        refusal = guard.inside(real)
        if refusal is not None:
            yield Found(src, real, refusal, True)
            continue
        problem = _file_problem(real)
        if problem == "folder":
            yield from _walk_folder(path, real, guard)
            continue
        if problem is None and (refusal := _hard_link_problem(real, guard)) is not None:
            yield Found(src, real, refusal, True)
            continue
        yield Found(src, real, problem)


def _hard_link_problem(path: Path, guard: _Guard) -> str | None:
    try:
        return guard.same_file(path.lstat())
    except OSError:
        return None


def _walk_folder(shown: Path, real: Path, guard: _Guard) -> Iterator[Found]:
    """The folder's files, sorted, without following links (paths shown as the user wrote)."""
    errors: list[OSError] = []
    for dirpath, dirnames, filenames in os.walk(real, followlinks=False, onerror=errors.append):
        here = Path(dirpath)
        rel = here.relative_to(real)
        for exc in errors:
            where = shown / Path(exc.filename or dirpath).relative_to(real)
            yield Found(str(where), None, f"cannot read the folder ({exc.strerror})")
        errors.clear()
        keep = []
        for d in sorted(dirnames):
            p = here / d
            if p.is_symlink():
                yield Found(str(shown / rel / d), p, _link_refusal(p), True)
            elif (why := guard.inside(p)) is not None:
                yield Found(str(shown / rel / d), p, why, True)
            else:
                keep.append(d)
        dirnames[:] = keep  # os.walk descends only into these
        for name in sorted(filenames):
            p = here / name
            if p.is_symlink():
                yield Found(str(shown / rel / name), p, _link_refusal(p), True)
                continue
            refusal = _hard_link_problem(p, guard)
            if refusal is not None:
                yield Found(str(shown / rel / name), p, refusal, True)
                continue
            yield Found(str(shown / rel / name), p, _file_problem(p))
    for exc in errors:
        yield Found(str(shown), None, f"cannot read the folder ({exc.strerror})")


def _read_problem(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "permission denied"
    return f"cannot read it ({exc.strerror or exc})"


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
        self.batch: list[Pending] = []
        self.batch_bytes = 0
        self.results: list[AddResult] = []

    def add_all(self, sources: list[str]) -> list[AddResult]:
        try:
            for found in expand_sources(sources, self.ws.root):
                if found.problem is not None:
                    status = "refused" if found.refused else "failed"
                    self.results.append(AddResult(found.source, status, found.problem))
                    continue
                if found.path is None:
                    self._add_url(found.source)
                else:
                    self._add_file(found.source, found.path)
                if len(self.batch) >= BATCH_FILES or self.batch_bytes >= BATCH_BYTES:
                    self.flush()
        except BaseException:
            # Staged, uncommitted blobs of this batch are nobody's: leave no temp files.
            for p in self.batch:
                self.ws.blobs.discard(p.staged)
            self.batch, self.batch_bytes = [], 0
            raise
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
            # O_NOFOLLOW: a file swapped for a link after the walk looked at it is not read.
            fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                self.results.append(AddResult(source, "refused", _link_refusal(path)))
            else:
                self.results.append(AddResult(source, "failed", _read_problem(exc)))
            return
        try:
            with os.fdopen(fd, "rb") as f:
                if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
                    self.results.append(
                        AddResult(source, "failed", "not a regular file: not added")
                    )
                    return
                staged = self.ws.blobs.stage(_Counting(f, self.progress), durable=False)
        except OSError as exc:
            self.results.append(AddResult(source, "failed", _read_problem(exc)))
            return
        record = self._base_record("file")
        record["original_name"] = path.name
        record["original_path"] = str(path.absolute())
        note, phash = "", None
        if sniff_media_type(staged.head).startswith("image/"):
            record["exif"], why = read_exif_noted(staged.tmp_path)
            phash, no_hash = image_phash(staged.tmp_path)
            note = why or no_hash or ""  # a bomb is said once, by the EXIF note
        self._queue(Pending(source, staged, record, message=note, phash=phash))

    def _add_url(self, url: str) -> None:
        body_path = self.ws.blobs.temp_path("blob", ".part")
        warc_path = self.ws.blobs.temp_path("warc", ".warc.gz")
        warc_path.unlink()
        opts = self.options
        try:
            with body_path.open("wb") as body:
                cap = fetch_url(
                    url, body, warc_path, opts.timeout, TOOL, opts.deadline, opts.max_bytes
                )
            staged = self.ws.blobs.stage_file(body_path)
            warc = self.ws.blobs.stage_file(warc_path)
        except BaseException as exc:
            # Nothing of a failed capture stays: no body, no half-written WARC.
            body_path.unlink(missing_ok=True)
            warc_path.unlink(missing_ok=True)
            if isinstance(exc, FetchError):
                self.results.append(AddResult(url, "failed", str(exc)))
                return
            if isinstance(exc, OSError):
                why = f"{url}: could not write the capture ({exc.strerror or exc}): nothing stored"
                self.results.append(AddResult(url, "failed", why))
                return
            raise
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
        self._queue(Pending(url, staged, record, status, message))
        warc_record = self._base_record("warc")
        warc_record.update(
            source_url=url,
            final_url=cap.final_url,
            http_status=cap.status,
            original_name=warc_path.name.split("~")[-1],
            capture_of=staged.sha256,
        )
        self._queue(Pending(f"{url} (WARC)", warc, warc_record, "stored", "WARC capture"))

    def _queue(self, p: Pending) -> None:
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
        batch: list[Pending],
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
        hashed: list[tuple[str, str, str, str]] = []
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
                if p.phash is not None:
                    hashed.append((sha, p.phash, p.record["acquired_by"], p.record["acquired_at"]))
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
        # The perceptual hash is derived from the bytes: one per item, its own event.
        record_hashes(conn, record_many, hashed)
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
