"""Perceptual hashes of images, for near-duplicate media (issue 28).

One row per image item: its 64-bit pHash as hex and as four 16-bit quarters (the Hamming
distance is computed from the quarters in SQL), tied to the 'media_hashed' ledger event that
logged it. Items acquired before this revision get theirs with ``casefile phash``.

It follows the vault's own branch (0001_vault -> 0006_item_tags): each stage's revisions chain
on their own branch and ``upgrade`` goes to every head.

Revision ID: 0013_media_phash
Revises: 0006_item_tags
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013_media_phash"
down_revision = "0006_item_tags"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "media_phashes",
        sa.Column("item_sha256", sa.String(64), sa.ForeignKey("items.sha256"), primary_key=True),
        sa.Column("algorithm", sa.String(32), nullable=False),
        sa.Column("phash", sa.String(16), nullable=False),
        sa.Column("q0", sa.Integer, nullable=False),
        sa.Column("q1", sa.Integer, nullable=False),
        sa.Column("q2", sa.Integer, nullable=False),
        sa.Column("q3", sa.Integer, nullable=False),
        sa.Column("event_seq", sa.BigInteger, nullable=False, unique=True),
    )


def downgrade() -> None:
    op.drop_table("media_phashes")
