"""The migrations: frozen, self-contained code (no stage imported), and what they write."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from alembic import command
from alembic.config import Config
from sqlalchemy import inspect, text

from casefile import migrations
from casefile.people import name_search, names
from casefile.people.importer import import_list
from casefile.vault.workspace import Workspace

VERSIONS = Path(migrations.__file__).parent / "versions"


def _migration(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"migration_{name}", VERSIONS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _given_forms() -> list[str]:
    # Every form of the people stage's given-name table (names added there later included).
    forms: list[str] = []
    for block in (names._MALE, names._FEMALE):
        forms += block.split()
    return forms


NAMES = [
    "Шевченко Олексій Іванович",
    "Шевченко-10 Олена",
    "Schewtschenko Jelena",
    "Мар'яна Ковальчук",
    "Мар’яна Kovalchuk",
    "Нкиолай",  # a typo near Микола / Николай
    "Mykla Tamaa Тамаа",
    "Łukasz Øster Đorđe Straße Æsa Œuvre ınan Þór",
    "Ёлкин Эдуард Ыы Ъ",
    "José Müller-Lüdenscheidt",
    "",
    "42",
    "  Бондаренко   Юлія  ",
    "Hryhoriia Yevdokiya Xenia",
]


def test_the_frozen_name_forms_of_0012_agree_with_the_people_stage() -> None:
    # If this fails, the people stage changed how it normalises or keys names: the victim_names
    # rows already written are out of date. Do not edit 0012's frozen copy: add a migration
    # that rewrites victim_names with its own frozen copy of the new code, and check that here.
    m = _migration("0012_victim_names")
    words = NAMES + _given_forms()
    for value in words:
        assert m.latin(value) == name_search.latin(value), value
        assert m.keys_of(value) == name_search.keys_of(value), value
    record = {"full_name": NAMES[0], "given_name": "Олексій", "patronymic": None}
    assert m.name_row(7, record) == name_search.name_row(7, record)


def _alembic(ws: Workspace, action: str, target: str) -> None:
    cfg = Config()
    cfg.set_main_option("script_location", str(VERSIONS.parent))
    with ws.db.engine.connect().execution_options(casefile_write=True) as conn, conn.begin():
        cfg.attributes["connection"] = conn
        getattr(command, action)(cfg, target)


def test_0012_writes_the_rows_the_import_writes(workspace: Workspace, tmp_path: Path) -> None:
    f = tmp_path / "police.csv"
    f.write_text(
        "ID,ПІБ,Стать,Дата народження,Вік,Дата,Місце,Статус\n"
        "a1,Шевченко Олексій Іванович,ч,1978,,2022-03-05,Буча,загинув\n"
        "a2,Бондаренко Юлія,ж,,44,2022-03,Ірпінь,зникла безвісти\n"
        "a3,Мар'яна Ковальчук-2,ж,,31,2022-03,Буча,загинула\n",
        encoding="utf-8",
    )
    import_list(workspace, f, "police")
    query = text("SELECT record_pk, latin, keys FROM victim_names ORDER BY record_pk")
    with workspace.db.read() as conn:
        by_import = conn.execute(query).all()
    assert len(by_import) == 3

    # Back to before 0012 (its table gone), then forward again: 0012 writes the rows of the
    # records already present, exactly as the import wrote them.
    _alembic(workspace, "downgrade", "0004_people")
    with workspace.db.read() as conn:
        assert "victim_names" not in inspect(conn).get_table_names()
        assert conn.execute(text("SELECT count(*) FROM victim_records")).scalar_one() == 3
    _alembic(workspace, "upgrade", "heads")
    with workspace.db.read() as conn:
        assert conn.execute(query).all() == by_import
        match = name_search.match_sql(conn.dialect.name, "Shevchenko Oleksii")
        assert match is not None
        sql, params = match
        assert [r.pk for r in conn.execute(text(sql), params)] == [by_import[0].record_pk]
