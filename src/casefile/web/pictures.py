"""The pictures people look at instead of tables (issue 28): an estimate's posterior with its
interval and the documented count, as SVG coordinates for the estimates page; the map's
layers besides the incidents: geolocated evidence and place labels from the gazetteer.

Like ``charts.py``: plain data for server-rendered SVG (no script, works offline)."""

from __future__ import annotations

import bisect
import json
import math
from functools import lru_cache
from importlib import resources
from typing import Any

from sqlalchemy import Connection, func, inspect, select

BASEMAP_URL = "/static/basemap/countries.geojson"

# -- the posterior of N --


def _nice_step(span: float, count: int = 5) -> float:
    raw = max(span / count, 1e-9)
    mag = 10 ** math.floor(math.log10(raw))
    return float(next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw))


def _cdf(quantiles: list[float]) -> tuple[list[float], list[float]]:
    """The posterior's distribution function as (N, probability) corners, from quantiles at
    equally spaced probabilities (several quantiles may share one N: a step there)."""
    steps = len(quantiles) - 1
    xs: list[float] = []
    ps: list[float] = []
    for i, q in enumerate(quantiles):
        p = i / steps
        if xs and q <= xs[-1]:
            ps[-1] = p  # the same N: the probability up to it grows
        else:
            xs.append(q)
            ps.append(p)
    return xs, ps


def _cdf_at(xs: list[float], ps: list[float], x: float) -> float:
    if x <= xs[0]:
        return 0.0 if x < xs[0] else ps[0]
    if x >= xs[-1]:
        return 1.0
    k = bisect.bisect_right(xs, x)
    x0, x1, p0, p1 = xs[k - 1], xs[k], ps[k - 1], ps[k]
    return p0 + (p1 - p0) * (x - x0) / (x1 - x0)


def posterior_chart(
    row: dict[str, Any], width: int = 640, height: int = 200, bins: int = 40
) -> dict[str, Any] | None:
    """One estimate as a picture: the histogram of its posterior of N when the run kept one
    (``diagnostics["posterior"]``: lcmcr, dga), else the estimate as a point with its interval
    (a whisker) over the documented count (a bar); in both, the interval shaded and a line at
    the documented (observed) count, with the numbers written on it. None without an estimate.
    """
    est = row.get("estimate")
    if est is None:
        return None
    observed = float(row.get("observed") or 0)
    lo = row.get("lower")
    hi = row.get("upper")
    found = (row.get("diagnostics") or {}).get("posterior")
    post: dict[str, Any] = found if isinstance(found, dict) else {}
    quantiles = post.get("quantiles")
    left, right, top, base = 16, width - 16, 48, height - 36
    if quantiles and len(quantiles) >= 3:
        qs = [float(q) for q in quantiles]
        # Show the middle 99% (the extreme draws would squeeze the rest), and the counts.
        k = max(1, len(qs) // 200)
        x_min = min(qs[k], observed, float(lo if lo is not None else est))
        x_max = max(qs[-1 - k], float(hi if hi is not None else est), observed)
    else:
        qs = []
        x_min = 0.0
        x_max = max(float(hi) if hi is not None else float(est), observed, float(est))
    pad = (x_max - x_min) * 0.06 or max(1.0, x_max * 0.05)
    x_min = max(0.0, x_min - pad) if qs else 0.0
    x_max = x_max + pad

    def x_of(v: float) -> float:
        return round(
            left + (min(max(v, x_min), x_max) - x_min) / (x_max - x_min) * (right - left), 1
        )

    out: dict[str, Any] = {
        "width": width,
        "height": height,
        "top": top,
        "base": base,
        "left": left,
        "right": right,
        "observed": round(observed),
        "x_obs": x_of(observed),
        "estimate": est,
        "x_est": x_of(float(est)),
        "lower": lo,
        "upper": hi,
        "x_lo": x_of(float(lo)) if lo is not None else x_of(float(est)),
        "x_hi": x_of(float(hi)) if hi is not None else right,
        "open_upper": hi is None,
        "interval": row.get("interval") or 0.95,
        "label": "total" if row.get("is_total") else str(row.get("stratum") or "all"),
        "method": row.get("method"),
    }
    step = _nice_step(x_max - x_min)
    first = math.ceil(x_min / step) * step
    out["ticks"] = [
        {"x": x_of(v), "label": f"{v:,.0f}"}
        for v in (first + i * step for i in range(int((x_max - first) / step) + 1))
        if v <= x_max
    ]
    if qs:
        xs, ps = _cdf(qs)
        width_bin = (x_max - x_min) / bins
        masses = [
            _cdf_at(xs, ps, x_min + (b + 1) * width_bin) - _cdf_at(xs, ps, x_min + b * width_bin)
            for b in range(bins)
        ]
        peak = max(masses) or 1.0
        bar_w = (right - left) / bins
        out["kind"] = "histogram"
        out["source"] = str(post.get("kind") or "draws")
        out["size"] = post.get("size")
        out["bars"] = [
            {
                "x": round(left + b * bar_w, 1),
                "w": round(bar_w - 1, 1),
                "y": round(base - m / peak * (base - top), 1),
                "h": round(m / peak * (base - top), 1),
                "from": round(x_min + b * width_bin),
                "to": round(x_min + (b + 1) * width_bin),
                "share": round(m * 100, 1),
            }
            for b, m in enumerate(masses)
            if m > 0
        ]
    else:
        out["kind"] = "whisker"
        out["y_mid"] = round((top + base) / 2, 1)
    return out


def posterior_charts(latest: dict[str, Any], limit: int = 12) -> list[dict[str, Any]]:
    """The pictures of a run's rows: the total (or the one table) first, then the strata."""
    rows = sorted(latest.get("estimates") or [], key=lambda r: not r.get("is_total"))
    charts = [c for c in (posterior_chart(r) for r in rows[:limit]) if c is not None]
    return charts


# -- the map --


def evidence_features(conn: Connection, limit: int = 20000) -> list[dict[str, Any]]:
    """Each item's current geolocation (its newest ``evidence_verified`` step of that aspect)
    as a GeoJSON point, with the item's name, the method and the incidents it is linked to."""
    from casefile.case.schema import evidence_links, verifications
    from casefile.vault.schema import acquisitions

    if "item_verifications" not in inspect(conn).get_table_names():
        return []
    newest = (
        select(func.max(verifications.c.id))
        .where(verifications.c.aspect == "geolocation")
        .group_by(verifications.c.item_sha256)
    )
    rows = conn.execute(
        select(
            verifications.c.item_sha256,
            verifications.c.payload,
            verifications.c.method,
            verifications.c.created_at,
        )
        .where(verifications.c.id.in_(newest))
        .order_by(verifications.c.id)
        .limit(limit)
    ).all()
    if not rows:
        return []
    shas = [r.item_sha256 for r in rows]
    names: dict[str, str] = {}
    linked: dict[str, list[int]] = {}
    for chunk in range(0, len(shas), 500):
        part = shas[chunk : chunk + 500]
        for acq in conn.execute(
            select(
                acquisitions.c.item_sha256,
                acquisitions.c.original_name,
                acquisitions.c.final_url,
                acquisitions.c.source_url,
            )
            .where(acquisitions.c.item_sha256.in_(part))
            .order_by(acquisitions.c.id)
        ):
            # as the item is named elsewhere: its first acquisition's name or address
            names.setdefault(
                acq.item_sha256, acq.original_name or acq.final_url or acq.source_url or ""
            )
        for link in conn.execute(
            select(evidence_links.c.item_sha256, evidence_links.c.incident_id)
            .where(evidence_links.c.item_sha256.in_(part))
            .order_by(evidence_links.c.id)
        ):
            linked.setdefault(link.item_sha256, []).append(int(link.incident_id))
    out = []
    for r in rows:
        payload = json.loads(r.payload)
        lat, lon = payload.get("lat"), payload.get("lon")
        if lat is None or lon is None:
            continue
        out.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": {
                    "kind": "evidence",
                    "item": r.item_sha256,
                    "name": names.get(r.item_sha256) or r.item_sha256[:12],
                    "method": r.method,
                    "note": payload.get("note") or "",
                    "verified_at": r.created_at,
                    "incidents": sorted(set(linked.get(r.item_sha256, []))),
                },
            }
        )
    return out


# Places labelled on the map: every city of a million people or more, and in Ukraine and its
# neighbours the smaller ones down to these sizes (GeoNames, data/world.tsv; CC BY 4.0).
LABEL_MIN_POPULATION = 1_000_000
REGION_MIN_POPULATION = {"UA": 50_000, "BY": 100_000, "MD": 100_000}
NEIGHBOUR_MIN_POPULATION = 250_000
NEIGHBOURS = {"PL", "SK", "HU", "RO", "RU", "GE", "TR", "BG", "LT", "LV", "EE"}


@lru_cache(maxsize=1)
def place_labels() -> tuple[dict[str, Any], ...]:
    """The larger places of the project's gazetteer as map labels (name, lat, lon, population),
    largest first."""
    text = resources.files("casefile.facts.data").joinpath("world.tsv").read_text("utf-8")
    out: list[dict[str, Any]] = []
    for line in text.splitlines()[1:]:
        parts = line.split("\t")
        if len(parts) < 6:
            continue
        name, country, lat, lon, pop = parts[1], parts[2], parts[3], parts[4], parts[5]
        try:
            people = int(pop)
        except ValueError:
            continue
        least = REGION_MIN_POPULATION.get(
            country, NEIGHBOUR_MIN_POPULATION if country in NEIGHBOURS else LABEL_MIN_POPULATION
        )
        if people >= least:
            out.append({"name": name, "lat": float(lat), "lon": float(lon), "population": people})
    out.sort(key=lambda p: -int(p["population"]))
    return tuple(out)


def map_layers(conn: Connection, data: dict[str, Any]) -> dict[str, Any]:
    """The map page's data: the incidents' FeatureCollection (``kind`` incident) with the
    geolocated evidence added (``kind`` evidence), the place labels and the base map's URL."""
    incidents = [
        {**f, "properties": {**f["properties"], "kind": "incident"}}
        for f in data.get("features", [])
    ]
    evidence = evidence_features(conn) if data.get("available", True) else []
    return {
        **data,
        "features": incidents + evidence,
        "incidents": len(incidents),
        "evidence": len(evidence),
        "labels": list(place_labels()),
        "basemap": BASEMAP_URL,
    }
