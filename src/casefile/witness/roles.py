"""Who may see what: a small role model for witness data.

The CLI takes the role as a declaration (``--role`` or ``CASEFILE_ROLE``) and records it with
every reveal; the web app passes the signed-in user's role. Possession of the witness key is
still needed to decrypt anything: roles decide who is *allowed* to try.
"""

from __future__ import annotations

from casefile.errors import CasefileError

# The export stage's own names for the two roles allowed to put identities into a bag are
# accepted too (casefile.export.bag.REVEAL_ROLES).
ROLES = ("admin", "lead-investigator", "legal-counsel", "investigator", "analyst", "viewer")
REVEAL_ROLES = frozenset({"admin", "lead-investigator", "legal-counsel", "investigator"})
WRITE_ROLES = REVEAL_ROLES


def check_role(role: str) -> str:
    if role not in ROLES:
        raise CasefileError(f"unknown role {role!r} (one of: {', '.join(ROLES)})")
    return role


def may_reveal(role: str) -> bool:
    return check_role(role) in REVEAL_ROLES


def require_reveal(role: str, what: str) -> None:
    if not may_reveal(role):
        raise CasefileError(
            f"role {role!r} sees pseudonyms only and may not reveal {what} "
            f"(allowed: {', '.join(sorted(REVEAL_ROLES))})"
        )


def require_write(role: str, what: str) -> None:
    if check_role(role) not in WRITE_ROLES:
        raise CasefileError(f"role {role!r} may not {what}")
