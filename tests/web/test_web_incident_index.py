"""The derived table of each incident's newest version (casefile.web.incident_index), on both
databases: the lists show every new version at once, and the table is used only when current."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from web_helpers import PASSWORD, client_for, login

from casefile.case.incidents import create_incident, merge_incidents, update_incident
from casefile.people.importer import import_list
from casefile.vault.workspace import Workspace
from casefile.web import incident_index
from casefile.web.accounts import add_user
from casefile.web.app import create_app
from casefile.web.queries import Paging
from casefile.web.stage_queries import incidents_page, timeline_page


def _rows(c: Any, url: str) -> list[tuple[int, str, str]]:
    r = c.get(url)
    assert r.status_code == 200, r.text
    return [(i["id"], i["title"], i["status"]) for i in r.json()["incidents"]]


def test_lists_follow_every_new_version(workspace: Workspace) -> None:
    a = create_incident(workspace, "Shelling of the market", period_start="2022-03-01")
    b = create_incident(workspace, "Strike on the station", period_start="2022-04-08")
    c_ = create_incident(workspace, "Convoy fired on", period_start="2022-06-15")
    add_user(workspace, "ana", "analyst", PASSWORD)
    app = create_app(workspace)
    with client_for(app) as c:
        assert login(c, "ana").status_code == 303
        assert [r[0] for r in _rows(c, "/api/incidents")] == [c_, b, a]
        update_incident(
            workspace, a, "better source", title="Shelling of the central market", status="verified"
        )
        assert _rows(c, "/api/incidents")[-1] == (a, "Shelling of the central market", "verified")
        assert [r[0] for r in _rows(c, "/api/incidents?status=verified")] == [a]
        tl = c.get("/api/timeline").json()
        assert tl["paging"]["total"] == 3
        parts = [p for b_ in tl["histogram"]["bins"] for p in b_["parts"]]
        assert {p["status"] for p in parts} == {"verified", "reported"}
        merged = merge_incidents(workspace, [b, c_], "one convoy", title="Convoy and station")
        open_ids = [r[0] for r in _rows(c, "/api/incidents")]
        assert b not in open_ids and c_ not in open_ids and len(open_ids) == 2
        everyone = c.get("/api/incidents?closed=true").json()
        assert everyone["paging"]["total"] == 4
        closed = {i["id"]: i["state"] for i in everyone["incidents"]}
        assert closed[b] == closed[c_] == "merged"
        assert c.get("/api/timeline").json()["paging"]["total"] == 2
        assert c.get("/api/map").status_code == 200
        del merged


def test_table_used_only_when_current(workspace: Workspace) -> None:
    a = create_incident(workspace, "Siege of the hospital", period_start="2022-03-03")
    assert incident_index.sync(workspace.db.engine) == 1
    with workspace.db.read() as conn:
        assert incident_index.current(conn) is not None
        fast = incidents_page(conn, Paging())
    # A version written after the sync: until the next sync the versions are read instead,
    # and they give the same answers the table gives once it has caught up.
    create_incident(workspace, "Strike on the bridge", period_start="2022-03-05", status="verified")
    update_incident(
        workspace,
        a,
        "renamed, dated, confirmed",
        title="Siege of the city hospital",
        status="corroborated",
        period_start="2022-03-05",
    )
    with workspace.db.read() as conn:
        assert incident_index.current(conn) is None
        slow = incidents_page(conn, Paging())
        slow_tl = timeline_page(conn, Paging())
    assert slow["incidents"][-1]["title"] == "Siege of the city hospital"
    assert fast["paging"]["total"] + 1 == slow["paging"]["total"]
    # The histogram per day and status (kept with the table) agrees with the grouped versions.
    [day] = [b for b in slow_tl["histogram"]["bins"] if b["count"]]
    assert {p["status"]: p["count"] for p in day["parts"]} == {"corroborated": 1, "verified": 1}
    assert incident_index.sync(workspace.db.engine) == 2
    assert incident_index.sync(workspace.db.engine) == 0
    with workspace.db.read() as conn:
        assert incident_index.current(conn) is not None
        assert incidents_page(conn, Paging()) == slow
        assert timeline_page(conn, Paging()) == slow_tl


def test_broad_name_search_counts_up_to_a_limit(
    workspace: Workspace, tmp_path: Path, monkeypatch: Any
) -> None:
    from casefile.web import stage_queries

    f = tmp_path / "list.csv"
    f.write_text(
        "record_id,full_name\n" + "".join(f"r{i},Kovalenko Ivan {i}\n" for i in range(12)),
        encoding="utf-8",
    )
    import_list(workspace, f, "police", event_year=2022)
    add_user(workspace, "ana", "analyst", PASSWORD)
    monkeypatch.setattr(stage_queries, "NAME_COUNT_LIMIT", 5)
    with client_for(create_app(workspace, page_cache=False)) as c:
        assert login(c, "ana").status_code == 303
        first = c.get("/api/victims?q=kovalenko&per_page=4").json()["paging"]
        assert first["total_at_least"] and first["total"] == 5 and first["pages"] >= 2
        assert "more than 5 in all" in c.get("/victims?q=kovalenko&per_page=4").text
        # The last page knows the exact number from its own rows.
        last = c.get("/api/victims?q=kovalenko&per_page=4&page=3").json()
        assert last["paging"]["total"] == 12 and "total_at_least" not in last["paging"]
        assert len(last["records"]) == 4
        # Few hits: exact, no count query needed.
        one = c.get("/api/victims?q=r7").json()
        assert one["paging"]["total"] == 1 and one["records"][0]["record_id"] == "r7"
