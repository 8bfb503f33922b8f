"""casefile phash: perceptual hashes of images and their near-duplicates (issue 28)."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from casefile.cli.common import console, open_workspace, resolve_item
from casefile.errors import CasefileError


def register(app: typer.Typer) -> None:
    app.command("phash")(phash_cmd)


def phash_cmd(
    ctx: typer.Context,
    item: Annotated[
        str | None, typer.Argument(help="Item hash or prefix: its near-duplicates.")
    ] = None,
    all_: Annotated[
        bool,
        typer.Option("--all", help="Hash every image item that has no perceptual hash yet."),
    ] = False,
    within: Annotated[
        int, typer.Option(min=0, max=64, help="Most bits (of 64) that may differ.")
    ] = 8,
    as_json: Annotated[bool, typer.Option("--json", help="JSON output.")] = False,
) -> None:
    """Perceptual hashes of images: an item's near-duplicates, or --all to hash older items.

    New images are hashed when acquired (a 'media_hashed' event each); items acquired before
    that get theirs with --all, one event each, recorded as the acting user."""
    from casefile.vault.phash import backfill, near_duplicates, phash_of

    if (item is None) == (not all_):
        raise CasefileError("give an item to see its near-duplicates, or --all to hash older items")
    ws = open_workspace(ctx)
    if all_:
        result = backfill(ws)
        skipped = result.skipped or []
        if as_json:
            out = {"hashed": result.hashed, "skipped": [{"item": s, "why": w} for s, w in skipped]}
            typer.echo(json.dumps(out))
            return
        console.print(f"hashed {result.hashed} image item(s)")
        for sha, why in skipped:
            console.print(f"  [yellow]{sha[:16]}[/] {escape(why)}")
        return
    assert item is not None
    sha = resolve_item(ws, item)
    with ws.db.read() as conn:
        ph = phash_of(conn, sha)
        near = near_duplicates(conn, sha, within) if ph else []
    if as_json:
        typer.echo(json.dumps({"item": sha, "phash": ph, "near": [n.as_json() for n in near]}))
        return
    if ph is None:
        console.print(f"{sha[:16]} has no perceptual hash (not an image, or not hashed yet: --all)")
        return
    console.print(f"{sha[:16]} pHash {ph}: {len(near)} near-duplicate(s) within {within} bits")
    if near:
        table = Table("item", "bits differing", "type")
        for n in near:
            table.add_row(n.sha256, str(n.distance), n.media_type)
        console.print(table)
