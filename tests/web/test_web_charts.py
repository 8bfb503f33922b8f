"""The timeline's charts written in Python give the markup the template gave."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import jinja2

from casefile.web.charts import histogram_svg, lanes_svg, qs, timeline_list
from casefile.web.stage_queries import histogram, lanes

# The template's charts before they were written in Python.
DATA = Path(__file__).parent / "data"
OLD_HISTOGRAM = (DATA / "timeline_histogram_before.html").read_text()
OLD_LANES = (DATA / "timeline_lanes_before.html").read_text()
OLD_LIST = (DATA / "timeline_list_before.html").read_text()


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


def _reference_histogram(days: list[tuple[Any, Any, int]]) -> dict[str, Any]:
    """What ``histogram`` computed before its one-pass rewrite: per stored day, then per bar."""
    from datetime import date

    from casefile.web.histogram import STATUS_COLOURS
    from casefile.web.histogram import parse_day as _day

    per_day: dict[Any, dict[str, int]] = {}
    for d, st, n in days:
        slot = per_day.setdefault(d, {})
        slot[str(st)] = slot.get(str(st), 0) + n
    parsed = [(_day(d), c) for d, c in per_day.items()]
    undated = sum(sum(c.values()) for d, c in parsed if d is None)
    dated = [(d, c) for d, c in parsed if d is not None]
    if not dated:
        return {"bins": [], "undated": undated, "width": 900, "height": 180, "unit": None}
    first, last = min(d for d, _ in dated), max(d for d, _ in dated)
    span = (last - first).days
    unit = "day" if span <= 62 else "week" if span <= 366 else "month"

    def start_of(d: date) -> date:
        if unit == "week":
            return date.fromordinal(d.toordinal() - d.weekday())
        return d.replace(day=1) if unit == "month" else d

    def next_of(d: date) -> date:
        if unit == "week":
            return date.fromordinal(d.toordinal() + 7)
        if unit == "month":
            return date(d.year + d.month // 12, d.month % 12 + 1, 1)
        return date.fromordinal(d.toordinal() + 1)

    counts: dict[date, dict[str, int]] = {}
    for d, by_status in dated:
        bucket = counts.setdefault(start_of(d), {})
        for st, n in by_status.items():
            bucket[st] = bucket.get(st, 0) + n
    starts = []
    cur = start_of(first)
    while cur <= last:
        starts.append(cur)
        cur = next_of(cur)
    left, top, plot_w, plot_h = 44, 12, 900 - 44 - 12, 180 - 12 - 34
    peak = max(sum(c.values()) for c in counts.values())
    step = plot_w / len(starts)
    bins = []
    for i, b in enumerate(starts):
        by_status = counts.get(b, {})
        y = float(top + plot_h)
        parts = []
        for st in sorted(by_status, key=lambda k: (k not in STATUS_COLOURS, k)):
            h = by_status[st] / peak * plot_h
            y -= h
            parts.append(
                {
                    "status": st,
                    "count": by_status[st],
                    "y": round(y, 1),
                    "height": round(h, 1),
                    "colour": STATUS_COLOURS.get(st, "#777777"),
                }
            )
        bins.append(
            {
                "start": b.isoformat(),
                "end": date.fromordinal(next_of(b).toordinal() - 1).isoformat(),
                "count": sum(by_status.values()),
                "x": round(left + i * step, 1),
                "width": round(max(step - 1, 1), 1),
                "parts": parts,
            }
        )
    every = max(1, -(-len(bins) // 7))
    ticks = [
        {"x": b["x"], "label": b["start"][:7] if unit == "month" else b["start"]}
        for b in bins[::every]
    ]
    return {
        "bins": bins,
        "ticks": ticks,
        "peak": peak,
        "unit": unit,
        "undated": undated,
        "first": first.isoformat(),
        "last": last.isoformat(),
        "width": 900,
        "height": 180,
        "baseline": top + plot_h,
        "left": left,
        "top": top,
    }


def test_histogram_as_the_reference() -> None:
    """Random days over every unit's span, in every stored form (day, month, year, none, an
    impossible date, junk) and status (known, unknown, needing escapes): the same bars."""
    import random
    from datetime import date

    rng = random.Random(11)
    statuses = ["reported", "verified", "disputed", "corroborated", "odd <x>", "zeta"]
    for _ in range(400):
        span = rng.choice([0, 5, 62, 63, 200, 366, 367, 900])
        days: list[tuple[Any, Any, int]] = []
        for _ in range(rng.randint(1, 40)):
            d = date.fromordinal(738_000 + rng.randint(0, span)).isoformat()
            stored = rng.choice([d, d, d, d[:7], d[:4], None, "", "2022-02-30", "junk"])
            days.append((stored, rng.choice(statuses), rng.randint(1, 9)))
        assert histogram(days) == _reference_histogram(days), days


def test_histogram_with_remembered_days(monkeypatch: Any) -> None:
    """Days parsed by earlier histograms (``_ORDINALS``, ``_ISO``), the memo cleared when full,
    a generator of rows and hundreds of rows over every unit: the same bars as the reference."""
    import random
    from datetime import date

    from casefile.web import histogram as module

    rng = random.Random(5)
    monkeypatch.setattr(module, "_MEMO_MAX", 50)
    for _ in range(60):
        span = rng.choice([3, 62, 63, 366, 367, 2000])
        days: list[tuple[Any, Any, int]] = []
        for _ in range(rng.randint(50, 400)):
            d = date.fromordinal(738_000 + rng.randint(0, span)).isoformat()
            stored = rng.choice([d, d, d + "T10:00:00", d[:7], None, "2023-13-01"])
            days.append((stored, rng.choice(["reported", "verified", "zeta"]), rng.randint(1, 5)))
        want = _reference_histogram(days)
        assert histogram(days) == want
        assert histogram(iter(days)) == want  # again, from the memo, as a generator
    assert len(module._ORDINALS) <= 50 and len(module._ISO) <= 50


def test_period_links_as_qs() -> None:
    """The histogram's links, encoded once per chart, are what ``qs`` gives for each bar."""
    from markupsafe import escape

    from casefile.web.charts import _period_links

    cases: list[dict[str, Any]] = [
        {"q": None, "status": None, "type": None, "closed": None},
        {"q": 'Bucha & <Irpin> "x" \x00from\x00', "status": "verified", "closed": True},
        {"q": "ü ß", "status": "", "from": "2022-03-01", "to": None},
        {"to": "2022-05-01", "q": "a+b=c", "from": "2022-01-01", "page": 3},
        {},
    ]
    for filters in cases:
        link = _period_links(filters)
        for start, end in [("2022-03-01", "2022-03-07"), ("2022-03", "2022-04"), ("a&b", "<")]:
            want = str(escape(qs(filters, **{"from": start, "to": end, "page": None})))
            assert link(start, end) == want


def test_timeline_list_matches_the_template() -> None:
    """Character for character (spaces between inline elements show): text needing escapes,
    no dates, an end on the start day, places with and without names, no incidents."""
    from casefile.web.templating import place_names

    env = jinja2.Environment(autoescape=True)
    env.filters["place_names"] = place_names
    old = env.from_string(OLD_LIST)
    incidents: list[dict[str, Any]] = [
        {
            "id": 7,
            "title": 'Strike <on> "school" & more',
            "status": "odd <status>",
            "period_start": "2022-03-01",
            "period_end": "2022-03-04",
            "places": [{"name": "Irpin & <Bucha>"}, {"name": None}, {"lat": 50.5}],
        },
        {
            "id": 9,
            "title": "Shelling",
            "status": "reported",
            "period_start": "2022-04-02",
            "period_end": "2022-04-02",
            "places": [],
        },
        {
            "id": 11,
            "title": "",
            "status": "verified",
            "period_start": None,
            "period_end": "2022-05-01",
            "places": [{"name": "Київ"}],
        },
        {
            "id": 12,
            "title": "x",
            "status": "",
            "period_start": "",
            "period_end": None,
            "places": [],
        },
        {
            "id": 13,
            "title": "y",
            "status": "reported",
            "period_start": "2022-06",
            "period_end": "late 2022 & <after>",
            "places": [],
        },
    ]
    filter_sets: list[dict[str, Any]] = [
        {"q": None, "status": None},
        {"q": "a<b", "status": None},
        {"q": None, "status": None, "from": "2022-01-01", "to": None},
        {"status": "verified"},
        {"to": "2022-02-01"},
    ]
    for filters in filter_sets:
        for page in (incidents, incidents[2:3], []):
            want = old.render(d={"incidents": page, "filters": filters})
            assert str(timeline_list(page, filters)) == want, (page, filters)


def test_histogram_chart_kept_per_histogram_and_filters() -> None:
    """A chart drawn again for the same histogram object is the one drawn first, per filters;
    another histogram (an equal copy, or one changed by new data) is drawn for itself."""
    import copy

    from casefile.web.charts import _draw_histogram

    h = histogram([("2022-03-01", "reported", 3), ("2022-03-09", "verified", 2)])
    other = histogram([("2022-03-01", "reported", 3), ("2022-04-20", "disputed", 7)])
    a = {"q": None, "status": None}
    b = {"q": "Irpin & co", "status": "verified"}
    for hist, filters in [(h, a), (h, b), (h, a), (other, a), (copy.deepcopy(h), b), (h, b)]:
        assert histogram_svg(hist, filters) == _draw_histogram(hist, filters)
    assert histogram_svg(h, a) is histogram_svg(h, a)
    assert histogram_svg(h, a) != histogram_svg(other, a)
    assert histogram_svg(h, {"q": ["not", "hashable"]}) == _draw_histogram(
        h, {"q": ["not", "hashable"]}
    )
