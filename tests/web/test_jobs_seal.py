"""Sealing incidents in the browser (issue 28): the seal and unseal forms (CSRF, admin only),
the same core functions and events as 'casefile incident seal/unseal', a sealed incident's
forms refused without a reason for changing the sealed record, and the "sealed by X on DATE"
line on the incident page and list."""

from __future__ import annotations

from typing import Any

import httpx
from web_helpers import WebCase, client_for, csrf_of, login

from casefile.case.incidents import (
    assess_incident,
    create_incident,
    get_incident,
    seal_incident,
)
from casefile.vault.workspace import Workspace
from casefile.web.accounts import add_user
from casefile.web.app import create_app

WHY = "three sources and the photographs agree"


def _reviewed(ws: Workspace, title: str) -> int:
    iid = create_incident(ws, title)
    for status in ("corroborated", "verified", "reviewed"):
        assess_incident(ws, iid, status, WHY)
    return iid


def _last(ws: Workspace, kind: str = "incident_updated") -> Any:
    with ws.db.read() as conn:
        return [e.event for e in ws.ledger.entries(conn) if e.event.kind == kind][-1]


def _status(ws: Workspace, iid: int) -> str:
    with ws.db.read() as conn:
        return get_incident(conn, iid).status


def _post(c: httpx.Client, url: str, **fields: str) -> httpx.Response:
    return c.post(url, data={"csrf": csrf_of(c), **fields})


def test_seal_change_and_unseal_in_the_browser(
    clients: dict[str, httpx.Client], web_case: WebCase
) -> None:
    ws = web_case.ws
    iid = _reviewed(ws, "Shelling of the Irpin bridge")
    admin, inv = clients["admin"], clients["investigator"]
    edit = f"/jobs/incidents/{iid}/edit"
    # Only a reviewer (in the browser: admin) gets the form and may send it.
    assert f'action="/jobs/incidents/{iid}/seal"' not in inv.get(edit).text
    assert (
        _post(inv, f"/jobs/incidents/{iid}/seal", seal_reason="reviewed twice").status_code == 403
    )
    page = admin.get(edit)
    assert f'action="/jobs/incidents/{iid}/seal"' in page.text
    assert "seal the reviewed record" in admin.get(f"/incidents/{iid}").text
    # Without the CSRF token: refused; a reason not in words: the form again, nothing sealed.
    url = f"/jobs/incidents/{iid}/seal"
    assert admin.post(url, data={"seal_reason": "reviewed by the team"}).status_code == 403
    r = _post(admin, url, seal_reason="ok")
    assert r.status_code == 400 and "in words" in r.text and _status(ws, iid) == "reviewed"
    r = _post(admin, url, seal_reason="reviewed by the team lead")
    assert r.status_code == 303 and r.headers["location"].startswith(f"/incidents/{iid}?")
    assert _status(ws, iid) == "sealed"
    ev = _last(ws)
    assert ev.actor == "web:admin"
    assert ev.data["workflow"] == "sealed" and ev.data["role"] == "admin"
    assert ev.data["reason"] == "reviewed by the team lead"
    # The incident page and the list say who sealed it and when; a viewer sees when only.
    assert "sealed by web:admin on 20" in admin.get(f"/incidents/{iid}").text
    assert "sealed by web:admin on 20" in admin.get("/incidents", params={"status": "sealed"}).text
    seen = clients["viewer"].get(f"/incidents/{iid}").text
    assert "sealed on 20" in seen and "web:admin" not in seen
    # Sealed: an investigator's change and assessment are refused with the core's message.
    fields = {"title": "Bridge", "reason": "a shorter title"}
    r = _post(inv, edit, **fields)
    assert r.status_code == 400 and "is sealed (by web:admin on" in r.text
    r = _post(inv, f"/jobs/incidents/{iid}/assess", status="reviewed", reasoning=WHY)
    assert r.status_code == 400 and "is sealed" in r.text
    r = _post(inv, edit, **fields, sealed_reason="the court asked for it")
    assert r.status_code == 400 and "investigator&#39; may not change it" in r.text
    # An admin with a reason in words changes it: the event names the role and the reason.
    r = _post(admin, edit, **fields, sealed_reason="x")
    assert r.status_code == 400 and "in words" in r.text
    assert "Reason for changing the sealed record" in admin.get(edit).text
    r = _post(admin, edit, **fields, sealed_reason="the court asked for the short name")
    assert r.status_code == 303
    ev = _last(ws)
    assert ev.data["changes"]["title"] == "Bridge"
    assert ev.data["sealed_change"] == {
        "role": "admin",
        "reason": "the court asked for the short name",
    }
    assert _status(ws, iid) == "sealed"
    # Unsealing: admin only, with a reason; back to reviewed.
    unseal = f"/jobs/incidents/{iid}/unseal"
    assert _post(inv, unseal, seal_reason="new statements arrived").status_code == 403
    r = _post(admin, unseal, seal_reason="new statements arrived")
    assert r.status_code == 303 and _status(ws, iid) == "reviewed"
    assert _last(ws).data["workflow"] == "unsealed"
    r = _post(admin, unseal, seal_reason="new statements arrived")
    assert r.status_code == 400 and "not sealed" in r.text


def test_the_assessment_offers_only_the_allowed_steps(
    clients: dict[str, httpx.Client], web_case: WebCase
) -> None:
    iid = create_incident(web_case.ws, "Strike on the station")
    inv = clients["investigator"]
    page = inv.get(f"/jobs/incidents/{iid}/edit").text
    assert "<option" in page and ">corroborated<" in page and ">reviewed<" not in page
    r = _post(inv, f"/jobs/incidents/{iid}/assess", status="reviewed", reasoning=WHY)
    assert r.status_code == 400
    assert "is reported: it cannot become reviewed" in r.text
    assert "allowed statuses are corroborated, disputed" in r.text


def test_seal_on_each_database(workspace: Workspace) -> None:
    add_user(workspace, "lead", "admin", "a long enough password")
    iid = _reviewed(workspace, "Killings on Yablunska Street")
    with client_for(create_app(workspace)) as c:
        assert login(c, "lead", "a long enough password").status_code == 303
        r = _post(c, f"/jobs/incidents/{iid}/seal", seal_reason="reviewed by the team lead")
        assert r.status_code == 303
        assert "sealed by web:lead on 20" in c.get(f"/incidents/{iid}").text
        assert c.get(f"/api/incidents/{iid}").json()["seal"]["by"] == "web:lead"
    assert _status(workspace, iid) == "sealed"


def test_the_other_incident_forms_take_the_reason_for_changing_the_sealed_record(
    clients: dict[str, httpx.Client], web_case: WebCase
) -> None:
    ws = web_case.ws
    iid = _reviewed(ws, "Strike on the Chernihiv market")
    seal_incident(ws, iid, "admin", "reviewed by the team lead")
    admin, inv = clients["admin"], clients["investigator"]
    pages = ("figures", "evidence", "claims", "legal", "split")
    # The field is offered on each form of a sealed incident, only to a role that may use it.
    for page in pages:
        text = admin.get(f"/jobs/incidents/{iid}/{page}").text
        assert 'name="sealed_reason"' in text, page
        assert "Reason for changing the sealed record" in text, page
        assert 'name="sealed_reason"' not in inv.get(f"/jobs/incidents/{iid}/{page}").text, page
    open_one = create_incident(ws, "Shelling of the Kharkiv school")
    assert 'name="sealed_reason"' in admin.get("/jobs/incidents/merge").text
    assert 'name="sealed_reason"' not in admin.get(f"/jobs/incidents/{open_one}/figures").text
    url = f"/jobs/incidents/{iid}/figures"
    report = web_case.report_sha[:10]
    # Without a reason: refused with the core's message, nothing added.
    r = _post(admin, url, from_item=report)
    assert r.status_code == 400 and f"incident {iid} is sealed (by " in r.text
    assert "No figures yet" in r.text
    # Not in words: refused, the reason typed kept in the form.
    r = _post(admin, url, from_item=report, sealed_reason="x")
    assert r.status_code == 400 and "in words" in r.text
    # A role below admin: refused even with a reason.
    r = _post(inv, url, from_item=report, sealed_reason="the court asked for the toll")
    assert r.status_code == 400 and "investigator&#39; may not add figures" in r.text
    # An admin with a reason in words: the figures are added, the change its own event.
    r = _post(admin, url, from_item=report, sealed_reason="the court asked for the toll")
    assert r.status_code == 303 and r.headers["location"].endswith("?added=4")
    ev = _last(ws)
    assert ev.actor == "web:admin" and ev.data["incident"] == iid
    assert ev.data["reason"] == "the court asked for the toll"
    assert ev.data["sealed_change"]["role"] == "admin"
    assert _status(ws, iid) == "sealed"
    # Another form the same way: linking evidence.
    link = f"/jobs/incidents/{iid}/evidence"
    fields = {"item": web_case.image_sha, "shows": "the market after the strike"}
    r = _post(admin, link, **fields)
    assert r.status_code == 400 and "is sealed" in r.text
    r = _post(admin, link, **fields, sealed_reason="the photograph came from the court")
    assert r.status_code == 303
    assert _last(ws).data["reason"] == "the photograph came from the court"
