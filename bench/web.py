"""Web benchmark: latency of the main list and search pages under 50 concurrent clients.

Builds a workspace with 50,000 vault items (real acquisitions), 2,000 cleaned source texts with
their facts, 10,000 incidents and 100,000 victim records (bulk-loaded synthetic rows, recorded
as one 'bench_seeded' ledger event per table), serves it with uvicorn in its own process on
127.0.0.1, and loads each page with wrk (Debian package) if installed, else with an asyncio
httpx client; both keep 50 connections open for the whole run.

Each page is measured twice in the same run: **cold**, against a server with the page cache
turned off (CASEFILE_WEB_CACHE=0: every request runs its queries and
renders its template), and **warm**, against a server with them on (the default: after the
first request, the page comes from the cache until the ledger changes). Search ranks with
FTS5's own bm25 (PostgreSQL: tsvector), nothing kept per worker. The machine's load average
is printed with each half.

    python bench/web.py                       # the issue's sizes
    python bench/web.py --items 5000 --incidents 1000 --victims 10000   # a quick run
    python bench/web.py --reuse DIR           # load an existing bench workspace again
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from rich.console import Console
from rich.table import Table
from sqlalchemy import func, insert, select, update

console = Console(width=170)
WORDS = (  # noqa: SIM905
    "shelling market school hospital convoy checkpoint bridge village district station "
    "evacuation civilians drone artillery missile basement shelter residents witness report "
    "Bucha Irpin Hostomel Kharkiv Izium Mariupol Kherson Chernihiv Sumy Borodianka"
).split()
PASSWORD = "bench password 123"


def _text(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def build(root: Path, n_items: int, n_docs: int, n_incidents: int, n_victims: int) -> str:
    from casefile.case.schema import incident_versions, incidents
    from casefile.ingest.schema import documents, facts
    from casefile.people.name_search import index_list
    from casefile.people.schema import victim_lists, victim_records
    from casefile.vault.acquire import AddOptions, add_sources
    from casefile.vault.custody_ledger import utc_now
    from casefile.vault.workspace import Workspace
    from casefile.web.accounts import add_user, create_token

    rng = random.Random(7)
    ws = Workspace.init(root / "ws", None, actor="bench@local")
    src = root / "files"
    src.mkdir()
    t = time.perf_counter()
    for i in range(n_items):
        (src / f"report-{i:06d}.txt").write_text(f"item {i} {_text(rng, 12)}\n")
    res = add_sources(ws, [str(src)], AddOptions(tags=["bench"]))
    shas = [r.sha256 for r in res if r.sha256]
    console.print(f"{len(shas):,} items added in {time.perf_counter() - t:.1f} s")
    shutil.rmtree(src)
    now = utc_now()
    with ws.transaction() as tx:
        seq = tx.record("bench_seeded", None, {"documents": n_docs, "facts_per_document": 10})
        doc_rows = []
        for i in range(n_docs):
            doc_rows.append(
                {
                    "id": i + 1,
                    "item_sha256": shas[i % len(shas)],
                    "extractor_version": "bench",
                    "language": "en",
                    "published": "2022-04-04",
                    "text": _text(rng, 300),
                    "removed": "[]",
                    "warnings": "[]",
                    "models": "{}",
                    "event_seq": seq,
                    "created_at": now,
                }
            )
        tx.conn.execute(insert(documents), doc_rows)
        fact_rows = []
        for d in doc_rows:
            for k in range(10):
                start = k * 40
                fact_rows.append(
                    {
                        "document_id": d["id"],
                        "item_sha256": d["item_sha256"],
                        "kind": rng.choice(["figure", "place", "person", "claim", "date"]),
                        "span_start": start,
                        "span_end": start + 20,
                        "payload": json.dumps({"text": d["text"][start : start + 20]}),
                        "origin": "machine",
                        "created_by": "bench",
                        "created_at": now,
                        "event_seq": seq,
                    }
                )
        tx.conn.execute(insert(facts), fact_rows)
    with ws.transaction() as tx:
        seq = tx.record("bench_seeded", None, {"incidents": n_incidents})
        tx.conn.execute(
            insert(incidents), [{"id": i + 1, "created_at": now} for i in range(n_incidents)]
        )
        rows = []
        for i in range(n_incidents):
            place = rng.choice(WORDS[-12:])
            day = f"2022-{rng.randint(2, 12):02d}-{rng.randint(1, 28):02d}"
            rows.append(
                {
                    "incident_id": i + 1,
                    "version": 1,
                    "title": f"{rng.choice(['Shelling', 'Strike', 'Killings'])} in {place} #{i}",
                    "description": _text(rng, 20),
                    "incident_type": "attack",
                    "status": rng.choice(["reported", "corroborated", "verified"]),
                    "places": json.dumps(
                        [
                            {
                                "name": place,
                                "lat": 47 + rng.random() * 5,
                                "lon": 24 + rng.random() * 14,
                            }
                        ]
                    ),
                    "period_start": day,
                    "period_end": day,
                    "period_precision": "day",
                    "state": "open",
                    "successors": "[]",
                    "predecessors": "[]",
                    "created_by": "bench",
                    "created_at": now,
                    "event_seq": seq,
                    "is_current": True,  # each incident has one version
                }
            )
        tx.conn.execute(insert(incident_versions), rows)
        # Each incident's current version, as the case stage keeps it.
        tx.conn.execute(
            update(incidents).values(
                current_version_id=select(func.max(incident_versions.c.id))
                .where(incident_versions.c.incident_id == incidents.c.id)
                .scalar_subquery()
            )
        )
    with ws.transaction() as tx:
        seq = tx.record("bench_seeded", None, {"victim_records": n_victims})
        list_id = tx.conn.execute(
            insert(victim_lists)
            .values(
                source="bench",
                item_sha256=shas[0],
                file_name="bench.csv",
                mapping="{}",
                rows=n_victims,
                event_year=2022,
                event_seq=seq,
                created_by="bench",
                created_at=now,
            )
            .returning(victim_lists.c.id)
        ).scalar_one()
        given = ["Olena", "Ivan", "Petro", "Mariia", "Oksana", "Andrii", "Iryna", "Taras"]
        family = ["Kovalenko", "Shevchenko", "Bondarenko", "Tkachenko", "Kravchenko", "Melnyk"]
        batch = []
        for i in range(n_victims):
            f = rng.choice(family) + ("" if i % 7 else f"-{i % 997}")
            g = rng.choice(given)
            batch.append(
                {
                    "list_id": list_id,
                    "source": "bench",
                    "record_id": str(i),
                    "row_number": i + 2,
                    "full_name": f"{f} {g}",
                    "given_name": g,
                    "family_name": f,
                    "sex": rng.choice("MF"),
                    "place": rng.choice(WORDS[-12:]),
                    "status": rng.choice(["killed", "missing", "injured"]),
                    "extra": "{}",
                }
            )
            if len(batch) == 10000:
                tx.conn.execute(insert(victim_records), batch)
                batch = []
        if batch:
            tx.conn.execute(insert(victim_records), batch)
        index_list(tx.conn, list_id)  # the name-search rows, as the import writes them
    add_user(ws, "bench", "admin", PASSWORD)
    token = create_token(ws, "bench", "benchmark")
    (root / "token").write_text(token)
    ws.close()
    return token


PAGES = [
    # The floor: the HTTP stack alone (no login, no database) under the same load.
    ("floor: /healthz", "/healthz"),
    ("dashboard", "/"),
    ("items (html)", "/items"),
    ("items (json)", "/api/items"),
    ("items ?q=name", "/items?q=report-0123"),
    ("items page 500", "/items?page=500"),
    ("item", "/items/{sha}"),
    ("sources", "/sources"),
    ("source + facts", "/sources/17"),
    ("search (html)", "/search?q=checkpoint+bridge"),
    ("search (json)", "/api/search?q=Irpin"),
    ("ledger", "/ledger"),
    ("incidents", "/incidents"),
    ("incidents ?q=", "/incidents?q=Irpin"),
    ("timeline", "/timeline"),
    ("timeline p.20", "/timeline?page=20"),
    ("timeline ?q=", "/timeline?q=Irpin"),
    ("victims ?q=", "/victims?q=Shevchenko-10"),
    ("victims ?q= middle", "/victims?q=chenko"),
    ("victims ?q= Cyrillic", "/victims?q=%D0%A8%D0%B5%D0%B2%D1%87%D0%B5%D0%BD%D0%BA%D0%BE"),
    ("victims", "/victims"),
]


def miss_scenarios(n_items: int, n_incidents: int) -> list[tuple[str, list[str]]]:
    """Many distinct URLs per page kind, for the page-cache server: each is asked about once,
    so nearly every request is a real cache miss (a new page, search term or name)."""
    rng = random.Random(11)
    # Enough distinct URLs for 10 s at ~1,500 requests/s (the script stops when they run out).
    terms = sorted({"+".join(rng.sample(WORDS, rng.choice((1, 2, 3)))) for _ in range(40000)})
    names = ["Kovalenko", "Shevchenko", "Bondarenko", "Tkachenko", "Kravchenko", "Melnyk"]
    given = ["Olena", "Ivan", "Petro", "Mariia", "Oksana", "Andrii", "Iryna", "Taras"]
    parts = sorted({n[i : i + k] for n in names for k in (4, 5, 6) for i in range(len(n) - k + 1)})
    numbered = [f"{n}-{i}" for n in names for i in range(997)]
    with_given = [f"{p}+{g}&page={k}" for p in parts for g in given for k in range(1, 21)]

    def pages(path: str, rows: int) -> list[str]:
        return [
            f"{path}?page={i}&per_page={pp}"
            for pp in (20, 25, 30, 40, 50, 60, 75, 100)
            for i in range(1, rows // pp + 1)
        ]

    def statuses(urls: list[str]) -> list[str]:
        return [
            f"{u}{st}"
            for u in urls
            for st in ("", "&status=reported", "&status=corroborated", "&status=verified")
        ]

    out = [
        ("miss: items page N", pages("/items", n_items)),
        ("miss: search words", [f"/search?q={t}" for t in terms]),
        ("miss: victims name-N", [f"/victims?q={n}" for n in numbered]),
        ("miss: victims part+given", [f"/victims?q={p}" for p in with_given]),
        # Each page also narrowed to one status or none (the pages alone ran out).
        ("miss: incidents page N", statuses(pages("/incidents", n_incidents))),
        ("miss: timeline page N", statuses(pages("/timeline", n_incidents))),
    ]
    for _, paths in out:
        rng.shuffle(paths)
    return out


# The wrk script of a miss scenario (LuaJIT: its FFI reads the monotonic clock, since wrk
# divides by the whole --duration even when a thread stopped early).
_MISS_LUA = """local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } cf_timespec;
int clock_gettime(int clk_id, cf_timespec *tp);
]]
local function now()
  local ts = ffi.new("cf_timespec")
  ffi.C.clock_gettime(1, ts)
  return tonumber(ts.tv_sec) + tonumber(ts.tv_nsec) / 1e9
end
local paths = {
%s
}
local i = 0
local answered = 0
local started = nil
request = function()
  if not started then started = now() end
  i = i + 1
  return wrk.format("GET", paths[math.min(i, #paths)])
end
response = function(status, headers, body)
  answered = answered + 1
  if answered == #paths then
    elapsed = now() - started
    wrk.thread:stop()
  end
end
local threads = {}
setup = function(thread) table.insert(threads, thread) end
done = function(summary, latency, requests)
  for _, t in ipairs(threads) do
    local e = t:get("elapsed")
    if e then io.write(string.format("answered every URL in %%.6f s\\n", e)) end
  end
end
"""


def _lua(paths: list[str], folder: Path) -> Path:
    """A wrk script that asks for the paths in turn (one wrk thread: one shared counter) and
    stops once as many answers came as there are paths, so that no URL is asked twice (a
    cache hit) but by the few requests still in flight then (each asks for the last path
    again; at most one per connection)."""
    script = folder / f"miss-{abs(hash(tuple(paths))) % 10**8}.lua"
    script.write_text(_MISS_LUA % ",\n".join(json.dumps(p) for p in paths))
    return script


def serve(ws_dir: str, port: int, workers: int, cache: str) -> None:
    import uvicorn

    # As 'casefile serve --workers N' does.
    os.environ["CASEFILE_HOME"] = ws_dir
    os.environ["CASEFILE_WEB_CACHE"] = cache
    uvicorn.run(
        "casefile.web.app:app_from_env",
        factory=True,
        host="127.0.0.1",
        port=port,
        workers=workers,
        log_level="warning",
    )


async def _load(url: str, token: str, conc: int, total: int) -> list[float]:
    lat: list[float] = []
    limits = httpx.Limits(max_connections=conc, max_keepalive_connections=conc)
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(limits=limits, headers=headers, timeout=60) as client:
        left = total

        async def worker() -> None:
            nonlocal left
            while left > 0:
                left -= 1
                t = time.perf_counter()
                r = await client.get(url)
                lat.append(time.perf_counter() - t)
                if r.status_code != 200:
                    raise RuntimeError(f"{url}: HTTP {r.status_code} {r.text[:200]}")

        await asyncio.gather(*(worker() for _ in range(conc)))
    return lat


def _wrk(
    url: str, token: str, conc: int, seconds: int, script: Path | None = None
) -> dict[str, float]:
    out = subprocess.run(
        [
            "wrk",
            *(["-s", str(script)] if script else []),
            "-t1",
            f"-c{conc}",
            f"-d{seconds}s",
            "--timeout",
            "120s",  # wrk's default (2 s) drops slower requests from the statistics
            "--latency",
            "-H",
            f"Authorization: Bearer {token}",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    def ms(label: str) -> float:
        m = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s|m)\s*$", out, re.M)
        if not m:
            raise RuntimeError(f"cannot read the {label}th percentile from wrk:\n{out}")
        scale = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[m.group(2)]
        return float(m.group(1)) * scale

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    done = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    early = re.search(r"answered every URL in ([\d.]+) s", out)
    if early:  # a miss scenario's script stopped before --duration: wrk's rate divides by it
        rps = done / float(early.group(1))
    timeouts = re.search(r"timeout (\d+)", out)
    if timeouts and int(timeouts.group(1)):
        raise RuntimeError(f"{url}: {timeouts.group(1)} requests timed out:\n{out}")
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non2xx:
        raise RuntimeError(f"{url}: {non2xx.group(1)} error responses")
    if done < 100:
        console.print(
            f"[yellow]{url}: only {done} requests completed: its p99 rests on few samples "
            "(run longer with --seconds)[/yellow]"
        )
    return {"p50": ms("50"), "p99": ms("99"), "rps": rps, "requests": done}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--items", type=int, default=50_000)
    ap.add_argument("--documents", type=int, default=2_000)
    ap.add_argument("--incidents", type=int, default=10_000)
    ap.add_argument("--victims", type=int, default=100_000)
    ap.add_argument("--concurrency", type=int, default=50)
    ap.add_argument("--requests", type=int, default=1000, help="per page (httpx loader)")
    ap.add_argument("--seconds", type=int, default=10, help="per page (wrk)")
    ap.add_argument("--loader", choices=["auto", "wrk", "httpx"], default="auto")
    ap.add_argument("--reuse", type=Path, help="an existing bench folder (skip building)")
    ap.add_argument("--port", type=int, default=8765)
    ap.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    ap.add_argument(
        "--only", default="", help="a regular expression: only pages and miss scenarios it finds"
    )
    ap.add_argument("--modes", default="cold,warm", help="cold, warm or both (comma-separated)")
    args = ap.parse_args()

    if args.reuse:
        root = args.reuse
        token = (root / "token").read_text()
    else:
        root = Path(tempfile.mkdtemp(prefix="casefile-bench-web-"))
        t = time.perf_counter()
        token = build(root, args.items, args.documents, args.incidents, args.victims)
        console.print(f"built {root} in {time.perf_counter() - t:.0f} s")
    base = f"http://127.0.0.1:{args.port}"
    headers = {"Authorization": f"Bearer {token}"}
    loader = args.loader
    if loader == "auto":
        loader = "wrk" if shutil.which("wrk") else "httpx"
    results: dict[str, dict[str, dict[str, float]]] = {}
    misses: dict[str, dict[str, float]] = {}
    started = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())
    console.print(f"started {started}, load average {os.getloadavg()[0]:.1f}")
    loads: dict[str, list[float]] = {}
    modes = [m for m in ("cold", "warm") if m in args.modes.split(",")]
    for mode in modes:
        server = subprocess.Popen(
            [
                sys.executable,
                __file__,
                "--serve",
                str(root / "ws"),
                str(args.port),
                str(args.workers),
                "1" if mode == "warm" else "0",
            ],
            start_new_session=True,
        )
        try:
            _wait_up(base)
            console.print(
                f"[bold]{mode} path[/bold] (page cache {'on' if mode == 'warm' else 'off'})"
            )
            before = os.getloadavg()
            results[mode] = _run_pages(args, base, headers, token, loader, server.pid)
            if mode == "warm" and loader == "wrk":
                misses = _run_misses(args, base, headers, token, root)
            after = os.getloadavg()
            loads[mode] = [before[0], after[0], after[1]]
            console.print(
                f"load average: {before[0]:.1f} before, {after[0]:.1f} after "
                f"(5 min: {after[1]:.1f}) on {os.cpu_count()} CPUs"
            )
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
    table = Table(
        "page",
        "cold 1 client",
        "cold median",
        "cold p99",
        "cold req/s",
        "cold CPU/req",
        "warm 1 client",
        "warm median",
        "warm p99",
        "warm req/s",
        "warm CPU/req",
        title=f"ms; {args.concurrency} concurrent clients, {args.workers} worker(s), {loader}",
    )
    for name, _ in _chosen(PAGES, args.only):
        cells = []
        for mode in ("cold", "warm"):
            r = results.get(mode, {}).get(name)
            keys = ("serial_p50", "p50", "p99", "rps")
            cells += [f"{r[k]:.0f}" for k in keys] if r else ["-"] * 4
            cells.append(f"{r['cpu_ms']:.1f}" if r and "cpu_ms" in r else "-")
        table.add_row(name, *cells)
    console.print(table)
    if misses:
        mt = Table(
            "scenario",
            "distinct URLs",
            "requests",
            "1 client",
            "median",
            "p99",
            "req/s",
            title="cache misses on the page-cache server: every request a URL not asked before",
        )
        for name, m in misses.items():
            mt.add_row(
                name,
                f"{m['urls']:.0f}",
                f"{m['requests']:.0f}",
                *[f"{m[k]:.0f}" for k in ("serial_p50", "p50", "p99", "rps")],
            )
        console.print(mt)
    for mode in modes:
        lo = loads[mode]
        console.print(f"{mode}: load average {lo[0]:.1f} -> {lo[1]:.1f} (5 min {lo[2]:.1f})")
    (root / "results.json").write_text(
        json.dumps(
            {
                "pages": results,
                "misses": misses,
                "load": loads,
                "cpus": os.cpu_count(),
                "started": started,
                "finished": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
                "workers": args.workers,
            },
            indent=2,
        )
    )
    console.print(f"results in {root / 'results.json'}")


def _run_misses(
    args: argparse.Namespace, base: str, headers: dict[str, str], token: str, root: Path
) -> dict[str, dict[str, float]]:
    out = {}
    for name, paths in _chosen(miss_scenarios(args.items, args.incidents), args.only):
        # One client first, on URLs the load below does not reuse.
        loaded = paths[: -20 - WARM_CONNECTIONS]
        _on_every_worker([base + p for p in paths[-20 - WARM_CONNECTIONS : -20]], headers)
        serial = []
        with httpx.Client(headers=headers, timeout=60) as one:
            for path in paths[-20:]:
                t = time.perf_counter()
                one.get(base + path).raise_for_status()
                serial.append(time.perf_counter() - t)
        r = _wrk(base + "/", token, args.concurrency, args.seconds, _lua(loaded, root))
        r["serial_p50"] = statistics.median(serial) * 1000
        r["urls"] = len(loaded)
        if r["requests"] > r["urls"] + args.concurrency:
            console.print(
                f"[yellow]{name}: {r['requests']:.0f} requests over {r['urls']:.0f} URLs: "
                "some were cache hits[/yellow]"
            )
        out[name] = r
        console.print(
            f"  {name}: 1 client {r['serial_p50']:.1f} ms; {args.concurrency} clients: "
            f"median {r['p50']:.1f} ms, p99 {r['p99']:.1f} ms, {r['rps']:.0f} req/s, "
            f"{r['requests']:.0f} requests over {r['urls']:.0f} URLs"
        )
    return out


# Requests on a new connection each before a page's (or scenario's) measurements: the
# workers each accept on their own socket, connections spread by a hash, and the sequential
# requests after these keep one connection, so they warm one worker only; the other's first
# requests of the page (its statements compiled and planned, ~10-15 ms) fell under the load
# and into its p99. Eight miss both workers' sockets with probability 2 * 2**-8 (0.8 %).
WARM_CONNECTIONS = 8


def _on_every_worker(urls: list[str], headers: dict[str, str]) -> None:
    for url in urls:
        httpx.get(url, headers=headers, timeout=60).raise_for_status()


def _chosen(named: list[tuple[str, Any]], pattern: str) -> list[tuple[str, Any]]:
    return [(n, v) for n, v in named if re.search(pattern, n)]


def _wait_up(base: str) -> None:
    for _ in range(300):
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the server at {base} did not start")


def server_cpu(group: int) -> float | None:
    """CPU seconds the server's processes (uvicorn and its workers, one process group) have
    used so far; None without Linux's /proc."""
    if not Path("/proc/self/stat").exists():
        return None
    ticks = 0
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue  # ended meanwhile
        # after "pid (name) ": state, ppid, pgrp, ... utime and stime are the 12th and 13th
        fields = stat[stat.rindex(")") + 2 :].split()
        if int(fields[2]) == group:
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def _run_pages(
    args: argparse.Namespace,
    base: str,
    headers: dict[str, str],
    token: str,
    loader: str,
    group: int,
) -> dict[str, dict[str, float]]:
    sha = httpx.get(f"{base}/api/items?per_page=1&page=77", headers=headers).json()
    sha = sha["items"][0]["sha256"]
    results = {}
    for name, path in _chosen(PAGES, args.only):
        url = base + path.format(sha=sha)
        _on_every_worker([url] * WARM_CONNECTIONS, headers)
        serial = []
        with httpx.Client(headers=headers, timeout=60) as one:
            for _ in range(21):
                t = time.perf_counter()
                one.get(url).raise_for_status()
                serial.append(time.perf_counter() - t)
        one_ms = statistics.median(serial[1:]) * 1000
        if loader == "wrk":
            cpu = server_cpu(group)
            r = _wrk(url, token, args.concurrency, args.seconds)
            after = server_cpu(group)
            if cpu is not None and after is not None:
                # The workers' CPU per request under load: steadier than latency on a shared
                # machine (other jobs slow the clock, not the work).
                r["cpu_ms"] = (after - cpu) * 1000 / max(r["requests"], 1)
        else:
            t = time.perf_counter()
            lat = asyncio.run(_load(url, token, args.concurrency, args.requests))
            wall = time.perf_counter() - t
            lat.sort()
            r = {
                "p50": statistics.median(lat) * 1000,
                "p99": lat[int(len(lat) * 0.99) - 1] * 1000,
                "rps": len(lat) / wall,
            }
        r["serial_p50"] = one_ms
        results[name] = r
        cpu_note = f", server CPU {r['cpu_ms']:.1f} ms a request" if "cpu_ms" in r else ""
        console.print(
            f"  {name}: 1 client {one_ms:.1f} ms; {args.concurrency} clients: "
            f"median {r['p50']:.1f} ms, p99 {r['p99']:.1f} ms, {r['rps']:.0f} req/s{cpu_note}"
        )
    return results


if __name__ == "__main__":
    if len(sys.argv) == 6 and sys.argv[1] == "--serve":
        serve(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5])
    else:
        main()
