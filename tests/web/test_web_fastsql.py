"""casefile.web.fastsql gives what Connection.execute gives, on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Select, bindparam, func, select

from casefile.vault.schema import acquisitions, item_tags, items, ledger_entries
from casefile.vault.workspace import Workspace
from casefile.web import fastsql

_SHAS: Any = bindparam("shas", expanding=True)
STATEMENTS: list[Any] = [
    select(items).where(items.c.sha256.in_(_SHAS)).order_by(items.c.sha256),
    select(acquisitions.c.item_sha256, acquisitions.c.original_name)
    .where(acquisitions.c.item_sha256.in_(_SHAS), acquisitions.c.id > bindparam("after"))
    .order_by(acquisitions.c.id),
    # A literal written into the statement, a limit, a count.
    select(item_tags).where(item_tags.c.tag == "a%b").limit(5),
    select(func.count()).select_from(items),
    select(ledger_entries.c.seq, ledger_entries.c.body).order_by(ledger_entries.c.seq).limit(3),
]


def _seed(ws: Workspace, tmp: Any) -> list[str]:
    from casefile.vault.acquire import AddOptions, add_sources

    for i in range(4):
        (tmp / f"f{i}.txt").write_text(f"file {i}\n")
    res = add_sources(ws, [str(tmp / f"f{i}.txt") for i in range(4)], AddOptions(tags=["a%b"]))
    return sorted(r.sha256 for r in res if r.sha256)


def test_rows_as_execute(workspace: Workspace, tmp_path: Any) -> None:
    shas = _seed(workspace, tmp_path)
    params: list[dict[str, Any]] = [
        {"shas": shas[:3]},
        {"shas": shas, "after": 1},
        {},
        {},
        {},
    ]
    for _ in range(2):  # planned, then from the plan
        with workspace.db.read() as conn:
            for stmt, p in zip(STATEMENTS, params, strict=True):
                want = conn.execute(stmt, p).all()
                got = fastsql.rows(conn, stmt, p)
                assert [tuple(r) for r in got] == [tuple(r) for r in want]
                assert [dict(r._mapping) for r in got] == [dict(r._mapping) for r in want]
                assert [r[0] for r in got] == fastsql.scalars(conn, stmt, p)
                plain = fastsql.tuples(conn, stmt, p)
                assert plain == [tuple(r) for r in want]
                assert all(type(r) is tuple for r in plain)
    with workspace.db.read() as conn:
        assert fastsql.rows(conn, STATEMENTS[0], {"shas": []}) == []  # through execute
        got = fastsql.rows(conn, STATEMENTS[0], {"shas": shas[:1]})
        assert got[0].sha256 == shas[0] and got[0].size > 0


class _Lacking:
    """A compiled statement as from a SQLAlchemy without ``_result_columns`` (a private name)."""

    def __init__(self, compiled: Any) -> None:
        self._compiled = compiled

    def __getattr__(self, name: str) -> Any:
        if name == "_result_columns":
            raise AttributeError(name)
        return getattr(self._compiled, name)


class _OddSelect(Select[Any]):
    """A select whose ``compile()`` (what the planner calls) lacks an internal the planner
    reads; ``Connection.execute`` compiles through its own cache path and is unaffected."""

    inherit_cache = True

    def compile(self, *args: Any, **kw: Any) -> Any:
        return _Lacking(super().compile(*args, **kw))


def test_planning_failure_falls_back_to_execute(workspace: Workspace, tmp_path: Any) -> None:
    shas = _seed(workspace, tmp_path)
    stmt = _OddSelect(items.c.sha256).where(items.c.sha256.in_(_SHAS)).order_by(items.c.sha256)
    with workspace.db.read() as conn:
        with pytest.raises(AttributeError):
            fastsql._make_plan(conn, stmt)
        want = conn.execute(stmt, {"shas": shas}).all()
        assert [tuple(r) for r in fastsql.rows(conn, stmt, {"shas": shas})] == [
            tuple(r) for r in want
        ]
        assert fastsql.scalars(conn, stmt, {"shas": shas}) == shas
