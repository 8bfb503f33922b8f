"""Candidate pairs: typos in both names still meet, at small and at large sizes."""

from __future__ import annotations

import logging
from typing import Any

import pyarrow as pa
import pytest

from casefile.people import model
from casefile.people.normalise import name_parts, parse_partial_date, record_keys


def test_typo_canonical_maps_a_mistyped_key_to_its_commonest_neighbour() -> None:
    keys = ["kovalenko"] * 5 + ["kovalnko", "kovallenko", "kovalenok", None, "ivan", "ivna"]
    canon = model.typo_canonical(keys)
    assert canon[:8] == ["kovalenko"] * 8  # a letter dropped, doubled, two swapped
    assert canon[8] is None
    # a tie goes to the alphabetically first key
    assert canon[9:] == ["ivan", "ivan"]
    assert model.typo_canonical(["shevchenko", "bondarenko"]) == ["shevchenko", "bondarenko"]
    # a short key has no neighbourhood of its own (a letter less of three is most of a town's
    # names), but a longer key it is with one letter dropped is near it: Ihr is Ihor mistyped
    assert model.typo_canonical(["ihar", "ihar", "iar", "ira"]) == ["ihar", "ihar", "ihar", "ira"]


def _row(uid: int, family: str, given: str, birth: str | None, place: str | None) -> dict[str, Any]:
    parts = name_parts(None, given, None, family)
    keys = record_keys(
        parts, None, parse_partial_date(birth) if birth else None, None, None, place, 2022
    )
    return {"unique_id": uid, "source": "a" if uid % 2 else "b", **keys.__dict__}


def _candidates(table: pa.Table, large: bool) -> list[tuple[int, int]]:
    import duckdb
    from splink import DuckDBAPI, Linker, SettingsCreator

    settings = SettingsCreator(
        link_type="dedupe_only",
        blocking_rules_to_generate_predictions=model.blocking_rules(large),
    )
    con = duckdb.connect()
    api = DuckDBAPI(connection=con)
    prepared = model.add_blocking_columns(table)
    linker = Linker(api.register(prepared), settings, log_level=logging.ERROR)
    name = linker.inference.deterministic_link().physical_name
    return [
        (int(a), int(b))
        for a, b in con.sql(f"SELECT unique_id_l, unique_id_r FROM {name}").fetchall()
    ]


@pytest.mark.parametrize("large", [False, True])
def test_a_typo_in_each_name_still_meets_its_match(large: bool) -> None:
    rows = [_row(i, "Коваленко", "Святополк", None, None) for i in range(1, 7)]
    # one typo in each name, no birth date and no place to block on: only the names can meet
    rows.append(_row(7, "Ковалнко", "Святопок", None, None))
    rows.append(_row(8, "Шевченко", "Тарас", None, None))
    pairs = _candidates(pa.Table.from_pylist(rows), large)
    found = {tuple(sorted(p)) for p in pairs}
    assert {(i, 7) for i in range(1, 7)} <= found
    assert not any(8 in p for p in found)
    assert len(found) == 15 + 6  # the namesakes among themselves, and each with the typo


@pytest.mark.parametrize("large", [False, True])
def test_swapped_names_with_a_typo_in_each_still_meet(large: bool) -> None:
    """A list typed 'given family' read the wrong way round when the given name was mistyped:
    Ihr Zaika became family Ihr, given Zaika, beside Заїка Ігор of the police list. Neither
    key is exact on either side, and no birth date or place helps."""
    rows = [_row(i, "Заїка", "Ігор", None, None) for i in range(1, 4)]
    rows.append(_row(4, "Ihr", "Zaika", None, None))  # swapped, short given key mistyped
    rows.append(_row(6, "Ihor", "Zaiak", None, None))  # swapped, family mistyped
    rows.append(_row(7, "Ігор", "Петренко", None, None))  # shares one name only: no candidate
    found = {tuple(sorted(p)) for p in _candidates(pa.Table.from_pylist(rows), large)}
    assert {(i, 4) for i in range(1, 4)} <= found
    assert {(i, 6) for i in range(1, 4)} <= found
    assert not any(7 in p for p in found)


@pytest.mark.parametrize("large", [False, True])
def test_a_family_name_and_a_birth_year_meet_whatever_the_given_name(large: bool) -> None:
    """The given name unreadable (a nickname, a second typo): the family key, exact or one typo
    off, and a birth year the two allow still make a pair; each pair is found once, whether by
    the exact rule or by the neighbourhood rule that leaves equal keys to it."""
    rows = [
        _row(1, "Коваленко", "Святополк", "1950", None),
        _row(2, "Коваленко", "Ярополк", "1950-03-02", None),  # same family, same year
        _row(3, "Ковалнко", "Мстислав", "1950", None),  # family one typo off, same year
        _row(4, "Коваленко", "Всеволод", "1971", None),  # same family, another year
    ]
    pairs = _candidates(pa.Table.from_pylist(rows), large)
    assert sorted(tuple(sorted(p)) for p in pairs) == [(1, 2), (1, 3), (2, 3)]


@pytest.mark.parametrize("large", [False, True])
def test_a_typo_inside_a_latin_digraph_still_meets_its_match(large: bool) -> None:
    """Shevchenko typed 'Sevchenko' (the h of 'sh' dropped) keys s where the name keys x, two
    letters from its match; with a second typo in the given name no neighbourhood meets it.
    Folded (sh to s, ch to k) the two are one typo apart, and their commonest near key is one."""
    rows = [_row(i, "Шевченко", "Святополк", None, None) for i in range(1, 5)]
    rows.append(_row(5, "Sevchenko", "Sviatopok", None, None))  # 'sh' lost its h; given typo
    rows.append(_row(6, "Шевченко", "Kornii", None, None))  # 'ch' would fold too: not this one
    rows.append(_row(7, "Sevcenko", "Sviatopolk", None, None))  # both digraphs lost their h
    found = {tuple(sorted(p)) for p in _candidates(pa.Table.from_pylist(rows), large)}
    assert {(i, 5) for i in range(1, 5)} <= found
    assert {(i, 7) for i in range(1, 5)} <= found
    assert model.fold_digraphs("xivcinka") == "sivkinka"
    assert model.fold_digraphs(None) is None


def test_a_name_two_typos_off_is_trained_as_evidence_for_a_match() -> None:
    """Half the names of a hand-typed list carry a typo; two records of one person then differ
    by two (Тетяна typed 'Titpna' beside 'Tetiana'). Before, such a name fell to the 'different'
    level and weighed about -6 bits against the match; the levels for two edits and for the
    same commonest near key must come out of training as evidence for it."""
    from casefile.people.reference import synthetic_table

    table, _ = synthetic_table(1500, 7, n_lists=3)
    scored = model.score(table, model.ours(), model.duckdb_api(), min_probability=0.9)
    assert not scored.problems and scored.parameters == "trained"
    comps = {c["output_column_name"]: c for c in scored.model_json["comparisons"]}
    for name, key in (("family", "family_key"), ("given", "given_key")):
        levels = {
            lv.get("label_for_charts") or lv["sql_condition"]: lv["m_probability"]
            / lv["u_probability"]
            for lv in comps[name]["comparison_levels"]
            if not lv.get("is_null_level")
        }
        two_edits = next(v for k, v in levels.items() if f"{key} <= 2" in k)
        assert two_edits > 1, (name, levels)
        assert levels["same commonest near key"] > 1, (name, levels)
        assert levels["All other comparisons"] < 0.1, (name, levels)


@pytest.mark.parametrize("large", [False, True])
def test_a_mistyped_family_name_meets_in_its_place_whatever_the_given_name(large: bool) -> None:
    """The given name unreadable and no birth year: the family name's commonest near key, the
    place and (in large registries, where a place holds thousands) the sex still make a pair;
    the same in another place does not."""
    rows = [_row(i, "Коваленко", "Іван", None, "Буча") for i in range(1, 4)]
    rows.append(_row(4, "Ковалнко", "Петро", None, "Буча"))  # family typo, another name
    rows.append(_row(5, "Ковалнко", "Андрій", None, "Ірпінь"))  # the same, another place
    found = {tuple(sorted(p)) for p in _candidates(pa.Table.from_pylist(rows), large)}
    assert {(i, 4) for i in range(1, 4)} <= found
    assert not any(5 in p and 4 not in p for p in found)
