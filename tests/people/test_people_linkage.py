"""Linkage quality on generated mixed-script lists, and review decisions across re-links."""

from __future__ import annotations

from pathlib import Path

import pytest
from people_helpers import import_synthetic, pairwise_f1, truth_and_persons
from sqlalchemy import select

from casefile.errors import CasefileError
from casefile.people.link import LinkOptions, run_link
from casefile.people.registry import persons
from casefile.people.review import decide, queue
from casefile.people.schema import record_links, victim_records
from casefile.vault.schema import ledger_entries
from casefile.vault.workspace import Workspace


@pytest.fixture
def linked(workspace: Workspace, tmp_path: Path) -> Workspace:
    import_synthetic(workspace, tmp_path, 400, seed=11, harsh=True)
    return workspace


def test_people_linkage_quality_on_mixed_scripts(linked: Workspace) -> None:
    res = run_link(linked)
    truth, person = truth_and_persons(linked, res.run_id)
    precision, recall, f1 = pairwise_f1(truth, person)
    assert f1 >= 0.93, (precision, recall, f1)
    assert res.persons == len(set(person.values()))
    # every accepted link carries its probability; pairs between thresholds await review
    with linked.db.read() as conn:
        states = {
            r.state: r.match_probability
            for r in conn.execute(
                select(record_links.c.state, record_links.c.match_probability).where(
                    record_links.c.run_id == res.run_id
                )
            )
        }
        kinds = [
            r[0] for r in conn.execute(select(ledger_entries.c.kind).order_by(ledger_entries.c.seq))
        ]
    assert "match" in states and "review" in states
    assert kinds.count("victim_list_imported") == 4 and kinds[-1] == "victims_linked"


def test_people_review_decisions_survive_relinking(linked: Workspace) -> None:
    first = run_link(linked)
    _, person = truth_and_persons(linked, first.run_id)
    with linked.db.read() as conn:
        refs = {
            r.id: f"{r.source}:{r.record_id}"
            for r in conn.execute(
                select(victim_records.c.id, victim_records.c.source, victim_records.c.record_id)
            )
        }
        strong = conn.execute(
            select(record_links.c.record_l, record_links.c.record_r)
            .where(record_links.c.run_id == first.run_id, record_links.c.state == "match")
            .order_by(record_links.c.match_probability.desc())
        ).first()
        todo = queue(conn)
    assert strong is not None and todo
    a, b = strong
    assert person[a] == person[b]
    decide(linked, refs[a], refs[b], "different", "different fathers in the police file")
    doubtful = todo[0]
    decide(linked, doubtful.ref_l, doubtful.ref_r, "same", "same phone number of relatives")

    for _ in range(2):  # and again: decisions are not undone by later runs
        run = run_link(linked)
        _, person = truth_and_persons(linked, run.run_id)
        assert person[a] != person[b]
        with linked.db.read() as conn:
            ids = {f"{r.source}:{r.record_id}": r.id for r in conn.execute(select(victim_records))}
            left, right = ids[doubtful.ref_l], ids[doubtful.ref_r]
            assert person[left] == person[right]
            remaining = {(p.ref_l, p.ref_r) for p in queue(conn)}
        assert (doubtful.ref_l, doubtful.ref_r) not in remaining
    with linked.db.read() as conn:
        kinds = [
            r[0] for r in conn.execute(select(ledger_entries.c.kind).order_by(ledger_entries.c.seq))
        ]
    assert kinds.count("victim_pair_reviewed") == 2 and kinds.count("victims_linked") == 3


def test_people_decisions_need_a_reason_and_real_records(linked: Workspace) -> None:
    with pytest.raises(CasefileError, match="needs a reason"):
        decide(linked, "police:police-1", "ngo:ngo-1", "same", " ")
    with pytest.raises(CasefileError, match="no record 'police:nope'"):
        decide(linked, "police:nope", "ngo:ngo-1", "same", "x")
    with pytest.raises(CasefileError, match="use one of"):
        decide(linked, "police:police-1", "ngo:ngo-1", "maybe", "x")


def test_people_status_history_and_conflicts_are_shown(linked: Workspace) -> None:
    run_link(linked)
    with linked.db.read() as conn:
        ps = persons(conn)
    earlier = [p for p in ps if p.status == "killed (reported missing earlier)"]
    assert earlier
    p = earlier[0]
    assert any(h.startswith("missing (") for h in p.history)
    assert any(h.startswith("killed (") for h in p.history)
    # a person whose lists give two birth years keeps both, side by side
    assert all(len(v) >= 2 for q in ps for v in q.conflicts.values())


def test_people_link_needs_records(sqlite_workspace: Workspace) -> None:
    with pytest.raises(CasefileError, match="nothing to link"):
        run_link(sqlite_workspace)
    with pytest.raises(CasefileError, match="thresholds"):
        run_link(sqlite_workspace, LinkOptions(upper=0.2, lower=0.5))


def test_people_reconcile_keeps_history_and_shows_conflicts() -> None:
    from casefile.people.registry import conflicts, reconcile

    def rec(source: str, rid: str, status: str, event: str, born: str | None) -> dict[str, object]:
        y = int(born[:4]) if born else None
        return {"source": source, "record_id": rid, "status": status, "event_date": event,
                "birth_date": born, "birth_year_lo": y, "birth_year_hi": y, "sex": "M",
                "place_key": "Bucha"}  # fmt: skip

    a = rec("media", "m1", "missing", "2022-03-03", "1978")
    b = rec("police", "p7", "killed", "2022-03-20", "1979-02-11")
    status, history = reconcile([b, a], ["police", "media"])
    assert status == "killed (reported missing earlier)"
    assert history == ["missing (media:m1, 2022-03-03)", "killed (police:p7, 2022-03-20)"]
    assert conflicts([a, b]) == {"birth year": ["1978", "1979"]}
    c = rec("ngo", "n2", "found alive", "2022-04-01", None)
    assert reconcile([a, b, c], ["police", "media", "ngo"])[0] == "conflict: killed / found alive"
    assert reconcile([a, c], ["media", "ngo"])[0] == "found alive (reported missing earlier)"


def test_people_linkage_refuses_a_model_unsure_of_most_pairs(linked: Workspace) -> None:
    # a review band that takes nearly every scored pair: the run says so and stores nothing
    with pytest.raises(CasefileError, match="unsure of most pairs") as err:
        run_link(linked, LinkOptions(upper=1.0, lower=0.05, keep=0.05))
    assert "--compare" in str(err.value)
    with linked.db.read() as conn:
        assert conn.execute(select(record_links.c.id)).first() is None
