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


def choose_items(
    ws: Workspace,
    items: list[str] | None,
    tag: str | None,
    all_items: bool,
    incident: str | None,
    required: bool = True,
) -> tuple[list[str], str]:
    """(item hashes, a title) from exactly one of: hash prefixes, a tag, every item, or an
    incident; with ``required=False`` none of them means every item (the CLI's options and
    the web's export form both choose through here)."""
    from casefile.export.bag import select_items
    from casefile.vault.catalog import list_items, resolve_item

    chosen = sum([bool(items), bool(tag), all_items, bool(incident)])
    if chosen > 1 or (required and chosen == 0):
        raise CasefileError("say what to export: exactly one of --items, --tag, --all, --incident")
    if incident:
        shas, title = incident_items(ws, incident)
        return select_items(ws, shas), title
    if items:
        with ws.db.read() as conn:
            resolved = [resolve_item(conn, i) for i in items]
        return select_items(ws, resolved), f"{len(items)} items"
    if tag:
        with ws.db.read() as conn:
            views, _ = list_items(conn, tag=tag, limit=1_000_000)
        return select_items(ws, [v.sha256 for v in views]), f"items tagged {tag}"
    return select_items(ws, None), "all evidence"
