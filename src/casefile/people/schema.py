"""Tables of the victim registry (mirrors migration 0004_people).

Lists and their records are written once, on import. Every linkage run adds its own rows
(persons, links with their probabilities); nothing of an earlier run is changed, so the
registry as it stood after any run can be shown again. Review decisions are rows too; the
newest decision on a pair is the one in force.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Float,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from casefile.vault.schema import metadata

victim_lists = Table(
    "victim_lists",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source", String(128), nullable=False, unique=True),
    Column("item_sha256", String(64), ForeignKey("items.sha256"), nullable=False, index=True),
    Column("file_name", String(512), nullable=False),
    Column("sheet", String(255), nullable=True),
    Column("encoding", String(64), nullable=True),
    Column("mapping", Text, nullable=False),
    Column("rows", Integer, nullable=False),
    Column("event_year", Integer, nullable=True),
    Column("event_seq", BigInteger, nullable=False),
    Column("created_by", String(255), nullable=False),
    Column("created_at", String(40), nullable=False),
)

# A victim record's fields as a list gives them (the import reads these), and those shown to
# readers (web pages, 'victims person --json'; notes are kept back).
NAME_PARTS = ("given_name", "patronymic", "family_name")
RECORD_FIELDS = (
    "record_id",
    "full_name",
    *NAME_PARTS,
    "sex",
    "birth_date",
    "age",
    "event_date",
    "place",
    "status",
    "notes",
)
SHOWN_RECORD_FIELDS = ("source", *(f for f in RECORD_FIELDS if f != "notes"))

victim_records = Table(
    "victim_records",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("list_id", Integer, ForeignKey("victim_lists.id"), nullable=False, index=True),
    Column("source", String(128), nullable=False, index=True),
    Column("record_id", String(255), nullable=False),
    Column("row_number", Integer, nullable=False),
    Column("full_name", Text, nullable=True),
    Column("given_name", String(255), nullable=True),
    Column("patronymic", String(255), nullable=True),
    Column("family_name", String(255), nullable=True),
    Column("sex", String(1), nullable=True),
    Column("birth_date", String(10), nullable=True),
    Column("age", Integer, nullable=True),
    Column("event_date", String(10), nullable=True),
    Column("place", String(255), nullable=True),
    Column("status", String(32), nullable=True),
    Column("notes", Text, nullable=True),
    Column("extra", Text, nullable=False),
    Column("given_key", String(128), nullable=True),
    Column("family_key", String(255), nullable=True),
    Column("patronymic_key", String(128), nullable=True),
    Column("sex_key", String(1), nullable=True),
    Column("birth_year_lo", Integer, nullable=True),
    Column("birth_year_hi", Integer, nullable=True),
    Column("place_key", String(255), nullable=True),
    Column("oblast", String(128), nullable=True),
    UniqueConstraint("list_id", "record_id"),
)

# Each record's names in the two forms the name search matches (``casefile.people.name_search``),
# written with the record by the import (migration 0012_victim_names). On SQLite an FTS5 trigram
# index over it, ``victim_names_trigrams``, is kept by a trigger.
victim_names = Table(
    "victim_names",
    metadata,
    Column("record_pk", Integer, ForeignKey("victim_records.id"), primary_key=True),
    Column("latin", Text, nullable=False),
    Column("keys", Text, nullable=False),
)

linkage_runs = Table(
    "linkage_runs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("model_version", String(64), nullable=False),
    Column("backend", String(16), nullable=False),
    Column("settings", Text, nullable=False),
    Column("thresholds", Text, nullable=False),
    Column("records", Integer, nullable=False),
    Column("persons", Integer, nullable=False),
    Column("links", Integer, nullable=False),
    Column("review_pairs", Integer, nullable=False),
    Column("event_seq", BigInteger, nullable=False),
    Column("created_by", String(255), nullable=False),
    Column("created_at", String(40), nullable=False),
)

person_members = Table(
    "person_members",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("run_id", Integer, ForeignKey("linkage_runs.id"), nullable=False, index=True),
    Column("person_id", String(32), nullable=False),
    Column("record_pk", Integer, ForeignKey("victim_records.id"), nullable=False, index=True),
    Column("match_probability", Float, nullable=True),
)

record_links = Table(
    "record_links",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("run_id", Integer, ForeignKey("linkage_runs.id"), nullable=False, index=True),
    Column("record_l", Integer, ForeignKey("victim_records.id"), nullable=False),
    Column("record_r", Integer, ForeignKey("victim_records.id"), nullable=False),
    Column("match_probability", Float, nullable=False),
    Column("match_weight", Float, nullable=True),
    Column("state", String(16), nullable=False),  # match | review | nonmatch
    Column("decision", String(16), nullable=True),  # a review decision applied to the pair
    Column("evidence", Text, nullable=True),
)

review_decisions = Table(
    "review_decisions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("record_l", Integer, ForeignKey("victim_records.id"), nullable=False, index=True),
    Column("record_r", Integer, ForeignKey("victim_records.id"), nullable=False, index=True),
    Column("decision", String(16), nullable=False),  # same | different | unsure
    Column("reason", Text, nullable=False),
    Column("run_id", Integer, ForeignKey("linkage_runs.id"), nullable=True),
    Column("decided_by", String(255), nullable=False),
    Column("decided_at", String(40), nullable=False),
    Column("event_seq", BigInteger, nullable=False),
)
