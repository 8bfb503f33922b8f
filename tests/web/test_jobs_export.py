"""Exports to download (issue 28): a bag that verifies offline, data, a report; the CLI's
selection and its messages in the form; the 'exported' event under the user's name."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import httpx
from sqlalchemy import select
from web_helpers import WebCase, csrf_of

from casefile.vault.schema import ledger_entries


def _export(c: httpx.Client, **fields: str) -> httpx.Response:
    return c.post("/jobs/export", data={"csrf": csrf_of(c), **fields})


def _incident(c: httpx.Client, web_case: WebCase) -> str:
    r = c.post("/jobs/incidents/new", data={"csrf": csrf_of(c), "title": "Photos from the street"})
    inc = re.match(r"/incidents/(\d+)", r.headers["location"]).group(1)  # type: ignore[union-attr]
    r = c.post(
        f"/jobs/incidents/{inc}/evidence",
        data={"csrf": csrf_of(c), "item": web_case.image_sha, "shows": "the street"},
    )
    assert r.status_code == 303
    return inc


def test_bag_downloaded_and_verified_offline(
    clients: dict[str, httpx.Client], web_case: WebCase, tmp_path: Path
) -> None:
    from casefile.export.verify_bag import verify_bag

    inv = clients["investigator"]
    inc = _incident(inv, web_case)
    page = inv.get(f"/jobs/export?incident={inc}")
    assert page.status_code == 200 and f'value="{inc}" selected' in page.text
    assert "built-in method" not in page.text
    r = _export(inv, kind="bag", scope="incident", incident=inc, description="for the court")
    assert r.status_code == 200, r.text[:500]
    assert r.headers["content-type"] == "application/zip"
    assert "attachment" in r.headers["content-disposition"]
    zipfile.ZipFile(io.BytesIO(r.content)).extractall(tmp_path)
    [bag] = list(tmp_path.iterdir())
    assert (bag / "bagit.txt").exists()
    report = verify_bag(bag, web_case.ws.verifier.to_vkey())
    assert report.ok, report.problems
    with web_case.ws.db.read() as conn:
        actors = conn.execute(
            select(ledger_entries.c.actor).where(ledger_entries.c.kind == "exported")
        ).scalars()
        assert "web:investigator" in list(actors)


def test_data_and_report_downloaded(clients: dict[str, httpx.Client], web_case: WebCase) -> None:
    analyst = clients["analyst"]
    r = _export(analyst, kind="data", scope="all")
    assert r.status_code == 200, r.text[:500]
    names = zipfile.ZipFile(io.BytesIO(r.content)).namelist()
    assert any(n.endswith(".csv") for n in names)
    r = _export(analyst, kind="report-html", scope="items", items=web_case.report_sha[:12])
    assert r.status_code == 200, r.text[:500]
    assert r.headers["content-type"].startswith("text/html")
    assert "<html" in r.text.lower() and "sandbox" in r.headers["content-security-policy"]


def test_bad_choices_said_in_the_form(clients: dict[str, httpx.Client]) -> None:
    inv = clients["investigator"]
    r = _export(inv, kind="bag", scope="incident")
    assert r.status_code == 400 and "say what to export" in r.text
    r = _export(inv, kind="zip", scope="all")
    assert r.status_code == 400 and "choose what to export" in r.text
    r = _export(inv, kind="bag", scope="incident", incident="999999")
    assert r.status_code == 400 and "999999" in r.text
    r = _export(inv, kind="report-html", scope="all")
    assert r.status_code == 400 and "not of everything" in r.text
    r = _export(inv, kind="registry-csv")
    assert r.status_code == 400 and "no linkage yet" in r.text
    r = _export(inv, kind="bag", scope="items", items="zz")
    assert r.status_code == 400 and "is not an item hash" in r.text
    assert ">zz</textarea>" in r.text and "built-in method" not in r.text
    assert inv.post("/jobs/export", data={"kind": "bag", "scope": "all"}).status_code == 403
    assert clients["viewer"].get("/jobs/export").status_code == 403
