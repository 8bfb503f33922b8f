"""Row-versus-event checks that every stage's integrity module shares.

Every table a reader uses is a projection of the custody ledger: each row was written in the
transaction of the event that made it (its ``event_seq``), from the same values. A
:class:`RowSpec` says, per table, which event kinds make its rows and how each column follows
from the event (its signed body), from another checked row, or from the row's own checked
columns; :func:`check_spec` compares them and names table, row and column that differ. Every
event of a kind that must leave a row is matched too, so a deleted row is found.

Columns no reader treats as evidence (login throttling, caches, surrogate keys) are listed in
:data:`NOT_EVIDENTIAL` with the reason; ``tests/vault/test_verify_every_row.py`` walks every
table and column of the schema and fails for any column that is neither checked nor listed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Table, select

from casefile.vault.custody_ledger import Event
from casefile.vault.schema import ledger_entries

# (event, row) -> the value the column must hold
Expect = Callable[[Event, Any], Any]

# How far a row's created_at may be from its event's time: both are taken in the same
# transaction, moments apart (a long import stamps its rows before its event).
STAMP_TOLERANCE_S = 600.0


def data(key: str, default: Any = None) -> Expect:
    return lambda ev, row: ev.data.get(key, default)


def item(ev: Event, row: Any) -> Any:
    return ev.item


def actor(ev: Event, row: Any) -> Any:
    return ev.actor


def const(value: Any) -> Expect:
    return lambda ev, row: value


class JsonText:
    """Marks an expected value that the column stores as JSON text (compared parsed)."""

    def __init__(self, value: Any) -> None:
        self.value = value


def as_json(expect: Expect) -> Expect:
    return lambda ev, row: JsonText(expect(ev, row))


class Near:
    """Marks an expected timestamp: the column must be within STAMP_TOLERANCE_S of it."""

    def __init__(self, value: Any) -> None:
        self.value = value


def event_time(ev: Event, row: Any) -> Any:
    return Near(ev.time)


def _parse_time(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None


def matches(expected: Any, found: Any) -> bool:
    if isinstance(expected, JsonText):
        if found is None:
            return expected.value is None
        try:
            return bool(json.loads(found) == expected.value)
        except (TypeError, ValueError):
            return False
    if isinstance(expected, Near):
        a, b = _parse_time(expected.value), _parse_time(found)
        if a is None or b is None or (a.tzinfo is None) != (b.tzinfo is None):
            return False
        return abs((a - b).total_seconds()) <= STAMP_TOLERANCE_S
    if isinstance(expected, bool) or isinstance(found, bool):
        return expected is not None and found is not None and bool(expected) == bool(found)
    if isinstance(found, (bytes, memoryview)) and isinstance(expected, (bytes, memoryview)):
        return bytes(found) == bytes(expected)
    if isinstance(expected, float) or isinstance(found, float):
        try:
            return expected is not None and found is not None and float(expected) == float(found)
        except (TypeError, ValueError):
            return False
    # strict about type: "1" is not 1, 1 is not True (bools are handled above)
    return type(expected) is type(found) and bool(expected == found)


def show(value: Any) -> str:
    if isinstance(value, (JsonText, Near)):
        value = value.value
    if isinstance(value, (bytes, memoryview)):
        return bytes(value).hex()[:80]
    text = value if isinstance(value, str) else json.dumps(value, default=str, ensure_ascii=False)
    return text if len(text) <= 200 else text[:197] + "..."


STAMPS: dict[str, Expect] = {"created_by": actor, "created_at": event_time}


@dataclass(frozen=True)
class RowSpec:
    """How a table's rows follow from the events that made them."""

    table: Table
    kinds: tuple[str, ...]
    columns: Mapping[str, Expect]
    # every event of these kinds must have a row of this table (a deleted row is found)
    required: tuple[str, ...] = ()
    # only events whose data pass this predicate must have a row
    required_if: Callable[[Event], bool] | None = None
    seq_column: str = "event_seq"
    # rows made by these kinds are copies: compared with their original instead
    copy_kinds: tuple[str, ...] = ()
    # checks of a row against other rows (parents, originals), with the event
    extra: Callable[[Connection, Event, Any], Iterable[tuple[str, Any, Any]]] | None = None
    key: Callable[[Any], str] = field(default=lambda row: str(row.id))
    # problem kinds are '<problem>-changed', '<problem>-without-event', '<problem>-row-missing'
    problem: str = "row"


def events_at(conn: Connection, seqs: Iterable[int]) -> dict[int, Event | None]:
    """The events at the given ledger positions (None where the body is not an event)."""
    wanted = sorted({int(s) for s in seqs if s is not None})
    found: dict[int, Event | None] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        q = select(ledger_entries.c.seq, ledger_entries.c.body).where(
            ledger_entries.c.seq.in_(chunk)
        )
        for seq, body in conn.execute(q):
            found[int(seq)] = parse_event(body)
    return found


def parse_event(body: Any) -> Event | None:
    if not isinstance(body, (bytes, memoryview)):
        return None
    try:
        return Event.from_body(bytes(body))
    except (ValueError, KeyError, TypeError):
        return None


def seqs_of_kind(conn: Connection, kinds: Iterable[str]) -> dict[int, Event]:
    """Every event of the kinds, selected by the kind column (verify proves it equals the
    body's) and parsed from the signed body."""
    out: dict[int, Event] = {}
    q = (
        select(ledger_entries.c.seq, ledger_entries.c.body)
        .where(ledger_entries.c.kind.in_(list(kinds)))
        .order_by(ledger_entries.c.seq)
    )
    for seq, body in conn.execute(q):
        ev = parse_event(body)
        if ev is not None and ev.kind in kinds:
            out[int(seq)] = ev
    return out


def differs(
    report: Any,
    subject: str,
    column: str,
    seq: Any,
    expected: Any,
    found: Any,
    problem: str = "row",
) -> None:
    report.add(
        f"{problem}-changed",
        subject,
        f"column {column} differs from what its ledger event {seq} logged",
        show(expected),
        show(found),
    )


def check_spec(conn: Connection, report: Any, spec: RowSpec) -> None:
    table = spec.table
    rows = conn.execute(select(table)).all()
    seq_col = spec.seq_column
    events = events_at(conn, (getattr(r, seq_col) for r in rows))
    by_id = {r.id: r for r in rows} if "id" in table.c else {}
    seen: set[int] = set()
    for row in rows:
        seq = getattr(row, seq_col)
        subject = f"{table.name} row {spec.key(row)}"
        ev = events.get(int(seq)) if seq is not None else None
        if ev is None or ev.kind not in (*spec.kinds, *spec.copy_kinds):
            what = "missing" if ev is None else f"a {ev.kind!r}, not one that makes such rows"
            report.add(
                f"{spec.problem}-without-event",
                subject,
                f"its ledger event {seq} is {what} (column {seq_col})",
            )
            continue
        seen.add(int(seq))
        if ev.kind in spec.copy_kinds:
            _check_copy(report, subject, spec, row, by_id, seq)
            continue
        for column, expect in spec.columns.items():
            expected = expect(ev, row)
            found = getattr(row, column)
            if not matches(expected, found):
                differs(report, subject, column, seq, expected, found, spec.problem)
        if spec.extra is not None:
            for column, expected, found in spec.extra(conn, ev, row):
                if not matches(expected, found):
                    differs(report, subject, column, seq, expected, found, spec.problem)
    if spec.required:
        for seq, ev in seqs_of_kind(conn, spec.required).items():
            if seq in seen or (spec.required_if is not None and not spec.required_if(ev)):
                continue
            report.add(
                f"{spec.problem}-row-missing",
                f"ledger entry {seq} ({ev.kind})",
                f"its {table.name} row is missing (deleted?)",
            )


COPY_FREE = ("id", "incident_id", "copied_from", "event_seq")


def _check_copy(
    report: Any, subject: str, spec: RowSpec, row: Any, by_id: dict[Any, Any], seq: Any
) -> None:
    """A row copied by a merge or split holds its original's values (shows may be joined)."""
    original = by_id.get(getattr(row, "copied_from", None))
    if original is None:
        if "copied_from" in spec.table.c:
            report.add(
                f"{spec.problem}-without-event", subject, "the row it was copied from is missing"
            )
        return  # children of copied rows: the copy event holds no content to compare
    for column in spec.columns:
        if column in COPY_FREE or column == "shows":
            continue
        if not matches(getattr(original, column), getattr(row, column)):
            was, now = getattr(original, column), getattr(row, column)
            differs(report, subject, column, seq, was, now, spec.problem)


# ---- the explicit list of what verify does not check, with the reason -----------------------

NOT_EVIDENTIAL: dict[str, str] = {
    # surrogate keys: rows are bound to their events by event_seq; where an event names a row's
    # id (incident, claim, figure, witness, statement, token) the id is compared
    "*.id": "surrogate key assigned by the database; rows are tied to their events by "
    "event_seq, and ids that events name are compared where they are named",
    "pending_blobs.*": "crash recovery bookkeeping: blobs whose add has not committed; verify "
    "names any that are stale ('interrupted-add')",
    "web_login_attempts.*": "login throttling: counts of recent attempts, not evidence "
    "(blocked logins are summarised in 'web_login_blocked' events)",
    "web_sessions.*": "login sessions: short-lived authentication state; each login and "
    "logout is a ledger event",
    "alembic_version.*": "schema migration bookkeeping",
    "witness_keks.salt": "key derivation input: a wrong one derives another key, whose id "
    "then differs from the logged one, so unlocking fails; it cannot redirect or change data",
    "witness_keks.params": "key derivation input: as salt",
    "witness_keks.created_at": "when the key row was written (its event is in the ledger)",
    "witness_keks.activated_at": "when a rotated key became active (its event is in the ledger)",
    "witness_data_keys.*": "wrapped data keys: a wrong one fails decryption, it cannot change "
    "what a record says (ciphertexts are checked against their events)",
    "timestamp_tokens.id": "surrogate key",
}

# Columns readers use that verify cannot check yet, because no event logs them (the test keeps
# this list exact: a column checked later must leave it).
KNOWN_GAPS: dict[str, str] = {
    "record_links.match_weight": "not in the 'victims_linked' links digest (people/link.py "
    "would have to add it); match_probability, state and decision are checked",
    "record_links.evidence": "not in the 'victims_linked' links digest (people/link.py would "
    "have to add it)",
    "web_users.password_hash": "no event logs a digest of it, and a login rehashes it without "
    "an event (web/accounts.py would log 'password_hash_sha256'; verify compares it then)",
    "web_api_tokens.token_hash": "the 'api_token_created' event logs only the prefix "
    "(web/accounts.py would log 'token_hash'; verify compares it then)",
}


def not_evidential(table: str, column: str) -> str | None:
    """The reason a column is not checked, or None when verify must check it."""
    for key in (f"{table}.{column}", f"{table}.*", f"*.{column}"):
        if key in NOT_EVIDENTIAL:
            return NOT_EVIDENTIAL[key]
    if table.startswith("web_") and table.endswith(("_cache", "_index")):
        return "web page cache, rebuilt from checked rows"
    for index in FULL_TEXT_INDEXES:
        if table == index or table.startswith(index + "_"):
            return "full-text search index (SQLite FTS5 and its shadow tables) over checked rows"
    return None


# SQLite FTS5 indexes (each with shadow tables <name>_data, _idx, _content, _docsize, _config)
FULL_TEXT_INDEXES = ("web_search", "victim_names_trigrams")
