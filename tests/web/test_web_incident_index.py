"""The derived table of each incident's newest version (casefile.web.incident_index), on both
databases: the lists show every new version at once, and the table is used only when current."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
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


NARROWED_TIMELINES: list[dict[str, Any]] = [
    {"q": "hospital"},
    {"status": "corroborated", "date_from": "2022-03-01"},
    {"q": "bridge", "status": "verified", "date_from": "2022-03-01", "date_to": "2022-03-05"},
    {"date_from": "2022-03-04"},
    {"q": "strike", "date_to": "2022-03-04"},
]


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
        slow_narrowed = [timeline_page(conn, Paging(), **f) for f in NARROWED_TIMELINES]
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
        # Narrowed by words, status and dates: grouped per request from the table's rows.
        fast_narrowed = [timeline_page(conn, Paging(), **f) for f in NARROWED_TIMELINES]
    assert fast_narrowed == slow_narrowed
    assert [t["paging"]["total"] for t in fast_narrowed] == [1, 1, 1, 2, 0]


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


def test_name_search_pages_with_and_without_a_remembered_count(
    workspace: Workspace, tmp_path: Path, monkeypatch: Any
) -> None:
    """A name search's pages with the capped count counted and remembered (the page-cache
    app's second page finds it): every page size and page is the same both ways and the
    expected slice of the hits (the record whose id equals the words first; a page's records
    are shown in import order)."""
    from casefile.web import stage_queries

    f = tmp_path / "list.csv"
    f.write_text(
        "record_id,full_name\n"
        + "".join(f"r{i:02},Kovalenko Ivan {i}\n" for i in range(12))
        + "kovalenko,Petrenko Olha\nx1,Melnyk Taras\n",
        encoding="utf-8",
    )
    import_list(workspace, f, "police", event_year=2022)
    add_user(workspace, "ana", "analyst", PASSWORD)
    monkeypatch.setattr(stage_queries, "NAME_COUNT_LIMIT", 5)
    want = ["kovalenko"] + [f"r{i:02}" for i in range(12)]
    imported = [f"r{i:02}" for i in range(12)] + ["kovalenko"]
    cold = client_for(create_app(workspace, page_cache=False))
    warm = client_for(create_app(workspace))
    with cold as a, warm as b:
        assert login(a, "ana").status_code == 303 and login(b, "ana").status_code == 303
        for per_page in (1, 2, 3, 4, 5, 6, 7, 13, 20):
            for page in range(1, 16 // per_page + 3):
                url = f"/api/victims?q=kovalenko&per_page={per_page}&page={page}"
                got = a.get(url).json()
                # Pages after the first find the count remembered on the warm app.
                assert b.get(url).json() == got, url
                ids = [r["record_id"] for r in got["records"]]
                picked = want[(page - 1) * per_page : page * per_page]
                assert ids == sorted(picked, key=imported.index), url
                limit = max(5, page * per_page)
                if len(ids) < per_page and (ids or page == 1):
                    assert got["paging"]["total"] == len(want), url
                else:
                    total = 1 + min(12, limit)
                    assert got["paging"]["total"] == total, url
                    assert bool(got["paging"].get("total_at_least")) == (limit < 12), url


def _like(pattern: str, value: str, ascii_only: bool = True) -> bool:
    """SQLite's LIKE (no ESCAPE): % any run, _ one character, ASCII letters case-folded (or,
    as PostgreSQL's ILIKE may, every letter)."""
    import re

    rx = "".join(".*" if ch == "%" else "." if ch == "_" else re.escape(ch) for ch in pattern)
    flags = re.IGNORECASE | re.DOTALL | (re.ASCII if ascii_only else 0)
    return re.fullmatch(rx, value, flags) is not None


TITLES = [
    ("Shelling in Irpin", [{"name": "Irpin", "lat": 50.52, "lon": 30.25}]),
    ("Strike near IRPIN bridge", []),
    ("Convoy fired on", [{"name": "Bucha"}]),
    ("Обстріл Ірпеня", [{"name": "Ірпінь"}]),
    ("ÉCOLE hit (école No. 5)", [{"name": "Hostomel"}]),
    ('The "Kyiv" road, 100% blocked', [{"name": "Kyiv_oblast"}]),
    ("KyivKyiv", []),
]
QUERIES = [
    "irpin",
    "IRPIN",
    "Irpin bridge",
    "rpi",
    "ir",
    "Ірпінь",
    "ірпінь",
    "Ірп",
    "école",
    "ÉCOLE",
    "École",
    '"Kyiv"',
    "Kyiv_",
    "100%",
    "y%v",
    "_yiv",
    "ivK",
    "  irpin  ",
    "lat",
    "50.5",
    "nothing at all",
    "Hostomel",
    "ostome",
]


def test_word_filter_through_trigrams_finds_what_like_finds(workspace: Workspace) -> None:
    """The lists' substring filter (through the trigram index on SQLite, among its candidates)
    finds exactly the incidents whose title or places LIKE finds, for text with case, non-ASCII
    letters, quotes, LIKE wildcards, and fewer than three characters; also after a version
    changes the text, and in the timeline's count."""
    from sqlalchemy import select

    from casefile.case.schema import incident_versions as iv

    for i, (t, p) in enumerate(TITLES):
        create_incident(workspace, t, places=p, period_start=f"2022-03-0{i + 1}")
    # Others, so that a rare text is rare enough for the index (at most 15 % of the rows).
    for i in range(30):
        create_incident(workspace, f"Filler report {i}", period_start="2022-04-01")

    def expected(q: str, ascii_only: bool = True) -> list[int]:
        """From the versions themselves: each incident's newest, if open."""
        newest: dict[int, Any] = {}
        with workspace.db.read() as conn:
            for r in conn.execute(select(iv).order_by(iv.c.version)):
                newest[r.incident_id] = r
        pat = f"%{q.strip()}%"
        return sorted(
            (
                i
                for i, r in newest.items()
                if r.state == "open"
                and (_like(pat, r.title, ascii_only) or _like(pat, r.places, ascii_only))
            ),
            reverse=True,
        )

    def check() -> None:
        assert incident_index.sync(workspace.db.engine) >= 0
        with workspace.db.read() as conn:
            assert incident_index.current(conn) is not None
            for q in QUERIES:
                want = expected(q)
                got = incidents_page(conn, Paging(1, 100), q)
                found = [r["id"] for r in got["incidents"]]
                if conn.dialect.name == "postgresql" and found != want:
                    # ILIKE folds the letters its locale knows: Cyrillic too, in most.
                    want = expected(q, ascii_only=False)
                assert found == want, q
                assert got["paging"]["total"] == len(want), q
                assert timeline_page(conn, Paging(1, 100), q)["paging"]["total"] == len(want), q
            if workspace.db.engine.dialect.name == "sqlite":
                # The index narrows a rare text of three characters or more without
                # wildcards; anything else is the scan.
                assert incident_index.trigram_phrase(conn, "irpin") == '"irpin"'
                assert incident_index.trigram_phrase(conn, '"Kyiv"') == '"""Kyiv"""'
                for q in ("ir", "Kyiv_", "100%", "Filler", "report"):
                    assert incident_index.trigram_phrase(conn, q) is None

    assert len(expected("irpin")) == 2 and len(expected("Ірпінь")) == 1  # the data has both
    check()
    with workspace.db.read() as conn:
        ids = [r["id"] for r in incidents_page(conn, Paging(1, 100), order="date")["incidents"]]
    update_incident(workspace, ids[0], "renamed", title="Shelling in the city")
    update_incident(workspace, ids[2], "place named", places=[{"name": "Irpin"}])
    merge_incidents(workspace, [ids[5], ids[6]], "one road", title="Kyiv road")
    check()


def test_trigram_index_filled_for_a_workspace_made_before_it(sqlite_workspace: Workspace) -> None:
    """A workspace whose derived table was built before the trigram index gets the index filled
    from the table when the app (ensure) next starts."""
    from sqlalchemy import text

    ws = sqlite_workspace
    create_incident(ws, "Shelling in Irpin", period_start="2022-03-01")
    engine = ws.db.engine
    incident_index.sync(engine)
    with engine.begin() as conn:
        conn.execute(text(f"DROP TABLE {incident_index.TRIGRAMS}"))
    incident_index._READY.discard(engine)
    assert incident_index.ensure(engine)
    with ws.db.read() as conn:
        n = conn.execute(text(f"SELECT count(*) FROM {incident_index.TRIGRAMS}")).scalar_one()
        assert n == 1
        assert incidents_page(conn, Paging(), "irpin")["paging"]["total"] == 1


def test_stored_histograms_are_the_days_histograms(workspace: Workspace) -> None:
    """The ready-made timeline histograms (all, and per status) are what ``histogram`` makes of
    the day counts, after new incidents, a changed status and date, and a merge; a status with
    no open incident gives the empty histogram."""
    from casefile.web.histogram import histogram

    def check() -> None:
        incident_index.sync(workspace.db.engine)
        with workspace.db.read() as conn:
            assert incident_index.current(conn) is not None
            for status in (None, "reported", "verified", "corroborated", "disputed", "other"):
                days = incident_index.day_counts(conn, status)
                got, total = incident_index.stored_histogram(conn, status)
                assert got == histogram(days), status
                assert total == sum(n for _, _, n in days), status
                # Parsed once while unchanged: the same object, so its chart is drawn once.
                assert incident_index.stored_histogram(conn, status)[0] is got or not total

    check()  # no incidents yet
    a = create_incident(workspace, "Shelling of the market", period_start="2022-03-01")
    b = create_incident(workspace, "Strike", period_start="2022-05", status="verified")
    c_ = create_incident(workspace, "Undated convoy")
    check()
    update_incident(workspace, a, "confirmed", status="corroborated", period_start="2022-09-30")
    check()
    merge_incidents(workspace, [b, c_], "one", title="Strike and convoy")
    check()
    with workspace.db.read() as conn:
        got, total = incident_index.stored_histogram(conn, None)
    assert total == 2 and got["unit"] == "week" and got["undated"] == 0


def test_timeline_among_trigram_candidates_as_through_sqlite(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rare text's timeline (its candidates read once, counted and paged in Python) is the
    one SQLite groups and orders when the trigram index is not used: the same histogram, pages
    and order, with no start, equal starts, months and years among the matches."""
    starts = [None, "2022-03-01", "2022-03-01", "2022-03", "2022-03-02", None, "2021"]
    for i, start in enumerate(starts):
        create_incident(
            workspace,
            f"Shelling in Irpin {i}",
            period_start=start,
            status="verified" if i % 2 else "reported",
        )
    for i in range(60):
        create_incident(workspace, f"Filler report {i}", period_start="2022-04-01")
    incident_index.sync(workspace.db.engine)
    cases: list[tuple[Paging, dict[str, Any]]] = [
        (Paging(1, 50), {"q": "irpin"}),
        (Paging(1, 3), {"q": "Irpin"}),
        (Paging(2, 3), {"q": "Irpin"}),
        (Paging(3, 3), {"q": "Irpin"}),
        (Paging(9, 3), {"q": "Irpin"}),
        (Paging(1, 50), {"q": "irpin", "status": "verified"}),
        (Paging(1, 2), {"q": "irpin", "date_from": "2022-03-01", "date_to": "2022-03-31"}),
    ]
    with workspace.db.read() as conn:
        narrowed = incident_index.trigram_phrase(conn, "irpin") is not None
        fast = [timeline_page(conn, paging, **f) for paging, f in cases]
    monkeypatch.setattr(incident_index, "trigram_phrase", lambda conn, q: None)
    with workspace.db.read() as conn:
        through_sqlite = [timeline_page(conn, paging, **f) for paging, f in cases]
    assert fast == through_sqlite
    assert [len(t["incidents"]) for t in fast] == [7, 3, 3, 1, 0, 3, 2]
    if workspace.db.engine.dialect.name == "sqlite":
        assert narrowed
        firsts = [i["period_start"] for i in fast[0]["incidents"]]
        assert firsts[:3] == [None, None, "2021"]
