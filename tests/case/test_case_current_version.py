"""Each incident names its current version, set in the transaction that writes the version."""

from __future__ import annotations

from sqlalchemy import func, select

from casefile.case.incidents import (
    create_incident,
    get_incident,
    list_incidents,
    merge_incidents,
    update_incident,
)
from casefile.case.schema import incident_versions, incidents
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
    assert current == newest


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
