"""Case test helpers: reports with known facts (stored through the ingest code, no NLP
needed) and photographs with EXIF."""

from __future__ import annotations

import types
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from casefile.demo.materials import make_image
from casefile.facts.model import Fact, FactSet
from casefile.ingest.pipeline import store_extraction
from casefile.ingest.schema import facts
from casefile.vault.acquire import AddOptions, add_sources
from casefile.vault.workspace import Workspace


def figure(
    n: int | None, source: str | None, category: str = "killed", **kw: Any
) -> dict[str, Any]:
    exact = kw.pop("qualifier", "exact")
    return {
        "category": category,
        "count": n if exact == "exact" else None,
        "min": n,
        "max": kw.pop("max", n),
        "qualifier": exact,
        "who": "people",
        "source": source,
        "note": None,
        "text": f"{n} people",
        "in_quote": False,
        "span": kw.pop("span", [0, 5]),
    }


def claim(actor: str | None, text: str, stance: str = "asserts") -> dict[str, Any]:
    return {"actor": actor, "stance": stance, "text": text, "verb": "said", "span": [0, 5]}


def _fact(kind: str, payload: dict[str, Any]) -> Fact:
    """A fact as the extractor gives it: every fact has its span (the first words here)."""
    start, end = payload.get("span", [0, 5])
    return Fact(kind, (start, end), payload)


@dataclass
class Report:
    sha: str
    facts: dict[str, list[int]] = field(default_factory=dict)


class Builder:
    def __init__(self, ws: Workspace, folder: Path) -> None:
        self.ws = ws
        self.folder = folder
        folder.mkdir(exist_ok=True)

    def report(
        self,
        name: str,
        published: str,
        label: str,
        figures: list[dict[str, Any]] | None = None,
        claims: list[dict[str, Any]] | None = None,
        incident: dict[str, Any] | None = None,
    ) -> Report:
        path = self.folder / name
        path.write_text(f"{name}: a report published {published} by {label}.\n")
        [added] = add_sources(self.ws, [str(path)], AddOptions(label=label))
        assert added.sha256 is not None
        extraction = FactSet(
            language="en",
            facts=[_fact("figure", f) for f in figures or []]
            + [_fact("claim", c) for c in claims or []],
            incident=incident,
            models={},
            extractor_version="test",
        )
        cleaned = types.SimpleNamespace(
            text=path.read_text(), removed=[], warnings=[], language="en"
        )
        store_extraction(self.ws, added.sha256, cleaned, extraction, date.fromisoformat(published))
        rep = Report(added.sha256)
        with self.ws.db.read() as conn:
            for row in conn.execute(
                select(facts.c.id, facts.c.kind)
                .where(facts.c.item_sha256 == added.sha256)
                .order_by(facts.c.id)
            ):
                rep.facts.setdefault(row.kind, []).append(row.id)
        return rep

    def photo(self, name: str, lat: float | None, lon: float | None, when: str) -> str:
        path = self.folder / name
        make_image(path, (80, 80, 80), lat, lon, when)
        [added] = add_sources(self.ws, [str(path)])
        assert added.sha256 is not None
        return added.sha256


PROPOSAL = {
    "what": "massacre of civilians",
    "where": [{"name": "Bucha", "lat": 50.543, "lon": 30.212}],
    "when": {"value": "2022-04-03", "text": "on Sunday", "span": [0, 5]},
    "published": "2022-04-03",
    "figures": [figure(20, "Officials", qualifier="at least", max=None)],
    "spans": [[0, 5]],
    "status": "proposed",
}


def ledger_size(ws: Workspace) -> int:
    with ws.db.read() as conn:
        return len(list(ws.ledger.entries(conn)))
