"""casefile ingest | facts: reports into the vault and out as facts with their provenance."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from casefile.cli.common import console, open_workspace, parse_date_option, resolve_item
from casefile.errors import CasefileError
from casefile.ingest.corrections import correct_fact, current_facts, fact_history
from casefile.ingest.pipeline import FACT_LISTS, ingest_sources
from casefile.ingest.schema import documents
from casefile.vault.acquire import AddOptions

facts_app = typer.Typer(help="List, inspect and correct extracted facts.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest)
    app.add_typer(facts_app, name="facts")


def ingest(
    ctx: typer.Context,
    sources: Annotated[list[str], typer.Argument(help="Text, HTML or PDF files, or URLs.")],
    published: Annotated[
        str | None, typer.Option(help="Publication date (YYYY-MM-DD) for relative dates.")
    ] = None,
    tag: Annotated[list[str] | None, typer.Option("--tag", help="Tag (repeatable).")] = None,
    timeout: Annotated[float, typer.Option(help="Seconds to wait for a URL.")] = 30.0,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Preserve reports in the vault, then clean them and extract their facts."""
    ws = open_workspace(ctx)
    when = parse_date_option(published)
    results = ingest_sources(ws, sources, when, AddOptions(tags=tag or [], timeout=timeout))
    if as_json:
        console.print_json(
            data=[
                {
                    "source": r.source,
                    "sha256": r.sha256,
                    "document": r.document_id,
                    "language": r.language,
                    "counts": r.counts,
                    "warnings": r.warnings,
                    "error": r.error,
                }
                for r in results
            ]
        )
    else:
        table = Table("source", "item", "lang", "facts extracted", "note", show_lines=True)
        for r in results:
            counts = ", ".join(f"{r.counts[k]} {k}" for k in FACT_LISTS if r.counts.get(k))
            table.add_row(
                escape(Path(r.source).name or r.source),
                (r.sha256 or "")[:12],
                r.language or "",
                counts,
                escape(r.error or "; ".join(r.warnings)),
                style="red" if r.error else None,
            )
        console.print(table)
    if any(not r.ok for r in results):
        raise typer.Exit(1)


@facts_app.command("list")
def list_facts(
    ctx: typer.Context,
    item: Annotated[str | None, typer.Argument(help="Only this item (hash prefix).")] = None,
    kind: Annotated[str | None, typer.Option(help="figure, person, quote, claim, ...")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """The facts as they stand (corrections applied), with where they came from."""
    ws = open_workspace(ctx)
    sha = resolve_item(ws, item) if item else None
    with ws.db.read() as conn:
        found = current_facts(conn, sha, kind)
    if as_json:
        console.print_json(data=[f.as_json() for f in found])
        return
    table = Table("id", "kind", "item", "span", "fact", "origin")
    for f in found:
        table.add_row(
            str(f.id),
            f.kind,
            f.item_sha256[:12],
            f"{f.span[0]}-{f.span[1]}" if f.span else "",
            escape(_summary(f.kind, f.payload)),
            f.origin,
        )
    console.print(table)


@facts_app.command("show")
def show_fact(
    ctx: typer.Context,
    fact_id: Annotated[int, typer.Argument(help="Fact id.")],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """One fact with its source words and every version of it."""
    ws = open_workspace(ctx)
    with ws.db.read() as conn:
        chain = fact_history(conn, fact_id)
        text = (
            conn.execute(documents.select().where(documents.c.id == chain[-1].document_id))
            .one()
            .text
        )
    if as_json:
        console.print_json(data=[f.as_json() for f in chain])
        return
    last = chain[-1]
    if last.span:
        s, e = last.span
        console.print(
            f"…{escape(text[max(0, s - 80) : s])}[bold yellow]{escape(text[s:e])}[/]"
            f"{escape(text[e : e + 80])}…"
        )
    for f in chain:
        who = (
            f"corrected by {f.created_by}: {f.reason}"
            if f.origin == "correction"
            else (f"extracted by {f.created_by}")
        )
        console.print(f"[bold]#{f.id}[/] {f.created_at} {escape(who)}")
        console.print_json(data=f.payload)


@facts_app.command("correct")
def correct(
    ctx: typer.Context,
    fact_id: Annotated[int, typer.Argument(help="Fact id.")],
    set_: Annotated[list[str], typer.Option("--set", help="field=value (value may be JSON).")],
    reason: Annotated[str, typer.Option(help="Why the fact is corrected.")] = "",
) -> None:
    """Correct a fact: a new version with who/when/why; the original is kept."""
    ws = open_workspace(ctx)
    changes: dict[str, Any] = {}
    for item in set_:
        if "=" not in item:
            raise CasefileError(f"--set {item!r} is not field=value")
        key, value = item.split("=", 1)
        try:
            changes[key] = json.loads(value)
        except ValueError:
            changes[key] = value
    new_id = correct_fact(ws, fact_id, changes, reason)
    console.print(f"fact {fact_id} corrected: new version is fact {new_id}")


def _summary(kind: str, p: dict[str, Any]) -> str:
    if kind == "figure":
        return (
            f"{p.get('category')}: {p.get('count') or p.get('min')} {p.get('who') or ''} "
            f"({p.get('qualifier')}; source {p.get('source')})"
        )
    if kind == "quote":
        return f"{p.get('speaker')}: “{str(p.get('text'))[:60]}”"
    if kind == "claim":
        return f"{p.get('actor')} {p.get('stance')}: {str(p.get('text'))[:60]}"
    if kind in ("person", "organisation", "place"):
        return str(p.get("name")) + (f" ({p['role']})" if p.get("role") else "")
    return json.dumps(p, ensure_ascii=False)[:80]
