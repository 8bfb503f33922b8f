"""Ingest a report in the browser (issue 28): an upload or a web address preserved, cleaned and
extracted, the incidents it proposes shown to confirm; bad input said in the form."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest
from sqlalchemy import func, select
from web_helpers import SEED, WebCase, csrf_of

from casefile.ingest.schema import documents
from casefile.vault.schema import ledger_entries

REPORT = (
    "Ukrainian officials said on Monday that 37 civilians were killed in Irpin when a "
    "residential block was shelled. Emergency workers recovered the bodies of 37 people, "
    "the regional governor said.\n"
)
PAGE = (
    b"<html><head><title>Report</title></head><body><article><p>"
    b"The mayor said 12 civilians were killed in Hostomel when shells hit the bread queue."
    b"</p></article></body></html>"
)


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(PAGE)))
        self.end_headers()
        self.wfile.write(PAGE)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def _events(web_case: WebCase, kind: str) -> list[str]:
    with web_case.ws.db.read() as conn:
        return list(
            conn.execute(
                select(ledger_entries.c.actor).where(ledger_entries.c.kind == kind)
            ).scalars()
        )


def _documents(web_case: WebCase) -> int:
    with web_case.ws.db.read() as conn:
        return int(conn.execute(select(func.count()).select_from(documents)).scalar_one())


def test_upload_ingested_and_its_proposals_offered(
    clients: dict[str, httpx.Client], web_case: WebCase
) -> None:
    inv = clients["investigator"]
    assert "Ingest" in inv.get("/jobs/ingest").text
    before = _documents(web_case)
    r = inv.post(
        "/jobs/ingest",
        data={"csrf": csrf_of(inv), "published": "2022-03-07", "tags": "irpin, shelling"},
        files={"file": ("irpin-report.txt", REPORT.encode(), "text/plain")},
    )
    assert r.status_code == 200, r.text[:500]
    assert "irpin-report.txt" in r.text and "figures" in r.text
    assert _documents(web_case) == before + 1
    assert "web:investigator" in _events(web_case, "extracted")
    assert "web:investigator" in _events(web_case, "acquired")
    sha = re.search(r'href="/items/([0-9a-f]{64})"', r.text).group(1)  # type: ignore[union-attr]
    with web_case.ws.db.read() as conn:
        published = conn.execute(
            select(documents.c.published).where(documents.c.item_sha256 == sha)
        ).scalar_one()
    assert published == "2022-03-07"
    # The same bytes again: not extracted twice, and said so.
    again = inv.post(
        "/jobs/ingest",
        data={"csrf": csrf_of(inv)},
        files={"file": ("copy.txt", REPORT.encode(), "text/plain")},
    )
    assert again.status_code == 200 and "not extracted again" in again.text
    assert _documents(web_case) == before + 1


def test_seed_report_proposes_an_incident_to_confirm(
    clients: dict[str, httpx.Client], web_case: WebCase
) -> None:
    inv = clients["investigator"]
    body = SEED.read_bytes() + b"\nUpdated on 5 April.\n"
    r = inv.post(
        "/jobs/ingest",
        data={"csrf": csrf_of(inv), "published": "2022-04-05"},
        files={"file": ("bucha-update.txt", body, "text/plain")},
    )
    assert r.status_code == 200, r.text[:500]
    assert "massacre of civilians" in r.text and "Confirm as incident" in r.text
    fact = re.search(r'action="/jobs/proposals/(\d+)"', r.text).group(1)  # type: ignore[union-attr]
    made = inv.post(f"/jobs/proposals/{fact}", data={"csrf": csrf_of(inv)})
    assert made.status_code == 303 and made.headers["location"].startswith("/incidents/")


def test_web_address_captured_and_ingested(
    clients: dict[str, httpx.Client], web_case: WebCase, server: str
) -> None:
    inv = clients["investigator"]
    r = inv.post("/jobs/ingest", data={"csrf": csrf_of(inv), "urls": f"{server}/hostomel.html"})
    assert r.status_code == 200, r.text[:800]
    assert "hostomel.html" in r.text and "figures" in r.text


def test_bad_input_said_in_the_form(clients: dict[str, httpx.Client], web_case: WebCase) -> None:
    inv = clients["investigator"]
    before = _documents(web_case)
    r = inv.post("/jobs/ingest", data={"csrf": csrf_of(inv)})
    assert r.status_code == 400 and "choose a report file or give a web address" in r.text
    # A path on the server is never read.
    r = inv.post("/jobs/ingest", data={"csrf": csrf_of(inv), "urls": "/etc/passwd"})
    assert r.status_code == 400 and "is not a web address" in r.text
    r = inv.post("/jobs/ingest", data={"csrf": csrf_of(inv), "urls": "file:///etc/passwd"})
    assert r.status_code == 400 and "is not a web address" in r.text
    r = inv.post(
        "/jobs/ingest",
        data={"csrf": csrf_of(inv), "urls": "https://example.org/x", "published": "4 April"},
    )
    assert r.status_code == 400 and "is not a date" in r.text
    assert 'value="4 April"' in r.text
    # Too large (the test app's limit is 1 MB): refused before it is read.
    big = inv.post(
        "/jobs/ingest",
        data={"csrf": csrf_of(inv)},
        files={"file": ("big.txt", b"x" * (2 << 20), "text/plain")},
    )
    assert big.status_code == 413 and "too large" in big.text
    # Without the CSRF token: refused.
    r = inv.post("/jobs/ingest", files={"file": ("x.txt", REPORT.encode() + b"!", "text/plain")})
    assert r.status_code == 403
    assert _documents(web_case) == before
    # Roles: an analyst or viewer may not ingest.
    assert clients["analyst"].get("/jobs/ingest").status_code == 403
    assert clients["viewer"].post("/jobs/ingest", data={"csrf": "x"}).status_code == 403


def test_item_described_anew(clients: dict[str, httpx.Client], web_case: WebCase) -> None:
    from casefile.vault.catalog import item_view

    inv = clients["investigator"]
    sha = web_case.image_sha
    assert f"/jobs/items/{sha}/annotate" in inv.get(f"/items/{sha}").text
    url = f"/jobs/items/{sha[:10]}/annotate"
    assert inv.get(url).status_code == 200
    r = inv.post(url, data={"csrf": csrf_of(inv)})
    assert r.status_code == 400 and "nothing to annotate" in r.text
    r = inv.post(
        url,
        data={"csrf": csrf_of(inv), "label": "Yablunska Street, 2 April", "tags": "bucha, street"},
    )
    assert r.status_code == 303 and r.headers["location"] == f"/items/{sha}"
    with web_case.ws.db.read() as conn:
        view = item_view(conn, sha)
    assert "Yablunska Street, 2 April" in view.labels and {"bucha", "street"} <= set(view.tags)
    assert "web:investigator" in _events(web_case, "annotated")
    assert inv.get("/jobs/items/abcdef99/annotate").status_code == 404
    assert clients["analyst"].get(url).status_code == 403


def test_web_page_captured_as_evidence(
    clients: dict[str, httpx.Client], web_case: WebCase, server: str
) -> None:
    inv = clients["investigator"]
    assert inv.get("/jobs/capture").status_code == 200
    before = _documents(web_case)
    r = inv.post("/jobs/capture", data={"csrf": csrf_of(inv), "urls": "/etc/hostname"})
    assert r.status_code == 400 and "is not a web address" in r.text
    r = inv.post(
        "/jobs/capture",
        data={"csrf": csrf_of(inv), "urls": f"{server}/post.html", "tags": "social"},
    )
    assert r.status_code == 200, r.text[:800]
    assert "stored" in r.text and re.search(r'href="/items/[0-9a-f]{64}"', r.text)
    assert _documents(web_case) == before  # preserved, not extracted
    assert "web:investigator" in _events(web_case, "acquired")
    assert clients["analyst"].get("/jobs/capture").status_code == 403
