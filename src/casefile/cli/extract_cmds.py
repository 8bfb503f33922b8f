"""`casefile extract FILE...`: facts from documents, printed, nothing stored.

Many files run in one process, so the language models load once; `--jsonl` prints one JSON
object per file and line (`{"file": …, …}`, or `{"file": …, "error": …}` for a file that
could not be read, after which the others still run and the exit code is 1)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from casefile.cli.common import parse_date_option
from casefile.errors import CasefileError


def extract_file(path: Path, published: date | None) -> dict[str, Any]:
    """The `--json` object for one file (cleaning + extraction)."""
    from casefile.facts import extract_document

    if path.is_dir():
        raise CasefileError(f"{path}: is a folder; give the files in it (extract FILE...)")
    if not path.is_file():
        raise CasefileError(f"{path}: no such file")
    cleaned, facts = extract_document(path.read_bytes(), None, path.name, published=published)
    out = facts.to_json()
    out["media_type"] = cleaned.media_type
    out["encoding"] = cleaned.encoding
    out["language_confidence"] = cleaned.language.confidence
    return out


def _summary(console: Console, name: str, data: dict[str, Any]) -> None:
    console.print(f"[bold]{name}[/]  language {data['language']}  ({data['extractor_version']})")
    for w in data["warnings"]:
        console.print(f"[yellow]warning:[/] {w}")
    if data["removed"]:
        console.print(
            f"removed {len(data['removed'])} line(s): "
            + ", ".join(sorted({r["reason"] for r in data["removed"]}))
        )
    t = Table("category", "how many", "who", "source", "note", title="Figures")
    for f in data["figures"]:
        how = (
            str(f["count"])
            if f["qualifier"] == "exact"
            else f"{f['qualifier']} {f['count'] or ''}".strip()
        )
        t.add_row(f["category"], how, f["who"], f["source"] or "", f["note"] or "")
    console.print(t)
    t = Table("speaker", "quote", title="Quotes")
    for q in data["quotes"]:
        t.add_row(q["speaker"] or "?", q["text"][:100])
    console.print(t)
    t = Table("actor", "stance", "what", title="Claims")
    for c in data["claims"]:
        t.add_row(c["actor"] or "?", c["stance"], c["text"][:90])
    console.print(t)
    console.print(
        "People: "
        + "; ".join(
            f"{p['name']}" + (f" ({p['role']})" if p["role"] else "") for p in data["people"]
        )
    )
    console.print("Organisations: " + ", ".join(o["name"] for o in data["organisations"]))
    console.print(
        "Places: "
        + ", ".join(
            f"{p['name']} ({p['lat']:.2f}, {p['lon']:.2f})"
            if p.get("lat") is not None
            else f"{p['name']} (region)"
            if p.get("kind") == "region"
            else f"{p['name']} (not placed)"
            for p in data["places"]
        )
    )
    console.print("Dates: " + ", ".join(f"{d['text']} = {d['value']}" for d in data["dates"]))
    console.print("Evidence: " + ", ".join(sorted({e["kind"] for e in data["evidence"]})))
    inc = data["incident"]
    if inc:
        where = ", ".join(w["name"] for w in inc["where"])
        console.print(
            f"[bold]Proposed incident:[/] {inc['what']} in {where or '?'}"
            f"{' on ' + inc['when']['value'] if inc['when'] else ''}"
        )


def register(app: typer.Typer) -> None:
    @app.command("extract")
    def extract(
        files: Annotated[list[Path], typer.Argument(help="Text, HTML or PDF reports.")],
        as_json: Annotated[
            bool,
            typer.Option("--json", help="Print the facts as JSON (an array for several files)."),
        ] = False,
        as_jsonl: Annotated[
            bool, typer.Option("--jsonl", help="Print one JSON object per file and line.")
        ] = False,
        published: Annotated[
            str | None, typer.Option(help="Publication date YYYY-MM-DD, for relative dates.")
        ] = None,
    ) -> None:
        """Extract facts from reports and print them (stores nothing)."""
        when = parse_date_option(published)
        if len(files) == 1 and not as_jsonl:
            data = extract_file(files[0], when)
            if as_json:
                typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
            else:
                _summary(Console(highlight=False), files[0].name, data)
            return
        failed = 0
        collected: list[dict[str, Any]] = []
        console = Console(highlight=False)
        for path in files:
            try:
                data = {"file": str(path), **extract_file(path, when)}
            except CasefileError as e:
                failed += 1
                data = {"file": str(path), "error": str(e)}
            if as_jsonl:
                typer.echo(json.dumps(data, ensure_ascii=False))
            elif as_json:
                collected.append(data)
            elif "error" in data:
                console.print(f"[red]error:[/] {data['error']}")
            else:
                _summary(console, path.name, data)
        if as_json:
            typer.echo(json.dumps(collected, ensure_ascii=False, indent=2))
        if failed:
            raise typer.Exit(1)
