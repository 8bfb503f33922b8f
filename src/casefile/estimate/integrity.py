"""verify's check for estimates: every stored estimate row is what its 'estimated' event logged."""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import Connection, inspect, select

from casefile.estimate.schema import estimates
from casefile.vault.integrity import JsonText, Near, differs, events_at, matches, seqs_of_kind
from casefile.vault.workspace import Workspace


def check_estimates(ws: Workspace, conn: Connection, report: Any) -> None:
    if "estimates" not in inspect(conn).get_table_names():
        return
    rows = conn.execute(select(estimates).order_by(estimates.c.id)).all()
    by_seq: dict[int, list[Any]] = {}
    for row in rows:
        by_seq.setdefault(int(row.event_seq), []).append(row)
    events = events_at(conn, by_seq)
    for seq, group in sorted(by_seq.items()):
        ev = events.get(seq)
        if ev is None or ev.kind != "estimated":
            for row in group:
                report.add("estimate-without-event", f"estimates row {row.id}",
                           f"its ledger event {seq} is not an 'estimated' event")  # fmt: skip
            continue
        results = ev.data.get("results") or []
        if len(results) != len(group):
            report.add("estimate-changed", f"ledger entry {seq} (estimated)",
                       "the number of stored estimate rows differs from the logged results",
                       str(len(results)), str(len(group)))  # fmt: skip
        for row, res in zip(group, results, strict=False):
            want: dict[str, Any] = {
                "run_id": ev.data.get("run_id"),
                "method": ev.data.get("method"),
                "stratum": res.get("stratum"),
                "is_total": bool(res.get("total")),
                "observed": res.get("observed"),
                "estimate": res.get("estimate"),
                "lower": res.get("lower"),
                "upper": res.get("upper"),
                "input_kind": ev.data.get("input_kind"),
                "input_sha256": ev.item,
                "lists": JsonText(ev.data.get("lists")),
                "settings": JsonText(ev.data.get("settings")),
                "created_by": ev.actor,
                "created_at": Near(ev.time),
            }
            found = {k: getattr(row, k) for k in want}
            if "result_sha256" in res:  # logged since issue 26
                want["interval"] = res.get("interval")
                want["result"] = res["result_sha256"]
                found["interval"] = row.interval
                found["result"] = hashlib.sha256(str(row.result).encode()).hexdigest()
            for column, value in want.items():
                if not matches(value, found[column]):
                    differs(report, f"estimates row {row.id}", column, seq, value, found[column],
                            "estimate")  # fmt: skip
    for seq in seqs_of_kind(conn, ("estimated",)):
        if seq not in by_seq:
            report.add("estimate-row-missing", f"ledger entry {seq} (estimated)",
                       "its estimates rows are missing (deleted?)")  # fmt: skip
