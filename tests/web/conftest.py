"""Fixtures for the web tests (helpers in web_helpers.py)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from web_helpers import WebCase, client_for, login, make_case

from casefile.vault.workspace import Workspace
from casefile.web.app import create_app
from casefile.web.schema import ROLES


@pytest.fixture(scope="module")
def web_case(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebCase]:
    tmp = tmp_path_factory.mktemp("web")
    ws = Workspace.init(tmp / "ws", None, actor="tester@test")
    yield make_case(ws, tmp)
    ws.close()


@pytest.fixture(scope="module")
def app(web_case: WebCase) -> object:
    return create_app(web_case.ws, max_upload=1 << 20)


@pytest.fixture(scope="module")
def clients(app: object) -> Iterator[dict[str, httpx.Client]]:
    out = {}
    for role in ROLES:
        c = client_for(app)
        r = login(c, role)
        assert r.status_code == 303, r.text
        out[role] = c
    out["anonymous"] = client_for(app)
    yield out
    for c in out.values():
        c.close()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/web/" in str(item.fspath):
            item.add_marker(pytest.mark.filterwarnings("ignore:Using `httpx` with"))
