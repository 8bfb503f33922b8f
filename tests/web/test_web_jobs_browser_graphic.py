"""The graphic-content label done in real headless Chromium (issue 28), through the annotate
form, as the roles of the role matrix (web/roles.py: 'items.annotate' is an investigator's or
an admin's; 'items.raw', the image itself, every staff role's; a viewer sees no contents).

An investigator opens a photo (shown plain), ticks "graphic content" on the form with a note
saying why, and records it: the ledger holds an 'annotated' event under the investigator's
name with the same data as `casefile annotate --tag graphic --note …` writes, the ledger page
shows it, and the item page now shows the photo blurred with a button to see it. An analyst
(the lowest role that sees images) sees it blurred, clicks to see it (the blur really lifted,
by the computed style) and to blur it again, and gets no form: no link, the form's address
refused (403) and a forged post refused, nothing changed. A viewer sees no image at all, the
label in words, and no form either. Each page is screenshot at desktop and phone width
(artifacts/web/graphic-NN-NAME-desktop|phone.png). No page may raise a script error or log
a console error beyond the refusals expected, and nothing is fetched but the test server.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from live_server import SHOTS, launch, need_chromium, serve
from test_web_graphic import _scene
from test_web_jobs_browser import DESKTOP, PHONE, Browser
from web_helpers import PASSWORD

from casefile.vault.acquire import add_sources
from casefile.vault.catalog import GRAPHIC_TAG, item_view
from casefile.vault.workspace import Workspace
from casefile.web.accounts import add_user
from casefile.web.app import create_app
from casefile.web.schema import ROLES

NOTE = "Bodies of two men in the street: shown blurred to spare readers."


class Graphic(Browser):
    """The walkthrough's browser, its screenshots named graphic-NN-…, and the workspace."""

    ws: Workspace
    photo: str  # labelled graphic through the form
    other: str  # labelled graphic by the command line, to compare the events

    def shoot(self, page: Any, name: str) -> None:
        self.shots += 1
        for width, size in (("desktop", DESKTOP), ("phone", PHONE)):
            page.set_viewport_size(size)
            page.screenshot(
                path=str(SHOTS / f"graphic-{self.shots:02d}-{name}-{width}.png"), full_page=True
            )
        page.set_viewport_size(DESKTOP)

    def annotated(self, sha: str) -> list[Any]:
        with self.ws.db.read() as conn:
            return [
                e.event
                for e in self.ws.ledger.entries(conn, item=sha)
                if e.event.kind == "annotated"
            ]

    def tags(self, sha: str) -> list[str]:
        with self.ws.db.read() as conn:
            return list(item_view(conn, sha).tags)

    def expected_refusal(self, path: str, status: int) -> None:
        """A refusal is a page with an HTTP error status, which Chromium logs: expected, once."""
        logged = [e for e in self.errors if f"{path}: Failed to load" in e]
        assert len(logged) == 1 and f"status of {status}" in logged[0], self.errors
        self.errors.remove(logged[0])


@pytest.fixture(scope="module")
def chromium(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Graphic]:
    need_chromium()
    pytest.importorskip("playwright")
    from playwright.sync_api import sync_playwright

    tmp = tmp_path_factory.mktemp("jobs-browser-graphic")
    ws = Workspace.init(tmp / "ws", None, actor="tester@test")
    for role in ROLES:
        add_user(ws, role, role, PASSWORD)
    photo, other = add_sources(
        ws, [str(_scene(tmp / "street.png", seed=31)), str(_scene(tmp / "yard.png", seed=32))]
    )
    assert photo.sha256 and other.sha256
    SHOTS.mkdir(parents=True, exist_ok=True)
    for old in SHOTS.glob("graphic-*.png"):
        old.unlink()
    with serve(create_app(ws)) as base, sync_playwright() as pw:
        browser = launch(pw)
        try:
            b = Graphic(base, browser, tmp)
            b.ws, b.photo, b.other = ws, photo.sha256, other.sha256
            yield b
        finally:
            browser.close()
    ws.close()


def _filter(img: Any) -> str:
    return str(img.evaluate("e => getComputedStyle(e).filter"))


def test_the_graphic_label_in_chromium(chromium: Graphic) -> None:
    from playwright.sync_api import expect
    from typer.testing import CliRunner

    from casefile.cli.main import app

    b = chromium
    base, sha = b.base, b.photo

    # --- investigator: the photo is shown plain, with a link to describe it anew.
    inv = b.page_as("investigator")
    inv.goto(f"{base}/items/{sha}")
    expect(inv.locator("h1")).to_have_text("Evidence item")
    img = inv.locator("img.preview")
    expect(img).to_be_visible()
    expect(img).not_to_have_class(re.compile("graphic-blur"))
    assert _filter(img) == "none"
    expect(inv.locator("button.reveal-graphic")).to_have_count(0)
    expect(inv.locator(".graphic-label")).to_have_count(0)
    b.shoot(inv, "item-plain")

    inv.get_by_role("link", name="Describe it anew").click()
    expect(inv).to_have_url(f"{base}/jobs/items/{sha}/annotate")
    expect(inv.locator("h1")).to_have_text(f"Describe item {sha[:12]} anew")
    box = inv.get_by_role("checkbox", name=re.compile(r"^graphic content"))
    expect(box).not_to_be_checked()
    box.check()
    inv.get_by_label("A note").fill(NOTE)
    b.shoot(inv, "annotate-form")
    inv.get_by_role("button", name="Record").click()

    # back on the item: blurred, with the button and the label in words
    expect(inv).to_have_url(f"{base}/items/{sha}")
    img = inv.locator(".graphic-wrap img.preview")
    expect(img).to_have_class(re.compile(r"\bgraphic-blur\b"))
    expect(img).to_have_attribute("alt", re.compile(r"\(graphic content, blurred\)$"))
    assert "blur(" in _filter(img)
    button = inv.locator(".graphic-wrap button.reveal-graphic")
    expect(button).to_have_text("show graphic image")
    expect(button).to_have_attribute("aria-pressed", "false")
    expect(inv.locator("dl.facts .graphic-label")).to_have_text("graphic")
    expect(inv.get_by_role("heading", name="Notes")).to_be_visible()
    expect(inv.locator("ul li").filter(has_text=NOTE)).to_contain_text("web:investigator")
    b.shoot(inv, "item-graphic")

    # the ledger: one 'annotated' event under the investigator's name, the tag and the note
    [event] = b.annotated(sha)
    assert event.actor == "web:investigator"
    assert event.item == sha
    assert event.data == {"add_tags": [GRAPHIC_TAG], "note": NOTE}
    assert GRAPHIC_TAG in b.tags(sha)
    # ... the same event the command line writes for the same job
    out = CliRunner().invoke(
        app,
        [
            *("--workspace", str(b.ws.root), "--actor", "cli@test"),
            *("annotate", b.other[:16], "--tag", GRAPHIC_TAG, "--note", NOTE),
        ],
    )
    assert out.exit_code == 0, out.output
    [cli] = b.annotated(b.other)
    assert (cli.kind, cli.item, cli.actor) == ("annotated", b.other, "cli@test")
    assert cli.data == event.data
    # ... and the ledger page shows it
    inv.goto(f"{base}/ledger?kind=annotated&item={sha[:16]}")
    expect(inv.locator("h1")).to_have_text("Custody ledger")
    rows = inv.locator("table.events tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first.locator(".kind")).to_have_text("annotated")
    expect(rows.first).to_contain_text("web:investigator")
    expect(rows.first).to_contain_text(GRAPHIC_TAG)
    expect(rows.first.get_by_role("link", name=sha[:12])).to_have_attribute("href", f"/items/{sha}")
    b.shoot(inv, "ledger-annotated")

    # the form shows the box ticked now
    inv.goto(f"{base}/jobs/items/{sha}/annotate")
    expect(inv.get_by_role("checkbox", name=re.compile(r"^graphic content"))).to_be_checked()
    expect(inv.locator("p.muted").first).to_contain_text(f"tags {GRAPHIC_TAG}")

    # --- analyst: sees the image (staff), blurred; clicks to see it and to blur it again.
    ana = b.page_as("analyst")
    ana.goto(f"{base}/items/{sha}")
    img = ana.locator(".graphic-wrap img.preview")
    expect(img).to_be_visible()
    assert img.evaluate("e => e.complete && e.naturalWidth") == 640  # the bytes were served
    assert "blur(" in _filter(img)
    b.shoot(ana, "analyst-blurred")
    button = ana.locator("button.reveal-graphic")
    button.click()
    expect(ana.locator(".graphic-wrap")).to_have_class(re.compile(r"\brevealed\b"))
    expect(button).to_have_text("blur again")
    expect(button).to_have_attribute("aria-pressed", "true")
    assert _filter(img) == "none"
    b.shoot(ana, "analyst-revealed")
    button.click()
    expect(ana.locator(".graphic-wrap")).not_to_have_class(re.compile(r"\brevealed\b"))
    expect(button).to_have_text("show graphic image")
    assert "blur(" in _filter(img)

    # ... and may not label: no link, the form refused, a forged post refused, nothing changed
    expect(ana.get_by_role("link", name="Describe it anew")).to_have_count(0)
    csrf = ana.locator("input[name=csrf]").first.get_attribute("value")
    assert csrf
    posted = ana.request.post(
        f"{base}/jobs/items/{sha}/annotate",
        form={"csrf": csrf, "graphic_box": "1", "note": "not graphic"},
        max_redirects=0,
    )
    assert posted.status == 403, posted.status
    path = f"/jobs/items/{sha}/annotate"
    response = ana.goto(f"{base}{path}")
    assert response is not None and response.status == 403
    expect(ana.locator("h1")).to_have_text("Not allowed")
    expect(ana.locator("form.job")).to_have_count(0)
    b.expected_refusal(path, 403)
    b.shoot(ana, "analyst-refused")
    assert len(b.annotated(sha)) == 1 and GRAPHIC_TAG in b.tags(sha)

    # --- viewer: no image at all (item contents are staff's), the label in words, no form.
    vie = b.page_as("viewer")
    vie.goto(f"{base}/items/{sha}")
    expect(vie.locator("dl.facts .graphic-label")).to_have_text("graphic")
    expect(vie.locator("img")).to_have_count(0)
    expect(vie.locator("button.reveal-graphic")).to_have_count(0)
    expect(vie.locator("main")).to_contain_text("your role does not see item contents")
    expect(vie.get_by_role("link", name="Describe it anew")).to_have_count(0)
    expect(vie.locator(f'a[href="/jobs/items/{sha}/annotate"]')).to_have_count(0)
    b.shoot(vie, "viewer-item")
    response = vie.goto(f"{base}{path}")
    assert response is not None and response.status == 403
    expect(vie.locator("form.job")).to_have_count(0)
    b.expected_refusal(path, 403)
    assert len(b.annotated(sha)) == 1

    for page in (inv, ana, vie):
        page.context.close()


def test_no_script_errors_nothing_off_host(chromium: Graphic) -> None:
    assert chromium.shots >= 8
    assert not chromium.errors, chromium.errors
    assert not chromium.off_host, chromium.off_host
    shots = sorted(p.name for p in Path(SHOTS).glob("graphic-*.png"))
    assert len(shots) == 2 * chromium.shots, shots
