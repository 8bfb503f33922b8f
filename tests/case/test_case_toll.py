"""Toll history: every figure in time order, independent sources, contradictions, chosen best."""

from __future__ import annotations

import pytest
from case_helpers import Builder, figure, ledger_size
from sqlalchemy import text

from casefile.case.figures import (
    add_figures,
    best_choices,
    best_figures_now,
    choose_best,
    named_victims_count,
    toll_history,
)
from casefile.case.incidents import create_incident
from casefile.errors import CasefileError
from casefile.ingest.corrections import correct_fact


def _reports(build: Builder) -> tuple[int, list[str]]:
    """Four reports: the same official figure re-reported, a later one, a vague one."""
    r1 = build.report("abc.txt", "2022-04-04", "ABC", figures=[figure(410, "officials")])
    r2 = build.report("wire.txt", "2022-04-05", "Wire", figures=[figure(410, "Officials")])
    r3 = build.report("ngo.txt", "2022-04-15", "NGO", figures=[figure(410, None)])
    r4 = build.report(
        "paper.txt",
        "2022-04-03",
        "Paper",
        figures=[figure(200, "Zelenskyy", qualifier="hundreds", max=999)],
    )
    iid = create_incident(build.ws, "Bucha")
    for r in (r1, r2, r3, r4):
        add_figures(build.ws, iid, from_item=r.sha)
    return iid, [r1.sha, r2.sha, r3.sha, r4.sha]


def test_history_in_time_order_with_independent_sources(build: Builder) -> None:
    iid, shas = _reports(build)
    with build.ws.db.read() as conn:
        toll = toll_history(conn, iid)
    assert [t.date for t in toll] == ["2022-04-03", "2022-04-04", "2022-04-05", "2022-04-15"]
    assert [t.item for t in toll] == [shas[3], shas[0], shas[1], shas[2]]
    # ABC and the wire both cite the officials: one source. The NGO names no source, so the
    # NGO itself is the source: two independent sources agree on 410. "hundreds" agrees with
    # nothing exact.
    by_item = {t.item: t for t in toll}
    assert by_item[shas[0]].corroborated_by == 2
    assert by_item[shas[2]].source == "NGO" and by_item[shas[2]].source_basis == "publisher"
    assert by_item[shas[3]].corroborated_by == 1
    assert all(t.date_basis == "published" for t in toll)


def test_best_figure_is_a_recorded_choice_never_automatic(build: Builder) -> None:
    iid, shas = _reports(build)
    ws = build.ws
    with ws.db.read() as conn:
        assert best_figures_now(conn, iid) == {}  # nothing chosen for anyone
        toll = toll_history(conn, iid)
    first = next(t for t in toll if t.item == shas[0])
    later = next(t for t in toll if t.item == shas[2])
    with pytest.raises(CasefileError, match="reason"):
        choose_best(ws, iid, first.figure, "")
    with pytest.raises(CasefileError, match="not in incident"):
        choose_best(ws, iid, 9999, "why")
    choose_best(ws, iid, first.figure, "first official count")
    choose_best(ws, iid, later.figure, "the monitor's count after identification")
    with ws.db.read() as conn:
        now = best_figures_now(conn, iid)
        history = best_choices(conn, iid)["killed"]
    assert now["killed"]["figure"] == later.figure and now["killed"]["value"] == "410"
    assert [h["figure"] for h in history] == [first.figure, later.figure]  # both kept
    assert history[0]["chosen_by"] == "tester@test"


def test_contradictory_figures_from_one_source(build: Builder) -> None:
    ws = build.ws
    rep = build.report(
        "r.txt",
        "2022-04-04",
        "Desk",
        figures=[
            figure(410, "ABC"),
            figure(300, "ABC", span=[7, 9]),
            figure(410, "BBC", span=[1, 3]),
        ],
    )
    iid = create_incident(ws, "Bucha")
    a, b, c = rep.facts["figure"]
    add_figures(ws, iid, [a, c])
    before = ledger_size(ws)
    with pytest.raises(CasefileError, match="contradictory figures from one source: ABC") as err:
        add_figures(ws, iid, [b])
    assert (
        "410" in str(err.value)
        and "300" in str(err.value)
        and "nothing was added" in str(err.value)
    )
    assert ledger_size(ws) == before
    add_figures(ws, iid, [b], contradiction_reason="ABC's text gives both; an editing error?")
    with ws.db.read() as conn:
        toll = toll_history(conn, iid)
    kept = next(t for t in toll if t.fact == b)
    assert kept.contradiction_note == "ABC's text gives both; an editing error?"
    assert next(t for t in toll if t.fact == a).contradiction_note is None
    with pytest.raises(CasefileError, match="already in the toll history"):
        add_figures(ws, iid, [a])


def test_a_corrected_figure_shows_its_correction(build: Builder) -> None:
    ws = build.ws
    rep = build.report("r.txt", "2022-04-04", "Desk", figures=[figure(41, "ABC")])
    iid = create_incident(ws, "Bucha")
    add_figures(ws, iid, rep.facts["figure"])
    new_fact = correct_fact(
        ws, rep.facts["figure"][0], {"min": 410, "max": 410, "count": 410}, "typo: 410"
    )
    with ws.db.read() as conn:
        [entry] = toll_history(conn, iid)
    assert entry.min == 410 and entry.corrected and entry.fact == new_fact
    with pytest.raises(CasefileError, match="already in the toll history"):
        add_figures(ws, iid, [new_fact])  # the correction is the same figure


def test_named_victims_count_is_unknown_until_the_victims_stage_links_them(
    build: Builder,
) -> None:
    iid = create_incident(build.ws, "Bucha")
    with build.ws.db.read() as conn:
        assert named_victims_count(conn, iid) is None
    with build.ws.db.write() as conn:  # what the people stage will create
        conn.execute(
            text("CREATE TABLE victim_incident_links (victim_id INTEGER, incident_id INTEGER)")
        )
        conn.execute(
            text("INSERT INTO victim_incident_links VALUES (1, :i), (2, :i), (2, :i), (3, 999)"),
            {"i": iid},
        )
    with build.ws.db.read() as conn:
        assert named_victims_count(conn, iid) == 2


def test_figure_input_errors(build: Builder) -> None:
    rep = build.report(
        "r.txt", "2022-04-04", "Desk", claims=[{"actor": "x", "stance": "asserts", "text": "y"}]
    )
    iid = create_incident(build.ws, "Bucha")
    with pytest.raises(CasefileError, match="is a claim, not a figure"):
        add_figures(build.ws, iid, rep.facts["claim"])
    with pytest.raises(CasefileError, match="has no extracted figures"):
        add_figures(build.ws, iid, from_item=rep.sha)
    with pytest.raises(CasefileError, match="there is no fact 99999"):
        add_figures(build.ws, iid, [99999])
