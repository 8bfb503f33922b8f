"""What every command shares: the consoles, clean error messages, finding the workspace."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from typer.core import TyperGroup

from casefile.errors import CasefileError
from casefile.vault.workspace import Workspace

console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)


class CasefileGroup(TyperGroup):
    """Turns a CasefileError from any command into one clear line on stderr and its exit code."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except CasefileError as exc:
            err_console.print(f"[bold red]error:[/] {escape(str(exc))}")
            raise typer.Exit(exc.exit_code) from None


def fail(message: str, code: int = 2) -> NoReturn:
    err_console.print(f"[bold red]error:[/] {escape(message)}")
    raise typer.Exit(code)


def state(ctx: typer.Context) -> dict[str, Any]:
    root = ctx.find_root()
    if root.obj is None:
        root.obj = {}
    obj: dict[str, Any] = root.obj
    return obj


def open_workspace(ctx: typer.Context) -> Workspace:
    """The workspace for this command: --workspace, then $CASEFILE_HOME, then upwards."""
    st = state(ctx)
    if "ws" not in st:
        explicit: Path | None = st.get("workspace")
        st["ws"] = Workspace.find(explicit, st.get("actor"))
        ctx.call_on_close(st["ws"].close)
    ws: Workspace = st["ws"]
    return ws


def parse_date_option(value: str | None, option: str = "--published") -> date | None:
    """A YYYY-MM-DD option value, or a clear error naming the option."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CasefileError(f"{option} {value!r} is not a date (YYYY-MM-DD)") from None


def resolve_item(ws: Workspace, ref: str) -> str:
    """A full sha256 from a prefix of at least 6 hex digits."""
    from casefile.vault.catalog import resolve_item as resolve

    with ws.db.read() as conn:
        return resolve(conn, ref)
