"""More jobs done in real headless Chromium (issue 28), through the forms, as the role the
role matrix requires for each (web/roles.py), beside test_web_jobs_browser.py's walkthrough.

The case: capture a web page from a server on 127.0.0.1 (investigator); create an incident by
hand; link the ingested report, the capture and an uploaded photo as evidence; geolocate,
chronolocate and grade the photo's source by hand and a camera photo's from its EXIF; add a
claim from the report's candidates and a denial in words, put evidence against the denial and
assess it; allege a crime with evidence for an element and a perpetrator; correct a figure
(analyst); take the incident through the status workflow to reviewed; seal it (admin), see a
change refused (investigator), unseal it with a reason (admin); download a bag of it, verify
the bag offline and check it on the check-a-bag form, and download the case report
(investigator). Change an incident's title, merge two incidents and split the merged one
(investigator). Witnesses: add one with consent, record a statement and consent withdrawn, see
the name nowhere, then reveal it with a reason (investigator; an analyst may not). Tokens:
create one (admin) and use it against the API.

After each step the page is checked for what it then shows and the ledger (or the table)
for the event the job records, under the signed-in user's name, and the page is screenshot
at desktop and phone width (artifacts/web/more-NN-NAME-desktop|phone.png). No page may raise
a script error or log a console error, and the browser fetches nothing but the test server.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import zipfile
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from live_server import SHOTS, launch, need_chromium, serve
from PIL import Image
from test_web_jobs_browser import Browser
from web_helpers import PASSWORD, SEED

from casefile.vault.workspace import Workspace
from casefile.web.accounts import add_user
from casefile.web.app import create_app
from casefile.web.schema import ROLES

SLOW = 60_000  # ms: exports and statements run within the request
PAGE = (
    b"<!doctype html><html><head><meta charset=utf-8><title>Yablunska Street</title></head>"
    b"<body><article><h1>Yablunska Street, 2 April</h1><p>Residents showed reporters the "
    b"bodies of three men near the glass factory.</p></article></body></html>"
)
PAGE_SHA = hashlib.sha256(PAGE).hexdigest()
WITNESS_NAME = "Olena Petrivna Kovalchuk"


class _Site(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body, status = (PAGE, 200) if self.path == "/yablunska.html" else (b"not here", 404)
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


class More(Browser):
    """The walkthrough's browser, its screenshots named more-NN-…, and the workspace."""

    ws: Workspace
    site: str
    report_sha: str
    document_id: int

    def shoot(self, page: Any, name: str) -> None:
        from test_web_jobs_browser import DESKTOP, PHONE

        self.shots += 1
        for width, size in (("desktop", DESKTOP), ("phone", PHONE)):
            page.set_viewport_size(size)
            page.screenshot(
                path=str(SHOTS / f"more-{self.shots:02d}-{name}-{width}.png"), full_page=True
            )
        page.set_viewport_size(DESKTOP)

    def events(self, kind: str) -> list[Any]:
        """The ledger's events of this kind (every event for ""), oldest first."""
        with self.ws.db.read() as conn:
            entries = [e.event for e in self.ws.ledger.entries(conn)]
        return [e for e in entries if e.kind == kind or not kind]

    def last(self, kind: str) -> Any:
        found = self.events(kind)
        assert found, f"no {kind} event"
        return found[-1]


@pytest.fixture(scope="module")
def chromium(tmp_path_factory: pytest.TempPathFactory) -> Iterator[More]:
    need_chromium()
    pytest.importorskip("playwright")
    from playwright.sync_api import sync_playwright

    from casefile.ingest.pipeline import ingest_sources

    tmp = tmp_path_factory.mktemp("jobs-browser-more")
    ws = Workspace.init(tmp / "ws", None, actor="tester@test")
    for role in ROLES:
        add_user(ws, role, role, PASSWORD)
    # The report is ingested beforehand (its ingest form is test_web_jobs_browser's first job).
    [res] = ingest_sources(ws, [str(SEED)], date(2022, 4, 4))
    assert res.ok and res.sha256 and res.document_id, res.error
    SHOTS.mkdir(parents=True, exist_ok=True)
    for old in SHOTS.glob("more-*.png"):
        old.unlink()
    site = ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    threading.Thread(target=site.serve_forever, daemon=True).start()
    try:
        with serve(create_app(ws)) as base, sync_playwright() as pw:
            browser = launch(pw)
            try:
                b = More(base, browser, tmp)
                b.ws, b.site = ws, f"http://127.0.0.1:{site.server_address[1]}"
                b.report_sha, b.document_id = res.sha256, res.document_id
                yield b
            finally:
                browser.close()
    finally:
        site.shutdown()
        ws.close()


def _camera_photo(path: Path, lat: float, lon: float, when: str) -> None:
    """A JPEG as a camera writes it: the capture time and the GPS position in its EXIF."""

    def dms(value: float) -> tuple[float, float, float]:
        d = int(value)
        m = int((value - d) * 60)
        return (float(d), float(m), round(((value - d) * 60 - m) * 60, 2))

    exif = Image.Exif()
    exif[0x010F] = "TestCam"  # Make
    exif.get_ifd(0x8769)[0x9003] = when  # DateTimeOriginal
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", dms(lat), "E", dms(lon)
    Image.new("RGB", (160, 100), (70, 70, 70)).save(path, "JPEG", exif=exif)


def _status(b: More, incident: str) -> str:
    from casefile.case.incidents import get_incident

    with b.ws.db.read() as conn:
        return str(get_incident(conn, int(incident)).status)


def _assess(page: Any, base: str, incident: str, status: str, why: str) -> None:
    from playwright.sync_api import expect

    page.goto(f"{base}/jobs/incidents/{incident}/edit")
    page.locator("select[name=status]").select_option(status)
    page.get_by_label(re.compile("^Reasoning")).fill(why)
    page.get_by_role("button", name="Record the assessment").click()
    expect(page).to_have_url(re.compile(rf"/incidents/{incident}\?version=\d+"))
    expect(page.locator("dl.facts dd").first).to_have_text(re.compile(rf"· {status}$"))


def test_case_jobs_in_chromium(chromium: More) -> None:
    from playwright.sync_api import expect

    b = chromium
    base = b.base
    inv = b.page_as("investigator")

    # --- investigator: capture a web page served on 127.0.0.1 as evidence.
    url = f"{b.site}/yablunska.html"
    inv.get_by_role("link", name="Capture web pages as evidence").click()
    expect(inv.locator("h1")).to_have_text("Capture web pages as evidence")
    inv.get_by_label("Web addresses (one a line)").fill(url)
    inv.get_by_label("Label").fill("Yablunska Street report")
    inv.get_by_label("Tags (comma separated)").fill("bucha, capture")
    inv.get_by_role("button", name="Capture").click()
    rows = inv.locator("table.grid tbody tr")
    expect(rows).to_have_count(2, timeout=SLOW)  # the page and its WARC record
    expect(rows.first).to_contain_text(url)
    expect(rows.first).to_contain_text("stored")
    expect(rows.first.get_by_role("link", name=PAGE_SHA[:12])).to_have_attribute(
        "href", f"/items/{PAGE_SHA}"
    )
    expect(rows.nth(1)).to_contain_text("WARC capture")
    captured = [e for e in b.events("acquired") if e.item == PAGE_SHA]
    assert len(captured) == 1, captured
    assert captured[0].actor == "web:investigator"
    assert captured[0].data["source_kind"] == "url" and captured[0].data["source_url"] == url
    assert captured[0].data["tags"] == ["bucha", "capture"]
    b.shoot(inv, "captured")
    inv.goto(f"{base}/items?tag=capture")
    listed = inv.locator("main table.grid tbody tr")
    expect(listed).to_have_count(2)  # the page and its WARC record, with the label and tags
    expect(listed.filter(has=inv.locator(f"a[href='/items/{PAGE_SHA}']"))).to_contain_text(
        "Yablunska Street report"
    )

    # --- investigator: a photo uploaded, then an incident created by hand.
    photo = b.tmp / "church-yard.png"
    Image.new("RGB", (64, 48), (90, 110, 140)).save(photo)
    inv.goto(f"{base}/upload")
    inv.set_input_files("#file", str(photo))
    inv.get_by_role("button", name="Upload").click()
    expect(inv.locator("#upload-status")).to_contain_text("Stored 1 file")
    photo_sha = inv.locator(".uploaded-sha").inner_text()

    inv.goto(f"{base}/jobs")
    inv.get_by_role("link", name="Create an incident").click()
    inv.get_by_label("Title").fill("Killings near the glass factory")
    inv.get_by_label("What happened").fill("Three men found shot near the glass factory.")
    inv.get_by_label("Places").fill("Yablunska Street, Bucha@50.5443,30.2204")
    inv.get_by_label("From", exact=True).fill("2022-03-05")
    inv.get_by_label("To", exact=True).fill("2022-03-30")
    inv.get_by_role("button", name="Create the incident").click()
    expect(inv).to_have_url(re.compile(r"/incidents/\d+\?created=1"))
    expect(inv.locator("h1")).to_have_text("Killings near the glass factory")
    expect(inv.locator("dl.facts")).to_contain_text("Yablunska Street, Bucha")
    incident = re.search(r"/incidents/(\d+)", inv.url).group(1)  # type: ignore[union-attr]
    made = b.last("incident_created")
    assert made.actor == "web:investigator" and made.data["incident"] == int(incident)
    b.shoot(inv, "incident-created")

    # --- investigator: the report, the capture and the photo linked as evidence.
    inv.get_by_role("link", name="link evidence").click()
    expect(inv.locator("h1")).to_contain_text(f"Evidence of incident {incident}")
    for sha, shows, kind in (
        (b.report_sha, "the report that gives the toll and the denials", "report"),
        (PAGE_SHA, "residents show the bodies to reporters", "capture"),
        (photo_sha, "the yard where the men were found", "photo"),
    ):
        inv.get_by_label("Item hash").fill(sha)
        inv.get_by_label("What it shows (required)").fill(shows)
        inv.locator("select[name=kind]").select_option(kind)
        inv.get_by_role("button", name="Link to the incident").click()
        expect(inv.locator(".job-done")).to_contain_text("Linked (link")
        expect(inv.locator("table.grid tbody")).to_contain_text(shows)
    linked = b.events("incident_evidence_linked")
    assert [(e.item, e.data["kind"], e.actor) for e in linked] == [
        (b.report_sha, "report", "web:investigator"),
        (PAGE_SHA, "capture", "web:investigator"),
        (photo_sha, "photo", "web:investigator"),
    ]

    # --- investigator: where and when the photo was made, and how reliable its source is.
    geo = inv.locator("form", has=inv.get_by_role("button", name="Record the place"))
    geo.locator("select[name=item]").select_option(photo_sha)
    geo.get_by_label("Latitude").fill("50.5443")
    geo.get_by_label("Longitude").fill("30.2204")
    geo.locator("select[name=method]").select_option("street-level")
    geo.get_by_label("How it was established").fill("the church tower and the factory gate")
    geo.get_by_role("button", name="Record the place").click()
    expect(inv.locator(".job-done")).to_contain_text("Verification recorded (step")
    when = inv.locator("form", has=inv.get_by_role("button", name="Record the time"))
    when.locator("select[name=item]").select_option(photo_sha)
    when.get_by_label("Date and time").fill("2022-04-02T11:30+03:00")
    when.locator("select[name=method]").select_option("shadows")
    when.get_by_label("How it was established").fill("the shadows of the gate posts")
    when.get_by_role("button", name="Record the time").click()
    expect(inv.locator(".job-done")).to_contain_text("Verification recorded (step")
    grade = inv.locator("form", has=inv.get_by_role("button", name="Record the assessment"))
    grade.locator("select[name=item]").select_option(photo_sha)
    grade.locator("select[name=reliability]").select_option("B")
    grade.locator("select[name=credibility]").select_option("2")
    grade.get_by_label("Reasoning (required)").fill("a photographer who has been right before")
    grade.get_by_role("button", name="Record the assessment").click()
    expect(inv.locator(".job-done")).to_contain_text("Verification recorded (step")
    row = inv.locator("table.grid tbody tr").filter(has_text="the yard where the men were found")
    expect(row).to_contain_text("50.5443, 30.2204 (street-level)")
    expect(row).to_contain_text("(shadows)")
    expect(row).to_contain_text("B2")
    steps = [e for e in b.events("evidence_verified") if e.item == photo_sha]
    assert [e.data["aspect"] for e in steps] == ["geolocation", "chronolocation", "source"]
    assert all(e.actor == "web:investigator" for e in steps)
    assert steps[0].data["method"] == "street-level" and steps[0].data["lat"] == 50.5443
    b.shoot(inv, "evidence-verified")

    # --- investigator: a camera photo placed and dated from its own EXIF (GPS and time).
    camera = b.tmp / "gate-camera.jpg"
    _camera_photo(camera, 50.5451, 30.2139, "2022:04:02 10:15:00")
    inv.goto(f"{base}/upload")
    inv.set_input_files("#file", str(camera))
    inv.get_by_role("button", name="Upload").click()
    expect(inv.locator("#upload-status")).to_contain_text("Stored 1 file")
    camera_sha = inv.locator(".uploaded-sha").inner_text()
    inv.goto(f"{base}/jobs/incidents/{incident}/evidence")
    inv.get_by_label("Item hash").fill(camera_sha)
    inv.get_by_label("What it shows (required)").fill("the factory gate from the street")
    inv.get_by_role("button", name="Link to the incident").click()
    expect(inv.locator(".job-done")).to_contain_text("Linked (link")
    for button, box in (
        ("Record the place", "Take the camera's GPS position from its EXIF"),
        ("Record the time", "Take the camera's capture time from its EXIF"),
    ):
        form = inv.locator("form", has=inv.get_by_role("button", name=button))
        form.locator("select[name=item]").select_option(camera_sha)
        form.get_by_label(box).check()
        form.get_by_role("button", name=button).click()
        expect(inv.locator(".job-done")).to_contain_text("Verification recorded (step")
    row = inv.locator("table.grid tbody tr").filter(has_text="the factory gate from the street")
    expect(row).to_contain_text("(exif)")
    expect(row).to_contain_text("50.545")
    expect(row).to_contain_text("2022-04-02")
    steps = [e for e in b.events("evidence_verified") if e.item == camera_sha]
    assert [(e.data["aspect"], e.data["method"]) for e in steps] == [
        ("geolocation", "exif"),
        ("chronolocation", "exif"),
    ]
    assert abs(steps[0].data["lat"] - 50.5451) < 1e-3 and abs(steps[0].data["lon"] - 30.2139) < 1e-3
    inv.goto(f"{base}/incidents/{incident}")
    evidence = inv.locator("main table.grid").filter(has_text="the yard where the men were")
    expect(evidence).to_contain_text("50.5443, 30.2204")

    # --- investigator: claims: a candidate from the report, a denial in words, evidence
    # against the denial, an assessment.
    inv.get_by_role("link", name="claims against the evidence").click()
    expect(inv.locator("h1")).to_contain_text(f"Claims of incident {incident}")
    candidate = inv.locator("tbody tr").filter(has_text="staged the horrifying scenes")
    candidate.get_by_role("button", name="Add", exact=True).click()
    expect(inv.locator(".job-done")).to_contain_text("a new claim")
    denial = inv.locator("section.proof").filter(has_text="staged the horrifying scenes")
    expect(denial.locator("h2")).to_contain_text("(denies)")
    inv.get_by_label("Or state a claim in words").fill("Three men were shot near the factory")
    inv.locator("select[name=stance]").select_option("asserts")
    inv.get_by_role("button", name="Add the claim").click()
    expect(inv.locator(".job-done")).to_contain_text("a new claim")
    added = b.events("case_claim_added")
    assert len(added) == 2 and all(e.actor == "web:investigator" for e in added)
    claim = denial.locator("input[name=claim]").first.get_attribute("value")
    denial.locator("select[name=linked]").select_option(photo_sha)
    denial.locator("select[name=relation]").select_option("contradicts")
    denial.get_by_label("How (required)").fill("the photo shows the bodies before any media came")
    denial.get_by_role("button", name="Link the evidence").click()
    expect(inv.locator(".job-done")).to_contain_text(f"evidence linked to claim {claim}")
    denial = inv.locator(f"section#claim-{claim}")
    expect(denial).to_contain_text("contradicts: church-yard.png")
    denial.locator("select[name=assessment]").select_option("contradicted")
    denial.get_by_label("Reasoning (required)").fill(
        "the dated photo and the capture show the bodies before any media arrived"
    )
    denial.get_by_role("button", name="Record the assessment").click()
    expect(inv.locator(".job-done")).to_contain_text(f"claim {claim} assessed")
    expect(inv.locator(f"section#claim-{claim}")).to_contain_text("Assessment: contradicted")
    on_claim = b.last("case_claim_evidence")
    assert on_claim.item == photo_sha and on_claim.data["claim"] == int(claim or 0)
    assert on_claim.data["relation"] == "contradicts" and on_claim.actor == "web:investigator"
    judged = b.last("case_claim_assessed")
    assert judged.data["assessment"] == "contradicted" and judged.actor == "web:investigator"
    b.shoot(inv, "claims")
    inv.goto(f"{base}/incidents/{incident}")
    expect(inv.locator(".side-by-side")).to_contain_text("assessed contradicted")

    # --- investigator: the law: an alleged crime, evidence for an element, a perpetrator.
    inv.get_by_role("link", name="alleged crimes and perpetrators").click()
    inv.locator("select[name=article]").select_option("8(2)(a)(i)")
    inv.get_by_label("Why this article").fill("civilians killed while in the occupiers' hands")
    inv.get_by_role("button", name="Allege it").click()
    expect(inv.locator(".job-done")).to_contain_text("alleged 8(2)(a)(i)")
    section = inv.locator("section.proof").filter(has_text="wilful killing")
    expect(section).to_contain_text("unsupported")
    target = inv.locator("select[name=target] option").nth(1).get_attribute("value") or ""
    inv.locator("select[name=target]").select_option(target)
    element_form = inv.locator("form", has=inv.get_by_role("button", name="Record the evidence"))
    element_form.locator("select[name=item]").select_option(photo_sha)
    element_form.get_by_label("How it addresses the element").fill("the bodies of three men")
    element_form.get_by_role("button", name="Record the evidence").click()
    expect(inv.locator(".job-done")).to_contain_text("evidence recorded for 8(2)(a)(i)")
    expect(section).to_contain_text("church-yard.png (the bodies of three men)")
    perp = inv.locator("form", has=inv.get_by_role("button", name="Record the allegation"))
    perp.get_by_label("Name, as the source gives it").fill("Russian soldiers")
    perp.locator("select[name=source]").select_option(b.report_sha)
    perp.get_by_label("What the source alleges").fill("soldiers going from building to building")
    perp.get_by_role("button", name="Record the allegation").click()
    expect(inv.locator(".job-done")).to_contain_text("alleged perpetrator Russian soldiers")
    expect(inv.locator("main")).to_contain_text("alleged: Russian soldiers")
    qualified = b.last("legal_qualified")
    assert qualified.data["article"] == "8(2)(a)(i)" and qualified.actor == "web:investigator"
    element = b.last("legal_element_evidence")
    assert element.item == photo_sha and target.endswith("|" + element.data["element"])
    alleged = b.last("perpetrator_alleged")
    assert alleged.item == b.report_sha and alleged.data["name"] == "Russian soldiers"
    b.shoot(inv, "law")

    # --- analyst: correct a figure of the report (the 410 of ABC), from the source reader.
    ana = b.page_as("analyst")
    ana.goto(f"{base}/sources/{b.document_id}")
    card = ana.locator(".fact-card.k-figure").filter(has_text="ABC").first
    old_fact = card.get_attribute("data-fact")
    card.locator(f"a[href='/facts/{old_fact}']").click()
    ana.get_by_role("link", name="Correct this fact").click()
    expect(ana.locator("h1")).to_have_text(f"Correct fact {old_fact} (figure)")
    note = ana.locator("form.job label").filter(has_text=re.compile(r"^\s*note\b"))
    note.locator("input").fill("at least 410; the count was still rising")
    ana.get_by_label("Why (required)").fill("the report says the number is likely to rise")
    ana.get_by_role("button", name="Save the correction").click()
    expect(ana).to_have_url(re.compile(r"/facts/\d+$"))
    expect(ana.locator("table.grid tbody")).to_contain_text("at least 410")
    expect(ana.locator("table.grid tbody")).to_contain_text("likely to rise")
    fixed = b.last("fact_corrected")
    assert fixed.actor == "web:analyst" and fixed.data["fact"] == int(old_fact or 0)
    assert fixed.data["changes"]["note"] == "at least 410; the count was still rising"
    b.shoot(ana, "fact-corrected")
    ana.goto(f"{base}/sources/{b.document_id}")
    expect(ana.locator(".fact-card.k-figure").filter(has_text="at least 410")).to_contain_text(
        "corrected"
    )

    # --- investigator: the status workflow up to reviewed; no seal for this role.
    for status in ("corroborated", "verified", "reviewed"):
        _assess(inv, base, incident, status, f"{status}: the photo, the capture and the report")
    assert _status(b, incident) == "reviewed"
    inv.goto(f"{base}/jobs/incidents/{incident}/edit")
    expect(inv.get_by_role("button", name="Seal")).to_have_count(0)

    # --- admin: seal the reviewed record, with a reason.
    admin = b.page_as("admin")
    admin.goto(f"{base}/incidents/{incident}")
    admin.get_by_role("link", name="seal the reviewed record").click()
    admin.get_by_label("Reason for sealing").fill("reviewed by the team lead against the photos")
    admin.get_by_role("button", name="Seal", exact=True).click()
    expect(admin).to_have_url(re.compile(rf"/incidents/{incident}\?version=\d+"))
    expect(admin.locator("dl.facts dd").first).to_have_text(re.compile(r"· sealed$"))
    expect(admin.locator(".sealed-line")).to_contain_text("sealed by web:admin on 20")
    sealed = b.last("incident_updated")
    assert sealed.actor == "web:admin" and sealed.data["workflow"] == "sealed"
    assert sealed.data["reason"] == "reviewed by the team lead against the photos"
    assert _status(b, incident) == "sealed"
    b.shoot(admin, "sealed")

    # --- investigator: a change to the sealed record is refused, in words, nothing changed.
    inv.goto(f"{base}/jobs/incidents/{incident}/edit")
    expect(inv.get_by_label(re.compile("Reason for changing the sealed record"))).to_have_count(0)
    inv.get_by_label("Title").fill("Killings near the glass factory, 5-30 March")
    inv.get_by_label("Reason for the change (required)").fill("the dates belong in the title")
    inv.get_by_role("button", name="Save a new version").click()
    expect(inv.locator(".job-error")).to_contain_text("Not done:")
    expect(inv.locator(".job-error")).to_contain_text("sealed")
    assert _status(b, incident) == "sealed"
    # The refusal is the form again with HTTP 400, which Chromium logs: expected here, once.
    logged = [e for e in b.errors if f"/jobs/incidents/{incident}/edit: Failed to load" in e]
    assert len(logged) == 1 and "status of 400" in logged[0], b.errors
    b.errors.remove(logged[0])
    b.shoot(inv, "sealed-change-refused")

    # --- admin: unseal with a reason: back to reviewed.
    admin.goto(f"{base}/incidents/{incident}")
    admin.get_by_role("link", name=re.compile("^unseal")).click()
    admin.get_by_label("Reason for unsealing").fill("two new statements name other dates")
    admin.get_by_role("button", name="Unseal (back to reviewed)").click()
    expect(admin.locator("dl.facts dd").first).to_have_text(re.compile(r"· reviewed$"))
    unsealed = b.last("incident_updated")
    assert unsealed.actor == "web:admin" and unsealed.data["workflow"] == "unsealed"
    assert unsealed.data["reason"] == "two new statements name other dates"
    assert _status(b, incident) == "reviewed"
    b.shoot(admin, "unsealed")

    # --- investigator: a bag of the incident, verified offline; the case report.
    from casefile.export.verify_bag import verify_bag

    inv.goto(f"{base}/jobs/export")
    inv.locator("input[name=kind][value=bag]").check()
    inv.locator("input[name=scope][value=incident]").check()
    inv.get_by_label("incident", exact=True).select_option(incident)
    inv.get_by_label("Bag: what it is for").fill("for the prosecutor's office")
    with inv.expect_download(timeout=SLOW) as got:
        inv.get_by_role("button", name="Export and download").click()
    bag_zip = b.tmp / got.value.suggested_filename
    got.value.save_as(bag_zip)
    assert bag_zip.suffix == ".zip", bag_zip
    unpacked = b.tmp / "bag"
    zipfile.ZipFile(bag_zip).extractall(unpacked)
    [bag] = [p for p in unpacked.iterdir() if (p / "bagit.txt").exists()]
    checked = verify_bag(bag, b.ws.verifier.to_vkey())
    assert checked.ok, checked.problems
    assert checked.items >= 3 and checked.sealed, checked
    exported = b.last("exported")
    assert exported.actor == "web:investigator" and exported.data["format"] == "bagit"
    assert {b.report_sha, PAGE_SHA, photo_sha} <= set(exported.data["items"])
    expect(inv.get_by_role("button", name="Export and download")).to_be_enabled()
    b.shoot(inv, "bag-exported")

    # --- investigator: the downloaded bag checked in the browser, against this workspace's key.
    before = len(b.events(""))
    inv.get_by_role("link", name="check a bag").click()
    expect(inv.locator("h1")).to_have_text("Check a bag")
    expect(inv.get_by_label("The ledger key you expect")).to_have_value(b.ws.verifier.to_vkey())
    inv.get_by_label("The bag (ZIP)").set_input_files(str(bag_zip))
    inv.get_by_role("button", name="Check the bag").click()
    result = inv.locator("#bag-result")
    expect(result.locator(".job-done")).to_contain_text(
        f"OK: the bag {bag_zip.name} is complete", timeout=SLOW
    )
    expect(result.locator("dl.facts")).to_contain_text(f"items{checked.items}")
    expect(result.locator("dl.facts")).to_contain_text("(the key given: this workspace's)")
    assert len(b.events("")) == before  # checking a bag records nothing
    b.shoot(inv, "bag-checked")
    inv.goto(f"{base}/jobs/export")

    inv.locator("input[name=kind][value=report-html]").check()
    inv.locator("input[name=scope][value=incident]").check()
    inv.get_by_label("incident", exact=True).select_option(incident)
    inv.get_by_label("Report: its title").fill("Killings near the glass factory: case report")
    with inv.expect_download(timeout=SLOW) as got:
        inv.get_by_role("button", name="Export and download").click()
    report = b.tmp / got.value.suggested_filename
    got.value.save_as(report)
    html = report.read_text(encoding="utf-8")
    assert "Killings near the glass factory: case report" in html
    assert "Killings near the glass factory" in html and "8(2)(a)(i)" in html
    written = b.last("exported")
    assert written.actor == "web:investigator" and written.data["format"] == "html"
    assert written.data["sha256"] == hashlib.sha256(report.read_bytes()).hexdigest()


def _incident_of(b: More, incident: int) -> Any:
    from casefile.case.incidents import get_incident

    with b.ws.db.read() as conn:
        return get_incident(conn, incident)


def test_change_merge_split_in_chromium(chromium: More) -> None:
    """Change an incident's title (a new version), merge two incidents that are one event, and
    split the merged one again (investigator), each a ledger event; the old ones closed."""
    from playwright.sync_api import expect

    b = chromium
    base = b.base
    inv = b.page_as("investigator")
    made: list[int] = []
    for title, place in (
        ("Shelling of the bread queue", "Hostomel"),
        ("Hostomel bread queue attack", "Hostomel"),
    ):
        inv.goto(f"{base}/jobs/incidents/new")
        inv.get_by_label("Title").fill(title)
        inv.get_by_label("Places").fill(place)
        inv.get_by_label("From", exact=True).fill("2022-03-07")
        inv.get_by_role("button", name="Create the incident").click()
        expect(inv).to_have_url(re.compile(r"/incidents/\d+\?created=1"))
        made.append(int(re.search(r"/incidents/(\d+)", inv.url).group(1)))  # type: ignore[union-attr]
        inv.goto(f"{base}/jobs/incidents/{made[-1]}/evidence")
        inv.get_by_label("Item hash").fill(b.report_sha)
        inv.get_by_label("What it shows (required)").fill(f"the report of {title.lower()}")
        inv.get_by_role("button", name="Link to the incident").click()
        expect(inv.locator(".job-done")).to_contain_text("Linked (link")
    first, second = made

    # A change of title: a new version with its reason.
    inv.goto(f"{base}/jobs/incidents/{first}/edit")
    inv.get_by_label("Title").fill("Shelling of the bread queue in Hostomel")
    inv.get_by_label("Reason for the change (required)").fill("the place belongs in the title")
    inv.get_by_role("button", name="Save a new version").click()
    expect(inv).to_have_url(re.compile(rf"/incidents/{first}\?version=2"))
    expect(inv.locator("h1")).to_have_text("Shelling of the bread queue in Hostomel")
    changed = b.last("incident_updated")
    assert changed.actor == "web:investigator" and changed.data["incident"] == first
    assert changed.data["changes"] == {"title": "Shelling of the bread queue in Hostomel"}
    b.shoot(inv, "incident-changed")

    # Merge the two: a new incident; the old ones closed, pointing to it.
    inv.goto(f"{base}/jobs/incidents/merge?id={first}&id={second}")
    expect(inv.locator(f"input[name=id][value='{first}']")).to_be_checked()
    expect(inv.locator(f"input[name=id][value='{second}']")).to_be_checked()
    inv.get_by_label("Why they are one incident").fill("the same queue, the same morning")
    inv.get_by_label("Title of the merged incident").fill("Bread queue shelled in Hostomel")
    inv.get_by_role("button", name="Merge").click()
    expect(inv).to_have_url(re.compile(r"/incidents/\d+\?merged=2"))
    expect(inv.locator("h1")).to_have_text("Bread queue shelled in Hostomel")
    merged = int(re.search(r"/incidents/(\d+)", inv.url).group(1))  # type: ignore[union-attr]
    event = b.last("incident_merged")
    assert event.actor == "web:investigator" and event.data["merged"] == [first, second]
    assert event.data["shared_items"] == [b.report_sha]  # linked to both, copied once
    for old in (first, second):
        closed = _incident_of(b, old)
        assert closed.state == "merged" and closed.successors == [merged]
    b.shoot(inv, "incidents-merged")

    # Split it again: a new part with the evidence ticked, the rest under the old title.
    inv.goto(f"{base}/jobs/incidents/{merged}/split")
    inv.get_by_label("Title of the part split off").fill("Shelling of the bread queue, 7 March")
    inv.locator(f"input[name=item][value='{b.report_sha}']").check()
    inv.get_by_label("Why (required)").fill("the report describes the first shelling only")
    inv.get_by_role("button", name="Split").click()
    expect(inv).to_have_url(re.compile(r"/incidents/\d+\?split_rest=\d+"))
    expect(inv.locator("h1")).to_have_text("Shelling of the bread queue, 7 March")
    expect(inv.locator("main table.grid").filter(has_text="the report of")).to_contain_text(
        "bucha-report.txt"
    )
    parts = [e for e in b.events("incident_split") if e.data["split"] == merged]
    assert [e.data["part"] for e in parts] == ["chosen", "rest"]
    assert all(e.actor == "web:investigator" for e in parts)
    assert parts[0].data["choice"]["items"] == [b.report_sha]
    split = _incident_of(b, merged)
    assert split.state == "split" and len(split.successors) == 2
    b.shoot(inv, "incident-split")


def test_witness_jobs_in_chromium(chromium: More) -> None:
    from playwright.sync_api import expect

    b = chromium
    base = b.base
    inv = b.page_as("investigator")

    # --- investigator: a witness with consent; the name is encrypted, shown nowhere.
    inv.goto(f"{base}/jobs")
    inv.get_by_role("link", name="Add a witness").click()
    inv.get_by_label("Pseudonym (shown everywhere)").fill("W-031")
    inv.get_by_label("Full name (encrypted)").fill(WITNESS_NAME)
    inv.get_by_label("Contact (encrypted)").fill("+380 44 000 0031")
    inv.get_by_label("Risk notes (encrypted)").fill("lives near the checkpoint")
    inv.locator("input[name=consent][value=prosecutors]").check()
    inv.locator("input[name=consent][value=publication]").check()
    inv.get_by_label("On", exact=True).fill("2022-04-09")
    inv.get_by_label("How it was recorded").fill("signed consent form")
    inv.get_by_label("Language").fill("uk")
    inv.get_by_role("button", name="Add the witness").click()
    done = inv.locator(".job-done")
    expect(done).to_contain_text("Witness added: W-031")
    expect(inv.locator("main")).not_to_contain_text("Kovalchuk")
    added = b.last("witness_added")
    assert added.actor == "web:investigator"
    assert "Kovalchuk" not in json.dumps(added.data, ensure_ascii=False)
    b.shoot(inv, "witness-added")

    # --- a statement, then consent for publication withdrawn.
    done.get_by_role("link", name="Record a statement").click()
    expect(inv.locator("select[name=witness]")).to_have_value("W-031")
    inv.get_by_label("The statement").fill(
        "On 5 March I saw soldiers take three men from the basement on Yablunska Street."
    )
    inv.get_by_label("Taken on").fill("2022-04-10")
    inv.get_by_label("Where").fill("Kyiv")
    inv.get_by_role("button", name="Record the statement").click()
    expect(inv.locator(".job-done")).to_contain_text("of W-031 recorded (protected)", timeout=SLOW)
    statement = b.last("statement_added")
    assert statement.actor == "web:investigator"
    assert "basement" not in json.dumps(statement.data)  # the text is encrypted
    b.shoot(inv, "statement-recorded")

    inv.goto(f"{base}/jobs/witnesses/consent?witness=W-031")
    inv.locator("select[name=scope]").select_option("publication")
    inv.locator("select[name=action]").select_option("withdraw")
    inv.get_by_label("On", exact=True).fill("2022-05-01")
    inv.get_by_label("How it was recorded (required)").fill("phone call with the witness")
    inv.get_by_role("button", name="Record", exact=True).click()
    expect(inv.locator(".job-done")).to_contain_text("Consent withdrawn: publication, for W-031")
    consent = [e.data for e in b.events("witness_consent")]
    assert any(c.get("action") == "withdraw" and c.get("scope") == "publication" for c in consent)

    inv.goto(f"{base}/witnesses")
    row = inv.locator("main table.grid tbody tr").filter(has_text="W-031")
    expect(row).to_contain_text("prosecutors")
    expect(row).not_to_contain_text("publication")
    row.get_by_role("link", name="W-031").click()
    expect(inv.locator("h1")).to_have_text("Witness W-031")
    expect(inv.locator("main")).to_contain_text("publication: no")
    expect(inv.locator("main")).not_to_contain_text("Kovalchuk")
    b.shoot(inv, "witness-page")
    witness_url = inv.url

    # --- analyst: pseudonyms only, no reveal.
    ana = b.page_as("analyst")
    ana.goto(witness_url)
    expect(ana.locator("main")).to_contain_text("Your role sees pseudonyms only.")
    expect(ana.get_by_role("button", name="Reveal")).to_have_count(0)

    # --- investigator: reveal with a reason: a ledger event naming the user and the role.
    before = len(b.events("witness_revealed"))
    inv.get_by_placeholder(re.compile("reason in words")).fill("court order 7 of the district")
    inv.get_by_role("button", name="Reveal").click()
    expect(inv.locator("h1")).to_have_text("Witness W-031: identity")
    expect(inv.locator("dl.facts")).to_contain_text(WITNESS_NAME)
    expect(inv.locator("dl.facts")).to_contain_text("lives near the checkpoint")
    revealed = b.events("witness_revealed")
    assert len(revealed) == before + 1
    assert revealed[-1].actor == "web:investigator"
    assert "court order 7 of the district" in json.dumps(revealed[-1].data)
    seq = inv.locator("p.error").inner_text()
    assert re.search(r"ledger event #\d+", seq), seq
    b.shoot(inv, "witness-revealed")


def test_token_job_in_chromium(chromium: More) -> None:
    from playwright.sync_api import expect

    b = chromium
    admin = b.page_as("admin")
    admin.goto(f"{b.base}/jobs/users")
    admin.locator("select[name=user]").select_option("analyst")
    admin.get_by_label("What it is for").fill("nightly export")
    admin.get_by_role("button", name="Create the token").click()
    expect(admin.locator(".job-done")).to_contain_text("shown only this once")
    token = admin.locator("#new-token").inner_text().strip()
    assert token.startswith("cf_"), token
    made = b.last("api_token_created")
    assert made.actor == "web:admin" and token not in json.dumps(made.data)
    b.shoot(admin, "token-created")
    # The token works for a script (its user's role), and is listed by its first characters.
    got = httpx.get(f"{b.base}/api/items", headers={"Authorization": f"Bearer {token}"})
    assert got.status_code == 200, got.text[:300]
    assert httpx.get(f"{b.base}/api/items").status_code in (401, 403)
    admin.goto(f"{b.base}/users")
    expect(admin.locator("main")).to_contain_text("nightly export")
    expect(admin.locator("main")).not_to_contain_text(token)


def test_no_script_errors_nothing_off_host(chromium: More) -> None:
    """Checked once more at the end of the module (and by the fixture on teardown)."""
    assert chromium.shots >= 12, chromium.shots
    assert not chromium.errors, chromium.errors
    assert not chromium.off_host, chromium.off_host
