"""Incident jobs in the browser (issue 28): proposals confirmed, incidents created, changed and
assessed, figures recorded and the best chosen, evidence linked; each through its form, with
CSRF, as the right role, over a real workspace, and each leaving the CLI's ledger event."""

from __future__ import annotations

import re
from typing import Any

import httpx
from sqlalchemy import select
from web_helpers import WebCase, csrf_of

from casefile.vault.schema import ledger_entries


def _kinds(web_case: WebCase) -> list[tuple[str, str]]:
    with web_case.ws.db.read() as conn:
        rows = conn.execute(
            select(ledger_entries.c.kind, ledger_entries.c.actor).order_by(ledger_entries.c.seq)
        ).all()
    return [(r.kind, r.actor) for r in rows]


def _incident_from_redirect(r: httpx.Response) -> int:
    assert r.status_code == 303, r.text[:500]
    found = re.match(r"/incidents/(\d+)", r.headers["location"])
    assert found, r.headers["location"]
    return int(found.group(1))


def test_proposal_confirmed_as_incident_with_its_figures(
    clients: dict[str, httpx.Client], web_case: WebCase
) -> None:
    inv = clients["investigator"]
    page = inv.get("/jobs/proposals")
    assert page.status_code == 200
    assert "massacre of civilians" in page.text and "Confirm as incident" in page.text
    fact = int(re.search(r'action="/jobs/proposals/(\d+)"', page.text).group(1))  # type: ignore[union-attr]
    # Without the CSRF token: refused, nothing made.
    before = len(_kinds(web_case))
    assert inv.post(f"/jobs/proposals/{fact}", data={"title": "x"}).status_code == 403
    assert len(_kinds(web_case)) == before
    r = inv.post(
        f"/jobs/proposals/{fact}", data={"csrf": csrf_of(inv), "title": "Killings in Bucha"}
    )
    inc = _incident_from_redirect(r)
    assert ("incident_created", "web:investigator") in _kinds(web_case)
    assert "Killings in Bucha" in inv.get(f"/incidents/{inc}").text
    # Confirmed again: the core's message, in the page, not a 500.
    again = inv.post(f"/jobs/proposals/{fact}", data={"csrf": csrf_of(inv)})
    assert again.status_code == 400
    assert "already made incident" in again.text and "job-error" in again.text
    # The viewer sees the proposals but no button.
    seen = clients["viewer"].get("/jobs/proposals")
    assert seen.status_code == 200 and "Confirm as incident" not in seen.text


def _create(c: httpx.Client, **fields: str) -> httpx.Response:
    return c.post("/jobs/incidents/new", data={"csrf": csrf_of(c), **fields})


def test_incident_created_changed_and_assessed(
    clients: dict[str, httpx.Client], web_case: WebCase
) -> None:
    inv = clients["investigator"]
    assert "Create the incident" in inv.get("/jobs/incidents/new").text
    # Bad input: the core's words in the form, with what was typed kept.
    bad = _create(inv, title="Shelling of the school", places="School@91,30", start="2022-03-05")
    assert bad.status_code == 400
    assert "are not coordinates" in bad.text and 'value="Shelling of the school"' in bad.text
    bad = _create(inv, title="Shelling", start="2022-03-10", end="2022-03-01")
    assert bad.status_code == 400 and "the period ends (2022-03-01) before it starts" in bad.text
    bad = _create(inv, title="Shelling", start="5 March")
    assert bad.status_code == 400 and "is not a date" in bad.text
    assert _create(inv, title="   ").status_code == 400
    inc = _incident_from_redirect(
        _create(
            inv,
            title="Shelling of school 36",
            description="A school hit at night.",
            incident_type="attack on a school",
            status="reported",
            places="School 36, Irpin@50.52,30.25\nIrpin",
            start="2022-03",
            precision="month",
        )
    )
    shown = inv.get(f"/incidents/{inc}").text
    assert "Shelling of school 36" in shown and "School 36, Irpin" in shown
    form = inv.get(f"/jobs/incidents/{inc}/edit")
    assert form.status_code == 200 and "School 36, Irpin@50.52,30.25" in form.text
    fields = {
        "title": "Shelling of school 36, Irpin",
        "description": "A school hit at night.",
        "incident_type": "attack on a school",
        "places": "School 36, Irpin@50.52,30.25\nIrpin",
        "start": "2022-03-05",
        "end": "",
        "precision": "day",
    }
    # No reason: refused with the core's message.
    r = inv.post(f"/jobs/incidents/{inc}/edit", data={"csrf": csrf_of(inv), **fields})
    assert r.status_code == 400 and "reason for the change" in r.text
    # Nothing changed: said so.
    same = {**fields, "title": "Shelling of school 36", "start": "2022-03", "precision": "month"}
    r = inv.post(
        f"/jobs/incidents/{inc}/edit", data={"csrf": csrf_of(inv), **same, "reason": "check"}
    )
    assert r.status_code == 400 and "nothing to change" in r.text
    r = inv.post(
        f"/jobs/incidents/{inc}/edit",
        data={"csrf": csrf_of(inv), **fields, "reason": "date from the school's director"},
    )
    assert r.status_code == 303 and r.headers["location"] == f"/incidents/{inc}?version=2"
    from casefile.case.incidents import get_incident, incident_history

    with web_case.ws.db.read() as conn:
        now = get_incident(conn, inc)
        last = incident_history(conn, inc)[-1]
    assert now.title == "Shelling of school 36, Irpin" and now.period_start == "2022-03-05"
    assert now.period_precision == "day" and last.created_by == "web:investigator"
    assert last.reason == "date from the school's director"
    # Assessment: reasoning required, then a new status.
    r = inv.post(f"/jobs/incidents/{inc}/assess", data={"csrf": csrf_of(inv), "status": "verified"})
    assert r.status_code == 400 and "reasoning" in r.text
    r = inv.post(
        f"/jobs/incidents/{inc}/assess",
        data={"csrf": csrf_of(inv), "status": "proven", "reasoning": "x y"},
    )
    assert r.status_code == 400 and "must be one of" in r.text
    r = inv.post(
        f"/jobs/incidents/{inc}/assess",
        data={"csrf": csrf_of(inv), "status": "corroborated", "reasoning": "two photos agree"},
    )
    assert r.status_code == 303
    with web_case.ws.db.read() as conn:
        assert get_incident(conn, inc).status == "corroborated"
    kinds = [k for k, a in _kinds(web_case) if a == "web:investigator"]
    assert kinds.count("incident_updated") == 2
    # No such incident: 404, not 500.
    assert inv.get("/jobs/incidents/999999/edit").status_code == 404
    # An analyst may not change incidents.
    assert clients["analyst"].get(f"/jobs/incidents/{inc}/edit").status_code == 403


def _toll(c: httpx.Client, inc: int) -> str:
    page = c.get(f"/jobs/incidents/{inc}/figures")
    assert page.status_code == 200, page.text[:300]
    return page.text


def test_figures_recorded_and_best_chosen(
    clients: dict[str, httpx.Client], web_case: WebCase
) -> None:
    inv, analyst = clients["investigator"], clients["analyst"]
    inc = _incident_from_redirect(_create(inv, title="Killings on Yablunska Street"))
    text = _toll(analyst, inc)
    assert "No figures yet" in text
    # Nothing chosen: the core's words.
    r = analyst.post(f"/jobs/incidents/{inc}/figures", data={"csrf": csrf_of(analyst)})
    assert r.status_code == 400 and "give figure fact ids" in r.text
    r = analyst.post(
        f"/jobs/incidents/{inc}/figures", data={"csrf": csrf_of(analyst), "facts": "two"}
    )
    assert r.status_code == 400 and "whole number" in r.text
    r = analyst.post(
        f"/jobs/incidents/{inc}/figures",
        data={"csrf": csrf_of(analyst), "from_item": web_case.report_sha[:10]},
    )
    assert r.status_code == 303, r.text[:300]
    assert r.headers["location"].endswith("?added=4")
    text = analyst.get(r.headers["location"]).text
    assert "4 figure(s) added" in text and "410" in text
    assert ("incident_figure_added", "web:analyst") in _kinds(web_case)
    figure = int(
        re.search(r'name="figure" value="(\d+)"', text).group(1)  # type: ignore[union-attr]
    )
    r = analyst.post(
        f"/jobs/incidents/{inc}/best", data={"csrf": csrf_of(analyst), "figure": str(figure)}
    )
    assert r.status_code == 400 and "the reason for choosing this figure" in r.text
    r = analyst.post(
        f"/jobs/incidents/{inc}/best",
        data={"csrf": csrf_of(analyst), "figure": "999999", "reason": "latest count"},
    )
    assert r.status_code == 400 and "is not in incident" in r.text
    r = analyst.post(
        f"/jobs/incidents/{inc}/best",
        data={"csrf": csrf_of(analyst), "figure": str(figure), "reason": "the latest count"},
    )
    assert r.status_code == 303
    text = _toll(analyst, inc)
    assert "★ best" in text and "the latest count" in text
    assert ("incident_best_figure_chosen", "web:analyst") in _kinds(web_case)
    # The viewer may not record figures.
    assert clients["viewer"].get(f"/jobs/incidents/{inc}/figures").status_code == 403


def test_evidence_linked(clients: dict[str, httpx.Client], web_case: WebCase) -> None:
    inv = clients["investigator"]
    inc = _incident_from_redirect(_create(inv, title="Photos of the street"))
    page = inv.get(f"/jobs/incidents/{inc}/evidence")
    assert page.status_code == 200 and web_case.image_sha[:12] in page.text
    r = inv.post(
        f"/jobs/incidents/{inc}/evidence",
        data={"csrf": csrf_of(inv), "recent": web_case.image_sha, "shows": ""},
    )
    assert r.status_code == 400 and "what the item shows" in r.text
    r = inv.post(
        f"/jobs/incidents/{inc}/evidence",
        data={"csrf": csrf_of(inv), "item": "abcdef0", "shows": "the street"},
    )
    assert r.status_code == 400 and "is not in the vault" in r.text
    r = inv.post(
        f"/jobs/incidents/{inc}/evidence",
        data={"csrf": csrf_of(inv), "item": "zz", "shows": "the street"},
    )
    assert r.status_code == 400 and "is not an item hash" in r.text
    r = inv.post(
        f"/jobs/incidents/{inc}/evidence",
        data={"csrf": csrf_of(inv), "recent": web_case.image_sha, "shows": "bodies on the street"},
    )
    assert r.status_code == 303
    page = inv.get(r.headers["location"])
    assert "bodies on the street" in page.text and "Linked (link" in page.text
    assert ("incident_evidence_linked", "web:investigator") in _kinds(web_case)
    again = inv.post(
        f"/jobs/incidents/{inc}/evidence",
        data={"csrf": csrf_of(inv), "item": web_case.image_sha[:8], "shows": "again"},
    )
    assert again.status_code == 400 and "is already linked" in again.text
    # Verification of the linked photo: place, time, source, each the core's checks.
    url = f"/jobs/incidents/{inc}/evidence/verify"
    photo = web_case.image_sha

    def verify(**fields: str) -> httpx.Response:
        return inv.post(url, data={"csrf": csrf_of(inv), "item": photo, **fields})

    r = verify(aspect="geolocation", exif="yes")
    assert r.status_code == 400 and "has no GPS position in its EXIF" in r.text
    r = verify(aspect="geolocation", lat="50.54", lon="30.22", method="landmarks")
    assert r.status_code == 400 and "how the place was established" in r.text
    r = verify(aspect="geolocation", lat="north", lon="30.22", method="landmarks", note="x")
    assert r.status_code == 400 and "is not a number" in r.text
    assert 'value="north"' in r.text
    r = verify(
        aspect="geolocation", lat="50.5443", lon="30.2204", method="landmarks",
        note="the church tower and the shop sign",
    )  # fmt: skip
    assert r.status_code == 303 and "verified=" in r.headers["location"]
    r = verify(aspect="chronolocation", time="yesterday", method="shadows", note="x")
    assert r.status_code == 400 and "is not an ISO 8601 date and time" in r.text
    r = verify(
        aspect="chronolocation", time="2022-03-19T14:00+02:00", method="shadows",
        note="shadow length at the address",
    )  # fmt: skip
    assert r.status_code == 303
    r = verify(aspect="source", reliability="B", credibility="9", note="known photographer")
    assert r.status_code == 400 and "credibility must be one of" in r.text
    r = verify(aspect="source", reliability="B", credibility="2", note="known photographer")
    assert r.status_code == 303
    r = inv.post(url, data={"csrf": csrf_of(inv), "item": web_case.text_sha, "aspect": "source"})
    assert r.status_code == 400 and "linked to this incident" in r.text
    page = inv.get(f"/jobs/incidents/{inc}/evidence").text
    assert "50.5443, 30.2204 (landmarks)" in page and "(shadows)" in page and "B2" in page
    steps = [k for k, a in _kinds(web_case) if k == "evidence_verified" and a == "web:investigator"]
    assert len(steps) == 3


def test_jobs_page_lists_what_the_role_may_do(clients: dict[str, Any]) -> None:
    inv = clients["investigator"].get("/jobs").text
    assert "/jobs/incidents/new" in inv and "/jobs/proposals" in inv
    viewer = clients["viewer"].get("/jobs").text
    assert "/jobs/incidents/new" not in viewer and "/jobs/proposals" in viewer
    assert 'href="/jobs"' in viewer  # the nav link


def test_incident_page_links_to_its_jobs(clients: dict[str, Any]) -> None:
    inc = _incident_from_redirect(_create(clients["investigator"], title="Linked jobs"))
    inv = clients["investigator"].get(f"/incidents/{inc}").text
    assert f"/jobs/incidents/{inc}/edit" in inv and f"/jobs/incidents/{inc}/figures" in inv
    viewer = clients["viewer"].get(f"/incidents/{inc}").text
    assert f"/jobs/incidents/{inc}/edit" not in viewer


def test_claims_added_weighed_and_assessed(
    clients: dict[str, httpx.Client], web_case: WebCase
) -> None:
    inv = clients["investigator"]
    inc = _incident_from_redirect(_create(inv, title="Claims about Bucha"))
    inv.post(
        f"/jobs/incidents/{inc}/figures",
        data={"csrf": csrf_of(inv), "from_item": web_case.report_sha},
    )
    claims = inv.get(f"/jobs/incidents/{inc}/claims")
    assert claims.status_code == 200
    candidates = re.findall(r'name="fact" value="(\d+)"', claims.text)
    assert candidates, "the seed report's claim facts are offered"
    r = inv.post(
        f"/jobs/incidents/{inc}/claims",
        data={"csrf": csrf_of(inv), "fact": candidates[0], "into": "new"},
    )
    assert r.status_code == 303, r.text[:500]
    assert "a%20new%20claim" in r.headers["location"]
    again = inv.post(
        f"/jobs/incidents/{inc}/claims", data={"csrf": csrf_of(inv), "fact": candidates[0]}
    )
    assert again.status_code == 400 and "is already in claim" in again.text
    r = inv.post(f"/jobs/incidents/{inc}/claims", data={"csrf": csrf_of(inv)})
    assert r.status_code == 400 and "give a claim fact" in r.text
    r = inv.post(
        f"/jobs/incidents/{inc}/claims",
        data={"csrf": csrf_of(inv), "statement": "The scenes were staged", "stance": "denies"},
    )
    assert r.status_code == 303
    text = inv.get(r.headers["location"]).text
    assert "The scenes were staged" in text and "Done: claim" in text
    claim = max(int(c) for c in re.findall(r'name="claim" value="(\d+)"', text))
    r = inv.post(
        f"/jobs/incidents/{inc}/claims/evidence",
        data={"csrf": csrf_of(inv), "claim": str(claim), "item": web_case.image_sha,
              "relation": "contradicts", "note": ""},
    )  # fmt: skip
    assert r.status_code == 400 and "how the item contradicts the claim" in r.text
    r = inv.post(
        f"/jobs/incidents/{inc}/claims/evidence",
        data={"csrf": csrf_of(inv), "claim": "999999", "item": web_case.image_sha,
              "relation": "contradicts", "note": "x"},
    )  # fmt: skip
    assert r.status_code == 400 and "is not a claim of incident" in r.text
    r = inv.post(
        f"/jobs/incidents/{inc}/claims/evidence",
        data={"csrf": csrf_of(inv), "claim": str(claim), "item": web_case.image_sha,
              "relation": "contradicts", "note": "dated photo of the street before the"
              " withdrawal"},
    )  # fmt: skip
    assert r.status_code == 303
    r = inv.post(
        f"/jobs/incidents/{inc}/claims/assess",
        data={"csrf": csrf_of(inv), "claim": str(claim), "assessment": "contradicted"},
    )
    assert r.status_code == 400 and "reasoning" in r.text
    r = inv.post(
        f"/jobs/incidents/{inc}/claims/assess",
        data={"csrf": csrf_of(inv), "claim": str(claim), "assessment": "contradicted",
              "reasoning": "the photographs are dated before the withdrawal"},
    )  # fmt: skip
    assert r.status_code == 303
    text = inv.get(f"/jobs/incidents/{inc}/claims").text
    assert "<b>contradicted</b>" in text and "withdrawal" in text
    kinds = {k for k, a in _kinds(web_case) if a == "web:investigator"}
    assert {"case_claim_added", "case_claim_evidence", "case_claim_assessed"} <= kinds
    assert clients["analyst"].get(f"/jobs/incidents/{inc}/claims").status_code == 403


def test_incidents_merged(clients: dict[str, httpx.Client], web_case: WebCase) -> None:
    inv = clients["investigator"]
    a = _incident_from_redirect(_create(inv, title="Shelling, north", places="Irpin"))
    b = _incident_from_redirect(_create(inv, title="Shelling, bridge", places="Romanivka"))
    page = inv.get(f"/jobs/incidents/merge?id={a}&id={b}")
    assert page.status_code == 200 and f'value="{a}" checked' in page.text
    assert "/jobs/incidents/merge" in inv.get("/incidents").text
    r = inv.post("/jobs/incidents/merge", data={"csrf": csrf_of(inv), "id": [str(a), str(b)]})
    assert r.status_code == 400 and "reason for the merge" in r.text
    r = inv.post(
        "/jobs/incidents/merge",
        data={"csrf": csrf_of(inv), "id": [str(a)], "reason": "same shelling"},
    )
    assert r.status_code == 400 and "at least two different incidents" in r.text
    r = inv.post(
        "/jobs/incidents/merge",
        data={"csrf": csrf_of(inv), "id": [str(a), str(b)], "reason": "the same shelling",
              "title": "Shelling of Irpin and the bridge"},
    )  # fmt: skip
    merged = _incident_from_redirect(r)
    from casefile.case.incidents import get_incident

    with web_case.ws.db.read() as conn:
        assert get_incident(conn, a).state == "merged"
        now = get_incident(conn, merged)
    assert now.title == "Shelling of Irpin and the bridge"
    assert [p["name"] for p in now.places] == ["Irpin", "Romanivka"]
    assert ("incident_merged", "web:investigator") in _kinds(web_case)
    # A closed incident is refused with the core's words.
    r = inv.post(
        "/jobs/incidents/merge",
        data={"csrf": csrf_of(inv), "id": [str(a), str(merged)], "reason": "again"},
    )
    assert r.status_code == 400 and "was merged into" in r.text


def test_fact_corrected(clients: dict[str, httpx.Client], web_case: WebCase) -> None:
    from casefile.ingest.corrections import current_facts

    with web_case.ws.db.read() as conn:
        fact = next(f for f in current_facts(conn, kind="figure") if f.payload.get("count") == 410)
    analyst = clients["analyst"]
    assert f"/jobs/facts/{fact.id}/correct" in analyst.get(f"/facts/{fact.id}").text
    form = analyst.get(f"/jobs/facts/{fact.id}/correct")
    assert form.status_code == 200
    fields = dict(re.findall(r'name="(field_\d+)" value="([^"]*)"', form.text))
    names = re.findall(r"<label>(\w+) <input name=\"field_", form.text)
    count_field = f"field_{names.index('count')}"
    unchanged = {k: v.replace("&#34;", '"').replace("&amp;", "&") for k, v in fields.items()}
    r = analyst.post(
        f"/jobs/facts/{fact.id}/correct",
        data={"csrf": csrf_of(analyst), **unchanged, "reason": "typo"},
    )
    assert r.status_code == 400 and "nothing to correct" in r.text
    r = analyst.post(
        f"/jobs/facts/{fact.id}/correct",
        data={"csrf": csrf_of(analyst), **unchanged, count_field: "412"},
    )
    assert r.status_code == 400 and "needs a reason" in r.text and 'value="412"' in r.text
    r = analyst.post(
        f"/jobs/facts/{fact.id}/correct",
        data={"csrf": csrf_of(analyst), **unchanged, count_field: "412",
              "reason": "the report was updated the same day"},
    )  # fmt: skip
    assert r.status_code == 303 and r.headers["location"].startswith("/facts/")
    with web_case.ws.db.read() as conn:
        newest = [f for f in current_facts(conn, kind="figure") if f.supersedes == fact.id]
    assert newest and newest[0].payload["count"] == 412 and newest[0].created_by == "web:analyst"
    again = analyst.post(
        f"/jobs/facts/{fact.id}/correct",
        data={"csrf": csrf_of(analyst), **unchanged, count_field: "413", "reason": "again"},
    )
    assert again.status_code == 400 and "was already corrected" in again.text
    assert clients["viewer"].get(f"/jobs/facts/{fact.id}/correct").status_code == 403
    assert analyst.get("/jobs/facts/999999/correct").status_code == 404


def test_crimes_elements_and_perpetrators_alleged(
    clients: dict[str, httpx.Client], web_case: WebCase
) -> None:
    inv = clients["investigator"]
    inc = _incident_from_redirect(_create(inv, title="Killings on Yablunska Street, law"))
    inv.post(
        f"/jobs/incidents/{inc}/evidence",
        data={"csrf": csrf_of(inv), "item": web_case.image_sha, "shows": "a body"},
    )
    url = f"/jobs/incidents/{inc}/legal"
    assert "8(2)(a)(i)" in inv.get(url).text
    r = inv.post(url, data={"csrf": csrf_of(inv), "article": "99"})
    assert r.status_code == 400 and "99" in r.text
    r = inv.post(url, data={"csrf": csrf_of(inv), "article": "8(2)(a)(i)", "note": "killings"})
    assert r.status_code == 303
    again = inv.post(url, data={"csrf": csrf_of(inv), "article": "8(2)(a)(i)"})
    assert again.status_code == 400 and "already qualified" in again.text
    text = inv.get(url).text
    assert "unsupported" in text
    r = inv.post(
        url + "/element",
        data={"csrf": csrf_of(inv), "target": "8(2)(a)(i)|killed",
              "item": web_case.image_sha, "note": ""},
    )  # fmt: skip
    assert r.status_code == 400 and "how the item addresses the element" in r.text
    r = inv.post(
        url + "/element",
        data={"csrf": csrf_of(inv), "target": "8(2)(a)(i)|nonsense",
              "item": web_case.image_sha, "note": "x"},
    )  # fmt: skip
    assert r.status_code == 400 and "has no element" in r.text
    r = inv.post(
        url + "/element",
        data={"csrf": csrf_of(inv), "target": "8(2)(a)(i)|killed",
              "item": web_case.image_sha, "note": "the photograph shows the body"},
    )  # fmt: skip
    assert r.status_code == 303
    assert "the photograph shows the body" in inv.get(url).text
    perp = f"/jobs/incidents/{inc}/perpetrators"
    r = inv.post(perp, data={"csrf": csrf_of(inv), "name": "64th brigade", "note": "x"})
    assert r.status_code == 400 and "source item" in r.text
    r = inv.post(
        perp,
        data={"csrf": csrf_of(inv), "name": "64th brigade", "kind": "unit",
              "source": web_case.report_sha, "note": "the report names the unit"},
    )  # fmt: skip
    assert r.status_code == 303
    assert "64th brigade" in inv.get(url).text
    kinds = {k for k, a in _kinds(web_case) if a == "web:investigator"}
    assert {"legal_qualified", "legal_element_evidence", "perpetrator_alleged"} <= kinds
    assert clients["analyst"].get(url).status_code == 403


def test_incident_split(clients: dict[str, httpx.Client], web_case: WebCase) -> None:
    inv = clients["investigator"]
    inc = _incident_from_redirect(_create(inv, title="Bucha and Irpin, together"))
    inv.post(
        f"/jobs/incidents/{inc}/evidence",
        data={"csrf": csrf_of(inv), "item": web_case.image_sha, "shows": "Irpin bridge"},
    )
    inv.post(
        f"/jobs/incidents/{inc}/evidence",
        data={"csrf": csrf_of(inv), "item": web_case.text_sha, "shows": "Bucha note"},
    )
    url = f"/jobs/incidents/{inc}/split"
    assert "Irpin bridge" in inv.get(url).text
    r = inv.post(url, data={"csrf": csrf_of(inv), "title": "Irpin", "reason": "two places"})
    assert r.status_code == 400 and "say what goes to the new part" in r.text
    r = inv.post(
        url,
        data={"csrf": csrf_of(inv), "title": "Irpin", "item": web_case.image_sha, "reason": ""},
    )
    assert r.status_code == 400 and "reason for the split" in r.text
    assert f'value="{web_case.image_sha}" checked' in r.text
    r = inv.post(
        url,
        data={"csrf": csrf_of(inv), "title": "Irpin", "figure": "999999", "reason": "x y"},
    )
    assert r.status_code == 400 and "is not linked to incident" in r.text
    r = inv.post(
        url,
        data={"csrf": csrf_of(inv), "title": "Shelling of the Irpin bridge",
              "item": web_case.image_sha, "reason": "two places, two days"},
    )  # fmt: skip
    part = _incident_from_redirect(r)
    from casefile.case.evidence import evidence_of
    from casefile.case.incidents import get_incident

    with web_case.ws.db.read() as conn:
        assert get_incident(conn, inc).state == "split"
        assert get_incident(conn, part).title == "Shelling of the Irpin bridge"
        assert [e.shows for e in evidence_of(conn, part)] == ["Irpin bridge"]
    assert ("incident_split", "web:investigator") in _kinds(web_case)
