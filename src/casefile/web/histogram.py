"""The timeline's histogram: open incidents per day, week or month (chosen by the span of
their start days), stacked by status, from (start day, status, count) rows.

Computed per request from the rows when the timeline is narrowed by words or dates; for the
whole timeline (and per status) it is kept ready-made with the derived incident table
(``incident_index``), which calls ``histogram`` on the same rows when they change.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

STATUS_COLOURS = {
    "reported": "#c98a00",
    "corroborated": "#1f5fa8",
    "verified": "#2f9b4e",
    "disputed": "#b3261e",
}


def parse_day(value: Any) -> date | None:
    """A stored day ('2022-03-05', a month '2022-03', a year '2022', or a longer timestamp) as
    its (first) date; None when there is none or it is not a date."""
    try:
        text = str(value or "")
        if len(text) == 10:
            return date.fromisoformat(text)
        if len(text) == 7:
            text += "-01"
        if len(text) == 4:
            text += "-01-01"
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


_MISSING = object()
# Stored days as ordinals (None: not a date) and ordinals as ISO text, as seen lately: the
# same few thousand days recur in every narrowed timeline, and parsing and writing them was
# most of the histogram's time. Bounded; cleared when full.
_ORDINALS: dict[Any, int | None] = {}
_ISO: dict[int, str] = {}
_MEMO_MAX = 50_000


def _ordinal_of(value: Any) -> int | None:
    day = parse_day(value)
    found = None if day is None else day.toordinal()
    if len(_ORDINALS) >= _MEMO_MAX:
        _ORDINALS.clear()
    _ORDINALS[value] = found
    return found


def _iso(ordinal: int) -> str:
    text = _ISO.get(ordinal)
    if text is None:
        if len(_ISO) >= _MEMO_MAX:
            _ISO.clear()
        text = _ISO[ordinal] = date.fromordinal(ordinal).isoformat()
    return text


def _status_order(st: str) -> tuple[bool, str]:
    return (st not in STATUS_COLOURS, st)


def _bar_starts(unit: str, first: int, last: int) -> tuple[list[int], list[int]]:
    """The ordinals of the bars' first days from the bar holding ``first`` to the one holding
    ``last``, and of the day after each bar."""
    if unit == "day":
        starts = list(range(first, last + 1))
        return starts, [s + 1 for s in starts]
    if unit == "week":
        starts = list(range(_week_of(first), last + 1, 7))
        return starts, [s + 7 for s in starts]
    d = date.fromordinal(first).replace(day=1)
    starts, nexts = [], []
    while d.toordinal() <= last:
        starts.append(d.toordinal())
        d = date(d.year + d.month // 12, d.month % 12 + 1, 1)
        nexts.append(d.toordinal())
    return starts, nexts


def _week_of(o: int) -> int:
    return o - (o + 6) % 7  # date.weekday() is (toordinal() + 6) % 7: Monday is 0


def histogram(
    days: Iterable[tuple[Any, Any, int]], width: int = 900, height: int = 180
) -> dict[str, Any]:
    """Incidents per day, week or month (chosen by the span) as stacked SVG bars by status."""
    # Two passes over the (day, status, count) rows (~900 on 10,000 incidents): their days as
    # ordinals (each stored day parsed once per process while it is seen, ``_ORDINALS``) for
    # the span, then each row's count added to its bar.
    rows = days if isinstance(days, list) else list(days)
    known = _ORDINALS.get
    ordinals: list[Any] = [known(d, _MISSING) for d, _, _ in rows]
    for i, o in enumerate(ordinals):
        if o is _MISSING:
            ordinals[i] = _ordinal_of(rows[i][0])
    dated = [o for o in ordinals if o is not None]
    if not dated:
        undated = sum(n for _, _, n in rows)
        return {"bins": [], "undated": undated, "width": width, "height": height, "unit": None}
    first, last = min(dated), max(dated)
    span = last - first
    unit = "day" if span <= 62 else "week" if span <= 366 else "month"
    counts: dict[int, dict[str, int]] = {}
    month_of: dict[int, int] = {}
    undated = 0
    for o, (_, st, n) in zip(ordinals, rows, strict=True):
        if o is None:
            undated += n
            continue
        if unit == "week":
            b = _week_of(o)
        elif unit == "month":
            b = month_of.get(o, -1)
            if b < 0:
                b = month_of[o] = o - date.fromordinal(o).day + 1
        else:
            b = o
        bucket = counts.get(b)
        if bucket is None:
            bucket = counts[b] = {}
        key = st if type(st) is str else str(st)
        bucket[key] = bucket.get(key, 0) + n
    starts, nexts = _bar_starts(unit, first, last)
    left, right, top, bottom = 44, 12, 12, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max(sum(c.values()) for c in counts.values())
    step = plot_w / len(starts)
    bar_w = round(max(step - 1, 1), 1)
    base = float(top + plot_h)
    bins: list[dict[str, Any]] = []
    empty: dict[str, int] = {}
    for i, b in enumerate(starts):
        by_status = counts.get(b, empty)
        y = base
        parts = []
        for st in sorted(by_status, key=_status_order) if len(by_status) > 1 else by_status:
            n = by_status[st]
            h = n / peak * plot_h
            y -= h
            parts.append(
                {
                    "status": st,
                    "count": n,
                    "y": round(y, 1),
                    "height": round(h, 1),
                    "colour": STATUS_COLOURS.get(st, "#777777"),
                }
            )
        bins.append(
            {
                "start": _iso(b),
                "end": _iso(nexts[i] - 1),
                "count": sum(by_status.values()),
                "x": round(left + i * step, 1),
                "width": bar_w,
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
        "first": _iso(first),
        "last": _iso(last),
        "width": width,
        "height": height,
        "baseline": top + plot_h,
        "left": left,
        "top": top,
    }
