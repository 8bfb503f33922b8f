"""What witness data goes into exports (bags, data exports, reports).

* ``witness-statements`` (not protected): the statements whose text or attachments are among the
  exported items, by pseudonym, with date, place, interviewer, incidents, consent and, for
  unprotected statements, the text and facts. Only statements whose witness's current consent
  covers use by prosecutors (``EXPORT_USE``) go in; the others are named in
  ``witness/excluded.txt``.
* ``witness-identities`` (protected): names and contacts of those witnesses and the decrypted
  text and facts of their protected statements. The export stage includes it only when a role
  allowed to reveal asks for it, and records that as a 'witness_revealed' event.
"""

from __future__ import annotations

import html
import json
from typing import Any

from sqlalchemy import Connection, select

from casefile.errors import CasefileError
from casefile.export.providers import Provider, ReportSection, register
from casefile.vault.blobstore import BlobStore
from casefile.witness.core import consent_state, field_history
from casefile.witness.crypto import decrypt_stream, open_text
from casefile.witness.keys import keyring_for_connection
from casefile.witness.schema import statement_attachments, statement_facts, statements, witnesses
from casefile.witness.statements import StatementView, list_statements

EXPORT_USE = "prosecutors"
TABLES = ("witnesses", "statements", "statement_attachments", "statement_facts")


def statements_for_items(
    conn: Connection, shas: list[str], use: str = EXPORT_USE
) -> tuple[list[StatementView], list[str]]:
    """Statements whose text or attachment is among ``shas`` and whose consent covers ``use``,
    and a message for each one left out."""
    wanted = set(shas)
    ids = {
        r.id
        for r in conn.execute(select(statements.c.id, statements.c.text_item_sha256))
        if r.text_item_sha256 in wanted
    }
    ids |= {
        r.statement_id
        for r in conn.execute(
            select(statement_attachments.c.statement_id, statement_attachments.c.item_sha256)
        )
        if r.item_sha256 in wanted
    }
    kept, left = list_statements(conn, use=use)
    return [s for s in kept if s.id in ids], [e.message for e in left if e.statement_id in ids]


def withheld_items(conn: Connection, shas: list[str], use: str = EXPORT_USE) -> dict[str, str]:
    """Items among ``shas`` that belong to statements whose consent does not cover ``use``
    (their text or attachments), each with the message naming the statement. The export stage
    can drop these from a bag's payload; providers themselves cannot (they only add files)."""
    _, left = list_statements(conn, use=use)
    out: dict[str, str] = {}
    wanted = set(shas)
    for e in left:
        row = conn.execute(
            select(statements.c.text_item_sha256).where(statements.c.id == e.statement_id)
        ).one()
        items = [row.text_item_sha256] + [
            str(x)
            for x in conn.execute(
                select(statement_attachments.c.item_sha256).where(
                    statement_attachments.c.statement_id == e.statement_id
                )
            ).scalars()
        ]
        for sha in items:
            if sha in wanted:
                out[sha] = e.message
    return out


def _facts(conn: Connection, sid: str) -> list[dict[str, Any]]:
    rows = conn.execute(
        select(statement_facts)
        .where(statement_facts.c.statement_id == sid)
        .order_by(statement_facts.c.id)
    ).all()
    return [
        {
            "kind": r.kind,
            "item": r.item_sha256,
            "span": [r.span_start, r.span_end] if r.span_start is not None else None,
            "payload": json.loads(r.payload) if r.payload is not None else None,
        }
        for r in rows
    ]


def statement_files(conn: Connection, shas: list[str]) -> dict[str, bytes]:
    kept, left = statements_for_items(conn, shas)
    lines = []
    for s in kept:
        rec = s.as_json()
        rec["consent"] = consent_state(conn, s.witness_id)
        if not s.protected:
            # The text itself is the vault item text_item_sha256 (in the bag's payload).
            rec["facts"] = _facts(conn, s.id)
        else:
            rec["note"] = (
                "protected statement: its items are ciphertexts; text and facts only in "
                "witness/identities.jsonl when identities were explicitly included"
            )
        lines.append(json.dumps(rec, ensure_ascii=False, sort_keys=True))
    out: dict[str, bytes] = {}
    if lines:
        out["witness/statements.jsonl"] = ("\n".join(lines) + "\n").encode()
    if left:
        out["witness/excluded.txt"] = ("\n".join(left) + "\n").encode()
    return out


def identity_files(conn: Connection, shas: list[str]) -> dict[str, bytes]:
    """Identities and protected statement contents: only on an explicit, recorded reveal."""
    kept, _ = statements_for_items(conn, shas)
    if not kept:
        return {}
    ring = keyring_for_connection(conn)
    if ring.root is None:
        raise CasefileError("cannot find the workspace's blob store to decrypt statements")
    blobs = BlobStore(ring.root / "blobs")
    by_witness: dict[str, list[StatementView]] = {}
    for s in kept:
        by_witness.setdefault(s.witness_id, []).append(s)
    lines = []
    for wid, stmts in sorted(by_witness.items()):
        row = conn.execute(select(witnesses).where(witnesses.c.id == wid)).one()
        dk = ring.data_key(conn, wid)
        rec: dict[str, Any] = {"witness": wid, "pseudonym": row.pseudonym}
        for f in ("name", "contact"):
            rec[f] = field_history(conn, dk, row, f)[-1]["value"]  # the current (corrected) value
        rec["statements"] = []
        for s in stmts:
            entry: dict[str, Any] = {"statement": s.id}
            if s.protected:
                entry["text"] = None
                if s.text_item_sha256:
                    with blobs.open(s.text_item_sha256) as src:
                        entry["text"] = b"".join(
                            decrypt_stream(
                                dk, wid, f"statement:{s.id}:text", src, f"statement {s.id}"
                            )
                        ).decode()
                facts = _facts(conn, s.id)
                cts = conn.execute(
                    select(statement_facts.c.payload_ct)
                    .where(statement_facts.c.statement_id == s.id)
                    .order_by(statement_facts.c.id)
                ).scalars()
                for i, (fact, ct) in enumerate(zip(facts, cts, strict=True)):
                    body = open_text(
                        dk, wid, f"statement:{s.id}:fact:{i}", bytes(ct), f"statement {s.id}"
                    )
                    fact["payload"] = json.loads(body)
                entry["facts"] = facts
            rec["statements"].append(entry)
        lines.append(json.dumps(rec, ensure_ascii=False, sort_keys=True))
    return {"witness/identities.jsonl": ("\n".join(lines) + "\n").encode()}


def statement_sections(conn: Connection, shas: list[str]) -> list[ReportSection]:
    kept, left = statements_for_items(conn, shas)
    if not kept and not left:
        return []
    rows = "".join(
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>".format(
            html.escape(s.pseudonym),
            html.escape(s.taken_on or ""),
            html.escape(s.place or ""),
            html.escape(", ".join(s.incidents)),
            "protected" if s.protected else "",
        )
        for s in kept
    )
    body = (
        "<p>Witnesses are named by pseudonym only.</p>"
        "<table><tr><th>witness</th><th>date</th><th>place</th><th>incidents</th><th></th></tr>"
        f"{rows}</table>"
    )
    if left:
        body += "<ul>" + "".join(f"<li>{html.escape(m)}</li>" for m in left) + "</ul>"
    return [ReportSection("Witness statements", body, order=60)]


register(
    Provider(
        "witness-statements",
        files=statement_files,
        sections=statement_sections,
        tables=TABLES,
        doc="witness/statements.jsonl (pseudonyms, consent-filtered), witness/excluded.txt",
    )
)
register(
    Provider(
        "witness-identities",
        files=identity_files,
        tables=TABLES,
        protected=True,
        doc="witness/identities.jsonl: names, contacts, protected statement texts (on reveal)",
    )
)
