"""Incidents: what happened, where, when; created by hand or from a report's proposed incident.

An incident is never edited in place: each change is a new version with a ledger event. A merge
closes the merged incidents and opens a new one holding copies of all their links; a split
closes one incident and opens two, the chosen part and the rest. The status follows the
workflow of ``casefile.case.workflow`` (reported -> corroborated -> verified -> reviewed ->
sealed, and disputed); a sealed incident takes changes only from a higher role with a reason.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Connection, Table, func, insert, select, true, update

from casefile.case.common import (
    dumps,
    insert_row,
    item_name,
    require_text,
    stamp,
)
from casefile.case.schema import (
    claim_assessments,
    claim_evidence,
    claim_members,
    claims,
    element_evidence,
    evidence_links,
    incident_figures,
    incident_versions,
    incidents,
    perpetrators,
    qualifications,
)
from casefile.case.workflow import (
    STATUSES as STATUSES,  # the workflow's statuses, as before
)
from casefile.case.workflow import (
    SealedChange,
    check_start,
    check_transition,
    permit,
    words,
)
from casefile.errors import CasefileError
from casefile.roles import require_override_role, require_seal_role
from casefile.vault.custody_ledger import utc_now
from casefile.vault.workspace import Transaction, Workspace

PRECISIONS = ("day", "month", "year")


@dataclass
class Incident:
    id: int
    version: int
    title: str
    description: str
    incident_type: str
    status: str
    places: list[dict[str, Any]]
    period_start: str | None
    period_end: str | None
    period_precision: str | None
    state: str
    successors: list[int] = field(default_factory=list)
    predecessors: list[int] = field(default_factory=list)
    from_fact: int | None = None
    reason: str | None = None
    created_by: str = ""
    created_at: str = ""
    event_seq: int = 0

    @classmethod
    def from_row(cls, row: Any) -> Incident:
        return cls(
            row.incident_id,
            row.version,
            row.title,
            row.description,
            row.incident_type,
            row.status,
            json.loads(row.places),
            row.period_start,
            row.period_end,
            row.period_precision,
            row.state,
            json.loads(row.successors),
            json.loads(row.predecessors),
            row.from_fact,
            row.reason,
            row.created_by,
            row.created_at,
            row.event_seq,
        )

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def period(self) -> str:
        if not self.period_start:
            return "not known"
        end = (
            f" to {self.period_end}"
            if self.period_end and self.period_end != self.period_start
            else ""
        )
        return f"{self.period_start}{end} ({self.period_precision or 'day'})"


# ---- reading ---------------------------------------------------------------------------


def incident_history(conn: Connection, incident_id: int) -> list[Incident]:
    rows = conn.execute(
        select(incident_versions)
        .where(incident_versions.c.incident_id == incident_id)
        .order_by(incident_versions.c.version)
    ).all()
    if not rows:
        raise CasefileError(f"there is no incident {incident_id} ('casefile incident list')")
    return [Incident.from_row(r) for r in rows]


def get_incident(conn: Connection, incident_id: int) -> Incident:
    return incident_history(conn, incident_id)[-1]


def open_incident(
    conn: Connection | Transaction, incident_id: int, what: str = "change it"
) -> Incident:
    """The incident if it is still open and may be changed; a merged or split one takes no new
    links, a sealed one only changes made under ``workflow.sealed_change`` by a higher role.

    Given the transaction (not only its connection), a permitted change of a sealed incident
    is recorded there as its own version and ``incident_updated`` event, naming the role and
    the reason (once per transaction and incident)."""
    tx = conn if isinstance(conn, Transaction) else None
    c = tx.conn if tx is not None else conn
    assert isinstance(c, Connection)
    inc = _require_open(get_incident(c, incident_id))
    given = sealed_gate(c, inc, what)
    if tx is None or given is None or any(t is tx and i == inc.id for t, i in given.recorded):
        return inc
    given.recorded.append((tx, inc.id))
    values = {**inc.as_json(), "reason": given.reason, "from_fact": None}
    seq = tx.record(
        "incident_updated",
        None,
        {
            "incident": inc.id,
            "changes": {},
            "reason": given.reason,
            "sealed_change": {"role": given.role, "change": what},
        },
    )
    _insert_version(tx, inc.id, seq, values)
    return inc


def _require_open(inc: Incident) -> Incident:
    if inc.state != "open":
        into = ", ".join(str(i) for i in inc.successors)
        raise CasefileError(
            f"incident {inc.id} was {inc.state} into incident(s) {into} on "
            f"{inc.created_at[:10]}: work on {into}; its history stays as it was"
        )
    return inc


def seal_of(conn: Connection, incident_id: int) -> dict[str, Any] | None:
    """Who sealed the incident, when and why (the version that sealed it), or None when it is
    not sealed."""
    return seals_of(conn, [incident_id]).get(incident_id)


def seals_of(conn: Connection, incident_ids: list[int]) -> dict[int, dict[str, Any]]:
    """``seal_of`` for several incidents in one query (those not sealed are left out)."""
    found: dict[int, dict[str, Any]] = {}
    last: dict[int, str] = {}
    for i in range(0, len(incident_ids), 500):
        rows = conn.execute(
            select(
                incident_versions.c.incident_id,
                incident_versions.c.version,
                incident_versions.c.status,
                incident_versions.c.created_by,
                incident_versions.c.created_at,
                incident_versions.c.reason,
            )
            .where(incident_versions.c.incident_id.in_(incident_ids[i : i + 500]))
            .order_by(incident_versions.c.incident_id, incident_versions.c.version)
        ).all()
        for r in rows:
            if r.status == "sealed" and last.get(r.incident_id) != "sealed":
                found[r.incident_id] = {
                    "by": r.created_by,
                    "at": r.created_at,
                    "reason": r.reason,
                    "version": r.version,
                }
            elif r.status != "sealed":
                found.pop(r.incident_id, None)
            last[r.incident_id] = r.status
    return found


def sealed_gate(conn: Connection, inc: Incident, what: str) -> SealedChange | None:
    """None when the incident is not sealed; the permission when a higher role changes it
    with a reason; otherwise a clear refusal naming who sealed it and what would be needed."""
    if inc.status != "sealed":
        return None
    given = permit()
    if given is None:
        seal = seal_of(conn, inc.id) or {}
        raise CasefileError(
            f"incident {inc.id} is sealed (by {seal.get('by', '?')} on "
            f"{str(seal.get('at', '?'))[:10]}): to {what} needs a higher role (admin, "
            "lead-investigator) and a reason in words ('casefile incident --role ROLE "
            "--sealed-reason TEXT ...'; in the browser, the reason for changing the sealed "
            "record), or 'casefile incident unseal' first"
        )
    require_override_role(given.role, inc.id, what)
    return given


def current_versions() -> Any:
    """Each incident's current version (``incident_versions.is_current``, the version
    ``incidents.current_version_id`` names), as a select of the version rows to filter, order
    and page. ``= true`` rather than the bare column, which SQLite would not read as an equality
    its index can answer."""
    return select(incident_versions).where(incident_versions.c.is_current == true())


def list_incidents(conn: Connection, include_closed: bool = False) -> list[Incident]:
    rows = conn.execute(current_versions().order_by(incident_versions.c.incident_id)).all()
    found = [Incident.from_row(r) for r in rows]
    return found if include_closed else [i for i in found if i.state == "open"]


def proposals(conn: Connection) -> list[dict[str, Any]]:
    """Proposed incidents from ingested reports, and which incident (if any) was made of each."""
    from casefile.ingest.corrections import current_facts

    used: dict[int, int] = {}
    for inc in list_incidents(conn, include_closed=True):
        first = incident_history(conn, inc.id)[0]
        if first.from_fact is not None:
            used[first.from_fact] = inc.id
    out = []
    for f in current_facts(conn, kind="incident"):
        out.append(
            {
                "fact": f.id,
                "item": f.item_sha256,
                "item_name": item_name(conn, f.item_sha256),
                "what": f.payload.get("what"),
                "where": [p.get("name") for p in f.payload.get("where") or []],
                "when": (f.payload.get("when") or {}).get("value"),
                "published": f.payload.get("published"),
                "incident": used.get(f.id),
            }
        )
    return out


# ---- checking input ----------------------------------------------------------------------


def _check_date(value: str | None, what: str) -> str | None:
    if value is None or value == "":
        return None
    for fmt_len, cut in ((10, 10), (7, 7), (4, 4)):
        if len(value) == fmt_len:
            try:
                padded = value + "-01" * ((10 - cut) // 3)
                date.fromisoformat(padded)
                return value
            except ValueError:
                break
    raise CasefileError(f"{what} {value!r} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)")


def check_places(places: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for p in places:
        name = require_text(str(p.get("name") or ""), "a place's name")
        lat, lon = p.get("lat"), p.get("lon")
        if (lat is None) != (lon is None):
            raise CasefileError(f"place {name!r}: give both latitude and longitude, or neither")
        if lat is not None and lon is not None:
            lat, lon = float(lat), float(lon)
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise CasefileError(f"place {name!r}: {lat}, {lon} are not coordinates")
        out.append({"name": name, "lat": lat, "lon": lon})
    return out


def parse_place(text: str) -> dict[str, Any]:
    """'Bucha' or 'Yablunska Street, Bucha@50.5443,30.2204' (name, then @lat,lon)."""
    name, _, coords = text.partition("@")
    if not coords:
        return {"name": name.strip(), "lat": None, "lon": None}
    try:
        lat_s, lon_s = coords.split(",")
        return {"name": name.strip(), "lat": float(lat_s), "lon": float(lon_s)}
    except ValueError:
        raise CasefileError(
            f"--place {text!r}: write NAME@LAT,LON (e.g. Bucha@50.543,30.212)"
        ) from None


def check_fields(values: dict[str, Any]) -> dict[str, Any]:
    if "title" in values:
        values["title"] = require_text(values["title"], "the incident's title")
    if values.get("status") is not None and values["status"] not in STATUSES:
        raise CasefileError(f"status {values['status']!r} must be one of {', '.join(STATUSES)}")
    prec = values.get("period_precision")
    if prec is not None and prec not in PRECISIONS:
        raise CasefileError(f"precision {prec!r} must be one of {', '.join(PRECISIONS)}")
    for key in ("period_start", "period_end"):
        if key in values:
            values[key] = _check_date(values[key], key.replace("_", " "))
    start, end = values.get("period_start"), values.get("period_end")
    if start and end and end < start:
        raise CasefileError(f"the period ends ({end}) before it starts ({start})")
    if "places" in values:
        values["places"] = check_places(values["places"])
    return values


# ---- writing -------------------------------------------------------------------------------


def _insert_version(tx: Transaction, incident_id: int, seq: int, v: dict[str, Any]) -> None:
    current = tx.conn.execute(
        select(func.max(incident_versions.c.version)).where(
            incident_versions.c.incident_id == incident_id
        )
    ).scalar_one_or_none()
    # The version before is current no longer (migration 0016_incident_versions_current).
    tx.conn.execute(
        update(incident_versions)
        .where(
            incident_versions.c.incident_id == incident_id, incident_versions.c.is_current == true()
        )
        .values(is_current=False)
    )
    version_id = tx.conn.execute(
        insert(incident_versions)
        .values(
            incident_id=incident_id,
            version=(current or 0) + 1,
            title=v["title"],
            description=v.get("description") or "",
            incident_type=v.get("incident_type") or "unspecified",
            status=v.get("status") or "reported",
            places=dumps(v.get("places") or []),
            period_start=v.get("period_start"),
            period_end=v.get("period_end"),
            period_precision=v.get("period_precision"),
            state=v.get("state") or "open",
            successors=dumps(v.get("successors") or []),
            predecessors=dumps(v.get("predecessors") or []),
            from_fact=v.get("from_fact"),
            reason=v.get("reason"),
            is_current=True,
            **stamp(tx, seq),
        )
        .returning(incident_versions.c.id)
    ).scalar_one()
    # Readers find the current version through this too (migration 0011_incident_current).
    tx.conn.execute(
        update(incidents).where(incidents.c.id == incident_id).values(current_version_id=version_id)
    )


def new_incident(tx: Transaction, kind: str, values: dict[str, Any], extra: dict[str, Any]) -> int:
    new_id = insert_row(tx, incidents, {"created_at": utc_now()})
    seq = tx.record(kind, None, {"incident": new_id, **extra, "version": _event_view(values)})
    _insert_version(tx, new_id, seq, values)
    return new_id


def _event_view(values: dict[str, Any]) -> dict[str, Any]:
    keys = (
        "title",
        "description",
        "incident_type",
        "status",
        "places",
        "period_start",
        "period_end",
        "period_precision",
        "state",
    )
    return {k: values.get(k) for k in keys if values.get(k) is not None}


def create_incident(
    ws: Workspace,
    title: str,
    description: str = "",
    incident_type: str = "unspecified",
    status: str = "reported",
    places: list[dict[str, Any]] | None = None,
    period_start: str | None = None,
    period_end: str | None = None,
    period_precision: str | None = None,
) -> int:
    values = check_fields(
        {
            "title": title,
            "description": description,
            "incident_type": incident_type,
            "status": status,
            "places": places or [],
            "period_start": period_start,
            "period_end": period_end,
            "period_precision": period_precision or ("day" if period_start else None),
        }
    )
    check_start(values["status"])
    with ws.transaction() as tx:
        return new_incident(tx, "incident_created", values, {"by_hand": True})


def update_incident(ws: Workspace, incident_id: int, reason: str, **changes: Any) -> int:
    """A new version with the changes; returns the version number."""
    reason = require_text(reason, "the reason for the change (--reason)")
    changes = {k: v for k, v in changes.items() if v is not None}
    if not changes:
        raise CasefileError("nothing to change: give at least one field")
    changes = check_fields(changes)
    with ws.transaction() as tx:
        # the connection only: a permitted change of a sealed incident is named in this event
        inc = open_incident(tx.conn, incident_id)
        if "status" in changes:
            check_transition(incident_id, inc.status, changes["status"])
            if changes["status"] == "sealed" and inc.status != "sealed":
                raise CasefileError(
                    f"incident {incident_id} is sealed with 'casefile incident seal "
                    f"{incident_id} --reason ...' (a reviewer's role), not by an assessment"
                )
        given = sealed_gate(tx.conn, inc, "change it")
        extra = {"sealed_change": {"role": given.role, "reason": given.reason}} if given else {}
        values = {**inc.as_json(), **changes, "reason": reason, "from_fact": None}
        seq = tx.record(
            "incident_updated",
            None,
            {"incident": incident_id, "changes": changes, "reason": reason, **extra},
        )
        _insert_version(tx, incident_id, seq, values)
        return inc.version + 1


def assess_incident(ws: Workspace, incident_id: int, status: str, reasoning: str) -> int:
    """Moves the incident's status along the workflow (``workflow.TRANSITIONS``: reported,
    corroborated, verified, reviewed, disputed), with reasoning. Sealing is ``seal_incident``."""
    reasoning = require_text(reasoning, "the reasoning for this assessment (--reasoning)")
    return update_incident(ws, incident_id, reasoning, status=status)


def seal_incident(ws: Workspace, incident_id: int, role: str, reason: str | None) -> int:
    """Seals a reviewed incident: the last step of the workflow. Needs a reviewer's role
    (``roles.SEAL_ROLES``) and a reason in words; the new version (status ``sealed``) and
    its ``incident_updated`` event record who sealed it, when, in which role and why. Returns
    the version number."""
    require_seal_role(role, incident_id)
    why = words(reason, f"seal incident {incident_id}")
    with ws.transaction() as tx:
        inc = _require_open(get_incident(tx.conn, incident_id))
        if inc.status == "sealed":
            seal = seal_of(tx.conn, incident_id) or {}
            raise CasefileError(
                f"incident {incident_id} is already sealed (by {seal.get('by', '?')} on "
                f"{str(seal.get('at', '?'))[:10]})"
            )
        check_transition(incident_id, inc.status, "sealed")
        return _set_status(tx, inc, "sealed", why, {"role": role, "workflow": "sealed"})


def unseal_incident(ws: Workspace, incident_id: int, role: str, reason: str | None) -> int:
    """Takes a sealed incident back to ``reviewed``: a higher role (``roles.OVERRIDE_ROLES``)
    and a reason in words, recorded in the new version and its event."""
    with ws.transaction() as tx:
        inc = _require_open(get_incident(tx.conn, incident_id))
        if inc.status != "sealed":
            raise CasefileError(
                f"incident {incident_id} is not sealed (it is {inc.status}): nothing to unseal"
            )
        require_override_role(role, incident_id, "unseal it")
        why = words(reason, f"unseal incident {incident_id}")
        _require_open(inc)
        return _set_status(tx, inc, "reviewed", why, {"role": role, "workflow": "unsealed"})


def _set_status(
    tx: Transaction, inc: Incident, status: str, reason: str, extra: dict[str, Any]
) -> int:
    values = {**inc.as_json(), "status": status, "reason": reason, "from_fact": None}
    seq = tx.record(
        "incident_updated",
        None,
        {"incident": inc.id, "changes": {"status": status}, "reason": reason, **extra},
    )
    _insert_version(tx, inc.id, seq, values)
    return inc.version + 1


def _fresh(status: str) -> str:
    """The status of an incident made by a merge or split of one: a new record is not the
    reviewed one, so a reviewed or sealed status becomes verified."""
    return "verified" if status in ("reviewed", "sealed") else status


# ---- merge and split -------------------------------------------------------------------


@dataclass
class MergeResult:
    incident: int
    shared_items: list[str]
    copied: dict[str, int]


def merge_incidents(
    ws: Workspace, ids: list[int], reason: str, title: str | None = None
) -> MergeResult:
    """Closes the incidents and opens one holding copies of their links (shared items once)."""
    reason = require_text(reason, "the reason for the merge (--reason)")
    if len(set(ids)) < 2:
        raise CasefileError("a merge needs at least two different incidents")
    with ws.transaction() as tx:
        olds = [open_incident(tx, i, "merge it") for i in ids]
        shared = _shared_items(tx.conn, ids)
        first = olds[0]
        places: list[dict[str, Any]] = []
        for o in olds:
            places += [p for p in o.places if p not in places]
        starts = [o.period_start for o in olds if o.period_start]
        ends = [o.period_end or o.period_start for o in olds if o.period_start]
        values = {
            "title": title or first.title,
            "description": "\n".join(o.description for o in olds if o.description),
            "incident_type": first.incident_type,
            "status": _fresh(first.status),
            "places": places,
            "period_start": min(starts) if starts else None,
            "period_end": max(e for e in ends if e) if ends else None,
            "period_precision": first.period_precision,
            "predecessors": ids,
            "reason": reason,
        }
        new_id = new_incident(
            tx,
            "incident_merged",
            values,
            {"merged": ids, "reason": reason, "shared_items": shared},
        )
        seq = tx.seqs[-1]
        copied = _copy_links(tx, ids, new_id, seq, None)
        for o in olds:
            _close(tx, o, "merged", [new_id], seq, reason)
    return MergeResult(new_id, shared, copied)


def _shared_items(conn: Connection, ids: list[int]) -> list[str]:
    seen: dict[str, int] = {}
    shared = []
    for i in ids:
        for sha in set(
            conn.execute(
                select(evidence_links.c.item_sha256).where(evidence_links.c.incident_id == i)
            ).scalars()
        ):
            if sha in seen and sha not in shared:
                shared.append(sha)
            seen[sha] = i
    return sorted(shared)


@dataclass
class SplitChoice:
    items: list[str] = field(default_factory=list)
    figures: list[int] = field(default_factory=list)
    claims: list[int] = field(default_factory=list)
    perpetrators: list[int] = field(default_factory=list)


def split_incident(
    ws: Workspace, incident_id: int, part_title: str, choice: SplitChoice, reason: str
) -> tuple[int, int]:
    """Closes the incident; opens the chosen part (new title) and the rest (old title)."""
    reason = require_text(reason, "the reason for the split (--reason)")
    part_title = require_text(part_title, "the new part's title (--title)")
    if not (choice.items or choice.figures or choice.claims or choice.perpetrators):
        raise CasefileError(
            "say what goes to the new part: --item, --figure, --claim or --perpetrator"
        )
    with ws.transaction() as tx:
        old = open_incident(tx, incident_id, "split it")
        _check_choice(tx.conn, incident_id, choice)
        base = {**old.as_json(), "predecessors": [incident_id], "reason": reason, "from_fact": None}
        base["status"] = _fresh(old.status)
        part = new_incident(
            tx,
            "incident_split",
            {**base, "title": part_title},
            {"split": incident_id, "part": "chosen", "reason": reason, "choice": asdict(choice)},
        )
        _copy_links(tx, [incident_id], part, tx.seqs[-1], (choice, True))
        rest = new_incident(
            tx,
            "incident_split",
            base,
            {"split": incident_id, "part": "rest", "reason": reason, "choice": asdict(choice)},
        )
        _copy_links(tx, [incident_id], rest, tx.seqs[-1], (choice, False))
        _close(tx, old, "split", [part, rest], tx.seqs[-1], reason)
    return part, rest


def _check_choice(conn: Connection, incident_id: int, choice: SplitChoice) -> None:
    def ids_of(table: Table, col: str) -> set[Any]:
        return set(
            conn.execute(select(table.c[col]).where(table.c.incident_id == incident_id)).scalars()
        )

    checks: list[tuple[str, list[Any], set[Any]]] = [
        ("item", choice.items, ids_of(evidence_links, "item_sha256")),
        ("figure", choice.figures, ids_of(incident_figures, "id")),
        ("claim", choice.claims, ids_of(claims, "id")),
        ("perpetrator", choice.perpetrators, ids_of(perpetrators, "id")),
    ]
    for what, wanted, present in checks:
        missing = [str(w) for w in wanted if w not in present]
        if missing:
            raise CasefileError(
                f"{what} {', '.join(missing)} is not linked to incident {incident_id}"
            )


def _close(
    tx: Transaction, old: Incident, state: str, successors: list[int], seq: int, reason: str
) -> None:
    values = {**old.as_json(), "state": state, "successors": successors, "reason": reason}
    values["from_fact"] = None
    _insert_version(tx, old.id, seq, values)


_COPIED = (
    (incident_figures, "fact_id", "figures"),
    (evidence_links, "item_sha256", "items"),
    (claims, None, "claims"),
    (qualifications, "article", None),
    (perpetrators, None, "perpetrators"),
)


def _copy_links(
    tx: Transaction,
    sources: list[int],
    target: int,
    seq: int,
    split: tuple[SplitChoice, bool] | None,
) -> dict[str, int]:
    """Copies every link of the source incidents to the target, once per fact/item/article."""
    counts: dict[str, int] = {}
    for table, key, choice_field in _COPIED:
        seen: set[Any] = set()
        rows = tx.conn.execute(
            select(table).where(table.c.incident_id.in_(sources)).order_by(table.c.id)
        ).all()
        for row in rows:
            if split is not None and choice_field is not None:
                choice, chosen_part = split
                chosen = getattr(choice, choice_field)
                value = row.item_sha256 if choice_field == "items" else row.id
                if (value in chosen) != chosen_part:
                    continue
            values = dict(row._mapping)
            old_id = values.pop("id")
            if key is not None:
                if values[key] in seen:
                    continue
                seen.add(values[key])
            if table is evidence_links:
                # A shared item keeps one link; every description of what it shows is kept.
                shows = [r.shows for r in rows if r.item_sha256 == row.item_sha256]
                values["shows"] = "; ".join(dict.fromkeys(shows))
            values.update(incident_id=target, copied_from=old_id, event_seq=seq)
            new_id = insert_row(tx, table, values)
            counts[table.name] = counts.get(table.name, 0) + 1
            if table is claims:
                _copy_children(
                    tx,
                    (claim_members, claim_evidence, claim_assessments),
                    "claim_id",
                    old_id,
                    new_id,
                    seq,
                )
            elif table is qualifications:
                _copy_children(tx, (element_evidence,), "qualification_id", old_id, new_id, seq)
    return counts


def _copy_children(
    tx: Transaction,
    tables: tuple[Table, ...],
    fk: str,
    old_parent: int,
    new_parent: int,
    seq: int,
) -> None:
    for table in tables:
        for row in tx.conn.execute(
            select(table).where(table.c[fk] == old_parent).order_by(table.c.id)
        ).all():
            values = dict(row._mapping)
            values.pop("id")
            values.update({fk: new_parent, "event_seq": seq})
            tx.conn.execute(insert(table).values(**values))
