"""verify's check for exports: the workspace must still hold everything it ever exported."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from casefile.vault.checkpoint import Checkpoint
from casefile.vault.merkle import verify_consistency
from casefile.vault.schema import checkpoints, items, ledger_entries
from casefile.vault.signed_note import NoteError
from casefile.vault.workspace import Workspace


def check_exports(ws: Workspace, conn: Connection, report: Any) -> None:
    rows = conn.execute(
        select(ledger_entries.c.seq).where(ledger_entries.c.kind == "exported")
    ).scalars()
    size = ws.ledger.size(conn)
    root = ws.ledger.root(conn)
    for seq in rows:
        data = ws.ledger.entry(conn, seq).event.data
        subject = f"export at ledger entry {seq} to {data.get('to')}"
        old = int(data.get("checkpoint_size", 0))
        note = conn.execute(
            select(checkpoints.c.note).where(checkpoints.c.size == old)
        ).scalar_one_or_none()
        if note is None:
            report.add("export", subject, f"the exported checkpoint (size {old}) is gone")
            continue
        try:
            cp = Checkpoint.open(note, ws.verifier, ws.origin)
            proof = ws.ledger.consistency(conn, old, size)
        except (NoteError, LookupError) as exc:
            report.add("export", subject, f"cannot prove consistency: {exc}")
            continue
        if not verify_consistency(old, size, proof, cp.root, root):
            report.add("export", subject, "the ledger is not an extension of what was exported")
        shas = list(data.get("items", []))
        present = set(
            conn.execute(select(items.c.sha256).where(items.c.sha256.in_(shas))).scalars()
        )
        for sha in shas:
            if sha not in present or not ws.blobs.exists(sha):
                report.add("export", subject, f"exported item {sha} is no longer in the vault")
