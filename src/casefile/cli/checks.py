"""The record checks that later stages add to 'casefile verify' (the vault knows none of them)."""

from __future__ import annotations

from casefile.vault.verify import ExtraCheck


def all_checks() -> list[ExtraCheck]:
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
