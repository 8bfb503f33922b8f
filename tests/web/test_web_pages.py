"""Pages and their JSON twins, through a real ASGI client, as a logged-in investigator."""

from __future__ import annotations

import hashlib
import json
import re

import httpx
from web_helpers import WebCase, csrf_of, png_bytes


def test_dashboard_counts_and_recent_events(clients: dict[str, httpx.Client], web_case: WebCase):
    c = clients["investigator"]
    page = c.get("/")
    assert page.status_code == 200
    assert "Recent ledger events" in page.text
    data = c.get("/api/dashboard").json()
    assert data["counts"]["items"] >= 3
    assert data["counts"]["documents"] == 1
    assert data["counts"]["facts"] > 5
    kinds = {e["kind"] for e in data["recent_events"]}
    assert "web_login" in kinds


def test_items_list_filters_and_pages(clients: dict[str, httpx.Client], web_case: WebCase):
    c = clients["analyst"]
    all_items = c.get("/api/items").json()
    assert all_items["paging"]["total"] == 3
    images = c.get("/api/items", params={"media": "image/"}).json()
    assert [i["sha256"] for i in images["items"]] == [web_case.image_sha]
    by_name = c.get("/api/items", params={"q": "note.txt"}).json()
    assert [i["sha256"] for i in by_name["items"]] == [web_case.text_sha]
    paged = c.get("/api/items", params={"per_page": 2, "page": 2}).json()
    assert len(paged["items"]) == 1 and paged["paging"]["pages"] == 2
    html = c.get("/items", params={"per_page": 2})
    assert "next →" in html.text and web_case.image_sha[:16] in html.text


def test_item_page_shows_hash_preview_and_custody(
    clients: dict[str, httpx.Client], web_case: WebCase
):
    c = clients["investigator"]
    page = c.get(f"/items/{web_case.text_sha[:10]}")
    assert page.status_code == 200
    assert web_case.text_sha in page.text
    assert "Witness note about shelling" in page.text  # text preview
    assert "acquired" in page.text  # custody timeline
    data = c.get(f"/api/items/{web_case.text_sha}").json()
    assert data["timeline"][0]["kind"] == "acquired"
    assert data["exif"] is None and "original_path" not in data  # not in item_view
    raw = c.get(f"/items/{web_case.image_sha}/raw")
    assert raw.status_code == 200 and raw.headers["content-type"] == "image/png"
    assert hashlib.sha256(raw.content).hexdigest() == web_case.image_sha
    assert "sandbox" in raw.headers["content-security-policy"]


def test_verify_shows_inclusion_proofs_and_is_recorded(
    clients: dict[str, httpx.Client], web_case: WebCase
):
    c = clients["analyst"]
    r = c.post(f"/items/{web_case.report_sha}/verify", data={"csrf": csrf_of(c)})
    assert r.status_code == 200, r.text
    assert "OK: the bytes match the hash" in r.text
    assert "Inclusion proofs" in r.text and "offline receipt" in r.text
    api = c.post(
        f"/api/items/{web_case.report_sha}/verify", headers={"X-CSRF-Token": csrf_of(c)}
    ).json()
    assert api["ok"] is True and api["events"]
    assert all(e["tree_size"] > e["seq"] for e in api["events"])
    log = c.get("/api/ledger", params={"kind": "verified"}).json()
    assert log["paging"]["total"] >= 2
    assert log["events"][0]["actor"] == "web:analyst"


def test_source_page_highlights_every_fact_at_its_span(
    clients: dict[str, httpx.Client], web_case: WebCase
):
    c = clients["viewer"]
    data = c.get(f"/api/sources/{web_case.document_id}").json()
    assert data["facts"]
    text = data["text"]
    for f in data["facts"]:
        if f["span"]:
            assert f["quote"] == text[f["span"][0] : f["span"][1]]
    # The segments put the text back together exactly, and each fact covers its span.
    assert "".join(s["text"] for s in data["segments"]) == text
    covered = {fid for s in data["segments"] for fid in s["facts"]}
    assert covered == {f["id"] for f in data["facts"] if f["span"] and f["span"][1] > f["span"][0]}
    page = c.get(f"/sources/{web_case.document_id}")
    marks = re.findall(r'<mark class="fact [^"]*" data-facts="([0-9 ]+)"', page.text)
    assert len(marks) >= len(covered) // 2
    listing = c.get("/api/sources", params={"language": data["language"]}).json()
    assert listing["documents"][0]["facts"] == len(data["facts"])
    fact = c.get(f"/api/facts/{data['facts'][0]['id']}").json()
    assert fact["document_id"] == web_case.document_id


def test_search_finds_sources_and_items(clients: dict[str, httpx.Client], web_case: WebCase):
    c = clients["viewer"]
    hits = c.get("/api/search", params={"q": "Bucha"}).json()
    assert any(
        h["kind"] == "document" and h["ref"] == str(web_case.document_id) for h in hits["hits"]
    )
    hits = c.get("/api/search", params={"q": "photo", "kind": "item"}).json()
    assert [h["ref"] for h in hits["hits"]] == [web_case.image_sha]
    page = c.get("/search", params={"q": "Bucha"})
    assert "<mark>" in page.text
    # FTS syntax in user input is only words, never an error.
    odd = c.get("/api/search", params={"q": 'Bucha" OR NEAR(* -'})
    assert odd.status_code == 200


def test_upload_stores_in_vault_with_ledger_event(
    clients: dict[str, httpx.Client], web_case: WebCase
):
    c = clients["investigator"]
    body = png_bytes()
    r = c.post(
        "/items/upload",
        data={"csrf": csrf_of(c), "label": "drone still", "tags": "drone, kyiv"},
        files={"file": ("../../etc/still.png", body, "image/png")},
    )
    assert r.status_code == 303
    sha = hashlib.sha256(body).hexdigest()
    assert r.headers["location"] == f"/items/{sha}"
    item = c.get(f"/api/items/{sha}").json()
    assert item["names"] == ["still.png"] and item["tags"] == ["drone", "kyiv"]
    ev = item["timeline"][0]
    assert ev["kind"] == "acquired" and ev["actor"] == "web:investigator"
    assert ev["data"]["source_kind"] == "upload"
    # The vault's own verification accepts the uploaded item and its records.
    from casefile.checks import all_checks
    from casefile.vault.verify import verify_workspace

    assert verify_workspace(web_case.ws, None, all_checks()).ok


def test_a_duplicate_upload_does_not_relabel_the_item(
    clients: dict[str, httpx.Client], web_case: WebCase
) -> None:
    """The same bytes uploaded again with another label and tags: recorded as received again
    on the existing item, whose labels and tags stay as they were (a Bucha photo must not
    appear under Irpin)."""
    import io

    from PIL import Image

    c = clients["investigator"]
    buf = io.BytesIO()
    Image.new("RGB", (9, 7), (120, 60, 10)).save(buf, "PNG")
    body = buf.getvalue()
    sha = hashlib.sha256(body).hexdigest()
    first = c.post(
        "/api/items/upload",
        data={"csrf": csrf_of(c), "label": "Bucha street", "tags": "bucha"},
        files={"file": ("bucha.png", body, "image/png")},
    )
    assert first.status_code == 200, first.text
    before = c.get(f"/api/items/{sha}").json()
    r = c.post(
        "/items/upload",
        data={"csrf": csrf_of(c), "label": "Irpin bridge", "tags": "irpin"},
        files={"file": ("irpin.png", body, "image/png")},
    )
    assert r.status_code == 303 and r.headers["location"].startswith(
        f"/items/{sha}?received_again="
    )
    page = c.get(r.headers["location"])
    assert "already in the vault as this item" in page.text
    after = c.get(f"/api/items/{sha}").json()
    assert after["tags"] == before["tags"] and "irpin" not in after["tags"]
    assert after["labels"] == before["labels"] and "Irpin bridge" not in after["labels"]
    assert "irpin.png" not in after["names"]
    listed = c.get("/api/items", params={"tag": "irpin"}).json()
    assert sha not in json.dumps(listed)
    again = [e for e in after["timeline"] if e["kind"] == "received_again"]
    assert len(again) == 1 and again[0]["actor"] == "web:investigator"
    assert again[0]["data"]["label"] == "Irpin bridge" and again[0]["data"]["tags"] == ["irpin"]
    r = c.post(
        "/api/items/upload",
        data={"csrf": csrf_of(c), "tags": "irpin"},
        files={"file": ("irpin.png", body, "image/png")},
    )
    [res] = r.json()["results"]
    assert res["status"] == "duplicate" and f"a duplicate of item {sha[:12]}" in res["message"]
    assert "tags irpin were not given to the item" in res["message"]
    from casefile.checks import all_checks
    from casefile.vault.verify import verify_workspace

    assert verify_workspace(web_case.ws, None, all_checks()).ok


def test_estimates_page_says_when_there_are_none(clients: dict[str, httpx.Client]):
    c = clients["viewer"]
    data = c.get("/api/estimates").json()
    page = c.get("/estimates")
    assert page.status_code == 200
    assert data["latest"] is None  # this workspace has run no estimation
    assert "No estimates stored yet" in page.text


def test_previews_of_pdf_and_html_capture(clients: dict[str, httpx.Client]) -> None:
    from web_helpers import pdf_bytes

    c = clients["investigator"]
    pdf = pdf_bytes("Report on the shelling of Irpin bridge")
    page = "<!doctype html><html><body><h1>Captured</h1><script>alert(1)</script></body></html>"
    r = c.post(
        "/api/items/upload",
        data={"csrf": csrf_of(c)},
        files=[
            ("file", ("report.pdf", pdf, "application/pdf")),
            ("file", ("capture.html", page.encode(), "text/html")),
        ],
    )
    assert r.status_code == 200, r.text
    pdf_sha, html_sha = (x["sha256"] for x in r.json()["results"])
    item = c.get(f"/api/items/{pdf_sha}").json()
    assert item["media_type"] == "application/pdf"
    assert item["preview"]["kind"] == "pdf" and item["preview"]["pages"] == 1
    assert "shelling of Irpin bridge" in item["preview"]["text"]
    html_item = c.get(f"/items/{html_sha}")
    assert '<iframe class="preview" sandbox' in html_item.text
    raw = c.get(f"/items/{html_sha}/raw")
    assert raw.headers["content-security-policy"].startswith("sandbox")
