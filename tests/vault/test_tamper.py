"""Anything changed behind casefile's back is found and named by verify."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import delete, select, update

from casefile.vault.acquire import AddOptions, add_sources
from casefile.vault.merkle import leaf_hash
from casefile.vault.schema import (
    acquisitions,
    checkpoints,
    item_tags,
    items,
    ledger_entries,
    ledger_head,
    ledger_nodes,
)
from casefile.vault.verify import verify_item, verify_workspace
from casefile.vault.workspace import Workspace


def filled(ws: Workspace, tmp_path: Path) -> list[str]:
    src = tmp_path / "src"
    src.mkdir()
    for i in range(6):
        (src / f"doc{i}.txt").write_text(f"statement number {i}\n" * (i + 1))
    results = add_sources(ws, [str(src)], AddOptions(tags=["statements"]))
    add_sources(ws, [str(src / "doc0.txt")])  # a second acquisition event for item 0
    assert verify_workspace(ws).ok
    return [r.sha256 for r in results if r.sha256]


def rewrite_blob(ws: Workspace, sha: str) -> None:
    path = ws.blobs.path_for(sha)
    os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
    data = bytearray(path.read_bytes())
    data[0] ^= 0x01
    path.write_bytes(bytes(data))


def change_body(ws: Workspace, seq: int, also_leaf: bool) -> None:
    with ws.db.write() as conn:
        body = conn.execute(
            select(ledger_entries.c.body).where(ledger_entries.c.seq == seq)
        ).scalar_one()
        forged = bytes(body).replace(b'"tester@test"', b'"someone@else"')
        assert forged != body
        values: dict[str, object] = {"body": forged}
        if also_leaf:
            values["leaf_hash"] = leaf_hash(forged)
        conn.execute(update(ledger_entries).where(ledger_entries.c.seq == seq).values(**values))


def drop_last_entry(ws: Workspace) -> None:
    with ws.db.write() as conn:
        last = (
            conn.execute(select(ledger_entries.c.seq).order_by(ledger_entries.c.seq.desc()))
            .scalars()
            .first()
        )
        conn.execute(delete(acquisitions).where(acquisitions.c.event_seq == last))
        conn.execute(delete(ledger_entries).where(ledger_entries.c.seq == last))
        conn.execute(update(ledger_head).values(size=last))


def forge_checkpoint(ws: Workspace) -> None:
    with ws.db.write() as conn:
        row = conn.execute(select(checkpoints).order_by(checkpoints.c.size)).first()
        assert row is not None
        note = row.note.replace("\n\n", "\n\n", 1)
        text, sig = note.split("\n\n")
        name, blob = sig.rsplit(" ", 1)
        flipped = "B" if blob[10] != "B" else "C"
        conn.execute(
            update(checkpoints)
            .where(checkpoints.c.size == row.size)
            .values(note=text + "\n\n" + name + " " + blob[:10] + flipped + blob[11:])
        )


def corrupt_node(ws: Workspace) -> None:
    with ws.db.write() as conn:
        conn.execute(
            update(ledger_nodes)
            .where(ledger_nodes.c.level == 1, ledger_nodes.c.idx == 0)
            .values(hash=b"\x00" * 32)
        )


Tamper = Callable[[Workspace, list[str]], None]

CASES: dict[str, tuple[Tamper, set[str]]] = {
    "blob bytes changed": (lambda ws, s: rewrite_blob(ws, s[2]), {"blob-changed"}),
    "blob deleted": (lambda ws, s: ws.blobs.remove(s[3]), {"blob-missing"}),
    "item row changed": (
        lambda ws, s: _sql(
            ws, update(items).where(items.c.sha256 == s[1]).values(media_type="image/jpeg")
        ),
        {"item-changed"},
    ),
    "acquisition row changed": (
        lambda ws, s: _sql(
            ws,
            update(acquisitions)
            .where(acquisitions.c.item_sha256 == s[4])
            .values(original_path="/somewhere/else.txt"),
        ),
        {"record-changed"},
    ),
    "acquisition row deleted": (
        lambda ws, s: _sql(ws, delete(acquisitions).where(acquisitions.c.event_seq == 7)),
        {"event-without-record"},
    ),
    "ledger leaf content changed": (
        lambda ws, s: change_body(ws, 2, also_leaf=False),
        {"ledger-entry", "checkpoint-root"},
    ),
    "ledger leaf rewritten with its hash": (
        lambda ws, s: change_body(ws, 3, also_leaf=True),
        {"checkpoint-root", "ledger-node"},
    ),
    "ledger entry removed": (lambda ws, s: drop_last_entry(ws), {"checkpoint-ahead"}),
    "checkpoint signature forged": (lambda ws, s: forge_checkpoint(ws), {"checkpoint-signature"}),
    "stored tree node corrupted": (lambda ws, s: corrupt_node(ws), {"ledger-node"}),
    "tag index changed": (
        lambda ws, s: _sql(ws, delete(item_tags).where(item_tags.c.item_sha256 == s[0])),
        {"tags-changed"},
    ),
    "blob slipped into the store": (lambda ws, s: _plant_blob(ws), {"blob-without-event"}),
}


def _sql(ws: Workspace, stmt: object) -> None:
    with ws.db.write() as conn:
        conn.execute(stmt)  # type: ignore[call-overload]


def _plant_blob(ws: Workspace) -> None:
    sha = "ab" * 32
    path = ws.blobs.path_for(sha)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"not evidence")


@pytest.mark.parametrize("case", sorted(CASES))
def test_verify_names_tampering(case: str, workspace: Workspace, tmp_path: Path) -> None:
    shas = filled(workspace, tmp_path)
    tamper, expected = CASES[case]
    tamper(workspace, shas)
    report = verify_workspace(workspace)
    kinds = {p.kind for p in report.problems}
    assert not report.ok
    assert expected <= kinds, f"{case}: found {kinds}"


def test_changed_blob_is_named_with_both_hashes(
    sqlite_workspace: Workspace, tmp_path: Path
) -> None:
    shas = filled(sqlite_workspace, tmp_path)
    rewrite_blob(sqlite_workspace, shas[0])
    [problem] = verify_workspace(sqlite_workspace).problems
    assert problem.subject == f"item {shas[0]}"
    assert problem.expected == shas[0]
    assert problem.found and problem.found != shas[0]
    one = verify_item(sqlite_workspace, shas[0])
    assert not one.report.ok
    assert verify_item(sqlite_workspace, shas[1]).report.ok


def test_several_problems_are_all_listed(sqlite_workspace: Workspace, tmp_path: Path) -> None:
    shas = filled(sqlite_workspace, tmp_path)
    rewrite_blob(sqlite_workspace, shas[0])
    sqlite_workspace.blobs.remove(shas[1])
    forge_checkpoint(sqlite_workspace)
    kinds = [p.kind for p in verify_workspace(sqlite_workspace).problems]
    assert {"blob-changed", "blob-missing", "checkpoint-signature"} <= set(kinds)
