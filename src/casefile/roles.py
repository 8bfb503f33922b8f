"""Roles: the one list of roles and what each may do in the core stages.

An account of the web app holds one of ``ROLES`` (checked when it is added); the web app passes
the signed-in user's role to the stages, and its role matrix (``casefile.web.roles.MATRIX``)
draws its witness and sealing actions from the sets below. On the command line the role is a
declaration (``--role`` or ``CASEFILE_ROLE``), recorded in the ledger where it is used.

* Witnesses (``casefile.witness``): only the roles an account can hold; ``WITNESS_ROLES`` may
  add witnesses and statements, record consent, rotate the key, and reveal identities and
  protected statements (with a reason); the others see pseudonyms only. Possession of the
  witness key is still needed to decrypt anything: roles decide who is *allowed* to try.
* The incident workflow (``casefile.case.workflow``) and witness identities in an export bag
  (``casefile.export.bag``) also know two offices declared on the command line only,
  ``OFFICES`` (lead-investigator, legal-counsel): ``SEAL_ROLES`` seal a reviewed incident,
  ``OVERRIDE_ROLES`` change or unseal a sealed one, ``BAG_REVEAL_ROLES`` put witness identities
  into a bag. In the browser that leaves sealing and unsealing to an admin.
"""

from __future__ import annotations

from casefile.errors import CasefileError

ROLES = ("admin", "investigator", "analyst", "viewer")  # what an account can hold
OFFICES = ("lead-investigator", "legal-counsel")  # declared on the command line only
DECLARED_ROLES = ("admin", *OFFICES, "investigator", "analyst", "viewer")

WITNESS_ROLES = frozenset({"admin", "investigator"})
SEAL_ROLES = ("admin", "lead-investigator", "legal-counsel")
OVERRIDE_ROLES = ("admin", "lead-investigator")
BAG_REVEAL_ROLES = WITNESS_ROLES | frozenset(OFFICES)


def check_role(role: str, known: tuple[str, ...] = ROLES) -> str:
    """``role`` when it is one of ``known`` (the account roles unless told), else a clear error."""
    if role not in known:
        raise CasefileError(f"unknown role {role!r} (one of: {', '.join(known)})")
    return role


def may_reveal(role: str) -> bool:
    """Whether ``role`` may reveal witness identities and protected statements."""
    return check_role(role) in WITNESS_ROLES


def require_reveal(role: str, what: str) -> None:
    if not may_reveal(role):
        raise CasefileError(
            f"role {role!r} sees pseudonyms only and may not reveal {what} "
            f"(allowed: {', '.join(sorted(WITNESS_ROLES))})"
        )


def require_write(role: str, what: str) -> None:
    """Adding or changing witness data (witnesses, statements, consent, the key)."""
    if check_role(role) not in WITNESS_ROLES:
        raise CasefileError(f"role {role!r} may not {what}")


def require_bag_reveal(role: str) -> None:
    if role not in BAG_REVEAL_ROLES:
        raise CasefileError(
            f"role {role!r} may not reveal witness identities "
            f"(only: {', '.join(sorted(BAG_REVEAL_ROLES))})"
        )


def require_seal_role(role: str, incident_id: int) -> None:
    if check_role(role, DECLARED_ROLES) not in SEAL_ROLES:
        raise CasefileError(
            f"role {role!r} may not seal incident {incident_id}: sealing needs a reviewer "
            f"({', '.join(SEAL_ROLES)})"
        )


def require_override_role(role: str, incident_id: int, what: str) -> None:
    if check_role(role, DECLARED_ROLES) not in OVERRIDE_ROLES:
        raise CasefileError(
            f"incident {incident_id} is sealed: role {role!r} may not {what} "
            f"(allowed: {', '.join(OVERRIDE_ROLES)}, with a reason)"
        )
