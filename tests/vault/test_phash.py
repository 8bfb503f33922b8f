"""Near-duplicate media: a perceptual hash per image item, recorded at acquisition (issue 28).

Real images made with Pillow: a picture, a resized and recompressed copy of it (other bytes,
another SHA-256) and an unrelated picture. The copy must be found as a near-duplicate by the
database's own distance query, on SQLite and (with CASEFILE_TEST_PG_URL) PostgreSQL; the
unrelated picture must not; and verify must notice a changed or deleted hash row.
"""

from __future__ import annotations

import random
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from sqlalchemy import delete, select, update

from casefile.vault.acquire import AddOptions, add_sources
from casefile.vault.phash import (
    KIND,
    NEAR,
    backfill,
    check_phashes,
    distance,
    image_phash,
    near_duplicates,
    phash_of,
    quarters,
)
from casefile.vault.schema import ledger_entries, media_phashes
from casefile.vault.verify import verify_workspace
from casefile.vault.workspace import Workspace


def scene(path: Path, seed: int, size: tuple[int, int] = (640, 480)) -> Path:
    """A picture with structure (shapes on a gradient), different for each seed."""
    rnd = random.Random(seed)
    img = Image.new("RGB", size)
    draw = ImageDraw.Draw(img)
    w, h = size
    for y in range(h):
        shade = int(255 * y / h)
        draw.line([(0, y), (w, y)], fill=(shade, rnd.randrange(256) // 4, 255 - shade))
    for _ in range(12):
        x0, y0 = rnd.randrange(w), rnd.randrange(h)
        x1, y1 = x0 + rnd.randrange(40, w // 2), y0 + rnd.randrange(40, h // 2)
        colour = (rnd.randrange(256), rnd.randrange(256), rnd.randrange(256))
        if rnd.random() < 0.5:
            draw.ellipse([x0, y0, x1, y1], fill=colour)
        else:
            draw.rectangle([x0, y0, x1, y1], fill=colour)
    img.save(path, "PNG")
    return path


def resized_copy(src: Path, dest: Path) -> Path:
    with Image.open(src) as img:
        img.convert("RGB").resize((400, 300), Image.Resampling.BILINEAR).save(
            dest, "JPEG", quality=55
        )
    return dest


def _add(ws: Workspace, *paths: Path) -> list[str]:
    results = add_sources(ws, [str(p) for p in paths], AddOptions())
    assert all(r.ok for r in results), results
    return [r.sha256 or "" for r in results]


def test_a_resized_copy_is_a_near_duplicate_and_an_unrelated_image_is_not(
    workspace: Workspace, tmp_path: Path
) -> None:
    original = scene(tmp_path / "original.png", seed=1)
    copy = resized_copy(original, tmp_path / "copy.jpg")
    other = scene(tmp_path / "other.png", seed=2)
    text = tmp_path / "note.txt"
    text.write_text("not an image")
    a, b, c, t = _add(workspace, original, copy, other, text)
    assert len({a, b, c}) == 3  # three items: other bytes
    with workspace.db.read() as conn:
        ha, hb, hc = (phash_of(conn, s) for s in (a, b, c))
        assert phash_of(conn, t) is None  # only images are hashed
        near_a = near_duplicates(conn, a)
        near_c = near_duplicates(conn, c)
        kinds = [
            k
            for (k,) in conn.execute(
                select(ledger_entries.c.kind)
                .where(ledger_entries.c.item_sha256 == a)
                .order_by(ledger_entries.c.seq)
            )
        ]
    assert ha and hb and hc
    assert distance(ha, hb) <= NEAR < distance(ha, hc)
    # the database's distance is the true Hamming distance
    assert [(n.sha256, n.distance) for n in near_a] == [(b, distance(ha, hb))]
    assert near_a[0].media_type == "image/jpeg"
    assert near_c == []
    assert kinds == ["acquired", KIND]
    assert verify_workspace(workspace, extra_checks=[check_phashes]).ok


def test_the_same_bytes_again_get_no_second_hash(workspace: Workspace, tmp_path: Path) -> None:
    img = scene(tmp_path / "a.png", seed=3)
    [sha] = _add(workspace, img)
    [again] = _add(workspace, img)
    assert again == sha
    with workspace.db.read() as conn:
        rows = conn.execute(select(media_phashes)).all()
        events = conn.execute(
            select(ledger_entries.c.seq).where(ledger_entries.c.kind == KIND)
        ).all()
    assert len(rows) == 1 and len(events) == 1


def test_distance_query_agrees_with_python_over_many_hashes(
    workspace: Workspace, tmp_path: Path
) -> None:
    """Edge bits (top and bottom of each quarter) and every distance 0..64 around one hash."""
    rnd = random.Random(7)
    base = rnd.getrandbits(64)
    flips = [1 << i for i in (0, 15, 16, 31, 32, 47, 48, 63)]
    values = [base ^ f for f in flips] + [base ^ ((1 << n) - 1) for n in range(0, 65, 4)]
    values += [rnd.getrandbits(64) for _ in range(20)]
    hexes = list(dict.fromkeys(f"{v:016x}" for v in [base, *values]))
    shas = [f"{i:064x}" for i in range(len(hexes))]
    from casefile.vault.phash import event_data, row
    from casefile.vault.schema import items

    stamp = "2026-01-01T00:00:00Z"
    pairs = list(zip(shas, hexes, strict=True))
    with workspace.db.write() as conn:  # rows only, no events: this is about the query
        conn.execute(
            items.insert(),
            [
                {"sha256": s, "size": 1, "media_type": "image/png", "first_seq": 0,
                 "first_acquired_at": stamp}
                for s in shas
            ],
        )  # fmt: skip
        conn.execute(
            media_phashes.insert(),
            [row(s, event_data(h), 10_000 + i) for i, (s, h) in enumerate(pairs)],
        )
    with workspace.db.read() as conn:
        found = near_duplicates(conn, shas[0], within=64, limit=1000)
    want = sorted((distance(hexes[0], h), s) for s, h in pairs[1:])
    assert [(n.distance, n.sha256) for n in found] == want


def test_verify_names_a_changed_or_deleted_hash_row(
    sqlite_workspace: Workspace, tmp_path: Path
) -> None:
    ws = sqlite_workspace
    [sha] = _add(ws, scene(tmp_path / "a.png", seed=4))
    with ws.db.write() as conn:
        conn.execute(update(media_phashes).where(media_phashes.c.item_sha256 == sha).values(q2=1))
    report = verify_workspace(ws, extra_checks=[check_phashes])
    assert [p.kind for p in report.problems] == ["phash-changed"]
    with ws.db.write() as conn:
        conn.execute(delete(media_phashes))
    report = verify_workspace(ws, extra_checks=[check_phashes])
    assert [p.kind for p in report.problems] == ["phash-row-missing"]


def test_backfill_hashes_images_acquired_without_one(workspace: Workspace, tmp_path: Path) -> None:
    a, b = _add(workspace, scene(tmp_path / "a.png", seed=5), scene(tmp_path / "b.png", seed=6))
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)  # sniffed as PNG, cannot decode
    [bad] = _add(workspace, broken)
    with workspace.db.read() as conn:
        assert phash_of(conn, bad) is None
        kept = phash_of(conn, a)
    # as if acquired before hashes were recorded: the rows and their events gone
    with workspace.db.write() as conn:
        conn.execute(delete(media_phashes).where(media_phashes.c.item_sha256 == b))
    result = backfill(workspace)
    assert result.hashed == 1 and [s for s, _ in result.skipped or []] == [bad]
    assert "cannot be decoded" in (result.skipped or [])[0][1]
    assert backfill(workspace).hashed == 0  # nothing new the second time
    with workspace.db.read() as conn:
        assert phash_of(conn, a) == kept and phash_of(conn, b) is not None


def test_hostile_images_get_no_hash_and_no_error(tmp_path: Path) -> None:
    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    bomb = tmp_path / "bomb.png"  # a header declaring 60000 x 60000 pixels
    ihdr = struct.pack(">IIBBBBB", 60000, 60000, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    bomb.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )
    ph, why = image_phash(bomb)
    assert ph is None and why and "very large" in why
    garbage = tmp_path / "garbage.jpg"
    garbage.write_bytes(b"\xff\xd8\xff\xe0" + b"\x13" * 100)
    ph, why = image_phash(garbage)
    assert ph is None and why and "cannot be decoded" in why


def test_quarters_round_trip() -> None:
    assert quarters("0123456789abcdef") == [0x0123, 0x4567, 0x89AB, 0xCDEF]
    with pytest.raises(ValueError):
        quarters("abc")


def test_the_command_line_hashes_older_items_and_lists_near_duplicates(
    sqlite_workspace: Workspace, tmp_path: Path
) -> None:
    import json

    from typer.testing import CliRunner

    from casefile.cli.main import app

    ws = sqlite_workspace
    original = scene(tmp_path / "original.png", seed=8)
    a, b = _add(ws, original, resized_copy(original, tmp_path / "copy.jpg"))
    with ws.db.write() as conn:  # as if acquired before hashes were recorded
        conn.execute(delete(media_phashes))
    runner = CliRunner()
    root = ["--workspace", str(ws.root), "--actor", "cli@test"]
    out = runner.invoke(app, [*root, "phash", "--all", "--json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output) == {"hashed": 2, "skipped": []}
    out = runner.invoke(app, [*root, "phash", a[:10], "--json"])
    assert out.exit_code == 0, out.output
    near = json.loads(out.output)["near"]
    assert [n["sha256"] for n in near] == [b]
    out = runner.invoke(app, [*root, "phash", a[:10]])
    assert "1 near-duplicate(s) within 8 bits" in out.output
    out = runner.invoke(app, [*root, "phash"])
    assert out.exit_code != 0 and "give an item" in out.output
