"""Anchoring by itself: after a write that recorded a sensitive kind of event, timestamp it.

The setting ``keys/anchor-after.json`` (``{"after": ["witness_revealed", ...]}``, written by
``casefile anchor --after``) names the event kinds. When a write transaction that recorded one
of them has committed, the workspace timestamps the newest signed checkpoint with every
configured RFC 3161 authority (:func:`casefile.vault.timestamp.anchor_now`). The user's action
has committed by then: an authority that cannot be reached is a logged warning, never a failure
or a rollback, and ``casefile verify`` counts the events no token covers yet.

This module stays light (no HTTP or ASN.1 imports): every write transaction asks it whether
anything is due.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, func, select

from casefile.errors import CasefileError
from casefile.vault.blobstore import PRIVATE_FILE
from casefile.vault.schema import ledger_entries, timestamp_tokens

if TYPE_CHECKING:
    from casefile.vault.workspace import Workspace

ANCHOR_AFTER = Path("keys") / "anchor-after.json"
AUTO_TIMEOUT = 10.0  # seconds per authority: the user waits for it after their action
log = logging.getLogger("casefile.anchor")

# Every kind of ledger event casefile records (tests/vault/test_auto_anchor.py checks the source
# tree against this list, so a new kind cannot be missing from it).
EVENT_KINDS: tuple[str, ...] = (
    "workspace_created", "acquired", "media_hashed", "anchored", "annotated", "copied_out",
    "verified",
    "received_again",
    "extracted", "extraction_failed", "fact_corrected",
    "incident_created", "incident_updated", "incident_merged", "incident_split",
    "incident_figure_added", "incident_best_figure_chosen", "incident_evidence_linked",
    "evidence_verified", "case_claim_added", "case_claim_grouped", "case_claim_evidence",
    "case_claim_assessed", "legal_qualified", "legal_element_evidence", "perpetrator_alleged",
    "victim_list_imported", "victims_linked", "victim_pair_reviewed", "estimated",
    "witness_added", "witness_consent", "witness_corrected", "witness_revealed",
    "witness_key_created", "witness_key_rotation_started", "witness_key_rotated",
    "witness_key_rotation_abandoned", "statement_added", "witness_statement_read",
    "exported", "bag_sealed",
    "user_created", "user_disabled", "user_enabled", "user_role_changed",
    "api_token_created", "api_token_revoked", "web_login", "web_login_blocked", "web_logout",
)  # fmt: skip


def load_anchor_after(ws_root: Path) -> list[str]:
    """The event kinds after which the workspace anchors by itself ([] when off)."""
    path = ws_root / ANCHOR_AFTER
    try:
        text = path.read_text()
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise CasefileError(f"{path}: cannot read it ({exc})") from None
    try:
        kinds = json.loads(text)["after"]
        if not isinstance(kinds, list) or not all(isinstance(k, str) for k in kinds):
            raise TypeError("'after' is not a list of event kinds")
    except (ValueError, KeyError, TypeError) as exc:
        raise CasefileError(f"{path} is damaged: {exc}") from None
    return kinds


def known_kinds(conn: Connection) -> set[str]:
    """The kinds casefile records, and any other kind this workspace's ledger holds."""
    present = conn.execute(select(ledger_entries.c.kind).distinct()).scalars()
    return set(EVENT_KINDS) | set(present)


def set_anchor_after(ws: Workspace, kinds: Iterable[str]) -> list[str]:
    """Stores the setting (an empty list turns it off); refuses kinds the ledger never records."""
    wanted = sorted({k.strip() for k in kinds if k.strip()})
    if "anchored" in wanted:
        raise CasefileError("anchoring after 'anchored' would anchor its own anchoring forever")
    with ws.db.read() as conn:
        known = known_kinds(conn)
    unknown = [k for k in wanted if k not in known]
    if unknown:
        raise CasefileError(
            f"not an event kind: {', '.join(unknown)}; known kinds: {', '.join(sorted(known))}"
        )
    if wanted:
        from casefile.vault.timestamp import load_authorities

        if not load_authorities(ws.root):
            raise CasefileError(
                "no time-stamping authority configured: give --tsa URL --tsa-root PEM too"
            )
    path = ws.root / ANCHOR_AFTER
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
    with os.fdopen(fd, "w") as f:
        f.write(json.dumps({"after": wanted}, indent=1) + "\n")
    os.replace(tmp, path)
    return wanted


def after_commit(ws: Workspace, recorded: set[str]) -> None:
    """Called by ``Workspace.transaction`` once a transaction that recorded events committed.

    Never raises: the transaction's work stands whatever happens here."""
    if not (ws.root / ANCHOR_AFTER).exists():
        return
    due = sorted(recorded)
    try:
        due = sorted((set(load_anchor_after(ws.root)) - {"anchored"}) & recorded)
        if not due:
            return
        from casefile.vault.timestamp import anchor_now

        result = anchor_now(ws, timeout=AUTO_TIMEOUT, after=due)
        problems = [problem for _, problem in result.failed]
    except Exception as exc:  # the action has committed: report, never undo or fail it
        problems = [str(exc) or type(exc).__name__]
    if problems:
        log.warning(
            "warning: automatic anchoring after %s failed (%s); the action itself is recorded. "
            "'casefile verify' counts the events not anchored yet; 'casefile anchor' retries.",
            ", ".join(due),
            "; ".join(problems),
        )


def unanchored(conn: Connection, after: Iterable[str]) -> tuple[int, int, int]:
    """(size of the newest anchored checkpoint, events after it, of those of the kinds in
    ``after``); the ``anchored`` events themselves do not count."""
    size = conn.execute(select(func.max(timestamp_tokens.c.checkpoint_size))).scalar() or 0
    newer = select(func.count()).where(
        ledger_entries.c.seq >= size, ledger_entries.c.kind != "anchored"
    )
    total = conn.execute(newer).scalar_one()
    due = conn.execute(newer.where(ledger_entries.c.kind.in_(list(after)))).scalar_one()
    return int(size), int(total), int(due)
