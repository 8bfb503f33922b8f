"""Export benchmark: writing and verifying a bag, against plain SHA-256 over the same bytes.

python bench/export.py                       # 200 MB in 1,000 items
python bench/export.py --full                # 1 GB in 10,000 items
"""

from __future__ import annotations

import argparse
import hashlib
import os
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from casefile.export.bag import export_bag, select_items
from casefile.export.verify_bag import verify_bag
from casefile.vault.acquire import add_sources
from casefile.vault.workspace import Workspace


def hash_files(paths: list[Path]) -> float:
    t = time.perf_counter()
    for p in paths:
        with p.open("rb") as f:
            h = hashlib.sha256()
            while chunk := f.read(1 << 20):
                h.update(chunk)
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--mb", type=int, default=200)
    ap.add_argument("--items", type=int, default=1000)
    ap.add_argument("--full", action="store_true", help="1 GB in 10,000 items")
    args = ap.parse_args()
    if args.full:
        args.mb, args.items = 1000, 10_000
    console = Console()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        src = base / "src"
        src.mkdir()
        size = args.mb * 1_000_000 // args.items
        console.print(f"writing {args.items} items of {size:,} bytes…")
        for i in range(args.items):
            (src / f"item{i:06}.bin").write_bytes(os.urandom(size))
        ws = Workspace.init(base / "ws")
        add_sources(ws, [str(src)])
        shas = select_items(ws, None)
        blobs = [ws.blobs.path_for(s) for s in shas]
        hash_files(blobs)  # warm the cache equally
        t_hash = hash_files(blobs)
        t = time.perf_counter()
        export_bag(ws, shas, base / "bag")
        t_export = time.perf_counter() - t
        bag_files = sorted((base / "bag" / "data" / "items").iterdir())
        hash_files(bag_files)
        t_hash_bag = hash_files(bag_files)
        t = time.perf_counter()
        report = verify_bag(base / "bag", ws.verifier.to_vkey())
        t_verify = time.perf_counter() - t
        assert report.ok, report.problems[:3]
        ws.close()
    mb = args.mb
    table = Table(title=f"bag of {args.items:,} items, {mb} MB", show_lines=True)
    for col in ("measurement", "casefile", "plain sha256 of the same bytes", "ratio"):
        table.add_column(col)
    table.add_row(
        "export (copy, hash, proofs, manifests)",
        f"{mb / t_export:.0f} MB/s",
        f"{mb / t_hash:.0f} MB/s",
        f"{t_hash / t_export:.2f}x",
    )
    table.add_row(
        "verify-bag (bagit + own hash + every proof)",
        f"{mb / t_verify:.0f} MB/s",
        f"{mb / t_hash_bag:.0f} MB/s",
        f"{t_hash_bag / t_verify:.2f}x",
    )
    console.print(table)


if __name__ == "__main__":
    main()
