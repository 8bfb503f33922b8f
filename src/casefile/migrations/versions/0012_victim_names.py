"""People: the victim-name search rows, written with the records.

``victim_names`` holds each victim record's names in the two forms the name search matches
(``casefile.people.name_search``); the import writes them in the same transaction as the
records, and this migration writes them for the records already present. SQLite: an FTS5
trigram index over it (``victim_names_trigrams``, external content, kept by a trigger);
PostgreSQL: pg_trgm GIN indexes when the extension can be had (else ``LIKE`` scans, same
answers). The web app's own copy of these rows (``web_victim_names_v1`` and its trigram counts,
made at app start and brought up to date inside name searches) is dropped.
Also the family-name index of the victim list (was made at app start).

Revision ID: 0012_victim_names
Revises: 0004_people
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_victim_names"
down_revision = "0004_people"
branch_labels = None
depends_on = None

OLD = ("web_victim_names_v1_vocab", "web_victim_names_v1_terms", "web_victim_names_v1")


def upgrade() -> None:
    from casefile.people.name_search import index_records

    bind = op.get_bind()
    op.create_table(
        "victim_names",
        sa.Column("record_pk", sa.Integer, sa.ForeignKey("victim_records.id"), primary_key=True),
        sa.Column("latin", sa.Text, nullable=False),
        sa.Column("keys", sa.Text, nullable=False),
    )
    op.execute(
        "CREATE INDEX IF NOT EXISTS ix_web_victim_records_family_name "
        "ON victim_records (family_name)"
    )
    if bind.dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE victim_names_trigrams USING fts5(latin, keys, "
            "content='victim_names', content_rowid='record_pk', tokenize='trigram')"
        )
        op.execute(
            "CREATE TRIGGER victim_names_trigrams_add AFTER INSERT ON victim_names BEGIN "
            "INSERT INTO victim_names_trigrams(rowid, latin, keys) "
            "VALUES (new.record_pk, new.latin, new.keys); END"
        )
    else:
        trgm = bind.begin_nested()
        try:
            op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            for col in ("latin", "keys"):
                op.execute(
                    f"CREATE INDEX ix_victim_names_{col} ON victim_names "
                    f"USING gin ({col} gin_trgm_ops)"
                )
            trgm.commit()
        except Exception:  # no pg_trgm here: LIKE scans answer the same
            trgm.rollback()
    records = bind.execute(
        sa.text(
            "SELECT id, full_name, given_name, patronymic, family_name FROM victim_records "
            "ORDER BY id"
        )
    ).all()
    index_records(bind, records)
    for table in OLD:
        op.execute(f"DROP TABLE IF EXISTS {table}")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS victim_names_trigrams_add")
        op.execute("DROP TABLE IF EXISTS victim_names_trigrams")
    op.drop_table("victim_names")
