"""Tables of witnesses and statements (mirrors migration 0005_witness).

Protected values (name, contact, risk notes, protected statement text and attachments, facts of
protected statements) are never stored in clear: ``*_ct`` columns hold AES-256-GCM ciphertexts
under the witness's data key, and the data key itself is only stored wrapped by a workspace
key-encryption key (KEK) that lives outside the database (``witness_keks`` holds its id, not it).
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
)

from casefile.vault.schema import metadata

# Key-encryption keys known to the workspace: id (a hash of the key), kind, and for passphrase
# keys the scrypt salt and parameters. State: pending (a rotation in progress), active, retired.
witness_keks = Table(
    "witness_keks",
    metadata,
    Column("kek_id", String(64), primary_key=True),
    Column("kind", String(16), nullable=False),  # file | passphrase
    Column("salt", String(64), nullable=True),
    Column("params", Text, nullable=False),
    Column("state", String(16), nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("activated_at", String(40), nullable=True),
)

witnesses = Table(
    "witnesses",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("pseudonym", String(200), nullable=False, unique=True),
    Column("language", String(32), nullable=True),
    Column("interpreter", String(200), nullable=True),
    Column("interviewer", String(200), nullable=True),
    Column("name_ct", LargeBinary, nullable=False),
    Column("contact_ct", LargeBinary, nullable=True),
    Column("risk_ct", LargeBinary, nullable=True),
    Column("created_by", String(255), nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("event_seq", BigInteger, nullable=False),
)

# Corrections of protected fields: new ciphertexts, never overwriting the original row; the
# newest per field is current. ``token`` is part of the ciphertext's associated data.
witness_corrections = Table(
    "witness_corrections",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("witness_id", String(32), ForeignKey("witnesses.id"), nullable=False, index=True),
    Column("field", String(16), nullable=False),
    Column("token", String(32), nullable=False),
    Column("value_ct", LargeBinary, nullable=True),  # None: the field was cleared
    Column("reason", Text, nullable=False),
    Column("created_by", String(255), nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("event_seq", BigInteger, nullable=False),
)

# A witness's data key wrapped by one KEK; during a rotation a witness has one row per KEK.
witness_data_keys = Table(
    "witness_data_keys",
    metadata,
    Column("witness_id", String(32), ForeignKey("witnesses.id"), primary_key=True),
    Column("kek_id", String(64), ForeignKey("witness_keks.kek_id"), primary_key=True),
    Column("wrapped", LargeBinary, nullable=False),
    Column("created_at", String(40), nullable=False),
)

# Consent is a history of grant / withdraw events per scope; the newest one per scope counts.
witness_consents = Table(
    "witness_consents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("witness_id", String(32), ForeignKey("witnesses.id"), nullable=False, index=True),
    Column("scope", String(32), nullable=False),  # prosecutors | organisation | publication
    Column("action", String(16), nullable=False),  # grant | withdraw
    Column("given_on", String(32), nullable=False),
    Column("how", Text, nullable=False),
    Column("note", Text, nullable=True),
    Column("recorded_by", String(255), nullable=False),
    Column("recorded_at", String(40), nullable=False),
    Column("event_seq", BigInteger, nullable=False),
)

statements = Table(
    "statements",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("witness_id", String(32), ForeignKey("witnesses.id"), nullable=False, index=True),
    Column("taken_on", String(32), nullable=True),
    Column("place", Text, nullable=True),
    Column("interviewer", String(200), nullable=True),
    Column("language", String(16), nullable=True),
    Column("incidents", Text, nullable=False),  # JSON list of incident ids (loose links)
    Column("protected", Boolean, nullable=False),
    # The text as a vault item: plain text, or (protected) its encrypted envelope.
    Column("text_item_sha256", String(64), nullable=True),
    # Protected: encrypted JSON {sha256, chars} of the plain text; else that JSON in clear.
    Column("text_meta", Text, nullable=True),
    Column("text_meta_ct", LargeBinary, nullable=True),
    Column("created_by", String(255), nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("event_seq", BigInteger, nullable=False),
)

statement_attachments = Table(
    "statement_attachments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("statement_id", String(32), ForeignKey("statements.id"), nullable=False, index=True),
    Column("item_sha256", String(64), nullable=False, index=True),
    Column("protected", Boolean, nullable=False),
    # Protected: encrypted JSON {name, media_type, sha256, size} of the original; else clear JSON.
    Column("meta", Text, nullable=True),
    Column("meta_ct", LargeBinary, nullable=True),
    Column("event_seq", BigInteger, nullable=False),
)

# Facts extracted from a statement's text; payloads of protected statements are encrypted.
statement_facts = Table(
    "statement_facts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("statement_id", String(32), ForeignKey("statements.id"), nullable=False, index=True),
    Column("item_sha256", String(64), nullable=True),
    Column("kind", String(32), nullable=False),
    Column("span_start", Integer, nullable=True),
    Column("span_end", Integer, nullable=True),
    Column("payload", Text, nullable=True),
    Column("payload_ct", LargeBinary, nullable=True),
    Column("event_seq", BigInteger, nullable=False),
)
