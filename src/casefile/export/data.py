"""Data for other tools: items and victims as CSV, facts as JSON Lines, incidents as GeoJSON."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

from casefile.errors import CasefileError
from casefile.export.providers import collect_files
from casefile.vault.checkpoint import Checkpoint
from casefile.vault.workspace import Workspace


def export_data(ws: Workspace, shas: list[str], out: Path) -> dict[str, int]:
    """Writes every (unprotected) provider file for ``shas`` into the new folder ``out``."""
    out = out.absolute()
    if out.exists():
        raise CasefileError(f"{out} already exists: choose a new folder for the data")
    if not shas:
        raise CasefileError("nothing to export: no items selected")
    with ws.db.read() as conn:
        files, _ = collect_files(conn, shas)
        note = ws.ledger.latest_checkpoint(conn)
    if note is None:
        raise CasefileError("the ledger has no signed checkpoint yet")
    size = Checkpoint.open(note, ws.verifier, ws.origin).size
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.partial-", dir=out.parent))
    try:
        for name, content in files.items():
            (staging / name).parent.mkdir(parents=True, exist_ok=True)
            (staging / name).write_bytes(content)
        os.replace(staging, out)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise CasefileError(f"could not write the data to {out}: {exc.strerror or exc}") from None
    ws.record_event(
        "exported",
        None,
        {
            "format": "data",
            "to": str(out),
            "items": shas,
            "checkpoint_size": size,
            "files": {n: hashlib.sha256(c).hexdigest() for n, c in sorted(files.items())},
        },
    )
    return {n: len(c) for n, c in sorted(files.items())}
