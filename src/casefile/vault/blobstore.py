"""Content-addressed blob store: blobs/sha256/ab/cd/<sha256>, read-only once stored.

Bytes are streamed into a temporary file while hashing (constant memory), fsynced, and only
then renamed into place, so a blob at its final path is always whole. Hashing and writing run
in two threads (hashlib and file writes release the GIL) so a large file costs about as much
as hashing it.
"""

from __future__ import annotations

import ctypes
import hashlib
import os
import queue
import socket
import stat
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol

CHUNK = 1 << 20
# While writing a large blob, start write-back of each window as soon as it is full and wait
# for the one before it, so that dirty pages stay bounded (flat memory, a short final fsync)
# without stalling the copy. Where sync_file_range is missing, fdatasync every SYNC_EVERY.
WINDOW = 32 << 20
SYNC_EVERY = 64 << 20


PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600


def open_private(path: Path) -> BinaryIO:
    """Opens ``path`` for writing with mode 0600 (tightened if it already existed).

    For files written out of the workspace that carry what the workspace protects, such as
    saved (decrypted) attachments: the umask's usual 0644 would let every local user read them.
    """
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
    try:
        os.fchmod(fd, PRIVATE_FILE)  # O_CREAT keeps an existing file's mode
        return os.fdopen(fd, "wb")
    except BaseException:
        os.close(fd)
        raise


class Readable(Protocol):
    def read(self, n: int = -1, /) -> bytes: ...


def owner_tag() -> str:
    """Identifies this process in temp names and pending rows, for crash recovery."""
    return f"{socket.gethostname()}:{os.getpid()}"


@dataclass(frozen=True)
class StagedBlob:
    """Bytes written and synced to a temp file, hashed, not yet in the store."""

    tmp_path: Path
    sha256: str
    size: int
    head: bytes  # the first bytes, for media type sniffing


class BlobStore:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.tmp = root / "tmp"
        self._dirs_made: set[Path] = set()

    def ensure(self) -> None:
        if self.tmp in self._dirs_made:
            return
        # 0700: evidence and witness material are for the workspace's owner (and its tools).
        self.root.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
        (self.root / "sha256").mkdir(mode=PRIVATE_DIR, exist_ok=True)
        self.tmp.mkdir(mode=PRIVATE_DIR, exist_ok=True)
        self._dirs_made.add(self.tmp)

    def path_for(self, sha256: str) -> Path:
        return self.root / "sha256" / sha256[:2] / sha256[2:4] / sha256

    def exists(self, sha256: str) -> bool:
        return self.path_for(sha256).is_file()

    def open(self, sha256: str) -> BinaryIO:
        return self.path_for(sha256).open("rb")

    def stage(self, source: Readable, durable: bool = True) -> StagedBlob:
        """Copies a stream into a temp file, hashing it on the way.

        With ``durable=False`` the caller promises to call ``sync()`` before committing, which
        lets a batch of small files share one filesystem sync instead of one fsync each.
        """
        self.ensure()
        fd, name = _mkstemp(self.tmp, "blob", ".part")
        tmp_path = Path(name)
        try:
            with os.fdopen(fd, "wb", buffering=0) as out:
                sha, size, head = _copy_hashing(source, out)
                if durable or size >= SYNC_EVERY:
                    os.fsync(out.fileno())
        except BaseException:
            tmp_path.unlink(missing_ok=True)
            raise
        return StagedBlob(tmp_path, sha, size, head)

    def temp_path(self, kind: str, suffix: str = "") -> Path:
        """A fresh temp path named for this process, so recovery knows whose it is."""
        self.ensure()
        fd, name = _mkstemp(self.tmp, kind, suffix)
        os.close(fd)
        return Path(name)

    def stage_file(self, path: Path) -> StagedBlob:
        """Stages a temp file of ours (already written) by hashing it in place."""
        h = hashlib.sha256()
        size = 0
        head = b""
        with path.open("rb") as f:
            while chunk := f.read(CHUNK):
                if not head:
                    head = chunk[:8192]
                h.update(chunk)
                size += len(chunk)
            os.fsync(f.fileno())
        return StagedBlob(path, h.hexdigest(), size, head)

    def sync(self) -> None:
        """Makes everything written under the store durable (one syncfs for a whole batch)."""
        fd = os.open(self.root, os.O_RDONLY)
        try:
            if _SYNCFS is not None and _SYNCFS(fd) == 0:
                return
            os.sync()
        finally:
            os.close(fd)

    def commit(self, staged: StagedBlob, sync_dir: bool = True) -> bool:
        """Moves a staged blob into place; returns False if those bytes were already stored."""
        final = self.path_for(staged.sha256)
        if final.is_file():
            staged.tmp_path.unlink(missing_ok=True)
            return False
        if final.parent not in self._dirs_made:
            # One level at a time: mkdir(parents=True) gives the parents the umask's mode.
            final.parent.parent.mkdir(mode=PRIVATE_DIR, exist_ok=True)
            final.parent.mkdir(mode=PRIVATE_DIR, exist_ok=True)
            self._dirs_made.add(final.parent)
        os.chmod(staged.tmp_path, stat.S_IRUSR)  # read-only, and for the owner only
        os.replace(staged.tmp_path, final)
        if sync_dir:
            _fsync_dir(final.parent)
        return True

    def discard(self, staged: StagedBlob) -> None:
        staged.tmp_path.unlink(missing_ok=True)

    def remove(self, sha256: str) -> None:
        """Only for crash recovery of blobs whose event never committed."""
        path = self.path_for(sha256)
        if path.exists():
            os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
            path.unlink()

    def hash_blob(self, sha256: str) -> tuple[str, int]:
        h = hashlib.sha256()
        size = 0
        with self.open(sha256) as f:
            while chunk := f.read(CHUNK):
                h.update(chunk)
                size += len(chunk)
        return h.hexdigest(), size

    def iter_stored(self) -> Iterator[str]:
        base = self.root / "sha256"
        if not base.exists():
            return
        for a in sorted(base.iterdir()):
            for b in sorted(a.iterdir()):
                for blob in sorted(b.iterdir()):
                    yield blob.name

    def stale_temp_files(self) -> list[Path]:
        """Temp files left by processes on this host that no longer run."""
        if not self.tmp.exists():
            return []
        host = socket.gethostname()
        stale = []
        for p in self.tmp.iterdir():
            parts = p.name.split("~")
            if len(parts) < 3 or parts[1] != host or not pid_alive(parts[2]):
                stale.append(p)
        return stale


class _WriteBack:
    """Keeps the dirty pages of one file being written bounded (see WINDOW)."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.written = 0
        self.flushed = 0

    def wrote(self, n: int) -> None:
        self.written += n
        if _SYNC_FILE_RANGE is None:
            if self.written - self.flushed >= SYNC_EVERY:
                os.fdatasync(self.fd)
                self.flushed = self.written
            return
        if self.written - self.flushed < WINDOW:
            return
        _SYNC_FILE_RANGE(self.fd, self.flushed, self.written - self.flushed, _SFR_WRITE)
        if self.flushed >= WINDOW:
            previous = self.flushed - WINDOW
            _SYNC_FILE_RANGE(self.fd, previous, WINDOW, _SFR_WAIT_ALL)
            os.posix_fadvise(self.fd, previous, WINDOW, os.POSIX_FADV_DONTNEED)
        self.flushed = self.written


_SFR_WRITE = 2  # SYNC_FILE_RANGE_WRITE: start write-back, do not wait
_SFR_WAIT_ALL = 1 | 2 | 4  # WAIT_BEFORE | WRITE | WAIT_AFTER


def _load_sync_file_range() -> Callable[[int, int, int, int], int] | None:
    try:
        fn = ctypes.CDLL(None, use_errno=True).sync_file_range
    except (OSError, AttributeError):
        return None
    fn.argtypes = [ctypes.c_int, ctypes.c_longlong, ctypes.c_longlong, ctypes.c_uint]
    fn.restype = ctypes.c_int
    result: Callable[[int, int, int, int], int] = fn
    return result


_SYNC_FILE_RANGE = _load_sync_file_range()


def _load_syncfs() -> Callable[[int], int] | None:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        fn: Callable[[int], int] = libc.syncfs
        return fn
    except (OSError, AttributeError):
        return None


_SYNCFS = _load_syncfs()


def _mkstemp(directory: Path, kind: str, suffix: str) -> tuple[int, str]:
    return tempfile.mkstemp(
        dir=directory, prefix=f"{kind}~{socket.gethostname()}~{os.getpid()}~", suffix=suffix
    )


def pid_alive(pid_s: str) -> bool:
    """True while process ``pid_s`` (a decimal pid, as in temp-file names and pending-row
    owners) runs on this host; a zombie or a name that is not a pid counts as dead."""
    try:
        pid = int(pid_s)
        os.kill(pid, 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    # A zombie still answers kill(0); it will not write again.
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return True


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _copy_hashing(source: Readable, out: BinaryIO) -> tuple[str, int, bytes]:
    h = hashlib.sha256()
    first = source.read(CHUNK)
    head = bytes(first[:8192])
    if len(first) < CHUNK:
        # Small input: no threads, one write.
        h.update(first)
        out.write(first)
        return h.hexdigest(), len(first), head
    chunks: queue.Queue[bytes | None] = queue.Queue(maxsize=8)
    errors: list[BaseException] = []

    def writer() -> None:
        flusher = _WriteBack(out.fileno())
        try:
            while (chunk := chunks.get()) is not None:
                out.write(chunk)
                flusher.wrote(len(chunk))
        except BaseException as exc:  # surfaced in the reader thread below
            errors.append(exc)
            while chunks.get() is not None:
                pass

    t = threading.Thread(target=writer, daemon=True)
    t.start()
    size = 0
    try:
        chunk = first
        while chunk:
            h.update(chunk)
            size += len(chunk)
            chunks.put(chunk)
            if errors:
                break
            chunk = source.read(CHUNK)
    finally:
        chunks.put(None)
        t.join()
    if errors:
        raise errors[0]
    return h.hexdigest(), size, head
