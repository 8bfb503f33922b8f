"""Several worker processes, each accepting on its own ``SO_REUSEPORT`` socket.

uvicorn's ``--workers`` shares one listening socket among the processes, and whichever is
woken first accepts every connection waiting (uvloop accepts in a loop): when 50 clients
connected at once, one worker was seen holding 47 of them and the other 3 (``ss -tnp``), so
most requests waited behind one busy process while the other idled, and the p99 of a page was
that process's queue. With one ``SO_REUSEPORT`` socket per process the kernel spreads new
connections over the processes by a hash of their addresses. Where the option does not exist
(not Linux/BSD), uvicorn's own supervisor is used.

A hash spreads connections only about evenly (50 connections over 2 workers: 24/26 to 18/32
in four runs), and clients keep theirs open, so one worker may hold a third more than its
share for as long as they stay. Each worker therefore writes how many connections it holds
into a shared array, and a worker holding more than its share and one closes a connection
after its current response (``Connection: close``): the client connects again, and the hash
places the new connection anew, until no worker holds more than one above its share.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import socket
import sys
import threading
import time
from collections.abc import Awaitable, Callable
from typing import Any

APP = "casefile.web.app:app_from_env"
# A worker that exits sooner than this after it started failed at start-up (a broken app or
# port); restarting it would fail the same way, so the server stops instead.
START_GRACE_SECONDS = 10.0
ORPHAN_CHECK_SECONDS = 0.5
log = logging.getLogger("casefile.web")
# A worker's exit status when it was stopped on purpose (uvicorn shuts down gracefully, then
# ends by the signal it was sent).
STOPPED = frozenset({0, -signal.SIGTERM, -signal.SIGINT})


def reuse_port_supported() -> bool:
    return hasattr(socket, "SO_REUSEPORT") and sys.platform.startswith(("linux", "freebsd"))


def run(host: str, port: int, workers: int, **options: Any) -> int:
    """Serves ``APP`` (configured from the environment) with ``workers`` processes until
    SIGINT/SIGTERM; the exit status (non-zero if a worker failed to start)."""
    import uvicorn

    if workers <= 1 or not reuse_port_supported():
        uvicorn.run(APP, factory=True, host=host, port=port, workers=workers, **options)
        return 0
    ensure_port_free(host, port)
    ctx = multiprocessing.get_context("spawn")
    held = ctx.Array("i", workers, lock=False)  # connections held per worker
    procs = [_start(ctx, host, port, options, held, i) for i in range(workers)]
    stop: list[int] = []
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda s, _f: stop.append(s))
    status = 0
    try:
        while not stop:
            time.sleep(0.2)
            for i, (proc, started) in enumerate(procs):
                if proc.is_alive():
                    continue
                if proc.exitcode in STOPPED:
                    # Told to stop (the whole group got the signal, as from Ctrl-C or a
                    # process manager): the server stops, it is not restarted.
                    stop.append(0)
                    break
                if time.monotonic() - started < START_GRACE_SECONDS:
                    log.error("a worker exited at start-up (status %s): stopping", proc.exitcode)
                    status = 1
                    stop.append(0)
                    break
                log.warning("worker %s exited (status %s): restarted", proc.pid, proc.exitcode)
                held[i] = 0
                procs[i] = _start(ctx, host, port, options, held, i)
    finally:
        for proc, _ in procs:
            if proc.is_alive():
                proc.terminate()
        for proc, _ in procs:
            proc.join(30)
            if proc.is_alive():
                proc.kill()
                proc.join()
    return status


class PortInUse(OSError):
    """The address is taken (by any program, another casefile server included)."""


def ensure_port_free(host: str, port: int) -> None:
    """Refuses a taken address before any worker starts. The probe binds without
    ``SO_REUSEPORT``: with it, a second ``casefile serve --workers`` on the same port (another
    workspace, perhaps) would join the first one's sockets, and the kernel would hand each
    connection to either server."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as e:
            raise PortInUse(e.errno, f"cannot listen on {host}:{port}: {e.strerror}") from e


def bind(host: str, port: int) -> socket.socket:
    """A listening socket that other processes of this user may bind as well."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind((host, port))
        sock.listen(2048)
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def _start(
    ctx: Any, host: str, port: int, options: dict[str, Any], held: Any, index: int
) -> tuple[multiprocessing.process.BaseProcess, float]:
    proc = ctx.Process(
        target=_worker, args=(host, port, options, os.getpid(), held, index), daemon=False
    )
    proc.start()
    return proc, time.monotonic()


def _worker(
    host: str, port: int, options: dict[str, Any], supervisor: int, held: Any, index: int
) -> None:
    import uvicorn

    from casefile.web.app import app_from_env

    threading.Thread(target=_stop_when_orphaned, args=(supervisor,), daemon=True).start()
    sock = bind(host, port)
    config = uvicorn.Config(app_from_env, factory=True, host=host, port=port, **options)
    server = uvicorn.Server(config)
    config.load()
    config.loaded_app = ConnectionBalance(
        config.loaded_app, lambda: len(server.server_state.connections), held, index
    )
    server.run(sockets=[sock])


Send = Callable[[dict[str, Any]], Awaitable[None]]


class ConnectionBalance:
    """ASGI wrapper of one worker: records how many connections the worker holds in
    ``held[index]`` and, while that is more than one above an even share of all the
    workers' connections, ends each response with ``Connection: close`` (see the module
    docstring)."""

    # At most one connection closed per this many seconds: a close takes effect only after
    # the response, and every response in flight meanwhile would see the same excess (closing
    # them all overshot: 30/20 became 11/33).
    PAUSE = 0.05

    def __init__(self, app: Any, holding: Callable[[], int], held: Any, index: int) -> None:
        self.app = app
        self.holding = holding
        self.held = held
        self.index = index
        self.last_close = 0.0

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        mine = self.holding()
        self.held[self.index] = mine
        share = -(-sum(self.held) // len(self.held))  # rounded up
        now = time.monotonic()
        if mine <= share + 1 or now - self.last_close < self.PAUSE:
            await self.app(scope, receive, send)
            return
        self.last_close = now

        async def closing(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = [h for h in message.get("headers", []) if h[0].lower() != b"connection"]
                message = {**message, "headers": [*headers, (b"connection", b"close")]}
            await send(message)

        await self.app(scope, receive, closing)


def _stop_when_orphaned(supervisor: int) -> None:
    """Stops this worker (as SIGTERM would, finishing its requests) once the supervisor is
    gone. A supervisor killed with SIGKILL cannot stop its workers, and they would go on
    serving the port with nobody to restart or stop them."""
    while os.getppid() == supervisor:
        time.sleep(ORPHAN_CHECK_SECONDS)
    os.kill(os.getpid(), signal.SIGTERM)
