"""A pair's Splink evidence in words for reviewers."""

from __future__ import annotations

from casefile.web.explain import agreement, explain, strength


def test_splink_labels_in_words() -> None:
    assert agreement("Exact match on family_key") == "the same"
    assert agreement("Damerau-Levenshtein distance of given_key <= 1") == "one typo apart"
    assert agreement("Jaro-Winkler distance of family_key >= 0.88") == "spelt very alike"
    assert agreement("Jaro-Winkler similarity of family_key >= 0.75") == "spelt somewhat alike"
    assert agreement("All other comparisons") == "different"
    assert agreement("patronymic_key is NULL") == "missing in a record"
    assert agreement("same birth date") == "same birth date"  # the model's own words kept


def test_weights_in_words_weightiest_first() -> None:
    assert strength(8.0) == "speaks strongly for one person"
    assert strength(-3.0) == "speaks against one person"
    assert strength(0.1) == "says little either way"
    out = explain(
        [
            {"comparison": "sex_key", "level": "Exact match on sex_key", "weight": 0.9},
            {"comparison": "family", "level": "All other comparisons", "weight": -7.2},
            {"comparison": "name_order", "level": "All other comparisons", "weight": 0.0},
        ]
    )
    assert [w["field"] for w in out] == ["family name", "sex", "order of the names"]
    assert out[0]["text"] == (
        "family name: different, speaks strongly against one person "
        "(147× less likely if one person)"
    )
    assert out[2]["agreement"] == "not swapped"
