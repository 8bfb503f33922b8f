"""Each incident names its current version, set in the transaction that writes the version,
and the version is marked current (``incident_versions.is_current``, migration 0016)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import func, inspect, select, update

from casefile import migrations
from casefile.case.incidents import (
    create_incident,
    get_incident,
    list_incidents,
    merge_incidents,
    update_incident,
)
from casefile.case.integrity import check_case
from casefile.case.schema import incident_versions, incidents
from casefile.vault.verify import verify_workspace
from casefile.vault.workspace import Workspace


def _current_is_newest(ws: Workspace) -> None:
    with ws.db.read() as conn:
        newest = dict(
            conn.execute(
                select(incident_versions.c.incident_id, func.max(incident_versions.c.id)).group_by(
                    incident_versions.c.incident_id
                )
            ).all()
        )
        current = dict(conn.execute(select(incidents.c.id, incidents.c.current_version_id)).all())
        marked = set(
            conn.execute(
                select(incident_versions.c.id).where(incident_versions.c.is_current)
            ).scalars()
        )
    assert current == newest
    assert marked == set(newest.values())


def test_current_version_follows_every_write(workspace: Workspace) -> None:
    a = create_incident(workspace, "Bodies on the street", period_start="2022-03-05")
    b = create_incident(workspace, "Killings in Bucha", period_start="2022-03-20")
    _current_is_newest(workspace)
    update_incident(workspace, a, "a better title", title="Bodies on Yablunska Street")
    _current_is_newest(workspace)
    merged = merge_incidents(workspace, [a, b], "the same events")
    _current_is_newest(workspace)
    with workspace.db.read() as conn:
        assert get_incident(conn, a).state == "merged"
        assert [i.title for i in list_incidents(conn)] == [
            get_incident(conn, merged.incident).title
        ]
        assert {i.id for i in list_incidents(conn, include_closed=True)} >= {a, b}


def test_migration_0016_marks_the_current_versions(workspace: Workspace, tmp_path: Path) -> None:
    # A workspace from before the mark (both databases): its next open marks each incident's
    # newest version, and the readers list the same incidents as before.
    a = create_incident(workspace, "Bodies on the street", period_start="2022-03-05")
    b = create_incident(workspace, "Killings in Bucha", period_start="2022-03-20")
    update_incident(workspace, a, "a better title", title="Bodies on Yablunska Street")
    merge_incidents(workspace, [a, b], "the same events")
    cfg = Config()
    cfg.set_main_option("script_location", str(Path(migrations.__file__).parent))
    with workspace.db.engine.connect().execution_options(casefile_write=True) as conn:
        with conn.begin():
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0011_incident_current")
        columns = {c["name"] for c in inspect(conn).get_columns("incident_versions")}
    assert "is_current" not in columns
    root = workspace.root
    workspace.close()
    ws = Workspace.open(root)
    try:
        _current_is_newest(ws)
        with ws.db.read() as conn:
            assert [i.title for i in list_incidents(conn)] == ["Bodies on Yablunska Street"]
            index = {ix["name"]: ix["column_names"] for ix in inspect(conn).get_indexes(
                "incident_versions")}  # fmt: skip
        assert index["ix_incident_versions_current"] == [
            "is_current",
            "state",
            "period_start",
            "status",
        ]
        assert verify_workspace(ws, extra_checks=[check_case]).ok
    finally:
        ws.close()


def test_verify_names_a_wrong_current_mark(workspace: Workspace) -> None:
    a = create_incident(workspace, "Bodies on the street", period_start="2022-03-05")
    update_incident(workspace, a, "a better title", title="Bodies on Yablunska Street")
    assert verify_workspace(workspace, extra_checks=[check_case]).ok
    with workspace.db.write() as conn:
        conn.execute(update(incident_versions).values(is_current=True))
    report = verify_workspace(workspace, extra_checks=[check_case])
    assert [(p.kind, "is_current" in p.detail) for p in report.problems] == [("case-changed", True)]
