from __future__ import annotations

from pathlib import Path

import pytest

from casefile.export.bag import export_bag, select_items
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
    export_bag(sqlite_workspace, select_items(sqlite_workspace, None), out)
    return out


SEED = Path(__file__).parents[1] / "data" / "seed" / "bucha-report.txt"


@pytest.fixture
def ingested(workspace: Workspace, tmp_path: Path) -> Workspace:
    """A report with facts (toll, places, claims, a proposed incident) and a photo without."""
    from datetime import date

    from casefile.ingest.pipeline import ingest_sources

    [res] = ingest_sources(workspace, [str(SEED)], date(2022, 4, 4))
    assert res.ok, res.error
    photo = tmp_path / "street.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)) * 20)
    add_sources(workspace, [str(photo)])
    return workspace
