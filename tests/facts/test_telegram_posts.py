"""The loader of the outside splits drawn from news-channel posts (bench/outside_eval).

The channel files here are written for the test, in the collection's own shape.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

POSTS = [
    {"message_id": 7, "text": "Курс рубля снизился на 2%, сообщили на бирже. " * 8},
    {
        "message_id": 8,
        "text": "В результате удара беспилотника по селу погибли двое мирных жителей, еще "
        "пятеро ранены, сообщил губернатор области. На месте работают экстренные службы, "
        "повреждены три частных дома и линия электропередачи. Пострадавших доставили в "
        "районную больницу, двое из них в тяжелом состоянии.\n\nПодписаться на канал",
    },
]


@pytest.fixture()
def collection(tmp_path: Path) -> Path:
    raw = tmp_path / "data" / "raw"
    raw.mkdir(parents=True)
    posts = [{**p, "sender_id": -1, "date": "2024-11-07T18:09:50+00:00", "channel": "Канал"}
             for p in POSTS]  # fmt: skip
    (raw / "1001_messages.json").write_text(json.dumps(posts, ensure_ascii=False), "utf-8")
    return tmp_path


BenchScript = Callable[[str], ModuleType]


def test_candidates_are_posts_on_violence_with_a_toll(
    collection: Path, bench_script: BenchScript
) -> None:
    mod = bench_script("outside_eval/telegram_posts")
    posts = mod.load_posts(collection)
    assert set(posts) == {"ru-tg-1001-7", "ru-tg-1001-8"}
    assert mod.candidates(posts, 10) == ["ru-tg-1001-8"]


def test_texts_are_written_only_when_they_are_the_texts_annotated(
    collection: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    bench_script: BenchScript,
) -> None:
    mod = bench_script("outside_eval/telegram_posts")
    text = str(POSTS[1]["text"]).strip() + "\n"
    good = {"id": "ru-tg-1001-8", "split": "tg1",
            "sha256": hashlib.sha256(text.encode()).hexdigest()}  # fmt: skip
    changed = {"id": "ru-tg-1001-7", "split": "tg2", "sha256": "0" * 64}
    annotations = tmp_path / "annotations.jsonl"
    annotations.write_text("\n".join(json.dumps(a) for a in (good, changed)) + "\n", "utf-8")
    monkeypatch.setattr(mod, "ANNOTATIONS", annotations)
    out = tmp_path / "texts"
    assert mod.main([str(collection), str(out)]) == 1
    assert (out / "ru-tg-1001-8.txt").read_text("utf-8") == text
    assert not (out / "ru-tg-1001-7.txt").exists()
    assert "ru-tg-1001-7: not found, or not the text annotated" in capsys.readouterr().err
