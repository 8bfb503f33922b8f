"""Evidence linked to incidents, and how each item was verified.

A link says what an item shows for one incident. Verification belongs to the item itself (a
photo's place and time do not change with the incident it is filed under): geolocation,
chronolocation and source assessment are steps, each a ledger event carrying the item's hash
and the verifier, newest last; the newest step of each aspect is the current one.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select

from casefile.case.common import dumps, insert_row, item_name, require_item, require_text, stamp
from casefile.case.incidents import open_incident
from casefile.case.schema import evidence_links, verifications
from casefile.errors import CasefileError
from casefile.vault.catalog import item_view
from casefile.vault.workspace import Workspace

EVIDENCE_KINDS = (
    "photo",
    "video",
    "satellite",
    "document",
    "capture",
    "statement",
    "report",
    "other",
)
GEO_METHODS = ("exif", "landmarks", "satellite-comparison", "street-level", "witness", "other")
TIME_METHODS = ("exif", "shadows", "satellite-pass", "upload-time", "witness", "other")
RELIABILITY = ("A", "B", "C", "D", "E", "F")  # NATO admiralty code: source reliability
CREDIBILITY = ("1", "2", "3", "4", "5", "6")  # and information credibility


@dataclass
class LinkView:
    link: int
    item: str
    item_name: str
    media_type: str
    kind: str
    shows: str
    linked_by: str
    linked_at: str
    geolocation: dict[str, Any] | None = None
    chronolocation: dict[str, Any] | None = None
    source: dict[str, Any] | None = None
    steps: list[dict[str, Any]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def _guess_kind(media_type: str) -> str:
    if media_type.startswith("image/"):
        return "photo"
    if media_type.startswith("video/"):
        return "video"
    if media_type in ("application/warc", "text/html"):
        return "capture"
    return "document"


def link_item(
    ws: Workspace, incident_id: int, item: str, shows: str, kind: str | None = None
) -> int:
    """Links a vault item to an incident with what it shows; an item not in the vault is refused."""
    shows = require_text(shows, "what the item shows (--shows)")
    if kind is not None and kind not in EVIDENCE_KINDS:
        raise CasefileError(f"--kind {kind!r} must be one of {', '.join(EVIDENCE_KINDS)}")
    with ws.transaction() as tx:
        open_incident(tx, incident_id, "link evidence")
        sha = require_item(tx.conn, item)
        already = tx.conn.execute(
            select(evidence_links.c.id).where(
                evidence_links.c.incident_id == incident_id,
                evidence_links.c.item_sha256 == sha,
            )
        ).first()
        if already is not None:
            raise CasefileError(
                f"item {sha[:12]} is already linked to incident {incident_id} (link {already.id})"
            )
        view = item_view(tx.conn, sha)
        kind = kind or _guess_kind(view.media_type)
        seq = tx.record(
            "incident_evidence_linked",
            sha,
            {"incident": incident_id, "kind": kind, "shows": shows},
        )
        return insert_row(
            tx,
            evidence_links,
            {
                "incident_id": incident_id,
                "item_sha256": sha,
                "evidence_kind": kind,
                "shows": shows,
                "copied_from": None,
                **stamp(tx, seq),
            },
        )


def _record(
    ws: Workspace,
    item: str,
    incident_id: int | None,
    aspect: str,
    method: str,
    payload: dict[str, Any],
) -> int:
    with ws.transaction() as tx:
        sha = require_item(tx.conn, item)
        if incident_id is not None:
            open_incident(tx, incident_id, "verify its evidence")
        seq = tx.record(
            "evidence_verified",
            sha,
            {"aspect": aspect, "method": method, "incident": incident_id, **payload},
        )
        return insert_row(
            tx,
            verifications,
            {
                "item_sha256": sha,
                "incident_id": incident_id,
                "aspect": aspect,
                "method": method,
                "payload": dumps(payload),
                **stamp(tx, seq),
            },
        )


def exif_of(ws: Workspace, item: str) -> dict[str, Any]:
    with ws.db.read() as conn:
        sha = require_item(conn, item)
        return item_view(conn, sha).exif or {}


def geolocate(
    ws: Workspace,
    item: str,
    lat: float | None = None,
    lon: float | None = None,
    method: str | None = None,
    note: str = "",
    from_exif: bool = False,
    incident_id: int | None = None,
) -> int:
    """Records where an item was made and how that was established."""
    if from_exif:
        gps = exif_of(ws, item).get("gps")
        if not gps:
            raise CasefileError(
                f"item {item[:12]} has no GPS position in its EXIF: give --lat, --lon "
                f"and --method (e.g. landmarks, satellite-comparison)"
            )
        lat, lon, method = gps["lat"], gps["lon"], "exif"
        note = note or "GPS position written by the camera (can be edited: corroborate it)"
    if lat is None or lon is None:
        raise CasefileError("give --lat and --lon (or --exif to take them from the item)")
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise CasefileError(f"{lat}, {lon} are not coordinates (lat -90..90, lon -180..180)")
    if method not in GEO_METHODS:
        raise CasefileError(f"--method must be one of {', '.join(GEO_METHODS)}, not {method!r}")
    if method != "exif":
        note = require_text(note, "how the place was established (--note)")
    return _record(
        ws, item, incident_id, "geolocation", method, {"lat": lat, "lon": lon, "note": note}
    )


def _exif_time(value: str) -> str:
    try:
        return datetime.strptime(value.strip(), "%Y:%m:%d %H:%M:%S").isoformat()
    except ValueError:
        raise CasefileError(f"the EXIF capture time {value!r} is not a date and time") from None


def chronolocate(
    ws: Workspace,
    item: str,
    when: str | None = None,
    method: str | None = None,
    note: str = "",
    from_exif: bool = False,
    incident_id: int | None = None,
) -> int:
    """Records when an item was made and how that was established."""
    if from_exif:
        exif = exif_of(ws, item)
        raw = exif.get("DateTimeOriginal") or exif.get("DateTime")
        if not raw:
            raise CasefileError(
                f"item {item[:12]} has no capture time in its EXIF: give --time and --method "
                f"(e.g. shadows, satellite-pass)"
            )
        when, method = _exif_time(str(raw)), "exif"
        offset = exif.get("OffsetTimeOriginal")
        if offset:
            when += str(offset)
        note = note or (
            "camera clock" + ("" if offset else ", time zone not recorded") + " (can be edited)"
        )
    if not when:
        raise CasefileError("give --time (or --exif to take it from the item)")
    try:
        datetime.fromisoformat(when)
    except ValueError:
        raise CasefileError(f"--time {when!r} is not an ISO 8601 date and time") from None
    if method not in TIME_METHODS:
        raise CasefileError(f"--method must be one of {', '.join(TIME_METHODS)}, not {method!r}")
    if method != "exif":
        note = require_text(note, "how the time was established (--note)")
    return _record(ws, item, incident_id, "chronolocation", method, {"time": when, "note": note})


def assess_source(
    ws: Workspace,
    item: str,
    reliability: str,
    credibility: str,
    reasoning: str,
    incident_id: int | None = None,
) -> int:
    """Source reliability (A-F) and information credibility (1-6), with reasoning."""
    reasoning = require_text(reasoning, "the reasoning for the source assessment (--reasoning)")
    reliability = reliability.upper()
    if reliability not in RELIABILITY:
        raise CasefileError(f"--reliability must be one of {', '.join(RELIABILITY)}")
    if credibility not in CREDIBILITY:
        raise CasefileError(f"--credibility must be one of {', '.join(CREDIBILITY)}")
    return _record(
        ws,
        item,
        incident_id,
        "source",
        "admiralty",
        {"reliability": reliability, "credibility": credibility, "reasoning": reasoning},
    )


def verification_steps(conn: Connection, sha: str) -> list[dict[str, Any]]:
    rows = conn.execute(
        select(verifications).where(verifications.c.item_sha256 == sha).order_by(verifications.c.id)
    ).all()
    return [
        {
            "step": r.id,
            "aspect": r.aspect,
            "method": r.method,
            **json.loads(r.payload),
            "verifier": r.created_by,
            "at": r.created_at,
            "event": r.event_seq,
        }
        for r in rows
    ]


def evidence_of(conn: Connection, incident_id: int) -> list[LinkView]:
    rows = conn.execute(
        select(evidence_links)
        .where(evidence_links.c.incident_id == incident_id)
        .order_by(evidence_links.c.id)
    ).all()
    out = []
    for r in rows:
        view = item_view(conn, r.item_sha256)
        link = LinkView(
            r.id,
            r.item_sha256,
            item_name(conn, r.item_sha256),
            view.media_type,
            r.evidence_kind,
            r.shows,
            r.created_by,
            r.created_at,
        )
        link.steps = verification_steps(conn, r.item_sha256)
        for step in link.steps:
            setattr(link, step["aspect"], step)  # the newest step of each aspect stands
        out.append(link)
    return out
