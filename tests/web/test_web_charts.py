"""The timeline's histogram: every incident counted once, in the bar of its start, by unit."""

from __future__ import annotations

import random
from datetime import date
from typing import Any

from casefile.web.charts import histogram, lanes, parse_day, qs


def test_histogram_counts_every_incident_once() -> None:
    """Random days over every unit's span, in every stored form (day, month, year, none, an
    impossible date, junk) and status: the bars add up to the dated incidents, the rest are
    undated, and each bar's parts add up to it."""
    rng = random.Random(11)
    statuses = ["reported", "verified", "disputed", "corroborated", "odd <x>", "zeta"]
    for _ in range(300):
        span = rng.choice([0, 5, 62, 63, 200, 366, 367, 900])
        days: list[tuple[Any, Any, int]] = []
        for _ in range(rng.randint(1, 40)):
            d = date.fromordinal(738_000 + rng.randint(0, span)).isoformat()
            stored = rng.choice([d, d, d, d[:7], d[:4], None, "", "2022-02-30", "junk"])
            days.append((stored, rng.choice(statuses), rng.randint(1, 9)))
        h = histogram(days)
        dated = sum(n for d, _, n in days if parse_day(d) is not None)
        assert sum(b["count"] for b in h["bins"]) == dated
        assert h["undated"] == sum(n for _, _, n in days) - dated
        for b in h["bins"]:
            assert sum(p["count"] for p in b["parts"]) == b["count"]
        if h["bins"]:
            first, last = date.fromisoformat(h["first"]), date.fromisoformat(h["last"])
            want = "day" if (last - first).days <= 62 else "week"
            want = want if (last - first).days <= 366 else "month"
            assert h["unit"] == want


def test_a_month_precision_lane_spans_its_month() -> None:
    lane = lanes(
        [
            {
                "id": 1,
                "title": "x",
                "status": "reported",
                "period_start": "2022-03",
                "period_end": None,
                "precision": "month",
            }
        ]
    )
    [row] = lane["rows"]
    assert (row["start"], row["end"]) == ("2022-03-01", "2022-03-31")


def test_qs_keeps_filters_and_drops_empty_ones() -> None:
    assert qs({"q": "a&b", "status": None}, page=2) == "?q=a%26b&page=2"
