"""verify's check for the victim registry: lists, runs and decisions against their events.

Each import event carries a digest of the list's records, each linkage event digests of the
run's persons and links; a row changed or deleted after the fact no longer matches.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from typing import Any

import rfc8785
from sqlalchemy import Connection, select

from casefile.people.schema import (
    linkage_runs,
    person_members,
    record_links,
    review_decisions,
    victim_lists,
    victim_records,
)
from casefile.vault.integrity import JsonText, Near, differs, matches, seqs_of_kind
from casefile.vault.workspace import Workspace

RECORD_FIELDS = (
    "record_id", "row_number", "full_name", "given_name", "patronymic", "family_name", "sex",
    "birth_date", "age", "event_date", "place", "status", "notes", "extra",
)  # fmt: skip


def digest(rows: Iterable[Sequence[Any]]) -> str:
    return hashlib.sha256(rfc8785.dumps([list(r) for r in rows])).hexdigest()


def records_digest(records: Iterable[dict[str, Any]]) -> str:
    rows = sorted(records, key=lambda r: int(r["row_number"]))
    return digest([r.get(f) for f in RECORD_FIELDS] for r in rows)


def members_digest(rows: Iterable[dict[str, Any]]) -> str:
    ordered = sorted(rows, key=lambda r: int(r["record_pk"]))
    return digest([r["person_id"], r["record_pk"], r["match_probability"]] for r in ordered)


def links_digest(rows: Iterable[dict[str, Any]]) -> str:
    ordered = sorted(rows, key=lambda r: (int(r["record_l"]), int(r["record_r"])))
    return digest(
        [r["record_l"], r["record_r"], r["match_probability"], r["state"], r["decision"]]
        for r in ordered
    )


def _event(ws: Workspace, conn: Connection, seq: int) -> Any:
    try:
        return ws.ledger.entry(conn, seq).event
    except LookupError:
        return None


def _expected_keys(rec: Any, event_year: int | None) -> dict[str, Any]:
    """The match keys the import derives from a record's checked fields."""
    from casefile.people.names import NameParts
    from casefile.people.normalise import parse_partial_date, record_keys

    def partial(value: Any) -> Any:
        return parse_partial_date(value, earliest=1, latest=9999) if value else None

    parts = NameParts(rec.given_name, rec.patronymic, rec.family_name)
    keys = record_keys(
        parts, rec.sex, partial(rec.birth_date), rec.age, partial(rec.event_date), rec.place,
        event_year,
    )  # fmt: skip
    return {k: getattr(keys, k) for k in DERIVED}


DERIVED = (
    "given_key", "family_key", "patronymic_key", "sex_key", "birth_year_lo", "birth_year_hi",
    "place_key", "oblast",
)  # fmt: skip


def _list_row(ev: Any, lst: Any) -> dict[str, Any]:
    return {
        "source": ev.data.get("source"),
        "file_name": ev.data.get("file"),
        "sheet": ev.data.get("sheet"),
        "encoding": ev.data.get("encoding"),
        "mapping": JsonText(ev.data.get("mapping")),
        "rows": ev.data.get("rows"),
        "event_year": ev.data.get("event_year"),
        "created_by": ev.actor,
        "created_at": Near(ev.time),
    }


def _compare(report: Any, subject: str, seq: Any, want: dict[str, Any], row: Any) -> None:
    for column, value in want.items():
        if not matches(value, getattr(row, column)):
            differs(report, subject, column, seq, value, getattr(row, column), "victims")


def check_people(ws: Workspace, conn: Connection, report: Any) -> None:
    listed: set[int] = set()
    for lst in conn.execute(select(victim_lists).order_by(victim_lists.c.id)):
        subject = f"victim list {lst.source!r}"
        ev = _event(ws, conn, lst.event_seq)
        if ev is None or ev.kind != "victim_list_imported" or ev.item != lst.item_sha256:
            report.add("victims-without-event", subject, "its import event is missing")
            continue
        listed.add(lst.event_seq)
        _compare(report, f"victim_lists row {lst.id}", lst.event_seq, _list_row(ev, lst), lst)
        for rec in conn.execute(select(victim_records).where(victim_records.c.list_id == lst.id)):
            want: dict[str, Any] = {"source": lst.source}
            try:
                want.update(_expected_keys(rec, lst.event_year))
            except (ValueError, TypeError) as exc:
                report.add("victims-changed", f"victim_records row {rec.id}",
                           f"its fields cannot be read: {exc}")  # fmt: skip
                continue
            _compare(report, f"victim_records row {rec.id}", lst.event_seq, want, rec)
        recs = conn.execute(
            select(victim_records).where(victim_records.c.list_id == lst.id)
        ).mappings()
        found = records_digest([dict(r) for r in recs])
        if found != ev.data.get("records_sha256"):
            report.add("victims-changed", subject, "records differ from those imported",
                       ev.data.get("records_sha256"), found)  # fmt: skip
    _check_name_index(conn, report)
    for seq, ev in seqs_of_kind(conn, ("victim_list_imported",)).items():
        if seq not in listed:
            what = f"the list {ev.data.get('source')!r} has no victim_lists row (deleted?)"
            report.add("victims-row-missing", f"ledger entry {seq} (victim_list_imported)", what)
    runs: set[int] = set()
    for run in conn.execute(select(linkage_runs).order_by(linkage_runs.c.id)):
        subject = f"linkage run {run.id}"
        ev = _event(ws, conn, run.event_seq)
        if ev is None or ev.kind != "victims_linked":
            report.add("victims-without-event", subject, "its linkage event is missing")
            continue
        runs.add(run.event_seq)
        want = {k: ev.data.get(k) for k in RUN_FIELDS}
        want["thresholds"] = JsonText(ev.data.get("thresholds"))
        want.update(created_by=ev.actor, created_at=Near(ev.time))
        if "model_digest" in ev.data:  # the trained model the run stored as its settings
            want["settings"] = ev.data["model_digest"]
        _compare(report, f"linkage_runs row {run.id}", run.event_seq, want,
                 _RunView(run))  # fmt: skip
        members = conn.execute(
            select(person_members).where(person_members.c.run_id == run.id)
        ).mappings()
        links = conn.execute(select(record_links).where(record_links.c.run_id == run.id)).mappings()
        if members_digest([dict(m) for m in members]) != ev.data.get("members_sha256"):
            report.add("victims-changed", subject, "persons differ from those the run made")
        if links_digest([dict(x) for x in links]) != ev.data.get("links_sha256"):
            report.add("victims-changed", subject, "links differ from those the run scored")
    for seq in seqs_of_kind(conn, ("victims_linked",)):
        if seq not in runs:
            report.add("victims-row-missing", f"ledger entry {seq} (victims_linked)",
                       "the run has no linkage_runs row (deleted?)")  # fmt: skip
    refs = {
        r.id: f"{r.source}:{r.record_id}"
        for r in conn.execute(
            select(victim_records.c.id, victim_records.c.source, victim_records.c.record_id)
        )
    }
    decided: set[int] = set()
    for d in conn.execute(select(review_decisions).order_by(review_decisions.c.id)):
        ev = _event(ws, conn, d.event_seq)
        if ev is None or ev.kind != "victim_pair_reviewed":
            report.add("victims-without-event", f"review decision {d.id}",
                       "no matching 'victim_pair_reviewed' event")  # fmt: skip
            continue
        decided.add(d.event_seq)
        view = _DecisionView(d, refs)
        want = {k: ev.data.get(k) for k in ("decision", "reason", "record_l", "record_r", "run_id")}
        want.update(decided_by=ev.actor, decided_at=Near(ev.time))
        _compare(report, f"review_decisions row {d.id}", d.event_seq, want, view)
    for seq in seqs_of_kind(conn, ("victim_pair_reviewed",)):
        if seq not in decided:
            report.add("victims-row-missing", f"ledger entry {seq} (victim_pair_reviewed)",
                       "the decision has no review_decisions row (deleted?)")  # fmt: skip


RUN_FIELDS = ("model_version", "backend", "records", "persons", "links", "review_pairs")


class _RunView:
    """A linkage run row; its settings (the trained model) compared by the logged digest."""

    def __init__(self, row: Any) -> None:
        self._row = row

    def __getattr__(self, name: str) -> Any:
        if name == "settings":
            from casefile.people.model import model_digest

            try:
                return model_digest(json.loads(self._row.settings))
            except (TypeError, ValueError):
                return None
        return getattr(self._row, name)


class _DecisionView:
    """A decision row with its record keys as the event names them ('source:record_id')."""

    def __init__(self, row: Any, refs: dict[int, str]) -> None:
        self._row, self._refs = row, refs

    def __getattr__(self, name: str) -> Any:
        if name in ("record_l", "record_r"):
            return self._refs.get(getattr(self._row, name), getattr(self._row, name))
        return getattr(self._row, name)


def _check_name_index(conn: Connection, report: Any) -> None:
    """The name-search rows (``victim_names``, when the schema has them) are what the records'
    checked names give: a search cannot be made to miss or find a person by editing them."""
    from sqlalchemy import inspect, text

    if "victim_names" not in inspect(conn).get_table_names():
        return
    try:
        from casefile.people.name_search import name_row
    except ImportError:
        return
    found = {r.record_pk: r for r in conn.execute(text("SELECT * FROM victim_names"))}
    for rec in conn.execute(select(victim_records)):
        want = name_row(rec.id, rec._mapping)
        row = found.pop(rec.id, None)
        subject = f"victim_names row {rec.id}"
        if row is None:
            report.add("victims-row-missing", subject, "the record's name-search row is missing")
            continue
        for column in ("latin", "keys"):
            if getattr(row, column) != want[column]:
                differs(report, subject, column, "of its list", want[column],
                        getattr(row, column), "victims")  # fmt: skip
    for pk in sorted(found):
        report.add("victims-without-event", f"victim_names row {pk}", "no victim record has it")
