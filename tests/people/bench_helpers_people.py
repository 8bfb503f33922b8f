"""A small model-input table from generated lists (no workspace), for backend tests."""

from __future__ import annotations

import pyarrow as pa

from casefile.people.normalise import (
    name_parts,
    parse_age,
    parse_partial_date,
    parse_sex,
    record_keys,
)
from casefile.people.synthetic import generate


def small_tables(n_people: int, seed: int) -> pa.Table:
    rows = []
    uid = 0
    for name, recs in generate(n_people, seed=seed).lists.items():
        for r in recs:
            uid += 1
            parts = name_parts(
                r.get("full_name"), r.get("given_name"), r.get("patronymic"), r.get("family_name")
            )
            keys = record_keys(
                parts,
                parse_sex(r["sex"]) if r.get("sex") else None,
                parse_partial_date(r["birth_date"]) if r.get("birth_date") else None,
                parse_age(r["age"]) if r.get("age") else None,
                parse_partial_date(r["event_date"]) if r.get("event_date") else None,
                r.get("place") or None,
                2022,
            )
            rows.append({"unique_id": uid, "source": name, **keys.__dict__})
    return pa.Table.from_pylist(rows)
