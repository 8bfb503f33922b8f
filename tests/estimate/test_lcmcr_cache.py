"""numba's cache and inlined samplers: an edit of the inlined file alone must be compiled.

numba keys a cached function on its own source file only. ``lcmcr._chain`` inlines the
samplers of ``rng.py``, so without ``drop_stale_compiled`` a changed ``rng.py`` would leave
the old machine code in use. The test builds the same situation in a temporary package (a
cached function inlining a function of a second file), changes the second file, and runs
fresh processes with and without the guard.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from casefile.estimate import lcmcr

OUTER = """
from numba import njit
from inner import value

@njit(cache=True)
def outer():
    return value()
"""

INNER = """
from numba import njit

@njit(cache=True, inline="always")
def value():
    return {n}
"""

RUN = """
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
import outer
if sys.argv[2] == "guard":
    from casefile.estimate.lcmcr import drop_stale_compiled
    drop_stale_compiled(outer.outer, Path(sys.argv[1]) / "inner.py")
print(outer.outer())
"""


def _run(where: Path, guard: bool) -> str:
    # The cache beside the sources, as for casefile's own modules.
    env = {k: v for k, v in os.environ.items() if k != "NUMBA_CACHE_DIR"}
    done = subprocess.run(
        [sys.executable, "-c", RUN, str(where), "guard" if guard else "plain"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return done.stdout.strip()


def test_numba_alone_keeps_stale_code_and_the_guard_recompiles(tmp_path: Path) -> None:
    (tmp_path / "outer.py").write_text(OUTER)
    (tmp_path / "inner.py").write_text(INNER.format(n=1))
    assert _run(tmp_path, guard=True) == "1"  # compiled and cached, the mark written
    (tmp_path / "inner.py").write_text(INNER.format(n=2))
    # What the guard is for: numba alone still runs the cached code of the old inner.py.
    assert _run(tmp_path, guard=False) == "1"
    assert _run(tmp_path, guard=True) == "2"
    # The mark now matches: the new code is cached and kept.
    assert _run(tmp_path, guard=False) == "2"


def test_the_chain_cache_is_marked_with_the_samplers_in_use() -> None:
    # lcmcr ran the guard on import; the mark holds the hash of the rng.py in use.
    assert lcmcr.drop_stale_compiled(lcmcr._chain, Path(lcmcr.rng.__file__)) is False
