"""The tampers issue 26 reproduced, each now named by verify (a standing attack suite)."""

from __future__ import annotations

from sqlalchemy import delete, select, text, update

from casefile.case.incidents import create_incident, update_incident
from casefile.case.integrity import check_case
from casefile.case.schema import incident_versions, incidents
from casefile.vault.schema import checkpoints, ledger_entries
from casefile.vault.verify import verify_workspace
from casefile.vault.workspace import Workspace


def _kinds(ws: Workspace) -> set[str]:
    return {p.kind for p in verify_workspace(ws, extra_checks=[check_case]).problems}


def test_a_reveal_relabelled_as_another_kind(sqlite_workspace: Workspace) -> None:
    ws = sqlite_workspace
    seq = ws.record_event("witness_revealed", None, {"role": "admin", "reason": "court order"})
    with ws.db.write() as conn:
        conn.execute(
            update(ledger_entries).where(ledger_entries.c.seq == seq).values(kind="acquired")
        )
    report = verify_workspace(ws)
    assert [(p.kind, p.subject) for p in report.problems] == [
        ("ledger-column", f"ledger_entries row {seq}")
    ]
    assert "column kind" in report.problems[0].detail


def test_an_event_detached_from_its_item(sqlite_workspace: Workspace) -> None:
    ws = sqlite_workspace
    seq = ws.record_event("copied_out", "ab" * 32, {"to": "usb"})
    with ws.db.write() as conn:
        conn.execute(
            update(ledger_entries).where(ledger_entries.c.seq == seq).values(item_sha256=None)
        )
    report = verify_workspace(ws)
    assert [p.kind for p in report.problems] == ["ledger-column"]
    assert "item_sha256" in report.problems[0].detail


def test_the_newest_checkpoint_deleted(sqlite_workspace: Workspace) -> None:
    ws = sqlite_workspace
    ws.record_event("viewed", None, {})
    with ws.db.write() as conn:
        newest = conn.execute(select(checkpoints.c.size).order_by(checkpoints.c.size.desc()))
        conn.execute(delete(checkpoints).where(checkpoints.c.size == newest.scalars().first()))
    assert _kinds(ws) == {"checkpoint-missing"}


def test_a_body_stored_as_text_is_a_clear_failure(sqlite_workspace: Workspace) -> None:
    ws = sqlite_workspace
    seq = ws.record_event("viewed", None, {"n": 1})
    with ws.db.write() as conn:
        conn.execute(
            text("UPDATE ledger_entries SET body = CAST(body AS TEXT) WHERE seq = :s"), {"s": seq}
        )
    report = verify_workspace(ws)  # was: TypeError
    assert [p.kind for p in report.problems] == ["ledger-entry"]
    assert "stored as str, not bytes" in report.problems[0].detail


def test_incident_versions_edited_or_deleted(sqlite_workspace: Workspace) -> None:
    ws = sqlite_workspace
    iid = create_incident(ws, "Shelling of the market", places=[{"name": "Kherson"}])
    update_incident(ws, iid, "confirmed by two sources", status="corroborated")
    assert _kinds(ws) == set()
    for column, value in (("title", "Nothing happened"), ("status", "disputed"),
                          ("places", "[]")):  # fmt: skip
        with ws.db.write() as conn:
            was = conn.execute(select(incident_versions.c.id, incident_versions.c[column])).all()
            conn.execute(update(incident_versions).values({column: value}))
        assert _kinds(ws) == {"case-changed"}, column
        with ws.db.write() as conn:
            for vid, old in was:
                conn.execute(
                    update(incident_versions)
                    .where(incident_versions.c.id == vid)
                    .values({column: old})
                )
        assert _kinds(ws) == set()
    # the newest version deleted: the incident looks as before its update
    with ws.db.write() as conn:
        conn.execute(delete(incident_versions).where(incident_versions.c.version == 2))
    details = " | ".join(p.detail for p in verify_workspace(ws, extra_checks=[check_case]).problems)
    assert f"incident {iid}'s version 2 is missing" in details
    # the whole incident deleted
    with ws.db.write() as conn:
        conn.execute(delete(incident_versions).where(incident_versions.c.incident_id == iid))
        conn.execute(delete(incidents).where(incidents.c.id == iid))
    details = " | ".join(p.detail for p in verify_workspace(ws, extra_checks=[check_case]).problems)
    assert f"incident {iid}'s version 1 is missing" in details
    assert "its incidents row is missing" in details
