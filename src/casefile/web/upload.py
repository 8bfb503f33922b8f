"""Uploads from the browser into the vault, through the vault's own acquirer.

An upload is acquired like a file from disk ('acquired' event, same batch/commit/recovery
path) with source_kind 'upload' and the name the browser gave; there is no path on disk.

An upload whose bytes are already an item is not acquired again: a second acquisition would
give the item the new upload's label and tags (a Bucha photo would appear under Irpin). It is
recorded as a 'received_again' event on the existing item instead, with the name, label and
tags it came with, which leave the item's own labels and tags as they were; the result says
so and names the item.
"""

from __future__ import annotations

from typing import BinaryIO

from sqlalchemy import select

from casefile.errors import CasefileError
from casefile.vault.acquire import Acquirer, AddOptions, AddResult, Pending
from casefile.vault.custody_ledger import utc_now
from casefile.vault.media import read_exif, sniff_media_type
from casefile.vault.phash import image_phash
from casefile.vault.schema import items
from casefile.vault.workspace import Workspace

MAX_NAME = 255
RECEIVED_AGAIN = "received_again"


def too_large(limit: int) -> str:
    return f"the upload is too large: the limit is {limit / (1 << 20):.0f} MB per request"


class UploadTooLarge(CasefileError):
    """The request body is larger than the configured upload limit (HTTP 413)."""


class _UploadAcquirer(Acquirer):
    def add_upload(self, name: str, stream: BinaryIO) -> None:
        staged = self.ws.blobs.stage(stream, durable=False)
        with self.ws.db.read() as conn:
            known = conn.execute(
                select(items.c.sha256).where(items.c.sha256 == staged.sha256)
            ).first()
        if known is not None:
            try:
                self._received_again(name, staged.sha256, staged.size)
            finally:
                self.ws.blobs.discard(staged)
            return
        record = self._base_record("upload")
        record["original_name"] = name
        phash = None
        if sniff_media_type(staged.head).startswith("image/"):
            record["exif"] = read_exif(staged.tmp_path)
            phash = image_phash(staged.tmp_path)[0]
        self._queue(Pending(name, staged, record, phash=phash))

    def _received_again(self, name: str, sha: str, size: int) -> None:
        with self.ws.transaction() as tx:
            seq = tx.record(
                RECEIVED_AGAIN,
                sha,
                {
                    "source_kind": "upload",
                    "original_name": name,
                    "size": size,
                    "received_at": utc_now(),
                    "label": self.options.label,
                    "tags": sorted(set(self.options.tags)),
                    "note": "the same bytes as this item, already in the vault: not acquired "
                    "again, and this upload's label and tags are not the item's",
                },
            )
        what = []
        if self.options.label:
            what.append(f"label {self.options.label!r}")
        if self.options.tags:
            what.append("tags " + ", ".join(sorted(set(self.options.tags))))
        kept = (
            f"; its {' and '.join(what)} were not given to the item (annotate the item if "
            "they belong to it)"
            if what
            else ""
        )
        self.results.append(
            AddResult(
                name,
                "duplicate",
                f"a duplicate of item {sha[:12]}, already in the vault: recorded as received "
                f"again (ledger event #{seq}), not stored twice{kept}",
                sha,
                seq,
            )
        )


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
