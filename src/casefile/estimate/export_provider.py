"""What the estimates contribute to bags, data exports and reports: the latest stored run."""

from __future__ import annotations

import base64
import io
import json
import tempfile
from html import escape
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from casefile.estimate.plots import plot_estimates
from casefile.estimate.store import StoredRun, latest_run
from casefile.estimate.words import METHOD_WORDS, TOLLS_AND_ESTIMATE, counted
from casefile.export.cells import SafeCsvWriter
from casefile.export.providers import Provider, ReportSection, register


def estimate_files(conn: Connection, shas: list[str]) -> dict[str, bytes]:
    found = latest_run(conn)
    if found is None:
        return {}
    buf = io.StringIO()
    writer = SafeCsvWriter(buf, lineterminator="\r\n")  # strata are imported text
    writer.writerow(
        [
            "run_id",
            "method",
            "stratum",
            "observed",
            "estimate",
            "lower",
            "upper",
            "interval",
            "input_sha256",
            "warnings",
        ]
    )
    for r in found.all:
        writer.writerow(
            [
                found.run_id,
                r.method,
                r.stratum or "all",
                r.observed,
                _num(r.estimate),
                _num(r.lower),
                _num(r.upper),
                r.interval,
                found.input_sha256,
                " | ".join(r.warnings),
            ]
        )
    payload = {
        "run_id": found.run_id,
        "method": found.method,
        "input_kind": found.input_kind,
        "input_sha256": found.input_sha256,
        "created_by": found.created_by,
        "created_at": found.created_at,
        "ledger_seq": found.event_seq,
        "results": [r.as_json() for r in found.all],
    }
    return {
        "estimates.csv": buf.getvalue().encode(),
        "estimates.json": json.dumps(payload, indent=1, ensure_ascii=False).encode() + b"\n",
    }


def estimate_sections(conn: Connection, shas: list[str]) -> list[ReportSection]:
    found = latest_run(conn)
    if found is None:
        return []
    return [ReportSection("Estimated total (multiple systems estimation)", _html(found), 70)]


def _html(found: StoredRun) -> str:
    rows = "".join(
        f"<tr><td>{escape(r.stratum or 'all')}</td><td>{r.observed:,}</td>"
        f"<td>{_fmt(r.estimate)}</td><td>{_fmt(r.lower)} – {_fmt(r.upper)}</td></tr>"
        for r in found.all
    )
    warnings = "".join(f"<li>{escape(w)}</li>" for r in found.all for w in r.warnings)
    kind = "posterior median" if found.method in ("dga", "lcmcr") else "estimate"
    name, how = METHOD_WORDS.get(found.method, (found.method, ""))
    return (
        f"<p><b>{escape(name[:1].upper() + name[1:])}.</b> {escape(how)}</p>"
        f"<p>{escape(counted(found.all))} {escape(TOLLS_AND_ESTIMATE)}</p>"
        f"<p>Method: <b>{escape(found.method)}</b>, computed {escape(found.created_at)} by "
        f"{escape(found.created_by)} from the capture histories in item "
        f"<code>{escape(found.input_sha256)}</code> (ledger entry {found.event_seq}). "
        "The interval is the 95% interval; the documented count is what the lists hold.</p>"
        f"<table><tr><th>stratum</th><th>documented</th><th>{kind}</th><th>95% interval</th></tr>"
        f"{rows}</table>"
        f'<img alt="estimates against documented counts" src="{_plot(found)}">'
        + _linkage_html(found)
        + (f"<p>Warnings:</p><ul>{warnings}</ul>" if warnings else "")
    )


def linkage_of(found: StoredRun) -> dict[str, Any] | None:
    """The linkage diagnostics stored with the run (on the whole table, or the total)."""
    for r in reversed(found.all):
        info = r.diagnostics.get("linkage")
        if isinstance(info, dict):
            return info
    return None


def _linkage_html(found: StoredRun) -> str:
    """The review queue and the estimate at both of its ends, as stored with the run."""
    info = linkage_of(found)
    if info is None:
        return ""
    bounds = info.get("linkage_bounds") or {}

    def row(key: str, label: str) -> str:
        b = bounds.get(key) or {}
        if b.get("refused"):
            cells = f'<td colspan="2">no estimate: {escape(str(b["refused"]))}</td>'
        else:
            cells = (
                f"<td>{_fmt(b.get('estimate'))}</td>"
                f"<td>{_fmt(b.get('lower'))} – {_fmt(b.get('upper'))}</td>"
            )
        return f"<tr><td>{label}</td><td>{int(b.get('persons') or 0):,}</td>{cells}</tr>"

    draws = next((r.diagnostics["draws"] for r in found.all if r.diagnostics.get("draws")), None)
    drawn = ""
    if isinstance(draws, dict):
        drawn = (
            f"<p>The estimate combines {int(draws.get('draws') or 0)} alternative linkages drawn "
            "from the match probabilities (pending pairs included) and, for pairs the blocking "
            f"never compared, a blocking recall of {float(draws.get('blocking_recall') or 1):g} "
            f"({escape(str(draws.get('blocking_recall_source') or ''))}).</p>"
        )
    return (
        f"<p>Linkage (run {escape(str(info.get('run_id')))}): "
        f"<b>{int(info.get('pending_review_pairs') or 0):,}</b> pairs await review against "
        f"{int(info.get('links') or 0):,} accepted links. The estimate at both ends of the "
        "review queue:</p>"
        "<table><tr><th>pending pairs</th><th>persons</th><th>estimate</th>"
        "<th>95% interval</th></tr>"
        + row("all_same", "all the same person")
        + row("all_different", "all different")
        + "</table>"
        + drawn
    )


def _plot(found: StoredRun) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        out = plot_estimates(
            found.all,
            Path(tmp) / "estimates.png",
            title=f"Documented and estimated ({found.method})",
        )
        return "data:image/png;base64," + base64.b64encode(out.read_bytes()).decode()


def _num(v: float | None) -> str:
    return "" if v is None else f"{v:.6g}"


def _fmt(v: Any) -> str:
    return "–" if v is None else f"{v:,.0f}"


register(
    Provider(
        "estimates",
        files=estimate_files,
        sections=estimate_sections,
        tables=("estimates",),
        doc="estimates.csv, estimates.json (the latest stored estimation run)",
    )
)
