"""Rebuild the web map's offline base map, src/casefile/web/static/basemap/countries.geojson.

Source: the npm package ``world-atlas`` 2.0.2 (ISC, Mike Bostock), Natural Earth 4.1.0
admin-0 countries (public domain) as TopoJSON. Obtain it without a network other than npm's
registry::

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz    # gives ./package/
    python scripts/build_basemap.py package/

Countries in and around Ukraine come from the 1:50m file, the rest of the world from 1:110m.
Each arc is simplified once (Douglas-Peucker, so shared borders stay shared) and coordinates are
rounded; the result is one GeoJSON FeatureCollection (``name``, ``iso_n3``, ``scale``).
Standard library only; not run by the tests.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

# Ukraine, its neighbours and the countries around the Black Sea and the Baltic, at 1:50m.
REGION = {
    "Ukraine",
    "Russia",
    "Belarus",
    "Moldova",
    "Poland",
    "Slovakia",
    "Hungary",
    "Romania",
    "Bulgaria",
    "Turkey",
    "Georgia",
    "Lithuania",
    "Latvia",
    "Estonia",
    "Czechia",
    "Austria",
    "Serbia",
    "Armenia",
    "Azerbaijan",
    "Finland",
}
OUT = Path(__file__).resolve().parent.parent / "src/casefile/web/static/basemap/countries.geojson"

Point = tuple[float, float]


def decode_arcs(topo: dict[str, Any]) -> list[list[Point]]:
    """The topology's arcs as absolute longitude/latitude (undoing quantization)."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)
    return arcs


def simplify(pts: list[Point], tol: float) -> list[Point]:
    """Douglas-Peucker, keeping both ends (iterative)."""
    if len(pts) < 3:
        return pts
    keep = [False] * len(pts)
    keep[0] = keep[-1] = True
    stack = [(0, len(pts) - 1)]
    while stack:
        a, b = stack.pop()
        (x1, y1), (x2, y2) = pts[a], pts[b]
        dx, dy = x2 - x1, y2 - y1
        norm = (dx * dx + dy * dy) ** 0.5
        best, at = -1.0, -1
        for i in range(a + 1, b):
            px, py = pts[i]
            if norm == 0:
                d = ((px - x1) ** 2 + (py - y1) ** 2) ** 0.5
            else:
                d = abs(dy * px - dx * py + x2 * y1 - y2 * x1) / norm
            if d > best:
                best, at = d, i
        if at >= 0 and best > tol:
            keep[at] = True
            stack += [(a, at), (at, b)]
    return [p for p, k in zip(pts, keep, strict=True) if k]


def ring(arcs: list[list[Point]], refs: list[int], digits: int) -> list[list[float]]:
    out: list[list[float]] = []
    for ref in refs:
        pts = arcs[ref] if ref >= 0 else arcs[~ref][::-1]
        for i, (x, y) in enumerate(pts):
            if out and i == 0:
                continue  # an arc starts where the last one ended
            p = [round(x, digits), round(y, digits)]
            if not out or p != out[-1]:
                out.append(p)
    return out


def polygons(geom: dict[str, Any]) -> list[list[list[int]]]:
    if geom["type"] == "Polygon":
        return [geom["arcs"]]
    if geom["type"] == "MultiPolygon":
        return list(geom["arcs"])
    return []


def features(path: Path, tol: float, digits: int, region: bool) -> list[dict[str, Any]]:
    topo = json.loads(path.read_text())
    arcs = [simplify(a, tol) for a in decode_arcs(topo)]
    out = []
    for g in topo["objects"]["countries"]["geometries"]:
        name = (g.get("properties") or {}).get("name", "")
        if (name in REGION) != region:
            continue
        polys = []
        for poly in polygons(g):
            rings = [ring(arcs, refs, digits) for refs in poly]
            rings = [r for r in rings if len(r) >= 4]
            if not rings:
                continue
            polys.append(rings)
        if not polys:
            continue
        out.append(
            {
                "type": "Feature",
                "properties": {
                    "name": name,
                    "iso_n3": g.get("id"),
                    "scale": "1:50m" if region else "1:110m",
                },
                "geometry": {"type": "MultiPolygon", "coordinates": polys},
            }
        )
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("package", type=Path, help="the unpacked world-atlas package folder")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    feats = features(args.package / "countries-50m.json", 0.02, 2, region=True)
    feats += features(args.package / "countries-110m.json", 0.1, 1, region=False)
    feats.sort(key=lambda f: f["properties"]["name"])
    doc = {
        "type": "FeatureCollection",
        "source": "Natural Earth 4.1.0 admin-0 countries (public domain) via world-atlas 2.0.2",
        "features": feats,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(doc, separators=(",", ":"), ensure_ascii=False) + "\n")
    print(f"{args.out}: {len(feats)} countries, {args.out.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
