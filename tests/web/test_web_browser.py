"""The web app in real headless Chromium (Debian's package, driven by Playwright): log in,
upload a file, see its hash, verify it, read a report with its facts highlighted, search.
Screenshots of the main pages go to artifacts/web/ at the repository root.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from live_server import SHOTS, launch, need_chromium, serve
from web_helpers import PASSWORD, WebCase, make_case

from casefile.vault.workspace import Workspace
from casefile.web.app import create_app


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, WebCase]]:
    need_chromium()
    tmp = tmp_path_factory.mktemp("browser")
    ws = Workspace.init(tmp / "ws", None, actor="tester@test")
    case = make_case(ws, tmp)
    from casefile.case.incidents import create_incident

    for title, place, lat, lon, day, end, status in (
        ("Killings of civilians in Bucha", "Bucha", 50.5436, 30.2128, "2022-03-05", "2022-03-30",
         "corroborated"),
        ("Shelling of the Irpin bridge crossing", "Irpin", 50.5218, 30.2506, "2022-03-06", None,
         "reported"),
        ("Strike on the drama theatre", "Mariupol", 47.0951, 37.5494, "2022-03-16", None,
         "verified"),
    ):  # fmt: skip
        create_incident(
            ws,
            title,
            places=[{"name": place, "lat": lat, "lon": lon}],
            period_start=day,
            period_end=end,
            status=status,
        )
    with serve(create_app(ws, max_upload=5 << 20)) as base:
        yield base, case
    ws.close()


@pytest.fixture(scope="module")
def page(served: tuple[str, WebCase]) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = launch(pw)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        pg = context.new_page()
        yield pg
        context.close()
        browser.close()


def test_a_day_in_the_browser(page: object, served: tuple[str, WebCase], tmp_path: Path) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    base, case = served
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    # Log in (redirected there from a protected page).
    page.goto(f"{base}/items")
    expect(page).to_have_url(f"{base}/login?next=/items")
    page.fill("input[name=username]", "investigator")
    page.fill("input[name=password]", PASSWORD)
    page.screenshot(path=str(SHOTS / "01-login.png"))
    page.click("button[type=submit]")
    expect(page.locator("h1")).to_have_text("Evidence items")
    page.goto(f"{base}/")
    expect(page.locator(".card").first).to_be_visible()
    page.screenshot(path=str(SHOTS / "02-dashboard.png"), full_page=True)

    # Upload a file with the JS form (progress, results) and see its hash.
    sample = tmp_path / "field-report.txt"
    sample.write_text("Field report: shelling of the market at 10:40, three wounded.\n")
    sha = hashlib.sha256(sample.read_bytes()).hexdigest()
    page.goto(f"{base}/upload")
    page.set_input_files("#file", str(sample))
    expect(page.locator("#chosen li")).to_contain_text("field-report.txt")
    page.fill("input[name=tags]", "market, field")
    page.click("#upload-form button[type=submit]")
    expect(page.locator(".uploaded-sha")).to_have_text(sha)
    expect(page.locator("#upload-status")).to_contain_text("Stored 1 file")
    page.screenshot(path=str(SHOTS / "03-upload.png"), full_page=True)
    page.click(".uploaded-sha")
    expect(page.locator("#sha256")).to_have_text(sha)
    expect(page.locator("pre.preview")).to_contain_text("shelling of the market")
    page.screenshot(path=str(SHOTS / "04-item.png"), full_page=True)

    # Verify it: the bytes and every custody event, with inclusion proofs.
    page.click("#verify")
    expect(page.locator("#verify-result")).to_contain_text("OK: the bytes match the hash")
    expect(page.locator("section.proof").first).to_be_visible()
    page.screenshot(path=str(SHOTS / "05-verify.png"), full_page=True)

    # A report with its facts highlighted; clicking one shows it in the list.
    page.goto(f"{base}/sources/{case.document_id}")
    marks = page.locator("mark.fact")
    assert marks.count() > 5
    marks.first.click()
    expect(page.locator(".fact-card.active").first).to_be_visible()
    page.screenshot(path=str(SHOTS / "06-source-facts.png"), full_page=False)

    # Search across sources and items.
    page.goto(f"{base}/search")
    page.fill("input[name=q]", "market")
    page.press("input[name=q]", "Enter")
    expect(page.locator("ol.hits li").first).to_contain_text("item")
    expect(page.locator("ol.hits mark").first).to_be_visible()
    page.goto(f"{base}/search?q=Bucha")
    expect(page.locator("ol.hits a[href^='/sources/']").first).to_be_visible()
    page.screenshot(path=str(SHOTS / "07-search.png"), full_page=True)

    page.goto(f"{base}/ledger")
    expect(page.locator("table.grid")).to_contain_text("verified")
    page.screenshot(path=str(SHOTS / "08-ledger.png"), full_page=False)
    page.goto(f"{base}/map")
    expect(page.locator("path.leaflet-interactive")).to_have_count(3)  # the three markers
    page.screenshot(path=str(SHOTS / "09-map.png"), full_page=False)
    # The graphical timeline, reached from the map: bars per day, one lane per incident.
    page.click("main a[href='/timeline']")
    expect(page.locator("#timeline-histogram g.bin rect[fill='#2f9b4e']")).to_have_count(1)
    expect(page.locator("#timeline-lanes g.lane")).to_have_count(3)
    page.screenshot(path=str(SHOTS / "11-timeline.png"), full_page=True)
    # A bar narrows the view to its day: only the Mariupol strike (16 March) and Bucha (5-30).
    page.click("#timeline-histogram a:has(title:text-matches('2022-03-16'))")
    expect(page.locator("#timeline-lanes g.lane")).to_have_count(2)
    expect(page.locator("ol.timeline")).to_contain_text("drama theatre")
    expect(page.locator("ol.timeline")).not_to_contain_text("Irpin")
    for extra in ("incidents", "timeline", "victims", "witnesses", "estimates"):
        page.goto(f"{base}/{extra}")
        page.screenshot(path=str(SHOTS / f"10-{extra}.png"), full_page=False)
    assert not [e for e in errors if "favicon" not in e], errors
