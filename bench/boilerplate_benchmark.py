"""Page furniture on a public benchmark nobody on the project made (issue 25, item 4).

Zyte's article-extraction benchmark (github.com/scrapinghub/article-extraction-benchmark, MIT
licence): 181 English news and blog pages as HTML, each with the article body a person marked
by hand. Its pages are not in this repository; give the directory that holds its
`ground-truth.json` and `html/<key>.html.gz`:

    .venv/bin/python bench/boilerplate_benchmark.py BENCH_DIR [--split dev|blind|all] [--json]

What is compared, on the same pages in the same run:
- `page as text`: the whole page as plain text with its layout (html-text, the benchmark's
  own `html-text` row, published F1 0.665): what a user has who saved a page as text;
- `casefile, plain text, rules` and `casefile, plain text, rules + model`: that text through
  `clean_text` (the path every plain-text report takes), without and with the line model;
- `trafilatura` (the peer: its default extraction of the HTML, published F1 0.958);
- `casefile, HTML`: the HTML through `clean_document`, the path an HTML report takes.

The score is the benchmark's: the text's word 4-grams ("shingles") against the hand-marked
body's, true and false positives and misses normalised per page, precision and recall averaged
over pages and F1 of the two averages, with a bootstrap standard error. The benchmark's
bodies leave out the headline, which casefile keeps as the article's; that costs it a little
precision on every page and is left as it is.

The pages are split by their key (a SHA-256): an even key is `dev` (may be looked at when
improving the cleaner), an odd key is `blind` (never looked at; its score is the honest one).
"""

from __future__ import annotations

import gzip
import json
import random
import re
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.progress import track
from rich.table import Table

from casefile.errors import CasefileError
from casefile.text.clean import clean_document, clean_text

_TOKEN = re.compile(r"\w+")
REFUSED: list[str] = []
Counts = tuple[float, float, float]


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)))


def page_counts(true: str, pred: str) -> Counts:
    """True positives, false positives and misses over shingles, normalised to sum to 1."""
    want, got = shingles(true), shingles(pred)
    want.pop((), None)
    got.pop((), None)
    tp = sum((want & got).values())
    fp = sum((got - want).values())
    fn = sum((want - got).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fp) if tp + fp else 0.0


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fn) if tp + fn else 0.0


def scores(pages: list[Counts]) -> dict[str, float]:
    precision = [_precision(*c) for c in pages if c[0] + c[1] > 0]
    recall = [_recall(*c) for c in pages if c[0] + c[2] > 0]
    p = sum(precision) / len(precision) if precision else 0.0
    r = sum(recall) / len(recall) if recall else 0.0
    return {"f1": 2 * p * r / (p + r) if p + r else 0.0, "precision": p, "recall": r}


def bootstrap_se(pages: list[Counts], runs: int = 500) -> float:
    rng = random.Random(0)
    f1s = [scores([rng.choice(pages) for _ in pages])["f1"] for _ in range(runs)]
    mean = sum(f1s) / len(f1s)
    return float((sum((f - mean) ** 2 for f in f1s) / (len(f1s) - 1)) ** 0.5)


def _page_text(html: str) -> str:
    import html_text

    return str(html_text.extract_text(html, guess_layout=True))


def _trafilatura(html: str) -> str:
    import trafilatura

    return trafilatura.extract(html) or ""


def _casefile_html(html: str) -> str:
    try:
        return clean_document(html.encode("utf-8"), "text/html", "page.html").text
    except CasefileError:  # refused ("no article text found"): scored as an empty body
        REFUSED.append(html)
        return ""


SYSTEMS: dict[str, Callable[[str], str]] = {
    "page as text (html-text)": _page_text,
    "casefile, plain text, rules": lambda h: clean_text(_page_text(h), use_model=False)[0],
    "casefile, plain text, rules + model": lambda h: clean_text(_page_text(h))[0],
    "trafilatura (peer)": _trafilatura,
    "casefile, HTML": _casefile_html,
}


def load(bench: Path, split: str) -> list[tuple[str, str, str]]:
    """(key, html, hand-marked body) of the split's pages."""
    truth_path = bench / "ground-truth.json"
    if not truth_path.is_file():
        sys.exit(f"error: {truth_path} not found (give the benchmark's directory)")
    truth = json.loads(truth_path.read_text("utf-8"))
    pages = []
    for key, item in sorted(truth.items()):
        side = "dev" if int(key, 16) % 2 == 0 else "blind"
        if split not in ("all", side):
            continue
        path = bench / "html" / f"{key}.html.gz"
        if not path.is_file():
            sys.exit(f"error: {path} not found")
        html = gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
        pages.append((key, html, item.get("articleBody", "")))
    return pages


def main(argv: list[str]) -> int:
    if not argv or argv[0].startswith("-"):
        sys.exit(__doc__)
    split = argv[argv.index("--split") + 1] if "--split" in argv else "dev"
    if split not in ("dev", "blind", "all"):
        sys.exit(f"error: unknown split {split!r} (dev, blind or all)")
    pages = load(Path(argv[0]), split)
    per_system: dict[str, list[Counts]] = {name: [] for name in SYSTEMS}
    for _key, html, body in track(pages, description=f"{len(pages)} pages ({split})"):
        for name, system in SYSTEMS.items():
            per_system[name].append(page_counts(body, system(html)))
    results = {
        name: {**scores(counts), "f1_se": bootstrap_se(counts)}
        for name, counts in per_system.items()
    }
    if "--json" in argv:
        print(json.dumps({"split": split, "pages": len(pages), "results": results}, indent=1))
        return 0
    table = Table(title=f"Article body vs. hand-marked, {len(pages)} pages ({split})")
    for col in ("system", "F1", "precision", "recall"):
        table.add_column(col, justify="left" if col == "system" else "right")
    for name, r in results.items():
        table.add_row(
            name,
            f"{r['f1']:.3f} ± {r['f1_se']:.3f}",
            f"{r['precision']:.3f}",
            f"{r['recall']:.3f}",
        )
    Console().print(table)
    if REFUSED:
        print(f"casefile, HTML refused {len(REFUSED)} page(s) as having no article text")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
