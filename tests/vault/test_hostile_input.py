"""Hostile and careless input to `add`: links, the workspace's own files, image bombs.

Each attack is played against a real workspace (SQLite), real files and folders on disk and
the real command line; the assertions say exactly what is refused, what is kept, and that
nothing partial is left behind.
"""

from __future__ import annotations

import json
import os
import struct
import warnings
import zlib
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from casefile.cli.main import app
from casefile.vault.acquire import add_sources
from casefile.vault.schema import acquisitions
from casefile.vault.verify import verify_workspace
from casefile.vault.workspace import KEY_FILE, Workspace

runner = CliRunner()


def _stored_names(ws: Workspace) -> set[str]:
    with ws.db.read() as conn:
        return {n for n in conn.execute(select(acquisitions.c.original_name)).scalars() if n}


def _stored_bytes(ws: Workspace) -> set[bytes]:
    return {ws.blobs.path_for(sha).read_bytes() for sha in ws.blobs.iter_stored()}


def _tmp_left(ws: Workspace) -> list[Path]:
    return sorted(ws.blobs.tmp.iterdir()) if ws.blobs.tmp.exists() else []


def _png(width: int, height: int) -> bytes:
    """A tiny PNG whose header declares ``width`` x ``height`` pixels (a decompression bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


# ---- links and the workspace's own files -------------------------------------------------


def test_link_to_the_ledger_key_inside_a_folder_is_refused_by_name(
    sqlite_workspace: Workspace, tmp_path: Path
) -> None:
    ws = sqlite_workspace
    key = ws.root / KEY_FILE
    folder = tmp_path / "evidence"
    folder.mkdir()
    (folder / "photo-caption.txt").write_text("Yablunska Street, 2022-04-02")
    os.symlink(key, folder / "innocent.txt")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "private.txt").write_text("not in the folder given")
    os.symlink(outside, folder / "more")

    results = add_sources(ws, [str(folder)])

    by_name = {Path(r.source).name: r for r in results}
    assert set(by_name) == {"photo-caption.txt", "innocent.txt", "more"}
    assert by_name["photo-caption.txt"].status == "stored"
    assert by_name["innocent.txt"].status == "refused"
    assert by_name["innocent.txt"].message == (
        f"refused: a symbolic link (to {key}); links inside a folder are not followed: "
        "add the target itself if it is evidence"
    )
    assert by_name["more"].status == "refused"  # a linked folder is not descended
    assert "symbolic link" in by_name["more"].message
    assert key.read_bytes() not in _stored_bytes(ws)
    assert _stored_names(ws) == {"photo-caption.txt"}
    assert _tmp_left(ws) == []
    assert verify_workspace(ws).ok


def test_hard_link_to_the_ledger_key_is_refused(
    sqlite_workspace: Workspace, tmp_path: Path
) -> None:
    ws = sqlite_workspace
    folder = tmp_path / "evidence"
    folder.mkdir()
    os.link(ws.root / KEY_FILE, folder / "notes.txt")
    [res] = add_sources(ws, [str(folder)])
    assert res.status == "refused"
    assert res.message == (
        "refused: a hard link to one of the workspace's own files (keys, database)"
    )
    assert _stored_bytes(ws) == set()


def test_files_inside_the_workspace_are_refused(
    sqlite_workspace: Workspace, tmp_path: Path
) -> None:
    ws = sqlite_workspace
    (tmp_path / "report.txt").write_text("a report next to the workspace")
    # The workspace's key named directly, the workspace itself, and a folder holding both.
    results = add_sources(ws, [str(ws.root / KEY_FILE), str(ws.root), str(tmp_path)])
    statuses = sorted((r.source, r.status) for r in results)
    assert statuses == [
        (str(tmp_path / "report.txt"), "stored"),
        (str(ws.root), "refused"),  # as given
        (str(ws.root), "refused"),  # found inside tmp_path
        (str(ws.root / KEY_FILE), "refused"),
    ]
    why = (
        f"refused: inside the workspace folder {ws.root} (its keys, database and blobs are "
        "never added as evidence; copy the file out of the workspace first)"
    )
    assert [r.message for r in results if r.status == "refused"] == [why, why, why]
    assert _stored_names(ws) == {"report.txt"}


def test_a_link_named_on_the_command_line_records_its_target(
    sqlite_workspace: Workspace, tmp_path: Path
) -> None:
    ws = sqlite_workspace
    target = tmp_path / "real" / "statement.txt"
    target.parent.mkdir()
    target.write_text("the statement")
    os.symlink(target, tmp_path / "shortcut.txt")
    [res] = add_sources(ws, [str(tmp_path / "shortcut.txt")])
    assert res.status == "stored"
    with ws.db.read() as conn:
        path = conn.execute(select(acquisitions.c.original_path)).scalar_one()
    assert path == str(target)  # what was read, not the link's name

    os.symlink(ws.root / KEY_FILE, tmp_path / "key-shortcut")
    [res] = add_sources(ws, [str(tmp_path / "key-shortcut")])
    assert res.status == "refused" and "inside the workspace folder" in res.message


def test_cli_names_every_refused_file_and_exits_1(tmp_path: Path) -> None:
    ws_dir = tmp_path / "ws"
    assert runner.invoke(app, ["init", str(ws_dir)]).exit_code == 0
    folder = tmp_path / "evidence"
    folder.mkdir()
    (folder / "ok.txt").write_text("fine")
    os.symlink(ws_dir / KEY_FILE, folder / "key.txt")
    result = runner.invoke(app, ["-w", str(ws_dir), "add", str(folder), "--json"])
    assert result.exit_code == 1
    got = {Path(r["source"]).name: (r["status"], r["message"]) for r in json.loads(result.stdout)}
    assert got == {
        "key.txt": (
            "refused",
            f"refused: a symbolic link (to {ws_dir / KEY_FILE}); links inside a folder are not "
            "followed: add the target itself if it is evidence",
        ),
        "ok.txt": ("stored", ""),
    }
    result = runner.invoke(app, ["-w", str(ws_dir), "add", str(folder)])
    assert result.exit_code == 1
    assert "│ refused" in result.stdout  # the table's status column (paths wrap at 80)
    assert "1 refused" in result.stdout and "1 duplicate" in result.stdout


# ---- per-file errors: image bombs ---------------------------------------------------------


def test_decompression_bomb_png_is_preserved_without_exif_and_the_folder_goes_in(
    sqlite_workspace: Workspace, tmp_path: Path
) -> None:
    ws = sqlite_workspace
    folder = tmp_path / "photos"
    folder.mkdir()
    (folder / "a-before.txt").write_text("caption before")
    (folder / "bomb.png").write_bytes(_png(60000, 60000))
    (folder / "z-after.txt").write_text("caption after")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # as under python -W error: warnings must not abort
        results = add_sources(ws, [str(folder)])
    by_name = {Path(r.source).name: r for r in results}
    assert [r.status for r in results] == ["stored", "stored", "stored"]
    assert by_name["bomb.png"].message == (
        "EXIF not read: Image size (3600000000 pixels) exceeds limit of 178956970 pixels, "
        "could be decompression bomb DOS attack."
    )
    assert _stored_names(ws) == {"a-before.txt", "bomb.png", "z-after.txt"}
    assert _png(60000, 60000) in _stored_bytes(ws)  # the evidence itself, byte for byte
    assert _tmp_left(ws) == []
    assert verify_workspace(ws).ok


def test_bomb_warning_size_png_under_warnings_as_errors(
    sqlite_workspace: Workspace, tmp_path: Path
) -> None:
    ws = sqlite_workspace
    (tmp_path / "large.png").write_bytes(_png(10000, 10000))  # over 89 Mpx: a warning only
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        [res] = add_sources(ws, [str(tmp_path / "large.png")])
    assert res.status == "stored"
    assert res.message.startswith("a very large image: Image size (100000000 pixels) exceeds")


@pytest.mark.parametrize(
    "head",
    [
        b"\x89PNG\r\n\x1a\n" + b"\xff" * 200,  # a PNG signature and garbage
        b"\xff\xd8\xff\xe1\x00\x10Exif\x00\x00MM\x00*\xff\xff\xff\xff" + b"\x00" * 64,  # bad IFD
    ],
)
def test_malformed_images_are_stored_and_do_not_stop_the_folder(
    sqlite_workspace: Workspace, tmp_path: Path, head: bytes
) -> None:
    ws = sqlite_workspace
    folder = tmp_path / "f"
    folder.mkdir()
    (folder / "bad.jpg").write_bytes(head)
    (folder / "good.txt").write_text("good")
    results = add_sources(ws, [str(folder)])
    assert [(Path(r.source).name, r.status) for r in results] == [
        ("bad.jpg", "stored"),
        ("good.txt", "stored"),
    ]
    assert _tmp_left(ws) == []
