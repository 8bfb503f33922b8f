"""Hostile and careless input to `add`: links, the workspace's own files, image bombs.

Each attack is played against a real workspace (SQLite), real files and folders on disk and
the real command line; the assertions say exactly what is refused, what is kept, and that
nothing partial is left behind.
"""

from __future__ import annotations

import contextlib
import json
import os
import struct
import threading
import time
import warnings
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner
from warcio.archiveiterator import ArchiveIterator

from casefile.cli.main import app
from casefile.vault.acquire import AddOptions, add_sources
from casefile.vault.blobstore import open_private
from casefile.vault.schema import acquisitions, items
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


# ---- URLs: a total deadline, a size cap, truncated bodies ---------------------------------


class HostileHandler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        with contextlib.suppress(OSError):  # the client hung up on us, as it should
            self._route()

    def _route(self) -> None:
        if self.path == "/dribble":  # a body at 8 bytes a second, forever
            self._head(200, 10_000)
            for _ in range(120):
                self.wfile.write(b"8 bytes.")
                self.wfile.flush()
                time.sleep(1)
        elif self.path == "/dribble-headers":  # even the status line comes slowly
            for byte in b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n" * 20:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(0.125)
        elif self.path == "/truncated":
            self._head(200, 1000)
            self.wfile.write(b"x" * 100)  # and the connection closes
        elif self.path == "/announced-big":
            self._head(200, 5 << 20)
            self.wfile.write(b"y" * 1000)
        elif self.path == "/unannounced-big":  # no Content-Length: ends when the server closes
            self._head(200, None)
            for _ in range(4):
                self.wfile.write(b"z" * (1 << 19))
        elif self.path == "/chunked-cut":
            self.protocol_version = "HTTP/1.1"
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(b"10\r\n0123456789abcdef\r\n40\r\nonly part of it")
        elif self.path == "/redirect-with-big-body":
            self.send_response(302)
            self.send_header("Location", "/small")
            self.send_header("Content-Length", str(3 << 20))
            self.end_headers()
            self.wfile.write(b"r" * (3 << 20))
        elif self.path == "/small":
            self._head(200, 5)
            self.wfile.write(b"small")
        else:
            self._head(404, 0)

    def _head(self, status: int, length: int | None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        if length is not None:
            self.send_header("Content-Length", str(length))
        self.end_headers()


@pytest.fixture(scope="module")
def hostile_server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), HostileHandler)
    httpd.daemon_threads = True
    t = threading.Thread(target=httpd.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def _nothing_stored(ws: Workspace) -> None:
    with ws.db.read() as conn:
        assert conn.execute(select(items)).all() == []
    assert list(ws.blobs.iter_stored()) == []
    assert _tmp_left(ws) == []


@pytest.mark.parametrize("path", ["/dribble", "/dribble-headers"])
def test_a_dribbling_server_is_cut_at_the_deadline(
    sqlite_workspace: Workspace, hostile_server: str, path: str
) -> None:
    url = hostile_server + path
    started = time.monotonic()
    [res] = add_sources(sqlite_workspace, [url], AddOptions(timeout=5, deadline=2))
    elapsed = time.monotonic() - started
    assert res.status == "failed"
    assert res.message.startswith(f"{url}: not captured within the deadline of 2 s (--deadline; ")
    assert res.message.endswith("of the body had arrived): nothing stored")
    assert 1.9 < elapsed < 4  # each 8-byte read was well inside the 5 s timeout
    _nothing_stored(sqlite_workspace)


def test_truncated_body_is_a_clear_error(sqlite_workspace: Workspace, hostile_server: str) -> None:
    url = hostile_server + "/truncated"
    [res] = add_sources(sqlite_workspace, [url])
    assert (res.status, res.message) == (
        "failed",
        f"{url}: the server closed the connection after 100 of the 1000 bytes it announced "
        "(a truncated body): nothing stored",
    )
    _nothing_stored(sqlite_workspace)


def test_broken_chunked_body_is_a_clear_error(
    sqlite_workspace: Workspace, hostile_server: str
) -> None:
    url = hostile_server + "/chunked-cut"
    [res] = add_sources(sqlite_workspace, [url])
    assert res.status == "failed"
    assert res.message.startswith(f"{url}: the connection broke after ")
    assert res.message.endswith("nothing stored")
    _nothing_stored(sqlite_workspace)


@pytest.mark.parametrize(
    ("path", "message"),
    [
        (
            "/announced-big",
            "the server announces 5 MiB, over the cap of 1 MiB (--max-size): nothing stored",
        ),
        (
            "/unannounced-big",
            "the body is larger than the cap of 1 MiB (--max-size): nothing stored",
        ),
    ],
)
def test_body_over_the_size_cap_is_refused(
    sqlite_workspace: Workspace, hostile_server: str, path: str, message: str
) -> None:
    url = hostile_server + path
    [res] = add_sources(sqlite_workspace, [url], AddOptions(max_bytes=1 << 20))
    assert (res.status, res.message) == ("failed", f"{url}: {message}")
    _nothing_stored(sqlite_workspace)


def test_a_redirect_body_is_capped_in_the_warc(
    sqlite_workspace: Workspace, hostile_server: str
) -> None:
    ws = sqlite_workspace
    body, warc = add_sources(ws, [hostile_server + "/redirect-with-big-body"])
    assert (body.status, warc.status) == ("stored", "stored")
    assert ws.blobs.path_for(body.sha256 or "").read_bytes() == b"small"
    with ws.blobs.open(warc.sha256 or "") as f:
        sizes = [
            len(r.content_stream().read()) for r in ArchiveIterator(f) if r.rec_type == "response"
        ]
    assert sizes == [1 << 20, 5]


def test_cli_deadline_and_max_size_options(tmp_path: Path, hostile_server: str) -> None:
    ws_dir = tmp_path / "ws"
    assert runner.invoke(app, ["init", str(ws_dir)]).exit_code == 0
    url = hostile_server + "/announced-big"
    result = runner.invoke(
        app, ["-w", str(ws_dir), "add", url, "--max-size", "1M", "--deadline", "5", "--json"]
    )
    assert result.exit_code == 1
    [res] = json.loads(result.stdout)
    assert res["message"].endswith("over the cap of 1 MiB (--max-size): nothing stored")
    result = runner.invoke(app, ["-w", str(ws_dir), "add", url, "--max-size", "lots"])
    assert result.exit_code == 2
    assert "--max-size 'lots': give a size such as 500M, 2G or 1048576" in result.stderr


# ---- modes: the workspace is its owner's alone --------------------------------------------


def _mode(path: Path) -> str:
    return oct(path.stat().st_mode & 0o777)


def test_database_config_blobs_and_folders_are_private(tmp_path: Path) -> None:
    ws = Workspace.init(tmp_path / "new" / "ws", None, actor="tester@test")
    try:
        (tmp_path / "a.txt").write_text("evidence")
        [res] = add_sources(ws, [str(tmp_path / "a.txt")])
        db_files = sorted(ws.root.glob("casefile.db*"))
        assert [p.name for p in db_files][:1] == ["casefile.db"]
        assert {p.name: _mode(p) for p in db_files} == {p.name: "0o600" for p in db_files}
        assert _mode(ws.root / "casefile.toml") == "0o600"
        assert _mode(ws.root) == "0o700"
        assert _mode(ws.root / "keys") == "0o700"
        assert _mode(ws.root / KEY_FILE) == "0o600"
        blob = ws.blobs.path_for(res.sha256 or "")
        assert _mode(blob) == "0o400"
        for folder in (ws.blobs.root / "sha256", blob.parent, blob.parent.parent, ws.blobs.tmp):
            assert _mode(folder) == "0o700", folder
    finally:
        ws.close()


def test_an_existing_readable_database_is_tightened_on_open(tmp_path: Path) -> None:
    Workspace.init(tmp_path / "ws", None).close()
    db = tmp_path / "ws" / "casefile.db"
    db.chmod(0o644)  # as workspaces made before issue 26 were
    ws = Workspace.open(tmp_path / "ws")
    ws.close()
    assert _mode(db) == "0o600"


def test_open_private_writes_0600_even_over_a_readable_file(tmp_path: Path) -> None:
    target = tmp_path / "attachment.jpg"
    target.write_bytes(b"old")
    target.chmod(0o644)
    with open_private(target) as f:
        f.write(b"decrypted")
    assert target.read_bytes() == b"decrypted" and _mode(target) == "0o600"


@pytest.mark.parametrize("protected", [True, False])
def test_saved_attachments_are_0600(
    sqlite_workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, protected: bool
) -> None:
    from casefile.witness import init_keys
    from casefile.witness.core import ConsentGrant, add_witness
    from casefile.witness.keys import KEY_FILE_ENV, PASSPHRASE_ENV, forget_keyring
    from casefile.witness.statements import add_statement, save_attachments

    monkeypatch.delenv(KEY_FILE_ENV, raising=False)
    monkeypatch.delenv(PASSPHRASE_ENV, raising=False)
    ws = sqlite_workspace
    ring = init_keys(ws)
    try:
        wid = add_witness(
            ws,
            ring,
            name="Olena Kovalchuk",
            pseudonym="W-1",
            consent=[ConsentGrant("prosecutors", "2026-11-01", "signed form")],
        ).id
        audio = tmp_path / "interview.wav"
        audio.write_bytes(b"RIFF" + bytes(range(256)) * 40)
        view = add_statement(ws, ring, wid, files=[audio], protected=protected, extract=False)
        out = save_attachments(ws, ring, view.id, tmp_path / "out", "court copy", "admin")
        assert [(p.name, _mode(p)) for p in out] == [("interview.wav", "0o600")]
        assert out[0].read_bytes() == audio.read_bytes()
    finally:
        forget_keyring(ws.id)
