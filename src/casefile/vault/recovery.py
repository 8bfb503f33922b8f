"""Cleaning up after an interrupted add: no blob may stay without its event.

A blob is renamed into the store only after a pending row names it; its event commits in the
same transaction that deletes the row. So after a crash, a pending row of a dead process whose
item has no row points at a blob that must go, unless a live process is adding the same bytes.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass, field

from sqlalchemy import delete, select

from casefile.vault.blobstore import pid_alive
from casefile.vault.schema import items, pending_blobs
from casefile.vault.workspace import Workspace


@dataclass
class RecoveryReport:
    removed_blobs: list[str] = field(default_factory=list)
    removed_temp_files: int = 0
    cleared_pending: int = 0

    @property
    def anything(self) -> bool:
        return bool(self.removed_blobs or self.removed_temp_files or self.cleared_pending)


def owner_alive(owner: str) -> bool:
    host, _, pid = owner.rpartition(":")
    if host != socket.gethostname():
        return True  # another machine of the team: not ours to judge
    return pid_alive(pid)


def recover(ws: Workspace, owner: str | None = None) -> RecoveryReport:
    """Undoes interrupted adds of dead processes (or of ``owner``, after its own failure)."""
    report = RecoveryReport()
    with ws.db.write() as conn:
        rows = conn.execute(select(pending_blobs)).all()
        dead = [r for r in rows if (r.owner == owner if owner else not owner_alive(r.owner))]
        live_shas = {r.sha256 for r in rows if r not in dead}
        for r in dead:
            has_item = conn.execute(
                select(items.c.sha256).where(items.c.sha256 == r.sha256)
            ).first()
            orphan = has_item is None and r.sha256 not in live_shas
            if orphan and ws.blobs.exists(r.sha256):
                ws.blobs.remove(r.sha256)
                report.removed_blobs.append(r.sha256)
            conn.execute(delete(pending_blobs).where(pending_blobs.c.id == r.id))
            report.cleared_pending += 1
    if owner is None:
        for p in ws.blobs.stale_temp_files():
            p.unlink(missing_ok=True)
            report.removed_temp_files += 1
    return report
