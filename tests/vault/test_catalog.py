"""Listing, describing and copying out items: every change of description is a ledger event."""

from __future__ import annotations

from pathlib import Path

import pytest

from casefile.errors import CasefileError
from casefile.vault.acquire import AddOptions, add_sources
from casefile.vault.catalog import annotate, copy_out, item_view, list_items
from casefile.vault.verify import verify_workspace
from casefile.vault.workspace import Workspace


def test_annotations_are_events_and_views_merge_them(workspace: Workspace, tmp_path: Path) -> None:
    f = tmp_path / "grave.txt"
    f.write_text("mass grave near the church")
    [r] = add_sources(workspace, [str(f)], AddOptions(label="site", tags=["graves"]))
    sha = r.sha256 or ""
    annotate(workspace, sha, ["church"], ["graves"], None, "geolocated by team B")
    with workspace.db.read() as conn:
        view = item_view(conn, sha)
        kinds = [e.event.kind for e in workspace.ledger.entries(conn, item=sha)]
        by_tag, total = list_items(conn, tag="church")
        none, zero = list_items(conn, tag="nothing")
    assert view.tags == ["church"]
    assert view.labels == ["site"]
    assert view.notes[0]["note"] == "geolocated by team B"
    assert kinds == ["acquired", "annotated"]
    assert total == 1 and by_tag[0].sha256 == sha
    assert zero == 0 and none == []
    with pytest.raises(CasefileError, match="nothing to annotate"):
        annotate(workspace, sha, [], [], None, None)
    assert verify_workspace(workspace).ok


def test_copy_out_is_logged_and_never_overwrites(
    sqlite_workspace: Workspace, tmp_path: Path
) -> None:
    f = tmp_path / "photo.bin"
    f.write_bytes(b"\x00\x01" * 100)
    [r] = add_sources(sqlite_workspace, [str(f)])
    out = tmp_path / "out"
    out.mkdir()
    dest = copy_out(sqlite_workspace, r.sha256 or "", out, "sent to the prosecutor")
    assert dest.read_bytes() == f.read_bytes()
    with pytest.raises(CasefileError, match="not overwriting"):
        copy_out(sqlite_workspace, r.sha256 or "", dest, "again")
    with pytest.raises(CasefileError, match="why"):
        copy_out(sqlite_workspace, r.sha256 or "", tmp_path / "x", "")
    with sqlite_workspace.db.read() as conn:
        kinds = [e.event.kind for e in sqlite_workspace.ledger.entries(conn)]
    assert kinds.count("copied_out") == 1
