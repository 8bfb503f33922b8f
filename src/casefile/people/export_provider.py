"""What the victim registry contributes to exports: victims.csv, capture_histories.csv and a
report section. Imported by ``casefile.export.providers`` when present.

Only lists whose file is among the exported items take part: a bag about one set of lists does
not carry records (or capture-history columns) of lists outside it.
"""

from __future__ import annotations

import io
from collections import Counter
from html import escape
from typing import Any

from sqlalchemy import Connection, select

from casefile.errors import CasefileError
from casefile.export.cells import SafeDictWriter
from casefile.export.providers import Provider, ReportSection, register
from casefile.people.registry import capture_histories, export_rows, persons
from casefile.people.review import latest_run_id, queue
from casefile.people.schema import linkage_runs, victim_lists

TABLES = ("victim_lists", "victim_records", "linkage_runs", "person_members", "record_links")


def _selected_lists(conn: Connection, shas: list[str]) -> list[dict[str, Any]]:
    chosen = set(shas)
    rows = [
        dict(r._mapping) for r in conn.execute(select(victim_lists).order_by(victim_lists.c.id))
    ]
    return [r for r in rows if r["item_sha256"] in chosen]


def _csv(rows: list[dict[str, Any]], columns: list[str]) -> bytes:
    buf = io.StringIO()
    # Imported cells are text from outside: formula-like ones are written as text.
    w = SafeDictWriter(buf, fieldnames=columns, lineterminator="\r\n", extrasaction="ignore")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue().encode()


def victims_files(conn: Connection, shas: list[str]) -> dict[str, bytes]:
    lists = _selected_lists(conn, shas)
    if not lists or latest_run_id(conn) is None:
        return {}
    names = {r["source"] for r in lists}
    rows = [r for r in export_rows(conn) if r["source"] in names]
    order, hist = capture_histories(conn, ["place", "sex"])
    keep = [s for s in order if s in names]
    hist = [h for h in hist if any(h[s] for s in keep)]
    out = {}
    if rows:
        out["victims.csv"] = _csv(rows, list(rows[0]))
    if hist and len(keep) >= 1:
        out["capture_histories.csv"] = _csv(hist, ["person_id", *keep, "place", "sex", "records"])
    return out


def victims_sections(conn: Connection, shas: list[str]) -> list[ReportSection]:
    lists = _selected_lists(conn, shas)
    run_id = latest_run_id(conn)
    if not lists:
        return []
    parts = [
        "<table><tr><th>list</th><th>records</th><th>file (SHA-256)</th><th>imported</th></tr>"
    ]
    for r in lists:
        parts.append(
            f"<tr><td>{escape(r['source'])}</td><td>{r['rows']}</td>"
            f"<td><code>{escape(r['item_sha256'])}</code></td>"
            f"<td>{escape(r['created_at'][:10])}</td></tr>"
        )
    parts.append("</table>")
    if run_id is None:
        parts.append("<p>The lists have not been linked yet.</p>")
        return [ReportSection("Victim registry", "\n".join(parts), order=60)]
    run = conn.execute(select(linkage_runs).where(linkage_runs.c.id == run_id)).one()
    names = {r["source"] for r in lists}
    try:
        ps = [p for p in persons(conn, run_id) if any(r["source"] in names for r in p.records)]
    except CasefileError:
        ps = []
    statuses = Counter((p.status or "unknown") for p in ps)
    conflicted = sum(1 for p in ps if p.conflicts)
    several = sum(1 for p in ps if len({r["source"] for r in p.records}) > 1)
    pending = len(queue(conn, run_id))
    parts.append(
        f"<p>Linkage run {run_id} ({escape(run.model_version)}, {escape(run.backend)}, "
        f"{escape(run.created_at[:19])}): {run.records} records, <b>{len(ps)} persons</b> with a "
        f"record in these lists, {several} of them on more than one list; {conflicted} persons "
        f"whose lists disagree (shown, not resolved); {pending} doubtful pairs awaiting review."
        "</p>"
    )
    parts.append("<table><tr><th>status</th><th>persons</th></tr>")
    for status, n in statuses.most_common():
        parts.append(f"<tr><td>{escape(status)}</td><td>{n}</td></tr>")
    parts.append("</table>")
    return [ReportSection("Victim registry", "\n".join(parts), order=60)]


register(
    Provider(
        "victims",
        files=victims_files,
        sections=victims_sections,
        tables=TABLES,
        doc="victims.csv (one row per source record with its person and link probability), "
        "capture_histories.csv (one row per person, 0/1 per list); a registry summary section",
    )
)
