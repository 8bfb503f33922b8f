"""Court bags: BagIt (RFC 8493) bags of evidence with their custody events and proofs.

Layout (see docs/bag-format.md):

    bagit.txt, bag-info.txt, manifest-sha256.txt, tagmanifest-sha256.txt
    data/items/<sha256>              the evidence bytes, named by their SHA-256
    casefile/ledger.vkey             the workspace's Ed25519 verifier key (C2SP note format)
    casefile/checkpoint.txt          ONE signed checkpoint every proof is made against
    casefile/items.json              what is known about each item
    casefile/events.jsonl            each custody event's exact canonical JSON, one per line
    casefile/proofs/<seq>.tlog-proof inclusion proof of event <seq> (C2SP tlog-proof)
    casefile/extra/...               files from the export providers (items, facts, victims, ...)

The bag is built in a temp folder beside OUT and renamed into place only when complete, so
nothing half-written ever looks like a bag.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import bagit
from sqlalchemy import Connection, inspect, select, text
from sqlalchemy.exc import DBAPIError

from casefile import __version__
from casefile.errors import CasefileError
from casefile.export.providers import collect_files
from casefile.roles import require_bag_reveal
from casefile.vault.catalog import item_views
from casefile.vault.checkpoint import Checkpoint, InclusionReceipt
from casefile.vault.merkle import inclusion_proof
from casefile.vault.schema import items
from casefile.vault.workspace import Workspace

BAG_DIR = "casefile"


@dataclass
class BagResult:
    path: Path
    items: int
    events: int
    bytes: int
    checkpoint_size: int
    tagmanifest_sha256: str
    extra_files: list[str] = field(default_factory=list)
    revealed: list[str] = field(default_factory=list)
    # Items left out because the consent of a witness does not cover this export: why, each.
    withheld: dict[str, str] = field(default_factory=dict)
    # each item's custody events in the bag (ledger positions), and the sealing event
    events_of_items: dict[str, list[int]] = field(default_factory=dict)
    seal_seq: int | None = None


def select_items(ws: Workspace, shas: Sequence[str] | None) -> list[str]:
    with ws.db.read() as conn:
        if shas is None:
            return list(conn.execute(select(items.c.sha256).order_by(items.c.sha256)).scalars())
        found = set(
            conn.execute(select(items.c.sha256).where(items.c.sha256.in_(list(shas)))).scalars()
        )
    missing = [s for s in shas if s not in found]
    if missing:
        raise CasefileError(f"not in the vault: {', '.join(m[:16] for m in missing)}")
    return sorted(set(shas))


def export_bag(
    ws: Workspace,
    shas: list[str],
    out: Path,
    description: str = "",
    reveal_as: str | None = None,
    reveal_reason: str | None = None,
) -> BagResult:
    """Writes a bag of ``shas`` to ``out`` (which must not exist); records an 'exported' event.

    Protected data (witness identities) goes in only when ``reveal_as`` names a role that may
    reveal it; that is recorded as a 'witness_revealed' event before the bag is moved into place.
    """
    out = out.absolute()
    if reveal_as is not None:
        require_bag_reveal(reveal_as)  # roles.BAG_REVEAL_ROLES
    if reveal_as is not None and not (reveal_reason or "").strip():
        raise CasefileError("revealing witness identities needs a reason (--reason)")
    if out.exists():
        raise CasefileError(f"{out} already exists: choose a new folder for the bag")
    withheld = _withheld(ws, shas)
    shas = [s for s in shas if s not in withheld]
    if not shas:
        raise CasefileError(
            "nothing to export: no items selected"
            + (f" ({len(withheld)} withheld for lack of consent)" if withheld else "")
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.partial-", dir=out.parent))
    try:
        result = _build(ws, shas, staging, description, reveal_as is not None)
        _seal(ws, staging, result)
        if result.revealed:
            ws.record_event(
                "witness_revealed",
                None,
                {
                    "role": reveal_as,
                    "reason": reveal_reason,
                    "providers": result.revealed,
                    "to": str(out),
                    "items": shas,
                    "tagmanifest_sha256": result.tagmanifest_sha256,
                },
            )
        os.replace(staging, out)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise CasefileError(f"could not write the bag to {out}: {exc.strerror or exc}") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    result.path = out
    result.withheld = withheld
    ws.record_event(
        "exported",
        None,
        {
            "format": "bagit",
            "to": str(out),
            "items": shas,
            "checkpoint_size": result.checkpoint_size,
            "tagmanifest_sha256": result.tagmanifest_sha256,
            "extra_files": result.extra_files,
            "revealed": result.revealed,
            "withheld": sorted(withheld),
            "sealed_by": result.seal_seq,
        },
    )
    return result


def _withheld(ws: Workspace, shas: list[str]) -> dict[str, str]:
    """Statement items whose witness's consent does not cover this export (witness stage)."""
    try:
        from casefile.witness.export_provider import withheld_items
    except ModuleNotFoundError:
        return {}
    with ws.db.read() as conn:
        if "statements" not in inspect(conn).get_table_names():
            return {}
        return withheld_items(conn, shas)


def _build(
    ws: Workspace,
    shas: list[str],
    staging: Path,
    description: str,
    include_protected: bool,
) -> BagResult:
    payload = staging / "items"
    payload.mkdir()
    total = 0
    for sha in shas:
        src = ws.blobs.path_for(sha)
        if not src.is_file():
            raise CasefileError(
                f"item {sha} has no blob in the store: run 'casefile verify' (nothing exported)"
            )
        shutil.copyfile(src, payload / sha)
        total += (payload / sha).stat().st_size
    with ws.db.read() as conn:
        note = ws.ledger.latest_checkpoint(conn)
        if note is None:
            raise CasefileError("the ledger has no signed checkpoint yet")
        cp = Checkpoint.open(note, ws.verifier, ws.origin)
        _check_item_column(conn)
        entries = ws.ledger.entries_of_items(conn, shas, below=cp.size)
        for e in entries:
            if e.event.item not in shas:
                raise CasefileError(
                    f"ledger entry {e.seq} is filed under an item its signed event does not "
                    "name: run 'casefile verify' (nothing exported)"
                )
        # Proofs of many entries share the nodes near the root: look each node up only once.
        lookup = functools.cache(ws.ledger.node_lookup(conn))
        receipts = [
            InclusionReceipt(e.seq, inclusion_proof(e.seq, cp.size, lookup), note) for e in entries
        ]
        views = {v.sha256: v.as_json() for v in item_views(conn, shas)}
        extra, revealed = collect_files(conn, shas, include_protected)
    bag = bagit.make_bag(
        str(staging),
        {
            "Source-Organization": "casefile workspace " + ws.origin,
            "External-Description": description or f"{len(shas)} evidence items",
            "Bag-Software-Agent": f"casefile/{__version__}",
            "Casefile-Checkpoint-Size": str(cp.size),
            "Casefile-Verifier-Key": ws.verifier.to_vkey(),
        },
        checksums=["sha256"],
    )
    for sha in shas:
        if bag.entries[f"data/items/{sha}"]["sha256"] != sha:
            raise CasefileError(f"the copy of item {sha} does not match its hash")
    tags = staging / BAG_DIR
    (tags / "proofs").mkdir(parents=True)
    (tags / "ledger.vkey").write_text(ws.verifier.to_vkey() + "\n")
    (tags / "checkpoint.txt").write_text(note)
    (tags / "items.json").write_text(json.dumps(views, indent=1, ensure_ascii=False))
    with (tags / "events.jsonl").open("wb") as f:
        for e in entries:
            f.write(e.body + b"\n")
    for e, r in zip(entries, receipts, strict=True):
        with_event = type(r)(r.index, r.proof, r.checkpoint_note, e.body)
        (tags / "proofs" / f"{e.seq}.tlog-proof").write_text(with_event.to_text())
    for name, data in extra.items():
        path = tags / "extra" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    (tags / "README.txt").write_text(README)
    bag.save(manifests=False)  # rewrites the tagmanifest, now over the casefile/ files too
    tagmanifest = (staging / "tagmanifest-sha256.txt").read_bytes()
    result = BagResult(
        staging,
        len(shas),
        len(entries),
        total,
        cp.size,
        hashlib.sha256(tagmanifest).hexdigest(),
        sorted(extra),
        revealed,
    )
    result.events_of_items = {sha: [e.seq for e in entries if e.event.item == sha] for sha in shas}
    return result


def _check_item_column(conn: Connection) -> None:
    """The bag selects each item's events by the ledger's item column: before trusting it,
    prove in the database that it equals the item of every signed event body (an event
    detached from its item would otherwise silently be left out of the bag)."""
    dialect = conn.dialect.name
    if dialect == "sqlite":
        item = "json_extract(CAST(body AS TEXT), '$.item')"
    elif dialect == "postgresql":
        item = "(convert_from(body, 'UTF8')::jsonb ->> 'item')"
    else:  # pragma: no cover - casefile runs on SQLite and PostgreSQL
        return
    query = text(
        f"SELECT seq FROM ledger_entries WHERE coalesce(item_sha256, '') "
        f"<> coalesce({item}, '') ORDER BY seq LIMIT 5"
    )
    try:
        with conn.begin_nested():
            bad = list(conn.execute(query).scalars())
    except DBAPIError:
        raise CasefileError(
            "a ledger entry's body is not a JSON event: run 'casefile verify' (nothing exported)"
        ) from None
    if bad:
        raise CasefileError(
            "the ledger's item column differs from the signed events at entries "
            f"{', '.join(map(str, bad))}: run 'casefile verify' (nothing exported)"
        )


# ---- the signed statement of everything in the bag ------------------------------------------

SEAL_MANIFEST = f"{BAG_DIR}/bag-manifest.txt"
SEAL_PROOF = f"{BAG_DIR}/bag-statement.tlog-proof"
# Files the signed manifest cannot list: itself, the statement's proof, and BagIt's tag
# manifest (rewritten after them). Every other file of the bag is listed.
UNSEALED = frozenset({SEAL_MANIFEST, SEAL_PROOF, "tagmanifest-sha256.txt"})


def bag_files(root: Path) -> dict[str, Path]:
    """Every file in the bag by its relative path ('/' separated); symlinks count as files."""
    found: dict[str, Path] = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() or path.is_symlink():
            found[path.relative_to(root).as_posix()] = path
    return found


def manifest_text(root: Path) -> str:
    """'<sha256>  <path>' for every file of the bag but the unsealed ones, sorted by path."""
    lines = []
    for rel, path in bag_files(root).items():
        if rel in UNSEALED:
            continue
        lines.append(f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {rel}\n")
    return "".join(lines)


def _seal(ws: Workspace, staging: Path, result: BagResult) -> None:
    """Logs a 'bag_sealed' event naming the SHA-256 of the bag's full manifest (payload, derived
    files, events, proofs, BagIt files) and each item's events, and puts its inclusion proof in
    the bag: what is in the bag is then signed, not only hashed by the unsigned tag manifest."""
    text = manifest_text(staging)
    (staging / SEAL_MANIFEST).write_text(text)
    seq = ws.record_event(
        "bag_sealed",
        None,
        {
            "format": "casefile-bag/1",
            "manifest_sha256": hashlib.sha256(text.encode()).hexdigest(),
            "files": text.count("\n"),
            "checkpoint_size": result.checkpoint_size,
            "items": sorted(result.events_of_items),
            "events": {sha: seqs for sha, seqs in sorted(result.events_of_items.items())},
        },
    )
    with ws.db.read() as conn:
        entry = ws.ledger.entry(conn, seq)
        receipt = ws.ledger.receipt(conn, seq)
    with_event = InclusionReceipt(receipt.index, receipt.proof, receipt.checkpoint_note, entry.body)
    (staging / SEAL_PROOF).write_text(with_event.to_text())
    bagit.Bag(str(staging)).save(manifests=False)  # the tag manifest, over the seal too
    tagmanifest = (staging / "tagmanifest-sha256.txt").read_bytes()
    result.tagmanifest_sha256 = hashlib.sha256(tagmanifest).hexdigest()
    result.seal_seq = seq


README = """This is a casefile evidence bag (BagIt, RFC 8493).

data/items/<sha256> are the evidence files, each named by the SHA-256 of its bytes.
casefile/events.jsonl holds every custody event of these items as canonical JSON (RFC 8785),
one per line; casefile/proofs/<n>.tlog-proof proves that event n is in the workspace's
append-only Merkle log (RFC 9162) under the signed checkpoint casefile/checkpoint.txt, whose
Ed25519 key is casefile/ledger.vkey. Check the key against one obtained independently.

To check everything: casefile verify-bag <this folder> --vkey <key obtained independently>.
The format is documented in casefile's docs/bag-format.md, precisely enough to check it
without casefile.
"""
