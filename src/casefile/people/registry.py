"""The registry as the newest linkage run left it: persons, their records, reconciled status,
conflicts shown side by side; exports; capture histories and alternative linkages for the
estimates.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, select

from casefile.errors import CasefileError
from casefile.people.cluster import sample
from casefile.people.link import decisions_in_force, person_label
from casefile.people.review import latest_run_id
from casefile.people.schema import person_members, record_links, victim_lists, victim_records

CANONICAL = (
    "full_name", "given_name", "patronymic", "family_name", "sex", "birth_date", "age",
    "event_date", "place", "status", "notes",
)  # fmt: skip

STRATA = ("place", "oblast", "sex", "status", "birth_decade", "age_group")

# Which status wins when lists disagree; the others stay in the history.
_RANK = {"killed": 5, "found alive": 4, "detained": 3, "deported": 3, "injured": 2, "missing": 1}


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


def _conflicts(records: list[dict[str, Any]]) -> dict[str, list[str]]:
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
            Person(pid, recs, status, history, _conflicts(recs), _stratum_values(recs, status))
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


def alternative_linkages(
    conn: Connection, n: int, seed: int = 1, run_id: int | None = None
) -> list[dict[int, str]]:
    """`n` clusterings drawn from the run's match probabilities: each stored pair is a link
    with its probability (pairs below the run's `keep` threshold count as 0), reviewers'
    "same" always and "different" never. Each is record -> person id."""
    if n < 1:
        raise CasefileError("ask for at least one alternative linkage")
    rid = run_or_latest(conn, run_id)
    records = [r[0] for r in conn.execute(select(victim_records.c.id))]
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
    same = [k for k, d in decided.items() if d == "same"]
    different = [k for k, d in decided.items() if d == "different"]
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        cl = sample(records, edges, rng, same, different)
        out.append({rec: person_label(root) for rec, root in cl.person_of.items()})
    return out


def histories_for(
    conn: Connection, linkage: dict[int, str], strata: list[str] | None = None
) -> tuple[list[str], list[dict[str, Any]]]:
    """Capture histories of one alternative linkage (from `alternative_linkages`)."""
    strata = strata or []
    _check_strata(strata)
    order = list_order(conn)
    groups: dict[str, list[dict[str, Any]]] = {}
    for r in conn.execute(select(victim_records)).mappings():
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
