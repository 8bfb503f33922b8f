"""casefile export ... | report | verify-bag | verify-exports: what goes to courts and partners."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from casefile.cli.common import console, open_workspace
from casefile.errors import CasefileError
from casefile.export.selection import choose_items as choose

export_app = typer.Typer(
    help="Export evidence bags and data for other tools.", no_args_is_help=True
)

ItemsOpt = Annotated[list[str] | None, typer.Option("--items", help="Item hash (repeat).")]
TagOpt = Annotated[str | None, typer.Option(help="All items with this tag.")]
AllOpt = Annotated[bool, typer.Option("--all", help="Every item in the vault.")]
IncidentOpt = Annotated[str | None, typer.Option(help="The items of an incident (its id).")]


def register(app: typer.Typer) -> None:
    app.add_typer(export_app, name="export")
    app.command("report")(report_cmd)
    app.command("verify-bag")(verify_bag_cmd)
    app.command("verify-exports")(verify_exports_cmd)
    app.command("cosigner-init")(cosigner_init_cmd)
    app.command("cosign")(cosign_cmd)
    app.command("cosign-request")(cosign_request_cmd)
    app.command("cosign-trust")(cosign_trust_cmd)
    app.command("cosign-store")(cosign_store_cmd)


@export_app.command("bag")
def bag(
    ctx: typer.Context,
    out: Annotated[Path, typer.Argument(help="Folder to create (must not exist).")],
    items: ItemsOpt = None,
    tag: TagOpt = None,
    all_items: AllOpt = False,
    incident: IncidentOpt = None,
    description: Annotated[str, typer.Option(help="What this bag is for.")] = "",
    reveal_witnesses_as: Annotated[
        str | None,
        typer.Option(help="Include witness identities, acting in this role (a ledger event)."),
    ] = None,
    reason: Annotated[
        str | None, typer.Option(help="Why witness identities are included (required with it).")
    ] = None,
) -> None:
    """Write a BagIt bag: evidence, custody events with proofs, signed checkpoint, key."""
    from casefile.export.bag import export_bag

    ws = open_workspace(ctx)
    shas, title = choose(ws, items, tag, all_items, incident)
    result = export_bag(ws, shas, out, description or title, reveal_witnesses_as, reason)
    for sha, why in result.withheld.items():
        console.print(f"[yellow]withheld[/] {sha[:12]}: {escape(why)}")
    console.print(
        f"[green]bag written[/] {escape(str(result.path))}: {result.items} items, "
        f"{result.bytes:,} bytes, {result.events} custody events proven against the signed "
        f"checkpoint of size {result.checkpoint_size}"
    )
    if result.revealed:
        console.print(f"[yellow]witness identities included[/] ({', '.join(result.revealed)})")
    console.print(
        f"  check it with: casefile verify-bag {escape(str(result.path))} "
        f"--vkey '{ws.verifier.to_vkey()}'"
    )


@export_app.command("data")
def data(
    ctx: typer.Context,
    out: Annotated[Path, typer.Argument(help="Folder to create (must not exist).")],
    items: ItemsOpt = None,
    tag: TagOpt = None,
    all_items: AllOpt = False,
    incident: IncidentOpt = None,
) -> None:
    """Write CSV / JSON Lines / GeoJSON files for other tools (R, spreadsheets, GIS)."""
    from casefile.export.data import export_data

    ws = open_workspace(ctx)
    shas, _ = choose(ws, items, tag, all_items, incident, required=False)
    written = export_data(ws, shas, out)
    table = Table("file", "bytes")
    for name, size in written.items():
        table.add_row(escape(name), f"{size:,}")
    console.print(table)
    console.print(f"[green]data written[/] to {escape(str(out))}")


def report_cmd(
    ctx: typer.Context,
    out: Annotated[Path, typer.Argument(help="File to create (must not exist).")],
    fmt: Annotated[str, typer.Option("--format", help="html or pdf.")] = "html",
    incident: IncidentOpt = None,
    items: ItemsOpt = None,
    tag: TagOpt = None,
    title: Annotated[str | None, typer.Option(help="The report's title.")] = None,
) -> None:
    """Write a readable case report (HTML or PDF): sources, toll, map, claims, appendix."""
    from casefile.export.report import write_report

    ws = open_workspace(ctx)
    shas, what = choose(ws, items, tag, False, incident, required=False)
    path = write_report(ws, shas, out, fmt.lower(), title or f"Case report: {what}")
    console.print(f"[green]report written[/] {escape(str(path))}")


def verify_bag_cmd(
    bag_path: Annotated[Path, typer.Argument(help="The bag folder.")],
    vkey: Annotated[
        str | None, typer.Option(help="The key you expect (from the workspace, not the bag).")
    ] = None,
) -> None:
    """Check a bag offline: hashes, completeness, every proof, the checkpoint's signature."""
    from casefile.export.verify_bag import verify_bag

    report = verify_bag(bag_path, vkey)
    table = Table(show_header=False)
    table.add_row("items", str(report.items))
    table.add_row("events proven", str(report.events))
    table.add_row("checkpoint", f"{report.origin} size {report.checkpoint_size}")
    table.add_row(
        "every file",
        "signed ('bag_sealed' statement and manifest)" if report.sealed else "[red]not signed[/]",
    )
    table.add_row(
        "signed by",
        escape(report.vkey)
        + (
            ""
            if report.key_pinned
            else "  [yellow](not pinned: give --vkey to check the key itself)[/]"
        ),
    )
    console.print(table)
    if report.ok:
        console.print("[bold green]OK[/]: the bag is complete and every proof checks out")
        return
    for p in report.problems:
        console.print(f"[red]✗[/] {escape(p)}")
    console.print(f"[bold red]FAILED[/]: {len(report.problems)} problem(s)")
    raise typer.Exit(3)


def verify_exports_cmd(ctx: typer.Context) -> None:
    """Prove the workspace still holds everything it exported (consistency proofs)."""
    from casefile.export.check import verify_exports

    checks = verify_exports(open_workspace(ctx))
    table = Table("entry", "to", "items", "checkpoint → now", "proof", "result")
    for c in checks:
        table.add_row(
            str(c.seq),
            escape(c.to),
            str(c.items),
            f"{c.checkpoint_size} → {c.current_size}",
            f"{len(c.consistency_proof)} hashes",
            "[green]ok[/]" if c.ok else "[red]" + escape("; ".join(c.problems)) + "[/]",
        )
    console.print(table)
    bad = [c for c in checks if not c.ok]
    if bad:
        console.print(f"[bold red]FAILED[/]: {len(bad)} of {len(checks)} exports")
        raise typer.Exit(3)
    console.print(f"[bold green]OK[/]: {len(checks)} exports, all still contained")


# ---- witness cosignatures (c2sp.org/tlog-cosignature): rollback caught from outside ----------


def cosigner_init_cmd(
    name: Annotated[str, typer.Argument(help="The witness's name, e.g. partner.example/w1.")],
    key_file: Annotated[Path, typer.Argument(help="Where to write the private key (0600).")],
) -> None:
    """For a partner acting as witness: a new Ed25519 cosigning key; prints its vkey."""
    from casefile.vault.cosign import Cosigner

    if key_file.exists():
        raise CasefileError(f"{key_file} exists: keep the old key or choose another path")
    signer = Cosigner.generate(name)
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(signer.private_pem())
    console.print(signer.public.to_vkey(), highlight=False, soft_wrap=True)


def cosign_cmd(
    request: Annotated[Path, typer.Argument(help="The request from 'casefile cosign-request'.")],
    key_file: Annotated[Path, typer.Option("--key", help="The witness's private key.")],
    name: Annotated[str, typer.Option(help="The witness's name (as at cosigner-init).")],
    log_vkey: Annotated[str, typer.Option(help="The log's ledger.vkey (obtained independently).")],
    state: Annotated[Path, typer.Option(help="The witness's state file (largest tree seen).")],
    out: Annotated[Path | None, typer.Option(help="Write the cosigned checkpoint here.")] = None,
) -> None:
    """For a partner acting as witness: cosign a checkpoint only if it extends what it saw."""
    from casefile.vault.cosign import Cosigner, WitnessRequest, cosign_request
    from casefile.vault.signed_note import NoteError, NoteVerifier

    try:
        signer = Cosigner.from_pem(name, key_file.read_bytes())
        note = cosign_request(
            WitnessRequest.parse(request.read_text()),
            signer,
            NoteVerifier.from_vkey(log_vkey),
            state,
        )
    except (NoteError, OSError, ValueError) as exc:
        raise CasefileError(f"not cosigned: {exc}") from exc
    if out is None:
        console.print(note, end="", highlight=False, soft_wrap=True, markup=False)
    else:
        out.write_text(note)
        console.print(f"[green]cosigned[/] {escape(str(out))}")


def cosign_request_cmd(
    ctx: typer.Context,
    old: Annotated[int, typer.Option(help="The size the witness last cosigned (0: first).")] = 0,
    out: Annotated[Path | None, typer.Option(help="Write the request here.")] = None,
) -> None:
    """The newest checkpoint with a consistency proof from OLD, for a witness to cosign."""
    from casefile.vault.cosign import request_for
    from casefile.vault.signed_note import NoteError

    try:
        text = request_for(open_workspace(ctx), old).to_text()
    except (NoteError, LookupError) as exc:
        raise CasefileError(str(exc)) from exc
    if out is None:
        console.print(text, end="", highlight=False, soft_wrap=True, markup=False)
    else:
        out.write_text(text)
        console.print(f"[green]request written[/] {escape(str(out))}")


def cosign_trust_cmd(
    ctx: typer.Context,
    vkey: Annotated[str, typer.Argument(help="The witness's vkey (name+id+base64).")],
) -> None:
    """Trust a witness: its cosignatures count in 'casefile verify'."""
    from casefile.vault.cosign import trust_witness
    from casefile.vault.signed_note import NoteError

    try:
        key = trust_witness(open_workspace(ctx).root, vkey)
    except NoteError as exc:
        raise CasefileError(str(exc)) from exc
    console.print(f"[green]trusted[/] witness {escape(key.name)}")


def cosign_store_cmd(
    ctx: typer.Context,
    note: Annotated[Path, typer.Argument(help="A cosigned checkpoint returned by a witness.")],
) -> None:
    """Keep a cosigned checkpoint (under witnesses/, outside the database) for 'verify'."""
    from casefile.vault.cosign import store_cosigned
    from casefile.vault.signed_note import NoteError

    ws = open_workspace(ctx)
    try:
        cp, names = store_cosigned(ws.root, note.read_text(), ws.verifier)
    except (NoteError, OSError) as exc:
        raise CasefileError(f"not stored: {exc}") from exc
    console.print(f"[green]stored[/] size {cp.size}, cosigned by {escape(', '.join(names))}")
