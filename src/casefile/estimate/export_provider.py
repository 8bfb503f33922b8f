"""What the estimates contribute to bags, data exports and reports: the latest stored run."""

from __future__ import annotations

import base64
import csv
import io
import json
import tempfile
from html import escape
from pathlib import Path

from sqlalchemy import Connection

from casefile.estimate.plots import plot_estimates
from casefile.estimate.store import StoredRun, latest_run
from casefile.export.providers import Provider, ReportSection, register


def estimate_files(conn: Connection, shas: list[str]) -> dict[str, bytes]:
    found = latest_run(conn)
    if found is None:
        return {}
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
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
    return (
        f"<p>Method: <b>{escape(found.method)}</b>, computed {escape(found.created_at)} by "
        f"{escape(found.created_by)} from the capture histories in item "
        f"<code>{escape(found.input_sha256)}</code> (ledger entry {found.event_seq}). "
        "The interval is the 95% interval; the documented count is what the lists hold.</p>"
        f"<table><tr><th>stratum</th><th>documented</th><th>{kind}</th><th>95% interval</th></tr>"
        f"{rows}</table>"
        f'<img alt="estimates against documented counts" src="{_plot(found)}">'
        + (f"<p>Warnings:</p><ul>{warnings}</ul>" if warnings else "")
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


def _fmt(v: float | None) -> str:
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
