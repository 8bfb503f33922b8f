"""Shared fixtures: a workspace on each configured database engine.

SQLite always; PostgreSQL too when CASEFILE_TEST_PG_URL names a server (a URL to a database
the tests may use to CREATE and DROP their own databases). `.ci/run` starts one.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from casefile.vault.workspace import Workspace

PG_URL = os.environ.get("CASEFILE_TEST_PG_URL")
REQUIRE_PG = os.environ.get("CASEFILE_REQUIRE_PG") == "1"

ENGINES = ["sqlite", "postgresql"]


@pytest.fixture(scope="session")
def pg_admin_url() -> str:
    if not PG_URL:
        if REQUIRE_PG:
            pytest.fail("CASEFILE_REQUIRE_PG=1 but CASEFILE_TEST_PG_URL is not set")
        pytest.skip("no PostgreSQL server configured (set CASEFILE_TEST_PG_URL)")
    return PG_URL


def _pg_database(admin_url: str) -> Iterator[str]:
    name = f"casefile_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(
        make_url(admin_url).set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield str(make_url(admin_url).set(database=name).render_as_string(hide_password=False))
    finally:
        with admin.connect() as conn:
            conn.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
                {"n": name},
            )
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


@pytest.fixture(params=ENGINES)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str | None]:
    """None for the embedded default (SQLite in the workspace), else a fresh PostgreSQL DB."""
    if request.param == "sqlite":
        yield None
        return
    admin_url = request.getfixturevalue("pg_admin_url")
    yield from _pg_database(admin_url)


@pytest.fixture
def workspace(tmp_path: Path, db_url: str | None) -> Iterator[Workspace]:
    ws = Workspace.init(tmp_path / "ws", db_url, actor="tester@test")
    yield ws
    ws.close()


@pytest.fixture
def sqlite_workspace(tmp_path: Path) -> Iterator[Workspace]:
    ws = Workspace.init(tmp_path / "ws", None, actor="tester@test")
    yield ws
    ws.close()


@pytest.fixture(scope="session")
def bench_script() -> Callable[[str], ModuleType]:
    """A script under bench/ loaded as a module: bench_script("outside_eval/telegram_posts")."""

    def load(name: str) -> ModuleType:
        path = Path(__file__).parents[1] / "bench" / f"{name}.py"
        spec = importlib.util.spec_from_file_location(path.stem, path)
        assert spec and spec.loader
        mod = importlib.util.module_from_spec(spec)
        sys.modules[path.stem] = mod
        spec.loader.exec_module(mod)
        return mod

    return load
