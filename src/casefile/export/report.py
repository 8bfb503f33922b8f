"""The case report: what a reader needs, in HTML or PDF, every figure tied to an item's hash.

Sections appear only when the workspace has their data; later stages add theirs through
``casefile.export.providers`` (victims, estimates, ...). The report is written beside OUT and
renamed into place, and recorded as an 'exported' event citing the signed checkpoint.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from matplotlib.figure import Figure
from sqlalchemy import Connection, inspect, select

from casefile import __version__
from casefile.errors import CasefileError
from casefile.export.providers import ReportSection, collect_sections
from casefile.export.report_template import TEMPLATE
from casefile.vault.catalog import item_view
from casefile.vault.checkpoint import Checkpoint
from casefile.vault.custody_ledger import utc_now
from casefile.vault.workspace import Workspace

FORMATS = ("html", "pdf")


@dataclass
class ReportData:
    title: str
    generated_at: str
    origin: str
    checkpoint_size: int
    checkpoint_root: str
    items: list[dict[str, Any]] = field(default_factory=list)
    toll: list[dict[str, Any]] = field(default_factory=list)
    places: list[dict[str, Any]] = field(default_factory=list)
    claims: list[dict[str, Any]] = field(default_factory=list)
    evidence: list[dict[str, Any]] = field(default_factory=list)
    incidents: list[dict[str, Any]] = field(default_factory=list)
    # The incidents the case records for these items (their sections follow), for the summary.
    case_incidents: list[dict[str, Any]] = field(default_factory=list)
    charts: dict[str, str] = field(default_factory=dict)
    sections: list[ReportSection] = field(default_factory=list)

    @property
    def highest_count(self) -> int | None:
        """The highest figure reported as an exact count (not "at least", not a range)."""
        exact = [t["min"] for t in self.toll if t["min"] is not None and t["max"] == t["min"]]
        return max(exact) if exact else None

    @property
    def highest_floor(self) -> int | None:
        """The highest "at least" figure (a lower bound with no upper one)."""
        floors = [t["min"] for t in self.toll if t["min"] is not None and t["max"] is None]
        return max(floors) if floors else None

    @property
    def dates(self) -> list[str]:
        return sorted(d for i in self.items if (d := i["published"] or i["acquired_at"][:10]))


def gather(ws: Workspace, shas: list[str], title: str) -> ReportData:
    with ws.db.read() as conn:
        note = ws.ledger.latest_checkpoint(conn)
        if note is None:
            raise CasefileError("the ledger has no signed checkpoint yet")
        cp = Checkpoint.open(note, ws.verifier, ws.origin)
        data = ReportData(title, utc_now(), ws.origin, cp.size, base64.b64encode(cp.root).decode())
        published = _published(conn, shas)
        for sha in shas:
            v = item_view(conn, sha)
            custody = [
                {"seq": e.seq, **{k: json.loads(e.body)[k] for k in ("kind", "actor", "time")}}
                for e in ws.ledger.entries(conn, item=sha)
            ]
            data.items.append(
                {
                    "sha256": sha,
                    "name": (v.names or [sha[:12]])[0],
                    "sources": _source_labels(v.sources, (v.names or [""])[0]),
                    "media_type": v.media_type,
                    "size": v.size,
                    "acquired_at": v.first_acquired_at,
                    "published": published.get(sha),
                    "custody": custody,
                }
            )
        tables = set(inspect(conn).get_table_names())
        if {"facts", "documents"} <= tables:
            _facts(conn, data, published)
        if {"incidents", "incident_versions", "case_claims"} <= tables:
            data.case_incidents = _case_incidents(conn, shas)
        data.sections = collect_sections(conn, shas)
    # Tolls in the order they were reported (undated ones last), as the case's toll history.
    data.toll.sort(
        key=lambda t: (t["date"] is None, t["date"] or "", t["item_name"], tuple(t["span"] or ()))
    )
    data.items.sort(key=lambda i: (i["published"] or i["acquired_at"], i["sha256"]))
    if data.toll:
        data.charts["toll"] = _toll_chart(data.toll)
    if data.places:
        data.charts["map"] = _map_chart(data.places)
    return data


def _published(conn: Connection, shas: list[str]) -> dict[str, str]:
    if "documents" not in inspect(conn).get_table_names():
        return {}
    from casefile.ingest.schema import documents

    rows = conn.execute(
        select(documents.c.item_sha256, documents.c.published).where(
            documents.c.item_sha256.in_(shas)
        )
    )
    return {sha: pub for sha, pub in rows if pub}


def _facts(conn: Connection, data: ReportData, published: dict[str, str]) -> None:
    from casefile.ingest.corrections import current_facts

    names = {i["sha256"]: i["name"] for i in data.items}
    places: dict[str, dict[str, Any]] = {}
    for sha in names:
        when = published.get(sha)
        for f in current_facts(conn, item=sha):
            p = f.payload
            where = {"item": sha, "item_name": names[sha], "date": when, "span": f.span}
            if f.kind == "figure" and p.get("category") == "killed" and p.get("min") is not None:
                data.toll.append({**where, **p, "corrected": f.origin == "correction"})
            elif f.kind == "claim":
                data.claims.append({**where, **p})
            elif f.kind == "evidence":
                data.evidence.append({**where, **p})
            elif f.kind == "incident":
                data.incidents.append({**where, **p})
            elif f.kind == "place" and p.get("lat") is not None:
                entry = places.setdefault(p["name"], {**p, "mentions": 0, "items": set()})
                entry["mentions"] += len(p.get("spans") or [1])
                entry["items"].add(names[sha])
    data.places = sorted(places.values(), key=lambda p: -int(p["mentions"]))
    order = {"denies": 0, "accuses": 1, "asserts": 2}
    data.claims.sort(key=lambda c: (order.get(c.get("stance", ""), 3), c.get("actor") or ""))


def _source_labels(sources: list[str], item_name: str = "") -> list[str]:
    """Where items came from, for a reader: web addresses as they are; a file on the
    machine that added it by its file name only (the folders are that machine's, not the
    evidence's; the full path stays in the custody ledger), or as "local file" when that is
    the item's name."""
    out: list[str] = []
    for s in sources:
        if "://" in s and not s.startswith("file://"):
            label = s
        else:
            name = s.removeprefix("file://").replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
            label = f"local file {name}" if name and name != item_name else "local file"
        if label not in out:
            out.append(label)
    return out


def _case_incidents(conn: Connection, shas: list[str]) -> list[dict[str, Any]]:
    """The case's incidents for these items, as their sections show them: status, and the
    claims weighed against the evidence counted by stance."""
    try:
        from casefile.case.claims import claims_of
        from casefile.case.export_provider import incidents_for
    except ImportError:  # the case stage is not installed
        return []
    out = []
    for inc in incidents_for(conn, shas):
        stances: dict[str, int] = {}
        sources = 0
        for c in claims_of(conn, inc.id):
            stances[c.stance] = stances.get(c.stance, 0) + 1
            sources += len(c.members)
        out.append(
            {
                "id": inc.id,
                "title": inc.title,
                "status": inc.status,
                "claims": sum(stances.values()),
                "stances": stances,
                "claim_reports": sources,
            }
        )
    return out


def toll_range(t: dict[str, Any]) -> str:
    """A reported figure's range in words: "340", "20 or more", "300–400", "up to 50"."""
    lo, hi = t.get("min"), t.get("max")
    if lo is None and hi is None:
        return "not given"
    if lo is None:
        return f"up to {hi:,}"
    if hi is None:
        return f"{lo:,} or more"
    if hi == lo:
        return f"{lo:,}"
    return f"{lo:,}\u2013{hi:,}"


def plural(n: int, word: str, many: str | None = None) -> str:
    """A count with its noun: 1 denial, 2 denials, 0 denials."""
    return f"{n:,} {word if n == 1 else (many or word + 's')}"


STANCES = {
    "denies": "denial",
    "accuses": "accusation",
    "asserts": "assertion",
    "condemns": "condemnation",
}


def stance_count(n: int, stance: str) -> str:
    """A count of claims by stance in words: 2 denials, 1 accusation."""
    word = STANCES.get(stance)
    return plural(n, word) if word else f"{plural(n, 'claim')} that {stance!r}"


def _svg(fig: Figure) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight")
    return "data:image/svg+xml;base64," + base64.b64encode(buf.getvalue().encode()).decode()


def _toll_chart(toll: list[dict[str, Any]]) -> str:
    """Each reported toll at its report's date: a dot for an exact count, a bar for a range."""
    from datetime import date

    def date2num(d: date) -> float:  # matplotlib's date axis counts days since its 1970 epoch
        return float((d - date(1970, 1, 1)).days)

    fig = Figure(figsize=(7, 3.2))
    ax = fig.subplots()
    dated = [t for t in toll if t["date"]]
    for i, t in enumerate(dated or toll):
        x = date2num(date.fromisoformat(t["date"][:10])) if t["date"] else float(i)
        lo, hi = t["min"], t["max"] if t["max"] is not None else t["min"]
        if lo == hi:
            ax.plot([x], [lo], "o", color="#8b1a1a")
        else:
            ax.vlines([x], lo, hi, color="#c77", linewidth=6, alpha=0.6)
        ax.annotate(
            f"{t['text']} ({t.get('source') or t['item_name']})",
            (x, hi),
            textcoords="offset points",
            xytext=(6, -9 * (i % 4)),  # reports of one day share an x: stagger their labels
            fontsize=7,
        )
    days = sorted({t["date"][:10] for t in dated})
    if len(days) == 1:
        day = date2num(date.fromisoformat(days[0]))
        ax.set_xlim(day - 7, day + 14)
    if dated:
        ax.xaxis_date()
    ax.set_ylabel("reported killed")
    ax.set_ylim(bottom=0)
    ax.grid(alpha=0.3)
    fig.autofmt_xdate()
    return _svg(fig)


def _map_chart(places: list[dict[str, Any]]) -> str:
    """Places on a plain lon/lat plot: no map tiles, so nothing is fetched from anywhere."""
    fig = Figure(figsize=(6, 3.6))
    ax = fig.subplots()
    lons = [p["lon"] for p in places]
    lats = [p["lat"] for p in places]
    sizes = [30 + 25 * int(p["mentions"]) for p in places]
    ax.scatter(lons, lats, s=sizes, color="#1a4a8b", alpha=0.6)
    for p in places:
        ax.annotate(p["name"], (p["lon"], p["lat"]), xytext=(5, 5), textcoords="offset points")
    pad = max(0.05, (max(lons) - min(lons)) * 0.15, (max(lats) - min(lats)) * 0.15)
    ax.set_xlim(min(lons) - pad, max(lons) + pad)
    ax.set_ylim(min(lats) - pad, max(lats) + pad)
    ax.set_aspect(1 / max(0.2, _cos_deg(sum(lats) / len(lats))))
    ax.set_xlabel("longitude (°E)")
    ax.set_ylabel("latitude (°N)")
    ax.grid(alpha=0.3)
    return _svg(fig)


def _cos_deg(deg: float) -> float:
    import math

    return math.cos(math.radians(deg))


def render_html(data: ReportData) -> str:
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    env.filters["toll_range"] = toll_range
    env.filters["plural"] = plural
    env.filters["stance_count"] = stance_count
    return env.from_string(TEMPLATE).render(r=data, version=__version__)


def write_report(
    ws: Workspace, shas: list[str], out: Path, fmt: str, title: str = "Case report"
) -> Path:
    if fmt not in FORMATS:
        raise CasefileError(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    if not shas:
        raise CasefileError("nothing to report: no items selected")
    out = out.absolute()
    if out.exists():
        raise CasefileError(f"{out} already exists: choose a new file for the report")
    data = gather(ws, shas, title)
    html = render_html(data)
    if fmt == "pdf":
        try:
            from weasyprint import HTML
        except (ImportError, OSError) as exc:  # OSError: pango libraries missing
            raise CasefileError(f"PDF needs WeasyPrint and its pango libraries: {exc}") from None
        content = HTML(string=html).write_pdf()
        assert content is not None
    else:
        content = html.encode()
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.partial-", dir=out.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(content)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, out)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise CasefileError(f"could not write the report to {out}: {exc.strerror or exc}") from None
    ws.record_event(
        "exported",
        None,
        {
            "format": fmt,
            "to": str(out),
            "items": shas,
            "checkpoint_size": data.checkpoint_size,
            "sha256": hashlib.sha256(content).hexdigest(),
        },
    )
    return out
