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


# Series colours of the toll chart: dark enough to read as text and on white (not grey).
SERIES_COLOURS = ("#b3261e", "#1f5fa8", "#2f7d32", "#7b3fb8", "#a15c00")


def _date_ticks(d0: int, d1: int, count: int = 5) -> list[int]:
    """Up to ``count`` ordinals from d0 to d1: month starts when the span is months long,
    else equally spaced days."""
    if d1 - d0 > 62:
        first = date.fromordinal(d0)
        months = []
        y, m = first.year, first.month
        while True:
            day = date(y, m, 1).toordinal()
            if day > d1:
                break
            if day >= d0:
                months.append(day)
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        step = max(1, -(-len(months) // count))
        return months[::step]
    if d1 == d0:
        return [d0]
    step = max(1, round((d1 - d0) / (count - 1)))
    return list(range(d0, d1 + 1, step))


def toll_chart(toll: list[dict[str, Any]], width: int = 640, height: int = 240) -> dict[str, Any]:
    """Reported tolls over time as SVG coordinates, one series per category.

    Each point carries its value, date, source and a number (``n``) that the toll table's
    rows repeat (``marks``, one per row of ``toll``, None for a figure not drawn: no number or
    no date). A figure dated to a month or a year is drawn as a span over it, its point in the
    middle. The date axis has ticks (month starts over a long span)."""
    points = []
    for i, t in enumerate(toll):
        value = t.get("count") if t.get("count") is not None else t.get("min")
        first = parse_day(t.get("date"))
        if value is None or first is None:
            continue
        last = _period_last_day(t.get("date")) or first
        points.append((first, last, int(value), str(t["category"]), t, i))
    marks: list[dict[str, Any] | None] = [None] * len(toll)
    if not points:
        return {"series": [], "width": width, "height": height, "marks": marks}
    left, right, top, bottom = 48, 24, 28, 44
    d0 = min(p[0] for p in points).toordinal()
    d1 = max(p[1] for p in points).toordinal()
    vmax = max(p[2] for p in points) or 1
    span = max(d1 - d0, 1)

    def x_of(ordinal: float) -> float:
        if d1 == d0:
            return width / 2
        return round(left + (ordinal - d0) / span * (width - left - right), 1)

    def y_of(v: int) -> float:
        return round(height - bottom - v / vmax * (height - top - bottom), 1)

    categories = list(dict.fromkeys(p[3] for p in sorted(points, key=lambda p: p[0])))
    colour = {c: SERIES_COLOURS[k % len(SERIES_COLOURS)] for k, c in enumerate(categories)}
    series: dict[str, list[dict[str, Any]]] = {c: [] for c in categories}
    for n, (first, last, v, cat, t, i) in enumerate(sorted(points, key=lambda p: p[0]), 1):
        mid = (first.toordinal() + last.toordinal()) / 2
        spanned = last != first
        pt: dict[str, Any] = {
            "n": n,
            "x": x_of(mid),
            "y": y_of(v),
            "x0": x_of(first.toordinal()),
            "x1": x_of(last.toordinal() + 1) if spanned else x_of(first.toordinal()),
            "spanned": spanned,
            "value": v,
            "date": str(t.get("date")),
            "source": t.get("source"),
            "item": t.get("item"),
            "colour": colour[cat],
        }
        pt["x1"] = min(float(pt["x1"]), width - right)
        # Figures at the same place share one label: "200" with the numbers "1,3".
        same = next((q for q in series[cat] if (q["x"], q["y"]) == (pt["x"], pt["y"])), None)
        pt["label"] = same is None
        pt["numbers"] = str(n)
        if same is not None:
            same["numbers"] += f",{n}"
        series[cat].append(pt)
        marks[i] = {"n": n, "colour": colour[cat]}
    ticks = [
        {
            "x": x_of(d),
            "label": date.fromordinal(d).isoformat()[: 7 if d1 - d0 > 62 else 10],
        }
        for d in _date_ticks(d0, d1)
    ]
    return {
        "width": width,
        "height": height,
        "left": left,
        "right": width - right,
        "top": top,
        "base": height - bottom,
        "vmax": vmax,
        "vmid": vmax // 2 if vmax >= 2 else None,
        "y_mid": y_of(vmax // 2),
        "start": date.fromordinal(d0).isoformat(),
        "end": date.fromordinal(d1).isoformat(),
        "ticks": ticks,
        "marks": marks,
        "series": [
            {
                "category": c,
                "colour": colour[c],
                "cls": f"c{categories.index(c) % len(SERIES_COLOURS)}",
                "points": pts,
                "path": " ".join(f"{p['x']},{p['y']}" for p in pts),
            }
            for c, pts in series.items()
        ],
    }
