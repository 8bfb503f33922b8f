"""casefile verify checks the registry's rows against their ledger events."""

from __future__ import annotations

from pathlib import Path

from people_helpers import import_synthetic
from sqlalchemy import update

from casefile.people.integrity import check_people
from casefile.people.link import run_link
from casefile.people.review import decide, queue
from casefile.people.schema import person_members, review_decisions, victim_records
from casefile.vault.verify import verify_workspace
from casefile.vault.workspace import Workspace


def test_people_verify_catches_changed_rows(workspace: Workspace, tmp_path: Path) -> None:
    import_synthetic(workspace, tmp_path, 60, seed=2)
    run_link(workspace)
    with workspace.db.read() as conn:
        pending = queue(conn, limit=1)
    if pending:
        decide(workspace, pending[0].ref_l, pending[0].ref_r, "unsure", "too little to go on")
    report = verify_workspace(workspace, extra_checks=[check_people])
    assert report.ok, [p.as_json() for p in report.problems]

    with workspace.db.write() as conn:
        conn.execute(
            update(victim_records).where(victim_records.c.id == 1).values(status="missing")
        )
        conn.execute(
            update(person_members).where(person_members.c.record_pk == 2).values(person_id="P9")
        )
        conn.execute(update(review_decisions).values(decision="same"))
    report = verify_workspace(workspace, extra_checks=[check_people])
    kinds = [(p.kind, p.subject) for p in report.problems]
    assert ("victims-changed", "victim list 'police'") in kinds
    assert ("victims-changed", "linkage run 1") in kinds
    if pending:
        assert any(k == "victims-without-event" and "review decision" in s for k, s in kinds)
