"""Case building: incidents, toll history, evidence links, claims vs evidence, legal elements.

Everything here is append-only with a ledger event per change (see ``casefile.case.schema``).
"""

from __future__ import annotations

from sqlalchemy import Connection


def items_of_incident(conn: Connection, incident_id: int) -> list[str]:
    """The vault items (sha256) an incident rests on; for export selection."""
    from casefile.case.views import items_of_incident as _items

    return _items(conn, incident_id)


__all__ = ["items_of_incident"]
