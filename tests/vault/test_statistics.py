"""Planner statistics: the writers keep SQLite's sqlite_stat1 (issue 27), never a reader."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import insert, text

from casefile import migrations
from casefile.vault.database import ANALYZE_AFTER_CHANGES
from casefile.vault.schema import pending_blobs
from casefile.vault.workspace import Workspace

STATS = text("SELECT count(*) FROM sqlite_stat1 WHERE tbl = :t")


def _stats(ws: Workspace, table: str) -> int:
    with ws.db.read() as conn:
        return int(conn.execute(STATS, {"t": table}).scalar_one())


def _rows(n: int, start: int = 0) -> list[dict[str, str]]:
    return [
        {"sha256": f"{i:064x}", "owner": "test", "created_at": "2026-12-06T00:00:00Z"}
        for i in range(start, start + n)
    ]


def test_a_bulk_write_refreshes_the_statistics(sqlite_workspace: Workspace) -> None:
    ws = sqlite_workspace
    with ws.db.write() as conn:
        conn.execute(insert(pending_blobs), _rows(100))
    assert _stats(ws, "pending_blobs") == 0  # a small write leaves them as they are
    with ws.db.write() as conn:
        conn.execute(insert(pending_blobs), _rows(ANALYZE_AFTER_CHANGES, 100))
    assert _stats(ws, "pending_blobs") > 0
    with ws.db.read() as conn:
        stat = conn.execute(
            text("SELECT stat FROM sqlite_stat1 WHERE idx = 'ix_pending_blobs_sha256'")
        ).scalar_one()
    # About as many rows as there are (each index is read up to ANALYSIS_LIMIT rows, so the
    # number is an estimate), where SQLite would otherwise guess from nothing.
    assert ANALYZE_AFTER_CHANGES // 2 < int(stat.split()[0]) < 2 * ANALYZE_AFTER_CHANGES


def test_small_writes_add_up_to_a_refresh(sqlite_workspace: Workspace) -> None:
    ws = sqlite_workspace
    step = ANALYZE_AFTER_CHANGES // 4 + 1
    for k in range(3):
        with ws.db.write() as conn:
            conn.execute(insert(pending_blobs), _rows(step, k * step))
    assert _stats(ws, "pending_blobs") == 0
    with ws.db.write() as conn:
        conn.execute(insert(pending_blobs), _rows(step, 3 * step))
    assert _stats(ws, "pending_blobs") > 0


def test_opening_a_workspace_without_statistics_makes_them(tmp_path: Path) -> None:
    # A workspace from before the writers kept statistics: migration 0014 makes them when the
    # workspace is next opened (and every migration run refreshes them after).
    ws = Workspace.init(tmp_path / "ws", None, actor="tester@test")
    with ws.db.write() as conn:
        conn.execute(insert(pending_blobs), _rows(500))
    cfg = Config()
    cfg.set_main_option("script_location", str(Path(migrations.__file__).parent))
    with ws.db.engine.connect().execution_options(casefile_write=True) as conn, conn.begin():
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0013_media_phash")
        conn.exec_driver_sql("DELETE FROM sqlite_stat1")
    ws.close()
    ws = Workspace.open(tmp_path / "ws")
    try:
        assert _stats(ws, "pending_blobs") > 0
    finally:
        ws.close()


def test_fts5_shadow_tables_get_no_statistics(sqlite_workspace: Workspace) -> None:
    # FTS5 reads its shadow tables by key; a statistic of its '_data' table taken while the
    # index was small made every later insert into the index slower the more it held.
    ws = sqlite_workspace
    with ws.db.write() as conn:
        conn.execute(insert(pending_blobs), _rows(ANALYZE_AFTER_CHANGES))
    with ws.db.read() as conn:
        shadow = {r.name for r in conn.exec_driver_sql("PRAGMA table_list") if r.type == "shadow"}
        analysed = set(conn.execute(text("SELECT tbl FROM sqlite_stat1")).scalars())
    assert shadow and "web_search_data" in shadow
    assert "pending_blobs" in analysed and not shadow & analysed
