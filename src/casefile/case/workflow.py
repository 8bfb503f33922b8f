"""The incident status workflow: a defined order of statuses whose last step seals the record.

::

    reported -> corroborated -> verified -> reviewed -> sealed
         \\___________\\___________\\__________\\-> disputed (and back)

* A status moves one step along the order, back one step, or to and from ``disputed``
  (``TRANSITIONS``); ``reviewed`` is reached from ``verified`` only, ``sealed`` from
  ``reviewed`` only. A new incident starts at one of the first four (``START_STATUSES``).
* **Sealing** (``seal_incident``) needs a reviewer-level role (``SEAL_ROLES``) and a reason in
  words; the sealing version records who sealed and when.
* **A sealed incident** refuses every change (an edit, a status change, a new figure, evidence
  link, claim, legal element or perpetrator, a merge or a split) unless it is made under
  ``sealed_change(role, reason)`` by a higher role (``OVERRIDE_ROLES``) with a reason in words;
  each such change is recorded as its own version and ``incident_updated`` event naming the
  role and the reason. ``unseal_incident`` (the same roles and a reason) takes it back to
  ``reviewed``.

The roles and role sets are ``casefile.roles``' (``DECLARED_ROLES``, ``SEAL_ROLES``,
``OVERRIDE_ROLES``, with ``require_seal_role`` and ``require_override_role``): the CLI's
``--role`` / ``CASEFILE_ROLE``, or in the web app the signed-in user's role (admin,
investigator, analyst, viewer), so in the browser only an admin seals, unseals or changes a
sealed incident.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from casefile import roles
from casefile.errors import CasefileError
from casefile.words import reason_in_words

ORDER = ("reported", "corroborated", "verified", "reviewed", "sealed")
STATUSES = (*ORDER, "disputed")
START_STATUSES = ("reported", "corroborated", "verified", "disputed")
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "reported": ("corroborated", "disputed"),
    "corroborated": ("reported", "verified", "disputed"),
    "verified": ("corroborated", "reviewed", "disputed"),
    "reviewed": ("verified", "sealed", "disputed"),
    "sealed": ("reviewed",),  # unsealing: a higher role and a reason
    "disputed": ("reported", "corroborated", "verified"),
}


def check_start(status: str) -> str:
    if status not in STATUSES:
        raise CasefileError(f"status {status!r} must be one of {', '.join(STATUSES)}")
    if status not in START_STATUSES:
        raise CasefileError(
            f"a new incident cannot start as {status}: it starts as one of "
            f"{', '.join(START_STATUSES)}, and is reviewed and sealed later"
        )
    return status


def check_transition(incident_id: int, current: str, wanted: str) -> None:
    """A clear error unless ``current -> wanted`` is an allowed step."""
    if wanted not in STATUSES:
        raise CasefileError(f"status {wanted!r} must be one of {', '.join(STATUSES)}")
    allowed = TRANSITIONS.get(current, ())
    if wanted == current or wanted in allowed:
        return
    hint = ""
    if wanted == "sealed":
        hint = "; seal with 'casefile incident seal' once it is reviewed"
    raise CasefileError(
        f"incident {incident_id} is {current}: it cannot become {wanted}; from {current} the "
        f"allowed statuses are {', '.join(allowed) or 'none'}{hint}"
    )


def check_role(role: str) -> str:
    """``role`` when the workflow knows it: an account's role or a declared office."""
    return roles.check_role(role, roles.DECLARED_ROLES)


def words(reason: str | None, what: str) -> str:
    return reason_in_words(
        reason,
        f"give the reason to {what} in words (at least two words, such as 'court asked for "
        "the new photographs'): it goes in the custody ledger",
    )


@dataclass
class SealedChange:
    """Permission to change sealed incidents, for the calls made under ``sealed_change``."""

    role: str
    reason: str
    # (transaction, incident) already recorded, so one change records one event
    recorded: list[tuple[object, int]] = field(default_factory=list)


_PERMIT: ContextVar[SealedChange | None] = ContextVar("casefile_sealed_change", default=None)


def permit() -> SealedChange | None:
    return _PERMIT.get()


@contextmanager
def sealed_change(role: str | None, reason: str | None) -> Iterator[SealedChange | None]:
    """Calls inside may change sealed incidents as ``role`` for ``reason`` (checked when a
    sealed incident is met: the role must be one of ``OVERRIDE_ROLES``, the reason in words).
    With no reason nothing is permitted (a sealed incident is refused as usual)."""
    if reason is None or not reason.strip():
        yield None
        return
    given = SealedChange(check_role(role or ""), words(reason, "change a sealed incident"))
    token = _PERMIT.set(given)
    try:
        yield given
    finally:
        _PERMIT.reset(token)
