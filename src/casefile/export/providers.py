"""What later stages contribute to bags, data exports and reports, without export importing them.

A provider is registered by name. The built-in ones read the vault and the facts tables; the
stages that come later (victims, estimates, witness statements, incidents) register their own in
a module named ``casefile.<stage>.export_provider``, which is imported here only if it exists, so
export works unchanged before, during and after those stages land. A provider whose tables are
not in the database contributes nothing.
"""

from __future__ import annotations

import importlib
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, inspect

from casefile.export.cells import SafeCsvWriter
from casefile.vault.catalog import item_views

# Stages whose `export_provider` module, when present, registers providers on import.
OPTIONAL_STAGES = ("case", "people", "estimate", "witness")

FileMaker = Callable[[Connection, list[str]], dict[str, bytes]]


@dataclass(frozen=True)
class ReportSection:
    """A block of the case report; `html` is trusted markup made by the provider itself."""

    title: str
    html: str
    order: int = 50


SectionMaker = Callable[[Connection, list[str]], list[ReportSection]]


@dataclass(frozen=True)
class Provider:
    name: str
    files: FileMaker | None = None
    sections: SectionMaker | None = None
    # Tables the provider reads; it is skipped when any is missing from the database.
    tables: tuple[str, ...] = ()
    # Identifying data of protected people (witnesses): never in a bag unless revealed on purpose.
    protected: bool = False
    doc: str = ""


@dataclass
class Registry:
    providers: dict[str, Provider] = field(default_factory=dict)
    loaded: bool = False

    def add(self, provider: Provider) -> None:
        self.providers[provider.name] = provider

    def active(self, conn: Connection, include_protected: bool = False) -> list[Provider]:
        self._load_optional()
        present = set(inspect(conn).get_table_names())
        return [
            p
            for p in self.providers.values()
            if set(p.tables) <= present and (include_protected or not p.protected)
        ]

    def _load_optional(self) -> None:
        if self.loaded:
            return
        self.loaded = True
        import casefile

        for stage in OPTIONAL_STAGES:
            # Look for the file first: importing a stage's package just to find out can be slow.
            if not any(
                (Path(p) / stage / "export_provider.py").is_file() for p in casefile.__path__
            ):
                continue
            try:
                importlib.import_module(f"casefile.{stage}.export_provider")
            except ModuleNotFoundError as exc:
                if exc.name != f"casefile.{stage}.export_provider":
                    raise  # the module exists but is broken: that is a bug to see, not skip


REGISTRY = Registry()


def register(provider: Provider) -> Provider:
    """Called by a stage's ``export_provider`` module at import time."""
    REGISTRY.add(provider)
    return provider


def collect_files(
    conn: Connection, shas: list[str], include_protected: bool = False
) -> tuple[dict[str, bytes], list[str]]:
    """Every active provider's files for these items, and the names of protected providers used."""
    out: dict[str, bytes] = {}
    protected: list[str] = []
    for p in REGISTRY.active(conn, include_protected):
        if p.files is None:
            continue
        made = p.files(conn, shas)
        for name in made:
            if name in out:
                raise RuntimeError(f"two export providers both write {name}")
        out.update(made)
        if p.protected and made:
            protected.append(p.name)
    return out, protected


def collect_sections(conn: Connection, shas: list[str]) -> list[ReportSection]:
    found: list[ReportSection] = []
    for p in REGISTRY.active(conn):
        if p.sections is not None:
            found += p.sections(conn, shas)
    return sorted(found, key=lambda s: s.order)


# ---- built-in providers: the vault's items and the extracted facts -------------------------


def items_files(conn: Connection, shas: list[str]) -> dict[str, bytes]:
    buf = io.StringIO()
    # RFC 4180, read as-is by R and spreadsheets; names and sources are text from outside
    writer = SafeCsvWriter(buf, lineterminator="\r\n")
    writer.writerow(["sha256", "size", "media_type", "names", "sources", "tags", "acquired_at"])
    views = item_views(conn, shas)
    for v in views:
        writer.writerow(
            [
                v.sha256,
                v.size,
                v.media_type,
                "; ".join(v.names),
                "; ".join(v.sources),
                "; ".join(v.tags),
                v.first_acquired_at,
            ]
        )
    as_json = json.dumps([v.as_json() for v in views], indent=1, ensure_ascii=False, default=str)
    return {"items.csv": buf.getvalue().encode(), "items.json": as_json.encode() + b"\n"}


_EXPORT_NAMES = {"id": "fact", "created_by": "by", "created_at": "at"}


def facts_files(conn: Connection, shas: list[str]) -> dict[str, bytes]:
    from casefile.ingest.corrections import current_facts

    lines: list[str] = []
    features: list[dict[str, Any]] = []
    for sha in shas:
        for f in current_facts(conn, item=sha):
            # the fact's JSON under the names of the facts.jsonl format (no reason)
            record = {_EXPORT_NAMES.get(k, k): v for k, v in f.as_json().items() if k != "reason"}
            lines.append(json.dumps(record, ensure_ascii=False, sort_keys=True))
            if f.kind == "incident":
                features += _incident_features(f.id, sha, f.payload)
    out: dict[str, bytes] = {}
    if lines:
        out["facts.jsonl"] = ("\n".join(lines) + "\n").encode()
    if features:
        geo = {"type": "FeatureCollection", "features": features}
        out["incidents.geojson"] = json.dumps(geo, indent=1, ensure_ascii=False).encode()
    return out


def _incident_features(fact_id: int, sha: str, payload: dict[str, Any]) -> list[dict[str, Any]]:
    """One GeoJSON Point per located place of a (proposed) incident; RFC 7946 is lon, lat."""
    features = []
    for place in payload.get("where") or []:
        if place.get("lat") is None or place.get("lon") is None:
            continue
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [place["lon"], place["lat"]]},
                "properties": {
                    "fact": fact_id,
                    "item": sha,
                    "place": place.get("name"),
                    "what": payload.get("what"),
                    "when": payload.get("when"),
                    "published": payload.get("published"),
                    "status": payload.get("status"),
                },
            }
        )
    return features


register(Provider("items", files=items_files, doc="items.csv, items.json"))
register(
    Provider(
        "facts",
        files=facts_files,
        tables=("facts", "documents"),
        doc="facts.jsonl (with source spans), incidents.geojson (proposed incidents)",
    )
)
