"""The incident status workflow: allowed steps only, sealing by a reviewer, and a sealed
incident changed only by a higher role with a reason in words, each change its own event."""

from __future__ import annotations

import json
from typing import Any

import pytest
from case_helpers import Builder, ledger_size
from typer.testing import CliRunner

from casefile.case.claims import add_claim
from casefile.case.evidence import link_item
from casefile.case.incidents import (
    SplitChoice,
    assess_incident,
    create_incident,
    get_incident,
    incident_history,
    merge_incidents,
    seal_incident,
    seal_of,
    split_incident,
    unseal_incident,
    update_incident,
)
from casefile.case.integrity import check_case
from casefile.case.legal import qualify
from casefile.case.perpetrators import allege
from casefile.case.workflow import sealed_change
from casefile.cli.main import app
from casefile.errors import CasefileError
from casefile.vault.verify import verify_workspace
from casefile.vault.workspace import Workspace

WHY = "three sources and the photographs agree"


def _events(ws: Workspace, kind: str = "incident_updated") -> list[Any]:
    with ws.db.read() as conn:
        return [e.event for e in ws.ledger.entries(conn) if e.event.kind == kind]


def _reviewed(ws: Workspace, title: str = "Killings on Yablunska Street") -> int:
    iid = create_incident(ws, title)
    for status in ("corroborated", "verified", "reviewed"):
        assess_incident(ws, iid, status, WHY)
    return iid


def _status(ws: Workspace, iid: int) -> str:
    with ws.db.read() as conn:
        return get_incident(conn, iid).status


def test_statuses_move_only_along_the_workflow(build: Builder) -> None:
    ws = build.ws
    iid = create_incident(ws, "Shelling of school 36")
    before = ledger_size(ws)
    with pytest.raises(CasefileError) as exc:
        assess_incident(ws, iid, "reviewed", WHY)
    message = str(exc.value)
    assert "is reported: it cannot become reviewed" in message
    assert "allowed statuses are corroborated, disputed" in message
    with pytest.raises(CasefileError, match="must be one of reported, corroborated"):
        assess_incident(ws, iid, "proven", WHY)
    assert ledger_size(ws) == before
    assess_incident(ws, iid, "disputed", WHY)
    assess_incident(ws, iid, "verified", WHY)
    with pytest.raises(CasefileError, match="allowed statuses are corroborated, reviewed, dis"):
        update_incident(ws, iid, WHY, status="reported")
    assess_incident(ws, iid, "reviewed", WHY)
    # Sealing is its own step, with a role: not an assessment.
    with pytest.raises(CasefileError, match="'casefile incident seal"):
        assess_incident(ws, iid, "sealed", WHY)
    # A new incident never starts reviewed or sealed.
    with pytest.raises(CasefileError, match="cannot start as sealed"):
        create_incident(ws, "x", status="sealed")
    assert _status(ws, iid) == "reviewed"


def test_sealing_needs_a_reviewer_a_reason_and_a_reviewed_record(build: Builder) -> None:
    ws = build.ws
    iid = create_incident(ws, "Strike on the station")
    before = ledger_size(ws)
    with pytest.raises(CasefileError, match="role 'investigator' may not seal"):
        seal_incident(ws, iid, "investigator", "reviewed by counsel")
    with pytest.raises(CasefileError, match="unknown role"):
        seal_incident(ws, iid, "boss", "reviewed by counsel")
    for reason in ("", ".", "aaaa", "ok \u200b"):
        with pytest.raises(CasefileError, match="in words"):
            seal_incident(ws, iid, "legal-counsel", reason)
    with pytest.raises(CasefileError, match="is reported: it cannot become sealed"):
        seal_incident(ws, iid, "legal-counsel", "reviewed by counsel")
    assert ledger_size(ws) == before
    for status in ("corroborated", "verified", "reviewed"):
        assess_incident(ws, iid, status, WHY)
    version = seal_incident(ws, iid, "legal-counsel", "  reviewed by counsel\u200b ")
    with ws.db.read() as conn:
        inc = get_incident(conn, iid)
        seal = seal_of(conn, iid)
    assert inc.status == "sealed" and inc.version == version == 5
    assert seal is not None and seal["version"] == 5 and seal["by"] == ws.actor
    assert seal["reason"] == "reviewed by counsel" and seal["at"][:4] >= "2024"
    last = _events(ws)[-1]
    assert last.data == {
        "incident": iid,
        "changes": {"status": "sealed"},
        "reason": "reviewed by counsel",
        "role": "legal-counsel",
        "workflow": "sealed",
    }
    with pytest.raises(CasefileError, match="already sealed"):
        seal_incident(ws, iid, "admin", "sealed once more")
    assert verify_workspace(ws, extra_checks=[check_case]).ok


def test_a_sealed_incident_refuses_every_change(build: Builder) -> None:
    ws = build.ws
    photo = build.photo("p.jpg", 50.5443, 30.2204, "2022:04:02 10:15:00")
    other = create_incident(ws, "Irpin bridge")
    iid = _reviewed(ws)
    link_item(ws, iid, photo, "bodies on the street")
    seal_incident(ws, iid, "admin", "reviewed by the team lead")
    before = ledger_size(ws)
    changes = [
        lambda: update_incident(ws, iid, "a better title", title="Bucha"),
        lambda: assess_incident(ws, iid, "reviewed", WHY),
        lambda: link_item(ws, iid, photo, "the same bodies"),
        lambda: add_claim(ws, iid, statement="the scenes were staged", stance="denies"),
        lambda: qualify(ws, iid, "8(2)(a)(i)"),
        lambda: allege(ws, iid, "Unit 1", "unit", photo, "the photo's caption"),
        lambda: merge_incidents(ws, [iid, other], "one event"),
        lambda: split_incident(ws, iid, "part", SplitChoice(items=[photo]), "two events"),
    ]
    for change in changes:
        with pytest.raises(CasefileError, match=r"is sealed \(by .* on 20\d\d-"):
            change()
    # An investigator's role and a reason are not enough; an admin needs a reason in words.
    with (
        sealed_change("investigator", "the court asked"),
        pytest.raises(CasefileError, match="role 'investigator' may not change it"),
    ):
        update_incident(ws, iid, "a better title", title="Bucha")
    with pytest.raises(CasefileError, match="in words"), sealed_change("admin", "x"):
        pass
    with pytest.raises(CasefileError, match="role 'legal-counsel' may not unseal it"):
        unseal_incident(ws, iid, "legal-counsel", "new evidence arrived")
    with pytest.raises(CasefileError, match="in words"):
        unseal_incident(ws, iid, "admin", "...")
    assert ledger_size(ws) == before
    assert _status(ws, iid) == "sealed"


def test_a_higher_role_changes_a_sealed_incident_with_a_reason(build: Builder) -> None:
    ws = build.ws
    photo = build.photo("p.jpg", 50.5443, 30.2204, "2022:04:02 10:15:00")
    iid = _reviewed(ws)
    seal_incident(ws, iid, "admin", "reviewed by the team lead")
    why = "the court asked for the street photograph"
    with sealed_change("lead-investigator", why):
        link_item(ws, iid, photo, "bodies on the street")
        version = update_incident(ws, iid, "the street's name", title="Yablunska Street")
    with ws.db.read() as conn:
        history = incident_history(conn, iid)
    # The link is its own version and event naming the role and the reason; the sealed
    # status and its seal stay.
    assert [v.status for v in history][-3:] == ["sealed", "sealed", "sealed"]
    assert history[-2].reason == why and history[-1].title == "Yablunska Street"
    assert version == history[-1].version
    link_event, update_event = _events(ws)[-2:]
    assert link_event.data == {
        "incident": iid,
        "changes": {},
        "reason": why,
        "sealed_change": {"role": "lead-investigator", "change": "link evidence"},
    }
    assert update_event.data["sealed_change"] == {"role": "lead-investigator", "reason": why}
    assert _events(ws, "incident_evidence_linked")
    with ws.db.read() as conn:
        seal = seal_of(conn, iid)
    assert seal is not None and seal["reason"] == "reviewed by the team lead"
    assert verify_workspace(ws, extra_checks=[check_case]).ok
    # Unsealed by a higher role: reviewed again, and changed as usual.
    unseal_incident(ws, iid, "admin", "new witness statements arrived")
    last = _events(ws)[-1]
    assert last.data["workflow"] == "unsealed" and last.data["role"] == "admin"
    assert last.data["changes"] == {"status": "reviewed"}
    with ws.db.read() as conn:
        assert seal_of(conn, iid) is None
    assess_incident(ws, iid, "verified", "the statements need checking")
    with pytest.raises(CasefileError, match="not sealed"):
        unseal_incident(ws, iid, "admin", "new witness statements arrived")


def test_a_merge_of_a_sealed_incident_opens_an_unreviewed_one(build: Builder) -> None:
    ws = build.ws
    a = _reviewed(ws, "Bucha, 3 April")
    b = create_incident(ws, "Bucha, 4 April")
    seal_incident(ws, a, "admin", "reviewed by the team lead")
    with sealed_change("admin", "both reports describe one massacre"):
        merged = merge_incidents(ws, [a, b], "one event").incident
    with ws.db.read() as conn:
        new = get_incident(conn, merged)
        old = get_incident(conn, a)
    assert new.status == "verified" and old.state == "merged" and old.status == "sealed"
    assert verify_workspace(ws, extra_checks=[check_case]).ok


def _cli(ws: Workspace, *args: str, code: int = 0, env: dict[str, str] | None = None) -> Any:
    res = CliRunner().invoke(app, ["-w", str(ws.root), "incident", *args], env=env)
    assert res.exit_code == code, res.output
    if code:
        return " ".join(res.stderr.split())
    return json.loads(res.stdout) if "--json" in args else res.stdout


def test_seal_and_unseal_from_the_command_line(sqlite_build: Builder) -> None:
    ws = sqlite_build.ws
    photo = sqlite_build.photo("p.jpg", 50.5443, 30.2204, "2022:04:02 10:15:00")
    iid = str(_reviewed(ws))
    err = _cli(ws, "seal", iid, "--reason", "reviewed by counsel", code=2)
    assert "role 'investigator' may not seal" in err
    made = _cli(ws, "seal", iid, "--role", "legal-counsel", "--reason", "reviewed by counsel",
                "--json")  # fmt: skip
    assert made == {"incident": int(iid), "status": "sealed", "version": 5,
                    "role": "legal-counsel"}  # fmt: skip
    assert "sealed by" in _cli(ws, "show", iid)
    assert _cli(ws, "show", iid, "--json")["seal"]["version"] == 5
    err = _cli(ws, "link", iid, photo[:8], "--shows", "bodies", code=2)
    assert f"incident {iid} is sealed" in err
    err = _cli(ws, "--role", "investigator", "--sealed-reason", "the court asked us",
               "link", iid, photo[:8], "--shows", "bodies", code=2)  # fmt: skip
    assert "may not link evidence" in err
    _cli(ws, "--role", "admin", "--sealed-reason", "the court asked for it",
         "link", iid, photo[:8], "--shows", "bodies")  # fmt: skip
    assert _events(ws)[-1].data["sealed_change"]["role"] == "admin"
    err = _cli(ws, "unseal", iid, "--reason", "new statements", code=2,
               env={"CASEFILE_ROLE": "legal-counsel"})  # fmt: skip
    assert "may not unseal" in err
    out = _cli(ws, "unseal", iid, "--reason", "new statements arrived",
               env={"CASEFILE_ROLE": "admin"})  # fmt: skip
    assert "now reviewed" in out
    assert _status(ws, int(iid)) == "reviewed"
