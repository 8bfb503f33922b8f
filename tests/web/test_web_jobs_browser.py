"""The jobs done in real headless Chromium (issue 28): through the forms, as the role the role
matrix requires for each (web/roles.py), on one workspace, one job after another.

Log in; ingest the seed report (investigator); confirm an incident it proposes; assess its
status; upload a photo and link it as evidence; add a figure and choose the best (analyst);
import four victim lists with the preview and the column mapping, run the linkage, run an
estimate (analyst) and read it in words (viewer); download a data export (investigator); add a
user (admin), who then logs in. After each step the page is checked for what it then shows,
and screenshot at desktop and phone width (artifacts/web/job-N-NAME-desktop|phone.png). No
page may raise a script error or log a console error, and nothing is fetched from anywhere
but the test server.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from live_server import SHOTS, launch, need_chromium, serve
from PIL import Image
from web_helpers import PASSWORD, SEED

from casefile.vault.workspace import Workspace
from casefile.web.accounts import add_user
from casefile.web.app import create_app
from casefile.web.schema import ROLES

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
SLOW = 60_000  # ms: the linkage and the estimate run within the request


@dataclass
class Browser:
    base: str
    browser: Any
    tmp: Path
    errors: list[str] = field(default_factory=list)
    off_host: list[str] = field(default_factory=list)
    shots: int = 0

    def page_as(self, name: str, password: str = PASSWORD) -> Any:
        """A new browser context (its own cookies), logged in through the form as ``name``."""
        from playwright.sync_api import expect

        context = self.browser.new_context(viewport=DESKTOP, accept_downloads=True)
        page = context.new_page()
        page.on("pageerror", lambda e: self.errors.append(f"{page.url}: {e}"))
        page.on(
            "console",
            lambda m: self.errors.append(f"{page.url}: {m.text}") if m.type == "error" else None,
        )
        page.on("request", self._request)
        page.goto(f"{self.base}/jobs")
        expect(page).to_have_url(re.compile(r"/login\?next=/jobs$"))
        page.get_by_label("User name").fill(name)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()
        expect(page).to_have_url(f"{self.base}/jobs")
        expect(page.locator("h1")).to_be_visible()
        return page

    def _request(self, request: Any) -> None:
        url = request.url
        if url.startswith(("http:", "https:", "ws:", "wss:")) and not url.startswith(
            self.base + "/"
        ):
            self.off_host.append(url)

    def shoot(self, page: Any, name: str) -> None:
        """The page as it is now, at desktop and at phone width."""
        self.shots += 1
        for width, size in (("desktop", DESKTOP), ("phone", PHONE)):
            page.set_viewport_size(size)
            page.screenshot(
                path=str(SHOTS / f"job-{self.shots:02d}-{name}-{width}.png"), full_page=True
            )
        page.set_viewport_size(DESKTOP)


@pytest.fixture(scope="module")
def chromium(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    need_chromium()
    pytest.importorskip("playwright")
    from playwright.sync_api import sync_playwright

    tmp = tmp_path_factory.mktemp("jobs-browser")
    ws = Workspace.init(tmp / "ws", None, actor="tester@test")
    for role in ROLES:
        add_user(ws, role, role, PASSWORD)
    SHOTS.mkdir(parents=True, exist_ok=True)
    for old in SHOTS.glob("job-*.png"):
        old.unlink()
    with serve(create_app(ws)) as base, sync_playwright() as pw:
        browser = launch(pw)
        try:
            yield Browser(base, browser, tmp)
        finally:
            browser.close()
    ws.close()


def test_the_jobs_in_chromium(chromium: Browser) -> None:
    from playwright.sync_api import expect

    b = chromium
    base = b.base

    # --- investigator: ingest a report; its proposed incidents; confirm one.
    inv = b.page_as("investigator")
    inv.get_by_role("link", name=re.compile("Ingest a report", re.I)).first.click()
    expect(inv).to_have_url(f"{base}/jobs/ingest")
    inv.get_by_label("Report files").set_input_files(str(SEED))
    inv.get_by_label("Published on").fill("2022-04-04")
    inv.get_by_role("button", name="Ingest").click()
    expect(inv.locator("h1")).to_have_text("Ingested", timeout=SLOW)
    expect(inv.locator("table.grid").first).to_contain_text(SEED.name)
    confirm = inv.get_by_role("button", name="Confirm as incident")
    expect(confirm.first).to_be_visible()
    b.shoot(inv, "ingested")

    inv.get_by_role("link", name="every proposed incident").click()
    expect(inv.locator("h1")).to_have_text("Proposed incidents")
    row = inv.locator("tbody tr").filter(has=inv.get_by_role("button", name="Confirm as incident"))
    row.first.get_by_placeholder("title (optional)").fill("Killings on Yablunska Street")
    row.first.get_by_role("button", name="Confirm as incident").click()
    expect(inv).to_have_url(re.compile(r"/incidents/\d+\?created=1"))
    expect(inv.locator("h1")).to_have_text("Killings on Yablunska Street")
    expect(inv.locator("dl.facts dd").first).to_have_text(re.compile(r"· reported$"))
    incident = re.search(r"/incidents/(\d+)", inv.url).group(1)  # type: ignore[union-attr]
    b.shoot(inv, "incident-confirmed")

    # --- investigator: a status step (reported -> corroborated), with reasoning.
    inv.get_by_role("link", name="change or assess").click()
    expect(inv.locator("h1")).to_contain_text(f"Change incident {incident}")
    inv.locator("select[name=status]").select_option("corroborated")
    inv.get_by_label(re.compile("^Reasoning")).fill(
        "Two independent reports name the same street and the same days."
    )
    inv.get_by_role("button", name="Record the assessment").click()
    expect(inv).to_have_url(re.compile(rf"/incidents/{incident}\?version=\d+"))
    expect(inv.locator("dl.facts dd").first).to_have_text(re.compile(r"· corroborated$"))
    expect(inv.locator("dl.facts")).to_contain_text("2 (2 in its history)")
    b.shoot(inv, "incident-assessed")

    # --- investigator: upload a photo, then link it to the incident as evidence.
    photo = b.tmp / "yablunska-street.png"
    Image.new("RGB", (64, 48), (120, 140, 90)).save(photo)
    inv.goto(f"{base}/upload")
    inv.set_input_files("#file", str(photo))
    expect(inv.locator("#chosen li")).to_contain_text(photo.name)
    inv.get_by_role("button", name="Upload").click()
    expect(inv.locator("#upload-status")).to_contain_text("Stored 1 file")
    sha = inv.locator(".uploaded-sha").inner_text()
    assert re.fullmatch(r"[0-9a-f]{64}", sha), sha
    b.shoot(inv, "uploaded")

    inv.goto(f"{base}/incidents/{incident}")
    inv.get_by_role("link", name="link evidence").click()
    expect(inv.locator("h1")).to_contain_text(f"Evidence of incident {incident}")
    recent = inv.locator("select[name=recent]")
    recent.select_option(recent.locator("option", has_text=photo.name).get_attribute("value"))
    inv.get_by_label("What it shows (required)").fill("Bodies on the street near the church")
    inv.get_by_role("button", name="Link to the incident").click()
    expect(inv.locator(".job-done")).to_contain_text("Linked (link")
    linked = inv.locator("table.grid tbody tr").filter(has_text=photo.name)
    expect(linked).to_contain_text("Bodies on the street near the church")
    expect(linked.get_by_role("link", name=photo.name)).to_have_attribute("href", f"/items/{sha}")
    b.shoot(inv, "evidence-linked")

    # --- analyst: the toll history; choose the best figure.
    ana = b.page_as("analyst")
    ana.goto(f"{base}/incidents/{incident}")
    ana.get_by_role("link", name="record figures, choose the best").click()
    expect(ana.locator("h1")).to_contain_text(f"Toll of incident {incident}")
    # Confirming the proposal put the report's figures of the incident in its toll; the
    # report's other figures are offered to tick.
    candidate = ana.locator("fieldset input[name=fact]").first
    expect(candidate).to_be_visible()
    candidate.check()
    ana.get_by_role("button", name="Add to the toll history").click()
    expect(ana.locator(".job-done")).to_have_text("1 figure(s) added to the toll history.")
    choose = ana.locator("tbody tr").filter(has=ana.get_by_role("button", name="Choose as best"))
    expect(choose.first).to_be_visible()
    figure = choose.first.locator("input[name=figure]").get_attribute("value")
    choose.first.get_by_placeholder(re.compile("why this is the best figure")).fill(
        "the latest count, from the report itself"
    )
    choose.first.get_by_role("button", name="Choose as best").click()
    expect(ana.locator(".job-done")).to_contain_text(f"Figure {figure} recorded as the best")
    expect(ana.locator("tbody")).to_contain_text("★ best")
    b.shoot(ana, "figure-best")

    # --- analyst: four victim lists, the first with its mapping changed; then the linkage.
    from casefile.people.synthetic import generate, write_csv

    lists = generate(60, seed=5).lists
    for n, (name, rows) in enumerate(lists.items()):
        f = b.tmp / f"{name}.csv"
        write_csv(rows, f)
        ana.goto(f"{base}/jobs/victims/import")
        ana.get_by_label("The list").set_input_files(str(f))
        ana.get_by_label("Its name (source)").fill(name)
        ana.get_by_label("Year of the events").fill("2022")
        ana.get_by_role("button", name="Preview").click()
        expect(ana.locator(".job-done")).to_contain_text(f"{len(rows)} rows can be imported")
        if n == 0:
            expect(ana.locator("h1")).to_contain_text(f"preview as “{name}”")
            truth = ana.get_by_label("field for column truth")
            expect(truth).to_have_value("extra")  # not a field it knows: kept as it is
            truth.select_option("notes")
            ana.get_by_role("button", name="Preview again with this mapping").click()
            expect(ana.get_by_label("field for column truth")).to_have_value("notes")
            expect(ana.locator(".job-done")).to_contain_text(f"{len(rows)} rows can be imported")
            b.shoot(ana, "victims-preview")
        ana.get_by_role("button", name=f"Import {len(rows)} rows").click()
        expect(ana.locator("h1")).to_have_text(f"Imported: {name}")
        expect(ana.locator(".job-done")).to_contain_text(f"{len(rows)} rows imported as {name}")
        if n == 0:
            b.shoot(ana, "victims-imported")

    ana.get_by_role("link", name="run the linkage").click()
    expect(ana.locator("h1")).to_contain_text("Link the victim lists")
    for name in lists:
        expect(ana.locator("table.grid")).to_contain_text(name)
    ana.get_by_role("button", name="Run the linkage").click()
    expect(ana.locator(".job-done")).to_contain_text("persons", timeout=SLOW)
    expect(ana.locator(".job-done")).to_contain_text(f"{sum(map(len, lists.values()))} records")
    b.shoot(ana, "linked")

    # --- analyst: an estimate from the linked lists.
    ana.goto(f"{base}/jobs/estimate")
    ana.locator("input[name=method][value=loglinear]").check()
    ana.get_by_role("button", name="Estimate").click()
    expect(ana.locator(".job-done")).to_have_text("Estimated and stored.", timeout=SLOW)
    expect(ana.locator("main")).to_contain_text("log-linear models")
    b.shoot(ana, "estimated")

    # --- viewer: the estimate in words, from the estimates page.
    viewer = b.page_as("viewer")
    viewer.goto(f"{base}/estimates")
    viewer.locator("a[href^='/jobs/estimate/explained?run=']").first.click()
    expect(viewer.locator("h1")).to_have_text("The estimate in words")
    expect(viewer.locator("main")).to_contain_text("log-linear models")
    for name in lists:
        expect(viewer.locator("main")).to_contain_text(f"{name} (")
    b.shoot(viewer, "estimate-explained")

    # --- investigator: download the data of the incident; the ZIP holds CSVs.
    inv.goto(f"{base}/jobs/export")
    inv.locator("input[name=kind][value=data]").check()
    inv.locator("input[name=scope][value=incident]").check()
    inv.get_by_label("incident", exact=True).select_option(incident)
    with inv.expect_download() as got:
        inv.get_by_role("button", name="Export and download").click()
    download = got.value
    assert download.failure() is None
    assert download.suggested_filename.endswith(".zip"), download.suggested_filename
    saved = b.tmp / download.suggested_filename
    download.save_as(saved)
    names = zipfile.ZipFile(saved).namelist()
    assert any(n.endswith(".csv") for n in names), names
    # the page stays: once the download started, the form is ready for another export
    expect(inv.get_by_role("button", name="Export and download")).to_be_enabled()
    b.shoot(inv, "exported")

    # --- admin: add a user, who then logs in.
    admin = b.page_as("admin")
    admin.goto(f"{base}/jobs/users")
    admin.get_by_label("Name").fill("new.analyst")
    admin.get_by_label("Role").select_option("analyst")
    admin.get_by_label("Password", exact=True).fill("a new long password")
    admin.get_by_label("The password again").fill("a new long password")
    admin.get_by_role("button", name="Create the user").click()
    expect(admin.locator(".job-done")).to_contain_text("Created user new.analyst (analyst)")
    admin.goto(f"{base}/users")
    expect(admin.locator("main")).to_contain_text("new.analyst")
    b.shoot(admin, "user-added")
    newcomer = b.page_as("new.analyst", "a new long password")
    expect(newcomer.locator("main")).to_contain_text("Import a victim list")

    assert not b.errors, b.errors
    assert not b.off_host, b.off_host
