"""Incidents: by hand and from a proposal; versions; merge and split keep every old row."""

from __future__ import annotations

import pytest
from case_helpers import PROPOSAL, Builder, figure, ledger_size
from sqlalchemy import func, select

from casefile.case.evidence import link_item
from casefile.case.figures import add_figures, toll_history
from casefile.case.incidents import (
    SplitChoice,
    assess_incident,
    create_incident,
    get_incident,
    incident_history,
    list_incidents,
    merge_incidents,
    proposals,
    split_incident,
    update_incident,
)
from casefile.case.integrity import check_case
from casefile.case.proposals import create_from_proposal
from casefile.case.schema import evidence_links, incident_figures
from casefile.case.views import items_of_incident
from casefile.errors import CasefileError
from casefile.vault.verify import verify_workspace


def test_create_by_hand_and_versions_keep_history(build: Builder) -> None:
    ws = build.ws
    iid = create_incident(
        ws,
        "Killings on Yablunska Street",
        places=[{"name": "Bucha", "lat": 50.543, "lon": 30.212}],
        period_start="2022-03",
        period_precision="month",
    )
    update_incident(ws, iid, "a second source names the street", title="Yablunska Street")
    assess_incident(ws, iid, "corroborated", "three independent reports and four photographs")
    with ws.db.read() as conn:
        history = incident_history(conn, iid)
        now = get_incident(conn, iid)
    assert [v.version for v in history] == [1, 2, 3]
    assert history[0].title == "Killings on Yablunska Street"  # the old version is untouched
    assert now.title == "Yablunska Street" and now.status == "corroborated"
    assert now.reason == "three independent reports and four photographs"
    assert now.places == [{"name": "Bucha", "lat": 50.543, "lon": 30.212}]
    with ws.db.read() as conn:
        kinds = [e.event.kind for e in ws.ledger.entries(conn)][-3:]
    assert kinds == ["incident_created", "incident_updated", "incident_updated"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"title": " "}, "title is empty"),
        ({"title": "x", "status": "proven"}, "must be one of reported"),
        ({"title": "x", "period_start": "2022-13-01"}, "is not a date"),
        ({"title": "x", "period_start": "2022-04", "period_end": "2022-03"}, "before it starts"),
        ({"title": "x", "places": [{"name": "B", "lat": 95, "lon": 30}]}, "not coordinates"),
    ],
)
def test_bad_incident_input_is_named(build: Builder, kwargs: dict, message: str) -> None:
    before = ledger_size(build.ws)
    with pytest.raises(CasefileError, match=message):
        create_incident(build.ws, **kwargs)
    assert ledger_size(build.ws) == before


def test_assessment_without_reasoning_is_refused_and_nothing_changes(build: Builder) -> None:
    iid = create_incident(build.ws, "Incident")
    before = ledger_size(build.ws)
    with pytest.raises(CasefileError, match="reasoning"):
        assess_incident(build.ws, iid, "verified", "   ")
    assert ledger_size(build.ws) == before
    with build.ws.db.read() as conn:
        assert get_incident(conn, iid).status == "reported"


def test_from_proposal_attaches_its_figures_once(build: Builder) -> None:
    rep = build.report(
        "r1.txt",
        "2022-04-03",
        "Desk A",
        figures=[
            figure(20, "Officials", qualifier="at least", max=None),
            figure(3, "Police", span=[9, 12]),
        ],
        incident=PROPOSAL,
    )
    fact = rep.facts["incident"][0]
    iid, attached = create_from_proposal(build.ws, fact)
    assert len(attached) == 1  # only the figure the proposal names
    with build.ws.db.read() as conn:
        inc = get_incident(conn, iid)
        assert inc.title == "Massacre of civilians in Bucha"
        assert inc.incident_type == "massacre of civilians"
        assert inc.period_start == "2022-04-03" and inc.from_fact == fact
        assert [t.min for t in toll_history(conn, iid)] == [20]
        assert [p["incident"] for p in proposals(conn)] == [iid]
        assert items_of_incident(conn, iid) == [rep.sha]
    with pytest.raises(CasefileError, match="already made incident"):
        create_from_proposal(build.ws, fact)
    with pytest.raises(CasefileError, match="is a figure, not a incident"):
        create_from_proposal(build.ws, rep.facts["figure"][0])


def test_merge_of_incidents_sharing_evidence(build: Builder) -> None:
    ws = build.ws
    photo = build.photo("p.jpg", 50.5443, 30.2204, "2022:04:02 10:15:00")
    other = build.photo("q.jpg", 50.5449, 30.2188, "2022:04:02 10:41:00")
    rep = build.report("r.txt", "2022-04-04", "Desk", figures=[figure(340, "mayor")])
    a = create_incident(ws, "Bodies on the street", period_start="2022-03-05")
    b = create_incident(ws, "Killings in Bucha", period_start="2022-03-20")
    link_item(ws, a, photo, "three bodies by a bicycle")
    link_item(ws, b, photo, "a body next to a bicycle")
    link_item(ws, b, other, "a burnt car")
    add_figures(ws, a, [rep.facts["figure"][0]])
    add_figures(ws, b, [rep.facts["figure"][0]])
    res = merge_incidents(ws, [a, b], "same street, same days", title="Yablunska Street")
    assert res.shared_items == [photo]
    with ws.db.read() as conn:
        merged = get_incident(conn, res.incident)
        assert merged.predecessors == [a, b] and merged.period_start == "2022-03-05"
        assert merged.period_end == "2022-03-20"
        for old in (a, b):
            closed = get_incident(conn, old)
            assert closed.state == "merged" and closed.successors == [res.incident]
            assert len(incident_history(conn, old)) == 2  # the open version is kept
        links = conn.execute(
            select(evidence_links).where(evidence_links.c.incident_id == res.incident)
        ).all()
        assert sorted(r.item_sha256 for r in links) == sorted([photo, other])
        shared = next(r for r in links if r.item_sha256 == photo)
        assert shared.shows == "three bodies by a bicycle; a body next to a bicycle"
        # The old links stay on the closed incidents, unchanged.
        assert conn.execute(select(func.count()).select_from(evidence_links)).scalar_one() == 5
        assert len(toll_history(conn, res.incident)) == 1  # one fact, once
        assert [i.id for i in list_incidents(conn)] == [res.incident]
        assert {i.id for i in list_incidents(conn, include_closed=True)} == {a, b, res.incident}
    with pytest.raises(CasefileError, match=f"incident {a} was merged into incident"):
        link_item(ws, a, other, "anything")
    with pytest.raises(CasefileError, match="at least two different"):
        merge_incidents(ws, [res.incident, res.incident], "same")
    assert verify_workspace(ws, extra_checks=[check_case]).ok


def test_split_moves_the_chosen_links_to_a_new_part(build: Builder) -> None:
    ws = build.ws
    p1 = build.photo("p1.jpg", 50.5443, 30.2204, "2022:04:02 10:15:00")
    p2 = build.photo("p2.jpg", 50.5, 30.1, "2022:04:03 10:15:00")
    rep = build.report(
        "r.txt", "2022-04-04", "Desk", figures=[figure(20, "a"), figure(7, "b", span=[6, 7])]
    )
    iid = create_incident(ws, "Bucha and Irpin")
    link_item(ws, iid, p1, "Bucha street")
    link_item(ws, iid, p2, "Irpin bridge")
    f1, f2 = add_figures(ws, iid, rep.facts["figure"])
    with pytest.raises(CasefileError, match="is not linked to incident"):
        split_incident(ws, iid, "Irpin", SplitChoice(items=["0" * 64]), "two places")
    with pytest.raises(CasefileError, match="say what goes"):
        split_incident(ws, iid, "Irpin", SplitChoice(), "two places")
    part, rest = split_incident(ws, iid, "Irpin bridge", SplitChoice([p2], [f2]), "two places")
    with ws.db.read() as conn:
        assert get_incident(conn, part).title == "Irpin bridge"
        assert get_incident(conn, rest).title == "Bucha and Irpin"
        assert get_incident(conn, iid).state == "split"
        assert get_incident(conn, iid).successors == [part, rest]
        assert set(items_of_incident(conn, part)) == {p2, rep.sha}
        assert set(items_of_incident(conn, rest)) == {p1, rep.sha}
        assert [t.min for t in toll_history(conn, part)] == [7]
        assert [t.min for t in toll_history(conn, rest)] == [20]
        copied = conn.execute(
            select(incident_figures.c.copied_from).where(incident_figures.c.incident_id == part)
        ).scalar_one()
        assert copied == f2
        assert f1 != f2
    assert verify_workspace(ws, extra_checks=[check_case]).ok
