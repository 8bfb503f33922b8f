"""Train the model of page-furniture lines (casefile.text.line_model) on the annotated outside
reports, and say how it does on splits it was not trained on.

    .venv/bin/python bench/train_line_model.py TEXTS_DIR [--splits dev5,dev6,dev7,dev8]
        [--threshold 0.7] [--write]

The texts are read from TEXTS_DIR (one `<id>.txt` per report, as for extract_outside.py). A
line is furniture when it starts with one of its report's annotated `boilerplate` lines; every
other non-blank line is the article's. The model only sees lines the rules keep.

It prints, for each split held out in turn (trained on the others), how many annotated
furniture lines the rules alone remove and how many the rules and the model remove, and how
many article lines each removes (the cost). `--write` then trains on all the splits given and
stores the model in src/casefile/text/data/line_model.json with what it was trained on.
The blind split is never read.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import numpy as np
from rich.console import Console
from rich.table import Table

from casefile.text.boilerplate import scripts
from casefile.text.clean import clean_text, normalise
from casefile.text.line_model import FEATURES, features, model_removes

ROOT = Path(__file__).resolve().parent.parent
ANNOTATIONS = ROOT / "bench" / "outside_eval" / "annotations.jsonl"
OUT = ROOT / "src" / "casefile" / "text" / "data" / "line_model.json"


def _rule_removed(text: str, lines: list[str]) -> set[int]:
    """Indexes (in `lines`, the normalised text's lines) of the lines the rules remove."""
    _, removed = clean_text(text, use_model=False)
    return {r.line for r in removed if r.line < len(lines) and lines[r.line] == r.text}


def load(texts: Path, splits: list[str]) -> list[dict[str, Any]]:
    anns = [json.loads(x) for x in ANNOTATIONS.read_text("utf-8").splitlines() if x]
    out = []
    for a in anns:
        if a["split"] not in splits or a["split"] == "blind":
            continue
        path = texts / f"{a['id']}.txt"
        if not path.is_file():
            continue
        raw = path.read_text("utf-8")
        lines = normalise(raw).split("\n")
        rules = _rule_removed(raw, lines)
        feats = features(lines, rules)
        marks = [b.strip() for b in a.get("boilerplate", []) if b.strip()]
        label = {i: float(any(lines[i].strip().startswith(b) for b in marks)) for i in feats}
        gold = {i for i, line in enumerate(lines) if any(line.strip().startswith(b) for b in marks)}
        out.append(
            {"id": a["id"], "split": a["split"], "feats": feats, "label": label,
             "rules": rules, "gold": gold, "lines": lines, "main": scripts(raw)}
        )  # fmt: skip
    return out


def fit(x: np.ndarray, y: np.ndarray, l2: float = 1.0) -> dict[str, Any]:
    """L2-regularised logistic regression by Newton's method on standardised features."""
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    z = np.hstack([(x - mean) / scale, np.ones((len(x), 1))])
    w = np.zeros(z.shape[1])
    reg = np.full(z.shape[1], l2)
    reg[-1] = 0.0
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-(z @ w)))
        grad = z.T @ (p - y) + reg * w
        hess = (z * (p * (1 - p))[:, None]).T @ z + np.diag(reg)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return {
        "features": list(FEATURES),
        "mean": mean.tolist(),
        "scale": scale.tolist(),
        "weights": w[:-1].tolist(),
        "bias": float(w[-1]),
    }


def _xy(reports: list[dict[str, Any]]) -> tuple[np.ndarray, np.ndarray]:
    rows = [r["feats"][i] for r in reports for i in r["feats"]]
    ys = [r["label"][i] for r in reports for i in r["feats"]]
    return np.asarray(rows, dtype=float), np.asarray(ys, dtype=float)


def score(reports: list[dict[str, Any]], m: dict[str, Any] | None) -> dict[str, int]:
    """Furniture lines removed, of all annotated; article lines removed (rules, + model)."""
    found = gold = wrong = 0
    for r in reports:
        removed = set(r["rules"])
        if m is not None:
            removed |= set(model_removes(r["lines"], r["feats"], m))
        gold += len(r["gold"])
        found += len(r["gold"] & removed)
        wrong += len({i for i in removed if i not in r["gold"] and r["lines"][i].strip()})
    return {"found": found, "gold": gold, "wrong": wrong}


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if not args:
        sys.exit(__doc__)
    opts = dict(a[2:].split("=", 1) for a in sys.argv[1:] if a.startswith("--") and "=" in a)
    splits = opts.get("splits", "dev5,dev6,dev7,dev8").split(",")
    try:
        threshold = float(opts.get("threshold", "0.7"))
    except ValueError:
        sys.exit(f"--threshold must be a number between 0 and 1, not {opts['threshold']!r}")
    if not 0 < threshold < 1:
        sys.exit(f"--threshold must be between 0 and 1, not {threshold}")
    texts = Path(args[0])
    if not texts.is_dir():
        sys.exit(f"{texts}: no such directory (one <id>.txt per annotated report)")
    if "blind" in splits:
        sys.exit("the blind split is never used to train the line model")
    reports = load(texts, splits)
    if not reports:
        sys.exit(f"no texts of the splits {', '.join(splits)} in {texts}: nothing to train on")
    if not any(any(r["label"].values()) for r in reports):
        sys.exit("no annotated furniture line found in those texts: nothing to train on")
    table = Table(
        "held out", "reports", "furniture: rules", "rules + model", "article lines cut: rules",
        "rules + model", title=f"line model, each split held out (threshold {threshold})",
    )  # fmt: skip
    for held in splits:
        train = [r for r in reports if r["split"] != held]
        test = [r for r in reports if r["split"] == held]
        if not train or not test:
            continue
        m = fit(*_xy(train)) | {"threshold": threshold}
        a, b = score(test, None), score(test, m)
        table.add_row(
            held, str(len(test)), f"{a['found']}/{a['gold']}", f"{b['found']}/{b['gold']}",
            str(a["wrong"]), str(b["wrong"]),
        )  # fmt: skip
    Console().print(table)
    if "--write" in sys.argv:
        m = fit(*_xy(reports)) | {
            "threshold": threshold,
            "trained_on": {
                "splits": splits,
                "reports": len(reports),
                "lines": sum(len(r["feats"]) for r in reports),
                "furniture_lines": int(sum(sum(r["label"].values()) for r in reports)),
            },
        }
        # written whole or not at all: a kill half way leaves the old model in place
        tmp = OUT.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(m, indent=1) + "\n", "utf-8")
        os.replace(tmp, OUT)
        print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
