"""Running the worked example into a folder: a fresh demo workspace, its materials, each step."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any

from casefile.demo.steps import steps
from casefile.errors import CasefileError
from casefile.vault.workspace import CONFIG_NAME, Workspace

DEMO_MARKER = ".casefile-demo"

Progress = Callable[[str], AbstractContextManager[Any]]


def _quiet(title: str) -> AbstractContextManager[Any]:
    return nullcontext()


def run_demo(
    directory: Path,
    actor: str = "demo@casefile",
    progress: Progress = _quiet,
) -> list[tuple[str, str]]:
    """Builds the worked example in ``directory`` (replacing an earlier demo there, refusing
    any other folder) with its generated materials beside it in ``<directory>-materials``;
    returns (step title, what it did) per step. ``progress(title)`` wraps each step (the CLI
    shows a spinner)."""
    directory = directory.resolve()
    clear_previous_demo(directory)
    ws = Workspace.init(directory, None, actor)
    (directory / DEMO_MARKER).write_text("created by 'casefile demo'; safe to delete\n")
    materials = materials_folder(directory)
    shutil.rmtree(materials, ignore_errors=True)
    materials.mkdir()
    found: dict[str, Any] = {}
    done = []
    try:
        for title, step in steps():
            with progress(title):
                done.append((title, step(ws, materials, found)))
    finally:
        ws.close()
    return done


def materials_folder(directory: Path) -> Path:
    """Where the demo writes the reports, photographs and victim lists it preserves."""
    return directory.parent / f"{directory.name}-materials"


def clear_previous_demo(directory: Path) -> None:
    """Removes an earlier demo workspace; any other non-empty folder is an error."""
    if not directory.exists():
        return
    if (directory / DEMO_MARKER).exists():
        shutil.rmtree(directory)
        return
    if (directory / CONFIG_NAME).exists() or any(directory.iterdir()):
        raise CasefileError(
            f"{directory} exists and is not a demo workspace: choose another folder"
        )
