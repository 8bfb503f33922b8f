"""The search index's rows numbered by what they index (issue 27).

SQLite only. ``web_search`` (FTS5, migration 0007_web) numbered its rows in insertion order, so
a row's kind and reference could only be read from its stored text: counting a search's distinct
hits read every matching row, a document's whole text included (5 ms for 2,000 documents).
From this revision an acquisition's row has the acquisition's id as its rowid and a document's
row minus the document's id, so a row's kind is the sign of its rowid (a range FTS5 answers from
its index) and an item row leads to its item through the acquisitions' primary key. The index is
rebuilt with the same words; PostgreSQL indexes the tables themselves: nothing there.

Revision ID: 0015_search_rowids
Revises: 0010_web_login_blocked
Create Date: 2026-12-06
"""

from __future__ import annotations

from alembic import op

revision = "0015_search_rowids"
down_revision = "0010_web_login_blocked"
branch_labels = None
depends_on = None

# The same words as 0007_web's (search.py's PostgreSQL expression splits them alike).
ACQ_TEXT = (
    "coalesce({p}.original_name,'') || ' ' || coalesce({p}.label,'') || ' ' || "
    "coalesce({p}.description,'') || ' ' || coalesce({p}.source_url,'') || ' ' || "
    "coalesce({p}.tags,'')"
)


def _rebuild(numbered: bool) -> None:
    doc_id, acq_id = ("-{p}.id", "{p}.id") if numbered else ("NULL", "NULL")
    op.execute("DROP TRIGGER IF EXISTS web_search_documents")
    op.execute("DROP TRIGGER IF EXISTS web_search_acquisitions")
    op.execute("DROP TABLE IF EXISTS web_search")
    op.execute(
        "CREATE VIRTUAL TABLE web_search USING fts5("
        "kind UNINDEXED, ref UNINDEXED, body, tokenize='unicode61 remove_diacritics 2')"
    )
    op.execute(
        "CREATE TRIGGER web_search_documents AFTER INSERT ON documents BEGIN "
        "INSERT INTO web_search(rowid, kind, ref, body) "
        f"VALUES ({doc_id.format(p='new')}, 'document', new.id, new.text); END"
    )
    op.execute(
        "CREATE TRIGGER web_search_acquisitions AFTER INSERT ON acquisitions BEGIN "
        "INSERT INTO web_search(rowid, kind, ref, body) "
        f"VALUES ({acq_id.format(p='new')}, 'item', new.item_sha256, {ACQ_TEXT.format(p='new')}); "
        "END"
    )
    op.execute(
        "INSERT INTO web_search(rowid, kind, ref, body) "
        f"SELECT {doc_id.format(p='d')}, 'document', d.id, d.text FROM documents d ORDER BY d.id"
    )
    op.execute(
        "INSERT INTO web_search(rowid, kind, ref, body) "
        f"SELECT {acq_id.format(p='a')}, 'item', a.item_sha256, {ACQ_TEXT.format(p='a')} "
        "FROM acquisitions a ORDER BY a.id"
    )


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuild(numbered=True)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuild(numbered=False)
