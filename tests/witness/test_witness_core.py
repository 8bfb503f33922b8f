"""Witnesses, consent, reveals and statements through the functions the CLI and web app call."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from casefile.checks import all_checks
from casefile.errors import CasefileError
from casefile.vault.schema import ledger_entries
from casefile.vault.verify import verify_workspace
from casefile.vault.workspace import Workspace
from casefile.witness import (
    ConsentGrant,
    KeyRing,
    add_statement,
    add_witness,
    consent_allows,
    get_statement,
    get_witness,
    list_statements,
    list_witnesses,
    read_statement,
    record_consent,
    reveal_witness,
    save_attachments,
)

NAME = "Olena Kovalchuk"
CONTACT = "+380 50 111 2233, Sadova 4"


def _kinds(ws: Workspace) -> list[str]:
    with ws.db.read() as conn:
        return list(
            conn.execute(select(ledger_entries.c.kind).order_by(ledger_entries.c.seq)).scalars()
        )


def _events(ws: Workspace, kind: str) -> list[dict[str, object]]:
    with ws.db.read() as conn:
        rows = conn.execute(
            select(ledger_entries.c.seq).where(ledger_entries.c.kind == kind)
        ).scalars()
        return [ws.ledger.entry(conn, s).event.data for s in rows]


def _witness(ws: Workspace, ring: KeyRing, pseudonym: str = "W-1", **kw: object) -> str:
    consent = kw.pop("consent", [ConsentGrant("prosecutors", "2026-11-01", "signed form")])
    return add_witness(
        ws,
        ring,
        name=NAME,
        pseudonym=pseudonym,
        contact=CONTACT,
        risk="threatened twice",
        consent=consent,
        language="uk",
        interpreter="I. Petrenko",
        **kw,  # type: ignore[arg-type]
    ).id


def test_add_shows_pseudonym_and_reveal_is_an_event(workspace: Workspace, ring: KeyRing) -> None:
    wid = _witness(workspace, ring)
    with workspace.db.read() as conn:
        view = get_witness(conn, wid)
        listed = list_witnesses(conn)
    assert view.pseudonym == "W-1" and view.has_contact and view.has_risk
    assert NAME not in json.dumps(view.as_json()) and NAME not in json.dumps(
        [v.as_json() for v in listed]
    )
    assert view.consent == {"prosecutors": True, "organisation": False, "publication": False}
    added = _events(workspace, "witness_added")
    assert NAME not in json.dumps(added) and CONTACT not in json.dumps(added)

    shown = reveal_witness(workspace, ring, wid, "prosecutor's request 42", "investigator")
    assert (shown.name, shown.contact, shown.risk) == (NAME, CONTACT, "threatened twice")
    [event] = _events(workspace, "witness_revealed")
    assert event == {
        "witness": wid,
        "fields": ["name", "contact", "risk"],
        "reason": "prosecutor's request 42",
        "role": "investigator",
    }
    with workspace.db.read() as conn:
        entry = workspace.ledger.entry(conn, shown.event_seq).event
    assert entry.actor == "tester@test" and entry.time


def test_reveal_needs_reason_and_role(workspace: Workspace, ring: KeyRing) -> None:
    wid = _witness(workspace, ring)
    before = _kinds(workspace)
    with pytest.raises(CasefileError, match="a reason is required"):
        reveal_witness(workspace, ring, wid, "  ", "admin")
    for role in ("analyst", "viewer"):
        with pytest.raises(CasefileError, match="sees pseudonyms only"):
            reveal_witness(workspace, ring, wid, "curious", role)
    with pytest.raises(CasefileError, match="unknown role"):
        reveal_witness(workspace, ring, wid, "x", "superuser")
    for office in ("lead-investigator", "legal-counsel"):  # no account can hold these
        with pytest.raises(CasefileError, match="unknown role"):
            reveal_witness(workspace, ring, wid, "court order 7", office)
    with pytest.raises(CasefileError, match="may not add witnesses"):
        add_witness(workspace, ring, name="A B", pseudonym="W-9", role="analyst")
    assert _kinds(workspace) == before  # nothing revealed, nothing recorded


def test_bad_input_is_named(workspace: Workspace, ring: KeyRing) -> None:
    _witness(workspace, ring)
    with pytest.raises(CasefileError, match="already used"):
        _witness(workspace, ring)
    with pytest.raises(CasefileError, match="must not be the witness's name"):
        add_witness(workspace, ring, name=NAME, pseudonym=NAME.upper())
    with pytest.raises(CasefileError, match="unknown consent scope"):
        add_witness(
            workspace,
            ring,
            name="X Y",
            pseudonym="W-3",
            consent=[ConsentGrant("press", "2026-01-01", "oral")],
        )
    with pytest.raises(CasefileError, match="not a date"):
        add_witness(
            workspace,
            ring,
            name="X Y",
            pseudonym="W-3",
            consent=[ConsentGrant("publication", "yesterday", "oral")],
        )
    with pytest.raises(CasefileError, match="no witness"):
        reveal_witness(workspace, ring, "w-nope", "why", "admin")


def test_consent_history_and_enforcement(workspace: Workspace, ring: KeyRing) -> None:
    a = _witness(workspace, ring, "W-A")
    b = _witness(workspace, ring, "W-B", consent=[])
    sa = add_statement(workspace, ring, a, text="We hid in the basement.", extract=False).id
    sb = add_statement(workspace, ring, b, text="The bridge was destroyed.", extract=False).id
    with workspace.db.read() as conn:
        kept, left = list_statements(conn, use="prosecutors")
    assert [s.id for s in kept] == [sa]
    assert [e.statement_id for e in left] == [sb]
    assert "W-B" in left[0].message and "prosecutors" in left[0].message

    record_consent(workspace, b, "prosecutors", "grant", "2026-11-10", "oral, audio recorded")
    record_consent(workspace, a, "prosecutors", "withdraw", "2026-11-12", "phone call, noted")
    with workspace.db.read() as conn:
        assert consent_allows(conn, b, "prosecutors") and not consent_allows(conn, a, "prosecutors")
        history = get_witness(conn, a).consent_history
        kept, left = list_statements(conn, use="prosecutors")
    assert [(c.action, c.given_on) for c in history] == [
        ("grant", "2026-11-01"),
        ("withdraw", "2026-11-12"),
    ]
    assert [s.id for s in kept] == [sb] and [e.statement_id for e in left] == [sa]
    with pytest.raises(CasefileError, match="say how"):
        record_consent(workspace, a, "publication", "grant", "2026-11-12", " ")


def test_unprotected_statement_facts(workspace: Workspace, ring: KeyRing) -> None:
    wid = _witness(workspace, ring)
    text = (
        "On 5 March 2022 Russian forces shelled Bucha. I saw 12 civilians killed near the school."
    )
    view = add_statement(
        workspace,
        None,
        wid,
        text=text,
        protected=False,
        taken_on="2026-11-20",
        place="Kyiv office",
        incidents=["inc-7", "inc-7", "inc-2"],
    )
    assert not view.protected and view.incidents == ["inc-2", "inc-7"]
    assert view.fact_kinds.get("figure") == 1 and view.fact_kinds.get("place") == 1
    content = read_statement(workspace, None, view.id)
    assert content.text == text and content.event_seq is None
    figure = next(f for f in content.facts if f["kind"] == "figure")
    start, end = figure["span"]
    assert text[start:end] == "12 civilians" and figure["item"] == view.text_item_sha256
    assert workspace.blobs.path_for(view.text_item_sha256).read_text() == text
    with workspace.db.read() as conn:
        assert [s.id for s in list_statements(conn, incident="inc-2")[0]] == [view.id]


def test_protected_statement_with_attachment(
    workspace: Workspace, ring: KeyRing, tmp_path: Path
) -> None:
    wid = _witness(workspace, ring)
    text = "On 5 March 2022 Russian forces shelled Bucha. 12 civilians were killed."
    audio = tmp_path / "interview-kovalchuk.wav"
    audio.write_bytes(b"RIFF" + bytes(range(256)) * 9000)  # > 2 MiB: several chunks
    view = add_statement(workspace, ring, wid, text=text, files=[audio], taken_on="2026-11-21")
    assert view.protected and view.attachments[0].meta is None and view.facts > 0
    with workspace.db.read() as conn:
        assert get_statement(conn, view.id).pseudonym == "W-1"
    with pytest.raises(CasefileError, match="sees pseudonyms only"):
        read_statement(workspace, ring, view.id, "why", "analyst")
    with pytest.raises(CasefileError, match="a reason is required"):
        read_statement(workspace, ring, view.id, None, "investigator")
    content = read_statement(workspace, ring, view.id, "preparing the hearing", "investigator")
    assert content.text == text and content.event_seq is not None
    figure = next(f for f in content.facts if f["kind"] == "figure")
    assert text[figure["span"][0] : figure["span"][1]] == "12 civilians"
    [event] = _events(workspace, "witness_statement_read")
    assert event["reason"] == "preparing the hearing" and event["witness"] == wid

    out = save_attachments(workspace, ring, view.id, tmp_path / "out", "court copy", "admin")
    assert [p.name for p in out] == ["interview-kovalchuk.wav"]
    assert out[0].read_bytes() == audio.read_bytes()
    stored = workspace.blobs.path_for(view.attachments[0].item_sha256).read_bytes()
    assert audio.read_bytes()[:1000] not in stored and len(stored) > audio.stat().st_size

    report = verify_workspace(workspace, extra_checks=all_checks())
    assert report.ok, report.problems


def test_corrections_keep_history(workspace: Workspace, ring: KeyRing) -> None:
    from casefile.witness import correct_witness

    wid = _witness(workspace, ring)
    with pytest.raises(CasefileError, match="a reason is required"):
        correct_witness(workspace, ring, wid, {"contact": "new"}, "")
    with pytest.raises(CasefileError, match="may not correct"):
        correct_witness(workspace, ring, wid, {"contact": "new"}, "moved", role="viewer")
    correct_witness(workspace, ring, wid, {"contact": "+380 93 555 0000", "risk": None}, "moved")
    with workspace.db.read() as conn:
        view = get_witness(conn, wid)
        with pytest.raises(CasefileError, match="reveal_witness"):
            get_witness(conn, wid, reveal=True)
    assert view.has_contact and not view.has_risk and view.allows("prosecutors")
    now = reveal_witness(workspace, ring, wid, "check", "admin")
    assert (now.name, now.contact, now.risk) == (NAME, "+380 93 555 0000", None)
    full = reveal_witness(workspace, ring, wid, "audit", "admin", history=True)
    assert [(h["field"], h["value"], h["reason"]) for h in full.history] == [
        ("contact", CONTACT, "recorded"),
        ("risk", "threatened twice", "recorded"),
    ]
    [event] = _events(workspace, "witness_corrected")
    assert event["reason"] == "moved" and "+380 93" not in json.dumps(event)
    assert verify_workspace(workspace, extra_checks=all_checks()).ok
