"""Bad input gets a clear 4xx message, never a 500 or a traceback."""

from __future__ import annotations

import httpx
from web_helpers import WebCase, csrf_of


def _error(r: httpx.Response) -> str:
    assert "Traceback" not in r.text
    return str(r.json()["error"])


def test_oversized_upload_is_refused(clients: dict[str, httpx.Client]) -> None:
    c = clients["investigator"]
    big = b"x" * (2 << 20)
    r = c.post(
        "/api/items/upload",
        data={"csrf": csrf_of(c)},
        files={"file": ("big.bin", big, "application/octet-stream")},
    )
    assert r.status_code == 413
    assert "too large" in _error(r) and "1 MB" in _error(r)


def test_oversized_streamed_upload_without_length_is_refused(
    clients: dict[str, httpx.Client],
) -> None:
    c = clients["investigator"]
    csrf = csrf_of(c)
    boundary = "b0undary"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n{csrf}\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="s.bin"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()

    def body():  # type: ignore[no-untyped-def]
        yield head
        for _ in range(40):
            yield b"y" * 65536
        yield f"\r\n--{boundary}--\r\n".encode()

    r = c.post(
        "/api/items/upload",
        content=body(),
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    assert r.status_code == 413, r.text
    assert "too large" in _error(r)


def test_wrong_content_type_and_broken_forms(clients: dict[str, httpx.Client]) -> None:
    c = clients["investigator"]
    csrf = csrf_of(c)
    r = c.post("/api/items/upload", json={"file": "abc"}, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 415 and "multipart/form-data" in _error(r)
    r = c.post("/api/items/upload", data={"csrf": csrf}, files={"other": ("a", b"a")})
    assert r.status_code == 400 and "no file" in _error(r)
    r = c.post(
        "/api/items/upload",
        content=b"--zz\r\nContent-Disposition: form-data; name=\r\n\r\nbroken",
        headers={"Content-Type": "multipart/form-data; boundary=zz"},
    )
    assert r.status_code in (400, 403), r.text
    assert "Traceback" not in r.text


def test_missing_or_wrong_csrf_is_refused(clients: dict[str, httpx.Client], web_case: WebCase):
    c = clients["investigator"]
    r = c.post(f"/api/items/{web_case.text_sha}/verify")
    assert r.status_code == 403 and "CSRF" in _error(r)
    r = c.post(f"/items/{web_case.text_sha}/verify", data={"csrf": "forged"})
    assert r.status_code == 403
    r = c.post(
        "/items/upload", data={"csrf": "forged"}, files={"file": ("a.txt", b"hello", "text/plain")}
    )
    assert r.status_code == 403
    r = c.post("/logout", data={})
    assert r.status_code == 403  # still logged in
    assert c.get("/api/dashboard").status_code == 200


def test_unknown_ids_and_bad_parameters(clients: dict[str, httpx.Client]) -> None:
    c = clients["analyst"]
    r = c.get("/api/items/" + "0" * 64)
    assert r.status_code == 404 and "no item in the vault" in _error(r)
    r = c.get("/api/items/zz-not-a-hash")
    assert r.status_code == 404 and "not an item hash" in _error(r)
    r = c.get("/api/sources/999999")
    assert r.status_code == 404 and "no source document 999999" in _error(r)
    r = c.get("/api/sources/abc")
    assert r.status_code == 422 and "doc_id" in _error(r)
    r = c.get("/api/facts/424242")
    assert r.status_code == 404 and "no fact 424242" in _error(r)
    r = c.get("/api/items", params={"page": 0})
    assert r.status_code == 422 and "page" in _error(r)
    r = c.get("/api/items", params={"per_page": 100000})
    assert r.status_code == 422
    r = c.get("/api/no/such/page")
    assert r.status_code == 404 and "no page" in _error(r)
    r = c.post(f"/api/items/{'0' * 64}/verify", headers={"X-CSRF-Token": csrf_of(c)})
    assert r.status_code == 404
    html = c.get("/items/" + "0" * 64, headers={"Accept": "text/html"})
    assert html.status_code == 404 and "no item in the vault" in html.text
    assert "<html" in html.text


def test_digits_that_are_not_numbers(clients: dict[str, httpx.Client]) -> None:
    """'¹' (a superscript one) is a digit to str.isdigit() but not a number to int(): a record
    reference or an upload's length made of it is a clear 4xx (the OpenAPI fuzz found the
    review form answering 500)."""
    c = clients["analyst"]
    r = c.post(
        "/api/victims/review",
        data={"decision": "same", "ref_l": "¹", "ref_r": "0", "csrf": csrf_of(c), "reason": "x"},
    )
    assert 400 <= r.status_code < 500, r.text
    assert "Traceback" not in r.text
    inv = clients["investigator"]
    r = inv.post(
        "/api/items/upload",
        content=b"x",
        headers={"Content-Length": "¹".encode("latin-1"), "X-CSRF-Token": csrf_of(inv)},
    )
    assert 400 <= r.status_code < 500, r.text


def test_text_filters_refuse_nul(clients: dict[str, httpx.Client]) -> None:
    """A NUL in a text filter is refused with a clear 422 on every list: PostgreSQL's text
    cannot hold one and SQLite's LIKE and FTS5 stop reading at it (FTS5 answered 500)."""
    c = clients["analyst"]
    for path in ("/api/incidents", "/api/timeline", "/api/victims", "/api/items", "/api/search"):
        r = c.get(path, params={"q": "\x00Irpin"})
        assert r.status_code == 422, (path, r.text)
        assert "query.q: must not contain a NUL character" in _error(r), _error(r)
