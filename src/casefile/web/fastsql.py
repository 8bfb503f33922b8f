"""Fixed read statements of the pages, run on the driver's cursor of the open connection.

A page's statements cost more in SQLAlchemy's execution layers (cache key, execution context,
result metadata, rendering of expanding ``IN`` lists) than in SQLite: 70-190 µs each against
tens of µs for SQLite itself, several per page. For a statement built once at import
(``select(...)`` held in a module constant), the SQL text for this dialect, its parameter
order, its literal values and its type processors are worked out once here; each call then
binds, executes on the same connection and transaction, and names the row's fields, as
``Connection.execute`` would. Anything this does not handle (an empty ``IN`` list, escaped
names, literal-rendered parameters) goes through ``Connection.execute`` unchanged.
"""

from __future__ import annotations

import threading
from collections import namedtuple
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Connection
from sqlalchemy.sql import ClauseElement, Executable

_POSTCOMPILE = "__[POSTCOMPILE_{}]"


@dataclass(frozen=True)
class _Plan:
    sql: str
    positional: bool
    order: tuple[str, ...]  # parameter names in placeholder order (positional drivers)
    defaults: Mapping[str, Any]  # values written into the statement itself
    expanding: frozenset[str]
    binds: Mapping[str, Callable[[Any], Any]]
    results: tuple[Callable[[Any], Any] | None, ...]
    row: Any  # a named tuple class of the result columns

    def run(self, cursor: Any, params: Mapping[str, Any], named: bool = True) -> list[Any]:
        values = {**self.defaults, **params}
        for name, proc in self.binds.items():
            v = values.get(name)
            if v is not None:
                values[name] = [proc(x) for x in v] if name in self.expanding else proc(v)
        sql = self.sql
        for name in self.expanding:
            n = len(values[name])
            marks = "?" if self.positional else "%({}__{})s"
            sql = sql.replace(
                _POSTCOMPILE.format(name),
                ", ".join(marks.format(name, i) for i in range(n)),
            )
        if self.positional:
            args: Any = []
            for name in self.order:
                if name in self.expanding:
                    args.extend(values[name])
                else:
                    args.append(values[name])
        else:
            args = {k: v for k, v in values.items() if k not in self.expanding}
            for name in self.expanding:
                args.update({f"{name}__{i}": v for i, v in enumerate(values[name])})
        cursor.execute(sql, args)
        fetched = cursor.fetchall()
        if not named and not any(self.results):
            return list(fetched)
        if any(self.results):
            procs = self.results
            return [
                self.row(*[v if p is None else p(v) for p, v in zip(procs, r, strict=True)])
                for r in fetched
            ]
        make = self.row._make
        return [make(r) for r in fetched]


class _Row:
    """What the pages use of SQLAlchemy's Row besides attributes: ``_mapping``."""

    __slots__ = ()

    @property
    def _mapping(self) -> dict[str, Any]:
        return self._asdict()  # type: ignore[attr-defined, no-any-return]


_PLANS: dict[tuple[str, int], tuple[Executable, _Plan | None]] = {}
_LOCK = threading.Lock()


def rows(conn: Connection, stmt: Executable, params: Mapping[str, Any] | None = None) -> list[Any]:
    """``conn.execute(stmt, params).all()`` for a statement built once (a module constant)."""
    params = params or {}
    plan = _plan(conn, stmt)
    if plan is None or any(not params.get(n) for n in plan.expanding):
        return list(conn.execute(stmt, dict(params)).all())
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        return plan.run(cursor, params)
    finally:
        cursor.close()


def tuples(
    conn: Connection, stmt: Executable, params: Mapping[str, Any] | None = None
) -> list[tuple[Any, ...]]:
    """``rows`` as the driver's plain tuples (no field names) when no column needs a type
    conversion: for statements of many rows read by position (naming each of the timeline's
    ~900 day rows cost more than reading them)."""
    params = params or {}
    plan = _plan(conn, stmt)
    if plan is None or any(not params.get(n) for n in plan.expanding):
        return [tuple(r) for r in conn.execute(stmt, dict(params)).all()]
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        return (
            [tuple(r) for r in plan.run(cursor, params)]
            if any(plan.results)
            else plan.run(cursor, params, named=False)
        )
    finally:
        cursor.close()


def scalars(
    conn: Connection, stmt: Executable, params: Mapping[str, Any] | None = None
) -> list[Any]:
    return [r[0] for r in rows(conn, stmt, params)]


def _plan(conn: Connection, stmt: Executable) -> _Plan | None:
    key = (conn.dialect.name, id(stmt))
    found = _PLANS.get(key)
    if found is not None and found[0] is stmt:
        return found[1]
    try:
        plan = _make_plan(conn, stmt)
    except (AttributeError, TypeError, KeyError):
        # The planner reads SQLAlchemy internals (_result_columns, _bind_processors, ...);
        # where another version lacks or changed one, the statement goes through execute.
        plan = None
    with _LOCK:
        # The statement is kept with its plan, so its id is never reused by another.
        _PLANS[key] = (stmt, plan)
    return plan


def _make_plan(conn: Connection, stmt: Executable) -> _Plan | None:
    dialect = conn.dialect
    compiled: Any = cast(ClauseElement, stmt).compile(dialect=dialect)
    if compiled.literal_execute_params or compiled.escaped_bind_names:
        return None
    if dialect.paramstyle not in ("qmark", "pyformat"):
        return None
    expanding = frozenset(p.key for p in compiled.post_compile_params)
    if any(p.literal_execute for p in compiled.post_compile_params):
        return None
    keys = [c.keyname for c in compiled._result_columns]
    if not keys:  # a text() without .columns(...): the names come with each result
        return None
    try:
        row = type("Row", (_Row, namedtuple("_Fields", keys)), {"__slots__": ()})  # type: ignore[misc]
    except ValueError:  # a column name that cannot be a field name
        return None
    results = tuple(
        c.type._cached_result_processor(dialect, None) for c in compiled._result_columns
    )
    defaults = {
        k: v for k, v in compiled.construct_params(_check=False).items() if k not in expanding
    }
    return _Plan(
        sql=compiled.string,
        positional=dialect.paramstyle == "qmark",
        order=tuple(compiled.positiontup or ()),
        defaults=defaults,
        expanding=expanding,
        binds=dict(compiled._bind_processors),
        results=results,
        row=row,
    )
