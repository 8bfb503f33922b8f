"""Graphic images blurred until clicked, and near-duplicate images on the item page (issue 28).

A real SQLite workspace: a picture uploaded through the web form marked graphic, a resized
and recompressed copy of it and an unrelated picture added as from the command line. The item
pages list the copy and the original as near-duplicates (how close, with links), not the
unrelated one; graphic images are blurred with a button to show them; the annotate job sets
and clears the label. Then the same in headless Chromium: the blur is really applied and the
button really lifts it.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from live_server import launch, need_chromium, serve
from web_helpers import PASSWORD, WebCase, client_for, csrf_of, login, make_case

from casefile.vault.acquire import add_sources
from casefile.vault.catalog import GRAPHIC_TAG, item_view
from casefile.vault.phash import distance, phash_of
from casefile.vault.workspace import Workspace
from casefile.web.app import create_app

STATIC = Path(__file__).parents[2] / "src" / "casefile" / "web" / "static"


def _scene(path: Path, seed: int) -> Path:
    """A picture with structure (shapes on a gradient), different for each seed."""
    from PIL import Image, ImageDraw

    rnd = random.Random(seed)
    img = Image.new("RGB", (640, 480))
    draw = ImageDraw.Draw(img)
    for y in range(480):
        draw.line(
            [(0, y), (640, y)], fill=(y * 255 // 480, rnd.randrange(64), 255 - y * 255 // 480)
        )
    for _ in range(12):
        x0, y0 = rnd.randrange(640), rnd.randrange(480)
        box = [x0, y0, x0 + rnd.randrange(40, 320), y0 + rnd.randrange(40, 240)]
        colour = (rnd.randrange(256), rnd.randrange(256), rnd.randrange(256))
        (draw.ellipse if rnd.random() < 0.5 else draw.rectangle)(box, fill=colour)
    img.save(path, "PNG")
    return path


def _copy(src: Path, dest: Path) -> Path:
    from PIL import Image

    with Image.open(src) as img:
        img.convert("RGB").resize((400, 300)).save(dest, "JPEG", quality=55)
    return dest


@dataclass
class Pictures:
    case: WebCase
    original: str  # uploaded through the form, marked graphic
    copy: str  # a resized, recompressed copy of it
    other: str  # an unrelated picture
    clients: dict[str, httpx.Client]


@pytest.fixture(scope="module")
def pictures(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pictures]:
    tmp = tmp_path_factory.mktemp("graphic")
    ws = Workspace.init(tmp / "ws", None, actor="tester@test")
    case = make_case(ws, tmp)
    app = create_app(ws, max_upload=5 << 20)
    clients = {}
    for role in ("investigator", "viewer"):
        clients[role] = client_for(app)
        assert login(clients[role], role).status_code == 303
    original = _scene(tmp / "scene.png", seed=11)
    inv = clients["investigator"]
    r = inv.post(
        "/items/upload",
        data={"csrf": csrf_of(inv), "label": "street", "tags": "bucha", "graphic": "1"},
        files={"file": ("scene.png", original.read_bytes(), "image/png")},
        headers={"Accept": "application/json"},
    )
    assert r.status_code == 200, r.text
    [up] = r.json()["results"]
    copy = _copy(original, tmp / "scene-small.jpg")
    other = _scene(tmp / "other.png", seed=12)
    added = add_sources(ws, [str(copy), str(other)])
    yield Pictures(case, up["sha256"], added[0].sha256 or "", added[1].sha256 or "", clients)
    for c in clients.values():
        c.close()
    ws.close()


def _near_rows(html: str) -> str:
    found = re.search(r'<table class="grid near-duplicates">(.*?)</table>', html, re.S)
    return found.group(1) if found else ""


def test_the_upload_form_marks_an_item_graphic_and_it_is_shown_blurred(
    pictures: Pictures,
) -> None:
    ws = pictures.case.ws
    with ws.db.read() as conn:
        view = item_view(conn, pictures.original)
    assert GRAPHIC_TAG in view.tags and "bucha" in view.tags
    page = pictures.clients["investigator"].get(f"/items/{pictures.original}").text
    preview = page.split("<h2>Preview</h2>", 1)[1].split("</h2>", 1)[0]
    assert 'class="graphic-wrap"' in preview
    assert f'<img class="preview graphic-blur" src="/items/{pictures.original}/raw"' in preview
    assert '<button type="button" class="reveal-graphic"' in preview
    assert "show graphic image" in preview
    assert 'class="graphic-label">graphic</span>' in page
    # an item that is not graphic: a plain image
    other = pictures.clients["investigator"].get(f"/items/{pictures.other}").text
    assert f'<img class="preview" src="/items/{pictures.other}/raw"' in other
    assert "graphic-blur" not in other


def test_item_pages_list_near_duplicates_with_how_close_and_links(pictures: Pictures) -> None:
    inv = pictures.clients["investigator"]
    with pictures.case.ws.db.read() as conn:
        bits = distance(
            phash_of(conn, pictures.original) or "", phash_of(conn, pictures.copy) or ""
        )
    assert bits <= 8
    rows = _near_rows(inv.get(f"/items/{pictures.copy}").text)
    assert f'href="/items/{pictures.original}"' in rows
    assert f"{bits} of 64 bits differ" in rows or (bits == 0 and "the same hash" in rows)
    assert pictures.other not in rows
    # the original is graphic: its thumbnail on the copy's page is blurred too
    assert f'<img class="thumb graphic-blur" src="/items/{pictures.original}/raw"' in rows
    rows = _near_rows(inv.get(f"/items/{pictures.original}").text)
    assert f'href="/items/{pictures.copy}"' in rows and pictures.other not in rows
    assert f'<img class="thumb" src="/items/{pictures.copy}/raw"' in rows
    assert "No other item is near it." in inv.get(f"/items/{pictures.other}").text
    # a text item has no hash and no such section
    assert "Near-duplicates" not in inv.get(f"/items/{pictures.case.text_sha}").text
    api = inv.get(f"/api/items/{pictures.copy}").json()
    assert [(n["sha256"], n["distance"], n["graphic"]) for n in api["near_duplicates"]] == [
        (pictures.original, bits, True)
    ]
    assert api["graphic"] is False and len(api["phash"]) == 16


def test_a_viewer_sees_near_duplicates_without_images(pictures: Pictures) -> None:
    page = pictures.clients["viewer"].get(f"/items/{pictures.copy}").text
    rows = _near_rows(page)
    assert f'href="/items/{pictures.original}"' in rows
    assert "<img" not in rows


def test_the_annotate_job_sets_and_clears_graphic(pictures: Pictures) -> None:
    inv = pictures.clients["investigator"]
    url = f"/jobs/items/{pictures.other}/annotate"
    form = inv.get(url).text
    assert 'name="graphic"' in form and "checked" not in form.split('name="graphic"')[1][:20]
    token = csrf_of(inv)
    r = inv.post(url, data={"csrf": token, "graphic_box": "1", "graphic": "1"})
    assert r.status_code == 303, r.text
    page = inv.get(f"/items/{pictures.other}").text
    assert f'<img class="preview graphic-blur" src="/items/{pictures.other}/raw"' in page
    form = inv.get(url).text
    assert 'value="1" checked>' in form
    # a script that leaves the box out changes nothing about it
    r = inv.post(url, data={"csrf": token, "note": "checked the scene"})
    assert r.status_code == 303, r.text
    assert "graphic-blur" in inv.get(f"/items/{pictures.other}").text
    # the box cleared: the tag removed, an 'annotated' event like any other
    r = inv.post(url, data={"csrf": token, "graphic_box": "1"})
    assert r.status_code == 303, r.text
    assert "graphic-blur" not in inv.get(f"/items/{pictures.other}").text
    with pictures.case.ws.db.read() as conn:
        events = [
            e.event.data
            for e in pictures.case.ws.ledger.entries(conn, item=pictures.other)
            if e.event.kind == "annotated"
        ]
    assert events == [
        {"add_tags": [GRAPHIC_TAG]},
        {"note": "checked the scene"},
        {"remove_tags": [GRAPHIC_TAG]},
    ]
    # nothing ticked or typed: the core's refusal, as before
    r = inv.post(url, data={"csrf": token, "graphic_box": "1"})
    assert r.status_code == 400 and "nothing to annotate" in r.text


def test_the_static_files_blur_and_reveal() -> None:
    css = (STATIC / "app.css").read_text()
    js = (STATIC / "app.js").read_text()
    assert re.search(r"img\.graphic-blur \{ filter: blur\(", css)
    assert ".revealed img.graphic-blur { filter: none; }" in css
    assert 'querySelectorAll("button.reveal-graphic")' in js
    assert 'data.append("graphic", "1")' in js  # the upload form's box, sent by its script


# ---- in a real browser ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Workspace]]:
    need_chromium()
    tmp = tmp_path_factory.mktemp("graphic-browser")
    ws = Workspace.init(tmp / "ws", None, actor="tester@test")
    make_case(ws, tmp)
    with serve(create_app(ws)) as base:
        yield base, ws
    ws.close()


def test_in_the_browser_a_graphic_upload_is_blurred_until_clicked(
    served: tuple[str, Workspace], tmp_path: Path
) -> None:
    from playwright.sync_api import expect, sync_playwright

    base, _ws = served
    picture = _scene(tmp_path / "graphic-scene.png", seed=21)
    with sync_playwright() as pw:
        browser = launch(pw)
        try:
            page = browser.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(f"{base}/login?next=/upload")
            page.fill("input[name=username]", "investigator")
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit]")
            page.goto(f"{base}/upload")
            page.set_input_files("#file", str(picture))
            page.check("input[name=graphic]")
            page.click("#upload-form button[type=submit]")
            expect(page.locator("#upload-status")).to_contain_text("Stored 1 file")
            page.click(".uploaded-sha")
            img = page.locator("img.preview")
            expect(img).to_be_visible()
            assert "blur" in img.evaluate("e => getComputedStyle(e).filter")
            button = page.locator("button.reveal-graphic")
            expect(button).to_have_text("show graphic image")
            button.click()
            expect(button).to_have_text("blur again")
            assert img.evaluate("e => getComputedStyle(e).filter") == "none"
            button.click()
            assert "blur" in img.evaluate("e => getComputedStyle(e).filter")
            assert not errors, errors
        finally:
            browser.close()
