"""Runs the real casefile CLI in this process with a SIGKILL injected at one chosen point.

    python witness_crash_driver.py SPEC casefile-arguments...

SPEC is JSON:
  "at":    "module:Name.attr", the function or method to watch (ours or a library's);
  "arm":   optional "module:function": calls of "at" count only once this one was entered
           (so the crash lands inside, say, rotate_keys and not in the workspace's opening);
  "nth":   kill at the nth counted call of "at" (0: never kill);
  "when":  "before" (the call never runs) or "after" (it ran, nothing after it does);
  "count": optional file: at exit, the number of counted calls is written there (to list
           every crash point in a first, uncrashed run);
  "writes": true to count only calls on a connection of a write transaction (with "at" =
           sqlalchemy's Connection._commit_impl: the commits that change the database).

Nothing is mocked: the real function runs unchanged; the process just dies like kill -9
(SIGKILL from itself: no exception handler, finally block or atexit hook runs).
"""

from __future__ import annotations

import atexit
import functools
import importlib
import json
import os
import signal
import sys
from pathlib import Path
from typing import Any


def _resolve(ref: str) -> tuple[Any, str]:
    module_name, _, qual = ref.partition(":")
    owner: Any = importlib.import_module(module_name)
    *path, name = qual.split(".")
    for part in path:
        owner = getattr(owner, part)
    return owner, name


def _wrap(ref: str, before: Any) -> None:
    owner, name = _resolve(ref)
    real = getattr(owner, name)

    @functools.wraps(real)
    def wrapper(*args: Any, **kw: Any) -> Any:
        return before(real, args, kw)

    setattr(owner, name, wrapper)


def main() -> None:
    spec = json.loads(sys.argv[1])
    args = sys.argv[2:]
    state = {"armed": spec.get("arm") is None, "calls": 0}
    nth, when = int(spec.get("nth") or 0), spec.get("when", "before")

    def die() -> None:
        os.kill(os.getpid(), signal.SIGKILL)

    def watched(real: Any, a: tuple[Any, ...], kw: dict[str, Any]) -> Any:
        if not state["armed"] or (
            spec.get("writes") and not a[0].get_execution_options().get("casefile_write")
        ):
            return real(*a, **kw)
        state["calls"] += 1
        hit = state["calls"] == nth
        if hit and when == "before":
            die()
        result = real(*a, **kw)
        if hit and when == "after":
            die()
        return result

    def arming(real: Any, a: tuple[Any, ...], kw: dict[str, Any]) -> Any:
        state["armed"] = True
        return real(*a, **kw)

    _wrap(spec["at"], watched)
    if spec.get("arm"):
        _wrap(spec["arm"], arming)
    if spec.get("count"):
        atexit.register(lambda: Path(spec["count"]).write_text(str(state["calls"])))

    from casefile.cli.main import main as cli

    sys.argv = ["casefile", *args]
    cli()


if __name__ == "__main__":
    main()
