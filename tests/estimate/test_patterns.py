"""Bad input: clear errors naming the row or column, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from casefile.errors import CasefileError
from casefile.estimate import api
from casefile.estimate.patterns import from_histories, read_patterns


def _csv(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "t.csv"
    p.write_text(text)
    return p


def test_one_list(tmp_path: Path) -> None:
    with pytest.raises(CasefileError, match="at least two lists"):
        read_patterns(_csv(tmp_path, "A,count\n1,5\n"))


def test_negative_count(tmp_path: Path) -> None:
    with pytest.raises(CasefileError, match="row 3: count must be a whole number"):
        read_patterns(_csv(tmp_path, "A,B,count\n1,0,5\n0,1,-2\n1,1,1\n"))


def test_fractional_count(tmp_path: Path) -> None:
    with pytest.raises(CasefileError, match="row 2: count must be a whole number"):
        read_patterns(_csv(tmp_path, "A,B,count\n1,0,2.5\n"))


def test_all_zero_row(tmp_path: Path) -> None:
    with pytest.raises(CasefileError, match="row 3: the all-zero pattern"):
        read_patterns(_csv(tmp_path, "A,B,count\n1,0,5\n0,0,7\n"))


def test_duplicate_pattern(tmp_path: Path) -> None:
    with pytest.raises(CasefileError, match=r"row 4: pattern .* repeats row 2"):
        read_patterns(_csv(tmp_path, "A,B,count\n1,0,5\n0,1,3\n1,0,2\n"))


def test_not_zero_one(tmp_path: Path) -> None:
    with pytest.raises(CasefileError, match="row 2: list columns must be 0 or 1"):
        read_patterns(_csv(tmp_path, "A,B,count\n2,0,5\n"))


def test_unknown_text_column(tmp_path: Path) -> None:
    with pytest.raises(CasefileError, match="row 2: not a number in column\\(s\\) place"):
        read_patterns(_csv(tmp_path, "A,B,place,count\n1,0,north,5\n"))


def test_missing_count_column(tmp_path: Path) -> None:
    with pytest.raises(CasefileError, match="no 'count' column"):
        read_patterns(_csv(tmp_path, "A,B,n\n1,0,5\n"))


def test_zero_record_list_dropped_with_warning(tmp_path: Path) -> None:
    table = read_patterns(
        _csv(
            tmp_path,
            "A,B,C,D,count\n1,0,0,0,5\n0,1,0,0,4\n1,1,0,0,2\n0,0,1,0,3\n1,0,1,0,1\n0,1,1,0,2\n",
        )
    )
    assert table.lists == ["A", "B", "C"]
    assert table.observed == 17
    assert any("D" in w and "no records" in w for w in table.warnings)
    result = api.estimate(table, "loglinear")
    assert any("no records" in w for w in result.warnings)


def test_no_overlap_two_lists(tmp_path: Path) -> None:
    table = read_patterns(_csv(tmp_path, "A,B,count\n1,0,5\n0,1,4\n"))
    result = api.estimate(table, "chapman")
    assert any("do not overlap" in w for w in result.warnings)


def test_no_overlap_many_lists_is_refused(tmp_path: Path) -> None:
    table = read_patterns(_csv(tmp_path, "A,B,C,count\n1,0,0,5\n0,1,0,4\n0,0,1,7\n"))
    with pytest.raises(CasefileError, match="overlap"):
        api.estimate(table, "loglinear")


def test_histories_tabulate_like_counts() -> None:
    hist = [[1, 0, 1]] * 3 + [[0, 1, 0]] * 2 + [[1, 1, 1]] + [[0, 0, 0]]
    table = from_histories(["A", "B", "C"], hist)
    assert table.observed == 6
    assert table.counts[0b101] == 3 and table.counts[0b010] == 2 and table.counts[0b111] == 1
