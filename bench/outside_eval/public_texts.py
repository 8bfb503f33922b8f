"""The texts of the outside splits drawn from public collections of English and Ukrainian news.

Five collections, each kept in a public repository and brought here with the tool's `fetch`
(none of their texts is in this repository):

- `agnews`: the AG News test split (Zhang et al. 2015; "for academic, non-commercial research
  use"), news agency items of 2004, as kept in github.com/suuuch/TransformerClassification
  (`data/ag_news_csv/test.csv`); ids `en-ag-<row>`. An item's text is its title, a blank line
  and its description, with the collection's escapes read back ("#39;" is "'", "\\" a break).
- `gva`: the news articles on US shootings behind the Gun Violence Archive pilot of SemEval-2018
  task 5, as kept in github.com/cltl/LongTailQATask
  (`EventRegistries/GunViolenceArchive/the_violent_corpus/<incident>/<doc>.json`, each a pickled
  `NewsItem`, read here by an unpickler that builds nothing else); ids `en-gva-<incident>-<doc>`.
  Text: the title, a blank line, the article.
- `fakenewsua`: Ukrainian Telegram posts of 2022 of a fake-news collection
  (github.com/soph-ma/fake_news_ua, `src/data/data_set_4.csv`, no licence stated), the posts
  it does not mark as fakes; ids `uk-fnua-<row index>`.
- `ukrnews`: Ukrainian news articles of 13-14 November 2024 (rbc.ua, korrespondent.net,
  babel.ua) as parsed by github.com/MaxPodloobniy/ukr-news-analyser (`parsed_articles.csv` at
  commit 3bb5303, no licence stated); ids `uk-news-<row>`. Text: title, blank line, article.
- `lenta`: Russian news articles of Lenta.ru on crime and violence, 2013-2017, as kept in
  github.com/MNCTTY/parsed_ru_corpuses (`data/Lenta_Crime.csv` at commit 7b15ea53, removed
  from the repository later; no licence stated); ids `ru-lenta-<textid>`, each text once (the
  file repeats rows). Text: title, blank line, article (its paragraph breaks were lost before
  the file was made: "Associated Press.По мнению").
- `unlp2025`: the Ukrainian posts of Telegram channels of the UNLP 2025 shared task
  (github.com/unlp-workshop/unlp-2025-shared-task, `data/techniques_classification/
  train.parquet`, CC BY-NC-SA 4.0, posts provided by Texty.org.ua); ids `uk-unlp-<id>`.

    .venv/bin/python bench/outside_eval/public_texts.py COLLECTION DIR OUT_DIR
    .venv/bin/python bench/outside_eval/public_texts.py COLLECTION DIR --candidates N

DIR holds the collection's file(s) as the repository has them (`git archive HEAD <path> | tar
-x -C DIR`). The first form writes the texts the annotations name, each checked against its
SHA-256; `--candidates N` lists the first N items on violence with a toll, in a fixed order
(by the SHA-256 of their text): how the splits were drawn, before anyone ran the extractor.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import html
import json
import os
import pickle
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

ANNOTATIONS = Path(__file__).resolve().parent / "annotations.jsonl"

_EN_TOLL = re.compile(r"\b(?:killed|killing|dead|died|wounded|injured|injuring|hurt|shot)\b", re.I)
_EN_VIOLENCE = re.compile(
    r"\b(?:attack|bomb|blast|explosion|shell|rocket|missile|strike|shoot|shot|gunm[ae]n|"
    r"gunfire|fighting|clash|raid|ambush|insurgent|militant|rebel|troops)\w*",
    re.I,
)
_UK_TOLL = re.compile(r"загин|загибл|поранен|постражда|вбит|убит|зник\w* безвісти", re.I)
_UK_VIOLENCE = re.compile(
    r"удар|обстріл|атак|вибух|ракет|дрон|шахед|бомб|стріл|снаряд|теракт|бпла", re.I
)
_RU_TOLL = re.compile(r"погиб|погибш|убит|ранен|пострадав|пострадал|пропал[аио]? без вести", re.I)
_RU_VIOLENCE = re.compile(
    r"удар|обстрел|атак|взрыв|беспилотник|дрон|ракет|стрельб|стрелял|теракт|снаряд|бомб", re.I
)
_NUMBER = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|dozen)|"
    r"(?:один|одна|двоє|дв[аі]|троє|три|четверо|чотир|п'ят|пʼят|шіст|сім|вісім|дев'ят)",
    re.I,
)


def _ag_text(title: str, description: str) -> str:
    def unescape(s: str) -> str:
        s = re.sub(r"#(\d+);", lambda m: chr(int(m.group(1))), s)
        return html.unescape(s.replace("\\", "\n")).strip()

    return unescape(title) + "\n\n" + unescape(description) + "\n"


def _agnews(root: Path) -> Iterator[tuple[str, str]]:
    files = list(root.rglob("test.csv"))
    if not files:
        sys.exit(f"error: no test.csv (AG News) under {root}")
    with files[0].open(encoding="utf-8", newline="") as f:
        for row_number, row in enumerate(csv.reader(f), start=1):
            if row and row[0] == "1":  # class 1 is World
                yield f"en-ag-{row_number}", _ag_text(row[1], row[2])


class _NewsItem:
    """The pickled news item's attributes, and nothing else."""


class _NewsItemUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> type:
        allowed: dict[tuple[str, str], type] = {
            ("classes", "NewsItem"): _NewsItem,
            ("datetime", "date"): datetime.date,
            ("datetime", "datetime"): datetime.datetime,
        }
        if (module, name) not in allowed:
            raise pickle.UnpicklingError(f"{module}.{name} is not a news item's part")
        return allowed[(module, name)]


def _gva(root: Path) -> Iterator[tuple[str, str]]:
    files = sorted(root.rglob("the_violent_corpus/*/*.json"))
    if not files:
        sys.exit(f"error: no the_violent_corpus/<incident>/<doc>.json under {root}")
    for file in files:
        try:
            with file.open("rb") as f:
                item = _NewsItemUnpickler(f).load().__dict__
        except (pickle.UnpicklingError, EOFError, AttributeError, ValueError) as exc:
            sys.exit(f"error: {file}: not a pickled news item ({exc})")
        text = f"{(item.get('title') or '').strip()}\n\n{(item.get('content') or '').strip()}\n"
        yield f"en-gva-{file.parent.name}-{file.stem}", text


def _unlp2025(root: Path) -> Iterator[tuple[str, str]]:
    import duckdb

    files = sorted(root.rglob("train.parquet"))
    if not files:
        sys.exit(f"error: no train.parquet (UNLP 2025) under {root}")
    rows = duckdb.execute(
        "SELECT id, content FROM read_parquet($file) WHERE lang = 'uk'", {"file": str(files[0])}
    ).fetchall()
    for row_id, content in rows:
        yield f"uk-unlp-{row_id}", str(content or "").strip() + "\n"


def _csv_rows(root: Path, name: str) -> list[dict[str, str]]:
    files = sorted(root.rglob(name))
    if not files:
        sys.exit(f"error: no {name} under {root}")
    csv.field_size_limit(2**31 - 1)
    with files[0].open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _fakenewsua(root: Path) -> Iterator[tuple[str, str]]:
    for row in _csv_rows(root, "data_set_4.csv"):
        if row["Label"] == "True":  # the posts the collection marks as fakes are left out
            yield f"uk-fnua-{row['']}", row["Text"].strip() + "\n"


def _ukrnews(root: Path) -> Iterator[tuple[str, str]]:
    for number, row in enumerate(_csv_rows(root, "parsed_articles.csv"), start=1):
        yield f"uk-news-{number}", f"{row['title'].strip()}\n\n{row['text'].strip()}\n"


def _lenta(root: Path) -> Iterator[tuple[str, str]]:
    seen: set[str] = set()
    for row in _csv_rows(root, "Lenta_Crime.csv"):
        if row["textid"] not in seen:
            seen.add(row["textid"])
            yield (
                f"ru-lenta-{row['textid']}",
                f"{row['textname'].strip()}\n\n{row['full_text'].strip()}\n",
            )


COLLECTIONS: dict[str, tuple[Callable[[Path], Iterator[tuple[str, str]]], str, int, int]] = {
    # reader, id prefix, shortest and longest text taken as a candidate
    "agnews": (_agnews, "en-ag-", 150, 2500),
    "gva": (_gva, "en-gva-", 150, 6000),
    "unlp2025": (_unlp2025, "uk-unlp-", 150, 2500),
    "fakenewsua": (_fakenewsua, "uk-fnua-", 60, 2500),
    "ukrnews": (_ukrnews, "uk-news-", 150, 6000),
    "lenta": (_lenta, "ru-lenta-", 150, 6000),
}


def on_violence_with_toll(item_id: str, text: str) -> bool:
    toll, violence = {"uk-": (_UK_TOLL, _UK_VIOLENCE), "ru-": (_RU_TOLL, _RU_VIOLENCE)}.get(
        item_id[:3], (_EN_TOLL, _EN_VIOLENCE)
    )
    return bool(toll.search(text) and violence.search(text) and _NUMBER.search(text))


def candidates(items: dict[str, str], n: int, shortest: int, longest: int) -> list[str]:
    """The first `n` items on violence with a toll, by the SHA-256 of their text; one item of
    each text."""
    seen: set[str] = set()
    found = []
    for item_id, text in items.items():
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if digest in seen or not shortest <= len(text) <= longest:
            continue
        if on_violence_with_toll(item_id, text):
            seen.add(digest)
            found.append((digest, item_id))
    return [item_id for _, item_id in sorted(found)[:n]]


def main(argv: list[str]) -> int:
    if len(argv) < 3 or argv[0] not in COLLECTIONS:
        sys.exit(__doc__)
    read, prefix, shortest, longest = COLLECTIONS[argv[0]]
    root = Path(argv[1])
    if not root.is_dir():
        sys.exit(f"error: {root} is not a directory")
    items = dict(read(root))
    if argv[2] == "--candidates":
        if len(argv) > 3 and not argv[3].isdigit():
            sys.exit(f"error: --candidates takes a number, not {argv[3]!r}")
        n = int(argv[3]) if len(argv) > 3 else 40
        for item_id in candidates(items, n, shortest, longest):
            print(item_id)
        return 0
    return write_annotated(items, prefix, Path(argv[2]), ANNOTATIONS)


def write_annotated(items: dict[str, str], prefix: str, out: Path, annotations: Path) -> int:
    """Write the text of each annotated item whose id starts with `prefix`, when its SHA-256 is
    the one annotated; 1 if any is missing or changed (each named on stderr), else 0."""
    out.mkdir(parents=True, exist_ok=True)
    lines = annotations.read_text("utf-8").splitlines()
    wanted = [a for a in map(json.loads, filter(None, lines)) if a["id"].startswith(prefix)]
    written = wrong = 0
    for ann in wanted:
        text = items.get(ann["id"], "")
        if hashlib.sha256(text.encode("utf-8")).hexdigest() != ann["sha256"]:
            wrong += 1
            print(f"{ann['id']}: not found, or not the text annotated", file=sys.stderr)
            continue
        # (written beside, then renamed: a run killed half way leaves no half-written text)
        part = out / f".{ann['id']}.txt.part"
        part.write_text(text, "utf-8")
        os.replace(part, out / f"{ann['id']}.txt")
        written += 1
    print(f"{written} texts written to {out}; {wrong} missing or changed")
    return 1 if wrong else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
