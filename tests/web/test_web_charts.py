"""The timeline's charts written in Python give the markup the template gave."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import jinja2

from casefile.web.charts import histogram_svg, lanes_svg, qs
from casefile.web.stage_queries import histogram, lanes

# The template's charts before they were written in Python.
DATA = Path(__file__).parent / "data"
OLD_HISTOGRAM = (DATA / "timeline_histogram_before.html").read_text()
OLD_LANES = (DATA / "timeline_lanes_before.html").read_text()


def _flat(html: str) -> str:
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html)).strip()


def _old(source: str, **data: Any) -> str:
    env = jinja2.Environment(autoescape=True)
    return env.from_string(source).render(qs=qs, **data)


def test_charts_match_the_template() -> None:
    days = [
        ("2022-03-01", "reported", 3),
        ("2022-03-01", "verified", 1),
        ("2022-03-09", "disputed", 2),
        ("2022-05-20", "odd <status>", 4),
        (None, "reported", 5),
    ]
    h = histogram(days)
    filters = {"q": "Bucha & <Irpin>", "status": None, "from": None, "to": None}
    incidents = [
        {
            "id": 7,
            "title": 'Strike <on> "school"',
            "status": "verified",
            "period_start": "2022-03-01",
            "period_end": "2022-03-04",
            "places": [],
        },
        {
            "id": 9,
            "title": "Shelling",
            "status": "reported",
            "period_start": "2022-04-02",
            "period_end": None,
            "places": [{"name": "Irpin"}],
        },
    ]
    lane = lanes(incidents)
    assert h["bins"] and lane["rows"]
    want = _old(OLD_HISTOGRAM, h=h, d={"filters": filters})
    assert _flat(str(histogram_svg(h, filters))) == _flat(want)
    assert _flat(str(lanes_svg(lane))) == _flat(_old(OLD_LANES, l=lane))
