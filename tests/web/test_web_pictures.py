"""The pictures (issue 28): the toll chart with values and sources, the estimate's posterior
with its interval and the documented count, the offline base map with incidents and geolocated
evidence; on a real SQLite workspace."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from live_server import SHOTS, launch, need_chromium, serve
from web_helpers import WebCase, client_for, login, make_case

from casefile.vault.workspace import Workspace
from casefile.web.app import create_app
from casefile.web.charts import toll_chart
from casefile.web.pictures import BASEMAP_URL, posterior_chart

MSE = Path(__file__).parents[1] / "data" / "mse"
STATIC = Path(__file__).parents[2] / "src" / "casefile" / "web" / "static"


@dataclass
class Pictures:
    case: WebCase
    incident: int
    client: httpx.Client


@pytest.fixture(scope="module")
def pics(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pictures]:
    from casefile.case.evidence import geolocate, link_item
    from casefile.case.figures import add_figures
    from casefile.case.incidents import create_incident

    tmp = tmp_path_factory.mktemp("pictures")
    ws = Workspace.init(tmp / "ws", None, actor="tester@test")
    case = make_case(ws, tmp)
    inc = create_incident(
        ws,
        "Killings of civilians in Bucha",
        "Bodies found after the withdrawal.",
        places=[{"name": "Bucha", "lat": 50.5436, "lon": 30.2128}],
        period_start="2022-03-01",
        period_end="2022-03-31",
    )
    add_figures(ws, inc, from_item=case.report_sha)
    link_item(ws, inc, case.image_sha, "a street in Bucha", kind="photo")
    geolocate(
        ws, case.image_sha, 50.5452, 30.2201, method="landmarks", note="the church and the rail"
    )
    app = create_app(ws)
    c = client_for(app)
    assert login(c, "viewer").status_code == 303
    yield Pictures(case, inc, c)
    c.close()
    ws.close()


def _save(ws: Workspace, method: str, patterns: Path) -> None:
    from casefile.estimate import read_patterns
    from casefile.estimate.api import estimate
    from casefile.estimate.store import preserve_input, save_run

    save_run(
        ws,
        [estimate(read_patterns(patterns), method)],
        input_kind="patterns",
        input_sha256=preserve_input(ws, patterns, f"{method} patterns"),
        lists=[],
        settings={"method": method},
    )


# -- the toll over time --


def test_toll_chart_labels_each_point_with_its_value_and_source(pics: Pictures) -> None:
    data = pics.client.get(f"/api/incidents/{pics.incident}").json()
    drawn = [t for t in data["toll_history"] if t["count"] is not None and t["date"]]
    assert drawn, data["toll_history"]
    page = pics.client.get(f"/incidents/{pics.incident}").text
    svg = page[page.index('<svg class="chart"') : page.index("</svg>")]
    for t in drawn:
        value = f"{t['count']:,}"
        # the value written at the point, and the point's tooltip naming its source
        assert re.search(rf">{re.escape(value)}<tspan", svg), value
        assert f"according to {t['source']}" in svg
    # the dates on the axis; the legend is dark text beside a coloured square, not grey
    assert 'class="axis tick-date"' in svg and "2022-04" in svg
    assert 'class="legend"' in svg and "#999" not in svg
    # the table under it numbers the points with their colours and names the sources
    table = page[page.index('class="grid toll-table"') :]
    assert 'class="swatch"' in table
    assert all(t["source"] in table for t in drawn)


def test_toll_chart_draws_a_month_as_a_span_and_numbers_points() -> None:
    toll = [
        {"category": "killed", "count": 20, "date": "2022-03", "source": "mayor", "item": "a"},
        {"category": "killed", "count": 340, "date": "2022-04-04", "source": "police"},
        {"category": "killed", "min": 410, "date": "2022-04-20", "source": "prosecutor"},
        {"category": "injured", "count": 7, "date": None, "source": "nobody"},
    ]
    ch = toll_chart(toll)
    [s] = ch["series"]
    month, day, _ = s["points"]
    assert month["spanned"] and month["x1"] - month["x0"] > 20  # the whole of March
    assert month["x0"] < month["x"] < month["x1"]
    assert not day["spanned"] and day["x0"] == day["x1"] == day["x"]
    assert [m["n"] if m else None for m in ch["marks"]] == [1, 2, 3, None]
    labels = [t["label"] for t in ch["ticks"]]
    assert labels[0] == "2022-03-01" and 3 <= len(labels) <= 5  # days over seven weeks
    long = toll_chart([{**toll[0], "date": "2022-02-24"}, {**toll[1], "date": "2022-09-30"}])
    assert [t["label"] for t in long["ticks"]] == ["2022-03", "2022-05", "2022-07", "2022-09"]
    assert s["colour"] not in ("#999", "#999999", "#888")


# -- the estimate's posterior --


def test_posterior_histogram_with_interval_and_documented_count(pics: Pictures) -> None:
    _save(pics.case.ws, "dga", MSE / "dga_example_madigan_york_3list.csv")
    data = pics.client.get("/api/estimates").json()
    row = data["latest"]["estimates"][0]
    post = row["diagnostics"]["posterior"]
    assert post["kind"] == "grid" and len(post["quantiles"]) == 201
    [chart] = data["latest"]["posteriors"]
    assert chart["kind"] == "histogram" and len(chart["bars"]) > 10
    shares = sum(b["share"] for b in chart["bars"])
    assert 95 <= shares <= 100.5  # the middle 99%
    assert chart["x_lo"] < chart["x_est"] < chart["x_hi"]
    page = pics.client.get("/estimates").text
    fig = page[page.index('<figure class="posterior"') : page.index("</figure>")]
    assert '<g class="hist">' in fig and 'class="band"' in fig
    assert f"documented {row['observed']:,}" in fig
    assert f"estimate {row['estimate']:,.0f}" in fig
    assert f"{row['lower']:,.0f}" in fig and f"{row['upper']:,.0f}" in fig
    assert "95% interval" in fig


def test_estimate_without_draws_is_a_whisker_over_the_documented_count(pics: Pictures) -> None:
    _save(pics.case.ws, "loglinear", MSE / "kosovo_1999.csv")
    data = pics.client.get("/api/estimates").json()
    row = data["latest"]["estimates"][0]
    assert row["method"] == "loglinear" and "posterior" not in row["diagnostics"]
    [chart] = data["latest"]["posteriors"]
    assert chart["kind"] == "whisker"
    assert chart["left"] < chart["x_obs"] < chart["x_lo"] < chart["x_est"] < chart["x_hi"]
    page = pics.client.get("/estimates").text
    fig = page[page.index('<figure class="posterior"') : page.index("</figure>")]
    assert 'class="docbar"' in fig and 'class="whisker"' in fig and 'class="band"' in fig
    assert f"documented {row['observed']:,}" in fig
    assert f"estimate {row['estimate']:,.0f}" in fig
    assert f"{row['lower']:,.0f}" in fig and f"{row['upper']:,.0f}" in fig


def test_posterior_chart_from_draw_quantiles_and_open_interval() -> None:
    from casefile.estimate.results import posterior_summary

    draws = [1000 + (i % 97) * 3 + (i % 13) for i in range(4000)]
    row = {
        "method": "lcmcr",
        "observed": 900,
        "estimate": 1150.0,
        "lower": 1010.0,
        "upper": 1290.0,
        "interval": 0.95,
        "diagnostics": {"posterior": posterior_summary(draws)},
    }
    ch = posterior_chart(row)
    assert ch is not None and ch["kind"] == "histogram" and ch["source"] == "draws"
    assert ch["x_obs"] < ch["x_lo"]  # the documented count left of the interval
    assert abs(sum(b["share"] for b in ch["bars"]) - 99) < 1.5
    open_row = {**row, "diagnostics": {}, "upper": None}
    wh = posterior_chart(open_row)
    assert wh is not None and wh["open_upper"] and wh["x_hi"] == wh["right"]
    assert posterior_chart({**row, "estimate": None}) is None


# -- the map --


def test_map_loads_the_vendored_base_map_with_incidents_and_evidence(pics: Pictures) -> None:
    page = pics.client.get("/map").text
    assert f'data-basemap="{BASEMAP_URL}"' in page and "Natural Earth" in page
    assert "1 geolocated evidence item" in page
    base = pics.client.get(BASEMAP_URL)
    assert base.status_code == 200 and len(base.content) < 300_000
    countries = json.loads(base.content)
    names = {f["properties"]["name"] for f in countries["features"]}
    assert {"Ukraine", "Poland", "Russia", "Belarus", "Moldova", "Brazil"} <= names
    assert (STATIC / "basemap" / "LICENSE.txt").read_text().count("Natural Earth") >= 1
    geo = pics.client.get("/api/map").json()
    kinds = {f["properties"]["kind"]: f for f in geo["features"]}
    incident, evidence = kinds["incident"], kinds["evidence"]
    assert incident["properties"]["incident"] == pics.incident
    assert incident["geometry"]["coordinates"] == [30.2128, 50.5436]
    assert evidence["properties"]["item"] == pics.case.image_sha
    assert evidence["geometry"]["coordinates"] == [30.2201, 50.5452]
    assert evidence["properties"]["method"] == "landmarks"
    assert evidence["properties"]["incidents"] == [pics.incident]
    labels = {p["name"]: p for p in geo["labels"]}
    assert "Kyiv" in labels and "Kharkiv" in labels and "Tokyo" in labels
    assert all(p["population"] >= 50_000 for p in geo["labels"])
    js = pics.client.get("/static/map.js").text
    assert "dataset.basemap" in js and "/items/" in js and "/incidents/" in js


# -- in a real browser (skipped without Chromium) --


def test_pictures_in_the_browser(pics: Pictures) -> None:
    """The map draws the base map's countries, the city labels and both kinds of markers with no
    network; screenshots of the three pictures go to artifacts/web/."""
    need_chromium()
    pytest.importorskip("playwright")
    from playwright.sync_api import expect, sync_playwright
    from web_helpers import PASSWORD

    from casefile.estimate.store import latest_run

    with pics.case.ws.db.read() as conn:
        if latest_run(conn) is None:
            _save(pics.case.ws, "dga", MSE / "dga_example_madigan_york_3list.csv")
    shots = SHOTS
    shots.mkdir(parents=True, exist_ok=True)
    errors: list[str] = []
    outside: list[str] = []
    with serve(create_app(pics.case.ws)) as base, sync_playwright() as pw:
        browser = launch(pw)
        pg = browser.new_page(viewport={"width": 1200, "height": 900})
        pg.on("pageerror", lambda e: errors.append(str(e)))
        pg.on("request", lambda r: None if r.url.startswith(base) else outside.append(r.url))
        pg.goto(f"{base}/login")
        pg.fill("input[name=username]", "viewer")
        pg.fill("input[name=password]", PASSWORD)
        pg.click("button[type=submit]")
        pg.goto(f"{base}/map")
        # the countries (one path each), the evidence marker and the incident's circle
        # (a locator, not wait_for_function: its polling evaluates a string, which the page's
        # Content-Security-Policy forbids, so it failed whenever the map was slow to draw)
        expect(pg.locator(".leaflet-overlay-pane path").nth(100)).to_be_attached()
        expect(pg.locator(".leaflet-marker-icon")).to_have_count(1)
        expect(pg.locator(".place-label").first).to_be_visible()
        pg.locator(".leaflet-marker-icon").click()
        expect(pg.locator(".leaflet-popup-content a").first).to_have_attribute(
            "href", f"/items/{pics.case.image_sha}"
        )
        pg.screenshot(path=str(shots / "pictures-map.png"))
        pg.goto(f"{base}/incidents/{pics.incident}")
        pg.locator("figure.toll-chart").screenshot(path=str(shots / "pictures-toll.png"))
        pg.goto(f"{base}/estimates")
        pg.locator("figure.posterior").first.screenshot(path=str(shots / "pictures-estimate.png"))
        browser.close()
    assert not errors, errors
    assert not outside, outside  # nothing fetched from anywhere else: it works offline
