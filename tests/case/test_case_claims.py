"""Claims grouped when they say the same thing, weighed against evidence, with reasoning."""

from __future__ import annotations

import pytest
from case_helpers import Builder, claim, ledger_size

from casefile.case.claims import (
    add_claim,
    assess_claim,
    claims_of,
    link_claim_evidence,
    similarity,
)
from casefile.case.incidents import create_incident
from casefile.errors import CasefileError


def test_similarity_of_statements() -> None:
    a = "Ukrainian forces staged the scenes in Bucha for Western media"
    assert similarity(a, "that the scenes in Bucha were staged") == 1.0
    assert similarity(a, "no residents suffered any violence") < 0.3
    assert similarity("", a) == 0.0


def _setup(build: Builder) -> tuple[int, list[int], str]:
    r1 = build.report(
        "wire.txt",
        "2022-04-04",
        "Wire",
        claims=[claim("Moscow", "Ukrainian forces staged the scenes in Bucha for Western media")],
    )
    r2 = build.report(
        "paper.txt",
        "2022-04-05",
        "Paper",
        claims=[claim("Moscow", "Ukrainian forces staged the scenes in Bucha")],  # re-report
    )
    r3 = build.report(
        "ngo.txt",
        "2022-04-15",
        "NGO",
        claims=[
            claim("Russia's foreign ministry", "that the scenes in Bucha were staged"),
            claim("The Kremlin", "no residents in Bucha suffered any violence", "denies"),
        ],
    )
    sat = build.photo("sat.jpg", None, None, "2022:03:19 11:02:00")
    iid = create_incident(build.ws, "Bucha")
    facts = r1.facts["claim"] + r2.facts["claim"] + r3.facts["claim"]
    return iid, facts, sat


def test_grouping_and_independent_sources(build: Builder) -> None:
    iid, (f1, f2, f3, f4), _ = _setup(build)
    ws = build.ws
    c1, g1 = add_claim(ws, iid, f1, statement="The scenes in Bucha were staged", stance="denies")
    c2, g2 = add_claim(ws, iid, f2)
    c3, _ = add_claim(ws, iid, f3)
    c4, g4 = add_claim(ws, iid, f4)
    assert g1 == "new" and c2 == c1 and c3 == c1 and g2.startswith("similarity")
    assert c4 != c1 and g4 == "new"
    with pytest.raises(CasefileError, match="already in claim"):
        add_claim(ws, iid, f2)
    with ws.db.read() as conn:
        staged, violence = claims_of(conn, iid)
    assert staged.statement == "The scenes in Bucha were staged" and staged.stance == "denies"
    assert len(staged.members) == 3
    # Moscow re-reported by two outlets is one source; the foreign ministry is another.
    assert staged.corroboration == 2
    assert staged.sources == ["Moscow", "Russia's foreign ministry"]
    assert [m["date"] for m in staged.members] == ["2022-04-04", "2022-04-05", "2022-04-15"]
    assert violence.stance == "denies" and violence.corroboration == 1


def test_new_and_into_override_the_similarity(build: Builder) -> None:
    iid, (f1, f2, f3, f4), _ = _setup(build)
    ws = build.ws
    c1, _ = add_claim(ws, iid, f1)
    c2, g2 = add_claim(ws, iid, f2, new=True)
    assert c2 != c1 and g2 == "new"
    c4, g4 = add_claim(ws, iid, f4, into=c1)
    assert c4 == c1 and g4 == "chosen"
    with pytest.raises(CasefileError, match="is not a claim of incident"):
        add_claim(ws, iid, f3, into=999)
    with pytest.raises(CasefileError, match="give a claim fact"):
        add_claim(ws, iid)
    with pytest.raises(CasefileError, match="--stance"):
        add_claim(ws, iid, statement="x", stance="maybe")


def test_weighed_against_evidence_with_reasoning(build: Builder) -> None:
    iid, (f1, *_), sat = _setup(build)
    ws = build.ws
    c1, _ = add_claim(ws, iid, f1)
    before = ledger_size(ws)
    with pytest.raises(CasefileError, match="no linked evidence"):
        assess_claim(ws, c1, "contradicted", "the satellite image")
    with pytest.raises(CasefileError, match="is not in the vault"):
        link_claim_evidence(ws, c1, "cd" * 32, "contradicts", "a picture we lack")
    with pytest.raises(CasefileError, match="how the item contradicts"):
        link_claim_evidence(ws, c1, sat, "contradicts", " ")
    assert ledger_size(ws) == before
    link_claim_evidence(ws, c1, sat, "contradicts", "bodies visible on 19 March")
    with pytest.raises(CasefileError, match="reasoning for assessing claim"):
        assess_claim(ws, c1, "contradicted", "")
    with pytest.raises(CasefileError, match="assessment must be one of"):
        assess_claim(ws, c1, "false", "because")
    assert ledger_size(ws) == before + 1
    assess_claim(ws, c1, "unverified", "waiting for the image provider's record")
    assess_claim(ws, c1, "contradicted", "bodies were there while Russian forces held the town")
    with ws.db.read() as conn:
        [view] = claims_of(conn, iid)
        events = [e.event for e in ws.ledger.entries(conn)][-3:]
    assert [a["assessment"] for a in view.assessments] == ["unverified", "contradicted"]
    assert view.assessment is not None and view.assessment["assessment"] == "contradicted"
    assert view.evidence[0]["relation"] == "contradicts" and view.evidence[0]["item"] == sat
    assert [e.kind for e in events] == [
        "case_claim_evidence",
        "case_claim_assessed",
        "case_claim_assessed",
    ]
    assert events[0].item == sat
