"""The graphical timeline of incidents (/timeline and its JSON twin /api/timeline)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from web_helpers import WebCase

from casefile.case.incidents import create_incident


@pytest.fixture(scope="module")
def incidents(web_case: WebCase) -> list[int]:
    made = []
    for title, day, end, status in (
        ("Shelling of the market", "2022-03-01", None, "reported"),
        ("Siege of the hospital", "2022-03-03", "2022-03-20", "corroborated"),
        ("Strike on the station", "2022-04-08", None, "verified"),
        ("Convoy fired on", "2022-06-15", None, "reported"),
        ("Report without a date", None, None, "reported"),
    ):
        made.append(
            create_incident(web_case.ws, title, period_start=day, period_end=end, status=status)
        )
    return made


def test_timeline_json_has_histogram_and_lanes(
    incidents: list[int], clients: dict[str, httpx.Client]
) -> None:
    d: Any = clients["viewer"].get("/api/timeline").json()
    h = d["histogram"]
    assert h["unit"] == "week"  # 1 March to 15 June: more than two months, less than a year
    assert h["first"] == "2022-03-01" and h["last"] == "2022-06-15"
    assert h["undated"] == 1
    assert sum(b["count"] for b in h["bins"]) + h["undated"] == d["paging"]["total"] == 5
    # Bars are stacked by status inside the plot, and never wider than their slot.
    for b in h["bins"]:
        assert sum(p["count"] for p in b["parts"]) == b["count"]
        for p in b["parts"]:
            assert h["top"] - 0.1 <= p["y"] and p["y"] + p["height"] <= h["baseline"] + 0.1
    xs = [b["x"] for b in h["bins"]]
    assert xs == sorted(xs)
    lanes = d["lanes"]["rows"]
    assert {r["id"] for r in lanes} == set(incidents[:4])  # the undated one has no bar
    siege = next(r for r in lanes if r["id"] == incidents[1])
    market = next(r for r in lanes if r["id"] == incidents[0])
    assert siege["end"] == "2022-03-20" and siege["width"] > market["width"] * 10


def test_timeline_period_filter(incidents: list[int], clients: dict[str, httpx.Client]) -> None:
    d = clients["analyst"].get("/api/timeline?from=2022-03-10&to=2022-04-30").json()
    ids = {i["id"] for i in d["incidents"]}
    # The siege (3-20 March) overlaps the period; the market (1 March) and June do not.
    assert ids == {incidents[1], incidents[2]}
    assert d["histogram"]["unit"] == "day"
    html = clients["analyst"].get("/timeline?from=2022-03-10&to=2022-04-30").text
    assert 'id="timeline-histogram"' in html and 'id="timeline-lanes"' in html
    assert "Strike on the station" in html and "Convoy fired on" not in html
    bad = clients["analyst"].get("/api/timeline?from=March")
    assert bad.status_code == 422 and "from" in bad.json()["error"]


def test_timeline_title_filter_counts_what_it_lists(
    incidents: list[int], clients: dict[str, httpx.Client]
) -> None:
    """With a title filter the histogram reads the versions in table order (not through the
    list index): the same incidents, each once, as the list."""
    d: Any = clients["viewer"].get("/api/timeline?q=of+the").json()
    assert {i["id"] for i in d["incidents"]} == {incidents[0], incidents[1]}
    h = d["histogram"]
    assert sum(b["count"] for b in h["bins"]) + h["undated"] == d["paging"]["total"] == 2
    assert h["first"] == "2022-03-01" and h["last"] == "2022-03-03"
    one: Any = clients["viewer"].get("/api/timeline?q=of+the&status=reported").json()
    assert [i["id"] for i in one["incidents"]] == [incidents[0]]
    assert [b["count"] for b in one["histogram"]["bins"]] == [1]


def test_timeline_linked_from_incidents_and_map(clients: dict[str, httpx.Client]) -> None:
    for page in ("/incidents", "/map"):
        assert 'href="/timeline"' in clients["viewer"].get(page).text


def test_a_month_precision_incident_spans_its_month(
    incidents: list[int], web_case: WebCase, clients: dict[str, httpx.Client]
) -> None:
    """Known only to the month: drawn from the first to the last day of it, not as one day."""
    month = create_incident(
        web_case.ws, "Detentions in the village", period_start="2022-05", period_precision="month"
    )
    d: Any = clients["viewer"].get("/api/timeline").json()
    lanes = {r["id"]: r for r in d["lanes"]["rows"]}
    assert lanes[month]["start"] == "2022-05-01" and lanes[month]["end"] == "2022-05-31"
    one_day = lanes[incidents[0]]  # the market, a single day
    assert lanes[month]["width"] > one_day["width"] * 20
