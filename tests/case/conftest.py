"""Case fixtures on every configured database engine."""

from __future__ import annotations

from pathlib import Path

import pytest
from case_helpers import Builder

from casefile.vault.workspace import Workspace


@pytest.fixture
def build(workspace: Workspace, tmp_path: Path) -> Builder:
    return Builder(workspace, tmp_path / "materials")


@pytest.fixture
def sqlite_build(sqlite_workspace: Workspace, tmp_path: Path) -> Builder:
    return Builder(sqlite_workspace, tmp_path / "materials")
