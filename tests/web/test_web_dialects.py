"""The same pages and the same search on SQLite (FTS5) and PostgreSQL (tsvector)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from web_helpers import PASSWORD, client_for, login, make_case

from casefile.vault.workspace import Workspace
from casefile.web.app import create_app
from casefile.web.search import search


def test_search_and_pages_on_each_database(workspace: Workspace, tmp_path: Path) -> None:
    case = make_case(workspace, tmp_path)
    with workspace.db.read() as conn:
        hits, total = search(conn, "Bucha")
        assert total == 2  # the report's text, and the item by its file name
        doc = next(h for h in hits if h["kind"] == "document")
        assert doc["ref"] == str(case.document_id)
        assert any(hit and "bucha" in text.lower() for text, hit in doc["parts"])
        item_hits, _ = search(conn, "photo", kind="item")
        assert [h["ref"] for h in item_hits] == [case.image_sha]
        none, zero = search(conn, "zzzqqqxxx")
        assert none == [] and zero == 0
        assert search(conn, "  ** ")[1] == 0
    c = client_for(create_app(workspace))
    assert login(c, "analyst", PASSWORD).status_code == 303
    for url in (
        "/",
        "/items",
        "/sources",
        f"/sources/{case.document_id}",
        "/ledger",
        "/search?q=Bucha",
        f"/items/{case.report_sha}",
        "/estimates",
    ):
        r = c.get(url)
        assert r.status_code == 200, f"{url}: {r.text[:300]}"
    # Hash prefixes (an index range, not LIKE) on each database.
    assert c.get(f"/api/items/{case.report_sha[:10]}").json()["sha256"] == case.report_sha
    log = c.get("/api/ledger", params={"item": case.image_sha[:12]}).json()["events"]
    assert log and {e["item"] for e in log} == {case.image_sha}
    found = c.get("/api/items", params={"q": "photo"}).json()
    assert [i["sha256"] for i in found["items"]] == [case.image_sha]
    assert c.get("/api/victims", params={"q": "nobody"}).json()["paging"]["total"] == 0
    assert c.get("/api/incidents").json()["paging"]["total"] == 0
    # New rows are searchable at once (triggers on SQLite; the index expression on PostgreSQL).
    note = tmp_path / "later.txt"
    note.write_text("Checkpoint near Irpin bridge.\n")
    from casefile.vault.acquire import add_sources

    add_sources(workspace, [str(note)])
    data = c.get("/api/search", params={"q": "later"}).json()
    assert data["paging"]["total"] == 1 and data["hits"][0]["kind"] == "item"


def test_search_counts_each_hit_once(workspace: Workspace, tmp_path: Path) -> None:
    """An item acquired twice is one hit; a document and an item are two; each kind alone
    counts its own (the count comes from the index, see search._sqlite)."""
    from casefile.vault.acquire import add_sources

    make_case(workspace, tmp_path)
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "zebra-crossing.txt").write_text("the same bytes\n")
        add_sources(workspace, [str(tmp_path / folder)])
    with workspace.db.read() as conn:
        from sqlalchemy import func, select

        from casefile.vault.schema import acquisitions

        names = acquisitions.c.original_name.like("zebra%")
        assert conn.execute(select(func.count()).where(names)).scalar_one() == 2
        hits, total = search(conn, "zebra")
        assert total == 1 and [h["kind"] for h in hits] == ["item"]
        assert search(conn, "zebra", kind="item")[1] == 1
        assert search(conn, "zebra", kind="document") == ([], 0)
        assert search(conn, "Bucha")[1] == 2
        assert search(conn, "Bucha", kind="document")[1] == 1
        assert search(conn, "Bucha", kind="item")[1] == 1
        assert search(conn, "Bucha", limit=1, offset=1)[1] == 2


def test_list_page_indexes_exist_on_every_database(workspace: Workspace) -> None:
    from sqlalchemy import inspect

    # Made by the migrations (no DDL at app start): the list pages' indexes.
    wanted = (
        ("ix_web_items_first_seq_sha256", "items"),
        ("ix_web_incident_versions_latest", "incident_versions"),
        ("ix_web_incident_versions_start", "incident_versions"),
        ("ix_incidents_current_version_id", "incidents"),
        ("ix_web_victim_records_family_name", "victim_records"),
    )
    insp = inspect(workspace.db.engine)
    for name, table in wanted:
        assert name in {ix["name"] for ix in insp.get_indexes(table)}, name


def test_item_list_pages_through_the_covering_index(workspace: Workspace, tmp_path: Any) -> None:
    """Migration 0009 gives a new workspace the covering index (in place of 0007's first_seq
    index) before the app starts, and
    every page of the item list (newest first) is the list in order, cut in pages."""
    from sqlalchemy import inspect, select

    from casefile.vault.acquire import AddOptions, add_sources
    from casefile.vault.schema import items
    from casefile.web.queries import Paging, items_page

    insp = inspect(workspace.db.engine)
    names = {ix["name"] for ix in insp.get_indexes("items")}
    assert "ix_web_items_first_seq_sha256" in names
    assert "ix_web_items_first_seq" not in names  # its prefix, replaced by it
    files = []
    for i in range(23):
        (tmp_path / f"p{i}.txt").write_text(f"page test {i}\n")
        files.append(str(tmp_path / f"p{i}.txt"))
    add_sources(workspace, files, AddOptions())
    with workspace.db.read() as conn:
        seqs = {r[0]: r[1] for r in conn.execute(select(items.c.sha256, items.c.first_seq))}
        assert len(set(seqs.values())) == len(seqs) == 23  # one order, no ties
        want = sorted(seqs, key=lambda sha: -seqs[sha])
        got: list[str] = []
        for n in range(1, 6):
            page = items_page(conn, Paging(n, 5))
            assert page["paging"]["total"] == len(want)
            got += [r["sha256"] for r in page["items"]]
    assert got == want
