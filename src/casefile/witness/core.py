"""Witnesses: pseudonymous records with encrypted identities, consent history, reveals.

Functions here are what the CLI and the web app call. Reads that only show pseudonyms take a
database connection; anything that decrypts takes the workspace, an unlocked ``KeyRing``, the
caller's role and a reason, and records a ledger event in the same transaction as the read.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Connection, func, insert, select

from casefile.errors import CasefileError
from casefile.roles import require_reveal, require_write
from casefile.vault.custody_ledger import utc_now
from casefile.vault.workspace import Workspace
from casefile.witness.crypto import new_key, open_text, seal_text, wrap_key
from casefile.witness.keys import KeyRing, active_kek_id
from casefile.witness.schema import (
    statements,
    witness_consents,
    witness_corrections,
    witness_data_keys,
    witnesses,
)

SCOPES = ("prosecutors", "organisation", "publication")
PROTECTED_FIELDS = ("name", "contact", "risk")
_COLUMN = {"name": "name_ct", "contact": "contact_ct", "risk": "risk_ct"}


@dataclass(frozen=True)
class ConsentGrant:
    scope: str
    given_on: str
    how: str
    action: str = "grant"


@dataclass
class ConsentRecord:
    scope: str
    action: str
    given_on: str
    how: str
    recorded_by: str
    recorded_at: str
    event_seq: int


@dataclass
class WitnessView:
    """What anyone may see: pseudonym and metadata, never the identity."""

    id: str
    pseudonym: str
    language: str | None
    interpreter: str | None
    interviewer: str | None
    created_by: str
    created_at: str
    has_contact: bool
    has_risk: bool
    consent: dict[str, bool] = field(default_factory=dict)
    consent_history: list[ConsentRecord] = field(default_factory=list)
    statements: int = 0

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    def allows(self, use: str) -> bool:
        """Whether the witness's current consent covers ``use`` (a scope)."""
        return self.consent[check_scope(use)]


@dataclass
class RevealedWitness:
    id: str
    pseudonym: str
    name: str | None = None
    contact: str | None = None
    risk: str | None = None
    event_seq: int = 0
    # with history=True: every earlier value of each field, oldest first, with who/when/why
    history: list[dict[str, Any]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def ct_sha256(blob: bytes | None) -> str | None:
    return None if blob is None else hashlib.sha256(blob).hexdigest()


def require_reason(reason: str | None, what: str) -> str:
    if reason is None or not reason.strip():
        raise CasefileError(
            f"a reason is required to reveal {what} (give --reason TEXT); it goes in the ledger"
        )
    return reason.strip()


def check_scope(scope: str) -> str:
    if scope not in SCOPES:
        raise CasefileError(f"unknown consent scope {scope!r} (one of: {', '.join(SCOPES)})")
    return scope


def check_date(value: str, what: str) -> str:
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise CasefileError(f"{what} {value!r} is not a date (YYYY-MM-DD)") from None


def _require_active(conn: Connection, ring: KeyRing) -> None:
    if active_kek_id(conn) != ring.kek_id:
        raise CasefileError(
            f"the loaded witness key {ring.kek_id[:12]} is not the active one (was it rotated "
            "meanwhile?): load the current key and try again"
        )


def add_witness(
    ws: Workspace,
    ring: KeyRing,
    *,
    name: str,
    pseudonym: str,
    contact: str | None = None,
    risk: str | None = None,
    consent: Sequence[ConsentGrant] = (),
    interviewer: str | None = None,
    language: str | None = None,
    interpreter: str | None = None,
    role: str = "investigator",
) -> WitnessView:
    """Records a witness: name, contact and risk notes encrypted under a new data key."""
    require_write(role, "add witnesses")
    if not name.strip():
        raise CasefileError("--name: the witness's name must not be empty")
    pseudonym = pseudonym.strip()
    if not pseudonym:
        raise CasefileError("--pseudonym must not be empty")
    if pseudonym.casefold() == name.strip().casefold():
        raise CasefileError("--pseudonym must not be the witness's name")
    for g in consent:
        check_scope(g.scope)
        check_date(g.given_on, "--consent-date")
    wid = "w-" + secrets.token_hex(5)
    dk = new_key()
    cts = {
        "name": seal_text(dk, wid, "name", name.strip()),
        "contact": seal_text(dk, wid, "contact", contact) if contact else None,
        "risk": seal_text(dk, wid, "risk", risk) if risk else None,
    }
    now = utc_now()
    with ws.transaction() as tx:
        _require_active(tx.conn, ring)
        taken = tx.conn.execute(
            select(witnesses.c.id).where(witnesses.c.pseudonym == pseudonym)
        ).first()
        if taken is not None:
            raise CasefileError(f"pseudonym {pseudonym!r} is already used by witness {taken.id}")
        seq = tx.record(
            "witness_added",
            None,
            {
                "witness": wid,
                "pseudonym": pseudonym,
                "language": language,
                "interpreter": interpreter,
                "interviewer": interviewer,
                "ciphertexts_sha256": {k: ct_sha256(v) for k, v in cts.items()},
                "kek_id": ring.kek_id,
            },
        )
        tx.conn.execute(
            insert(witnesses).values(
                id=wid,
                pseudonym=pseudonym,
                language=language,
                interpreter=interpreter,
                interviewer=interviewer,
                name_ct=cts["name"],
                contact_ct=cts["contact"],
                risk_ct=cts["risk"],
                created_by=ws.actor,
                created_at=now,
                event_seq=seq,
            )
        )
        tx.conn.execute(
            insert(witness_data_keys).values(
                witness_id=wid,
                kek_id=ring.kek_id,
                wrapped=wrap_key(ring.kek, ring.kek_id, wid, dk),
                created_at=now,
            )
        )
        for g in consent:
            _insert_consent(tx, wid, g)
    with ws.db.read() as conn:
        return get_witness(conn, wid)


def _insert_consent(tx: Any, wid: str, g: ConsentGrant) -> int:
    data = {
        "witness": wid,
        "scope": g.scope,
        "action": g.action,
        "given_on": g.given_on,
        "how": g.how,
    }
    seq = int(tx.record("witness_consent", None, data))
    tx.conn.execute(
        insert(witness_consents).values(
            witness_id=wid,
            scope=g.scope,
            action=g.action,
            given_on=g.given_on,
            how=g.how,
            recorded_by=tx.actor,
            recorded_at=utc_now(),
            event_seq=seq,
        )
    )
    return seq


def record_consent(
    ws: Workspace,
    witness_id: str,
    scope: str,
    action: str,
    given_on: str,
    how: str,
    role: str = "investigator",
) -> ConsentRecord:
    """A new consent event (grant or withdraw); history is kept, the newest per scope counts."""
    require_write(role, "record consent")
    check_scope(scope)
    if action not in ("grant", "withdraw"):
        raise CasefileError(f"consent action {action!r}: use grant or withdraw")
    given_on = check_date(given_on, "--date")
    if not how.strip():
        raise CasefileError("--how: say how the consent (or its withdrawal) was recorded")
    with ws.transaction() as tx:
        witness_row(tx.conn, witness_id)
        _insert_consent(tx, witness_id, ConsentGrant(scope, given_on, how.strip(), action))
    with ws.db.read() as conn:
        return consent_history(conn, witness_id)[-1]


def consent_history(conn: Connection, witness_id: str) -> list[ConsentRecord]:
    rows = conn.execute(
        select(witness_consents)
        .where(witness_consents.c.witness_id == witness_id)
        .order_by(witness_consents.c.event_seq)
    ).all()
    return [
        ConsentRecord(
            r.scope, r.action, r.given_on, r.how, r.recorded_by, r.recorded_at, r.event_seq
        )
        for r in rows
    ]


def consent_state(conn: Connection, witness_id: str) -> dict[str, bool]:
    state = dict.fromkeys(SCOPES, False)
    for rec in consent_history(conn, witness_id):
        state[rec.scope] = rec.action == "grant"
    return state


def consent_allows(conn: Connection, witness_id: str, use: str) -> bool:
    """True when the witness's current consent covers ``use`` (a scope)."""
    return consent_state(conn, witness_id)[check_scope(use)]


def witness_row(conn: Connection, witness_id: str) -> Any:
    """The witness's ``witnesses`` row (fields still sealed), or a clear error naming it."""
    row = conn.execute(select(witnesses).where(witnesses.c.id == witness_id)).first()
    if row is None:
        raise CasefileError(f"no witness {witness_id!r} in this workspace")
    return row


def resolve_witness(conn: Connection, ref: str) -> str:
    """A witness id from its id or its pseudonym."""
    row = conn.execute(
        select(witnesses.c.id).where((witnesses.c.id == ref) | (witnesses.c.pseudonym == ref))
    ).first()
    if row is None:
        raise CasefileError(f"no witness with id or pseudonym {ref!r}")
    return str(row.id)


def _view(conn: Connection, row: Any) -> WitnessView:
    history = consent_history(conn, row.id)
    state = dict.fromkeys(SCOPES, False)
    for rec in history:
        state[rec.scope] = rec.action == "grant"
    n = conn.execute(
        select(func.count()).select_from(statements).where(statements.c.witness_id == row.id)
    ).scalar_one()
    present = {"contact": row.contact_ct is not None, "risk": row.risk_ct is not None}
    for c in conn.execute(
        select(witness_corrections.c.field, witness_corrections.c.value_ct)
        .where(witness_corrections.c.witness_id == row.id)
        .order_by(witness_corrections.c.event_seq)
    ):
        present[c.field] = c.value_ct is not None
    return WitnessView(
        row.id,
        row.pseudonym,
        row.language,
        row.interpreter,
        row.interviewer,
        row.created_by,
        row.created_at,
        present["contact"],
        present["risk"],
        state,
        history,
        int(n),
    )


def get_witness(conn: Connection, witness_id: str, reveal: bool = False) -> WitnessView:
    """The pseudonymous view of one witness (no decryption, no event).

    Identities are never read here: ``reveal=True`` is refused with a pointer to
    ``reveal_witness``, which needs the key, a role allowed to reveal and a reason."""
    if reveal:
        raise CasefileError(
            "identities are revealed only by reveal_witness(ws, ring, id, reason, role), "
            "which records the reveal in the ledger"
        )
    return _view(conn, witness_row(conn, witness_id))


def list_witnesses(conn: Connection) -> list[WitnessView]:
    rows = conn.execute(select(witnesses).order_by(witnesses.c.pseudonym)).all()
    return [_view(conn, r) for r in rows]


def reveal_witness(
    ws: Workspace,
    ring: KeyRing,
    witness_id: str,
    reason: str | None,
    role: str,
    fields: Sequence[str] = PROTECTED_FIELDS,
    history: bool = False,
) -> RevealedWitness:
    """Decrypts a witness's protected fields (their current values, and with ``history`` every
    earlier one); a 'witness_revealed' event records who, which, why and in which role, in the
    same transaction (no event if decryption fails)."""
    require_reveal(role, "witness identities")
    why = require_reason(reason, f"witness {witness_id}")
    for f in fields:
        if f not in PROTECTED_FIELDS:
            raise CasefileError(f"unknown protected field {f!r} ({', '.join(PROTECTED_FIELDS)})")
    with ws.transaction() as tx:
        row = witness_row(tx.conn, witness_id)
        dk = ring.data_key(tx.conn, witness_id)
        out = RevealedWitness(row.id, row.pseudonym)
        for f in fields:
            versions = field_history(tx.conn, dk, row, f)
            setattr(out, f, versions[-1]["value"])
            if history:
                out.history += versions[:-1]
        out.event_seq = tx.record(
            "witness_revealed",
            None,
            {
                "witness": witness_id,
                "fields": list(fields),
                "reason": why,
                "role": role,
                **({"history": True} if history else {}),
            },
        )
    return out


def field_history(conn: Connection, dk: bytes, row: Any, f: str) -> list[dict[str, Any]]:
    """Every value a protected field has had, oldest first (the original, then corrections)."""
    wid = row.id
    blob = getattr(row, _COLUMN[f])
    original = None if blob is None else open_text(dk, wid, f, bytes(blob), f"witness {wid} {f}")
    out = [
        {
            "field": f,
            "value": original,
            "by": row.created_by,
            "at": row.created_at,
            "reason": "recorded",
        }
    ]
    for c in conn.execute(
        select(witness_corrections)
        .where(witness_corrections.c.witness_id == wid, witness_corrections.c.field == f)
        .order_by(witness_corrections.c.event_seq)
    ):
        value = None
        if c.value_ct is not None:
            what = f"witness {wid} {f} (correction {c.id})"
            value = open_text(dk, wid, f"{f}:correction:{c.token}", bytes(c.value_ct), what)
        out.append(
            {"field": f, "value": value, "by": c.created_by, "at": c.created_at, "reason": c.reason}
        )
    return out


def correct_witness(
    ws: Workspace,
    ring: KeyRing,
    witness_id: str,
    changes: dict[str, str | None],
    reason: str | None,
    role: str = "investigator",
) -> int:
    """Corrects protected fields (``{"contact": "new", "risk": None}`` clears risk notes): new
    encrypted rows and a 'witness_corrected' event; the earlier values are kept."""
    require_write(role, "correct witness records")
    why = require_reason(reason, f"a correction of witness {witness_id}").strip()
    if not changes:
        raise CasefileError("nothing to correct: give --name, --contact or --risk")
    for f in changes:
        if f not in PROTECTED_FIELDS:
            raise CasefileError(f"unknown protected field {f!r} ({', '.join(PROTECTED_FIELDS)})")
    if "name" in changes and not (changes["name"] or "").strip():
        raise CasefileError("--name: the witness's name must not be empty")
    with ws.transaction() as tx:
        _require_active(tx.conn, ring)
        witness_row(tx.conn, witness_id)
        dk = ring.data_key(tx.conn, witness_id)
        rows: list[dict[str, Any]] = []
        for f, value in sorted(changes.items()):
            token = secrets.token_hex(8)
            ct = (
                None
                if value is None
                else seal_text(dk, witness_id, f"{f}:correction:{token}", value)
            )
            rows.append({"field": f, "token": token, "value_ct": ct})
        seq = tx.record(
            "witness_corrected",
            None,
            {
                "witness": witness_id,
                "reason": why,
                "role": role,
                "corrections": [
                    {
                        "field": r["field"],
                        "token": r["token"],
                        "ciphertext_sha256": ct_sha256(r["value_ct"]),
                    }
                    for r in rows
                ],
            },
        )
        now = utc_now()
        tx.conn.execute(
            insert(witness_corrections),
            [
                {
                    **r,
                    "witness_id": witness_id,
                    "reason": why,
                    "created_by": ws.actor,
                    "created_at": now,
                    "event_seq": seq,
                }
                for r in rows
            ],
        )
    return int(seq)


ACCESS_KINDS = ("witness_revealed", "witness_statement_read", "witness_corrected")


@dataclass
class Access:
    """One access to protected witness data, from the custody ledger."""

    seq: int
    kind: str
    time: str
    actor: str
    witness: str | None
    statement: str | None
    role: str | None
    reason: str | None
    detail: dict[str, Any]

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def access_log(ws: Workspace, conn: Connection, witness_id: str | None = None) -> list[Access]:
    """Who read or changed protected witness data, when, in which role and why (bag exports
    with identities appear with the export stage's data: role, providers, items)."""
    from casefile.vault.schema import ledger_entries

    seqs = conn.execute(
        select(ledger_entries.c.seq)
        .where(ledger_entries.c.kind.in_(ACCESS_KINDS))
        .order_by(ledger_entries.c.seq)
    ).scalars()
    out = []
    for seq in seqs:
        ev = ws.ledger.entry(conn, int(seq)).event
        d = ev.data
        wid = d.get("witness")
        if witness_id is not None and wid != witness_id:
            continue
        rest = {k: v for k, v in d.items() if k not in ("witness", "statement", "role", "reason")}
        out.append(
            Access(
                int(seq),
                ev.kind,
                ev.time,
                ev.actor,
                wid,
                d.get("statement"),
                d.get("role"),
                d.get("reason"),
                rest,
            )
        )
    return out
