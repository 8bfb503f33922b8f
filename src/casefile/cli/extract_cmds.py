"""`casefile extract FILE`: facts from one document, printed, nothing stored."""

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
        + ", ".join(f"{p['name']} ({p['lat']:.2f}, {p['lon']:.2f})" for p in data["places"])
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
        file: Annotated[Path, typer.Argument(help="A text, HTML or PDF report.")],
        as_json: Annotated[
            bool, typer.Option("--json", help="Print the facts as one JSON object.")
        ] = False,
        published: Annotated[
            str | None, typer.Option(help="Publication date YYYY-MM-DD, for relative dates.")
        ] = None,
    ) -> None:
        """Extract facts from one report and print them (stores nothing)."""
        data = extract_file(file, parse_date_option(published))
        if as_json:
            typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            _summary(Console(highlight=False), file.name, data)
