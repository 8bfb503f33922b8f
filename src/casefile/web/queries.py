"""What the pages show: one function per page, feeding both the HTML view and its /api twin.

Every function takes a read connection (or the workspace, for actions) and returns plain
JSON-able data; the web layer only renders it and applies the role's redaction.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Connection,
    String,
    func,
    inspect,
    literal_column,
    or_,
    select,
    table,
    text,
)

from casefile.errors import CasefileError, NotFound
from casefile.ingest.corrections import current_facts, fact_history
from casefile.ingest.schema import documents, facts
from casefile.vault.catalog import GRAPHIC_TAG, hash_prefix, item_view
from casefile.vault.custody_ledger import LATEST_CHECKPOINT_QUERY, SIZE_QUERY, Event
from casefile.vault.merkle import leaf_hash
from casefile.vault.phash import near_duplicates, phash_of
from casefile.vault.schema import acquisitions, item_tags, items, ledger_entries
from casefile.vault.verify import verify_item
from casefile.vault.workspace import Workspace
from casefile.web.search import item_match

MAX_PER_PAGE = 200
# Lists count their rows up to this many; past it the page says "more than".
COUNT_CAP = 10_000
PREVIEW_CHARS = 20_000


@dataclass(frozen=True)
class Paging:
    page: int = 1
    per_page: int = 50

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    def info(self, total: int, at_least: bool = False) -> dict[str, int]:
        """``at_least``: ``total`` is a lower bound (a count stopped at a limit); the pages go
        on at least one past this one."""
        pages = max(1, -(-total // self.per_page))
        if not at_least:
            return {"page": self.page, "per_page": self.per_page, "total": total, "pages": pages}
        pages = max(pages, self.page + 1)
        return {
            "page": self.page,
            "per_page": self.per_page,
            "total": total,
            "pages": pages,
            "total_at_least": True,
        }


# The pattern of text filters in URLs: no NUL (PostgreSQL's text cannot hold one; SQLite's
# LIKE and FTS5 stop reading at it).
NO_NUL = r"^[^\x00]*$"


def capped_count(conn: Connection, query: Any, cap: int = COUNT_CAP) -> tuple[int, bool]:
    """How many rows ``query`` gives, counted up to ``cap``; and whether there are more (the
    page then says "more than", as datasette does)."""
    narrow = query.with_only_columns(literal_column("1"), maintain_column_froms=True)
    limited = narrow.order_by(None).limit(cap + 1).subquery()
    n = int(conn.execute(select(func.count()).select_from(limited)).scalar_one())
    return min(n, cap), n > cap


def like_any_case(conn: Connection, col: Any, pattern: str) -> Any:
    """``col`` LIKE the pattern with letters case-folded on both databases: SQLite's LIKE
    folds ASCII; PostgreSQL's LIKE is case-sensitive, so there ILIKE."""
    return col.ilike(pattern) if conn.dialect.name == "postgresql" else col.like(pattern)


def event_json(seq: int, body: bytes) -> dict[str, Any]:
    ev = Event.from_body(bytes(body))
    return {
        "seq": seq,
        "kind": ev.kind,
        "time": ev.time,
        "actor": ev.actor,
        "item": ev.item,
        "summary": summarise(ev),
        "data": ev.data,
    }


def summarise(ev: Event) -> str:
    d = ev.data
    if ev.kind == "acquired":
        bits = [d.get("original_name") or d.get("source_url") or "", d.get("media_type", "")]
        bits.append(f"{d.get('size', 0):,} bytes")
        if d.get("label"):
            bits.append(f"label: {d['label']}")
        return " | ".join(str(b) for b in bits if b)
    return "; ".join(f"{k.replace('_', ' ')}: {_in_words(v)}" for k, v in shown_data(ev).items())


def shown_data(ev: Event) -> dict[str, Any]:
    """The event's data a page may show: protected fields (witness identities) and the
    verifier key left out."""
    from casefile.web.roles import PROTECTED_FIELDS

    return {k: v for k, v in ev.data.items() if k not in PROTECTED_FIELDS and k != "vkey"}


def _in_words(value: Any, limit: int = 200) -> str:
    """A value as a reader takes it: lists joined by commas, mappings as JSON, long text cut
    with an ellipsis (the full event is one click away)."""
    if isinstance(value, (list, tuple)):
        text = ", ".join(_in_words(v, limit) for v in value) or "none"
    elif isinstance(value, dict):
        text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    elif value is None:
        text = "none"
    else:
        text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# -- dashboard --


STAGE_COUNTS = ("incidents", "victim_records", "witnesses", "estimates")


def dashboard(ws: Workspace, conn: Connection) -> dict[str, Any]:
    names = ("items", "documents", "facts", *STAGE_COUNTS)
    row = conn.execute(
        select(
            SIZE_QUERY.scalar_subquery(),
            *(select(func.count()).select_from(table(n)).scalar_subquery() for n in names),
        )
    ).one()
    counts = {
        "ledger_events": int(row[0]),
        **{n: int(v) for n, v in zip(names, row[1:], strict=True)},
    }
    recent = conn.execute(
        select(ledger_entries.c.seq, ledger_entries.c.body)
        .order_by(ledger_entries.c.seq.desc())
        .limit(15)
    )
    latest = conn.execute(LATEST_CHECKPOINT_QUERY).scalar()
    return {
        "counts": counts,
        "recent_events": [event_json(r.seq, r.body) for r in recent],
        "latest_checkpoint": str(latest) if latest else None,
    }


# -- evidence items --


def items_page(
    conn: Connection,
    paging: Paging,
    q: str | None = None,
    media: str | None = None,
    tag: str | None = None,
) -> dict[str, Any]:
    query = select(items.c.sha256).order_by(items.c.first_seq.desc())
    if media:
        query = query.where(items.c.media_type.like(media.replace("*", "%") + "%"))
    if tag:
        query = query.where(
            items.c.sha256.in_(select(item_tags.c.item_sha256).where(item_tags.c.tag == tag))
        )
    if q and q.strip():
        ref = q.strip().lower()
        if len(ref) >= 6 and all(c in "0123456789abcdef" for c in ref):
            query = query.where(or_(hash_prefix(items.c.sha256, ref), item_match(conn, q)))
        else:
            query = query.where(item_match(conn, q))
    total, more = capped_count(conn, query)
    shas = list(conn.execute(query.limit(paging.per_page).offset(paging.offset)).scalars())
    rows = []
    if shas:
        base = {r.sha256: r for r in conn.execute(select(items).where(items.c.sha256.in_(shas)))}
        names: dict[str, list[str]] = {}
        labels: dict[str, list[str]] = {}
        acqs = conn.execute(
            select(acquisitions.c.item_sha256, acquisitions.c.original_name, acquisitions.c.label)
            .where(acquisitions.c.item_sha256.in_(shas))
            .order_by(acquisitions.c.id)
        )
        for a in acqs:
            for store, value in ((names, a.original_name), (labels, a.label)):
                vals = store.setdefault(a.item_sha256, [])
                if value and value not in vals:
                    vals.append(value)
        tags: dict[str, list[str]] = {}
        for t in conn.execute(
            select(item_tags).where(item_tags.c.item_sha256.in_(shas)).order_by(item_tags.c.tag)
        ):
            tags.setdefault(t.item_sha256, []).append(t.tag)
        for sha in shas:
            r = base[sha]
            rows.append(
                {
                    "sha256": sha,
                    "names": names.get(sha, []),
                    "labels": labels.get(sha, []),
                    "media_type": r.media_type,
                    "size": r.size,
                    "tags": tags.get(sha, []),
                    "first_acquired_at": r.first_acquired_at,
                }
            )
    return {
        "items": rows,
        "paging": paging.info(total, more),
        "filters": {"q": q, "media": media, "tag": tag},
    }


def item_detail_media(conn: Connection, sha: str) -> str:
    media = conn.execute(select(items.c.media_type).where(items.c.sha256 == sha)).scalar_one()
    return str(media)


def item_detail(ws: Workspace, conn: Connection, sha: str) -> dict[str, Any]:
    view = item_view(conn, sha).as_json()
    # One query (entries() pages with a second, empty one).
    timeline = [event_json(e.seq, e.body) for e in ws.ledger.entries_of_items(conn, [sha])]
    docs = conn.execute(
        select(documents.c.id, documents.c.language, documents.c.published, documents.c.created_at)
        .where(documents.c.item_sha256 == sha)
        .order_by(documents.c.id)
    ).all()
    view["timeline"] = timeline
    view["documents"] = [
        {"id": d.id, "language": d.language, "published": d.published, "created_at": d.created_at}
        for d in docs
    ]
    view["preview"] = preview(ws, conn, sha, view["media_type"])
    view["graphic"] = GRAPHIC_TAG in view["tags"]
    view["phash"] = phash_of(conn, sha)
    view["near_duplicates"] = near_duplicate_items(conn, sha) if view["phash"] else []
    return view


def near_duplicate_items(conn: Connection, sha: str) -> list[dict[str, Any]]:
    """Items whose perceptual hash is within ``phash.NEAR`` bits of this one's (one query),
    with a name and whether each is graphic (one more query each, over those few items)."""
    near = near_duplicates(conn, sha)
    if not near:
        return []
    shas = [n.sha256 for n in near]
    graphic = set(
        conn.execute(
            select(item_tags.c.item_sha256).where(
                item_tags.c.item_sha256.in_(shas), item_tags.c.tag == GRAPHIC_TAG
            )
        ).scalars()
    )
    names: dict[str, str] = {}
    for s, name in conn.execute(
        select(acquisitions.c.item_sha256, acquisitions.c.original_name)
        .where(acquisitions.c.item_sha256.in_(shas), acquisitions.c.original_name.is_not(None))
        .order_by(acquisitions.c.id)
    ):
        names.setdefault(s, name)
    return [
        {
            **n.as_json(),
            "bits_same": 64 - n.distance,
            "name": names.get(n.sha256),
            "graphic": n.sha256 in graphic,
        }
        for n in near
    ]


def preview(ws: Workspace, conn: Connection, sha: str, media_type: str) -> dict[str, Any]:
    """How to show the item: an image, text, the first page of a PDF, an HTML capture."""
    path = ws.blobs.path_for(sha)
    if media_type.startswith("image/"):
        return {"kind": "image"}
    if media_type == "application/pdf":
        try:
            from pypdf import PdfReader

            reader = PdfReader(str(path))
            first = reader.pages[0].extract_text() if reader.pages else ""
            return {"kind": "pdf", "pages": len(reader.pages), "text": first[:PREVIEW_CHARS]}
        except Exception as exc:  # a damaged PDF is evidence too: say why there is no preview
            return {"kind": "none", "reason": f"the PDF cannot be read: {exc}"[:300]}
    if media_type == "text/html":
        doc = conn.execute(
            select(documents.c.text)
            .where(documents.c.item_sha256 == sha)
            .order_by(documents.c.id.desc())
            .limit(1)
        ).scalar_one_or_none()
        return {"kind": "html", "text": (doc or "")[:PREVIEW_CHARS]}
    if media_type.startswith("text/") or media_type in ("application/json", "application/xml"):
        with path.open("rb") as f:
            head = f.read(PREVIEW_CHARS * 4)
        return {"kind": "text", "text": head.decode("utf-8", "replace")[:PREVIEW_CHARS]}
    return {"kind": "none", "reason": f"no preview for {media_type}"}


def verify_one(ws: Workspace, sha: str) -> dict[str, Any]:
    """Re-hashes one item and proves its events; the verification is itself a ledger event."""
    result = verify_item(ws, sha)
    events = [
        {
            "seq": e.seq,
            "kind": e.event.kind,
            "leaf_hash": leaf_hash(e.body).hex(),
            "tree_size": int(r.checkpoint_note.split("\n")[1]),
            "proof": [h.hex() for h in r.proof],
            "receipt": r.to_text(),
        }
        for e, r in result.receipts
    ]
    problems = [p.as_json() for p in result.report.problems]
    seq = ws.record_event(
        "verified",
        sha,
        {"ok": result.report.ok, "events_proven": len(events), "problems": len(problems)},
    )
    return {
        "item": sha,
        "ok": result.report.ok,
        "bytes_checked": result.report.bytes_checked,
        "problems": problems,
        "events": events,
        "vkey": ws.verifier.to_vkey(),
        "event_seq": seq,
    }


# -- ledger --


def ledger_page(
    conn: Connection, paging: Paging, kind: str | None = None, item: str | None = None
) -> dict[str, Any]:
    q = select(ledger_entries.c.seq, ledger_entries.c.body).order_by(ledger_entries.c.seq.desc())
    if kind:
        q = q.where(ledger_entries.c.kind == kind)
    if item:
        q = q.where(hash_prefix(ledger_entries.c.item_sha256, item.lower().strip()))
    total, more = capped_count(conn, q)
    rows = conn.execute(q.limit(paging.per_page).offset(paging.offset))
    return {
        "events": [event_json(r.seq, r.body) for r in rows],
        "paging": paging.info(total, more),
        "filters": {"kind": kind, "item": item},
        "kinds": list(conn.execute(_LEDGER_KINDS).scalars()),
    }


# The distinct event kinds by a skip scan of the kind index: one index seek per kind instead of
# reading every ledger entry (SELECT DISTINCT walks the whole index on SQLite).
_LEDGER_KINDS = text(
    "WITH RECURSIVE k(kind) AS (SELECT min(kind) FROM ledger_entries UNION ALL "
    "SELECT (SELECT min(kind) FROM ledger_entries WHERE kind > k.kind) FROM k "
    "WHERE k.kind IS NOT NULL) SELECT kind FROM k WHERE kind IS NOT NULL ORDER BY kind"
).columns(kind=String)


# -- sources (documents and their facts) --


def sources_page(
    conn: Connection, paging: Paging, q: str | None = None, language: str | None = None
) -> dict[str, Any]:
    query = select(*_SOURCE_COLUMNS).order_by(documents.c.id.desc())
    if language:
        query = query.where(documents.c.language == language)
    if q:
        query = query.where(documents.c.text.like(f"%{q.strip()}%"))
    total, more = capped_count(conn, query)
    found = list(conn.execute(query.limit(paging.per_page).offset(paging.offset)))
    counts: dict[int, int] = {
        int(doc): int(n)
        for doc, n in conn.execute(
            select(facts.c.document_id, func.count())
            .where(facts.c.document_id.in_([r.id for r in found]))
            .group_by(facts.c.document_id)
        )
    }
    rows = [{**dict(r._mapping), "facts": counts.get(r.id, 0)} for r in found]
    return {
        "documents": rows,
        "paging": paging.info(total, more),
        "filters": {"q": q, "language": language},
    }


_SOURCE_COLUMNS = (
    documents.c.id,
    documents.c.item_sha256,
    documents.c.language,
    documents.c.published,
    documents.c.created_at,
    func.substr(documents.c.text, 1, 160).label("opening"),
)


def source_detail(conn: Connection, doc_id: int) -> dict[str, Any]:
    doc = conn.execute(select(documents).where(documents.c.id == doc_id)).one_or_none()
    if doc is None:
        raise NotFound(f"there is no source document {doc_id}")
    found = [f for f in current_facts(conn, item=doc.item_sha256) if f.document_id == doc_id]
    used = fact_uses_of(conn, [f.id for f in found])
    fact_rows = []
    for f in found:
        fact_rows.append(
            {
                **f.as_json(),
                "quote": doc.text[f.span[0] : f.span[1]] if f.span else None,
                "used_in": used[f.id],
            }
        )
    return {
        "id": doc.id,
        "item_sha256": doc.item_sha256,
        "language": doc.language,
        "published": doc.published,
        "extractor_version": doc.extractor_version,
        "created_at": doc.created_at,
        "warnings": json.loads(doc.warnings),
        "text": doc.text,
        "facts": fact_rows,
        "segments": segments(doc.text, fact_rows),
    }


def segments(text: str, fact_rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The text cut at every fact boundary; each piece lists the facts covering it."""
    spans = [
        (max(0, f["span"][0]), min(len(text), f["span"][1]), f["id"], f["kind"])
        for f in fact_rows
        if f["span"] and f["span"][1] > f["span"][0]
    ]
    cuts = sorted({0, len(text)} | {s for s, _, _, _ in spans} | {e for _, e, _, _ in spans})
    out = []
    for a, b in itertools.pairwise(cuts):
        covering = [(fid, kind) for s, e, fid, kind in spans if s <= a and b <= e]
        out.append(
            {
                "text": text[a:b],
                "start": a,
                "facts": [fid for fid, _ in covering],
                "kinds": sorted({k for _, k in covering}),
            }
        )
    return out


def fact_uses(conn: Connection, fact_id: int) -> list[dict[str, Any]]:
    """Where a fact is used by later stages (tables with a fact_id column), as far as they exist."""
    return fact_uses_of(conn, [fact_id])[fact_id]


FACT_USES_LIMIT = 20  # rows per fact and table


def fact_uses_of(conn: Connection, fact_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """``fact_uses`` of several facts: one statement per table for all of them (a source's
    page asked each table once per fact: 30 statements, half of the page's time, most of it
    SQLAlchemy reading the same ``SELECT *`` description 30 times). On the driver's cursor:
    the rows are the driver's values either way."""
    uses: dict[int, list[dict[str, Any]]] = {f: [] for f in fact_ids}
    if not fact_ids:
        return uses
    qmark = conn.dialect.name == "sqlite"
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        for table in _fact_referencing_tables(conn):
            per_table: dict[int, int] = {}
            for start in range(0, len(fact_ids), 500):
                chunk = fact_ids[start : start + 500]
                if qmark:
                    marks, args = ", ".join("?" * len(chunk)), tuple(chunk)
                else:
                    marks = ", ".join(f"%(f{i})s" for i in range(len(chunk)))
                    args = {f"f{i}": f for i, f in enumerate(chunk)}  # type: ignore[assignment]
                cursor.execute(f"SELECT * FROM {table} WHERE fact_id IN ({marks})", args)
                names = [d[0] for d in cursor.description]
                at = names.index("fact_id")
                for r in cursor.fetchall():
                    fid = int(r[at])
                    if per_table.get(fid, 0) >= FACT_USES_LIMIT or fid not in uses:
                        continue
                    per_table[fid] = per_table.get(fid, 0) + 1
                    row = {k: _plain(v) for k, v in zip(names, r, strict=True)}
                    uses[fid].append({"table": table, "row": row})
    finally:
        cursor.close()
    return uses


_FACT_TABLES: dict[int, list[str]] = {}


def _fact_referencing_tables(conn: Connection) -> list[str]:
    key = id(conn.engine)
    if key not in _FACT_TABLES:
        insp = inspect(conn)
        found = []
        for name in insp.get_table_names():
            if name in ("facts", "documents") or name.startswith(("web_", "ledger")):
                continue
            if any(c["name"] == "fact_id" for c in insp.get_columns(name)):
                found.append(name)
        _FACT_TABLES[key] = found
    return _FACT_TABLES[key]


def _plain(v: Any) -> Any:
    return v if isinstance(v, str | int | float | bool | None) else str(v)


def fact_detail(conn: Connection, fact_id: int) -> dict[str, Any]:
    try:
        chain = fact_history(conn, fact_id)
    except CasefileError as exc:
        raise NotFound(str(exc)) from None
    return {
        "id": fact_id,
        "history": [f.as_json() for f in chain],
        "document_id": chain[-1].document_id,
        "item_sha256": chain[-1].item_sha256,
        "used_in": fact_uses(conn, fact_id),
    }


# -- estimates --


def estimates_page(conn: Connection) -> dict[str, Any]:
    """The latest estimation run per stratum with intervals (and a plot), and earlier runs."""
    from casefile.estimate.store import runs

    found = runs(conn, limit=20)
    if not found:
        return {"available": True, "latest": None, "runs": []}

    def run_json(r: Any) -> dict[str, Any]:
        return {
            "run_id": r.run_id,
            "method": r.method,
            "input_kind": r.input_kind,
            "input_sha256": r.input_sha256,
            "created_by": r.created_by,
            "created_at": r.created_at,
            "event_seq": r.event_seq,
            "estimates": [
                {**e.as_json(), "is_total": e is r.total, "stratum": e.stratum or "all"}
                for e in r.all
            ],
        }

    latest = run_json(found[0])
    latest["plot"] = interval_plot(latest["estimates"])
    # The review queue and both of its ends, as the run stored them (on the whole or total).
    latest["linkage"] = next(
        (
            e["diagnostics"]["linkage"]
            for e in reversed(latest["estimates"])
            if isinstance((e.get("diagnostics") or {}).get("linkage"), dict)
        ),
        None,
    )
    latest["draws"] = next(
        (e["diagnostics"]["draws"] for e in latest["estimates"] if e["diagnostics"].get("draws")),
        None,
    )
    return {"available": True, "latest": latest, "runs": [run_json(r) for r in found[1:]]}


def interval_plot(rows: list[dict[str, Any]], width: int = 640) -> dict[str, Any]:
    """Each stratum's estimate and interval as SVG coordinates (a dot and a whisker)."""
    usable = [r for r in rows if r.get("estimate") is not None]
    top = max(
        [float(r.get("upper") or r["estimate"]) for r in usable]
        + [float(r.get("observed") or 0) for r in usable]
        + [1.0]
    )
    left, right, row_h = 160, 40, 26
    scale = (width - left - right) / top
    out = []
    for i, r in enumerate(usable):
        y = 20 + i * row_h
        lo: Any = r["lower"] if r.get("lower") is not None else r["estimate"]
        hi: Any = r["upper"] if r.get("upper") is not None else r["estimate"]
        out.append(
            {
                "label": str(r["stratum"])[:24],
                "y": y,
                "x": round(left + float(r["estimate"]) * scale, 1),
                "x_lo": round(left + float(lo) * scale, 1),
                "x_hi": round(left + float(hi) * scale, 1),
                "x_obs": round(left + float(r.get("observed") or 0) * scale, 1),
            }
        )
    return {"width": width, "height": 40 + len(out) * row_h, "rows": out, "max": round(top)}
