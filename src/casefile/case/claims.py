"""Claims and denials weighed against the evidence.

A case claim is a group of claim facts from reports that say the same thing ("Ukrainian
forces staged the scenes"). A claim fact joins an existing group when chosen, or when its words
overlap a group's enough (the overlap is recorded). Each group is linked to vault items that
support or contradict it and carries assessments, each with its reasoning.

Corroboration counts independent sources: distinct attributed speakers (or, when a report
names none, distinct publishers), so one statement re-reported by three outlets counts once.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import Connection, select

from casefile.case.common import (
    FactIndex,
    fact_of_kind,
    insert_row,
    item_name,
    norm_source,
    require_item,
    require_text,
    stamp,
)
from casefile.case.incidents import open_incident
from casefile.case.schema import claim_assessments, claim_evidence, claim_members, claims
from casefile.errors import CasefileError
from casefile.vault.workspace import Transaction, Workspace

STANCES = ("asserts", "denies", "accuses", "condemns")
RELATIONS = ("supports", "contradicts")
ASSESSMENTS = ("supported", "partly-supported", "contradicted", "unverified")
SIMILAR = 0.6  # share of the shorter statement's words a claim must share to join a group

_STOP = frozenset(
    """the a an and or of in on at to for from by with as that this these those it its their
    them they he she his her was were is are be been being had has have not no any all some
    would could will which who whom what when where there here than then into onto about
    also even only so such very""".split()  # noqa: SIM905
)


def words(text: str) -> set[str]:
    """Content words, crudely stemmed: 'staged' and 'stage' are one word."""
    out = set()
    for w in re.findall(r"[^\W\d_]+", text.lower()):
        if w in _STOP or len(w) < 3:
            continue
        for suffix in ("ing", "ed", "es", "s", "e"):
            if w.endswith(suffix) and len(w) - len(suffix) >= 4:
                w = w[: -len(suffix)]
                break
        out.add(w)
    return out


def similarity(a: str, b: str) -> float:
    """Overlap coefficient of the content words: shared / words of the shorter statement."""
    wa, wb = words(a), words(b)
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / min(len(wa), len(wb))


@dataclass
class ClaimView:
    claim: int
    incident: int
    statement: str
    stance: str
    members: list[dict[str, Any]] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    corroboration: int = 0
    evidence: list[dict[str, Any]] = field(default_factory=list)
    assessments: list[dict[str, Any]] = field(default_factory=list)

    @property
    def assessment(self) -> dict[str, Any] | None:
        return self.assessments[-1] if self.assessments else None

    def as_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["assessment"] = self.assessment
        return out


def add_claim(
    ws: Workspace,
    incident_id: int,
    fact_id: int | None = None,
    into: int | None = None,
    new: bool = False,
    statement: str | None = None,
    stance: str | None = None,
) -> tuple[int, str]:
    """Puts a claim fact (or a claim stated by hand) on the incident; returns (claim, grouping).

    With ``into`` the fact joins that group; with ``new`` it starts its own; otherwise it joins
    the most similar group of the incident (at least ``SIMILAR``), else starts one.
    """
    if fact_id is None and not statement:
        raise CasefileError("give a claim fact (--fact) or a statement (--statement)")
    if stance is not None and stance not in STANCES:
        raise CasefileError(f"--stance must be one of {', '.join(STANCES)}")
    with ws.transaction() as tx:
        open_incident(tx, incident_id, "add a claim")
        fact = fact_of_kind(tx.conn, fact_id, "claim") if fact_id is not None else None
        text = statement.strip() if statement else str(fact.payload.get("text") if fact else "")
        groups = _groups(tx.conn, incident_id)
        if fact is not None:
            for g in groups:
                if any(m["fact"] == fact.id for m in g.members):
                    raise CasefileError(f"fact {fact.id} is already in claim {g.claim}")
        target: int | None = None
        grouping = "new"
        if into is not None:
            if into not in {g.claim for g in groups}:
                raise CasefileError(f"claim {into} is not a claim of incident {incident_id}")
            target, grouping = into, "chosen"
        elif not new and fact is not None and not statement:
            scored = sorted(
                ((similarity(text, g.statement), g.claim) for g in groups), reverse=True
            )
            if scored and scored[0][0] >= SIMILAR:
                target, grouping = scored[0][1], f"similarity {scored[0][0]:.2f}"
        if target is None:
            the_stance = stance or (str(fact.payload.get("stance")) if fact else "asserts")
            seq = tx.record(
                "case_claim_added",
                fact.item_sha256 if fact else None,
                {
                    "incident": incident_id,
                    "statement": text,
                    "stance": the_stance,
                    "fact": fact.id if fact else None,
                },
            )
            target = insert_row(
                tx,
                claims,
                {
                    "incident_id": incident_id,
                    "statement": require_text(text, "the claim's statement"),
                    "stance": the_stance,
                    "copied_from": None,
                    **stamp(tx, seq),
                },
            )
        else:
            seq = tx.record(
                "case_claim_grouped",
                fact.item_sha256 if fact else None,
                {
                    "incident": incident_id,
                    "claim": target,
                    "fact": fact.id if fact else None,
                    "grouping": grouping,
                },
            )
        if fact is not None:
            _add_member(tx, target, fact.id, fact.item_sha256, grouping, seq)
        return target, grouping


def _add_member(
    tx: Transaction, claim_id: int, fact_id: int, sha: str, grouping: str, seq: int
) -> None:
    insert_row(
        tx,
        claim_members,
        {
            "claim_id": claim_id,
            "fact_id": fact_id,
            "item_sha256": sha,
            "grouping": grouping,
            **stamp(tx, seq),
        },
    )


def _claim_row(tx: Transaction, claim_id: int, what: str) -> Any:
    row = tx.conn.execute(select(claims).where(claims.c.id == claim_id)).one_or_none()
    if row is None:
        raise CasefileError(f"there is no claim {claim_id}")
    open_incident(tx, row.incident_id, what)
    return row


def link_claim_evidence(ws: Workspace, claim_id: int, item: str, relation: str, note: str) -> int:
    """An item that supports or contradicts a claim, with a note saying how."""
    if relation not in RELATIONS:
        raise CasefileError(f"the relation must be one of {', '.join(RELATIONS)}")
    note = require_text(note, f"how the item {relation} the claim (--note)")
    with ws.transaction() as tx:
        row = _claim_row(tx, claim_id, "weigh a claim against evidence")
        sha = require_item(tx.conn, item)
        seq = tx.record(
            "case_claim_evidence",
            sha,
            {"incident": row.incident_id, "claim": claim_id, "relation": relation, "note": note},
        )
        return insert_row(
            tx,
            claim_evidence,
            {
                "claim_id": claim_id,
                "item_sha256": sha,
                "relation": relation,
                "note": note,
                **stamp(tx, seq),
            },
        )


def assess_claim(ws: Workspace, claim_id: int, assessment: str, reasoning: str) -> int:
    """A stated assessment of the claim; without reasoning it is refused."""
    if assessment not in ASSESSMENTS:
        raise CasefileError(f"the assessment must be one of {', '.join(ASSESSMENTS)}")
    reasoning = require_text(
        reasoning, f"the reasoning for assessing claim {claim_id} as {assessment} (--reasoning)"
    )
    with ws.transaction() as tx:
        row = _claim_row(tx, claim_id, "assess a claim")
        evidence = tx.conn.execute(
            select(claim_evidence.c.id).where(claim_evidence.c.claim_id == claim_id)
        ).first()
        if assessment in ("supported", "contradicted", "partly-supported") and evidence is None:
            raise CasefileError(
                f"claim {claim_id} has no linked evidence: link the items that support or "
                f"contradict it first ('casefile incident claim evidence'), or assess it "
                f"as unverified"
            )
        seq = tx.record(
            "case_claim_assessed",
            None,
            {
                "incident": row.incident_id,
                "claim": claim_id,
                "assessment": assessment,
                "reasoning": reasoning,
            },
        )
        return insert_row(
            tx,
            claim_assessments,
            {
                "claim_id": claim_id,
                "assessment": assessment,
                "reasoning": reasoning,
                **stamp(tx, seq),
            },
        )


def _groups(conn: Connection, incident_id: int) -> list[ClaimView]:
    views = []
    for row in conn.execute(
        select(claims).where(claims.c.incident_id == incident_id).order_by(claims.c.id)
    ):
        v = ClaimView(row.id, incident_id, row.statement, row.stance)
        for m in conn.execute(
            select(claim_members)
            .where(claim_members.c.claim_id == row.id)
            .order_by(claim_members.c.id)
        ):
            v.members.append({"fact": m.fact_id, "item": m.item_sha256, "grouping": m.grouping})
        views.append(v)
    return views


def claims_of(conn: Connection, incident_id: int) -> list[ClaimView]:
    """The incident's claims with their sources, corroboration, evidence and assessments."""
    views = _groups(conn, incident_id)
    idx = FactIndex(conn).load(m["item"] for v in views for m in v.members)
    for v in views:
        independent: dict[str, str] = {}
        for m in v.members:
            fact = idx.current(m["item"], m["fact"])
            p = fact.payload
            speaker = p.get("actor")
            source = str(speaker or idx.publisher(fact.item_sha256))
            independent.setdefault(norm_source(source), source)
            day, _ = idx.document_date(fact)
            m.update(
                {
                    "actor": speaker,
                    "stance": p.get("stance"),
                    "text": p.get("text"),
                    "span": list(fact.span) if fact.span else None,
                    "item_name": idx.item_name(fact.item_sha256),
                    "publisher": idx.publisher(fact.item_sha256),
                    "date": day,
                    "source": source,
                }
            )
        v.sources = list(independent.values())
        v.corroboration = len(independent)
        for e in conn.execute(
            select(claim_evidence)
            .where(claim_evidence.c.claim_id == v.claim)
            .order_by(claim_evidence.c.id)
        ):
            v.evidence.append(
                {
                    "item": e.item_sha256,
                    "item_name": item_name(conn, e.item_sha256),
                    "relation": e.relation,
                    "note": e.note,
                    "by": e.created_by,
                    "at": e.created_at,
                }
            )
        for a in conn.execute(
            select(claim_assessments)
            .where(claim_assessments.c.claim_id == v.claim)
            .order_by(claim_assessments.c.id)
        ):
            v.assessments.append(
                {
                    "assessment": a.assessment,
                    "reasoning": a.reasoning,
                    "by": a.created_by,
                    "at": a.created_at,
                }
            )
    return views


def claim_facts_of_items(conn: Connection, shas: list[str]) -> list[dict[str, Any]]:
    """Claim facts of some reports, for choosing what to add."""
    from casefile.ingest.corrections import current_facts

    out = []
    for sha in shas:
        for f in current_facts(conn, item=sha, kind="claim"):
            out.append({"fact": f.id, "item": sha, **f.payload})
    return out
