"""casefile init | add | verify | log: the evidence vault from the command line."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)
from rich.table import Table

from casefile.checks import verify_everything
from casefile.cli.common import console, err_console, open_workspace, resolve_item, state
from casefile.errors import CasefileError
from casefile.vault.acquire import AddOptions, add_sources, expand_sources
from casefile.vault.custody_ledger import Event
from casefile.vault.fetch import DEFAULT_DEADLINE
from casefile.vault.merkle import leaf_hash
from casefile.vault.recovery import RecoveryReport, recover
from casefile.vault.verify import verify_item
from casefile.vault.workspace import Workspace


def register(app: typer.Typer) -> None:
    app.command("init")(init)
    app.command("add")(add)
    app.command("recover")(recover_cmd)
    app.command("verify")(verify)
    app.command("log")(log)
    app.command("anchor")(anchor)
    app.command("items")(list_items_cmd)
    app.command("show")(show_item)
    app.command("annotate")(annotate_cmd)
    app.command("get")(get_item)


def init(
    ctx: typer.Context,
    directory: Annotated[Path, typer.Argument(help="Folder for the new workspace.")] = Path("."),
    db: Annotated[
        str | None,
        typer.Option("--db", help="Database URL (default: SQLite inside the workspace)."),
    ] = None,
) -> None:
    """Create a workspace: database, blob store and ledger signing key."""
    ws = Workspace.init(directory, db, state(ctx).get("actor"))
    console.print(f"[green]Created workspace[/] {escape(str(ws.root))}")
    console.print(f"  database: {ws.db.dialect}    ledger origin: {ws.origin}")
    console.print(f"  public key: {ws.verifier.to_vkey()}")
    ws.close()


def recover_cmd(ctx: typer.Context) -> None:
    """Clean up after a crashed add: remove blobs and temp files that no event ever recorded."""
    ws = open_workspace(ctx)
    rec = recover(ws)
    if rec.anything:
        console.print(f"{_recovered(rec)}; nothing in the ledger was touched")
    else:
        console.print("nothing to recover: no interrupted add was found")
    ws.close()


def _recovered(rec: RecoveryReport) -> str:
    return (
        f"recovered an interrupted add: removed {len(rec.removed_blobs)} unrecorded blob(s) "
        f"and {rec.removed_temp_files} temp file(s)"
    )


def add(
    ctx: typer.Context,
    sources: Annotated[list[str], typer.Argument(help="Files, folders or http(s) URLs.")],
    label: Annotated[str | None, typer.Option(help="A short label for these items.")] = None,
    description: Annotated[str | None, typer.Option(help="What these items are.")] = None,
    tag: Annotated[list[str] | None, typer.Option("--tag", help="A tag (repeatable).")] = None,
    timeout: Annotated[
        float, typer.Option(help="Seconds to wait for each answer of a URL.")
    ] = 30.0,
    deadline: Annotated[
        float, typer.Option(help="Seconds one URL may take in all (redirects included).")
    ] = DEFAULT_DEADLINE,
    max_size: Annotated[
        str, typer.Option(help="The largest body taken from a URL: bytes, or 500M, 4G, ...")
    ] = "2G",
    as_json: Annotated[bool, typer.Option("--json", help="Print results as JSON.")] = False,
) -> None:
    """Preserve files, folders and URLs in the vault, each an 'acquired' custody event."""
    ws = open_workspace(ctx)
    rec = recover(ws)
    if rec.anything:
        err_console.print(f"[yellow]{_recovered(rec)}[/]")
    total = sum(
        f.path.stat().st_size
        for f in expand_sources(sources, ws.root)
        if f.path is not None and f.problem is None
    )
    options = AddOptions(
        label, description, tag or [], timeout, deadline, parse_size(max_size, "--max-size")
    )
    with Progress(
        TextColumn("[bold]adding"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
        console=err_console,
        transient=True,
        disable=as_json or not err_console.is_terminal,
    ) as bar:
        task = bar.add_task("add", total=total or None)
        results = add_sources(ws, sources, options, lambda n: bar.advance(task, n))
    failed = [r for r in results if not r.ok]
    if as_json:
        console.print_json(data=[r.__dict__ for r in results])
    else:
        _print_add_results(results)
    if failed:
        raise typer.Exit(1)


_UNITS = {"": 1, "B": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}


def parse_size(text: str, option: str) -> int:
    """'2G' -> 2 GiB; sizes are binary (K = 1024 bytes), as the messages print them."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([KMGT]?)(?:I?B)?\s*", text.upper())
    if m is None or float(m.group(1)) <= 0:
        raise CasefileError(f"{option} {text!r}: give a size such as 500M, 2G or 1048576")
    return int(float(m.group(1)) * _UNITS[m.group(2)])


def _print_add_results(results: list[Any]) -> None:
    shown = results if len(results) <= 50 else [r for r in results if not r.ok]
    if shown:
        table = Table("status", "source", "sha256", "note")
        colour = {
            "stored": "green",
            "duplicate": "cyan",
            "failed": "red",
            "refused": "red",
            "http-error": "red",
        }
        for r in shown:
            table.add_row(
                f"[{colour[r.status]}]{r.status}[/]",
                escape(r.source),
                (r.sha256 or "")[:16],
                escape(r.message),
            )
        console.print(table)
    counts: dict[str, int] = {}
    for r in results:
        counts[r.status] = counts.get(r.status, 0) + 1
    console.print(", ".join(f"{n} {k}" for k, n in sorted(counts.items())) or "nothing to add")


def verify(
    ctx: typer.Context,
    item: Annotated[str | None, typer.Argument(help="One item (hash or prefix).")] = None,
    receipts: Annotated[
        Path | None, typer.Option(help="With ITEM: write its offline receipts to this folder.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    checkpoint: Annotated[
        list[Path] | None,
        typer.Option(
            help="A checkpoint kept outside the workspace (a witness's cosigned one, a bag's "
            "casefile/checkpoint.txt): the ledger must extend it (repeat)."
        ),
    ] = None,
) -> None:
    """Re-hash every blob, recompute the ledger tree, check checkpoints and records."""
    ws = open_workspace(ctx)
    outside = [(str(p), p.read_text()) for p in checkpoint or []]
    if item is not None:
        _verify_one(ws, resolve_item(ws, item), receipts, as_json)
        return
    with Progress(console=err_console, transient=True, disable=as_json) as bar:
        tasks: dict[str, Any] = {}

        def tick(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(f"checking {stage}", total=total or None)
            bar.update(tasks[stage], completed=done, total=total or None)

        report = verify_everything(ws, tick, outside)
    if as_json:
        console.print_json(
            data={
                "ok": report.ok,
                "tree_size": report.tree_size,
                "root": report.root,
                "items_checked": report.items_checked,
                "bytes_checked": report.bytes_checked,
                "checkpoints_checked": report.checkpoints_checked,
                "witnessed_size": report.witnessed_size,
                "witnesses": report.witnesses,
                "unwitnessed_events": report.unwitnessed,
                "anchor_after": report.anchor_after,
                "anchored_size": report.anchored_size,
                "unanchored_events": report.unanchored_events,
                "unanchored_due": report.unanchored_due,
                "problems": [p.as_json() for p in report.problems],
            }
        )
    else:
        _print_verify(report)
    if not report.ok:
        raise typer.Exit(3)


def _print_verify(report: Any) -> None:
    console.print(
        f"ledger: {report.tree_size} entries, root {report.root[:16]}…, "
        f"{report.checkpoints_checked} signed checkpoints checked"
    )
    console.print(f"blobs: {report.items_checked} items, {report.bytes_checked:,} bytes re-hashed")
    who = ", ".join(report.witnesses) or "no witness"
    console.print(
        f"witnessed: size {report.witnessed_size} ({who}; {report.outside_checkpoints} given); "
        f"{report.unwitnessed} event(s) no witness covers yet"
    )
    if report.anchor_after:
        where = f"size {report.anchored_size}" if report.anchored_size else "nothing yet"
        console.print(
            f"anchored: {where} (RFC 3161, by itself after {', '.join(report.anchor_after)}); "
            f"{report.unanchored_events} event(s) since are not anchored"
        )
        if report.unanchored_due:
            console.print(
                f"[yellow]warning:[/] {report.unanchored_due} of them should have been anchored "
                "by themselves (the authority was not reached): run 'casefile anchor'"
            )
    if report.ok:
        console.print("[bold green]OK[/]: everything checks out")
        return
    table = Table("problem", "where", "what is wrong", "expected", "found", show_lines=True)
    for p in report.problems:
        table.add_row(
            p.kind,
            escape(p.subject),
            escape(p.detail),
            escape(p.expected or ""),
            escape(p.found or ""),
        )
    console.print(table)
    console.print(f"[bold red]FAILED[/]: {len(report.problems)} problem(s)")


def _verify_one(ws: Workspace, sha: str, out: Path | None, as_json: bool) -> None:
    result = verify_item(ws, sha)
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        (out / "ledger.vkey").write_text(ws.verifier.to_vkey() + "\n")
        for entry, receipt in result.receipts:
            with_event = type(receipt)(
                receipt.index, receipt.proof, receipt.checkpoint_note, entry.body
            )
            (out / f"{sha[:16]}-{entry.seq}.tlog-proof").write_text(with_event.to_text())
    if as_json:
        console.print_json(
            data={
                "item": sha,
                "ok": result.report.ok,
                "problems": [p.as_json() for p in result.report.problems],
                "events": [
                    {
                        "seq": e.seq,
                        "leaf_hash": leaf_hash(e.body).hex(),
                        "event": json.loads(e.body),
                        "receipt": r.to_text(),
                    }
                    for e, r in result.receipts
                ],
            }
        )
    else:
        console.print(f"item {sha}")
        for entry, receipt in result.receipts:
            ev = entry.event
            size = receipt.checkpoint_note.split("\n")[1]
            console.print(
                f"  [bold]#{entry.seq}[/] {ev.kind} by {escape(ev.actor)} at {ev.time}: "
                f"proven included in the signed tree of size {size}"
            )
            console.print(escape(receipt.to_text()), style="dim")
        if result.report.ok:
            console.print("[bold green]OK[/]: bytes match the hash; every event is in the log")
        else:
            _print_verify(result.report)
    if not result.report.ok:
        raise typer.Exit(3)


def log(
    ctx: typer.Context,
    item: Annotated[str | None, typer.Argument(help="Only this item's history.")] = None,
    limit: Annotated[int, typer.Option(help="Show at most this many (newest).")] = 200,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Show the custody history (the whole ledger, or one item's)."""
    ws = open_workspace(ctx)
    sha = resolve_item(ws, item) if item else None
    with ws.db.read() as conn:
        if limit > 0:
            entries = ws.ledger.tail(conn, limit, sha)
        else:
            entries = list(ws.ledger.entries(conn, item=sha))
    if as_json:
        console.print_json(
            data=[
                {"seq": e.seq, "leaf_hash": e.leaf_hash.hex(), "event": json.loads(e.body)}
                for e in entries
            ]
        )
        return
    if not entries:
        raise CasefileError("no events yet")
    table = Table("#", "time (UTC)", "event", "by", "item", "details")
    for e in entries:
        ev = e.event
        table.add_row(
            str(e.seq),
            ev.time[:19].replace("T", " "),
            ev.kind,
            escape(ev.actor),
            (ev.item or "")[:12],
            escape(_summary(ev)),
        )
    console.print(table)


def _summary(ev: Event) -> str:
    d = ev.data
    if ev.kind == "acquired":
        where = d.get("original_path") or d.get("source_url") or ""
        bits = [where, d.get("media_type", ""), f"{d.get('size', 0):,} bytes"]
        if d.get("http_status") and d["http_status"] >= 400:
            bits.append(f"HTTP {d['http_status']}")
        if d.get("label"):
            bits.append(f"label: {d['label']}")
        return " | ".join(str(b) for b in bits if b)
    return ", ".join(f"{k}={v}" for k, v in list(d.items())[:4])[:120]


def anchor(
    ctx: typer.Context,
    tsa: Annotated[str | None, typer.Option(help="Add this time-stamping authority URL.")] = None,
    tsa_root: Annotated[
        Path | None, typer.Option(help="With --tsa: the PEM root certificate that vouches for it.")
    ] = None,
    after: Annotated[
        str | None,
        typer.Option(
            help="Anchor by itself after these event kinds (comma-separated, e.g. "
            "witness_revealed,copied_out,bag_sealed); '' turns it off. Does not anchor now."
        ),
    ] = None,
    show: Annotated[
        bool, typer.Option("--show", help="Show the authorities and the setting; do not anchor.")
    ] = False,
) -> None:
    """Timestamp the latest signed checkpoint with every configured RFC 3161 authority."""
    from casefile.vault.auto_anchor import load_anchor_after, set_anchor_after
    from casefile.vault.timestamp import add_authority, anchor_now, load_authorities

    ws = open_workspace(ctx)
    if tsa:
        if tsa_root is None:
            raise CasefileError(
                "--tsa needs --tsa-root ROOT.pem (the authority's root certificate)"
            )
        add_authority(ws.root, tsa, tsa_root)
    if after is not None:
        kinds = set_anchor_after(ws, after.split(","))
        if kinds:
            console.print(f"anchoring by itself after: {', '.join(kinds)}")
        else:
            console.print("automatic anchoring is off")
    if show:
        authorities = load_authorities(ws.root)
        console.print(
            "authorities: "
            + (", ".join(escape(a.url) for a in authorities) or "none (give --tsa URL --tsa-root)")
        )
        kinds = load_anchor_after(ws.root)
        console.print(f"anchors by itself after: {', '.join(kinds) or 'nothing (off)'}")
    if show or after is not None:
        return
    result = anchor_now(ws)
    for url, gen_time in result.anchored:
        console.print(
            f"checkpoint {result.checkpoint_size} timestamped by {escape(url)} at {gen_time}"
        )
    if result.failed:
        raise CasefileError("; ".join(problem for _, problem in result.failed))


def list_items_cmd(
    ctx: typer.Context,
    tag: Annotated[str | None, typer.Option(help="Only items with this tag.")] = None,
    media: Annotated[str | None, typer.Option(help="Media type, e.g. 'image/*'.")] = None,
    limit: Annotated[int, typer.Option(help="Page size.")] = 50,
    page: Annotated[int, typer.Option(help="Page number, from 1.")] = 1,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """List the items in the vault, newest first."""
    from casefile.vault.catalog import list_items

    ws = open_workspace(ctx)
    with ws.db.read() as conn:
        views, total = list_items(conn, tag, media, limit, (max(page, 1) - 1) * limit)
    if as_json:
        console.print_json(data={"total": total, "items": [v.as_json() for v in views]})
        return
    table = Table(
        "sha256", "name", "type", "size", "tags", "acquired (UTC)", title=f"{total} items"
    )
    for v in views:
        table.add_row(
            v.sha256[:16],
            escape(", ".join(v.names[:2])),
            v.media_type,
            f"{v.size:,}",
            escape(", ".join(v.tags)),
            v.first_acquired_at[:19],
        )
    console.print(table)


def show_item(
    ctx: typer.Context,
    item: Annotated[str, typer.Argument(help="Item hash or prefix.")],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Everything known about one item: names, sources, tags, EXIF, notes."""
    from casefile.vault.catalog import item_view

    ws = open_workspace(ctx)
    sha = resolve_item(ws, item)
    with ws.db.read() as conn:
        view = item_view(conn, sha)
    if as_json:
        console.print_json(data=view.as_json())
        return
    table = Table(show_header=False, title=f"item {sha}")
    for key, value in view.as_json().items():
        if value not in (None, [], {}):
            shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
            table.add_row(key, escape(str(shown)))
    console.print(table)


def annotate_cmd(
    ctx: typer.Context,
    item: Annotated[str, typer.Argument(help="Item hash or prefix.")],
    tag: Annotated[list[str] | None, typer.Option("--tag", help="Add a tag.")] = None,
    untag: Annotated[list[str] | None, typer.Option("--untag", help="Remove a tag.")] = None,
    label: Annotated[str | None, typer.Option(help="A new label.")] = None,
    note: Annotated[str | None, typer.Option(help="A note about the item.")] = None,
) -> None:
    """Describe an item anew: an 'annotated' event; nothing earlier is overwritten."""
    from casefile.vault.catalog import annotate

    ws = open_workspace(ctx)
    sha = resolve_item(ws, item)
    seq = annotate(ws, sha, tag or [], untag or [], label, note)
    console.print(f"annotated {sha[:16]} (ledger entry {seq})")


def get_item(
    ctx: typer.Context,
    item: Annotated[str, typer.Argument(help="Item hash or prefix.")],
    out: Annotated[Path, typer.Argument(help="File or folder to copy it to.")],
    reason: Annotated[str, typer.Option(help="Why it is copied out.")] = "",
) -> None:
    """Copy an item's bytes out of the vault (a 'copied_out' custody event)."""
    from casefile.vault.catalog import copy_out

    ws = open_workspace(ctx)
    dest = copy_out(ws, resolve_item(ws, item), out, reason)
    console.print(f"copied to {escape(str(dest))}")
