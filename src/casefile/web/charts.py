"""The timeline's two SVG charts and its list written in Python: the same markup the template
wrote, for a fifth of the time. A chart is ~50 bars of several attributes each, and through
Jinja every one of them was a lookup, a conversion and an escape (the timeline was the slowest
page, most of it this template); here the numbers are formatted directly and only the text is
escaped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from markupsafe import Markup

from casefile.web.templating import output_escape as _text
from casefile.web.templating import place_names

_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


def qs(params: dict[str, Any], **changes: Any) -> str:
    """A query string from current filters with some changed (for paging links)."""
    merged = {k: v for k, v in {**params, **changes}.items() if v not in (None, "")}
    return "?" + urlencode(merged)


_FROM, _TO = "\x00from\x00", "\x00to\x00"


def _period_links(filters: dict[str, Any]) -> Callable[[str, str], str]:
    """``escape(qs(filters, from=start, to=end, page=None))`` for many periods: the filters'
    part is encoded and escaped once (``qs`` per bar, ~50 urlencode calls, was a third of the
    chart). urlencode writes each pair on its own, joined by '&', in the merged dict's order,
    and percent-encodes every character that escaping would change, so only the joins are
    escaped; ISO dates need no encoding."""
    pairs = []
    for k in {**filters, "from": None, "to": None, "page": None}:
        if k == "from":
            pairs.append("from=" + _FROM)
        elif k == "to":
            pairs.append("to=" + _TO)
        elif k != "page" and filters[k] not in (None, ""):
            pairs.append(urlencode({k: filters[k]}))
    template = "?" + "&amp;".join(pairs)

    def link(start: str, end: str) -> str:
        if not (_ISO.fullmatch(start) and _ISO.fullmatch(end)):
            return str(_text(qs(filters, **{"from": start, "to": end, "page": None})))
        return template.replace(_FROM, start).replace(_TO, end)

    return link


# Charts of the histograms drawn lately, by the histogram's identity (held here, so its id
# is not reused while it is kept) and the filters: the whole timeline's histogram is one
# object until a write changes it (``incident_index.stored_histogram``), and drawing it was
# ~1 ms per request. A histogram made per request is never found again and soon dropped.
_DRAWN: dict[tuple[int, tuple[tuple[str, Any], ...]], tuple[dict[str, Any], Markup]] = {}
_DRAWN_MAX = 64


def histogram_svg(h: dict[str, Any], filters: dict[str, Any]) -> Markup:
    """Incidents per day, week or month: each bar links to its period (``stage_queries.
    histogram`` computes the bars)."""
    try:
        key = (id(h), tuple(filters.items()))
        found = _DRAWN.get(key)
    except TypeError:  # a filter's value that cannot be a key
        return _draw_histogram(h, filters)
    if found is not None and found[0] is h:
        return found[1]
    svg = _draw_histogram(h, filters)
    if len(_DRAWN) >= _DRAWN_MAX:
        _DRAWN.clear()
    _DRAWN[key] = (h, svg)
    return svg


def _draw_histogram(h: dict[str, Any], filters: dict[str, Any]) -> Markup:
    w, top, base, left = h["width"], h["top"], h["baseline"], h["left"]
    out = [
        f'<svg class="chart timeline-chart" id="timeline-histogram" viewBox="0 0 {w} '
        f'{h["height"]}" width="{w}" height="{h["height"]}" role="img" '
        f'aria-label="incidents per {_text(h["unit"])}">',
        f'<line x1="{left}" y1="{base}" x2="{w - 12}" y2="{base}" stroke="#999"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{base}" stroke="#999"/>',
        f'<text x="4" y="{top + 10}">{h["peak"]}</text><text x="4" y="{base}">0</text>',
    ]
    href_of = _period_links(filters)
    names: dict[str, tuple[str, str]] = {}  # a status's escaped name and colour, once each
    for b in h["bins"]:
        start, end = _text(b["start"]), _text(b["end"])
        href = href_of(b["start"], b["end"])
        title = [f"{start}", f" – {end}" if b["end"] != b["start"] else ""]
        title.append(f": {b['count']} incident(s)")
        x, bw = b["x"], b["width"]
        rects = []
        for p in b["parts"]:
            st = p["status"]
            if st not in names:
                names[st] = (str(_text(st)), str(_text(p["colour"])))
            name, colour = names[st]
            title.append(f", {p['count']} {name}")
            rects.append(
                f'<rect x="{x}" y="{p["y"]}" width="{bw}" height="{p["height"]}" fill="{colour}"/>'
            )
        out.append(
            f'<a href="{href}"><g class="bin"><title>{"".join(title)}</title>'
            f'<rect x="{x}" y="{top}" width="{bw}" height="{base - top}" fill="transparent"/>'
        )
        out += rects
        out.append("</g></a>")
    out += [f'<text x="{t["x"]}" y="{base + 16}">{_text(t["label"])}</text>' for t in h["ticks"]]
    out.append("</svg>")
    return Markup("\n".join(out))


def lanes_svg(lanes: dict[str, Any]) -> Markup:
    """The page's incidents as bars over their periods, each linking to its incident."""
    w, height, left = lanes["width"], lanes["height"], lanes["left"]
    out = [
        f'<svg class="chart timeline-lanes" id="timeline-lanes" viewBox="0 0 {w} {height}" '
        f'width="{w}" height="{height}" role="img" '
        'aria-label="incidents on this page by period">',
        f'<text x="{left}" y="12">{_text(lanes["first"])}</text>'
        f'<text x="{w - 80}" y="12">{_text(lanes["last"])}</text>',
        f'<line x1="{left}" y1="16" x2="{left}" y2="{height}" stroke="#ccc"/>',
    ]
    for r in lanes["rows"]:
        rid, label = _text(r["id"]), _text(r["label"])
        period = str(_text(r["start"])) + (
            f" – {_text(r['end'])}" if r["end"] != r["start"] else ""
        )
        out.append(
            f'<a href="/incidents/{rid}"><g class="lane"><title>#{rid} {label}: {period} '
            f"({_text(r['status'])})</title>"
            f'<text x="4" y="{r["y"] + 11}">#{rid} {label}</text>'
            f'<rect x="{r["x"]}" y="{r["y"]}" width="{r["width"]}" height="13" rx="2" '
            f'fill="{_text(r["colour"])}"/></g></a>'
        )
    out.append("</svg>")
    return Markup("\n".join(out))


def timeline_list(incidents: list[dict[str, Any]], filters: dict[str, Any]) -> Markup:
    """The page's incidents in date order, each linking to its incident (the template's loop
    was half of the page's rendering: five lookups, a filter and six escapes per incident)."""
    out = ['<ol class="timeline">\n']
    for i in incidents:
        start, end = i["period_start"], i["period_end"]
        when = str(_text(start or "date not known"))
        if end and end != start:
            when += f" – {_text(end)}"
        places = place_names(i["places"])
        out.append(
            f'\n<li><span class="when">{when}</span>\n  <a href="/incidents/{_text(i["id"])}">'
            f'{_text(i["title"])}</a> <span class="muted">{_text(places)} · '
            f"{_text(i['status'])}</span></li>\n"
        )
    if not incidents:
        narrowed = any(filters.get(k) for k in ("q", "from", "to", "status"))
        out.append(
            f'<li class="muted">No incidents{" match these filters" if narrowed else ""}.</li>'
        )
    out.append("\n</ol>")
    return Markup("".join(out))
