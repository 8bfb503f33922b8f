"""The registry as the newest linkage run left it: persons, their records, reconciled status,
conflicts shown side by side; exports; capture histories and alternative linkages for the
estimates.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sqlalchemy import Connection, func, select

from casefile.errors import CasefileError
from casefile.people.cluster import Clustering, cluster, pair, sample
from casefile.people.link import decisions_in_force, person_label
from casefile.people.review import latest_run_id
from casefile.people.schema import (
    linkage_runs,
    person_members,
    record_links,
    review_decisions,
    victim_lists,
    victim_records,
)
from casefile.vault.schema import ledger_entries

CANONICAL = (
    "full_name", "given_name", "patronymic", "family_name", "sex", "birth_date", "age",
    "event_date", "place", "status", "notes",
)  # fmt: skip

STRATA = ("place", "oblast", "sex", "status", "birth_decade", "age_group")

# Which status wins when lists disagree; the others stay in the history.
_RANK = {"killed": 5, "found alive": 4, "detained": 3, "deported": 3, "injured": 2, "missing": 1}


def display_name(record: Any) -> str | None:
    """The name to show for a source record: its full name as the list gave it, else the
    separate columns in the official Ukrainian order (family, given, patronymic), as police
    lists give them. None when the record has no name at all. ``record``: a mapping or a row."""
    values = record if isinstance(record, dict) else record._mapping
    full = str(values.get("full_name") or "").strip()
    if full:
        return full
    parts = (str(values.get(k) or "").strip() for k in ("family_name", "given_name", "patronymic"))
    return " ".join(p for p in parts if p) or None


@dataclass
class Person:
    person_id: str
    records: list[dict[str, Any]]
    status: str | None
    history: list[str]
    conflicts: dict[str, list[str]] = field(default_factory=dict)
    values: dict[str, str | None] = field(default_factory=dict)


def run_or_latest(conn: Connection, run_id: int | None) -> int:
    rid = run_id or latest_run_id(conn)
    if rid is None:
        raise CasefileError("no linkage yet: run 'casefile victims link' first")
    return rid


def list_order(conn: Connection) -> list[str]:
    return [r[0] for r in conn.execute(select(victim_lists.c.source).order_by(victim_lists.c.id))]


def membership(conn: Connection, run_id: int) -> list[tuple[str, dict[str, Any], float | None]]:
    q = (
        select(person_members.c.person_id, person_members.c.match_probability, victim_records)
        .join(victim_records, victim_records.c.id == person_members.c.record_pk)
        .where(person_members.c.run_id == run_id)
        .order_by(person_members.c.person_id, victim_records.c.id)
    )
    out = []
    for r in conn.execute(q).mappings():
        rec = {k: r[k] for k in r if k not in ("person_id", "match_probability")}
        out.append((str(r["person_id"]), rec, r["match_probability"]))
    return out


def reconcile(records: list[dict[str, Any]], order: list[str]) -> tuple[str | None, list[str]]:
    """The person's status and how the lists reported it, oldest list first."""
    pos = {s: i for i, s in enumerate(order)}
    reports = sorted(
        (r for r in records if r.get("status")),
        key=lambda r: (r.get("event_date") or "", pos.get(r["source"], 0)),
    )
    history = [
        f"{r['status']} ({r['source']}:{r['record_id']}"
        + (f", {r['event_date']}" if r.get("event_date") else "")
        + ")"
        for r in reports
    ]
    statuses = {r["status"] for r in reports}
    if not statuses:
        return None, history
    top = max(statuses, key=lambda s: _RANK.get(s, 0))
    if "killed" in statuses and "found alive" in statuses:
        return "conflict: killed / found alive", history
    if top != "missing" and "missing" in statuses:
        return f"{top} (reported missing earlier)", history
    return top, history


def conflicts(records: list[dict[str, Any]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    years = sorted({r["birth_date"][:4] for r in records if r.get("birth_date")})
    if len(years) > 1:
        out["birth year"] = years
    ranges = [(r["birth_year_lo"], r["birth_year_hi"]) for r in records if r.get("birth_year_lo")]
    if ranges and max(lo for lo, _ in ranges) > min(hi for _, hi in ranges) and len(years) <= 1:
        out["birth year"] = sorted({f"{lo}-{hi}" if lo != hi else str(lo) for lo, hi in ranges})
    sexes = sorted({r["sex"] for r in records if r.get("sex")})
    if len(sexes) > 1:
        out["sex"] = sexes
    places = sorted({r["place_key"] for r in records if r.get("place_key")})
    if len(places) > 1:
        out["place"] = places
    return out


def _majority(values: list[str | None]) -> str | None:
    vals = [v for v in values if v]
    if not vals:
        return None
    counts = Counter(vals)
    top = max(counts.values())
    return sorted(v for v, c in counts.items() if c == top)[0]


def _stratum_values(records: list[dict[str, Any]], status: str | None) -> dict[str, str | None]:
    lo = [r["birth_year_lo"] for r in records if r.get("birth_year_lo")]
    ey = [int(r["event_date"][:4]) for r in records if r.get("event_date")]
    birth = sorted(lo)[len(lo) // 2] if lo else None
    age = (max(ey) - birth) if (birth is not None and ey) else None
    return {
        "place": _majority([r.get("place_key") for r in records]),
        "oblast": _majority([r.get("oblast") for r in records]),
        "sex": _majority([r.get("sex") or r.get("sex_key") for r in records]),
        "status": (status or "").split(" (")[0] or None,
        "birth_decade": f"{birth // 10 * 10}s" if birth else None,
        "age_group": None
        if age is None
        else ("0-17" if age < 18 else "18-59" if age < 60 else "60+"),
    }


def persons(conn: Connection, run_id: int | None = None) -> list[Person]:
    rid = run_or_latest(conn, run_id)
    order = list_order(conn)
    grouped: dict[str, list[dict[str, Any]]] = {}
    for pid, rec, _ in membership(conn, rid):
        grouped.setdefault(pid, []).append(rec)
    out = []
    for pid, recs in grouped.items():
        status, history = reconcile(recs, order)
        out.append(
            Person(pid, recs, status, history, conflicts(recs), _stratum_values(recs, status))
        )
    return out


def export_rows(conn: Connection, run_id: int | None = None) -> list[dict[str, Any]]:
    """One row per source record, with its person and the strength of its link."""
    rid = run_or_latest(conn, run_id)
    by_person = {p.person_id: p for p in persons(conn, rid)}
    rows = []
    for pid, rec, prob in membership(conn, rid):
        p = by_person[pid]
        rows.append(
            {
                "person_id": pid,
                "source": rec["source"],
                "record_id": rec["record_id"],
                "match_probability": "" if prob is None else round(float(prob), 6),
                **{k: "" if rec.get(k) is None else rec[k] for k in CANONICAL},
                "person_status": p.status or "",
                "person_records": len(p.records),
                "conflicts": "; ".join(f"{k}: {' / '.join(v)}" for k, v in p.conflicts.items()),
                "extra": rec.get("extra") or "{}",
            }
        )
    return rows


def _check_strata(strata: list[str]) -> None:
    bad = [s for s in strata if s not in STRATA]
    if bad:
        raise CasefileError(f"unknown stratum {', '.join(bad)}: use {', '.join(STRATA)}")


def capture_histories(
    conn: Connection, strata: list[str] | None = None, run_id: int | None = None
) -> tuple[list[str], list[dict[str, Any]]]:
    """(list names, rows): one row per person with 0/1 per list (in import order), the
    stratum values asked for, and `records` (how many source records the person has)."""
    strata = strata or []
    _check_strata(strata)
    rid = run_or_latest(conn, run_id)
    order = list_order(conn)
    rows = []
    for p in persons(conn, rid):
        seen = {r["source"] for r in p.records}
        row: dict[str, Any] = {"person_id": p.person_id}
        row.update({s: int(s in seen) for s in order})
        row.update({s: p.values.get(s) or "" for s in strata})
        row["records"] = len(p.records)
        rows.append(row)
    return order, rows


def run_records(conn: Connection, run_id: int) -> list[int]:
    """The records the run linked (records imported after it are not in it)."""
    return [
        int(r[0])
        for r in conn.execute(
            select(person_members.c.record_pk)
            .where(person_members.c.run_id == run_id)
            .order_by(person_members.c.record_pk)
        )
    ]


def _record_lists(conn: Connection) -> dict[int, str]:
    return {
        int(r[0]): str(r[1])
        for r in conn.execute(select(victim_records.c.id, victim_records.c.source))
    }


def run_facts(conn: Connection, run_id: int | None = None) -> dict[str, Any]:
    """What the linkage run itself recorded about its quality: `links` (accepted links,
    state match or same), `review_pairs` (the queue when it ran), `event_seq`, and from its
    ledger event, if a later version of the linkage records them, `blocking_recall` (the
    share of true pairs the blocking rules brought together) and `problems`."""
    rid = run_or_latest(conn, run_id)
    row = conn.execute(
        select(linkage_runs.c.links, linkage_runs.c.review_pairs, linkage_runs.c.event_seq).where(
            linkage_runs.c.id == rid
        )
    ).one()
    out: dict[str, Any] = {
        "run_id": rid,
        "links": int(row.links),
        "review_pairs": int(row.review_pairs),
        "event_seq": int(row.event_seq),
        "blocking_recall": None,
        "problems": [],
    }
    body = conn.execute(
        select(ledger_entries.c.body).where(ledger_entries.c.seq == row.event_seq)
    ).scalar()
    if body is not None:
        data = json.loads(bytes(body)).get("data") or {}
        recall = data.get("blocking_recall")
        if isinstance(recall, int | float) and 0 < recall <= 1:
            out["blocking_recall"] = float(recall)
        problems = data.get("problems") or []
        if isinstance(problems, list):
            out["problems"] = [str(p) for p in problems]
    return out


def pending_pairs(conn: Connection, run_id: int | None = None) -> list[tuple[int, int, float]]:
    """Pairs of the run waiting for review: state "review" and no "same" or "different"
    decision in force (an "unsure" decision keeps a pair in the queue, as `review.queue`)."""
    rid = run_or_latest(conn, run_id)
    decided = decisions_in_force(conn)
    rows = conn.execute(
        select(record_links.c.record_l, record_links.c.record_r, record_links.c.match_probability)
        .where(record_links.c.run_id == rid, record_links.c.state == "review")
        .order_by(record_links.c.id)
    )
    out = []
    for a, b, p in rows:
        if decided.get(pair(int(a), int(b))) in (None, "unsure"):
            out.append((int(a), int(b), float(p)))
    return out


@dataclass
class LinkageEnds:
    """The registry at both ends of its review queue.

    `all_different`: every pending pair two people, i.e. the run as stored (its accepted
    links, state match or same) with the decisions in force applied; `all_same`: every
    pending pair one person as well, merged by union-find unless a "different" decision
    keeps the two groups apart. Each is record -> person id, over the run's records. A
    pending pair that other accepted links already joined stays joined at both ends."""

    run_id: int
    links: int
    pending: list[tuple[int, int, float]]
    all_different: dict[int, str]
    all_same: dict[int, str]
    pending_merged: int  # pending pairs put in one person by all_same (the rest: refused)
    decisions_since: int  # decisions recorded after the run (a new run would apply them)
    as_stored: bool  # all_different is exactly the run's stored persons

    def persons(self, end: str) -> int:
        linkage = self.all_same if end == "all_same" else self.all_different
        return len(set(linkage.values()))


def linkage_ends(conn: Connection, run_id: int | None = None) -> LinkageEnds:
    """The linkages "every pending pair the same person" and "every pending pair different"
    of the run (the latest by default), for estimates at both ends."""
    facts = run_facts(conn, run_id)
    rid = int(facts["run_id"])
    records = run_records(conn, rid)
    accepted = [
        (int(a), int(b), 1.0)
        for a, b in conn.execute(
            select(record_links.c.record_l, record_links.c.record_r).where(
                record_links.c.run_id == rid, record_links.c.state.in_(("match", "same"))
            )
        )
    ]
    decided = decisions_in_force(conn)
    in_run = set(records)
    same = [k for k, d in decided.items() if d == "same" and k[0] in in_run and k[1] in in_run]
    different = [k for k, d in decided.items() if d == "different"]
    pending = pending_pairs(conn, rid)
    low = cluster(records, accepted, 0.5, same, different)
    high = cluster(records, accepted + [(a, b, 0.75) for a, b, _ in pending], 0.5, same, different)
    stored = {
        int(rec): str(pid)
        for pid, rec in conn.execute(
            select(person_members.c.person_id, person_members.c.record_pk).where(
                person_members.c.run_id == rid
            )
        )
    }
    since = conn.execute(
        select(func.count())
        .select_from(review_decisions)
        .where(review_decisions.c.event_seq > facts["event_seq"])
    ).scalar_one()
    all_different = _labels(low)
    merged = sum(1 for a, b, _ in pending if high.person_of[a] == high.person_of[b])
    return LinkageEnds(
        run_id=rid,
        links=int(facts["links"]),
        pending=pending,
        all_different=all_different,
        all_same=_labels(high),
        pending_merged=merged,
        decisions_since=int(since),
        as_stored=all_different == stored,
    )


def _labels(cl: Clustering) -> dict[int, str]:
    return {rec: person_label(root) for rec, root in cl.person_of.items()}


@dataclass
class Draw:
    """One alternative linkage and what went into it."""

    linkage: dict[int, str]  # record -> person id
    cross_list_links: int  # links between lists drawn from the scored pairs
    blocking_misses: int  # merges added for pairs the blocking never compared


def draw_linkages(
    conn: Connection,
    n: int,
    seed: int = 1,
    run_id: int | None = None,
    blocking_recall: float = 1.0,
) -> list[Draw]:
    """`n` clusterings of the run's records drawn from what the run knows and does not.

    Scored pairs: every stored pair of the run (match, review, nonmatch, refused) is a link
    with its match probability, independently, so pending review pairs are linked as often
    as the model believes they match; pairs scored below the run's `keep` threshold were not
    stored and count as 0. Reviewers' "same" always links and "different" never does.

    Blocking misses: pairs the blocking rules never brought together were never scored, so
    nothing above accounts for them. With `blocking_recall` r < 1 (the share of true pairs the
    blocking compares), a draw that made F links between lists (per person, its lists minus
    one) adds M ~ NegativeBinomial(F, r) more: the number of true links missed when F were
    found with probability r each (mean F(1-r)/r). Whom they join is not known; the model
    takes pairs of persons of the draw, uniformly at random, whose lists are disjoint (one
    person is on a list at most once), never against a "different" decision. That is a
    neutral choice: missed pairs with the same mix of lists as the persons there are. The
    stored low-scoring pairs are not used for this, because their probability is already
    drawn above. With r = 1 (the default) no miss is modelled.
    """
    if n < 1:
        raise CasefileError("ask for at least one alternative linkage")
    if not 0 < blocking_recall <= 1:
        raise CasefileError(f"blocking recall must be in (0, 1], got {blocking_recall}")
    rid = run_or_latest(conn, run_id)
    records = run_records(conn, rid)
    in_run = set(records)
    edges = [
        (int(a), int(b), float(p))
        for a, b, p, st in conn.execute(
            select(
                record_links.c.record_l,
                record_links.c.record_r,
                record_links.c.match_probability,
                record_links.c.state,
            ).where(record_links.c.run_id == rid)
        )
        if st not in ("same", "different")
    ]
    decided = decisions_in_force(conn)
    same = [k for k, d in decided.items() if d == "same" and k[0] in in_run and k[1] in in_run]
    different = [k for k, d in decided.items() if d == "different"]
    source = _record_lists(conn)
    rng = random.Random(seed)
    # The misses have generators of their own: the scored links drawn stay the same for the
    # same seed whatever the blocking recall.
    counts = np.random.default_rng(seed)
    picker = random.Random(f"{seed}-blocking")
    out = []
    for _ in range(n):
        cl = sample(records, edges, rng, same, different)
        groups = [
            (members[0], frozenset(source[r] for r in members)) for members in cl.persons().values()
        ]
        found = sum(len(lists) - 1 for _, lists in groups)
        missed = 0
        if blocking_recall < 1 and found > 0:
            wanted = int(counts.negative_binomial(found, blocking_recall))
            extra = _random_merges(groups, wanted, picker)
            if extra:
                drawn = [(a, b, 1.0) for a, b in _accepted_edges(cl)] + extra
                before = len(groups)
                cl = cluster(records, drawn, 0.5, same, different)
                missed = before - len(cl.persons())
        out.append(Draw(_labels(cl), found, missed))
    return out


def _accepted_edges(cl: Clustering) -> list[tuple[int, int]]:
    """Links that rebuild the clustering: each record to its person's root."""
    return [(root, rec) for rec, root in cl.person_of.items() if rec != root]


def _random_merges(
    groups: list[tuple[int, frozenset[str]]], wanted: int, rng: random.Random
) -> list[tuple[int, int, float]]:
    """Up to `wanted` merges of uniformly chosen persons with disjoint lists (edges between
    a record of each, below the drawn links in order so those are placed first)."""
    live = list(groups)
    extra: list[tuple[int, int, float]] = []
    for _ in range(wanted):
        for _attempt in range(200):
            if len(live) < 2:
                return extra
            i, j = rng.sample(range(len(live)), 2)
            (ra, la), (rb, lb) = live[i], live[j]
            if la.isdisjoint(lb):
                extra.append((ra, rb, 0.75))
                for k in sorted((i, j), reverse=True):
                    live[k] = live[-1]
                    live.pop()
                live.append((ra, la | lb))
                break
        else:
            return extra  # persons with disjoint lists are too rare to find: stop here
    return extra


def alternative_linkages(
    conn: Connection,
    n: int,
    seed: int = 1,
    run_id: int | None = None,
    blocking_recall: float = 1.0,
) -> list[dict[int, str]]:
    """`n` clusterings drawn as `draw_linkages` explains: each record -> person id."""
    return [d.linkage for d in draw_linkages(conn, n, seed, run_id, blocking_recall)]


def histories_for(
    conn: Connection, linkage: dict[int, str], strata: list[str] | None = None
) -> tuple[list[str], list[dict[str, Any]]]:
    """Capture histories of one alternative linkage (from `alternative_linkages`)."""
    strata = strata or []
    _check_strata(strata)
    order = list_order(conn)
    groups: dict[str, list[dict[str, Any]]] = {}
    for r in conn.execute(select(victim_records)).mappings():
        if r["id"] in linkage:  # records imported after the run are not in its linkages
            groups.setdefault(linkage[r["id"]], []).append(dict(r))
    rows = []
    for pid, recs in sorted(groups.items()):
        status, _ = reconcile(recs, order)
        values = _stratum_values(recs, status)
        seen = {r["source"] for r in recs}
        row: dict[str, Any] = {"person_id": pid}
        row.update({s: int(s in seen) for s in order})
        row.update({s: values.get(s) or "" for s in strata})
        row["records"] = len(recs)
        rows.append(row)
    return order, rows
