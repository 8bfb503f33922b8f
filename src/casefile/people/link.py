"""A linkage run over every imported record: score, cluster, store, one ledger event.

Each run adds rows (the run, its persons, its scored pairs); earlier runs stay as they were.
Review decisions in force when the run starts are applied: "same" pairs are merged, "different"
pairs are never put in one person.
"""

from __future__ import annotations

import json
import math
import time
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa
from sqlalchemy import Connection, insert, select

from casefile.errors import CasefileError
from casefile.people import model
from casefile.people.cluster import Clustering, Profile, cluster, pair
from casefile.people.integrity import links_digest, members_digest
from casefile.people.schema import (
    linkage_runs,
    person_members,
    record_links,
    review_decisions,
    victim_records,
)
from casefile.vault.custody_ledger import utc_now
from casefile.vault.workspace import Workspace


@dataclass
class LinkOptions:
    upper: float = 0.9  # at or above: same person (unless a reviewer said otherwise)
    lower: float = 0.3  # from here up to `upper`: a pair for review
    keep: float = 0.05  # scored pairs below this are not stored
    backend: str = "duckdb"  # duckdb | spark
    seed: int = 42
    compare: tuple[str, ...] = ()  # extra fields (columns kept as extra data) to compare too

    def check(self) -> None:
        if not 0 < self.keep <= self.lower <= self.upper <= 1:
            raise CasefileError(
                f"thresholds must satisfy 0 < keep <= lower <= upper <= 1 "
                f"(got keep={self.keep}, lower={self.lower}, upper={self.upper})"
            )
        if self.backend not in ("duckdb", "spark"):
            raise CasefileError(f"--backend {self.backend!r}: use duckdb or spark")


@dataclass
class LinkResult:
    run_id: int
    records: int
    persons: int
    links: int
    review: int
    refused: int
    event_seq: int
    timings: dict[str, float] = field(default_factory=dict)
    parameters: str = "trained"  # model.Scored.parameters


def decisions_in_force(conn: Connection) -> dict[tuple[int, int], str]:
    """The newest decision on each pair."""
    rows = conn.execute(
        select(
            review_decisions.c.record_l, review_decisions.c.record_r, review_decisions.c.decision
        ).order_by(review_decisions.c.id)
    ).all()
    out: dict[tuple[int, int], str] = {}
    for a, b, d in rows:
        out[pair(a, b)] = d
    return out


def input_table(conn: Connection, compare: tuple[str, ...] = ()) -> pa.Table:
    """The model's input: one row per record; `compare` names extra fields to add as columns
    (see model.extra_column); a field no record has is an error naming the fields there are."""
    cols = [victim_records.c.id.label("unique_id")] + [
        victim_records.c[c] for c in model.INPUT_COLUMNS[1:]
    ]
    if compare:
        cols.append(victim_records.c.extra)
    rows = [dict(r) for r in conn.execute(select(*cols).order_by(victim_records.c.id)).mappings()]
    if compare:
        seen: set[str] = set()
        for r in rows:
            extra = json.loads(r.pop("extra") or "{}")
            seen.update(extra)
            for name in compare:
                r[model.extra_column(name)] = model.extra_value(extra.get(name))
        missing = [n for n in compare if n not in seen]
        if missing:
            raise CasefileError(
                f"--compare {', '.join(missing)}: no imported record has "
                f"{'this field' if len(missing) == 1 else 'these fields'} (extra fields: "
                f"{', '.join(sorted(seen)) or 'none'})"
            )
    schema = pa.schema(
        [
            ("unique_id", pa.int64()),
            ("source", pa.string()),
            ("given_key", pa.string()),
            ("family_key", pa.string()),
            ("patronymic_key", pa.string()),
            ("sex_key", pa.string()),
            ("birth_year_lo", pa.int64()),
            ("birth_year_hi", pa.int64()),
            ("place_key", pa.string()),
            ("oblast", pa.string()),
            ("birth_date", pa.string()),
            ("event_date", pa.string()),
            *((model.extra_column(n), pa.string()) for n in compare),
        ]
    )
    return pa.Table.from_pylist(rows, schema=schema)


def backend_api(name: str) -> Any:
    if name == "spark":
        return model.spark_api()
    return model.duckdb_api()


def run_link(ws: Workspace, options: LinkOptions | None = None) -> LinkResult:
    opts = options or LinkOptions()
    opts.check()
    t0 = time.perf_counter()
    with ws.db.read() as conn:
        table = input_table(conn, opts.compare)
        decisions = decisions_in_force(conn)
    if table.num_rows < 2:
        raise CasefileError("nothing to link: import at least one list with two or more records")
    spec = model.ours(model.extras_for(table, opts.compare))
    scored = model.score(table, spec, backend_api(opts.backend), seed=opts.seed,
                         min_probability=opts.keep)  # fmt: skip
    if scored.problems:
        raise CasefileError(
            "the trained linkage model is degenerate, so its links would mean nothing; nothing "
            "was stored: " + "; ".join(scored.problems)
        )
    p = scored.pairs
    ids_l = p.column("unique_id_l").to_pylist()
    ids_r = p.column("unique_id_r").to_pylist()
    probs = p.column("match_probability").to_pylist()
    weights = p.column("match_weight").to_pylist()
    edges = [(int(a), int(b), float(q)) for a, b, q in zip(ids_l, ids_r, probs, strict=True)]
    same = [k for k, d in decisions.items() if d == "same"]
    different = [k for k, d in decisions.items() if d == "different"]
    records = table.column("unique_id").to_pylist()
    _check_review_share(edges, opts)
    clustering = cluster(records, edges, opts.upper, same, different, profiles(table))
    t_cluster = time.perf_counter()

    mw_cols = [c for c in p.column_names if c.startswith("mw_")]
    mw_values = {c: p.column(c).to_pylist() for c in mw_cols}
    link_rows: list[dict[str, Any]] = []
    seen: set[tuple[int, int]] = set()
    review = 0
    for i, (a, b, q) in enumerate(edges):
        key = pair(a, b)
        if key in seen:
            continue
        seen.add(key)
        decided = decisions.get(key)
        state = _state(q, key, decided, clustering, opts)
        review += state == "review"
        ev = None
        if q >= opts.lower or decided:
            ev = json.dumps(
                model.evidence(scored.model_json, {c: mw_values[c][i] for c in mw_cols}),
                ensure_ascii=False,
            )
        w = weights[i]
        link_rows.append(
            {
                "record_l": key[0],
                "record_r": key[1],
                "match_probability": q,
                "match_weight": None if w is None or math.isinf(w) else float(w),
                "state": state,
                "decision": decided,
                "evidence": ev,
            }
        )
    for key, d in decisions.items():  # decided pairs the blocking did not bring together
        if key not in seen:
            state = _state(0.0, key, d, clustering, opts)
            link_rows.append(
                {"record_l": key[0], "record_r": key[1], "match_probability": 0.0,
                 "match_weight": None, "state": state, "decision": d, "evidence": None}
            )  # fmt: skip
    best = _best_probability(clustering, edges, decisions)
    persons = clustering.persons()
    thresholds = {"upper": opts.upper, "lower": opts.lower, "keep": opts.keep}
    members = [
        {"person_id": person_label(root), "record_pk": rec, "match_probability": best.get(rec)}
        for root, recs in persons.items()
        for rec in recs
    ]
    with ws.transaction() as tx:
        seq = tx.record(
            "victims_linked",
            None,
            {
                "model_version": model.MODEL_VERSION,
                "model_digest": model.model_digest(scored.model_json),
                "parameters": scored.parameters,
                "backend": opts.backend,
                "thresholds": thresholds,
                "compared_extra_fields": list(opts.compare),
                "records": len(records),
                "persons": len(persons),
                "links": sum(1 for r in link_rows if r["state"] in ("match", "same")),
                "review_pairs": review,
                "decisions_applied": len(decisions),
                "refused_by_decisions": len(clustering.refused),
                "members_sha256": members_digest(members),
                "links_sha256": links_digest(link_rows),
            },
        )
        run_id = tx.conn.execute(
            insert(linkage_runs)
            .values(
                model_version=model.MODEL_VERSION,
                backend=opts.backend,
                settings=json.dumps(scored.model_json, default=str),
                thresholds=json.dumps(thresholds),
                records=len(records),
                persons=len(persons),
                links=sum(1 for r in link_rows if r["state"] in ("match", "same")),
                review_pairs=review,
                event_seq=seq,
                created_by=ws.actor,
                created_at=utc_now(),
            )
            .returning(linkage_runs.c.id)
        ).scalar_one()
        members = [{**m, "run_id": run_id} for m in members]
        for i in range(0, len(members), 10000):
            tx.conn.execute(insert(person_members), members[i : i + 10000])
        rows = [{**r, "run_id": run_id} for r in link_rows]
        for i in range(0, len(rows), 10000):
            tx.conn.execute(insert(record_links), rows[i : i + 10000])
    t_end = time.perf_counter()
    timings = {**scored.timings, "cluster": t_cluster - t0, "total": t_end - t0}
    return LinkResult(
        run_id=run_id,
        records=len(records),
        persons=len(persons),
        links=sum(1 for r in link_rows if r["state"] in ("match", "same")),
        review=review,
        refused=len(clustering.refused),
        event_seq=seq,
        timings=timings,
        parameters=scored.parameters,
    )


def profiles(table: pa.Table) -> dict[int, Profile]:
    """Each record's sex and full birth date, which no true link contradicts (cluster)."""
    return {
        int(uid): Profile(sex, born)
        for uid, sex, born in zip(
            table.column("unique_id").to_pylist(),
            table.column("sex_key").to_pylist(),
            table.column("birth_date").to_pylist(),
            strict=True,
        )
        if sex or born
    }


# A trained model that leaves more pairs in review than it links, on this many pairs or more,
# has not learnt to tell people apart (EM settled on another split of the pairs).
REVIEW_SHARE_LIMIT = 0.5
REVIEW_SHARE_MIN_PAIRS = 20


def _check_review_share(edges: list[tuple[int, int, float]], opts: LinkOptions) -> None:
    links = sum(1 for _, _, q in edges if q >= opts.upper)
    review = sum(1 for _, _, q in edges if opts.lower <= q < opts.upper)
    if review >= REVIEW_SHARE_MIN_PAIRS and review > REVIEW_SHARE_LIMIT * (links + review):
        raise CasefileError(
            f"the trained linkage model is unsure of most pairs it would link ({review:,} pairs "
            f"to review against {links:,} links), so its links would mean little; nothing was "
            "stored. Compare more fields the lists share (--compare), check each list's "
            "column mapping (casefile victims lists), or link lists of the same kind first"
        )


def person_label(root: int) -> str:
    return f"P{root:07d}"


def _state(
    q: float, key: tuple[int, int], decided: str | None, cl: Clustering, opts: LinkOptions
) -> str:
    if decided == "same":
        return "same"
    if decided == "different":
        return "different"
    if key in cl.refused:
        return "refused"  # strong, but a "different" decision keeps the two groups apart
    if key in cl.contradicted:
        return "review"  # strong, but the two records' sexes or birth dates disagree
    if q >= opts.upper:
        return "match"
    if q >= opts.lower:
        return "review"
    return "nonmatch"


def _best_probability(
    cl: Clustering, edges: list[tuple[int, int, float]], decisions: dict[tuple[int, int], str]
) -> dict[int, float]:
    """Per record, the strongest accepted link to another record of its person."""
    best: dict[int, float] = {}
    for a, b, q in edges:
        if pair(a, b) in cl.accepted:
            for r in (a, b):
                best[r] = max(best.get(r, 0.0), q)
    for (a, b), d in decisions.items():
        if d == "same" and pair(a, b) in cl.accepted:
            best[a] = best[b] = 1.0
    return best
