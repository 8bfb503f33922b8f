"""Adding files and folders: content addressing, metadata, duplicates, bad inputs."""

from __future__ import annotations

import json
import os
import socket
import stat
from pathlib import Path

from PIL import Image
from sqlalchemy import select

from casefile.vault.acquire import AddOptions, add_sources
from casefile.vault.schema import acquisitions, items, ledger_entries
from casefile.vault.verify import verify_item, verify_workspace
from casefile.vault.workspace import Workspace


def make_jpeg_with_gps(path: Path) -> None:
    img = Image.new("RGB", (32, 24), (120, 60, 30))
    exif = Image.Exif()
    exif[0x010F] = "TestCam"
    exif[0x0110] = "Model 1"
    exif.get_ifd(0x8769)[0x9003] = "2022:04:02 10:15:00"
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (50.0, 32.0, 24.0)
    gps[3] = "E"
    gps[4] = (30.0, 14.0, 24.0)
    img.save(path, "JPEG", exif=exif)


def test_add_file_stores_bytes_and_metadata(workspace: Workspace, tmp_path: Path) -> None:
    src = tmp_path / "photo.dat"  # the extension says nothing: type is sniffed
    make_jpeg_with_gps(src)
    [res] = add_sources(workspace, [str(src)], AddOptions(label="street", tags=["b", "a"]))
    assert res.status == "stored"
    data = src.read_bytes()
    import hashlib

    assert res.sha256 == hashlib.sha256(data).hexdigest()
    blob = workspace.blobs.path_for(res.sha256)
    assert blob.read_bytes() == data
    assert not blob.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    with workspace.db.read() as conn:
        item = conn.execute(select(items)).one()
        acq = conn.execute(select(acquisitions)).one()
    assert item.media_type == "image/jpeg"
    assert item.size == len(data)
    assert acq.original_name == "photo.dat"
    assert acq.acquired_by == "tester@test"
    assert acq.label == "street"
    assert json.loads(acq.tags) == ["a", "b"]
    exif = json.loads(acq.exif)
    assert exif["Make"] == "TestCam"
    assert exif["DateTimeOriginal"] == "2022:04:02 10:15:00"
    assert exif["gps"] == {"lat": 50.54, "lon": 30.24}
    assert acq.acquired_at.endswith("Z")


def test_same_bytes_twice_is_one_blob_two_events(workspace: Workspace, tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    b = tmp_path / "copy-of-a.txt"
    a.write_text("the same words")
    b.write_text("the same words")
    first = add_sources(workspace, [str(a)])
    second = add_sources(workspace, [str(b), str(a)])
    assert first[0].status == "stored"
    assert [r.status for r in second] == ["duplicate", "duplicate"]
    with workspace.db.read() as conn:
        assert len(conn.execute(select(items)).all()) == 1
        assert len(conn.execute(select(acquisitions)).all()) == 3
        kinds = conn.execute(select(ledger_entries.c.kind)).scalars().all()
    assert kinds.count("acquired") == 3
    assert len(list(workspace.blobs.iter_stored())) == 1
    assert verify_workspace(workspace).ok


def test_folder_recursive_and_bad_entries_reported(workspace: Workspace, tmp_path: Path) -> None:
    src = tmp_path / "evidence"
    (src / "sub" / "deeper").mkdir(parents=True)
    (src / "one.txt").write_text("1")
    (src / "sub" / "two.html").write_text("<!DOCTYPE html><p>2</p>")
    (src / "sub" / "deeper" / "three.pdf").write_bytes(b"%PDF-1.4\n%fake but sniffable\n")
    os.mkfifo(src / "pipe")
    os.symlink(tmp_path / "gone", src / "dangling")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(src / "sock"))
    try:
        results = add_sources(workspace, [str(src), str(tmp_path / "missing.jpg")])
    finally:
        sock.close()
    by_name = {Path(r.source).name: r for r in results}
    assert by_name["one.txt"].status == "stored"
    assert by_name["two.html"].status == "stored"
    assert by_name["three.pdf"].status == "stored"
    assert "fifo" in by_name["pipe"].message
    assert "dangling" in by_name["dangling"].message
    assert "socket" in by_name["sock"].message
    assert by_name["missing.jpg"].message == "no such file or folder"
    with workspace.db.read() as conn:
        types = dict(
            conn.execute(select(acquisitions.c.original_name, items.c.media_type).join(items)).all()
        )
    assert types == {
        "one.txt": "text/plain",
        "two.html": "text/html",
        "three.pdf": "application/pdf",
    }
    assert verify_workspace(workspace).ok


def test_verify_item_gives_receipts_that_verify(workspace: Workspace, tmp_path: Path) -> None:
    f = tmp_path / "x.bin"
    f.write_bytes(os.urandom(3000))
    [r] = add_sources(workspace, [str(f)])
    add_sources(workspace, [str(f)])
    result = verify_item(workspace, r.sha256 or "")
    assert result.report.ok
    assert len(result.receipts) == 2
    from casefile.vault.checkpoint import InclusionReceipt
    from casefile.vault.merkle import leaf_hash

    for entry, receipt in result.receipts:
        parsed = InclusionReceipt.parse(receipt.to_text())
        cp = parsed.verify(leaf_hash(entry.body), workspace.verifier, workspace.origin)
        assert cp.size == 3


def test_events_are_canonical_json_with_provenance(
    sqlite_workspace: Workspace, tmp_path: Path
) -> None:
    f = tmp_path / "r.txt"
    f.write_text("report")
    [r] = add_sources(sqlite_workspace, [str(f)])
    with sqlite_workspace.db.read() as conn:
        entry = sqlite_workspace.ledger.entry(conn, r.seq or 0)
    body = json.loads(entry.body)
    assert body["kind"] == "acquired" and body["item"] == r.sha256
    assert body["data"]["tool_version"].startswith("casefile/")
    import rfc8785

    assert rfc8785.dumps(body) == entry.body
