"""casefile demo: the worked example a newcomer runs first, end to end on the embedded default."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from casefile.cli.common import console, state
from casefile.errors import CasefileError
from casefile.vault.acquire import add_sources
from casefile.vault.verify import verify_workspace
from casefile.vault.workspace import CONFIG_NAME, Workspace

DEMO_MARKER = ".casefile-demo"

Step = Callable[[Workspace, Path, dict[str, Any]], str]


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
    _clear_previous_demo(directory)
    ws = Workspace.init(directory, None, state(ctx).get("actor") or "demo@casefile")
    (directory / DEMO_MARKER).write_text("created by 'casefile demo'; safe to delete\n")
    materials = directory.parent / f"{directory.name}-materials"
    shutil.rmtree(materials, ignore_errors=True)
    materials.mkdir()
    facts: dict[str, Any] = {}
    table = Table("step", "result", show_lines=True)
    try:
        for title, step in steps():
            with console.status(title):
                table.add_row(title, step(ws, materials, facts))
    finally:
        ws.close()
    console.print(table)
    console.print(
        Panel(
            f"Workspace: {escape(str(directory))}\n"
            f"Look around:  casefile -w {escape(str(directory))} log\n"
            f"              casefile -w {escape(str(directory))} verify",
            title="casefile demo",
        )
    )


def _clear_previous_demo(directory: Path) -> None:
    if not directory.exists():
        return
    if (directory / DEMO_MARKER).exists():
        shutil.rmtree(directory)
        return
    if (directory / CONFIG_NAME).exists() or any(directory.iterdir()):
        raise CasefileError(
            f"{directory} exists and is not a demo workspace: choose another folder"
        )


def steps() -> list[tuple[str, Step]]:
    return [
        ("Preserve the example materials", step_preserve),
        ("Extract facts from the report", step_extract),
        ("Verify the vault", step_verify),
    ]


def step_preserve(ws: Workspace, materials: Path, facts: dict[str, Any]) -> str:
    from casefile.cli.demo_materials import write_materials

    write_materials(materials)
    results = add_sources(ws, [str(materials)])
    facts["items"] = {Path(r.source).name: r.sha256 for r in results}
    failed = [r for r in results if not r.ok]
    if failed:
        raise CasefileError(f"demo materials failed to add: {failed[0].message}")
    return f"{len(results)} items stored under their SHA-256, each an 'acquired' ledger event"


def step_extract(ws: Workspace, materials: Path, facts: dict[str, Any]) -> str:
    from datetime import date

    from casefile.ingest.pipeline import ingest_item

    sha = facts["items"]["report-bucha-yablunska.txt"]
    res = ingest_item(ws, sha, published=date(2022, 4, 3))
    if not res.ok or res.extraction is None:
        raise CasefileError(f"demo extraction failed: {res.error}")
    facts["extraction"] = res.extraction
    lines = [", ".join(f"{n} {k}" for k, n in res.counts.items() if n)]
    for fig in res.extraction.get("figures", []):
        lines.append(
            f"toll: {fig.get('category')} {fig.get('qualifier')} {fig.get('min')} "
            f"(source: {fig.get('source') or 'not stated'})"
        )
    for claim in res.extraction.get("claims", [])[:3]:
        lines.append(f"claim: {claim.get('actor')} {claim.get('stance')} “{claim.get('text')}”")
    return "\n".join(lines)


def step_verify(ws: Workspace, materials: Path, facts: dict[str, Any]) -> str:
    from casefile.cli.checks import all_checks

    report = verify_workspace(ws, extra_checks=all_checks())
    if not report.ok:
        raise CasefileError(f"demo workspace failed verification: {report.problems[0]}")
    return (
        f"OK: {report.items_checked} blobs re-hashed, {report.tree_size} ledger entries, "
        f"{report.checkpoints_checked} signed checkpoints checked"
    )
