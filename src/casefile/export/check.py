"""verify's check for exports: the workspace must still hold everything it ever exported."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, select

from casefile.vault.checkpoint import Checkpoint
from casefile.vault.merkle import verify_consistency
from casefile.vault.schema import checkpoints, items, ledger_entries
from casefile.vault.signed_note import NoteError
from casefile.vault.workspace import Workspace


@dataclass
class ExportCheck:
    """One past export (ledger entry ``seq``) against the current log."""

    seq: int
    to: str
    checkpoint_size: int
    current_size: int
    items: int
    consistency_proof: list[bytes] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_exports(ws: Workspace) -> list[ExportCheck]:
    """For every 'exported' event: a consistency proof from the exported checkpoint to the
    current tree, checked, and every exported item still present with its blob."""
    with ws.db.read() as conn:
        return _verify(ws, conn)


def _verify(ws: Workspace, conn: Connection) -> list[ExportCheck]:
    seqs = conn.execute(
        select(ledger_entries.c.seq)
        .where(ledger_entries.c.kind == "exported")
        .order_by(ledger_entries.c.seq)
    ).scalars()
    size = ws.ledger.size(conn)
    root = ws.ledger.root(conn)
    results = []
    for seq in list(seqs):
        data = ws.ledger.entry(conn, seq).event.data
        old = int(data.get("checkpoint_size", 0))
        shas = [str(s) for s in data.get("items", [])]
        check = ExportCheck(seq, str(data.get("to")), old, size, len(shas))
        results.append(check)
        note = conn.execute(
            select(checkpoints.c.note).where(checkpoints.c.size == old)
        ).scalar_one_or_none()
        if note is None:
            check.problems.append(f"the exported checkpoint (size {old}) is gone")
        else:
            try:
                cp = Checkpoint.open(note, ws.verifier, ws.origin)
                check.consistency_proof = ws.ledger.consistency(conn, old, size)
            except (NoteError, LookupError) as exc:
                check.problems.append(f"cannot prove consistency: {exc}")
            else:
                if not verify_consistency(old, size, check.consistency_proof, cp.root, root):
                    check.problems.append("the ledger is not an extension of what was exported")
        present = set(
            conn.execute(select(items.c.sha256).where(items.c.sha256.in_(shas))).scalars()
        )
        for sha in shas:
            if sha not in present or not ws.blobs.exists(sha):
                check.problems.append(f"exported item {sha} is no longer in the vault")
    return results


def check_exports(ws: Workspace, conn: Connection, report: Any) -> None:
    """The hook 'casefile verify' runs (gathered in casefile.checks)."""
    for check in _verify(ws, conn):
        for problem in check.problems:
            report.add("export", f"export at ledger entry {check.seq} to {check.to}", problem)
