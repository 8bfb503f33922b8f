"""Verifying a whole workspace: the vault's own checks and every stage's record checks.

The vault verifies blobs, the ledger tree, checkpoints and its own rows, and knows no stage
(``casefile.vault.verify``); each stage checks its rows against their ledger events in its own
``integrity`` module. This module gathers them, so the CLI's ``verify``, the demo and anything
else that verifies a workspace run the same checks. A new stage adds its check here.
"""

from __future__ import annotations

from collections.abc import Sequence

from casefile.vault.verify import ExtraCheck, Progress, VerifyReport, verify_workspace
from casefile.vault.workspace import Workspace


def all_checks() -> list[ExtraCheck]:
    """Every stage's record checks, in the order verify runs them."""
    # Imported here, not above: the stages (and their libraries) load only when a verify runs,
    # so the CLI, which imports this module, starts quickly.
    from casefile.case.integrity import check_case
    from casefile.estimate.integrity import check_estimates
    from casefile.export.check import check_exports
    from casefile.ingest.integrity import check_documents
    from casefile.people.integrity import check_people
    from casefile.vault.account_integrity import check_accounts
    from casefile.vault.phash import check_phashes
    from casefile.witness.integrity import check_witnesses

    return [
        check_documents,
        check_case,
        check_exports,
        check_witnesses,
        check_people,
        check_estimates,
        check_accounts,
        check_phashes,
    ]


def verify_everything(
    ws: Workspace,
    progress: Progress | None = None,
    outside: Sequence[tuple[str, str]] = (),
) -> VerifyReport:
    """``casefile verify``: the vault's checks, then every stage's (see ``verify_workspace``
    for ``progress`` and ``outside``)."""
    return verify_workspace(ws, progress, all_checks(), outside)
