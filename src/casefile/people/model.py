"""The Fellegi-Sunter model (Splink) on normalised keys: settings, training, scoring.

One model definition runs on DuckDB (the embedded default) and on Spark. All records of all
lists go in as one table and are deduplicated together (`dedupe_only`), so that pairs within a
list (duplicates) and between lists (links) are scored by the same model.

Training needs no labels: the chance two random records match from deterministic rules, u
probabilities from random pairs, m probabilities by EM in three sessions blocked on different
columns (each session trains the comparisons its blocking rule does not use).
"""

from __future__ import annotations

import json
import logging
import random
import re
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pyarrow as pa

from casefile.people.names import deletions, one_typo_apart, to_latin

MODEL_VERSION = "casefile-people-fs/6"
# Larger registries are trained on a random sample of this many records (the parameters are
# rates: a sample estimates them as well, and EM on millions of pairs gains nothing) and the
# trained model scores all records.
TRAIN_RECORDS = 200_000
# From this many records on, EM trains on more specific blocks (ModelSpec.em_large).
LARGE = 100_000
# Below this many records, a training that fails or comes out insane gives way to the reference
# parameters (casefile.people.reference); from here on it is refused with its reasons.
REFERENCE_BELOW = 2_000

INPUT_COLUMNS = (
    "unique_id",
    "source",
    "given_key",
    "family_key",
    "patronymic_key",
    "sex_key",
    "birth_year_lo",
    "birth_year_hi",
    "place_key",
    "oblast",
    "birth_date",
    "event_date",
)


def _quiet() -> None:
    for name in ("splink", "py4j"):
        logging.getLogger(name).setLevel(logging.ERROR)


def _dn(key: str | None) -> list[str] | None:
    """A name key's deletion neighbourhood (see names.deletions); short keys only themselves
    (one letter less of three is most of the names of a town)."""
    if not key:
        return None
    return sorted(deletions(key)) if len(key) >= 4 else [key]


def typo_canonical(keys: Sequence[str | None]) -> list[str | None]:
    """Each key replaced by the commonest key of the column one typing error from it (itself
    included; ties to the alphabetically first): a mistyped Kovalenko becomes Kovalenko. Two
    records whose names each carry one typo then share an exact key, which a blocking rule can
    join once per pair; the deletion neighbourhoods meet a common name's namesakes once for
    every pair of shared entries (about 80 times), and at a million records that join was most
    of the run's time."""
    counts = Counter(k for k in keys if k)
    index: dict[str, list[str]] = defaultdict(list)
    for key in counts:
        if len(key) >= 4:
            for entry in deletions(key):
                index[entry].append(key)
    canonical: dict[str, str] = {}
    for key in counts:
        near = {key, *index.get(key, ())}  # the keys it is with a letter dropped (short too)
        if len(key) >= 4:
            for entry in deletions(key):
                near.update(o for o in index[entry] if one_typo_apart(key, o))
        canonical[key] = min(near, key=lambda o: (-counts[o], o))
    return [canonical[k] if k else None for k in keys]


def fold_digraphs(key: str | None) -> str | None:
    """A name key with the letters that a typing error inside a Latin digraph leaves folded to
    it: "Sevchenko" for Shevchenko keys `s` where the name has `x` (sh), "Kornyi" for Chornyi
    `k` where it has `c` (ch). Two records then sit one typing error apart instead of two."""
    return key.replace("x", "s").replace("c", "k") if key else key


def _ordinal(iso: str | None) -> int | None:
    """A full ISO date as its day number (any SQL dialect subtracts integers alike)."""
    if not iso or len(iso) != 10:
        return None
    return date.fromisoformat(iso).toordinal()


def add_blocking_columns(table: pa.Table) -> pa.Table:
    """The columns the blocking rules and the date comparisons read, derived from the keys:
    the family and given keys' deletion neighbourhoods (`fam_dn`, `giv_dn`: two keys one
    typing error apart share an entry) and their commonest near keys (`fam_canon`, `giv_canon`,
    see typo_canonical; `fam_pooled`, `giv_pooled` the same over both name columns at once, so
    that a family name read as the given one still meets itself mistyped), the birth years a
    record allows (`birth_years`: an age allows two), and the date of death as a day number
    and as a month."""
    fam = table.column("family_key").to_pylist()
    giv = table.column("given_key").to_pylist()
    lo = table.column("birth_year_lo").to_pylist()
    hi = table.column("birth_year_hi").to_pylist()
    ev = table.column("event_date").to_pylist() if "event_date" in table.column_names else []
    fam_f, giv_f = [fold_digraphs(k) for k in fam], [fold_digraphs(k) for k in giv]
    pooled = typo_canonical(fam_f + giv_f)
    years = [list(range(a, b + 1)) if a is not None and b is not None else None
             for a, b in zip(lo, hi, strict=True)]  # fmt: skip
    cols = {
        "fam_dn": pa.array([_dn(k) for k in fam], pa.list_(pa.string())),
        "giv_dn": pa.array([_dn(k) for k in giv], pa.list_(pa.string())),
        "fam_canon": pa.array(typo_canonical(fam_f), pa.string()),
        "giv_canon": pa.array(typo_canonical(giv_f), pa.string()),
        "fam_pooled": pa.array(pooled[: len(fam)], pa.string()),
        "giv_pooled": pa.array(pooled[len(fam) :], pa.string()),
        "birth_years": pa.array(years, pa.list_(pa.int64())),
        "event_day": pa.array([_ordinal(e) for e in ev] or [None] * table.num_rows, pa.int64()),
        "event_month": pa.array([e[:7] if e and len(e) >= 7 else None for e in ev] or
                                [None] * table.num_rows, pa.string()),
    }  # fmt: skip
    for name, col in cols.items():
        if name in table.column_names:
            table = table.drop_columns([name])
        table = table.append_column(name, col)
    return table


def extra_column(name: str) -> str:
    """The model's column for an extra field of the lists (`x_` + a SQL-safe slug)."""
    text = "".join(c if c.isascii() else to_latin(c) for c in name.lower())
    slug = re.sub(r"[^a-z0-9]+", "_", text).strip("_")[:40]
    return f"x_{slug or 'field'}"


def extra_value(value: Any) -> str | None:
    """An extra field's value as compared: text, lower case, spaces collapsed; None if empty."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = " ".join(str(value).lower().split())
    return text or None


def extra_comparison(column: str) -> Any:
    """Another field the lists share (an identity document number, a street address ...):
    exact (with term-frequency adjustment), one edit apart, similar, different."""
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    return cl.CustomComparison(
        [
            cll.NullLevel(column),
            cll.ExactMatchLevel(column).configure(tf_adjustment_column=column),
            cll.LevenshteinLevel(column, 1),
            cll.JaroWinklerLevel(column, 0.88),
            cll.ElseLevel(),
        ],
        output_column_name=column,
    )


def blocking_rules(large: bool = False) -> list[Any]:
    """Rules that still meet a pair when the family and the given key each carry one typing
    error (`fam_dn`, `giv_dn`; at scale their commonest near keys `fam_canon`, `giv_canon`),
    when the birth year is missing on one side, and when a name was parsed wrongly; the rules
    that need no name come last. Exact rules first: Splink skips pairs an earlier plain rule
    found (not those of an exploding rule: score drops those duplicates). `large` (registries
    of LARGE records or more): the rules that would meet hundreds of namesakes per record at
    that size are narrowed by the place or a name prefix; below it, the commonest near keys
    with the place or the given initial, and names swapped with the place, find the pairs
    whose names carry more than the rules above survive (bench/registry.py, 20 harsh
    populations: blocking recall min 0.984 -> 0.993 at 16-84 candidates per record)."""
    from splink import block_on
    from splink.blocking_rule_library import And, CustomRule

    def explode(*cols: str, arrays: Sequence[str], differ: Sequence[str] = ()) -> Any:
        """`differ`: keys that must all differ; the pairs where one agrees are another rule's. A
        common name shares all ~10 entries of its deletion neighbourhood with its namesakes,
        so without this each namesake pair is joined ~10 times before Splink keeps it once."""
        if not differ:
            return block_on(*cols, arrays_to_explode=list(arrays))
        unequal = " AND ".join(f"l.{c} <> r.{c}" for c in differ)
        return And(block_on(*cols), CustomRule(unequal), arrays_to_explode=list(arrays))

    rules: list[Any] = [
        block_on("family_key", "given_key"),
        {"blocking_rule": "l.fam_pooled = r.giv_pooled AND l.giv_pooled = r.fam_pooled"},
        {
            "blocking_rule": "l.birth_date = r.birth_date AND l.place_key = r.place_key "
            "AND length(l.birth_date) = 10"
        },
        {
            "blocking_rule": "l.given_key = r.given_key AND l.birth_date = r.birth_date "
            "AND length(l.birth_date) = 10"
        },
        block_on("family_key", "patronymic_key"),
        block_on("given_key", "substr(family_key, 1, 2)")
        if not large
        else block_on("given_key", "substr(family_key, 1, 3)"),
        block_on("given_key", "patronymic_key", "substr(family_key, 1, 1)")
        if large
        else block_on("given_key", "patronymic_key"),
        block_on("fam_canon", "giv_canon"),
        # each neighbourhood rule below leaves to an exact rule the pairs whose keys agree
        explode("fam_dn", "given_key", arrays=["fam_dn"], differ=["family_key"]),
        explode("family_key", "giv_dn", arrays=["giv_dn"], differ=["given_key"]),
    ]
    if not large:  # at a million records: 20 of every 30 rows joined, for 1 pair in 500
        rules.append(
            explode(
                "fam_dn", "giv_dn", arrays=["fam_dn", "giv_dn"], differ=["family_key", "given_key"]
            )
        )
    rules += [
        explode("family_key", "birth_years", arrays=["birth_years"]),
        explode("fam_dn", "birth_years", arrays=["fam_dn", "birth_years"], differ=["family_key"]),
        explode("fam_dn", "patronymic_key", arrays=["fam_dn"], differ=["family_key"]),
        explode(
            "giv_dn",
            "birth_years",
            "place_key",
            arrays=["giv_dn", "birth_years"],
            differ=["given_key"],
        ),
        explode(
            "giv_dn",
            "birth_years",
            "substr(family_key, 1, 2)",
            arrays=["giv_dn", "birth_years"],
            differ=["given_key"],
        ),
    ]
    if large:
        rules += [
            explode("given_key", "birth_years", "place_key", arrays=["birth_years"]),
            explode("given_key", "birth_years", "substr(family_key, 1, 1)", arrays=["birth_years"]),
            explode(
                "place_key",
                "birth_years",
                "sex_key",
                "substr(given_key, 1, 2)",
                arrays=["birth_years"],
            ),
            block_on("substr(family_key, 1, 3)", "place_key", "sex_key", "substr(given_key, 1, 1)"),
            # a family name mistyped beside an unreadable given name and no birth year:
            # 100,000 people, blocking recall 0.9906 -> 0.9914 at 44 candidates per record
            block_on("fam_canon", "place_key", "sex_key"),
        ]
    else:
        rules += [
            explode("given_key", "birth_years", arrays=["birth_years"]),
            explode("place_key", "birth_years", "sex_key", arrays=["birth_years"]),
            block_on("substr(family_key, 1, 3)", "place_key"),
            block_on("fam_canon", "place_key"),
            block_on("giv_canon", "place_key"),
            block_on("fam_canon", "substr(given_key, 1, 1)"),
            {"blocking_rule": "l.fam_pooled = r.giv_pooled AND l.place_key = r.place_key"},
            {"blocking_rule": "l.giv_pooled = r.fam_pooled AND l.place_key = r.place_key"},
        ]
    return rules


def our_settings(extras: Sequence[tuple[str, str]] = (), large: bool = False) -> Any:
    """Names compared through the cross-script keys; birth years as ranges; places via the
    gazetteer. Blocking: several rules on the keys, so a typo or a missing field in one
    column still leaves another rule that finds the pair.

    `extras`: further columns to compare, for lists that share fields beyond the canonical
    ones: (column, blocking) with blocking "alone" (the column is a blocking rule of its own),
    "names" (with the given key, and with the family key) or "" (none); see `extras_for`."""
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    # Names graded on the cross-script keys: the same key (its weight adjusted for how common
    # the name is), one typing error apart, similar, different. Starting m values say what a
    # hand-typed list looks like (a third of names mistyped), so that EM starts near the
    # same/different split rather than finding another one (namesakes against the rest).
    family = cl.CustomComparison(
        [
            cll.NullLevel("family_key"),
            cll.ExactMatchLevel("family_key").configure(
                tf_adjustment_column="family_key", m_probability=0.62
            ),
            cll.DamerauLevenshteinLevel("family_key", 1).configure(m_probability=0.25),
            cll.ExactMatchLevel("fam_canon").configure(
                m_probability=0.03, label_for_charts="same commonest near key"
            ),
            cll.DamerauLevenshteinLevel("family_key", 2).configure(m_probability=0.03),
            cll.JaroWinklerLevel("family_key", 0.88).configure(m_probability=0.04),
            cll.JaroWinklerLevel("family_key", 0.75).configure(m_probability=0.015),
            cll.ElseLevel().configure(m_probability=0.015),
        ],
        output_column_name="family",
    )
    given = cl.CustomComparison(
        [
            cll.NullLevel("given_key"),
            cll.ExactMatchLevel("given_key").configure(
                tf_adjustment_column="given_key", m_probability=0.74
            ),
            cll.DamerauLevenshteinLevel("given_key", 1).configure(m_probability=0.14),
            cll.ExactMatchLevel("giv_canon").configure(
                m_probability=0.02, label_for_charts="same commonest near key"
            ),
            cll.DamerauLevenshteinLevel("given_key", 2).configure(m_probability=0.02),
            cll.JaroWinklerLevel("given_key", 0.85).configure(m_probability=0.04),
            cll.ElseLevel().configure(m_probability=0.04),
        ],
        output_column_name="given",
    )
    patronymic = cl.CustomComparison(
        [
            cll.NullLevel("patronymic_key"),
            cll.ExactMatchLevel("patronymic_key").configure(m_probability=0.8),
            cll.DamerauLevenshteinLevel("patronymic_key", 1).configure(m_probability=0.1),
            cll.JaroWinklerLevel("patronymic_key", 0.85).configure(m_probability=0.06),
            cll.ElseLevel().configure(m_probability=0.04),
        ],
        output_column_name="patronymic",
    )
    lo_l, hi_l, lo_r, hi_r = (
        "birth_year_lo_l",
        "birth_year_hi_l",
        "birth_year_lo_r",
        "birth_year_hi_r",
    )
    dl, dr = "birth_date_l", "birth_date_r"
    lev = f"levenshtein({dl}, {dr})"
    swap = (
        f"substr({dl}, 1, 4) = substr({dr}, 1, 4) AND substr({dl}, 6, 2) = substr({dr}, 9, 2) "
        f"AND substr({dl}, 9, 2) = substr({dr}, 6, 2)"
    )
    birth = cl.CustomComparison(
        [
            {
                "sql_condition": f"{lo_l} IS NULL OR {lo_r} IS NULL",
                "label_for_charts": "birth year unknown",
                "is_null_level": True,
            },
            {
                "sql_condition": f"{dl} = {dr} AND length({dl}) = 10",
                "label_for_charts": "same birth date",
            },
            {
                "sql_condition": f"length({dl}) = 10 AND length({dr}) = 10 "
                f"AND ({lev} <= 1 OR ({swap}))",
                "label_for_charts": "birth dates one typo or day/month swapped apart",
            },
            {
                "sql_condition": f"length({dl}) >= 7 AND length({dr}) >= 7 "
                f"AND (length({dl}) = 7 OR length({dr}) = 7) "
                f"AND substr({dl}, 1, 7) = substr({dr}, 1, 7)",
                "label_for_charts": "same birth month (a date without its day)",
            },
            {
                # two full dates that differ by more than a typo: namesakes, most often
                "sql_condition": f"length({dl}) = 10 AND length({dr}) = 10",
                "label_for_charts": "different full birth dates",
            },
            {
                "sql_condition": f"{lo_l} = {hi_l} AND {lo_r} = {hi_r} AND {lo_l} = {lo_r}",
                "label_for_charts": "same birth year",
            },
            {
                "sql_condition": f"{lo_l} <= {hi_r} AND {lo_r} <= {hi_l}",
                "label_for_charts": "birth year ranges overlap (age)",
            },
            {
                "sql_condition": f"{lo_l} <= {hi_r} + 2 AND {lo_r} <= {hi_l} + 2",
                "label_for_charts": "birth years within 2",
            },
            {
                "sql_condition": f"{lo_l} <= {hi_r} + 10 AND {lo_r} <= {hi_l} + 10",
                "label_for_charts": "birth years within 10",
            },
            cll.ElseLevel(),
        ],
        output_column_name="birth_year",
    )
    # Given and family name written in each other's place (a list that put the family name
    # first without saying so): scored on its own so the two name comparisons' "different"
    # weights can be outweighed.
    order = cl.CustomComparison(
        [
            cll.Or(cll.NullLevel("given_key"), cll.NullLevel("family_key")),
            {
                "sql_condition": "given_key_l = family_key_r AND family_key_l = given_key_r "
                "AND given_key_l <> family_key_l",
                "label_for_charts": "given and family names swapped",
                # fixed, not trained: no training block on names can hold swapped pairs, and
                # the ones that could (birth date + place) are mostly chance pairs at scale
                "m_probability": 0.05,
                "u_probability": 1e-6,
                "fix_m_probability": True,
                "fix_u_probability": True,
            },
            {
                "sql_condition": "ELSE",
                "label_for_charts": "All other comparisons",
                "m_probability": 0.95,
                "u_probability": 1 - 1e-6,
                "fix_m_probability": True,
                "fix_u_probability": True,
            },
        ],
        output_column_name="name_order",
    )
    sex = cl.ExactMatch("sex_key")
    # Date of death (or of the event): the same day, a few days apart (found, reported or
    # died), the same month (one list gave the month only), different.
    death = cl.CustomComparison(
        [
            {
                "sql_condition": "event_month_l IS NULL OR event_month_r IS NULL",
                "label_for_charts": "date of death unknown",
                "is_null_level": True,
            },
            cll.ExactMatchLevel("event_day").configure(label_for_charts="same date of death"),
            {
                "sql_condition": "abs(event_day_l - event_day_r) <= 3",
                "label_for_charts": "dates of death within 3 days",
            },
            {
                "sql_condition": "event_month_l = event_month_r "
                "AND (event_day_l IS NULL OR event_day_r IS NULL)",
                "label_for_charts": "same month of death (a date without its day)",
            },
            cll.ElseLevel(),
        ],
        output_column_name="death_date",
    )
    place = cl.CustomComparison(
        [
            cll.NullLevel("place_key"),
            cll.ExactMatchLevel("place_key"),
            cll.ExactMatchLevel("oblast").configure(label_for_charts="same oblast"),
            cll.ElseLevel(),
        ],
        output_column_name="place",
    )
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=[family, given, order, patronymic, birth, sex, death, place]
        + [extra_comparison(c) for c, _ in extras],
        blocking_rules_to_generate_predictions=[
            *blocking_rules(large),
            *(block_on(c) for c, how in extras if how == "alone"),
            *(
                block_on(c, k)
                for c, how in extras
                if how == "names"
                for k in ("given_key", "family_key")
            ),
        ],
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=True,
        additional_columns_to_retain=["source"],
    )


@dataclass
class ModelSpec:
    """What to train with: the settings and the blocking of each training step."""

    name: str
    settings: Callable[[bool], Any]  # large (LARGE records or more) -> Splink settings
    deterministic: list[Any]
    em_rules: list[Any]
    recall: float = 0.7
    em_large: list[Any] = field(default_factory=list)  # instead, from LARGE records up
    em_large_no_place: list[Any] = field(default_factory=list)  # same, most without a place
    key_comparisons: tuple[str, ...] = ()  # checked after training (check_trained)
    prepare: Callable[[pa.Table], pa.Table] | None = None  # columns the settings read


def ours(extras: Sequence[tuple[str, str]] = ()) -> ModelSpec:
    """Our model; `extras` as for `our_settings` (see `extras_for` to choose them)."""
    from splink import block_on

    return ModelSpec(
        name="casefile",
        settings=lambda large: our_settings(extras, large),
        prepare=add_blocking_columns,
        key_comparisons=("family", "given", "birth_year"),
        deterministic=[
            "l.family_key = r.family_key AND l.given_key = r.given_key "
            "AND l.birth_year_lo <= r.birth_year_hi AND r.birth_year_lo <= l.birth_year_hi",
            "l.family_key = r.family_key AND l.given_key = r.given_key "
            "AND l.patronymic_key = r.patronymic_key",
        ],
        # EM sessions, each blocked on some columns and training the others.
        em_rules=[
            block_on("family_key", "given_key"),
            block_on("given_key", "birth_year_lo", "place_key"),
            block_on("family_key", "birth_year_lo"),
            "l.birth_date = r.birth_date AND l.place_key = r.place_key "
            "AND length(l.birth_date) = 10",
        ],
        # Large registries: blocks specific enough to keep a useful share of matches among
        # the training pairs (at 1M records, family + given alone holds ~25 chance pairs for
        # each match and EM settles on the wrong split). Without places, the fallback.
        em_large=[
            block_on("family_key", "given_key", "place_key"),
            block_on("family_key", "birth_year_lo", "place_key"),
            "l.given_key = r.given_key AND l.birth_date = r.birth_date "
            "AND l.place_key = r.place_key AND length(l.birth_date) = 10",
        ],
        em_large_no_place=[
            block_on("family_key", "given_key", "birth_year_lo"),
            block_on("family_key", "birth_year_lo", "substr(given_key, 1, 1)"),
            block_on("given_key", "birth_year_lo", "substr(family_key, 1, 2)"),
        ],
    )


def extras_for(table: pa.Table, names: Sequence[str]) -> list[tuple[str, str]]:
    """(column, blocking) for the extra fields `names` of `table` (see `our_settings`): a
    field that nearly identifies a record (at least half its filled values distinct) blocks
    alone; one that narrows a little (a postcode, a street number: at least 1 in 50 distinct)
    blocks together with a name key; others (a region, a yes/no) are only compared."""
    out = []
    for name in names:
        col = extra_column(name)
        values = [v for v in table.column(col).to_pylist() if v is not None]
        ratio = len(set(values)) / len(values) if values else 0.0
        out.append((col, "alone" if ratio >= 0.5 else "names" if ratio >= 0.02 else ""))
    return out


def plain() -> ModelSpec:
    """Splink configured as its documentation's examples do: names as strings (whatever script
    each list used), date of birth as a string, exact matches elsewhere."""
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    def settings(large: bool = False) -> Any:
        return SettingsCreator(
            link_type="dedupe_only",
            unique_id_column_name="unique_id",
            comparisons=[
                cl.NameComparison("first_name"),
                cl.NameComparison("surname"),
                cl.LevenshteinAtThresholds("dob", [1, 2]),
                cl.ExactMatch("sex"),
                cl.ExactMatch("city").configure(term_frequency_adjustments=True),
            ],
            blocking_rules_to_generate_predictions=[
                block_on("first_name", "surname"),
                block_on("surname", "dob"),
                block_on("first_name", "dob"),
            ],
            retain_intermediate_calculation_columns=False,
            additional_columns_to_retain=["source"],
        )

    return ModelSpec(
        name="plain splink",
        settings=settings,
        key_comparisons=("first_name", "surname", "dob"),
        deterministic=[
            "l.first_name = r.first_name AND l.surname = r.surname AND l.dob = r.dob",
        ],
        em_rules=[block_on("surname"), block_on("dob")],
    )


@dataclass
class Scored:
    pairs: pa.Table  # unique_id_l, unique_id_r, match_probability, match_weight, evidence...
    model_json: dict[str, Any]
    timings: dict[str, float] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)  # check_trained(): empty when sane
    trained_on: int | None = None  # records in the training sample, None: all of them
    parameters: str = "trained"  # or how the reference parameters came to be used


def duckdb_api(threads: int | None = None, memory_limit: str | None = None) -> Any:
    import duckdb
    from splink import DuckDBAPI

    con = duckdb.connect()
    if threads:
        con.execute(f"SET threads TO {int(threads)}")
    if memory_limit:
        con.execute(f"SET memory_limit = '{memory_limit}'")
    con.execute("SET preserve_insertion_order = false")
    return DuckDBAPI(connection=con)


def score(
    table: pa.Table,
    spec: ModelSpec,
    db_api: Any,
    *,
    seed: int = 42,
    min_probability: float = 0.05,
    u_pairs: float = 2e6,
    em_pairs: float = 2e6,
    max_iterations: int | None = None,
    train_records: int = TRAIN_RECORDS,
) -> Scored:
    """Trains the model on `table` (or on a seeded random sample of `train_records` of its
    records, when larger) without labels, checks the trained parameters and scores all the
    blocked pairs of `table` with them."""
    from splink import Linker

    _quiet()
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    if spec.prepare is not None:
        table = spec.prepare(table)
    sdf = db_api.register(table)
    sampled = table.num_rows > train_records
    train_sdf = sdf
    if sampled:
        rows = sorted(random.Random(seed).sample(range(table.num_rows), train_records))
        train_sdf = db_api.register(table.take(pa.array(rows, pa.int64())))
    settings = spec.settings(table.num_rows >= LARGE)
    if max_iterations is not None:
        settings.max_iterations = max_iterations
    linker = Linker(train_sdf, settings, log_level=logging.ERROR)
    untrained = linker.misc.save_model_to_json()
    try:
        linker.training.estimate_probability_two_random_records_match(
            spec.deterministic, recall=spec.recall
        )
        linker.training.estimate_u_using_random_sampling(max_pairs=u_pairs, seed=seed)
    except Exception:
        if table.num_rows >= REFERENCE_BELOW:
            raise
        linker = Linker(train_sdf, untrained, log_level=logging.ERROR)  # nothing to sample
    timings["u"] = time.perf_counter() - t0
    em_rules = spec.em_rules
    if spec.em_large and table.num_rows >= LARGE:
        em_rules = spec.em_large
        places = table.num_rows - table.column("place_key").null_count
        if places < 0.5 * table.num_rows and spec.em_large_no_place:
            em_rules = spec.em_large_no_place
    for rule in em_rules:
        before = linker.misc.save_model_to_json()
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(
                rule, max_pairs=em_pairs
            )
        except Exception:
            # A session that cannot train (no pairs in tiny lists; a level no pair of the
            # block reaches, which Splink refuses as m = 0) trains nothing; Splink may have
            # left its comparisons half-removed, so the model before it is restored.
            linker = Linker(train_sdf, before, log_level=logging.ERROR)
    timings["train"] = time.perf_counter() - t0
    model_json = floor_m(linker.misc.save_model_to_json())
    problems = check_trained(model_json, spec.key_comparisons)
    parameters = "trained"
    if problems and table.num_rows < REFERENCE_BELOW and spec.name == "casefile":
        from casefile.people.reference import apply_reference

        model_json, parameters = apply_reference(model_json, table.num_rows)
        parameters += "; the trained ones were not sane: " + "; ".join(problems)
        problems = check_trained(model_json, spec.key_comparisons)
    linker = Linker(sdf, model_json, log_level=logging.ERROR)
    df = linker.inference.predict(threshold_match_probability=min_probability, warning_mode="never")
    pairs = _to_arrow(db_api, df)
    timings["predict"] = time.perf_counter() - t0 - timings["train"]
    return Scored(pairs, model_json, timings, problems, train_records if sampled else None,
                  parameters)  # fmt: skip


# The smallest share of true matches a level may get. EM sets m of a level that no match in
# its training pairs reached to ~0 (a date of death a day apart, a sex written wrongly), which
# makes one disagreement outweigh every other field (a weight of -60). A real list has such
# errors, so no single disagreement is allowed to speak more than about log2(1 / u) / 2^7.
M_FLOOR = 0.005


def floor_m(model_json: dict[str, Any]) -> dict[str, Any]:
    """`model_json` with every trained m probability at least M_FLOOR (each comparison's m
    values then scaled to sum to 1 again)."""
    for comp in model_json.get("comparisons", []):
        levels = [
            lv
            for lv in comp.get("comparison_levels", [])
            if not lv.get("is_null_level") and lv.get("m_probability") is not None
        ]
        if not levels or any(lv.get("fix_m_probability") for lv in levels):
            continue
        for lv in levels:
            lv["m_probability"] = max(float(lv["m_probability"]), M_FLOOR)
        total = sum(lv["m_probability"] for lv in levels)
        for lv in levels:
            lv["m_probability"] /= total
    return model_json


def check_trained(model_json: dict[str, Any], key_comparisons: tuple[str, ...]) -> list[str]:
    """What is wrong with a trained model, in words; empty when it looks sane.

    Unsupervised training can converge on the wrong thing (EM finding some other split of the
    pairs than same/different person). Then the model is useless whatever the scores say, and
    that is said instead of storing its links. Checked for the identifying comparisons: their
    agreement level trained; agreeing is evidence for (exact level m/u >= 8; m itself may
    be small: few pairs have full birth dates on both sides),
    disagreeing is evidence against (m < u); the prior is strictly between 0 and 0.5."""
    problems: list[str] = []
    prior = model_json.get("probability_two_random_records_match")
    if not isinstance(prior, (int, float)) or not 0 < prior < 0.5:
        problems.append(f"probability that two random records match is {prior!r}")
    for comp in model_json.get("comparisons", []):
        name = comp.get("output_column_name")
        if name not in key_comparisons:
            continue
        levels = [lv for lv in comp.get("comparison_levels", []) if not lv.get("is_null_level")]
        if not levels:
            continue
        # a level in between may meet no pair in these data (no month-only birth dates);
        # agreement must be estimated; disagreement may meet no training pair
        top, other = levels[0], levels[-1]
        if top.get("m_probability") is None or top.get("u_probability") is None:
            label = top.get("label_for_charts") or top.get("sql_condition")
            problems.append(f"{name}: m or u not estimated for {label}")
            continue
        m, u = float(top["m_probability"]), float(top["u_probability"])
        if m < 8 * u:
            problems.append(
                f"{name}: agreement ({top.get('label_for_charts')}) is weak evidence "
                f"(m={m:.3g}, u={u:.3g})"
            )
        if other.get("m_probability") is None or other.get("u_probability") is None:
            continue  # no training pair disagreed (small, clean lists)
        m, u = float(other["m_probability"]), float(other["u_probability"])
        if m >= u:
            problems.append(f"{name}: disagreement is not evidence against (m={m:.3g}, u={u:.3g})")
    return problems


def _to_arrow(db_api: Any, df: Any) -> pa.Table:
    """The scored pairs, each once (exploding blocking rules can find a pair twice)."""
    name = df.physical_name
    con = getattr(db_api, "_con", None)
    if con is not None and hasattr(con, "execute") and hasattr(con, "register"):
        out: pa.Table = con.sql(
            f"SELECT DISTINCT ON (unique_id_l, unique_id_r) * FROM {name}"
        ).to_arrow_table()
        return out
    spark = getattr(db_api, "spark", None)
    if spark is not None:
        sdf = spark.table(name).dropDuplicates(["unique_id_l", "unique_id_r"])
        if hasattr(sdf, "toArrow"):
            arrow: pa.Table = sdf.toArrow()
            return arrow
        rows = [r.asDict() for r in sdf.collect()]
        return pa.Table.from_pylist(rows)
    raise TypeError(f"cannot read results from {type(db_api).__name__}")


def evidence(model_json: dict[str, Any], row: dict[str, Any]) -> list[dict[str, Any]]:
    """Per comparison: the level the pair fell in and its match weight (log2 Bayes factor:
    above 0 speaks for the same person, below 0 against)."""
    out = []
    for comp in model_json.get("comparisons", []):
        col = comp.get("output_column_name")
        mw = row.get(f"mw_{col}")
        if mw is None:
            continue
        tf = row.get(f"mw_tf_adj_{col}") or 0.0
        label = _level_for_weight(comp.get("comparison_levels", []), float(mw))
        out.append({"comparison": col, "level": label, "weight": round(float(mw) + tf, 3)})
    return out


def _level_for_weight(levels: list[dict[str, Any]], mw: float) -> str:
    """The level whose log2(m/u) is the pair's weight (Splink keeps weights, not levels)."""
    import math

    best, dist = "unknown", math.inf
    for lv in levels:
        if lv.get("is_null_level"):
            if abs(mw) < 1e-9 and dist > 1e-9:
                best, dist = str(lv.get("label_for_charts") or "missing"), 1e-9
            continue
        m, u = lv.get("m_probability"), lv.get("u_probability")
        if not m or not u:
            continue
        d = abs(math.log2(m / u) - mw)
        if d < dist:
            best, dist = str(lv.get("label_for_charts") or lv.get("sql_condition")), d
    return best


def model_digest(model_json: dict[str, Any]) -> str:
    import hashlib

    return hashlib.sha256(json.dumps(model_json, sort_keys=True).encode()).hexdigest()[:16]


def spark_session() -> Any:
    """A local Spark session with Splink's similarity functions (the JVM must be present)."""
    import shutil

    if shutil.which("java") is None and not __import__("os").environ.get("JAVA_HOME"):
        from casefile.errors import CasefileError

        raise CasefileError("the Spark backend needs Java (install a JDK 17 or set JAVA_HOME)")
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    return (
        SparkSession.builder.master("local[2]")
        .appName("casefile-people")
        .config("spark.jars", similarity_jar_location())
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.default.parallelism", "4")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", "2g")
        .config("spark.sql.adaptive.enabled", "true")
        .config("spark.log.level", "ERROR")
        .getOrCreate()
    )


def spark_api(break_lineage: str = "persist") -> Any:
    from splink import SparkAPI

    spark = spark_session()
    spark.sparkContext.setCheckpointDir("/tmp/casefile-spark-checkpoints")
    return SparkAPI(spark_session=spark, break_lineage_method=break_lineage)  # type: ignore[no-untyped-call]
