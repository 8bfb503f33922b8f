"""verify's check for witness records: rows must match their ledger events.

It needs no key: events record the SHA-256 of each stored ciphertext, so a changed or swapped
ciphertext is found by ``casefile verify`` even where nobody can decrypt it.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from sqlalchemy import Connection, select

from casefile.vault.integrity import Near, differs, matches, seqs_of_kind
from casefile.vault.workspace import Workspace
from casefile.witness.core import ct_sha256
from casefile.witness.schema import (
    statement_attachments,
    statement_facts,
    statements,
    witness_consents,
    witness_corrections,
    witness_data_keys,
    witnesses,
)
from casefile.witness.statements import attachment_meta_digest, facts_digest


def _event(ws: Workspace, conn: Connection, seq: int, kind: str) -> Any:
    try:
        event = ws.ledger.entry(conn, seq).event
    except LookupError:
        return None
    return event if event.kind == kind else None


def check_witnesses(ws: Workspace, conn: Connection, report: Any) -> None:
    from sqlalchemy import inspect

    if "witnesses" not in inspect(conn).get_table_names():
        return
    wrapped = {str(w) for w in conn.execute(select(witness_data_keys.c.witness_id)).scalars()}
    for row in conn.execute(select(witnesses).order_by(witnesses.c.id)):
        subject = f"witness {row.id} ({row.pseudonym})"
        event = _event(ws, conn, row.event_seq, "witness_added")
        if event is None or event.data.get("witness") != row.id:
            report.add("witness-without-event", subject, "its 'witness_added' event is missing")
            continue
        found = {
            "name": ct_sha256(row.name_ct),
            "contact": ct_sha256(row.contact_ct),
            "risk": ct_sha256(row.risk_ct),
        }
        logged = event.data.get("ciphertexts_sha256") or {}
        for f, digest in found.items():
            if logged.get(f) != digest:
                report.add(
                    "witness-changed",
                    subject,
                    f"the stored {f} ciphertext differs from the one logged",
                    logged.get(f),
                    digest,
                )
        if row.pseudonym != event.data.get("pseudonym"):
            report.add("witness-changed", subject, "pseudonym differs from the logged one")
        want = {k: event.data.get(k) for k in ("language", "interpreter", "interviewer")}
        _compare(report, f"witnesses row {row.id}", row.event_seq, want, row, event)
        if row.id not in wrapped:
            report.add("witness-key-missing", subject, "no wrapped data key is stored")
    for c in conn.execute(select(witness_consents).order_by(witness_consents.c.id)):
        event = _event(ws, conn, c.event_seq, "witness_consent")
        want = {
            "witness": c.witness_id,
            "scope": c.scope,
            "action": c.action,
            "given_on": c.given_on,
            "how": c.how,
        }
        if (event is not None and "note" in event.data) or c.note is not None:
            want["note"] = c.note
        if event is not None and event.data == want:
            stamps = {"recorded_by": event.actor, "recorded_at": Near(event.time)}
            _compare(report, f"witness_consents row {c.id}", c.event_seq, stamps, c, None)
        if event is None or event.data != want:
            report.add(
                "consent-changed",
                f"consent record {c.id} of witness {c.witness_id}",
                "differs from its 'witness_consent' event (or it has none)",
            )
    for c in conn.execute(select(witness_corrections).order_by(witness_corrections.c.id)):
        event = _event(ws, conn, c.event_seq, "witness_corrected")
        logged = [] if event is None else event.data.get("corrections") or []
        want = {"field": c.field, "token": c.token, "ciphertext_sha256": ct_sha256(c.value_ct)}
        if event is None or event.data.get("witness") != c.witness_id or want not in logged:
            report.add(
                "witness-changed",
                f"correction {c.id} of witness {c.witness_id}",
                "differs from its 'witness_corrected' event (or it has none)",
            )
        else:
            _compare(report, f"witness_corrections row {c.id}", c.event_seq,
                     {"reason": event.data.get("reason")}, c, event)  # fmt: skip
    for s in conn.execute(select(statements).order_by(statements.c.id)):
        _check_statement(ws, conn, report, s)
    _check_rows_present(conn, report)
    _check_keks(conn, report)


ROW_OF_KIND = {
    "witness_added": witnesses,
    "witness_consent": witness_consents,
    "witness_corrected": witness_corrections,
    "statement_added": statements,
}


def _check_rows_present(conn: Connection, report: Any) -> None:
    """Every witness event left its rows: a deleted witness, consent, correction or statement
    is named by the event that made it."""
    for kind, table in ROW_OF_KIND.items():
        have = set(conn.execute(select(table.c.event_seq)).scalars())
        for seq in seqs_of_kind(conn, (kind,)):
            if seq not in have:
                report.add("witness-row-missing", f"ledger entry {seq} ({kind})",
                           f"its {table.name} row is missing (deleted?)")  # fmt: skip


def _check_statement(ws: Workspace, conn: Connection, report: Any, s: Any) -> None:
    subject = f"statement {s.id}"
    event = _event(ws, conn, s.event_seq, "statement_added")
    if event is None or event.data.get("statement") != s.id:
        report.add("statement-without-event", subject, "its 'statement_added' event is missing")
        return
    d = event.data
    att_rows = conn.execute(
        select(statement_attachments)
        .where(statement_attachments.c.statement_id == s.id)
        .order_by(statement_attachments.c.id)
    ).all()
    atts = [str(a.item_sha256) for a in att_rows]
    fact_rows = conn.execute(
        select(statement_facts)
        .where(statement_facts.c.statement_id == s.id)
        .order_by(statement_facts.c.id)
    ).all()
    n_facts = len(fact_rows)
    if s.protected:
        meta = ct_sha256(s.text_meta_ct)
    else:
        meta = hashlib.sha256(s.text_meta.encode()).hexdigest() if s.text_meta else None
    checks = {
        "witness": (d.get("witness"), s.witness_id),
        "protected": (d.get("protected"), bool(s.protected)),
        "text item": (d.get("text_item"), s.text_item_sha256),
        "attachments": (d.get("attachments"), atts),
        "facts": (d.get("facts"), n_facts),
        "text meta": (d.get("text_meta_sha256"), meta),
        "incidents": (d.get("incidents"), json.loads(s.incidents)),
        "date": (d.get("taken_on"), s.taken_on),
        "place": (d.get("place"), s.place),
    }
    # logged since the crash-safe statement add; older events lack them
    if "attachment_meta_sha256" in d:
        metas = [attachment_meta_digest(a.meta, _bytes(a.meta_ct)) for a in att_rows]
        checks["attachment metadata"] = (d["attachment_meta_sha256"], metas)
    if "facts_sha256" in d:
        facts = [
            (f.kind, f.span_start, f.span_end, f.payload, _bytes(f.payload_ct)) for f in fact_rows
        ]
        checks["facts content"] = (d["facts_sha256"], facts_digest(facts))
    if "interviewer" in d:
        checks["interviewer"] = (d.get("interviewer"), s.interviewer)
    if "language" in d:
        checks["language"] = (d.get("language"), s.language)
    # a protected statement keeps its metadata only encrypted, an open one only in clear
    checks["metadata form"] = (
        [bool(s.protected), not s.protected],
        [s.text_meta_ct is not None, s.text_meta is not None],
    )
    checks["created"] = (
        [event.actor, True],
        [s.created_by, matches(Near(event.time), s.created_at)],
    )
    for a in att_rows:
        checks[f"attachment {a.id} form and event"] = (
            [bool(s.protected), not s.protected, s.event_seq],
            [bool(a.protected), a.meta is not None, a.event_seq],
        )
    for f in fact_rows:
        checks[f"fact {f.id} item and event"] = (
            [s.text_item_sha256, s.event_seq],
            [f.item_sha256, f.event_seq],
        )
    for what, (logged, stored) in checks.items():
        if logged != stored:
            report.add(
                "statement-changed",
                subject,
                f"its {what} differs from the logged one",
                json.dumps(logged),
                json.dumps(stored),
            )


def _compare(
    report: Any, subject: str, seq: Any, want: dict[str, Any], row: Any, event: Any
) -> None:
    if event is not None:
        want = {**want, "created_by": event.actor, "created_at": Near(event.time)}
    for column, value in want.items():
        if not matches(value, getattr(row, column)):
            differs(report, subject, column, seq, value, getattr(row, column), "witness")


def _bytes(value: Any) -> bytes | None:
    return None if value is None else bytes(value)


def _check_keks(conn: Connection, report: Any) -> None:
    """Which witness key is active is replayed from the key events: a key planted and marked
    active (so that new witnesses' data keys are wrapped for someone else) is named. A KEK's
    id is derived from the key itself, so another key cannot take a logged id."""
    from casefile.witness.schema import witness_keks

    want: dict[str, dict[str, Any]] = {}
    kinds = ("witness_key_created", "witness_key_rotation_started", "witness_key_rotated",
             "witness_key_rotation_abandoned")  # fmt: skip
    for _seq, ev in seqs_of_kind(conn, kinds).items():
        d = ev.data
        if ev.kind == "witness_key_created":
            want[str(d.get("kek_id"))] = {"state": "active", "kind": d.get("kind")}
        elif ev.kind == "witness_key_rotation_started":
            want[str(d.get("new"))] = {"state": "pending"}
        elif ev.kind == "witness_key_rotated":
            for k in want.values():
                if k["state"] == "active":
                    k["state"] = "retired"
            want.setdefault(str(d.get("new")), {})["state"] = "active"
        else:
            for kid in d.get("pending") or []:
                want.pop(str(kid), None)
    rows = {str(r.kek_id): r for r in conn.execute(select(witness_keks))}
    for kid in sorted(set(want) | set(rows)):
        row, expected = rows.get(kid), want.get(kid)
        subject = f"witness_keks row {kid}"
        if row is None:
            if expected is not None and expected.get("state") != "pending":
                report.add("witness-row-missing", subject, "a logged witness key has no row")
            continue
        if expected is None:
            report.add("witness-without-event", subject, "no key event made this witness key")
            continue
        for column, value in expected.items():
            if getattr(row, column) != value:
                differs(report, subject, column, "(key events)", value, getattr(row, column),
                        "witness")  # fmt: skip
