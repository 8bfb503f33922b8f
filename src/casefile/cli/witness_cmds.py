"""casefile witness ... | statement ...: testimony with identities encrypted at rest.

Pseudonyms are shown by default everywhere; revealing an identity or a protected statement
needs --reveal and --reason, a role allowed to reveal, and the witness key; it is a ledger event.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from casefile.cli.common import console, err_console, open_workspace, state
from casefile.errors import CasefileError
from casefile.vault.workspace import Workspace

witness_app = typer.Typer(
    help="Witnesses: pseudonyms, encrypted identities, consent.", no_args_is_help=True
)
keys_app = typer.Typer(help="The witness key: set up, rotate, status.", no_args_is_help=True)
statement_app = typer.Typer(help="Witness statements: text, attachments, facts.")

KeyFileOpt = Annotated[
    Path | None,
    typer.Option(
        "--key-file", help="Witness key file (else $CASEFILE_WITNESS_KEY, else keys/witness-kek)."
    ),
]
RoleOpt = Annotated[
    str | None,
    typer.Option(help="Your role: admin, investigator, analyst, viewer (else $CASEFILE_ROLE)."),
]
AskOpt = Annotated[
    bool,
    typer.Option("--ask-passphrase", help="Prompt for the witness passphrase."),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON.")]


def register(app: typer.Typer) -> None:
    witness_app.add_typer(keys_app, name="keys")
    app.add_typer(witness_app, name="witness")
    app.add_typer(statement_app, name="statement")


def _group_options(ctx: typer.Context, key_file: Path | None, role: str | None, ask: bool) -> None:
    st = state(ctx)
    st["witness_key_file"] = key_file
    st["witness_role"] = role or os.environ.get("CASEFILE_ROLE") or "investigator"
    st["witness_ask"] = ask


@witness_app.callback()
def _witness(
    ctx: typer.Context, key_file: KeyFileOpt = None, role: RoleOpt = None, ask: AskOpt = False
) -> None:
    _group_options(ctx, key_file, role, ask)


@statement_app.callback(no_args_is_help=True)
def _statement(
    ctx: typer.Context, key_file: KeyFileOpt = None, role: RoleOpt = None, ask: AskOpt = False
) -> None:
    _group_options(ctx, key_file, role, ask)


def _role(ctx: typer.Context) -> str:
    from casefile.roles import check_role

    return check_role(str(state(ctx).get("witness_role") or "investigator"))


def _passphrase(ctx: typer.Context, prompt: str = "Witness passphrase") -> str | None:
    if state(ctx).get("witness_ask"):
        return str(typer.prompt(prompt, hide_input=True))
    return None


def _ring(ctx: typer.Context, ws: Workspace) -> Any:
    from casefile.witness.keys import load_keyring

    return load_keyring(ws, state(ctx).get("witness_key_file"), _passphrase(ctx))


def _dump(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=1, ensure_ascii=False, default=str) + "\n")


# ---- keys -----------------------------------------------------------------------------------


@keys_app.command("init")
def keys_init(
    ctx: typer.Context,
    passphrase: Annotated[
        bool, typer.Option("--passphrase", help="Derive the key from a passphrase (scrypt).")
    ] = False,
) -> None:
    """Set up the witness key: a new key file (default) or a passphrase."""
    from casefile.witness.keys import PASSPHRASE_ENV, init_keys

    ws = open_workspace(ctx)
    secret = None
    if passphrase:
        secret = os.environ.get(PASSPHRASE_ENV) or typer.prompt(
            "New witness passphrase", hide_input=True, confirmation_prompt=True
        )
    ring = init_keys(ws, state(ctx).get("witness_key_file"), secret)
    console.print(f"[green]witness key set up[/] (id {ring.kek_id[:12]}, {escape(ring.source)})")
    if ring.kind == "file":
        console.print(
            "[yellow]Keep a copy of this key file somewhere safe and separate: without it, "
            "witness identities and protected statements cannot be read by anyone.[/]"
        )


@keys_app.command("rotate")
def keys_rotate(
    ctx: typer.Context,
    batch: Annotated[int, typer.Option(help="Witnesses re-wrapped per transaction.")] = 200,
) -> None:
    """Re-wrap every witness data key under a new key, then switch to it."""
    from casefile.witness.keys import rotate_keys

    ws = open_workspace(ctx)
    role = _role(ctx)
    from casefile.roles import require_write

    require_write(role, "rotate the witness key")
    old = _ring(ctx, ws)
    new_pass = None
    if old.kind == "passphrase":
        new_pass = os.environ.get("CASEFILE_WITNESS_NEW_PASSPHRASE") or typer.prompt(
            "New witness passphrase", hide_input=True, confirmation_prompt=True
        )

    def progress(done: int, total: int) -> None:
        err_console.print(f"re-wrapped {done}/{total}")
        sys.stderr.flush()

    res = rotate_keys(ws, old, new_pass, max(1, batch), progress)
    console.print(
        f"[green]witness key rotated[/]: {res.old[:12]} → {res.new[:12]}, "
        f"{res.witnesses} witnesses re-wrapped ({escape(res.source)})"
    )


@keys_app.command("status")
def keys_status(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """The workspace's witness keys (ids and states only) and which one is loaded."""
    from casefile.witness.keys import keks, load_keyring

    ws = open_workspace(ctx)
    with ws.db.read() as conn:
        rows = keks(conn)
    loaded: str | None = None
    problem: str | None = None
    try:
        loaded = load_keyring(ws, state(ctx).get("witness_key_file"), _passphrase(ctx)).kek_id
    except CasefileError as exc:
        problem = str(exc)
    if as_json:
        _dump({"keys": rows, "loaded": loaded, "problem": problem})
        return
    table = Table("key id", "kind", "state", "created", "activated")
    for r in rows:
        table.add_row(
            str(r["kek_id"])[:12],
            str(r["kind"]),
            str(r["state"]),
            str(r["created_at"]),
            str(r["activated_at"] or ""),
        )
    console.print(table)
    if loaded:
        console.print(f"[green]loaded[/]: {loaded[:12]}")
    else:
        console.print(f"[red]not loaded[/]: {escape(problem or '')}")


# ---- witnesses ------------------------------------------------------------------------------


@witness_app.command("add")
def witness_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Option(help="Full name (encrypted, never shown by default).")],
    pseudonym: Annotated[str, typer.Option(help="The name shown everywhere.")],
    contact: Annotated[str | None, typer.Option(help="Contact details (encrypted).")] = None,
    risk: Annotated[str | None, typer.Option(help="Risk notes (encrypted).")] = None,
    consent: Annotated[
        list[str] | None,
        typer.Option(help="Consent scope given: prosecutors, organisation, publication."),
    ] = None,
    consent_date: Annotated[
        str | None, typer.Option(help="When consent was given (YYYY-MM-DD; default today).")
    ] = None,
    consent_how: Annotated[
        str | None, typer.Option(help="How consent was recorded (e.g. 'signed form').")
    ] = None,
    interviewer: Annotated[str | None, typer.Option()] = None,
    language: Annotated[str | None, typer.Option()] = None,
    interpreter: Annotated[str | None, typer.Option()] = None,
    as_json: JsonOpt = False,
) -> None:
    """Record a witness; name, contact and risk notes are encrypted before they are stored."""
    from casefile.witness.core import ConsentGrant, add_witness
    from casefile.witness.keys import init_keys, keks

    ws = open_workspace(ctx)
    if consent and not consent_how:
        raise CasefileError("--consent-how: say how the consent was recorded")
    with ws.db.read() as conn:
        fresh = not keks(conn)
    if fresh and not state(ctx).get("witness_ask"):
        ring = init_keys(ws, state(ctx).get("witness_key_file"))
        err_console.print(
            f"[yellow]witness key created at {escape(ring.source)}: keep a safe copy; "
            "without it identities cannot be read[/]"
        )
    else:
        ring = _ring(ctx, ws)
    when = consent_date or date.today().isoformat()
    grants = [ConsentGrant(s, when, consent_how or "") for s in consent or []]
    view = add_witness(
        ws,
        ring,
        name=name,
        pseudonym=pseudonym,
        contact=contact,
        risk=risk,
        consent=grants,
        interviewer=interviewer,
        language=language,
        interpreter=interpreter,
        role=_role(ctx),
    )
    if as_json:
        _dump(view.as_json())
        return
    console.print(f"[green]witness added[/] {view.id} ({escape(view.pseudonym)})")


def _consent_text(c: dict[str, bool]) -> str:
    return ", ".join(k for k, v in c.items() if v) or "none"


@witness_app.command("list")
def witness_list(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Witnesses by pseudonym (identities are never listed)."""
    from casefile.witness.core import list_witnesses

    ws = open_workspace(ctx)
    with ws.db.read() as conn:
        views = list_witnesses(conn)
    if as_json:
        _dump([v.as_json() for v in views])
        return
    table = Table("id", "pseudonym", "language", "statements", "consent")
    for v in views:
        table.add_row(
            v.id, escape(v.pseudonym), v.language or "", str(v.statements), _consent_text(v.consent)
        )
    console.print(table)


@witness_app.command("show")
def witness_show(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="Witness id or pseudonym.")],
    reveal: Annotated[bool, typer.Option(help="Decrypt name, contact and risk notes.")] = False,
    reason: Annotated[str | None, typer.Option(help="Why (required with --reveal).")] = None,
    history: Annotated[
        bool, typer.Option(help="With --reveal: earlier values of corrected fields too.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """A witness by pseudonym; --reveal --reason shows the identity (a ledger event)."""
    from casefile.roles import require_reveal
    from casefile.witness.core import get_witness, resolve_witness, reveal_witness
    from casefile.witness.core import require_reason as need_reason

    ws = open_workspace(ctx)
    with ws.db.read() as conn:
        wid = resolve_witness(conn, ref)
        view = get_witness(conn, wid)
    out: dict[str, Any] = view.as_json()
    if reveal:
        role = _role(ctx)
        require_reveal(role, "witness identities")
        need_reason(reason, f"witness {wid}")
        revealed = reveal_witness(ws, _ring(ctx, ws), wid, reason, role, history=history)
        out["revealed"] = revealed.as_json()
    if as_json:
        _dump(out)
        return
    console.print(f"[bold]{escape(view.pseudonym)}[/] ({view.id})")
    for label, value in (
        ("language", view.language),
        ("interpreter", view.interpreter),
        ("interviewer", view.interviewer),
        ("added", f"{view.created_at} by {view.created_by}"),
        ("statements", str(view.statements)),
        ("consent now", _consent_text(view.consent)),
    ):
        console.print(f"  {label}: {escape(value or '')}")
    for c in view.consent_history:
        console.print(
            f"    {c.action} {c.scope} on {c.given_on} ({escape(c.how)}), "
            f"recorded by {escape(c.recorded_by)} at {c.recorded_at}"
        )
    if reveal:
        r = out["revealed"]
        console.print(f"  [red]name[/]: {escape(r['name'] or '')}")
        console.print(f"  [red]contact[/]: {escape(r['contact'] or '')}")
        console.print(f"  [red]risk notes[/]: {escape(r['risk'] or '')}")
        for h in r["history"]:
            console.print(
                f"  [dim]earlier {h['field']}: {escape(str(h['value']))} "
                f"({escape(h['reason'])}, {h['by']}, {h['at']})[/]"
            )
        console.print(f"  (reveal recorded as ledger event {r['event_seq']})")
    else:
        console.print("  identity: [dim]protected (use --reveal --reason TEXT)[/]")


@witness_app.command("correct")
def witness_correct(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="Witness id or pseudonym.")],
    reason: Annotated[str, typer.Option(help="Why the record changes.")],
    name: Annotated[str | None, typer.Option(help="The corrected name.")] = None,
    contact: Annotated[str | None, typer.Option(help="New contact details ('' clears).")] = None,
    risk: Annotated[str | None, typer.Option(help="New risk notes ('' clears).")] = None,
) -> None:
    """Correct protected fields: new encrypted values and an event; earlier ones are kept."""
    from casefile.witness.core import correct_witness, resolve_witness

    ws = open_workspace(ctx)
    with ws.db.read() as conn:
        wid = resolve_witness(conn, ref)
    changes: dict[str, str | None] = {}
    if name is not None:
        changes["name"] = name
    for f, v in (("contact", contact), ("risk", risk)):
        if v is not None:
            changes[f] = v or None
    seq = correct_witness(ws, _ring(ctx, ws), wid, changes, reason, _role(ctx))
    console.print(f"[green]corrected[/] {', '.join(sorted(changes))} of {wid} (ledger event {seq})")


@witness_app.command("audit")
def witness_audit(
    ctx: typer.Context,
    ref: Annotated[str | None, typer.Argument(help="Only this witness (id or pseudonym).")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Every reveal, protected read and correction: who, when, role, why (from the ledger)."""
    from casefile.witness.core import access_log, resolve_witness

    ws = open_workspace(ctx)
    with ws.db.read() as conn:
        wid = resolve_witness(conn, ref) if ref else None
        log = access_log(ws, conn, wid)
    if as_json:
        _dump([a.as_json() for a in log])
        return
    table = Table("event", "time", "who", "role", "what", "witness", "reason")
    for a in log:
        what = a.kind.removeprefix("witness_")
        if a.statement:
            what += f" {a.statement}"
        table.add_row(
            str(a.seq),
            a.time,
            escape(a.actor),
            a.role or "",
            what,
            a.witness or escape(", ".join(a.detail.get("providers") or [])),
            escape(a.reason or ""),
        )
    console.print(table)


@witness_app.command("consent")
def witness_consent(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="Witness id or pseudonym.")],
    scope: Annotated[str, typer.Option(help="prosecutors, organisation or publication.")],
    withdraw: Annotated[
        bool, typer.Option("--withdraw/--grant", help="Withdraw (or grant) consent.")
    ] = False,
    on: Annotated[str | None, typer.Option("--date", help="YYYY-MM-DD (default today).")] = None,
    how: Annotated[str, typer.Option(help="How it was recorded.")] = "",
    as_json: JsonOpt = False,
) -> None:
    """Record consent given or withdrawn (a new event; the history is kept)."""
    from casefile.witness.core import record_consent, resolve_witness

    ws = open_workspace(ctx)
    with ws.db.read() as conn:
        wid = resolve_witness(conn, ref)
    rec = record_consent(
        ws,
        wid,
        scope,
        "withdraw" if withdraw else "grant",
        on or date.today().isoformat(),
        how,
        _role(ctx),
    )
    if as_json:
        _dump(rec.__dict__)
        return
    console.print(f"[green]consent {rec.action}[/] {rec.scope} for {wid} on {rec.given_on}")


# ---- statements -----------------------------------------------------------------------------


def _looks_text(path: Path) -> bool:
    try:
        data = path.read_bytes()[: 1 << 16]
    except OSError:
        return False
    if b"\x00" in data:
        return False
    try:
        data.decode()
    except UnicodeDecodeError as exc:
        return exc.start > len(data) - 4  # a multi-byte character cut at the sample's end
    return True


@statement_app.command("add")
def statement_add(
    ctx: typer.Context,
    file: Annotated[
        Path | None,
        typer.Argument(help="A text file (the statement) or a scan/audio/video (attachment)."),
    ] = None,
    witness: Annotated[str, typer.Option(help="Witness id or pseudonym.")] = "",
    text: Annotated[str | None, typer.Option(help="The statement text.")] = None,
    attach: Annotated[
        list[Path] | None, typer.Option(help="An attachment (repeatable): audio, video, scan.")
    ] = None,
    on: Annotated[
        str | None, typer.Option("--date", help="When it was taken (YYYY-MM-DD).")
    ] = None,
    place: Annotated[str | None, typer.Option(help="Where it was taken.")] = None,
    interviewer: Annotated[str | None, typer.Option()] = None,
    incident: Annotated[list[str] | None, typer.Option(help="Incident id (repeatable).")] = None,
    unprotected: Annotated[
        bool, typer.Option("--unprotected", help="Store text and attachments unencrypted.")
    ] = False,
    extract: Annotated[bool, typer.Option(help="Extract facts from the text.")] = True,
    as_json: JsonOpt = False,
) -> None:
    """Record a statement; protected (the default) means encrypted before it reaches the vault."""
    from casefile.vault.recovery import recover
    from casefile.witness.core import resolve_witness
    from casefile.witness.statements import add_statement

    if not witness:
        raise CasefileError("--witness: say whose statement this is (id or pseudonym)")
    files = list(attach or [])
    body = text
    if file is not None:
        if not file.is_file():
            raise CasefileError(f"{file}: no such file")
        if _looks_text(file) and body is None:
            body = file.read_text()
        else:
            files.insert(0, file)
    ws = open_workspace(ctx)
    with ws.db.read() as conn:
        wid = resolve_witness(conn, witness)
    ring = None if unprotected else _ring(ctx, ws)
    rec = recover(ws)  # an add killed before its commit recorded nothing: remove its blobs
    if rec.anything:
        err_console.print(
            f"[yellow]recovered an interrupted add:[/] removed {len(rec.removed_blobs)} "
            f"unrecorded blob(s) and {rec.removed_temp_files} temp file(s)"
        )
    view = add_statement(
        ws,
        ring,
        wid,
        text=body,
        files=files,
        taken_on=on,
        place=place,
        interviewer=interviewer,
        incidents=incident or [],
        protected=not unprotected,
        extract=extract,
        role=_role(ctx),
    )
    if as_json:
        _dump(view.as_json())
        return
    kinds = ", ".join(f"{n} {k}" for k, n in sorted(view.fact_kinds.items())) or "no facts"
    console.print(
        f"[green]statement added[/] {view.id} of {escape(view.pseudonym)}"
        f"{' (protected)' if view.protected else ''}: {len(view.attachments)} attachment(s), "
        f"{kinds}"
    )


@statement_app.command("list")
def statement_list(
    ctx: typer.Context,
    witness: Annotated[str | None, typer.Option(help="Witness id or pseudonym.")] = None,
    use: Annotated[
        str | None, typer.Option(help="Only those whose consent covers this use (scope).")
    ] = None,
    incident: Annotated[str | None, typer.Option(help="Only those linked to an incident.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Statements by pseudonym; with --use, those without consent are left out and named."""
    from casefile.witness.core import resolve_witness
    from casefile.witness.statements import list_statements

    ws = open_workspace(ctx)
    with ws.db.read() as conn:
        wid = resolve_witness(conn, witness) if witness else None
        views, left = list_statements(conn, wid, use, incident)
    if as_json:
        _dump(
            {
                "statements": [v.as_json() for v in views],
                "excluded": [e.__dict__ for e in left],
            }
        )
        return
    table = Table("id", "witness", "date", "place", "incidents", "facts", "protected")
    for v in views:
        table.add_row(
            v.id,
            escape(v.pseudonym),
            v.taken_on or "",
            escape(v.place or ""),
            escape(", ".join(v.incidents)),
            str(v.facts),
            "yes" if v.protected else "",
        )
    console.print(table)
    for e in left:
        console.print(f"[yellow]{escape(e.message)}[/]")


@statement_app.command("show")
def statement_show(
    ctx: typer.Context,
    sid: Annotated[str, typer.Argument(help="Statement id.")],
    reveal: Annotated[bool, typer.Option(help="Decrypt a protected statement's text.")] = False,
    reason: Annotated[str | None, typer.Option(help="Why (required with --reveal).")] = None,
    save_attachments: Annotated[
        Path | None, typer.Option(help="Write its attachments (decrypted) into this folder.")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """A statement's details; its text when unprotected, or with --reveal --reason."""
    from casefile.witness.statements import get_statement, read_statement
    from casefile.witness.statements import save_attachments as save

    ws = open_workspace(ctx)
    with ws.db.read() as conn:
        view = get_statement(conn, sid)
    out: dict[str, Any] = view.as_json()
    role = _role(ctx)
    if not view.protected or reveal:
        ring = _ring(ctx, ws) if view.protected else None
        content = read_statement(ws, ring, sid, reason, role)
        out["text"] = content.text
        out["facts_found"] = content.facts
        out["reveal_event"] = content.event_seq
    saved: list[Path] = []
    if save_attachments is not None:
        ring = _ring(ctx, ws) if view.protected else None
        saved = save(ws, ring, sid, save_attachments, reason, role)
        out["saved"] = [str(p) for p in saved]
    if as_json:
        _dump(out)
        return
    console.print(f"[bold]statement {view.id}[/] of {escape(view.pseudonym)} ({view.witness_id})")
    for label, value in (
        ("date", view.taken_on),
        ("place", view.place),
        ("interviewer", view.interviewer),
        ("language", view.language),
        ("incidents", ", ".join(view.incidents)),
        ("text item", view.text_item_sha256),
        ("protected", "yes" if view.protected else "no"),
        ("facts", ", ".join(f"{n} {k}" for k, n in sorted(view.fact_kinds.items()))),
    ):
        console.print(f"  {label}: {escape(value or '')}")
    for a in view.attachments:
        desc = (
            "encrypted" if a.meta is None else f"{a.meta.get('name')} ({a.meta.get('size')} bytes)"
        )
        console.print(f"  attachment {a.item_sha256[:12]}: {escape(desc)}")
    if "text" in out:
        console.print("")
        console.print(escape(out["text"] or ""))
        if out.get("reveal_event"):
            console.print(f"\n(read recorded as ledger event {out['reveal_event']})")
    elif view.protected:
        console.print("  text: [dim]protected (use --reveal --reason TEXT)[/]")
    for p in saved:
        console.print(f"  saved {escape(str(p))}")
