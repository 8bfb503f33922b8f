"""The role matrix: the one table that decides who may see each page and do each action.

Every route of the web app names one action of ``MATRIX``; the access-control test walks all
routes as every role and checks them against this table. Fields in ``PROTECTED_FIELDS`` are
removed for roles without the 'fields.protected' action, in HTML and JSON alike.
"""

from __future__ import annotations

from typing import Any

from casefile.roles import OVERRIDE_ROLES, ROLES, SEAL_ROLES, WITNESS_ROLES

ALL = frozenset(ROLES)  # an account's role is one of these (casefile.roles, checked on add)
STAFF = frozenset({"admin", "investigator", "analyst"})
INVESTIGATE = frozenset({"admin", "investigator"})
ADMIN = frozenset({"admin"})

MATRIX: dict[str, frozenset[str]] = {
    "dashboard.view": ALL,
    "items.view": ALL,
    "items.raw": STAFF,  # the bytes themselves (previews of images, PDFs, captures)
    "items.upload": INVESTIGATE,
    "items.verify": STAFF,
    "sources.view": ALL,
    "ledger.view": ALL,
    "search.view": ALL,
    "estimates.view": ALL,
    "incidents.view": ALL,
    "victims.view": STAFF,
    "victims.review": frozenset({"admin", "analyst"}),
    "witnesses.view": STAFF,  # pseudonyms only
    "witnesses.reveal": WITNESS_ROLES,  # the core's rule (casefile.roles), as witnesses.add
    "users.view": ADMIN,
    "users.manage": ADMIN,  # disable/enable accounts, revoke API tokens
    "fields.protected": STAFF,
    # The CLI's jobs in the browser (web/jobs, issue 28).
    "ingest.run": INVESTIGATE,  # preserve reports (upload or URL) and extract their facts
    "incidents.edit": INVESTIGATE,  # create, change, assess; confirm proposals; link evidence
    # the workflow's last step (casefile.case.workflow): of the accounts' roles only an admin is
    # a reviewer (SEAL_ROLES) and a higher role (OVERRIDE_ROLES), who changes a sealed incident
    # with a reason; the core checks the role again
    "incidents.seal": ALL & frozenset(SEAL_ROLES),
    "incidents.unseal": ALL & frozenset(OVERRIDE_ROLES),
    "incidents.figures": STAFF,  # record figures in a toll history, choose the best
    "victims.import": STAFF,  # import a victim list (the file goes into the vault)
    "victims.link": frozenset({"admin", "analyst"}),  # a linkage run
    "estimates.run": frozenset({"admin", "analyst"}),  # an estimate, kept with its input
    "export.run": STAFF,  # bags, data and reports to download (they hold item contents)
    "witnesses.add": WITNESS_ROLES,  # a witness (encrypted identity) or a statement
    "facts.correct": STAFF,  # a corrected version of an extracted fact, with a reason
    "items.annotate": INVESTIGATE,  # a new label, tags or a note for an item
}

# Field names hidden from roles without 'fields.protected', wherever they appear in a result:
# where a file came from on someone's disk, who acted, camera EXIF (GPS, serial numbers),
# free-text notes, client addresses, and names of people in victim records.
PROTECTED_FIELDS = frozenset(
    {
        "original_path",
        "sources",
        "exif",
        "notes",
        "actor",
        "acquired_by",
        "created_by",
        "linked_by",
        "added_by",
        "chosen_by",
        "decided_by",
        "recorded_by",
        "by",
        "client",
        "http_headers",
        "date_of_birth",
        "contact",
        "address",
    }
)


def allowed(role: str | None, action: str) -> bool:
    if action not in MATRIX:
        raise KeyError(f"action {action!r} is not in the role matrix")
    return role is not None and role in MATRIX[action]


def redact(role: str, value: Any) -> Any:
    """``value`` without protected fields (recursively), unless the role may see them."""
    if allowed(role, "fields.protected"):
        return value
    return _strip(value)


def _strip(value: Any) -> Any:
    """A copy of the parts that held a protected field; the parts that held none are returned
    as they are (a viewer's page then draws from the same objects as everyone's, so what is
    kept drawn for them, as the timeline's chart, is found again)."""
    if isinstance(value, dict):
        out = {}
        changed = False
        for k, v in value.items():
            if k in PROTECTED_FIELDS:
                changed = True
                continue
            kept = out[k] = _strip(v)
            changed = changed or kept is not v
        return out if changed else value
    if isinstance(value, list | tuple):
        items = [_strip(v) for v in value]
        if any(kept is not v for kept, v in zip(items, value, strict=True)):
            return items
        return value
    return value
