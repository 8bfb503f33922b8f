"""Fixtures for the witness tests: a workspace with its witness key set up."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from casefile.vault.workspace import Workspace
from casefile.witness import KeyRing, init_keys
from casefile.witness.keys import KEY_FILE_ENV, PASSPHRASE_ENV, forget_keyring


@pytest.fixture(autouse=True)
def _no_key_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv(KEY_FILE_ENV, raising=False)
    monkeypatch.delenv(PASSPHRASE_ENV, raising=False)
    monkeypatch.delenv("CASEFILE_ROLE", raising=False)
    yield


@pytest.fixture
def ring(workspace: Workspace) -> Iterator[KeyRing]:
    r = init_keys(workspace)
    yield r
    forget_keyring(workspace.id)
