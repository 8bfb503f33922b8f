"""Statements: text and attachments in the vault (encrypted first when protected), facts.

A protected statement's text and every attachment of a protected statement are encrypted with
the witness's data key *before* they reach the vault: the vault item is the ciphertext, and the
plain text's SHA-256, the original file name and media type live only inside an encrypted
envelope in the database. Facts are extracted from the text in memory with the report
extractor (``casefile.facts.extract_facts``) and stored encrypted for protected statements.
"""

from __future__ import annotations

import hashlib
import io
import json
import secrets
import shutil
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import Connection, delete, insert, select

from casefile.errors import CasefileError
from casefile.roles import require_reveal, require_write
from casefile.vault.acquire import Acquirer, AddOptions, Pending
from casefile.vault.blobstore import open_private, owner_tag
from casefile.vault.custody_ledger import utc_now
from casefile.vault.recovery import recover
from casefile.vault.schema import pending_blobs
from casefile.vault.workspace import Transaction, Workspace
from casefile.witness.core import (
    check_date,
    check_scope,
    consent_state,
    ct_sha256,
    require_reason,
    witness_row,
)
from casefile.witness.crypto import (
    TamperedError,
    decrypt_stream,
    encrypt_stream,
    open_text,
    seal_text,
)
from casefile.witness.keys import KeyRing
from casefile.witness.schema import statement_attachments, statement_facts, statements, witnesses

TAG = "witness-statement"


@dataclass
class AttachmentView:
    id: int
    item_sha256: str
    protected: bool
    meta: dict[str, Any] | None  # None while protected and not revealed


@dataclass
class StatementView:
    id: str
    witness_id: str
    pseudonym: str
    taken_on: str | None
    place: str | None
    interviewer: str | None
    language: str | None
    incidents: list[str]
    protected: bool
    text_item_sha256: str | None
    attachments: list[AttachmentView] = field(default_factory=list)
    facts: int = 0
    fact_kinds: dict[str, int] = field(default_factory=dict)
    created_by: str = ""
    created_at: str = ""

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Exclusion:
    statement_id: str
    pseudonym: str
    message: str


def _fields(sid: str) -> dict[str, str]:
    return {"text": f"statement:{sid}:text", "meta": f"statement:{sid}:text-meta"}


def add_statement(
    ws: Workspace,
    ring: KeyRing | None,
    witness_id: str,
    *,
    text: str | None = None,
    files: Sequence[Path] = (),
    taken_on: str | None = None,
    place: str | None = None,
    interviewer: str | None = None,
    incidents: Sequence[str] = (),
    protected: bool = True,
    extract: bool = True,
    role: str = "investigator",
) -> StatementView:
    """Records a statement; protected ones need the witness key (``ring``).

    All or nothing, even under kill -9: the vault items (ciphertext when protected), their
    'acquired' events, the statement's rows and its 'statement_added' event commit in ONE
    transaction. Before it, the files are only staged (temp files of this process) or renamed
    into the blob store under a pending row; if the process dies there, nothing was recorded
    and the vault's crash recovery (run first by the next ``add_statement`` or ``casefile
    add``) removes those blobs.
    """
    require_write(role, "add statements")
    if text is not None and not text.strip():
        raise CasefileError("--text: the statement text is empty")
    if text is None and not files:
        raise CasefileError("a statement needs its text (FILE or --text) or an attachment")
    for f in files:
        if not f.is_file():
            raise CasefileError(f"{f}: no such file (statement attachment)")
    if taken_on is not None:
        taken_on = check_date(taken_on, "--date")
    if protected and ring is None:
        raise CasefileError("a protected statement needs the witness key: it is not loaded")
    sid = "s-" + secrets.token_hex(5)
    with ws.db.read() as conn:
        witness_row(conn, witness_id)
        dk = ring.data_key(conn, witness_id) if protected and ring is not None else None
    facts: list[tuple[str, int | None, int | None, dict[str, Any]]] = []
    language = None
    extraction_error = None
    if text is not None and extract:
        try:
            facts, language = _extract(text)
        except CasefileError as exc:  # the statement is still recorded, without facts
            extraction_error = str(exc)
    recover(ws)  # what an earlier add killed before its commit left (never recorded)
    tags = [TAG, "witness-protected"] if dk else [TAG]
    acq = Acquirer(ws, AddOptions(label=sid, tags=tags))
    try:
        text_sha = None
        if text is not None:
            raw = text.encode()
            if dk is not None:
                field_name = _fields(sid)["text"]
                pending = _stage(
                    ws,
                    acq,
                    f"statement-{sid}.cfwe",
                    lambda out: encrypt_stream(dk, witness_id, field_name, io.BytesIO(raw), out),
                )
            else:
                pending = _stage(ws, acq, f"statement-{sid}.txt", lambda out: out.write(raw))
            acq.batch.append(pending)
            text_sha = pending.staged.sha256
        metas: list[dict[str, Any]] = []
        for i, f in enumerate(files):
            metas.append({"name": f.name, "sha256": _sha256_file(f), "size": f.stat().st_size})
            if dk is not None:
                acq.batch.append(_stage_encrypted_file(ws, acq, dk, witness_id, sid, i, f))
            else:
                acq._add_file(str(f), f)  # staged as 'casefile add' does
                if acq.results:  # only failures are recorded before the commit
                    raise CasefileError("; ".join(f"{r.source}: {r.message}" for r in acq.results))
        shas = [p.staged.sha256 for p in acq.batch]
        if text_sha is not None:
            shas.pop(0)
        text_meta = None
        if text is not None:
            text_meta = {"sha256": hashlib.sha256(text.encode()).hexdigest(), "chars": len(text)}
        draft = _Draft(
            sid,
            witness_id,
            dk,
            text_sha,
            text_meta,
            shas,
            metas,
            facts,
            sorted(set(incidents)),
            taken_on,
            place,
            interviewer,
            language,
            extraction_error,
        )
        _commit(ws, acq, draft)
    finally:
        for p in acq.batch:
            ws.blobs.discard(p.staged)
    with ws.db.read() as conn:
        return get_statement(conn, sid)


def _stage(ws: Workspace, acq: Acquirer, name: str, write: Callable[[BinaryIO], Any]) -> Pending:
    """Writes a file of ours into the blob store's temp folder (named for this process, so the
    vault's recovery removes it if we die) and stages it under a neutral name."""
    tmp = ws.blobs.temp_path("witness", ".part")
    try:
        with tmp.open("wb") as out:
            write(out)
        staged = ws.blobs.stage_file(tmp)  # hashed and fsynced
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    record = acq._base_record("file")
    record["original_name"] = name
    return Pending(name, staged, record)


def _stage_encrypted_file(
    ws: Workspace, acq: Acquirer, dk: bytes, witness_id: str, sid: str, i: int, f: Path
) -> Pending:
    def write(out: BinaryIO) -> None:
        with f.open("rb") as src:
            encrypt_stream(dk, witness_id, f"statement:{sid}:attachment:{i}", src, out)

    return _stage(ws, acq, f"attachment-{sid}-{i}.cfwe", write)


def _commit(ws: Workspace, acq: Acquirer, draft: _Draft) -> None:
    """The vault's add protocol (see casefile.vault.acquire), with the statement's rows and
    event in the same transaction as the items and their 'acquired' events."""
    batch = acq.batch
    owner = owner_tag()
    try:
        ws.blobs.sync()  # every staged byte is on disk before any rename
        with ws.db.write() as conn:
            conn.execute(
                insert(pending_blobs),
                [
                    {"sha256": p.staged.sha256, "owner": owner, "created_at": utc_now()}
                    for p in batch
                ],
            )
        new = {p.staged.sha256 for p in batch if ws.blobs.commit(p.staged, sync_dir=False)}
        ws.blobs.sync()  # the renames are durable before their events commit
        with ws.transaction() as tx:
            acq._commit_batch(tx.conn, tx.record_many, batch, new)
            _store(tx, ws.actor, draft)
            tx.conn.execute(delete(pending_blobs).where(pending_blobs.c.owner == owner))
    except BaseException:
        recover(ws, owner=owner)  # undo this add's blobs; a kill -9 is undone by the next add
        raise


@dataclass
class _Draft:
    sid: str
    witness_id: str
    dk: bytes | None
    text_sha: str | None
    text_meta: dict[str, Any] | None
    shas: list[str]
    metas: list[dict[str, Any]]
    facts: list[tuple[str, int | None, int | None, dict[str, Any]]]
    incidents: list[str]
    taken_on: str | None
    place: str | None
    interviewer: str | None
    language: str | None
    extraction_error: str | None = None


def _store(tx: Transaction, actor: str, d: _Draft) -> None:
    sid, witness_id, dk, text_sha, text_meta = d.sid, d.witness_id, d.dk, d.text_sha, d.text_meta
    shas, metas, facts = d.shas, d.metas, d.facts
    meta_ct = None
    if dk is not None and text_meta is not None:
        meta_ct = seal_text(dk, witness_id, _fields(sid)["meta"], json.dumps(text_meta))
    att_rows: list[dict[str, Any]] = []
    for i, (sha, meta) in enumerate(zip(shas, metas, strict=True)):
        enc = (
            seal_text(dk, witness_id, f"statement:{sid}:attachment-meta:{i}", json.dumps(meta))
            if dk is not None
            else None
        )
        att_rows.append(
            {
                "statement_id": sid,
                "item_sha256": sha,
                "protected": dk is not None,
                "meta": None if dk is not None else json.dumps(meta),
                "meta_ct": enc,
            }
        )
    fact_rows: list[dict[str, Any]] = []
    for i, (kind, start, end, payload) in enumerate(facts):
        body = json.dumps(payload, ensure_ascii=False, sort_keys=True)
        fact_rows.append(
            {
                "statement_id": sid,
                "item_sha256": text_sha,
                "kind": kind,
                "span_start": start,
                "span_end": end,
                "payload": None if dk is not None else body,
                "payload_ct": seal_text(dk, witness_id, f"statement:{sid}:fact:{i}", body)
                if dk is not None
                else None,
            }
        )
    incidents = d.incidents
    data = {
        "statement": sid,
        "witness": witness_id,
        "protected": dk is not None,
        "taken_on": d.taken_on,
        "place": d.place,
        "interviewer": d.interviewer,
        "language": d.language,  # for verify (issue 26)
        "incidents": incidents,
        "text_item": text_sha,
        "attachments": shas,
        "facts": len(fact_rows),
        "extraction_error": d.extraction_error,
        "attachment_meta_sha256": [
            attachment_meta_digest(r["meta"], r["meta_ct"]) for r in att_rows
        ],
        "facts_sha256": facts_digest(
            [
                (r["kind"], r["span_start"], r["span_end"], r["payload"], r["payload_ct"])
                for r in fact_rows
            ]
        ),
        "text_meta_sha256": ct_sha256(meta_ct)
        if meta_ct is not None
        else (hashlib.sha256(json.dumps(text_meta).encode()).hexdigest() if text_meta else None),
    }
    seq = tx.record("statement_added", text_sha, data)
    tx.conn.execute(
        insert(statements).values(
            id=sid,
            witness_id=witness_id,
            taken_on=d.taken_on,
            place=d.place,
            interviewer=d.interviewer,
            language=d.language,
            incidents=json.dumps(incidents),
            protected=dk is not None,
            text_item_sha256=text_sha,
            text_meta=None if dk is not None or text_meta is None else json.dumps(text_meta),
            text_meta_ct=meta_ct,
            created_by=actor,
            created_at=utc_now(),
            event_seq=seq,
        )
    )
    for r in att_rows:
        r["event_seq"] = seq
    if att_rows:
        tx.conn.execute(insert(statement_attachments), att_rows)
    for r in fact_rows:
        r["event_seq"] = seq
    if fact_rows:
        tx.conn.execute(insert(statement_facts), fact_rows)


def attachment_meta_digest(meta: str | None, meta_ct: bytes | None) -> str | None:
    """What the 'statement_added' event logs of an attachment's metadata (clear or sealed)."""
    if meta_ct is not None:
        return ct_sha256(meta_ct)
    return hashlib.sha256(meta.encode()).hexdigest() if meta is not None else None


def facts_digest(
    facts: Sequence[tuple[str, int | None, int | None, str | None, bytes | None]],
) -> str:
    """One SHA-256 over a statement's facts in order: kind, span and payload (clear or sealed),
    so that verify notices a changed, swapped, added or removed fact without any key."""
    h = hashlib.sha256()
    for kind, start, end, payload, payload_ct in facts:
        body = ct_sha256(payload_ct) if payload_ct is not None else payload
        h.update(json.dumps([kind, start, end, body]).encode() + b"\n")
    return h.hexdigest()


def _extract(text: str) -> tuple[list[tuple[str, int | None, int | None, dict[str, Any]]], str]:
    """The report extractor, in memory: (kind, start, end, payload) per fact, and language."""
    from casefile.facts import extract_facts

    found = extract_facts(text)
    return [(r.kind, r.start, r.end, r.payload) for r in found.rows()], found.language


def _sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


# ---- reading --------------------------------------------------------------------------------


def _statement_row(conn: Connection, sid: str) -> Any:
    row = conn.execute(
        select(statements, witnesses.c.pseudonym)
        .join(witnesses, witnesses.c.id == statements.c.witness_id)
        .where(statements.c.id == sid)
    ).first()
    if row is None:
        raise CasefileError(f"no statement {sid!r} in this workspace")
    return row


def _view(conn: Connection, row: Any) -> StatementView:
    atts = conn.execute(
        select(statement_attachments)
        .where(statement_attachments.c.statement_id == row.id)
        .order_by(statement_attachments.c.id)
    ).all()
    kinds: dict[str, int] = {}
    for k in conn.execute(
        select(statement_facts.c.kind).where(statement_facts.c.statement_id == row.id)
    ).scalars():
        kinds[k] = kinds.get(k, 0) + 1
    return StatementView(
        row.id,
        row.witness_id,
        row.pseudonym,
        row.taken_on,
        row.place,
        row.interviewer,
        row.language,
        json.loads(row.incidents),
        bool(row.protected),
        row.text_item_sha256,
        [
            AttachmentView(a.id, a.item_sha256, bool(a.protected), json.loads(a.meta or "null"))
            for a in atts
        ],
        sum(kinds.values()),
        kinds,
        row.created_by,
        row.created_at,
    )


def get_statement(conn: Connection, sid: str) -> StatementView:
    """A statement's details with the pseudonym (no protected content, no event)."""
    return _view(conn, _statement_row(conn, sid))


def list_statements(
    conn: Connection,
    witness_id: str | None = None,
    use: str | None = None,
    incident: str | None = None,
) -> tuple[list[StatementView], list[Exclusion]]:
    """Statements (optionally of one witness / incident); with ``use``, those whose witness's
    consent does not cover that use are left out and named in the exclusions."""
    q = (
        select(statements, witnesses.c.pseudonym)
        .join(witnesses, witnesses.c.id == statements.c.witness_id)
        .order_by(statements.c.created_at, statements.c.id)
    )
    if witness_id is not None:
        q = q.where(statements.c.witness_id == witness_id)
    rows = conn.execute(q).all()
    if incident is not None:
        rows = [r for r in rows if incident in json.loads(r.incidents)]
    if use is None:
        return [_view(conn, r) for r in rows], []
    check_scope(use)
    kept, left = [], []
    states: dict[str, dict[str, bool]] = {}
    for r in rows:
        if r.witness_id not in states:
            states[r.witness_id] = consent_state(conn, r.witness_id)
        if states[r.witness_id][use]:
            kept.append(_view(conn, r))
        else:
            left.append(
                Exclusion(
                    r.id,
                    r.pseudonym,
                    f"statement {r.id} of {r.pseudonym} left out: the witness's consent does "
                    f"not cover use by {use}",
                )
            )
    return kept, left


@dataclass
class StatementContent:
    id: str
    text: str | None
    facts: list[dict[str, Any]]
    event_seq: int | None  # the reveal event, for protected statements


def read_statement(
    ws: Workspace,
    ring: KeyRing | None,
    sid: str,
    reason: str | None = None,
    role: str = "viewer",
) -> StatementContent:
    """Text and facts of a statement; for a protected one this is a reveal: role and reason
    are required and a 'witness_statement_read' event is recorded with the read."""
    with ws.db.read() as conn:
        row = _statement_row(conn, sid)
        if not row.protected:
            text = None
            if row.text_item_sha256:
                text = ws.blobs.path_for(row.text_item_sha256).read_bytes().decode()
            facts = [
                _fact_dict(f, json.loads(f.payload))
                for f in conn.execute(
                    select(statement_facts)
                    .where(statement_facts.c.statement_id == sid)
                    .order_by(statement_facts.c.id)
                )
            ]
            return StatementContent(sid, text, facts, None)
    require_reveal(role, f"protected statement {sid}")
    why = require_reason(reason, f"statement {sid}")
    if ring is None:
        raise CasefileError(f"statement {sid} is protected and the witness key is not loaded")
    with ws.transaction() as tx:
        wid = row.witness_id
        dk = ring.data_key(tx.conn, wid)
        text = None
        if row.text_item_sha256:
            with ws.blobs.open(row.text_item_sha256) as src:
                plain = b"".join(
                    decrypt_stream(dk, wid, _fields(sid)["text"], src, f"statement {sid} text")
                )
            meta = json.loads(
                open_text(
                    dk,
                    wid,
                    _fields(sid)["meta"],
                    bytes(row.text_meta_ct),
                    f"statement {sid} text metadata",
                )
            )
            if hashlib.sha256(plain).hexdigest() != meta["sha256"]:
                raise TamperedError(f"statement {sid}: the decrypted text is not the one stored")
            text = plain.decode()
        facts = []
        rows = tx.conn.execute(
            select(statement_facts)
            .where(statement_facts.c.statement_id == sid)
            .order_by(statement_facts.c.id)
        ).all()
        for i, f in enumerate(rows):
            body = open_text(
                dk, wid, f"statement:{sid}:fact:{i}", bytes(f.payload_ct), f"statement {sid} fact"
            )
            facts.append(_fact_dict(f, json.loads(body)))
        seq = tx.record(
            "witness_statement_read",
            row.text_item_sha256,
            {"statement": sid, "witness": wid, "reason": why, "role": role},
        )
    return StatementContent(sid, text, facts, seq)


def _fact_dict(row: Any, payload: dict[str, Any]) -> dict[str, Any]:
    span = [row.span_start, row.span_end] if row.span_start is not None else None
    return {"kind": row.kind, "item": row.item_sha256, "span": span, "payload": payload}


def save_attachments(
    ws: Workspace,
    ring: KeyRing | None,
    sid: str,
    dest: Path,
    reason: str | None = None,
    role: str = "viewer",
) -> list[Path]:
    """Writes a statement's attachments (decrypted if protected: a reveal) into ``dest``."""
    with ws.db.read() as conn:
        row = _statement_row(conn, sid)
        atts = conn.execute(
            select(statement_attachments)
            .where(statement_attachments.c.statement_id == sid)
            .order_by(statement_attachments.c.id)
        ).all()
    dest.mkdir(parents=True, exist_ok=True)
    out: list[Path] = []
    if not row.protected:
        for a in atts:
            meta = json.loads(a.meta)
            target = dest / Path(meta["name"]).name
            with ws.blobs.open(a.item_sha256) as src, open_private(target) as f:  # 0600
                shutil.copyfileobj(src, f)
            out.append(target)
        return out
    require_reveal(role, f"attachments of protected statement {sid}")
    why = require_reason(reason, f"the attachments of statement {sid}")
    if ring is None:
        raise CasefileError(f"statement {sid} is protected and the witness key is not loaded")
    wid = row.witness_id
    with ws.transaction() as tx:
        dk = ring.data_key(tx.conn, wid)
        for i, a in enumerate(atts):
            what = f"statement {sid} attachment {i}"
            meta = json.loads(
                open_text(dk, wid, f"statement:{sid}:attachment-meta:{i}", bytes(a.meta_ct), what)
            )
            target = dest / Path(meta["name"]).name
            part = target.with_name(target.name + ".part")
            h = hashlib.sha256()
            try:
                with ws.blobs.open(a.item_sha256) as src, open_private(part) as f:  # 0600
                    field_name = f"statement:{sid}:attachment:{i}"
                    for chunk in decrypt_stream(dk, wid, field_name, src, what):
                        h.update(chunk)
                        f.write(chunk)
                if h.hexdigest() != meta["sha256"]:
                    raise TamperedError(f"{what}: the decrypted file is not the one stored")
            except BaseException:
                part.unlink(missing_ok=True)  # never leave a partly decrypted file behind
                raise
            part.replace(target)
            out.append(target)
        tx.record(
            "witness_statement_read",
            None,
            {
                "statement": sid,
                "witness": wid,
                "reason": why,
                "role": role,
                "attachments": [a.item_sha256 for a in atts],
            },
        )
    return out
