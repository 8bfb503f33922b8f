"""Pages over the later stages (case, people, witness); filled in as those packages land."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI


def summaries(conn: Any) -> dict[str, Any]:
    return {}


def register(app: FastAPI, st: Any, **kw: Any) -> None:
    return None
