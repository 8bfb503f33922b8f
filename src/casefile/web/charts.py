"""The charts' data: the timeline's histogram and lanes, an incident's toll over time, as
coordinates for the templates' SVG (no script: they work offline), and ``qs`` for links."""

from __future__ import annotations

import calendar
from datetime import date
from typing import Any
from urllib.parse import urlencode

STATUS_COLOURS = {
    "reported": "#c98a00",
    "corroborated": "#1f5fa8",
    "verified": "#2f9b4e",
    "disputed": "#b3261e",
}


def qs(params: dict[str, Any], **changes: Any) -> str:
    """A query string from current filters with some changed (for paging links)."""
    merged = {k: v for k, v in {**params, **changes}.items() if v not in (None, "")}
    return "?" + urlencode(merged)


def parse_day(value: Any) -> date | None:
    """A stored day ('2022-03-05', a month '2022-03', a year '2022', or a longer timestamp) as
    its (first) date; None when there is none or it is not a date."""
    try:
        text = str(value or "")
        if len(text) == 7:
            text += "-01"
        if len(text) == 4:
            text += "-01-01"
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def histogram(
    days: list[tuple[Any, Any, int]], width: int = 900, height: int = 180
) -> dict[str, Any]:
    """Incidents per day, week or month (chosen by the span) as stacked SVG bars by status,
    from (stored start, status, count) rows."""
    per_day: dict[date, dict[str, int]] = {}
    undated = 0
    for d, st, n in days:
        day = parse_day(d)
        if day is None:
            undated += n
            continue
        slot = per_day.setdefault(day, {})
        slot[str(st)] = slot.get(str(st), 0) + n
    if not per_day:
        return {"bins": [], "undated": undated, "width": width, "height": height, "unit": None}
    first, last = min(per_day), max(per_day)
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
    for d, by_status in per_day.items():
        bucket = counts.setdefault(start_of(d), {})
        for st, n in by_status.items():
            bucket[st] = bucket.get(st, 0) + n
    starts = []
    cur = start_of(first)
    while cur <= last:
        starts.append(cur)
        cur = next_of(cur)
    left, right, top, bottom = 44, 12, 12, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max(sum(c.values()) for c in counts.values())
    step = plot_w / len(starts)
    bins: list[dict[str, Any]] = []
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
        "width": width,
        "height": height,
        "baseline": top + plot_h,
        "left": left,
        "top": top,
    }


def _period_last_day(value: Any, precision: Any = None) -> date | None:
    """The last day a period's end names: a month ('2022-03', or any day of it with month
    precision) to its last day, a year to 31 December; a day is itself. A month-precision
    incident is then drawn across its month, not as its first day."""
    day = parse_day(value)
    if day is None:
        return None
    text = str(value)
    if len(text) == 4 or precision == "year":
        return date(day.year, 12, 31)
    if len(text) == 7 or precision == "month":
        return date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
    return day


def lanes(incidents: list[dict[str, Any]], width: int = 900, row: int = 18) -> dict[str, Any]:
    """The given incidents as bars from the start to the end of their period (one row each)."""
    spans = []
    for i in incidents:
        start = parse_day(i.get("period_start"))
        if start is None:
            continue
        end = _period_last_day(i.get("period_end") or i.get("period_start"), i.get("precision"))
        spans.append((i, start, end if end is not None and end >= start else start))
    if not spans:
        return {"rows": [], "width": width, "height": 0}
    d0 = min(s for _, s, _ in spans).toordinal()
    # At least a week wide, so that a page of one-day incidents does not draw full-width bars.
    d1 = max(max(e for _, _, e in spans).toordinal() + 1, d0 + 7)
    left, right = 260, 12
    scale = (width - left - right) / max(d1 - d0, 1)
    rows = []
    for n, (i, start, end) in enumerate(spans):
        x = left + (start.toordinal() - d0) * scale
        w = max((end.toordinal() + 1 - start.toordinal()) * scale, 3)
        rows.append(
            {
                "id": i["id"],
                "label": str(i["title"])[:40],
                "status": i["status"],
                "colour": STATUS_COLOURS.get(str(i["status"]), "#777777"),
                "start": start.isoformat(),
                "end": end.isoformat(),
                "x": round(x, 1),
                "y": 24 + n * row,
                "width": round(w, 1),
            }
        )
    return {
        "rows": rows,
        "width": width,
        "height": 32 + len(rows) * row,
        "first": date.fromordinal(d0).isoformat(),
        "last": date.fromordinal(d1 - 1).isoformat(),
        "left": left,
    }


def toll_chart(toll: list[dict[str, Any]], width: int = 640, height: int = 220) -> dict[str, Any]:
    """Reported tolls over time as SVG coordinates, one series per category."""
    points = []
    for t in toll:
        value = t.get("count") if t.get("count") is not None else t.get("min")
        if value is None or not t.get("date"):
            continue
        try:
            day = date.fromisoformat(str(t["date"])[:10])
        except ValueError:
            continue
        points.append((day, int(value), str(t["category"]), t))
    if not points:
        return {"series": [], "width": width, "height": height}
    pad = 40
    d0 = min(p[0] for p in points).toordinal()
    d1 = max(p[0] for p in points).toordinal()
    vmax = max(p[1] for p in points) or 1
    span = max(d1 - d0, 1)

    def xy(day: date, v: int) -> tuple[float, float]:
        x = pad + (day.toordinal() - d0) / span * (width - 2 * pad)
        if d1 == d0:
            x = width / 2
        y = height - pad - v / vmax * (height - 2 * pad)
        return round(x, 1), round(y, 1)

    series: dict[str, list[dict[str, Any]]] = {}
    for day, v, cat, t in sorted(points, key=lambda p: p[0]):
        x, y = xy(day, v)
        series.setdefault(cat, []).append(
            {
                "x": x,
                "y": y,
                "value": v,
                "date": day.isoformat(),
                "source": t.get("source"),
                "item": t.get("item"),
            }
        )
    return {
        "width": width,
        "height": height,
        "vmax": vmax,
        "start": date.fromordinal(d0).isoformat(),
        "end": date.fromordinal(d1).isoformat(),
        "series": [
            {"category": c, "points": pts, "path": " ".join(f"{p['x']},{p['y']}" for p in pts)}
            for c, pts in series.items()
        ],
    }
