"""Uploads from the browser into the vault, through the vault's own acquirer.

An upload is acquired like a file from disk ('acquired' event, same batch/commit/recovery
path) with source_kind 'upload' and the name the browser gave; there is no path on disk.
"""

from __future__ import annotations

from typing import BinaryIO

from casefile.errors import CasefileError
from casefile.vault.acquire import Acquirer, AddOptions, AddResult, _Pending
from casefile.vault.media import read_exif, sniff_media_type
from casefile.vault.workspace import Workspace

MAX_NAME = 255


class UploadTooLarge(CasefileError):
    """The request body is larger than the configured upload limit (HTTP 413)."""


class _UploadAcquirer(Acquirer):
    def add_upload(self, name: str, stream: BinaryIO) -> None:
        staged = self.ws.blobs.stage(stream, durable=False)
        record = self._base_record("upload")
        record["original_name"] = name
        if sniff_media_type(staged.head).startswith("image/"):
            record["exif"] = read_exif(staged.tmp_path)
        self._queue(_Pending(name, staged, record))


def safe_name(name: str | None) -> str:
    """The browser's file name without any folder part or control characters."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(c for c in base if c.isprintable()).strip()
    return cleaned[:MAX_NAME] or "upload"


def store_uploads(
    ws: Workspace,
    files: list[tuple[str, BinaryIO]],
    label: str | None = None,
    tags: list[str] | None = None,
) -> list[AddResult]:
    """Stores uploaded files in one batch (one transaction, one checkpoint)."""
    if not files:
        raise CasefileError("no file in the upload: choose at least one file")
    acq = _UploadAcquirer(ws, AddOptions(label=label, tags=tags or []))
    for name, stream in files:
        acq.add_upload(safe_name(name), stream)
    acq.flush()
    return acq.results
