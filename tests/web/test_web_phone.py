"""Phone width (issue 28): every page usable at 390 px in real headless Chromium.

On a workspace with an incident, evidence, a victim registry with pairs to review, an estimate
and a witness (the stages tests' data), each main page and each job form is opened at 390x844
as an admin. For each page: the page itself never scrolls sideways
(``documentElement.scrollWidth <= innerWidth``; a wide data table may scroll inside its own
box), and every visible button and submit control lies within the screen's width. The lists of
items, sources, victims and incidents, a person's records, an incident's toll and evidence are
read as stacked rows (label: value, no table scrolling sideways in its box), each row's cells
within the screen and no row taller than a phone's half screen. Screenshots go to
artifacts/web/phone-*.png.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from live_server import launch, need_chromium, serve
from test_web_stages import Stages, _build
from web_helpers import PASSWORD

from casefile.vault.workspace import Workspace
from casefile.web.app import create_app

SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "web"
PHONE = {"width": 390, "height": 844}
HEADER_MAX = 200

# What overflows the screen: the page's own width, and each visible control that reaches past
# either edge of the screen (controls inside a box that scrolls sideways count only if the box
# itself is off screen: the reader can scroll the box, not the page).
MEASURE = """() => {
  // 390: with a mobile viewport, innerWidth grows to fit a page that is too wide.
  const w = Math.min(window.innerWidth, document.documentElement.clientWidth, 390);
  const top = document.querySelector('header.top');
  const out = {width: w, scroll: document.documentElement.scrollWidth, controls: [], wide: [],
               header: top ? top.getBoundingClientRect().height : 0};
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (typeof el.className === 'string' && el.className.trim()
       ? '.' + el.className.trim().split(/\\s+/).join('.') : '')
    + (el.textContent ? ' "' + el.textContent.trim().slice(0, 30) + '"' : '')
    + (el.name ? ' [' + el.name + ']' : '');
  const box = (el) => {
    for (let p = el.parentElement; p; p = p.parentElement) {
      const ox = getComputedStyle(p).overflowX;
      if (ox === 'auto' || ox === 'scroll') return p;
    }
    return null;
  };
  const sel = 'main button, main input[type=submit], main a.button, header button';
  for (const el of document.querySelectorAll(sel)) {
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height || getComputedStyle(el).visibility === 'hidden') continue;
    const scroller = box(el);
    const rr = scroller ? scroller.getBoundingClientRect() : r;
    if (rr.left < -1 || rr.right > w + 1 || r.left < -1 || (!scroller && r.right > w + 1))
      out.controls.push(name(el) + ' ' + Math.round(r.left) + '..' + Math.round(r.right));
  }
  if (out.scroll > w + 1) {
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.right > w + 1 && !box(el))
        out.wide.push(name(el).slice(0, 80) + ' ' + Math.round(r.right));
      if (out.wide.length > 12) break;
    }
  }
  return out;
}"""


# The lists that reflow as stacked rows at phone width: their table must not scroll sideways
# inside its box; each row stacks its cells (label: value) within the screen, none of them
# taller than ROW_MAX. For each table: (rows, box's scrollWidth, clientWidth, the tallest row,
# labelled cells, cells reaching off screen).
REFLOW = """(sel) => {
  const w = Math.min(window.innerWidth, document.documentElement.clientWidth, 390);
  return [...document.querySelectorAll(sel)].map((t) => {
    const rows = [...t.querySelectorAll('tbody tr')];
    const cells = rows.flatMap((r) => [...r.children])
      .filter((c) => c.getBoundingClientRect().height);
    return {
      rows: rows.length,
      scroll: t.scrollWidth, client: t.clientWidth,
      tallest: Math.max(0, ...rows.map((r) => r.getBoundingClientRect().height)),
      labelled: cells.filter((c) => getComputedStyle(c, '::before').content.includes(':')).length,
      cells: cells.length,
      off: cells.filter((c) => c.getBoundingClientRect().right > w + 1).length,
      head: t.tHead ? t.tHead.getBoundingClientRect().height : 0,
    };
  });
}"""
ROW_MAX = 420
LISTS = {
    "items": "main table.grid",
    "sources": "main table.grid",
    "victims": "main table.grid",
    "incidents": "main table.grid",
    "person": "main table.grid.compact",
    "incident": "main table.toll-table, main table.grid.compact",
    "witnesses": "main table.grid",
}


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Stages]]:
    need_chromium()
    pytest.importorskip("playwright")
    tmp = tmp_path_factory.mktemp("phone")
    ws = Workspace.init(tmp / "ws", None, actor="tester@test")
    os.environ["CASEFILE_WITNESS_KEY"] = str(tmp / "witness-kek")
    stages = _build(ws, tmp)
    with serve(create_app(ws)) as base:
        yield base, stages
    os.environ.pop("CASEFILE_WITNESS_KEY", None)
    ws.close()


def _pages(base: str, s: Stages, api: object) -> list[tuple[str, str]]:
    """(short name, path) of every main page and job form, with real ids filled in."""
    get = api.get  # type: ignore[attr-defined]
    doc = get(f"{base}/api/sources/{s.case.document_id}").json()
    fact = doc["facts"][0]["id"]
    person = get(f"{base}/api/victims", params={"per_page": 1}).json()["records"][0]["person_id"]
    inc, item = s.incident, s.case.image_sha
    return [
        ("home", "/"),
        ("items", "/items"),
        ("item-image", f"/items/{item}"),
        ("item-report", f"/items/{s.case.report_sha}"),
        ("upload", "/upload"),
        ("sources", "/sources"),
        ("reader", f"/sources/{s.case.document_id}"),
        ("fact", f"/facts/{fact}"),
        ("search", "/search?q=Bucha"),
        ("incidents", "/incidents"),
        ("incident", f"/incidents/{inc}"),
        ("map", "/map"),
        ("timeline", "/timeline"),
        ("victims", "/victims"),
        ("person", f"/victims/persons/{person}"),
        ("review", "/victims/review"),
        ("witnesses", "/witnesses"),
        ("witness", f"/witnesses/{s.witness_id}"),
        ("estimates", "/estimates"),
        ("ledger", "/ledger"),
        ("users", "/users"),
        ("jobs", "/jobs"),
        ("job-ingest", "/jobs/ingest"),
        ("job-capture", "/jobs/capture"),
        ("job-proposals", "/jobs/proposals"),
        ("job-incident-new", "/jobs/incidents/new"),
        ("job-incident-edit", f"/jobs/incidents/{inc}/edit"),
        ("job-figures", f"/jobs/incidents/{inc}/figures"),
        ("job-evidence", f"/jobs/incidents/{inc}/evidence"),
        ("job-claims", f"/jobs/incidents/{inc}/claims"),
        ("job-legal", f"/jobs/incidents/{inc}/legal"),
        ("job-merge", "/jobs/incidents/merge"),
        ("job-split", f"/jobs/incidents/{inc}/split"),
        ("job-fact-correct", f"/jobs/facts/{fact}/correct"),
        ("job-annotate", f"/jobs/items/{item}/annotate"),
        ("job-victims-import", "/jobs/victims/import"),
        ("job-victims-link", "/jobs/victims/link"),
        ("job-estimate", "/jobs/estimate"),
        ("job-estimate-explained", "/jobs/estimate/explained"),
        ("job-export", "/jobs/export"),
        ("job-verify-bag", "/jobs/verify-bag"),
        ("job-witness-new", "/jobs/witnesses/new"),
        ("job-statement-new", "/jobs/statements/new"),
        ("job-consent", "/jobs/witnesses/consent"),
        ("job-users", "/jobs/users"),
    ]


def test_every_page_fits_a_phone(served: tuple[str, Stages]) -> None:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    base, stages = served
    SHOTS.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    with sync_playwright() as pw:
        browser = launch(pw)
        context = browser.new_context(viewport=PHONE, device_scale_factor=1, is_mobile=True)
        pg = context.new_page()
        errors: list[str] = []
        pg.on("pageerror", lambda e: errors.append(str(e)))

        def check(short: str, path: str) -> None:
            resp = pg.goto(f"{base}{path}")
            assert resp is not None and resp.status == 200, (path, resp and resp.status)
            got = pg.evaluate(MEASURE)
            if got["scroll"] > got["width"] + 1:
                problems.append(f"{short} {path}: page {got['scroll']} px wide: {got['wide']}")
            if got["header"] > HEADER_MAX:  # the links wrap in rows, not one a line
                problems.append(f"{short} {path}: the header is {got['header']} px tall")
            if got["controls"]:
                problems.append(f"{short} {path}: off screen: {got['controls']}")
            if short in LISTS:
                tables = pg.evaluate(REFLOW, LISTS[short])
                if not tables or not all(t["rows"] for t in tables):
                    problems.append(f"{short} {path}: no list to reflow: {tables}")
                for t in tables:
                    if t["scroll"] > t["client"] + 1 or t["off"] or t["head"]:
                        problems.append(f"{short} {path}: the list is not stacked rows: {t}")
                    if t["tallest"] > ROW_MAX:
                        problems.append(f"{short} {path}: a row is {t['tallest']} px tall: {t}")
                    if t["labelled"] < t["cells"] / 2:
                        problems.append(f"{short} {path}: cells without their label: {t}")
            pg.screenshot(path=str(SHOTS / f"phone-{short}.png"), full_page=True)

        check("login", "/login")
        pg.fill("input[name=username]", "admin")
        pg.fill("input[name=password]", PASSWORD)
        pg.click("button[type=submit]")
        pg.wait_for_url(f"{base}/")
        for short, path in _pages(base, stages, pg.request):
            check(short, path)
        # A decision taken on the review queue: its buttons were the ones off screen.
        pg.goto(f"{base}/victims/review")
        pg.locator("section.proof input[name=reason]").first.fill("the same father's name")
        try:
            pg.locator("section.proof button[value=unsure]").first.click(timeout=5000)
            pg.wait_for_url(re.compile(r".*/victims/review\?done=\d+"))
            check("review-done", pg.url.removeprefix(base))
        except PlaywrightError as e:
            problems.append(f"review: the decision could not be clicked: {e.message[:300]}")
        browser.close()
    assert not errors, errors
    assert not problems, "\n".join(problems)
