"""Page furniture by a trained model of lines, beside the rules of ``boilerplate``.

The rules name what they have seen ("Read:", "/ © ДСНС", "Залишити відповідь"); each new site
words its furniture differently, and on reports nobody tuned on the rules found about a third
of it. This model reads a line by its shape and its place on the page, not by its words: how
long it is, whether it ends a sentence, where it stands (above the first sentence, after the
last), whether its neighbours were removed, how many of its words the article shares, capitals,
digits, colons, symbols. Those carry over between sites and languages.

It is a logistic regression over ``FEATURES``, trained by ``bench/train_line_model.py`` on the
annotated outside reports (``bench/outside_eval``; their texts are not in the repository, the
weights are) and stored in ``data/line_model.json`` with what it was trained on. A line the
rules keep is removed when the model's probability reaches the stored threshold; its reason
says so ("furniture (model 0.93)").
"""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

from casefile.text.boilerplate import is_list_entry

FEATURES = (
    "log_words",
    "ends_sentence",
    "starts_lowercase",
    "has_digit",
    "capitalised_share",
    "symbol",
    "early_colon",
    "position",
    "above_first_sentence",
    "after_last_sentence",
    "shared_words",
    "neighbour_removed",
    "uppercase_share",
    "inner_sentences",
    "repeated",
    "short_label",
    "has_quote",
)

_SENTENCE_CLOSE = re.compile(r"[.!?…][»”\"')\]]*$")
_INNER_BREAK = re.compile(r"[.!?…][»”\"')\]]*\s+\S")
_WORD = re.compile(r"[^\W\d_]+")
_STEM_WORD = re.compile(r"[^\W\d_]{4,}")
_SYMBOL = re.compile(r"[©|@•]|https?:|www\.|\.(?:com|net|org|ua|ru)\b", re.I)
_QUOTE = re.compile(r"[«»\"“”„]")


def _stems(line: str) -> set[str]:
    return {w.lower()[:5] for w in _STEM_WORD.findall(line)}


def _is_sentence(line: str) -> bool:
    return bool(_SENTENCE_CLOSE.search(line.strip())) and len(line.split()) >= 5


def features(lines: list[str], removed: set[int]) -> dict[int, list[float]]:
    """The feature vector (in ``FEATURES`` order) of every non-blank line not in `removed`."""
    live = [i for i, line in enumerate(lines) if line.strip() and i not in removed]
    if not live:
        return {}
    sentences = [i for i in live if _is_sentence(lines[i])]
    first = sentences[0] if sentences else len(lines)
    last = sentences[-1] if sentences else -1
    stems = {i: _stems(lines[i]) for i in live}
    counts: dict[str, int] = {}
    for i in live:
        for s in stems[i]:
            counts[s] = counts.get(s, 0) + 1
    texts = [lines[i].strip() for i in live]
    nonblank = [i for i, line in enumerate(lines) if line.strip()]
    out: dict[int, list[float]] = {}
    for k, i in enumerate(live):
        line = lines[i].strip()
        words = line.split()
        letters = [c for c in line if c.isalpha()]
        tokens = _WORD.findall(line)
        own = stems[i]
        shared = sum(1 for s in own if counts[s] > 1) / len(own) if own else 0.0
        at = nonblank.index(i)
        neighbours = nonblank[max(0, at - 1) : at] + nonblank[at + 1 : at + 2]
        out[i] = [
            math.log1p(len(words)),
            float(bool(_SENTENCE_CLOSE.search(line))),
            float(line[:1].islower()),
            float(bool(re.search(r"\d", line))),
            sum(t[:1].isupper() for t in tokens) / len(tokens) if tokens else 0.0,
            float(bool(_SYMBOL.search(line))),
            float(":" in " ".join(words[:4])),
            k / max(1, len(live) - 1),
            float(i < first),
            float(i > last),
            shared,
            float(any(j in removed for j in neighbours)),
            sum(c.isupper() for c in letters) / len(letters) if letters else 0.0,
            float(min(3, len(_INNER_BREAK.findall(line)))),
            float(texts.count(line) > 1),
            float(len(words) <= 4 and not _SENTENCE_CLOSE.search(line)),
            float(bool(_QUOTE.search(line))),
        ]
    return out


@lru_cache(maxsize=1)
def model() -> dict[str, Any]:
    """The stored model: features, mean and scale, weights, bias, threshold, provenance."""
    data = resources.files("casefile.text.data").joinpath("line_model.json").read_text("utf-8")
    stored: dict[str, Any] = json.loads(data)
    if tuple(stored["features"]) != FEATURES:
        raise RuntimeError("line_model.json was trained on other features; retrain it")
    return stored


def probabilities(rows: np.ndarray, m: dict[str, Any]) -> np.ndarray:
    z = (rows - np.asarray(m["mean"])) / np.asarray(m["scale"])
    p: np.ndarray = 1.0 / (1.0 + np.exp(-(z @ np.asarray(m["weights"]) + m["bias"])))
    return p


def _heads_list(lines: list[str], i: int) -> bool:
    """ "The dead were named as:" over a list."""
    below = next((line for line in lines[i + 1 :] if line.strip()), "")
    return lines[i].rstrip().endswith(":") and is_list_entry(below)


def _may_remove(lines: list[str], i: int, last: int) -> bool:
    """The model may not take a sentence, nor a paragraph of eight words or more holding one,
    nor the page's last line, which an excerpt may cut short, nor an entry of a list."""
    line = lines[i].strip()
    if i == last or is_list_entry(line) or _heads_list(lines, i):
        return False  # the last line may be cut short; a list may be of the dead
    if _SENTENCE_CLOSE.search(line) and len(line.split()) >= 2:
        return False  # "Спасатели работают.": a sentence, however short
    return not (len(line.split()) >= 8 and _INNER_BREAK.search(line))


def model_removes(
    lines: list[str], feats: dict[int, list[float]], m: dict[str, Any]
) -> dict[int, float]:
    """Line index -> probability, for the lines the model removes."""
    if not feats:
        return {}
    idx = list(feats)
    p = probabilities(np.asarray([feats[i] for i in idx], dtype=float), m)
    if not any(_is_sentence(lines[i]) for i in feats):
        return {}  # no sentence of five words or more: nothing to tell the page's parts by
    last = max(i for i, line in enumerate(lines) if line.strip())
    # inside the article (between its first and last sentence) a short line is the article's
    # own: "Про це повідомляє DW" names the source of what went before it
    # above the text, the headline and the line under it (a standfirst, a byline) stay: the
    # model may take only what stands above those two
    above = [i for i in idx if feats[i][FEATURES.index("above_first_sentence")]]
    top = set(above[:-2])
    tail = {i for i in idx if feats[i][FEATURES.index("after_last_sentence")]}
    return {
        i: pi
        for i, pi in zip(idx, p.tolist(), strict=True)
        if pi >= m["threshold"] and _may_remove(lines, i, last) and (i in top or i in tail)
    }


def furniture_by_model(
    lines: list[str], removed: dict[int, str], m: dict[str, Any] | None = None
) -> dict[int, str]:
    """Lines the rules keep that the model takes for furniture (line index -> reason)."""
    m = m or model()
    found = model_removes(lines, features(lines, set(removed)), m)
    return {i: f"furniture (model {p:.2f})" for i, p in found.items()}
