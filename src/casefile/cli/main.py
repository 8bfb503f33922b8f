"""The casefile command line: one Typer app; each pipeline stage registers its commands."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from casefile import __version__
from casefile.cli import (
    case_cmds,
    demo_cmds,
    estimate_cmds,
    export_cmds,
    extract_cmds,
    ingest_cmds,
    media_cmds,
    vault_cmds,
    victims_cmds,
    web_cmds,
    witness_cmds,
)
from casefile.cli.common import CasefileGroup, err_console, state

app = typer.Typer(
    cls=CasefileGroup,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="casefile: preserve evidence, extract facts, build cases, link victims, estimate.",
)


@app.callback()
def _root(
    ctx: typer.Context,
    workspace: Annotated[
        Path | None,
        typer.Option(
            "--workspace",
            "-w",
            help="Workspace folder (else $CASEFILE_HOME, else upwards).",
        ),
    ] = None,
    actor: Annotated[
        str | None, typer.Option(help="Who is acting (else $CASEFILE_ACTOR or user@host).")
    ] = None,
) -> None:
    st = state(ctx)
    st["workspace"] = workspace
    st["actor"] = actor


@app.command("version")
def version() -> None:
    """Print the casefile version."""
    typer.echo(__version__)


vault_cmds.register(app)
media_cmds.register(app)
ingest_cmds.register(app)
extract_cmds.register(app)
export_cmds.register(app)
estimate_cmds.register(app)
case_cmds.register(app)
demo_cmds.register(app)
web_cmds.register(app)
witness_cmds.register(app)
victims_cmds.register(app)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        err_console.print("[yellow]interrupted[/]")
        sys.exit(130)
    except Exception as exc:  # a bug, not bad input: say so plainly
        if os.environ.get("CASEFILE_DEBUG"):
            raise
        err_console.print(
            f"[bold red]internal error:[/] {type(exc).__name__}: {exc}\n"
            "This is a bug in casefile. Run again with CASEFILE_DEBUG=1 for the details."
        )
        sys.exit(70)
