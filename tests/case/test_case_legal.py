"""Legal elements with their evidence and the unsupported ones; perpetrators always alleged."""

from __future__ import annotations

import pytest
from case_helpers import Builder

from casefile.case.incidents import create_incident
from casefile.case.legal import ARTICLES, address_element, legal_view, qualify
from casefile.case.perpetrators import allege, perpetrators_of
from casefile.errors import CasefileError


def test_builtin_articles_have_their_elements() -> None:
    assert {"8(2)(a)(i)", "8(2)(a)(ii)", "8(2)(a)(vii)", "8(2)(b)(i)", "7(1)(a)"} <= set(ARTICLES)
    wilful = [k for k, _ in ARTICLES["8(2)(a)(i)"].elements]
    assert wilful == ["killed", "protected", "aware-protected", "armed-conflict", "aware-conflict"]
    assert "armed-conflict" not in [k for k, _ in ARTICLES["7(1)(a)"].elements]


def test_elements_addressed_and_unsupported(build: Builder) -> None:
    ws = build.ws
    photo = build.photo("p.jpg", 50.5443, 30.2204, "2022:04:02 10:15:00")
    rep = build.report("r.txt", "2022-04-15", "NGO")
    iid = create_incident(ws, "Bucha")
    with pytest.raises(CasefileError, match="is not qualified as 8"):
        address_element(ws, iid, "8(2)(a)(i)", "killed", photo, "bodies")
    qualify(ws, iid, "8(2)(a)(i)", "civilians killed")
    qualify(ws, iid, "7(1)(a)")
    with pytest.raises(CasefileError, match="already qualified"):
        qualify(ws, iid, "8(2)(a)(i)")
    with pytest.raises(CasefileError, match="not in the built-in table"):
        qualify(ws, iid, "8(2)(z)")
    with pytest.raises(CasefileError, match="has no element 'dead'"):
        address_element(ws, iid, "8(2)(a)(i)", "dead", photo, "bodies")
    with pytest.raises(CasefileError, match="not in the vault"):
        address_element(ws, iid, "8(2)(a)(i)", "killed", "ef" * 32, "bodies")
    address_element(ws, iid, "8(2)(a)(i)", "killed", photo, "bodies with gunshot wounds")
    address_element(ws, iid, "8 (2)(a)(i)", "protected", rep.sha, "counted as civilians")
    with ws.db.read() as conn:
        wilful, murder = legal_view(conn, iid)
    assert wilful["unsupported"] == ["aware-protected", "armed-conflict", "aware-conflict"]
    assert wilful["elements"][0]["evidence"][0]["item"] == photo
    assert murder["unsupported"] == ["killed", "widespread", "knowledge"]


def test_perpetrators_are_alleged_with_a_source(build: Builder) -> None:
    ws = build.ws
    rep = build.report(
        "r.txt",
        "2022-04-04",
        "Wire",
        claims=[
            {"actor": "Residents", "stance": "asserts", "text": "soldiers of a brigade occupied it"}
        ],
    )
    iid = create_incident(ws, "Bucha")
    with pytest.raises(CasefileError, match="not in the vault"):
        allege(ws, iid, "a brigade", "unit", "12" * 32, "residents say")
    with pytest.raises(CasefileError, match="what the source alleges"):
        allege(ws, iid, "a brigade", "unit", rep.sha, "")
    with pytest.raises(CasefileError, match="--kind"):
        allege(ws, iid, "a brigade", "army group", rep.sha, "residents say")
    allege(
        ws, iid, "a motor rifle brigade", "unit", rep.sha, "residents say", rep.facts["claim"][0]
    )
    with ws.db.read() as conn:
        [p] = perpetrators_of(conn, iid)
    assert p["label"] == "alleged" and p["source"] == rep.sha and p["fact"] == rep.facts["claim"][0]
