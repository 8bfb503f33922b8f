"""Reference parameters for registries too small to train on.

Unsupervised training estimates u (how often two different people agree) from random pairs and
m (how often two records of one person agree) by EM. On a registry of a few dozen records the
random pairs are mostly the duplicates themselves (7 records, two of them Petrenko: "the same
family name" looks like a one-in-ten chance agreement) and EM has nothing to split. Then
`model.score` falls back to these parameters, and the linkage event says it did.

They come from training the same model on a generated population (the harsh error model of
`casefile.people.synthetic`: hand-typed lists in two scripts, a town's name pool), recorded in
`data/reference_model.json`; rebuild with `python -m casefile.people.reference`. Term-frequency
adjustment is left out: a handful of records cannot say how common a name is.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa

REFERENCE_PATH = Path(__file__).parent / "data" / "reference_model.json"
REFERENCE_PEOPLE = 5000
REFERENCE_SEED = 2024


def _try(parse: Callable[[Any], Any], value: Any) -> Any:
    if value in (None, ""):
        return None
    try:
        return parse(value)
    except ValueError:
        return None


def synthetic_table(n_people: int, seed: int, n_lists: int = 4) -> tuple[pa.Table, list[int]]:
    """A generated registry as the model's input table, and each record's true person."""
    from casefile.people.model import INPUT_COLUMNS
    from casefile.people.normalise import (
        name_parts,
        parse_age,
        parse_partial_date,
        parse_sex,
        record_keys,
    )
    from casefile.people.synthetic import generate, harsh_styles

    syn = generate(n_people, seed=seed, styles=harsh_styles(n_lists, seed), pool="small",
                   death_days=40)  # fmt: skip
    rows: list[dict[str, Any]] = []
    truth: list[int] = []
    for source, records in syn.lists.items():
        for r in records:
            parts = name_parts(r.get("full_name"), r.get("given_name"), r.get("patronymic"),
                               r.get("family_name"))  # fmt: skip
            keys = record_keys(
                parts,
                _try(parse_sex, r.get("sex")),
                _try(parse_partial_date, r.get("birth_date")),
                _try(parse_age, r.get("age")),
                _try(parse_partial_date, r.get("event_date")),
                r.get("place") or None,
                2022,
            )
            rows.append({"unique_id": len(rows) + 1, "source": source, **keys.__dict__})
            truth.append(int(r["truth"]))
    table = pa.Table.from_pylist([{c: row.get(c) for c in INPUT_COLUMNS} for row in rows])
    return table, truth


def train_reference() -> dict[str, Any]:
    from casefile.people import model

    table, _ = synthetic_table(REFERENCE_PEOPLE, REFERENCE_SEED)
    scored = model.score(table, model.ours(), model.duckdb_api(), min_probability=0.5)
    if scored.problems:
        raise RuntimeError("reference training failed: " + "; ".join(scored.problems))
    return {
        "about": f"casefile.people.reference: {model.MODEL_VERSION} trained on a generated "
        f"population of {REFERENCE_PEOPLE} people (harsh styles, seed {REFERENCE_SEED}, "
        f"{table.num_rows} records)",
        "model": scored.model_json,
    }


def _levels(comp: dict[str, Any]) -> list[dict[str, Any]]:
    return list(comp.get("comparison_levels", []))


def apply_reference(model_json: dict[str, Any], records: int) -> tuple[dict[str, Any], str]:
    """`model_json` (the settings as trained, however badly) with the reference m and u of every
    comparison the reference has, no term-frequency adjustment, and comparisons neither
    trained nor in the reference left out; and a sentence saying so."""
    ref = json.loads(REFERENCE_PATH.read_text(encoding="utf-8"))
    ref_comps = {c["output_column_name"]: c for c in ref["model"]["comparisons"]}
    comps: list[dict[str, Any]] = []
    dropped: list[str] = []
    for comp in model_json.get("comparisons", []):
        name = comp.get("output_column_name")
        theirs = ref_comps.get(name)
        ours = _levels(comp)
        if theirs is not None and [lv.get("sql_condition") for lv in _levels(theirs)] == [
            lv.get("sql_condition") for lv in ours
        ]:
            for lv, rv in zip(ours, _levels(theirs), strict=True):
                for k in ("m_probability", "u_probability"):
                    if k in rv:
                        lv[k] = rv[k]
        elif any(
            lv.get("m_probability") is None or lv.get("u_probability") is None
            for lv in ours
            if not lv.get("is_null_level")
        ):
            dropped.append(str(name))
            continue
        for lv in ours:
            for k in ("tf_adjustment_column", "tf_adjustment_weight"):
                lv.pop(k, None)
        comps.append(comp)
    model_json["comparisons"] = comps
    prior = model_json.get("probability_two_random_records_match")
    if not isinstance(prior, (int, float)) or not 0 < prior < 0.5:
        # about one record in three has a partner among the others
        model_json["probability_two_random_records_match"] = min(0.3, 1.0 / max(records, 2))
    note = (
        f"too few records to train on ({records}): the reference parameters were used "
        f"(casefile.people.reference, {ref['about'].split(' trained ', 1)[1]})"
    )
    if dropped:
        note += f"; not compared (untrained, no reference): {', '.join(dropped)}"
    return model_json, note


if __name__ == "__main__":
    REFERENCE_PATH.parent.mkdir(exist_ok=True)
    REFERENCE_PATH.write_text(json.dumps(train_reference(), indent=1, sort_keys=True) + "\n",
                              encoding="utf-8")  # fmt: skip
    print(f"wrote {REFERENCE_PATH}")
