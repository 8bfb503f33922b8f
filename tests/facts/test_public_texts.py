"""The loader of the outside splits drawn from public collections of English and Ukrainian news
(bench/outside_eval/public_texts.py). The collection files here are written for the test, in
each collection's own shape (a CSV of AG News, a CSV of Telegram posts, a parquet file written
by DuckDB)."""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import duckdb
import pytest

BenchScript = Callable[[str], ModuleType]

AG_ROWS = [
    ("3", "Shares rise on strong earnings", "Stocks rose on Tuesday as earnings beat forecasts."),
    ("1", "Bomb kills 3 in market", "BAGHDAD (Reuters) - A car bomb killed three people and "
     "wounded 12 in a busy market on Monday, police said. The blast shook nearby homes."),
    ("1", "Talks resume", "Diplomats met again on Monday to discuss the border dispute."),
]  # fmt: skip


@pytest.fixture()
def ag_collection(tmp_path: Path) -> Path:
    root = tmp_path / "ag"
    root.mkdir()
    with (root / "test.csv").open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, quoting=csv.QUOTE_ALL).writerows(AG_ROWS)
    return root


def test_ag_news_world_items_on_violence_are_candidates(
    ag_collection: Path, bench_script: BenchScript
) -> None:
    mod = bench_script("outside_eval/public_texts")
    items = dict(mod._agnews(ag_collection))
    assert set(items) == {"en-ag-2", "en-ag-3"}  # class 1 (World) only, by row number
    assert items["en-ag-2"].startswith("Bomb kills 3 in market\n\nBAGHDAD (Reuters)")
    assert mod.candidates(items, 10, 60, 2500) == ["en-ag-2"]


def test_the_collection_escapes_are_read_back(bench_script: BenchScript) -> None:
    mod = bench_script("outside_eval/public_texts")
    assert mod._ag_text("Iraq #39;s toll", "A\\second line") == "Iraq 's toll\n\nA\nsecond line\n"


def test_ukrainian_posts_from_parquet(tmp_path: Path, bench_script: BenchScript) -> None:
    mod = bench_script("outside_eval/public_texts")
    root = tmp_path / "unlp"
    root.mkdir()
    path = root / "train.parquet"
    duckdb.execute(
        "COPY (SELECT * FROM (VALUES ('a1', 'Внаслідок ракетного удару загинули двоє людей, ще "
        "п''ятеро поранені, повідомив голова ОВА.', 'uk'), ('a2', 'Погибли двое.', 'ru')) "
        f"AS t(id, content, lang)) TO '{path}' (FORMAT parquet)"
    )
    items = dict(mod._unlp2025(root))
    assert list(items) == ["uk-unlp-a1"]
    assert mod.on_violence_with_toll("uk-unlp-a1", items["uk-unlp-a1"])


def test_texts_are_written_only_when_they_are_the_texts_annotated(
    ag_collection: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    bench_script: BenchScript,
) -> None:
    mod = bench_script("outside_eval/public_texts")
    text = dict(mod._agnews(ag_collection))["en-ag-2"]
    good = {"id": "en-ag-2", "split": "ag1", "sha256": hashlib.sha256(text.encode()).hexdigest()}
    changed = {"id": "en-ag-3", "split": "ag1", "sha256": "0" * 64}
    other = {"id": "ru-tg-1-1", "split": "tg1", "sha256": "0" * 64}  # not this collection's
    annotations = tmp_path / "annotations.jsonl"
    annotations.write_text("\n".join(json.dumps(a) for a in (good, changed, other)), "utf-8")
    monkeypatch.setattr(mod, "ANNOTATIONS", annotations)
    out = tmp_path / "texts"
    assert mod.main(["agnews", str(ag_collection), str(out)]) == 1
    assert (out / "en-ag-2.txt").read_text("utf-8") == text
    assert not (out / "en-ag-3.txt").exists()
    assert "en-ag-3: not found, or not the text annotated" in capsys.readouterr().err


def test_a_missing_directory_is_one_error_line(tmp_path: Path, bench_script: BenchScript) -> None:
    mod = bench_script("outside_eval/public_texts")
    with pytest.raises(SystemExit) as exit_:
        mod.main(["gva", str(tmp_path / "nowhere"), str(tmp_path / "out")])
    assert str(exit_.value).startswith("error: ") and "is not a directory" in str(exit_.value)


def test_a_file_that_is_no_news_item_is_one_error_line(
    tmp_path: Path, bench_script: BenchScript
) -> None:
    mod = bench_script("outside_eval/public_texts")
    item = tmp_path / "gva" / "the_violent_corpus" / "101" / "doc.json"
    item.parent.mkdir(parents=True)
    item.write_bytes(b"not a pickle")
    with pytest.raises(SystemExit) as exit_:
        mod.main(["gva", str(tmp_path / "gva"), str(tmp_path / "out")])
    assert str(exit_.value).startswith(f"error: {item}: not a pickled news item")


def test_candidates_take_a_number(ag_collection: Path, bench_script: BenchScript) -> None:
    mod = bench_script("outside_eval/public_texts")
    with pytest.raises(SystemExit) as exit_:
        mod.main(["agnews", str(ag_collection), "--candidates", "x"])
    assert str(exit_.value) == "error: --candidates takes a number, not 'x'"
