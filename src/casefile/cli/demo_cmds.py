"""casefile demo: the worked example a newcomer runs first (the work is in casefile.demo)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from casefile.cli.common import console, state
from casefile.demo import run_demo


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)


def demo(
    ctx: typer.Context,
    directory: Annotated[Path, typer.Argument(help="Folder for the demo workspace.")] = Path(
        "demo-workspace"
    ),
) -> None:
    """Run the worked example: preserve, extract, build the case, link, estimate, export."""
    directory = directory.resolve()
    actor = state(ctx).get("actor") or "demo@casefile"
    done = run_demo(directory, actor, progress=console.status)
    table = Table("step", "result", show_lines=True)
    for title, result in done:
        table.add_row(title, result)
    console.print(table)
    console.print(
        Panel(
            f"Workspace: {escape(str(directory))}\n"
            f"Report:    {escape(str(directory / 'case-report.html'))}\n"
            f"Incident:  casefile -w {escape(str(directory))} incident show 1\n"
            f"Look around:  casefile -w {escape(str(directory))} log\n"
            f"              casefile -w {escape(str(directory))} verify",
            title="casefile demo",
        )
    )
