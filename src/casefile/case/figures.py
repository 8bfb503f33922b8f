"""Toll history: every casualty figure from every source, in time order; the best is chosen.

A figure is an extracted (or corrected) fact of kind 'figure': it keeps its report, span, date
and source. Nothing is chosen automatically: the current best figure per category is the latest
'best figure' decision someone recorded, with a reason.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import Connection, inspect, select, text

from casefile.case.common import (
    FactIndex,
    current_fact,
    insert_row,
    norm_source,
    require_text,
    stamp,
)
from casefile.case.incidents import open_incident
from casefile.case.schema import best_figures, incident_figures
from casefile.errors import CasefileError
from casefile.ingest.corrections import Fact, current_facts
from casefile.vault.workspace import Transaction, Workspace


@dataclass
class TollEntry:
    figure: int
    fact: int
    item: str
    item_name: str
    category: str
    count: int | None
    min: int | None
    max: int | None
    qualifier: str | None
    who: str | None
    text: str | None
    source: str
    source_basis: str  # attributed (named in the report) | publisher (the report itself)
    date: str | None
    date_basis: str  # published | acquired
    in_quote: bool
    note: str | None
    span: list[int] | None
    corrected: bool
    contradiction_note: str | None
    corroborated_by: int
    added_by: str
    added_at: str

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def value(self) -> str:
        if self.min is None:
            return self.qualifier or "unquantified"
        if self.max is None or self.max == self.min:
            return f"{self.min}" if self.qualifier == "exact" else f"{self.qualifier} {self.min}"
        return f"{self.min}-{self.max} ({self.qualifier})"


def _entry(idx: FactIndex, row: Any, fact: Fact) -> TollEntry:
    p = fact.payload
    day, basis = idx.document_date(fact)
    source = p.get("source")
    return TollEntry(
        figure=row.id,
        fact=fact.id,
        item=fact.item_sha256,
        item_name=idx.item_name(fact.item_sha256),
        category=str(p.get("category") or "unknown"),
        count=p.get("count"),
        min=p.get("min"),
        max=p.get("max"),
        qualifier=p.get("qualifier"),
        who=p.get("who"),
        text=p.get("text"),
        source=str(source or idx.publisher(fact.item_sha256)),
        source_basis="attributed" if source else "publisher",
        date=day,
        date_basis=basis,
        in_quote=bool(p.get("in_quote")),
        note=p.get("note"),
        span=list(fact.span) if fact.span else None,
        corrected=fact.origin == "correction",
        contradiction_note=row.contradiction_note,
        corroborated_by=1,
        added_by=row.created_by,
        added_at=row.created_at,
    )


def toll_history(
    conn: Connection, incident_id: int, idx: FactIndex | None = None, corroborate: bool = True
) -> list[TollEntry]:
    """Every figure attached to the incident, oldest report first, with its corroboration.

    ``corroborated_by`` counts the independent sources (distinct attributed sources or
    publishers, not re-reports) whose figure of the same category agrees with this one.
    """
    rows = conn.execute(
        select(incident_figures)
        .where(incident_figures.c.incident_id == incident_id)
        .order_by(incident_figures.c.id)
    ).all()
    idx = (idx or FactIndex(conn)).load(r.item_sha256 for r in rows)
    entries = [_entry(idx, r, idx.current(r.item_sha256, r.fact_id)) for r in rows]
    keys = {id(e): norm_source(e.source) for e in entries}
    by_category: dict[str, list[TollEntry]] = defaultdict(list)
    for e in entries:
        if e.min is not None:
            by_category[e.category].append(e)
    for same in by_category.values() if corroborate else ():
        for e in same:
            e.corroborated_by = len({keys[id(o)] for o in same if _overlap(e, o)})
    entries.sort(key=lambda e: (e.date or "9999", e.figure))
    return entries


VAGUE = {"dozens", "scores", "hundreds", "thousands", "tens of thousands", "millions"}


def _overlap(a: TollEntry, b: TollEntry) -> bool:
    """Whether two figures support each other: equal, or overlapping ranges neither of them a
    vague word ('hundreds' does not corroborate 410)."""
    assert a.min is not None and b.min is not None
    if (a.min, a.max) == (b.min, b.max):
        return True
    if a.qualifier in VAGUE or b.qualifier in VAGUE:
        return False
    a_hi = a.max if a.max is not None else a.min
    b_hi = b.max if b.max is not None else b.min
    return a.min <= b_hi and b.min <= a_hi


def attach_figures(
    tx: Transaction, incident_id: int, fact_ids: list[int], contradiction_reason: str | None
) -> list[int]:
    """Adds figure facts to the toll history in the open transaction; returns their entry ids.

    Two different figures of one category from one source on one date contradict each other:
    refused unless a reason is given, which is then kept with the figure.
    """
    open_incident(tx, incident_id, "add figures")
    idx = FactIndex(tx.conn)
    existing = toll_history(tx.conn, incident_id, idx, corroborate=False)
    attached_facts = {idx.root(e.item, e.fact) for e in existing}
    new_entries: list[tuple[Fact, TollEntry]] = []
    for fid in fact_ids:
        fact = current_fact(tx.conn, fid)
        if fact.kind != "figure":
            raise CasefileError(f"fact {fid} is a {fact.kind}, not a figure")
        root = idx.root(fact.item_sha256, fact.id)
        if root in attached_facts:
            raise CasefileError(
                f"fact {fid} is already in the toll history of incident {incident_id}"
            )
        attached_facts.add(root)
        probe = _entry(idx, _Probe(), fact)
        clash = [e for e in existing + [n for _, n in new_entries] if _contradicts(e, probe)]
        if clash and not (contradiction_reason and contradiction_reason.strip()):
            other = clash[0]
            raise CasefileError(
                f"contradictory figures from one source: {probe.source} gives {probe.category} "
                f"{probe.value} on {probe.date} (fact {fid}) but {other.value} on {other.date} "
                f"(fact {other.fact}); nothing was added. If both are really what the source "
                f"said, add it with --contradiction 'why both are kept'"
            )
        new_entries.append((fact, probe))
    ids = []
    for fact, probe in new_entries:
        note = contradiction_reason.strip() if contradiction_reason else None
        clash_note = note if any(_contradicts(e, probe) for e in existing) else None
        seq = tx.record(
            "incident_figure_added",
            fact.item_sha256,
            {
                "incident": incident_id,
                "fact": fact.id,
                "category": probe.category,
                "min": probe.min,
                "max": probe.max,
                "source": probe.source,
                "date": probe.date,
                "contradiction_note": clash_note,
            },
        )
        ids.append(
            insert_row(
                tx,
                incident_figures,
                {
                    "incident_id": incident_id,
                    "fact_id": fact.id,
                    "item_sha256": fact.item_sha256,
                    "contradiction_note": clash_note,
                    "copied_from": None,
                    **stamp(tx, seq),
                },
            )
        )
        existing.append(probe)
    return ids


class _Probe:
    """Row fields of an entry not yet stored."""

    id = 0
    contradiction_note = None
    created_by = ""
    created_at = ""


def _contradicts(a: TollEntry, b: TollEntry) -> bool:
    return (
        a.category == b.category
        and a.min is not None
        and b.min is not None
        and a.date == b.date
        and norm_source(a.source) == norm_source(b.source)
        and (a.min, a.max) != (b.min, b.max)
    )


def add_figures(
    ws: Workspace,
    incident_id: int,
    fact_ids: list[int] | None = None,
    from_item: str | None = None,
    contradiction_reason: str | None = None,
) -> list[int]:
    """Adds figure facts (or every current figure fact of one report) to the toll history."""
    with ws.transaction() as tx:
        wanted = list(fact_ids or [])
        if from_item is not None:
            found = [f.id for f in current_facts(tx.conn, item=from_item, kind="figure")]
            if not found:
                raise CasefileError(f"item {from_item[:12]} has no extracted figures")
            idx = FactIndex(tx.conn)
            attached = {
                idx.root(e.item, e.fact)
                for e in toll_history(tx.conn, incident_id, idx, corroborate=False)
            }
            wanted += [f for f in found if idx.root(from_item, f) not in attached]
            if not wanted:
                raise CasefileError(
                    f"every figure of item {from_item[:12]} is already in incident "
                    f"{incident_id}'s toll history"
                )
        if not wanted:
            raise CasefileError("give figure fact ids (--fact) or a report (--from-item)")
        return attach_figures(tx, incident_id, wanted, contradiction_reason)


def choose_best(ws: Workspace, incident_id: int, figure_id: int, reason: str) -> int:
    """Records someone's choice of the best current figure for the figure's category."""
    reason = require_text(reason, "the reason for choosing this figure (--reason)")
    with ws.transaction() as tx:
        open_incident(tx, incident_id, "choose a best figure")
        entry = next((e for e in toll_history(tx.conn, incident_id) if e.figure == figure_id), None)
        if entry is None:
            raise CasefileError(
                f"figure {figure_id} is not in incident {incident_id}'s toll history "
                f"('casefile incident toll {incident_id}' lists them)"
            )
        if entry.min is None:
            raise CasefileError(f"figure {figure_id} has no number ({entry.value}): choose another")
        seq = tx.record(
            "incident_best_figure_chosen",
            entry.item,
            {
                "incident": incident_id,
                "figure": figure_id,
                "fact": entry.fact,
                "category": entry.category,
                "value": entry.value,
                "reason": reason,
            },
        )
        return insert_row(
            tx,
            best_figures,
            {
                "incident_id": incident_id,
                "category": entry.category,
                "figure_id": figure_id,
                "reason": reason,
                **stamp(tx, seq),
            },
        )


def best_choices(conn: Connection, incident_id: int) -> dict[str, list[dict[str, Any]]]:
    """Per category, every best-figure decision, newest last (the last one stands)."""
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in conn.execute(
        select(best_figures)
        .where(best_figures.c.incident_id == incident_id)
        .order_by(best_figures.c.id)
    ):
        out[row.category].append(
            {
                "figure": row.figure_id,
                "reason": row.reason,
                "chosen_by": row.created_by,
                "chosen_at": row.created_at,
            }
        )
    return dict(out)


def best_figures_now(
    conn: Connection, incident_id: int, toll: list[TollEntry] | None = None
) -> dict[str, dict[str, Any]]:
    """Per category, the latest recorded choice with the chosen figure's value and source."""
    choices_by_category = best_choices(conn, incident_id)
    if not choices_by_category:
        return {}
    entries = {e.figure: e for e in (toll or toll_history(conn, incident_id))}
    out = {}
    for category, choices in choices_by_category.items():
        last = choices[-1]
        e = entries[last["figure"]]
        out[category] = {**last, "value": e.value, "source": e.source, "date": e.date}
    return out


# Tables the people/victims stage may provide, and the column naming the incident.
VICTIM_LINK_TABLES = ("victim_incident_links", "victim_incidents", "incident_victims")


def named_victims_count(conn: Connection, incident_id: int) -> int | None:
    """How many named victims of the registry are linked to the incident; None when unknown.

    The victims stage owns its tables; this reads the first of ``VICTIM_LINK_TABLES`` that
    exists, counting distinct ``victim_id`` (or rows) with this ``incident_id``. No import of
    the people package, so the case works before, during and after that stage lands.
    """
    names = set(inspect(conn).get_table_names())
    for table in VICTIM_LINK_TABLES:
        if table not in names:
            continue
        cols = {c["name"] for c in inspect(conn).get_columns(table)}
        if "incident_id" not in cols:
            continue
        what = "COUNT(DISTINCT victim_id)" if "victim_id" in cols else "COUNT(*)"
        value = conn.execute(
            text(f"SELECT {what} FROM {table} WHERE incident_id = :i"), {"i": incident_id}
        ).scalar_one()
        return int(value)
    return None
