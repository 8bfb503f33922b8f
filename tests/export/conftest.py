from __future__ import annotations

from pathlib import Path

import pytest

from casefile.export.bag import export_bag, facts_jsonl, items_csv, select_items
from casefile.vault.acquire import add_sources
from casefile.vault.workspace import Workspace


@pytest.fixture
def bag(sqlite_workspace: Workspace, tmp_path: Path) -> Path:
    src = tmp_path / "evidence"
    src.mkdir()
    for i in range(5):
        (src / f"photo{i}.bin").write_bytes(bytes([i]) * (1000 + i))
    (src / "report.txt").write_text("The death toll sits at 410.")
    add_sources(sqlite_workspace, [str(src)])
    add_sources(sqlite_workspace, [str(src / "report.txt")])  # a second custody event
    out = tmp_path / "bag"
    export_bag(
        sqlite_workspace, select_items(sqlite_workspace, None), out, [items_csv, facts_jsonl]
    )
    return out
