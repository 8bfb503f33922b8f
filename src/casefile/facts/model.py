"""Result types: every fact is (kind, span, payload), stored with the extractor version."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

EXTRACTOR_VERSION = "casefile-facts 0.1.0"

# Kinds in the order of the JSON contract; the plural is the key of the JSON object.
KINDS: dict[str, str] = {
    "figure": "figures",
    "person": "people",
    "organisation": "organisations",
    "quote": "quotes",
    "claim": "claims",
    "place": "places",
    "date": "dates",
    "evidence": "evidence",
}


@dataclass(frozen=True)
class Fact:
    """One extracted fact; `span` is [start, end) in the cleaned text."""

    kind: str
    span: tuple[int, int]
    payload: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        out = dict(self.payload)
        if self.kind in ("person", "organisation", "place"):
            out.setdefault("spans", [list(self.span)])
        else:
            out["span"] = list(self.span)
        return out


@dataclass(frozen=True)
class FactRow:
    """What the workspace stores per fact (plus the source item's sha256, known to the caller)."""

    kind: str
    start: int | None
    end: int | None
    payload: dict[str, Any]
    extractor_version: str


@dataclass
class FactSet:
    language: str
    facts: list[Fact]
    incident: dict[str, Any] | None
    models: dict[str, str]
    removed: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    published: str | None = None
    extractor_version: str = EXTRACTOR_VERSION

    def of(self, kind: str) -> list[Fact]:
        return [f for f in self.facts if f.kind == kind]

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "extractor_version": self.extractor_version,
            "models": dict(self.models),
            "language": self.language,
            "published": self.published,
            "removed": list(self.removed),
            "warnings": list(self.warnings),
        }
        for kind, key in KINDS.items():
            out[key] = [f.to_json() for f in self.of(kind)]
        out["incident"] = self.incident
        return out

    def rows(self) -> list[FactRow]:
        """The rows the workspace stores (ingest, statements): one per fact in the order of the
        JSON contract (KINDS), then the proposed incident as kind "incident". A row's span is
        its payload's "span", else the first of its "spans" (the incident's: its first source),
        as verify reads it back; the payload is the fact's JSON."""
        payloads = [(kind, f.to_json()) for kind in KINDS for f in self.of(kind)]
        if self.incident:
            payloads.append(("incident", dict(self.incident)))
        rows = []
        for kind, payload in payloads:
            span = payload.get("span") or (payload.get("spans") or [[None, None]])[0]
            start, end = (None if x is None else int(x) for x in span)
            rows.append(FactRow(kind, start, end, payload, self.extractor_version))
        return rows
