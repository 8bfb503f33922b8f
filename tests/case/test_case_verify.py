"""casefile verify checks the case's rows against the ledger events that made them."""

from __future__ import annotations

import pytest
from case_helpers import Builder
from sqlalchemy import update

from casefile.case.claims import add_claim, assess_claim, link_claim_evidence
from casefile.case.evidence import geolocate, link_item
from casefile.case.incidents import create_incident
from casefile.case.integrity import check_case
from casefile.case.schema import claim_assessments, evidence_links, incident_versions, verifications
from casefile.vault.verify import verify_workspace


def _case(build: Builder) -> None:
    ws = build.ws
    photo = build.photo("p.jpg", 50.5443, 30.2204, "2022:04:02 10:15:00")
    iid = create_incident(ws, "Bucha")
    link_item(ws, iid, photo, "bodies on the street")
    geolocate(ws, photo, from_exif=True)
    c, _ = add_claim(ws, iid, statement="the scenes were staged", stance="denies")
    link_claim_evidence(ws, c, photo, "contradicts", "bodies there")
    assess_claim(ws, c, "contradicted", "the photo shows bodies")


@pytest.mark.parametrize(
    ("table", "values", "problem"),
    [
        (claim_assessments, {"reasoning": "no reason at all"}, "case-changed"),
        (claim_assessments, {"assessment": "supported"}, "case-changed"),
        (evidence_links, {"shows": "nothing"}, "case-changed"),
        (verifications, {"method": "witness"}, "case-changed"),
        (evidence_links, {"event_seq": 99999}, "case-without-event"),
        (incident_versions, {"event_seq": 0}, "case-changed"),
    ],
)
def test_a_changed_case_row_is_found(
    build: Builder, table: object, values: dict, problem: str
) -> None:
    _case(build)
    assert verify_workspace(build.ws, extra_checks=[check_case]).ok
    with build.ws.db.write() as conn:
        conn.execute(update(table).values(**values))  # type: ignore[arg-type]
    report = verify_workspace(build.ws, extra_checks=[check_case])
    named = [p for p in report.problems if p.kind == problem]
    assert named, report.problems
    assert table.name in named[0].subject  # type: ignore[attr-defined]
    # a row moved to another event also leaves its own event without a row
    assert {p.kind for p in report.problems} <= {problem, "case-row-missing", "case-changed"}
