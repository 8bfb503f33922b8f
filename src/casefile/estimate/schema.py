"""Stored estimates (mirrors migration 0008_estimates).

One row per stratum (and one for the total) of one estimation run. The run is one ledger
event naming the vault item its capture histories came from, so every number traces back to
the exact table it was computed from.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Float, Integer, String, Table, Text

from casefile.vault.schema import metadata

estimates = Table(
    "estimates",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("run_id", String(36), nullable=False, index=True),
    Column("method", String(16), nullable=False),
    Column("stratum", String(400), nullable=True),  # None: the whole table or the total
    Column("is_total", Integer, nullable=False),
    Column("observed", Integer, nullable=False),
    Column("estimate", Float, nullable=True),
    Column("lower", Float, nullable=True),
    Column("upper", Float, nullable=True),
    Column("interval", Float, nullable=False),
    Column("result", Text, nullable=False),  # the full JSON result: diagnostics, warnings
    Column("input_kind", String(16), nullable=False),  # patterns | registry
    Column("input_sha256", String(64), nullable=False),  # vault item of the input table
    Column("lists", Text, nullable=False),
    Column("settings", Text, nullable=False),
    Column("created_by", String(255), nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("event_seq", BigInteger, nullable=False),
)
