"""Capturing URLs from a real HTTP server on 127.0.0.1: WARC, redirects, errors."""

from __future__ import annotations

import gzip
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import select
from warcio.archiveiterator import ArchiveIterator

from casefile.vault.acquire import AddOptions, add_sources
from casefile.vault.schema import acquisitions, items
from casefile.vault.verify import verify_workspace
from casefile.vault.workspace import Workspace

PAGE = b"<!DOCTYPE html><html><body><p>The death toll sits at 410.</p></body></html>"


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        if self.path == "/report.html":
            self._send(200, PAGE, "text/html; charset=utf-8")
        elif self.path == "/moved":
            self._redirect("/report.html")
        elif self.path == "/loop":
            self._redirect("/loop")
        elif self.path == "/slow":
            time.sleep(3)
            self._send(200, b"late", "text/plain")
        else:
            self._send(404, b"<html><body>Not found</body></html>", "text/html")

    def _send(self, status: int, body: bytes, ctype: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, to: str) -> None:
        self.send_response(302)
        self.send_header("Location", to)
        self.send_header("Content-Length", "0")
        self.end_headers()


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    t = threading.Thread(target=httpd.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_url_is_preserved_with_warc(sqlite_workspace: Workspace, server: str) -> None:
    ws = sqlite_workspace
    results = add_sources(ws, [f"{server}/moved"], AddOptions(tags=["news"]))
    assert [r.status for r in results] == ["stored", "stored"]
    body, warc = results
    assert "redirect" in body.message
    assert ws.blobs.path_for(body.sha256 or "").read_bytes() == PAGE
    with ws.db.read() as conn:
        acq = conn.execute(
            select(acquisitions).where(acquisitions.c.item_sha256 == body.sha256)
        ).one()
        wacq = conn.execute(
            select(acquisitions).where(acquisitions.c.item_sha256 == warc.sha256)
        ).one()
        media = conn.execute(
            select(items.c.media_type).where(items.c.sha256 == body.sha256)
        ).scalar_one()
    assert acq.source_url == f"{server}/moved"
    assert acq.final_url == f"{server}/report.html"
    assert acq.http_status == 200
    assert json.loads(acq.http_headers)["Content-Type"] == "text/html; charset=utf-8"
    assert media == "text/html"
    assert wacq.source_kind == "warc" and wacq.capture_of == body.sha256
    # The WARC replays the exchange: both hops, request and response.
    with ws.blobs.open(warc.sha256 or "") as f:
        records = [
            (r.rec_type, r.rec_headers.get_header("WARC-Target-URI"), r.content_stream().read())
            for r in ArchiveIterator(f)
        ]
    responses = [r for r in records if r[0] == "response"]
    assert [r[1] for r in responses] == [f"{server}/moved", f"{server}/report.html"]
    assert responses[-1][2] == PAGE
    assert any(r[0] == "request" for r in records)
    assert verify_workspace(ws).ok


def test_404_is_kept_but_marked(sqlite_workspace: Workspace, server: str) -> None:
    results = add_sources(sqlite_workspace, [f"{server}/nothing-here"])
    assert results[0].status == "http-error"
    assert "HTTP 404" in results[0].message
    assert not results[0].ok
    with sqlite_workspace.db.read() as conn:
        statuses = conn.execute(select(acquisitions.c.http_status)).scalars().all()
    assert statuses == [404, 404]


@pytest.mark.parametrize(
    ("path", "words"),
    [("/loop", "redirect loop"), ("/slow", "timed out")],
)
def test_failed_capture_stores_nothing(
    sqlite_workspace: Workspace, server: str, path: str, words: str
) -> None:
    [res] = add_sources(sqlite_workspace, [server + path], AddOptions(timeout=0.5))
    assert res.status == "failed"
    assert words in res.message
    with sqlite_workspace.db.read() as conn:
        assert conn.execute(select(items)).all() == []
    assert list(sqlite_workspace.blobs.iter_stored()) == []
    assert list(sqlite_workspace.blobs.tmp.iterdir()) == []


def test_unreachable_host_is_a_clear_error(sqlite_workspace: Workspace) -> None:
    [res] = add_sources(sqlite_workspace, ["http://127.0.0.1:9/x"], AddOptions(timeout=2))
    assert res.status == "failed"
    assert "could not connect" in res.message


def test_warc_is_gzip(sqlite_workspace: Workspace, server: str) -> None:
    _, warc = add_sources(sqlite_workspace, [f"{server}/report.html"])
    raw = sqlite_workspace.blobs.path_for(warc.sha256 or "").read_bytes()
    assert gzip.decompress(raw).startswith(b"WARC/1.")
