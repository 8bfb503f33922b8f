"""The worked example a newcomer runs first (``casefile demo``), end to end on the embedded
default: Bucha, April 2022, from generated reports, photographs and victim lists.

    from casefile.demo import run_demo
    for title, result in run_demo(Path("demo-workspace")):
        print(title, result)

``materials`` makes the inputs at run time (no binaries in the repository), ``steps`` holds
one small function per stage, ``run`` sets up the workspace and runs them in order.
"""

from casefile.demo.run import DEMO_MARKER, run_demo

__all__ = ["DEMO_MARKER", "run_demo"]
