"""Which items an export covers: given hashes, a tag, everything, or one incident."""

from __future__ import annotations

import importlib
from collections.abc import Callable

from sqlalchemy import Connection, inspect

from casefile.errors import CasefileError
from casefile.vault.workspace import Workspace

IncidentLookup = Callable[[Connection, str], tuple[list[str], str] | None]


def incident_items(ws: Workspace, ident: str) -> tuple[list[str], str]:
    """(item hashes, title) of an incident.

    The case stage, once it exists, answers through ``casefile.case.export_provider.
    incident_items``; until then (and for ids it does not know) an incident is a proposed
    incident fact from extraction, named by its fact id.
    """
    with ws.db.read() as conn:
        lookup = _case_lookup()
        if lookup is not None and (found := lookup(conn, ident)) is not None:
            return found
        number = ident.isascii() and ident.isdigit()
        if "facts" not in inspect(conn).get_table_names() or not number:
            raise CasefileError(f"no incident {ident!r}: give the id of an incident")
        from casefile.ingest.corrections import current_facts

        for f in current_facts(conn, kind="incident"):
            if f.id == int(ident):
                what = f.payload.get("what") or "incident"
                where = ", ".join(p.get("name", "?") for p in f.payload.get("where") or [])
                return [f.item_sha256], f"{what}{' — ' + where if where else ''}"
    raise CasefileError(f"no incident {ident!r} (not a current proposed-incident fact id)")


def _case_lookup() -> IncidentLookup | None:
    try:
        module = importlib.import_module("casefile.case.export_provider")
    except ModuleNotFoundError as exc:
        if exc.name != "casefile.case.export_provider":
            raise
        return None
    lookup: IncidentLookup | None = getattr(module, "incident_items", None)
    return lookup
