"""Alembic migrations for the whole workspace schema, run programmatically by ``upgrade``."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

HERE = Path(__file__).parent


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    return cfg


def upgrade(engine: Engine) -> None:
    """Brings the database to the newest schema (every branch head)."""
    cfg = _config()
    with engine.connect().execution_options(casefile_write=True) as conn, conn.begin():
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "heads")


def pending_revisions(engine: Engine) -> list[str]:
    """Revisions not yet applied: empty when the schema is current."""
    script = ScriptDirectory.from_config(_config())
    with engine.connect() as conn:
        current = set(MigrationContext.configure(conn).get_current_heads())
    wanted = set(script.get_heads())
    if current == wanted:
        return []
    return sorted(wanted - current)
