"""Helpers for the web tests: a workspace with a user of every role, an ingested report,
an image and a text item; ASGI clients logged in as each role (and API tokens)."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import httpx
from PIL import Image

from casefile.ingest.pipeline import ingest_sources
from casefile.vault.acquire import add_sources
from casefile.vault.workspace import Workspace
from casefile.web.accounts import add_user, create_token
from casefile.web.schema import ROLES

SEED = Path(__file__).parents[1] / "data" / "seed" / "bucha-report.txt"
PASSWORD = "long enough password"


@dataclass
class WebCase:
    ws: Workspace
    report_sha: str
    document_id: int
    image_sha: str
    text_sha: str
    tokens: dict[str, str]


def make_case(ws: Workspace, tmp: Path) -> WebCase:
    [res] = ingest_sources(ws, [str(SEED)], date(2022, 4, 4))
    assert res.ok and res.sha256 and res.document_id, res.error
    img = tmp / "photo.png"
    Image.new("RGB", (40, 30), (200, 30, 30)).save(img)
    txt = tmp / "note.txt"
    txt.write_text("Witness note about shelling near the school.\n")
    added = add_sources(ws, [str(img), str(txt)])
    tokens = {}
    for role in ROLES:
        add_user(ws, role, role, PASSWORD)
        tokens[role] = create_token(ws, role, "tests")
    return WebCase(
        ws, res.sha256, res.document_id, added[0].sha256 or "", added[1].sha256 or "", tokens
    )


def client_for(app: object, base_url: str = "http://testserver") -> httpx.Client:
    """A synchronous client over the ASGI app (no sockets), through starlette's TestClient."""
    from starlette.testclient import TestClient

    return TestClient(app, base_url=base_url, follow_redirects=False)  # type: ignore[arg-type]


def login(client: httpx.Client, name: str, password: str = PASSWORD) -> httpx.Response:
    form = client.get("/login")
    csrf = re.search(r'name="csrf" value="([^"]+)"', form.text)
    assert csrf, form.text
    return client.post(
        "/login", data={"username": name, "password": password, "csrf": csrf.group(1), "next": "/"}
    )


def csrf_of(client: httpx.Client) -> str:
    page = client.get("/")
    found = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert found, page.text[:500]
    return found.group(1)


def png_bytes() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), (0, 90, 200)).save(buf, "PNG")
    return buf.getvalue()


def pdf_bytes(text: str) -> bytes:
    """A minimal one-page PDF showing ``text`` (ASCII), with a correct cross-reference table."""
    stream = f"BT /F1 18 Tf 40 700 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)
