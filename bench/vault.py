"""Vault benchmark: adding large and many small files, ledger appends, proof verification.

Each measurement runs in a fresh child process so that its peak memory (max RSS) is its own.
The peer for adding is plain hashlib.sha256 over the same bytes, measured in the same run.

    python bench/vault.py                 # 1 GiB large file, 10,000 small files, 1M leaves
    python bench/vault.py --large-gib 2   # the issue's 2 GiB
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from rich.console import Console
from rich.table import Table

CHILD_HASH = """
import hashlib, json, resource, sys, time
t = time.perf_counter(); h = hashlib.sha256(); n = 0
with open(sys.argv[1], "rb") as f:
    while chunk := f.read(1 << 20):
        h.update(chunk); n += len(chunk)
dt = time.perf_counter() - t
print(json.dumps({"seconds": dt, "bytes": n,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

CHILD_COPY = """
import json, os, sys, time
t = time.perf_counter(); n = 0
with open(sys.argv[1], "rb") as src, open(sys.argv[2], "wb") as dst:
    while chunk := src.read(1 << 20):
        dst.write(chunk); n += len(chunk)
    dst.flush(); os.fsync(dst.fileno())
print(json.dumps({"seconds": time.perf_counter() - t, "bytes": n}))
"""

CHILD_HASH_TREE = """
import hashlib, json, os, resource, sys, time
t = time.perf_counter(); n = 0
for root, _, files in os.walk(sys.argv[1]):
    for name in files:
        with open(os.path.join(root, name), "rb") as f:
            hashlib.sha256(f.read()).hexdigest(); n += 1
print(json.dumps({"seconds": time.perf_counter() - t, "files": n}))
"""

CHILD_ADD = """
import json, resource, sys, time
from pathlib import Path
from casefile.vault.workspace import Workspace
from casefile.vault.acquire import add_sources
ws = Workspace.open(Path(sys.argv[1]))
t = time.perf_counter()
res = add_sources(ws, [sys.argv[2]])
dt = time.perf_counter() - t
assert all(r.ok for r in res), [r for r in res if not r.ok][:3]
print(json.dumps({"seconds": dt, "items": len(res),
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

CHILD_LEDGER = """
import json, resource, sys, time, random
from pathlib import Path
from casefile.vault.workspace import Workspace
from casefile.vault.custody_ledger import Event
from casefile.vault.merkle import leaf_hash, verify_inclusion
from casefile.vault.checkpoint import Checkpoint
ws = Workspace.open(Path(sys.argv[1]))
total, batch, single = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
sha = "ab" * 32
t = time.perf_counter()
for _ in range(single):
    ws.record_event("viewed", sha, {"reason": "benchmark"})
single_rate = single / (time.perf_counter() - t)
def append(count, batch, start):
    done = 0
    while done < count:
        n = min(batch, count - done)
        with ws.transaction() as tx:
            tx.record_many([Event("viewed", ws.actor, {"n": start + done + i}, sha)
                            for i in range(n)])
        done += n
rest = total - single
small = rest // 2
t, c = time.perf_counter(), time.process_time()
append(small, batch, single)
batch_rate = small / (time.perf_counter() - t)
batch_cpu_rate = small / (time.process_time() - c)
t, c = time.perf_counter(), time.process_time()
append(rest - small, batch * 10, single + small)
big_rate = (rest - small) / (time.perf_counter() - t)
big_cpu_rate = (rest - small) / (time.process_time() - c)
rng = random.Random(1)
with ws.db.read() as conn:
    note = ws.ledger.latest_checkpoint(conn)
    cp = Checkpoint.open(note, ws.verifier)
    seqs = [rng.randrange(cp.size) for _ in range(1000)]
    t = time.perf_counter()
    receipts = [(ws.ledger.entry(conn, s), ws.ledger.receipt(conn, s, note)) for s in seqs]
    gen_ms = (time.perf_counter() - t) / len(seqs) * 1000
leaves = [leaf_hash(e.body) for e, _ in receipts]
t = time.perf_counter()
for leaf, (e, r) in zip(leaves, receipts):
    assert verify_inclusion(leaf, r.index, cp.size, r.proof, cp.root)
verify_us = (time.perf_counter() - t) / len(receipts) * 1e6
print(json.dumps({"size": cp.size, "single_rate": single_rate, "batch_rate": batch_rate,
                  "batch_cpu_rate": batch_cpu_rate, "big_rate": big_rate,
                  "big_cpu_rate": big_cpu_rate,
                  "proof_gen_ms": gen_ms, "verify_us": verify_us,
                  "proof_len": len(receipts[0][1].proof),
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def child(code: str, *args: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", code, *args], check=True, capture_output=True, text=True
    ).stdout
    result: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    return result


def new_workspace(base: Path, name: str) -> Path:
    from casefile.vault.workspace import Workspace

    path = base / name
    Workspace.init(path).close()
    return path


def make_large(path: Path, gib: float) -> None:
    block = os.urandom(1 << 20)
    with path.open("wb") as f:
        for i in range(int(gib * 1024)):
            # Vary each MiB so nothing dedups or compresses below us.
            f.write(i.to_bytes(8, "little") + block[8:])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--large-gib", type=float, default=1.0)
    ap.add_argument("--small-files", type=int, default=10_000)
    ap.add_argument("--leaves", type=int, default=1_000_000)
    ap.add_argument("--dir", type=Path, default=None, help="scratch folder (default: a temp)")
    args = ap.parse_args()
    console = Console()
    table = Table(title="casefile vault benchmark", show_lines=True)
    for col in ("measurement", "data", "casefile", "peer (same run)", "ratio / target"):
        table.add_column(col)
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        base = Path(tmp)
        console.print(f"large file: writing {args.large_gib:g} GiB of test data…")
        big = base / "big.bin"
        make_large(big, args.large_gib)
        child(CHILD_HASH, str(big))  # warm the page cache equally for both
        peer = child(CHILD_HASH, str(big))
        ours = child(CHILD_ADD, str(new_workspace(base, "ws-large")), str(big))
        copy = child(CHILD_COPY, str(big), str(base / "copy.bin"))
        (base / "copy.bin").unlink()
        mb = peer["bytes"] / 1e6
        ratio = (mb / ours["seconds"]) / (mb / peer["seconds"])
        table.add_row(
            "add one large file",
            f"{args.large_gib:g} GiB random bytes",
            f"{mb / ours['seconds']:.0f} MB/s, max RSS {ours['rss_mb']:.0f} MB",
            f"hashlib.sha256: {mb / peer['seconds']:.0f} MB/s, max RSS {peer['rss_mb']:.0f} MB",
            f"{ratio:.2f}x (target >= 0.9x)",
        )
        table.add_row(
            "",
            "the disk's own limit",
            "",
            f"durable copy (read, write, fsync; no hash): {mb / copy['seconds']:.0f} MB/s",
            f"casefile at {(mb / ours['seconds']) / (mb / copy['seconds']):.2f}x of it",
        )
        big.unlink()
        console.print(f"small files: writing {args.small_files} files…")
        small = base / "small"
        for i in range(args.small_files):
            sub = small / f"d{i // 1000:03}"
            sub.mkdir(parents=True, exist_ok=True)
            (sub / f"f{i:06}.txt").write_text(f"statement {i}\n" * (1 + i % 20))
        peer_small = child(CHILD_HASH_TREE, str(small))
        ours_small = child(CHILD_ADD, str(new_workspace(base, "ws-small")), str(small))
        table.add_row(
            "add many small files",
            f"{args.small_files:,} files of 13-300 bytes",
            f"{ours_small['items'] / ours_small['seconds']:,.0f} items/s (stored, fsynced, logged)",
            f"read+hash only: {peer_small['files'] / peer_small['seconds']:,.0f} files/s",
            "",
        )
        console.print(f"ledger: appending {args.leaves:,} events…")
        led = child(
            CHILD_LEDGER, str(new_workspace(base, "ws-ledger")), str(args.leaves), "1000", "200"
        )
        table.add_row(
            "ledger appends",
            f"{args.leaves // 2:,} events of ~250 bytes, SQLite, batches of 1,000",
            f"{led['batch_rate']:,.0f} events/s "
            f"(per CPU-second of this process: {led['batch_cpu_rate']:,.0f})",
            f"one commit per event: {led['single_rate']:,.0f} events/s",
            "target >= 20,000/s",
        )
        table.add_row(
            "",
            f"{args.leaves // 2:,} more events, batches of 10,000",
            f"{led['big_rate']:,.0f} events/s "
            f"(per CPU-second of this process: {led['big_cpu_rate']:,.0f})",
            "",
            "target >= 20,000/s",
        )
        table.add_row(
            "inclusion proof",
            f"tree of {led['size']:,.0f} leaves, {led['proof_len']:.0f} hashes",
            f"verify {led['verify_us']:.1f} µs",
            f"build from database: {led['proof_gen_ms']:.2f} ms",
            "target well under 1 ms",
        )
    console.print(table)
    load = os.getloadavg()
    console.print(
        f"load average during the run: {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} "
        f"on {os.cpu_count()} cores (wall rates fall when other work shares the cores; "
        "the per-CPU-second rates show this process's own cost)"
    )


if __name__ == "__main__":
    main()
