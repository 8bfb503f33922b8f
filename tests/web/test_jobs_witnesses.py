"""Witnesses and statements recorded in the browser (issue 28): the identity encrypted, the
reveal (an existing page) gives it back, the statement protected, the witness module's checks
said in the form, investigators and admins only."""

from __future__ import annotations

import re

import httpx
from sqlalchemy import select
from web_helpers import WebCase, csrf_of

from casefile.vault.schema import ledger_entries


def _actors(web_case: WebCase, kind: str) -> list[str]:
    with web_case.ws.db.read() as conn:
        return list(
            conn.execute(
                select(ledger_entries.c.actor).where(ledger_entries.c.kind == kind)
            ).scalars()
        )


def test_witness_added_revealed_and_statement_recorded(
    clients: dict[str, httpx.Client], web_case: WebCase
) -> None:
    inv = clients["investigator"]
    assert "No witnesses yet" in inv.get("/jobs/statements/new").text
    r = inv.post(
        "/jobs/witnesses/new",
        data={
            "csrf": csrf_of(inv),
            "pseudonym": "W-017",
            "name": "Olena Petrivna Shevchenko",
            "contact": "+380 00 000 0000",
            "consent": "prosecutors",
        },
    )
    assert r.status_code == 400 and "how the consent was recorded" in r.text
    r = inv.post(
        "/jobs/witnesses/new",
        data={
            "csrf": csrf_of(inv),
            "pseudonym": "W-017",
            "name": "Olena Petrivna Shevchenko",
            "contact": "+380 00 000 0000",
            "consent": "prosecutors",
            "consent_how": "signed form",
        },
    )
    assert r.status_code == 200, r.text[:500]
    assert "Witness added" in r.text and "witness key was created" in r.text
    assert "Shevchenko" not in r.text
    assert _actors(web_case, "witness_added") == ["web:investigator"]
    wid = re.search(r'href="/witnesses/([^"]+)"', r.text).group(1)  # type: ignore[union-attr]
    # The identity is stored encrypted: the existing reveal page gives it back.
    shown = inv.post(
        f"/witnesses/{wid}/reveal", data={"csrf": csrf_of(inv), "reason": "court order seven"}
    )
    assert shown.status_code == 200 and "Olena Petrivna Shevchenko" in shown.text
    # The same pseudonym again: the witness module's words.
    again = inv.post(
        "/jobs/witnesses/new",
        data={"csrf": csrf_of(inv), "pseudonym": "W-017", "name": "Someone Else"},
    )
    assert again.status_code == 400 and "W-017" in again.text
    page = inv.get("/jobs/statements/new?witness=W-017")
    assert page.status_code == 200 and '<option value="W-017" selected>' in page.text
    r = inv.post("/jobs/statements/new", data={"csrf": csrf_of(inv), "witness": "W-017"})
    assert r.status_code == 400 and "give the statement" in r.text
    r = inv.post(
        "/jobs/statements/new",
        data={"csrf": csrf_of(inv), "witness": "W-099", "text": "x"},
    )
    assert r.status_code == 400 and "W-099" in r.text
    r = inv.post(
        "/jobs/statements/new",
        data={
            "csrf": csrf_of(inv),
            "witness": "W-017",
            "text": "On 5 March I saw three bodies on Yablunska Street in Bucha.",
            "taken_on": "2022-04-10",
            "place": "Kyiv",
        },
        files={"attach": ("scan.png", b"\x89PNG\r\n\x1a\n" + b"0" * 64, "image/png")},
    )
    assert r.status_code == 200, r.text[:800]
    assert "recorded (protected): 1 attachment(s)" in r.text
    assert _actors(web_case, "statement_added") == ["web:investigator"]
    # Consent withdrawn for publication: how is required, then a new event.
    page = inv.get("/jobs/witnesses/consent?witness=W-017")
    assert '<option value="W-017" selected>' in page.text
    r = inv.post(
        "/jobs/witnesses/consent",
        data={"csrf": csrf_of(inv), "witness": "W-017", "scope": "publication",
              "action": "withdraw"},
    )  # fmt: skip
    assert r.status_code == 400 and "how" in r.text
    r = inv.post(
        "/jobs/witnesses/consent",
        data={"csrf": csrf_of(inv), "witness": "W-017", "scope": "press", "how": "call"},
    )
    assert r.status_code == 400 and "press" in r.text
    r = inv.post(
        "/jobs/witnesses/consent",
        data={"csrf": csrf_of(inv), "witness": "W-017", "scope": "publication",
              "action": "withdraw", "on": "2022-05-01", "how": "phone call with the witness"},
    )  # fmt: skip
    assert r.status_code == 200 and "Consent withdrawn: publication" in r.text


def test_witness_jobs_roles(clients: dict[str, httpx.Client]) -> None:
    for role in ("analyst", "viewer"):
        assert clients[role].get("/jobs/witnesses/new").status_code == 403
        assert clients[role].get("/jobs/statements/new").status_code == 403
    inv = clients["investigator"]
    assert inv.post("/jobs/witnesses/new", data={"pseudonym": "W-1"}).status_code == 403
