"""Checking a bag in the browser (issue 28): the ZIP the export job gives, checked as
'casefile verify-bag' checks it, against this workspace's key by default; a changed file, a
foreign key, and ZIPs that are no bag or would write outside their folder said in words;
nothing recorded, nothing left on disk."""

from __future__ import annotations

import io
import re
import tempfile
import warnings
import zipfile
from pathlib import Path

import httpx
import pytest
from web_helpers import WebCase, csrf_of

from casefile.vault.workspace import Workspace


def _bag_zip(c: httpx.Client, web_case: WebCase) -> bytes:
    r = c.post("/jobs/incidents/new", data={"csrf": csrf_of(c), "title": "Bag to check"})
    inc = re.match(r"/incidents/(\d+)", r.headers["location"]).group(1)  # type: ignore[union-attr]
    r = c.post(
        f"/jobs/incidents/{inc}/evidence",
        data={"csrf": csrf_of(c), "item": web_case.image_sha, "shows": "the street"},
    )
    assert r.status_code == 303
    r = c.post(
        "/jobs/export",
        data={"csrf": csrf_of(c), "kind": "bag", "scope": "incident", "incident": inc},
    )
    assert r.status_code == 200 and r.headers["content-type"] == "application/zip", r.text[:300]
    return r.content


def _check(c: httpx.Client, content: bytes, **fields: str) -> httpx.Response:
    return c.post(
        "/jobs/verify-bag",
        data={"csrf": csrf_of(c), **fields},
        files={"bag": ("bag.zip", content, "application/zip")},
    )


def _ledger_size(ws: Workspace) -> int:
    with ws.db.read() as conn:
        return int(ws.ledger.size(conn))


def _changed(content: bytes, pick: str, new: bytes) -> bytes:
    """The same ZIP with the first member whose name contains ``pick`` replaced by ``new``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as src, zipfile.ZipFile(out, "w") as dst:
        done = False
        for info in src.infolist():
            data = src.read(info)
            if not done and pick in info.filename and not info.is_dir():
                data, done = new, True
            dst.writestr(info, data)
    assert done, pick
    return out.getvalue()


def _leftovers() -> set[Path]:
    return set(Path(tempfile.gettempdir()).glob("casefile-web-bag-*"))


def test_a_bag_checked_in_the_browser(clients: dict[str, httpx.Client], web_case: WebCase) -> None:
    inv, analyst = clients["investigator"], clients["analyst"]
    content = _bag_zip(inv, web_case)
    page = analyst.get("/jobs/verify-bag")
    assert page.status_code == 200
    assert web_case.ws.verifier.to_vkey() in page.text  # pinned to this workspace by default
    # The footer says what the page does: nothing recorded (not the other pages' ledger line).
    assert "checking a bag records nothing" in page.text
    assert "every action here is recorded" not in page.text
    assert "every action here is recorded" in analyst.get("/jobs/export").text
    before, temp = _ledger_size(web_case.ws), _leftovers()
    r = _check(analyst, content, vkey=web_case.ws.verifier.to_vkey())
    assert r.status_code == 200, r.text[:500]
    assert "<b>OK</b>: the bag bag.zip is complete" in r.text
    assert "<dt>items</dt><dd>1</dd>" in r.text and "signed (the bag_sealed" in r.text
    assert "this workspace&#39;s" in r.text or "this workspace's" in r.text
    # A payload file changed: named, and the temporary folder is no part of the answer.
    payload = next(
        n for n in zipfile.ZipFile(io.BytesIO(content)).namelist() if "/data/" in n and n[-1] != "/"
    )
    r = _check(analyst, _changed(content, payload, b"not the photo"), vkey="")
    assert r.status_code == 200 and "<b>FAILED</b>" in r.text, r.text[:500]
    assert Path(payload).name in r.text and "casefile-web-bag-" not in r.text
    assert "the bag&#39;s own key: not pinned" in r.text or "own key: not pinned" in r.text
    # The key of another workspace: the bag is not signed by it.
    other = Workspace.init(Path(tempfile.mkdtemp()) / "other", None, actor="t@t")
    r = _check(analyst, content, vkey=other.verifier.to_vkey())
    other.close()
    assert r.status_code == 200 and "<b>FAILED</b>" in r.text
    assert "is not the key you gave" in r.text
    assert _ledger_size(web_case.ws) == before  # checking a bag records nothing
    assert _leftovers() <= temp  # and leaves nothing behind


def _zip(*members: tuple[str, bytes], link: str | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z, warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # zipfile's word on a name given twice
        for name, data in members:
            z.writestr(name, data)
        if link:
            info = zipfile.ZipInfo(link)
            info.external_attr = 0o120777 << 16
            z.writestr(info, "/etc/passwd")
    return out.getvalue()


def _damaged() -> bytes:
    """A ZIP whose one deflated member's data is garbage (its headers intact)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("bag/bagit.txt", b"BagIt-Version: 1.0\n" * 200)
    data = bytearray(out.getvalue())
    start = 30 + len("bag/bagit.txt")  # the local header, then the compressed data
    data[start : start + 8] = b"\xff" * 8
    return bytes(data)


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"PK not really", "not a ZIP file"),
        (_zip(("notes.txt", b"hello")), "no bag in this ZIP"),
        (_zip(("../escape.txt", b"x")), "not inside the bag"),
        (_zip(("/abs.txt", b"x")), "not inside the bag"),
        (_zip(("bag/bagit.txt", b"x"), link="bag/data/link"), "symbolic link"),
        (_zip(("bag/a", b"x"), ("bag/a/b", b"y")), "holds a twice (or as a file and as a"),
        (_zip(("bag/a", b"x"), ("bag/a", b"y")), "holds a twice"),
        (_damaged(), "damaged or encrypted"),
    ],
)
def test_what_is_no_bag_said_in_the_form(
    clients: dict[str, httpx.Client], content: bytes, said: str
) -> None:
    r = _check(clients["investigator"], content)
    assert r.status_code == 400 and said in r.text, r.text[:800]
    assert not (Path(tempfile.gettempdir()) / "escape.txt").exists()


def test_no_file_chosen(clients: dict[str, httpx.Client]) -> None:
    c = clients["admin"]
    r = c.post("/jobs/verify-bag", data={"csrf": csrf_of(c)})
    assert r.status_code == 400 and "choose the bag" in r.text
