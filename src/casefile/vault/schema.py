"""Tables of the vault: items, acquisitions, the custody ledger and its checkpoints.

SQLAlchemy Core tables (no ORM) because the ledger appends in bulk and the same statements
must run unchanged on SQLite and PostgreSQL. The schema itself is created by Alembic
migrations (``casefile.migrations``); these objects mirror it for queries.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
)

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING)

workspace_meta = Table(
    "workspace_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

# One row: the ledger's size and right edge. Writers lock it (or the whole database on
# SQLite) so that concurrent processes append to one tree.
ledger_head = Table(
    "ledger_head",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("size", BigInteger, nullable=False),
    Column("frontier", Text, nullable=False),
)

ledger_entries = Table(
    "ledger_entries",
    metadata,
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("leaf_hash", LargeBinary(32), nullable=False),
    Column("body", LargeBinary, nullable=False),
    Column("kind", String(64), nullable=False, index=True),
    Column("item_sha256", String(64), nullable=True, index=True),
    Column("actor", String(255), nullable=False),
    Column("recorded_at", String(40), nullable=False),
)

ledger_nodes = Table(
    "ledger_nodes",
    metadata,
    Column("level", SmallInteger, primary_key=True, autoincrement=False),
    Column("idx", BigInteger, primary_key=True, autoincrement=False),
    Column("hash", LargeBinary(32), nullable=False),
)

checkpoints = Table(
    "checkpoints",
    metadata,
    Column("size", BigInteger, primary_key=True, autoincrement=False),
    Column("root_hash", LargeBinary(32), nullable=False),
    Column("note", Text, nullable=False),
    Column("created_at", String(40), nullable=False),
)

timestamp_tokens = Table(
    "timestamp_tokens",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("checkpoint_size", BigInteger, ForeignKey("checkpoints.size"), nullable=False),
    Column("tsa", String(1000), nullable=False),
    Column("token", LargeBinary, nullable=False),
    Column("gen_time", String(40), nullable=False),
)

items = Table(
    "items",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("size", BigInteger, nullable=False),
    Column("media_type", String(255), nullable=False),
    Column("first_seq", BigInteger, nullable=False),
    Column("first_acquired_at", String(40), nullable=False),
)

acquisitions = Table(
    "acquisitions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("event_seq", BigInteger, nullable=False, unique=True),
    Column("item_sha256", String(64), ForeignKey("items.sha256"), nullable=False, index=True),
    Column("source_kind", String(16), nullable=False),
    Column("original_name", Text, nullable=True),
    Column("original_path", Text, nullable=True),
    Column("source_url", Text, nullable=True),
    Column("final_url", Text, nullable=True),
    Column("http_status", Integer, nullable=True),
    Column("http_headers", Text, nullable=True),
    Column("acquired_at", String(40), nullable=False),
    Column("acquired_by", String(255), nullable=False),
    Column("tool_version", String(64), nullable=False),
    Column("label", Text, nullable=True),
    Column("description", Text, nullable=True),
    Column("tags", Text, nullable=False),
    Column("exif", Text, nullable=True),
    Column("capture_of", String(64), nullable=True),
)

# The current tags of each item: an index rebuilt from acquisitions and 'annotated' events,
# kept so that lists can filter by tag; verify checks it against the ledger.
item_tags = Table(
    "item_tags",
    metadata,
    Column("item_sha256", String(64), ForeignKey("items.sha256"), primary_key=True),
    Column("tag", String(200), primary_key=True, index=True),
)

# Blobs renamed into the store whose ledger event is not committed yet: what recovery after
# a crash looks at, so that no blob is left without an event.
pending_blobs = Table(
    "pending_blobs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("sha256", String(64), nullable=False, index=True),
    Column("owner", String(255), nullable=False),
    Column("created_at", String(40), nullable=False),
)

# Perceptual hashes of images (derived from the bytes, so one per item): each row written in
# the transaction of its 'media_hashed' event, which verify compares it with. The 64-bit hash
# is kept as hex and as four 16-bit quarters, so that the Hamming distance between two items
# is plain integer arithmetic in SQL on SQLite and PostgreSQL alike (casefile.vault.phash).
media_phashes = Table(
    "media_phashes",
    metadata,
    Column("item_sha256", String(64), ForeignKey("items.sha256"), primary_key=True),
    Column("algorithm", String(32), nullable=False),
    Column("phash", String(16), nullable=False),
    Column("q0", Integer, nullable=False),
    Column("q1", Integer, nullable=False),
    Column("q2", Integer, nullable=False),
    Column("q3", Integer, nullable=False),
    Column("event_seq", BigInteger, nullable=False, unique=True),
)
