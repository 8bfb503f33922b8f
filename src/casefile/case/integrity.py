"""verify's check for the case: every case row must agree with the ledger event that made it.

Link tables are compared column by column with their events (``casefile.vault.integrity``);
incident versions are replayed from the incident events (created, updated, merged, split) and
compared whole, so an edited title, status or place, a deleted newest version or a deleted
incident is named.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, inspect, select

from casefile.case.schema import (
    best_figures,
    claim_assessments,
    claim_evidence,
    claim_members,
    claims,
    element_evidence,
    evidence_links,
    incident_figures,
    incident_versions,
    incidents,
    perpetrators,
    qualifications,
    verifications,
)
from casefile.vault.custody_ledger import Event
from casefile.vault.integrity import (
    STAMPS,
    Expect,
    JsonText,
    Near,
    RowSpec,
    as_json,
    check_spec,
    const,
    data,
    differs,
    item,
    matches,
    seqs_of_kind,
)
from casefile.vault.workspace import Workspace

COPY_KINDS = ("incident_merged", "incident_split")
INCIDENT_KINDS = ("incident_created", "incident_updated", *COPY_KINDS)
VERIFY_KEYS = ("aspect", "method", "incident")


def _payload(ev: Event, row: Any) -> Any:
    return {k: v for k, v in ev.data.items() if k not in VERIFY_KEYS}


def _member_claim(conn: Connection, ev: Event, row: Any) -> Iterable[tuple[str, Any, Any]]:
    if ev.kind == "case_claim_added":  # the claim made in the same event
        found = conn.execute(
            select(claims.c.id).where(claims.c.event_seq == row.event_seq)
        ).scalar_one_or_none()
        yield "claim_id", found, row.claim_id
    else:
        yield "claim_id", ev.data.get("claim"), row.claim_id


def _element_parent(conn: Connection, ev: Event, row: Any) -> Iterable[tuple[str, Any, Any]]:
    parent = conn.execute(
        select(qualifications.c.incident_id, qualifications.c.article).where(
            qualifications.c.id == row.qualification_id
        )
    ).one_or_none()
    logged = [ev.data.get("incident"), ev.data.get("article")]
    yield "qualification_id", logged, None if parent is None else list(parent)


def _grouping(ev: Event, row: Any) -> Any:
    return ev.data.get("grouping", "new")


def _spec(table: Any, kind: str, columns: dict[str, Expect], **kw: Any) -> RowSpec:
    return RowSpec(table, (kind,), {**columns, **STAMPS}, required=(kind,), problem="case", **kw)


SPECS: tuple[RowSpec, ...] = (
    _spec(
        incident_figures,
        "incident_figure_added",
        {
            "incident_id": data("incident"),
            "fact_id": data("fact"),
            "item_sha256": item,
            "contradiction_note": data("contradiction_note"),
            "copied_from": const(None),
        },
        copy_kinds=COPY_KINDS,
    ),
    _spec(
        best_figures,
        "incident_best_figure_chosen",
        {
            "incident_id": data("incident"),
            "category": data("category"),
            "figure_id": data("figure"),
            "reason": data("reason"),
        },
    ),
    _spec(
        evidence_links,
        "incident_evidence_linked",
        {
            "incident_id": data("incident"),
            "item_sha256": item,
            "evidence_kind": data("kind"),
            "shows": data("shows"),
            "copied_from": const(None),
        },
        copy_kinds=COPY_KINDS,
    ),
    _spec(
        verifications,
        "evidence_verified",
        {
            "item_sha256": item,
            "incident_id": data("incident"),
            "aspect": data("aspect"),
            "method": data("method"),
            "payload": as_json(_payload),
        },
    ),
    _spec(
        claims,
        "case_claim_added",
        {
            "incident_id": data("incident"),
            "statement": data("statement"),
            "stance": data("stance"),
            "copied_from": const(None),
        },
        copy_kinds=COPY_KINDS,
    ),
    RowSpec(
        claim_members,
        ("case_claim_added", "case_claim_grouped"),
        {"fact_id": data("fact"), "item_sha256": item, "grouping": _grouping, **STAMPS},
        required=("case_claim_added", "case_claim_grouped"),
        required_if=lambda ev: ev.data.get("fact") is not None,
        copy_kinds=COPY_KINDS,
        extra=_member_claim,
        problem="case",
    ),
    _spec(
        claim_evidence,
        "case_claim_evidence",
        {
            "claim_id": data("claim"),
            "item_sha256": item,
            "relation": data("relation"),
            "note": data("note"),
        },
        copy_kinds=COPY_KINDS,
    ),
    _spec(
        claim_assessments,
        "case_claim_assessed",
        {
            "claim_id": data("claim"),
            "assessment": data("assessment"),
            "reasoning": data("reasoning"),
        },
        copy_kinds=COPY_KINDS,
    ),
    _spec(
        qualifications,
        "legal_qualified",
        {
            "incident_id": data("incident"),
            "article": data("article"),
            "note": data("note"),
            "copied_from": const(None),
        },
        copy_kinds=COPY_KINDS,
    ),
    _spec(
        element_evidence,
        "legal_element_evidence",
        {"element": data("element"), "item_sha256": item, "note": data("note")},
        copy_kinds=COPY_KINDS,
        extra=_element_parent,
    ),
    _spec(
        perpetrators,
        "perpetrator_alleged",
        {
            "incident_id": data("incident"),
            "name": data("name"),
            "kind": data("kind"),
            "item_sha256": item,
            "fact_id": data("fact"),
            "note": data("note"),
            "copied_from": const(None),
        },
        copy_kinds=COPY_KINDS,
    ),
)


def check_case(ws: Workspace, conn: Connection, report: Any) -> None:
    if "incident_versions" not in inspect(conn).get_table_names():
        return
    for spec in SPECS:
        check_spec(conn, report, spec)
    _check_incidents(conn, report)


# ---- incidents and their versions, replayed -------------------------------------------------

DEFAULTS: dict[str, Any] = {
    "description": "",
    "incident_type": "unspecified",
    "status": "reported",
    "places": [],
    "period_start": None,
    "period_end": None,
    "period_precision": None,
    "state": "open",
    "successors": [],
    "predecessors": [],
    "from_fact": None,
    "reason": None,
}
JSON_COLUMNS = ("places", "successors", "predecessors")


def _replay(conn: Connection) -> list[tuple[int, int, Event, dict[str, Any]]]:
    """(incident, seq, event, values) of every version the incident events make, in order."""
    current: dict[int, dict[str, Any]] = {}
    out: list[tuple[int, int, Event, dict[str, Any]]] = []

    def add(incident: int, seq: int, ev: Event, values: dict[str, Any]) -> None:
        current[incident] = values
        out.append((incident, seq, ev, values))

    split_parts: dict[int, list[int]] = {}
    for seq, ev in seqs_of_kind(conn, INCIDENT_KINDS).items():
        d: dict[str, Any] = ev.data
        new: Any = d.get("incident")
        if not isinstance(new, int):
            continue  # not an incident event casefile writes: the row checks name its rows
        if ev.kind == "incident_updated":
            base = current.get(new, dict(DEFAULTS))
            add(int(new), seq, ev, {**base, **(d.get("changes") or {}), "reason": d.get("reason"),
                                    "from_fact": None})  # fmt: skip
            continue
        values = {**DEFAULTS, **(d.get("version") or {})}
        if ev.kind == "incident_created":
            values["from_fact"] = d.get("from_fact")
            add(int(new), seq, ev, values)
            continue
        olds: list[Any] = (
            (d.get("merged") or []) if ev.kind == "incident_merged" else [d.get("split")]
        )
        olds = [o for o in olds if isinstance(o, int)]
        values.update(predecessors=olds, reason=d.get("reason"), from_fact=None)
        add(int(new), seq, ev, values)
        if ev.kind == "incident_split":
            parts = split_parts.setdefault(int(d["split"]), [])
            parts.append(int(new))
            if d.get("part") != "rest":
                continue  # the old incident is closed with the rest's event
            successors, state = parts, "split"
        else:
            successors, state = [int(new)], "merged"
        for old in olds:
            base = current.get(old, dict(DEFAULTS))
            add(old, seq, ev, {**base, "state": state, "successors": successors,
                                    "reason": d.get("reason"), "from_fact": None})  # fmt: skip
    return out


def _check_incidents(conn: Connection, report: Any) -> None:
    expected = _replay(conn)
    rows = {
        (r.incident_id, r.version): r
        for r in conn.execute(select(incident_versions).order_by(incident_versions.c.id))
    }
    made: dict[int, str] = {}
    versions: dict[int, int] = {}
    seen_rows: dict[tuple[int, int], Any] = {}
    for incident, seq, ev, values in expected:
        version = versions[incident] = versions.get(incident, 0) + 1
        made.setdefault(incident, ev.time)
        row = rows.pop((incident, version), None)
        if row is not None:
            seen_rows[(incident, version)] = row
        subject = f"incident_versions row of incident {incident} version {version}"
        if row is None:
            report.add(
                "case-row-missing",
                f"ledger entry {seq} ({ev.kind})",
                f"incident {incident}'s version {version} is missing (deleted?)",
            )
            continue
        subject = f"incident_versions row {row.id} (incident {incident} version {version})"
        want: dict[str, Any] = {
            k: JsonText(values[k]) if k in JSON_COLUMNS else values[k] for k in DEFAULTS
        }
        want.update(title=values.get("title"), event_seq=seq, created_by=ev.actor)
        want["created_at"] = Near(ev.time)
        for column, value in want.items():
            if not matches(value, getattr(row, column)):
                differs(report, subject, column, seq, value, getattr(row, column), "case")
    for (incident, version), row in sorted(rows.items()):
        report.add(
            "case-without-event",
            f"incident_versions row {row.id} (incident {incident} version {version})",
            "no incident event makes this version",
        )
    newest: dict[int, int] = {}
    for (incident, _version), row in sorted(seen_rows.items()):
        newest[incident] = row.id
    # readers pick the current versions by this mark (when the schema has the column)
    for (incident, version), row in sorted(seen_rows.items()):
        is_newest = row.id == newest[incident]
        marked = bool(row._mapping.get("is_current", is_newest))
        if marked != is_newest:
            subject = f"incident_versions row {row.id} (incident {incident} version {version})"
            differs(report, subject, "is_current", "", is_newest, marked, "case")
    found = {r.id: r for r in conn.execute(select(incidents))}
    for incident, at in sorted(made.items()):
        inc = found.pop(incident, None)
        if inc is None:
            report.add("case-row-missing", f"incident {incident}", "its incidents row is missing")
        elif not matches(Near(at), inc.created_at):
            differs(
                report, f"incidents row {incident}", "created_at", "", at, inc.created_at, "case"
            )
        # readers join the current version through it (when the schema has the column)
        current = inc._mapping.get("current_version_id", newest.get(incident)) if inc else None
        if inc is not None and current != newest.get(incident):
            differs(report, f"incidents row {incident}", "current_version_id", "",
                    newest.get(incident), current, "case")  # fmt: skip
    for incident in sorted(found):
        report.add("case-without-event", f"incidents row {incident}", "no event made it")
