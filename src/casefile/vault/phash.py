"""Near-duplicate media: perceptual hashes of images, recorded at acquisition (issue 28).

A resized, recompressed or lightly edited copy of a photograph has other bytes, so another
SHA-256, but nearly the same perceptual hash. At acquisition each new image item gets its
64-bit pHash (``imagehash.phash``: the signs of the 8x8 lowest frequencies of the DCT of the
picture in grey, 32x32) as a ``media_hashed`` ledger event of its own, in the same transaction
as the item, with the algorithm and library version; the ``media_phashes`` row is that event's
projection and verify compares the two (``check_phashes``). A hash is derived from the bytes,
so it is one per item, never per acquisition. Items acquired before this existed get theirs
with ``casefile phash`` (``backfill``).

Two items are near-duplicates when their hashes differ in at most ``NEAR`` of 64 bits. The
hash is kept as four 16-bit quarters so that the Hamming distance is integer arithmetic that
SQLite and PostgreSQL both do: XOR as ``(a | b) - (a & b)``, then a 16-bit population count by
shifts and masks, in one query (``near_duplicates``).

What it is not: a proof of sameness. Flat or nearly uniform pictures (a blank sky, a black
frame) hash alike, and a crop or a mirror image usually does not come out near.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, and_, insert, select

from casefile.vault.custody_ledger import Event, utc_now
from casefile.vault.integrity import RowSpec, check_spec, item
from casefile.vault.schema import items, media_phashes
from casefile.vault.workspace import Workspace

KIND = "media_hashed"
ALGORITHM = "phash"  # imagehash.phash(image, hash_size=8, highfreq_factor=4): 64 bits
NEAR = 8  # at most this many of the 64 bits differ: a near-duplicate
BATCH = 200  # items per transaction when hashing existing items


def library() -> str:
    return f"imagehash {version('imagehash')}"


def image_phash(path: Path) -> tuple[str | None, str | None]:
    """The 64-bit pHash of an image file as 16 hex digits, and why there is none if not.

    Like EXIF, the hash is optional: an image Pillow cannot read, or one larger than Pillow's
    decompression-bomb warning limit (decoding it would take far more memory than a hash is
    worth), gets none and a note; nothing is raised."""
    import imagehash
    from PIL import Image

    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(path) as img:
                # JPEG: decode at a reduced scale (still at least 256 px): the hash looks at
                # 32x32 grey pixels, and a phone photograph decodes several times faster.
                img.draft("L", (256, 256))
                return str(imagehash.phash(img)), None
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            return None, f"no perceptual hash: a very large image ({exc})"
        except Exception as exc:  # hostile bytes raise many kinds; the hash is optional
            return None, f"no perceptual hash: the image cannot be decoded ({type(exc).__name__})"


def quarters(phash: str) -> list[int]:
    """The hash's four 16-bit quarters, most significant first."""
    if len(phash) != 16:
        raise ValueError(f"a 64-bit hash has 16 hex digits, not {phash!r}")
    return [int(phash[i : i + 4], 16) for i in range(0, 16, 4)]


def distance(a: str, b: str) -> int:
    return (int(a, 16) ^ int(b, 16)).bit_count()


def event_data(phash: str) -> dict[str, Any]:
    return {"algorithm": ALGORITHM, "phash": phash, "bits": 64, "library": library()}


def row(sha: str, data: dict[str, Any], seq: int) -> dict[str, Any]:
    q = quarters(data["phash"])
    return {
        "item_sha256": sha,
        "algorithm": data["algorithm"],
        "phash": data["phash"],
        "q0": q[0],
        "q1": q[1],
        "q2": q[2],
        "q3": q[3],
        "event_seq": seq,
    }


def record_hashes(
    conn: Connection,
    record_many: Callable[[list[Event]], list[int]],
    hashed: Sequence[tuple[str, str, str, str]],
) -> None:
    """Records (item, phash, actor, time) as 'media_hashed' events and their rows, inside the
    caller's transaction (after the items' own rows)."""
    if not hashed:
        return
    events = [Event(KIND, actor, event_data(ph), sha, at) for sha, ph, actor, at in hashed]
    seqs = record_many(events)
    conn.execute(
        insert(media_phashes),
        [row(ev.item or "", ev.data, seq) for ev, seq in zip(events, seqs, strict=True)],
    )


# ---- near-duplicates: one query ---------------------------------------------------------------


def _op(a: Any, op: str, b: Any) -> Any:
    """``(a op b)``, parenthesised: SQLite and PostgreSQL rank ``&``, ``|``, ``>>`` differently
    from ``+`` and ``-``, so nothing is left to precedence."""
    return a.op(op)(b).self_group()


# A 16-bit population count in four steps of shifts and masks (SQLite has no POPCOUNT): each
# step one derived table over the previous one's columns x0..x3, so the SQL stays small.
POPCOUNT_STEPS: tuple[Callable[[Any], Any], ...] = (
    lambda x: _op(x, "-", _op(_op(x, ">>", 1), "&", 0x5555)),
    lambda x: _op(_op(x, "&", 0x3333), "+", _op(_op(x, ">>", 2), "&", 0x3333)),
    lambda x: _op(_op(x, "+", _op(x, ">>", 4)), "&", 0x0F0F),
    lambda x: _op(_op(x, "+", _op(x, ">>", 8)), "&", 0x1F),
)


@dataclass
class NearDuplicate:
    sha256: str
    distance: int
    phash: str
    media_type: str

    def as_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def near_duplicates(
    conn: Connection, sha: str, within: int = NEAR, limit: int = 50
) -> list[NearDuplicate]:
    """Other items whose pHash differs from this item's in at most ``within`` bits, nearest
    first: one query (a scan of the narrow hash table, the distance computed by the database)."""
    a = media_phashes.alias("a")
    b = media_phashes.alias("b")
    step: Any = (
        select(
            b.c.item_sha256.label("sha"),
            b.c.phash.label("phash"),
            *[  # XOR, which SQLite lacks: (a | b) - (a & b)
                _op(_op(a.c[q], "|", b.c[q]), "-", _op(a.c[q], "&", b.c[q])).label(f"x{i}")
                for i, q in enumerate(("q0", "q1", "q2", "q3"))
            ],
        )
        .select_from(
            a.join(b, and_(b.c.algorithm == a.c.algorithm, b.c.item_sha256 != a.c.item_sha256))
        )
        .where(a.c.item_sha256 == sha)
        .subquery("s0")
    )
    for n, count in enumerate(POPCOUNT_STEPS[:-1], 1):
        cols = [count(step.c[f"x{i}"]).label(f"x{i}") for i in range(4)]
        step = select(step.c.sha, step.c.phash, *cols).subquery(f"s{n}")
    last = POPCOUNT_STEPS[-1]
    dist = _op(
        _op(last(step.c.x0), "+", last(step.c.x1)), "+", _op(last(step.c.x2), "+", last(step.c.x3))
    )
    scored = select(step.c.sha, step.c.phash, dist.label("distance")).subquery("scored")
    q = (
        select(scored.c.sha, scored.c.distance, scored.c.phash, items.c.media_type)
        .join(items, items.c.sha256 == scored.c.sha)
        .where(scored.c.distance <= within)
        .order_by(scored.c.distance, scored.c.sha)
        .limit(limit)
    )
    return [NearDuplicate(r.sha, int(r.distance), r.phash, r.media_type) for r in conn.execute(q)]


def phash_of(conn: Connection, sha: str) -> str | None:
    found = conn.execute(
        select(media_phashes.c.phash).where(media_phashes.c.item_sha256 == sha)
    ).scalar_one_or_none()
    return None if found is None else str(found)


# ---- items acquired before hashes were recorded -------------------------------------------------


@dataclass
class BackfillResult:
    hashed: int = 0
    skipped: list[tuple[str, str]] | None = None  # (item, why no hash)

    def __post_init__(self) -> None:
        if self.skipped is None:
            self.skipped = []


def unhashed_images(conn: Connection) -> list[str]:
    q = (
        select(items.c.sha256)
        .outerjoin(media_phashes, media_phashes.c.item_sha256 == items.c.sha256)
        .where(items.c.media_type.like("image/%"), media_phashes.c.item_sha256.is_(None))
        .order_by(items.c.first_seq)
    )
    return [str(s) for s in conn.execute(q).scalars()]


def backfill(ws: Workspace, progress: Callable[[int, int], None] | None = None) -> BackfillResult:
    """Hashes every image item that has no perceptual hash yet: a 'media_hashed' event each
    (by the acting user, now), in transactions of ``BATCH`` items. Running it again does
    nothing new; an image that cannot be decoded is named and skipped (asked again next time)."""
    with ws.db.read() as conn:
        todo = unhashed_images(conn)
    result = BackfillResult()
    assert result.skipped is not None
    for start in range(0, len(todo), BATCH):
        chunk = todo[start : start + BATCH]
        hashed: list[tuple[str, str, str, str]] = []
        for sha in chunk:
            ph, why = image_phash(ws.blobs.path_for(sha))
            if ph is None:
                result.skipped.append((sha, why or "no hash"))
            else:
                hashed.append((sha, ph, ws.actor, utc_now()))
        with ws.transaction() as tx:
            # another process may have hashed some meanwhile: those are left as they are
            have = set(
                tx.conn.execute(
                    select(media_phashes.c.item_sha256).where(
                        media_phashes.c.item_sha256.in_([h[0] for h in hashed])
                    )
                ).scalars()
            )
            fresh = [h for h in hashed if h[0] not in have]
            record_hashes(tx.conn, tx.record_many, fresh)
        result.hashed += len(fresh)
        if progress is not None:
            progress(min(start + BATCH, len(todo)), len(todo))
    return result


# ---- verify ---------------------------------------------------------------------------------


def _quarter(i: int) -> Callable[[Event, Any], Any]:
    def expect(ev: Event, row: Any) -> Any:
        try:
            return quarters(str(ev.data.get("phash")))[i]
        except ValueError:
            return None

    return expect


PHASH_SPEC = RowSpec(
    media_phashes,
    (KIND,),
    {
        "item_sha256": item,
        "algorithm": lambda ev, row: ev.data.get("algorithm"),
        "phash": lambda ev, row: ev.data.get("phash"),
        **{f"q{i}": _quarter(i) for i in range(4)},
    },
    required=(KIND,),
    key=lambda row: str(row.item_sha256),
    problem="phash",
)


def check_phashes(ws: Workspace, conn: Connection, report: Any) -> None:
    """Each perceptual hash row is what its 'media_hashed' event logged, and every such event
    has its row."""
    check_spec(conn, report, PHASH_SPEC)
