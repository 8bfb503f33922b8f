"""Witnesses and statements with protection designed in (see docs/witness.md).

Identities (name, contact, risk notes) and protected statements are encrypted at rest with
AES-256-GCM under a per-witness data key wrapped by a workspace key kept outside the database;
every decryption is a ledger event with who, which witness, why and in which role.
"""

from __future__ import annotations

from casefile.roles import ROLES, may_reveal
from casefile.roles import WITNESS_ROLES as REVEAL_ROLES
from casefile.witness.core import (
    SCOPES,
    Access,
    ConsentGrant,
    RevealedWitness,
    WitnessView,
    access_log,
    add_witness,
    consent_allows,
    consent_history,
    consent_state,
    correct_witness,
    get_witness,
    list_witnesses,
    record_consent,
    resolve_witness,
    reveal_witness,
)
from casefile.witness.crypto import KeyError_, TamperedError
from casefile.witness.keys import (
    KeyRing,
    init_keys,
    keyring_for_connection,
    load_keyring,
    rotate_keys,
)
from casefile.witness.statements import (
    StatementContent,
    StatementView,
    add_statement,
    get_statement,
    list_statements,
    read_statement,
    save_attachments,
)

__all__ = [
    "REVEAL_ROLES",
    "ROLES",
    "SCOPES",
    "Access",
    "ConsentGrant",
    "KeyError_",
    "KeyRing",
    "RevealedWitness",
    "StatementContent",
    "StatementView",
    "TamperedError",
    "WitnessView",
    "access_log",
    "add_statement",
    "add_witness",
    "consent_allows",
    "consent_history",
    "consent_state",
    "correct_witness",
    "get_statement",
    "get_witness",
    "init_keys",
    "keyring_for_connection",
    "list_statements",
    "list_witnesses",
    "load_keyring",
    "may_reveal",
    "read_statement",
    "record_consent",
    "resolve_witness",
    "reveal_witness",
    "rotate_keys",
    "save_attachments",
]
