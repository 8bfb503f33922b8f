"""Precision/recall/F1 of fact extraction on tests/data/extract_eval, per fact type and language,
and throughput in articles per second (one process, models loaded before timing).

    .venv/bin/python bench/extract.py [--json] [--held-out [--batch=h|x|y|z]] [-v]

It also times real-length articles (3-6k characters) on one core, per language, against spaCy's
own pipeline (the same English model over the same paragraphs, parse and NER only) in the same
run: the peer says what the model alone costs, the rest is ours.
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from casefile.facts import extract_facts
from casefile.text import clean_text

EVAL = Path(__file__).resolve().parent.parent / "tests" / "data" / "extract_eval"
TYPES = ("figures", "quotes", "claims", "places")


def _norm(s: str | None) -> str:
    return (s or "").lower().strip()


def _keys(kind: str, items: list[dict[str, Any]]) -> list[Any]:
    if kind == "figures":
        return [(i["category"], i["count"], i["min"], i["max"]) for i in items]
    if kind == "claims":
        # The expected actors of known bodies are their canonical English forms ("Kremlin");
        # Ukrainian and Russian reports give the actor as written ("Кремль") and that form
        # beside it as `actor_canonical`.
        return [(_norm(i.get("actor_canonical") or i["actor"]), i["stance"]) for i in items]
    if kind == "places":
        # The set names an oblast by its centre ("Харківської області" is Kharkiv, see its
        # README); an oblast found is a region fact that says which centre that is.
        # A place is listed once, so the city and its oblast named in one report are one.
        names = [
            i if isinstance(i, str) else (i["centre"] if i.get("kind") == "region" else i["name"])
            for i in items
        ]
        return list(dict.fromkeys(names))
    return []


def _match_quotes(expected: list[dict[str, Any]], got: list[dict[str, Any]]) -> int:
    """A quote matches when the speaker agrees and the texts start alike."""
    used: set[int] = set()
    hits = 0
    for e in expected:
        for k, g in enumerate(got):
            said = {_norm(g["speaker"]), _norm(g.get("speaker_canonical"))}
            if k in used or _norm(e["speaker"]) not in said:
                continue
            if _norm(g["text"]).startswith(_norm(e["text"])[:25]):
                used.add(k)
                hits += 1
                break
    return hits


def score(expected: dict[str, Any], got: dict[str, Any]) -> dict[str, tuple[int, int, int]]:
    """(true positives, predicted, expected) per fact type."""
    out: dict[str, tuple[int, int, int]] = {}
    for kind in TYPES:
        exp = expected.get(kind, [])
        pred = got[kind]
        n_pred = len(pred)
        if kind == "quotes":
            tp = _match_quotes(exp, pred)
        else:
            e, p = Counter(_keys(kind, exp)), Counter(_keys(kind, pred))
            tp = sum((e & p).values())
            n_pred = sum(p.values())
        out[kind] = (tp, n_pred, len(exp))
    return out


def run(
    verbose: bool = False, only_held_out: bool = False, held_out_prefix: str = "z"
) -> tuple[dict[str, dict[str, tuple[float, float, float]]], float]:
    """Scores per language and fact type. `only_held_out` keeps one batch of reports (*_z* by
    default) that was written after the rules and scored before any change to them (see the
    README of the evaluation set)."""
    cases = sorted(EVAL.glob("*.txt"))
    loaded = []
    for path in cases:
        expected = json.loads(path.with_suffix(".json").read_text("utf-8"))
        text, _removed = clean_text(path.read_text("utf-8"))
        pub = date.fromisoformat(expected["published"]) if expected.get("published") else None
        lang = path.name.split("_")[0]
        if only_held_out and not path.name.split("_")[1].startswith(held_out_prefix):
            continue
        loaded.append((path, expected, text, pub, lang))
    extract_facts("Warm-up in Bucha.", language="en")
    extract_facts("Прогрів у Бучі.", language="uk")
    extract_facts("Прогрев в Буче.", language="ru")
    totals: dict[str, dict[str, list[int]]] = {}
    t0 = time.perf_counter()
    for path, expected, text, pub, lang in loaded:
        got = extract_facts(text, published=pub).to_json()
        for kind, (tp, np_, ne) in score(expected, got).items():
            acc = totals.setdefault(lang, {}).setdefault(kind, [0, 0, 0])
            acc[0] += tp
            acc[1] += np_
            acc[2] += ne
            if verbose and (tp != np_ or tp != ne):
                print(
                    path.name,
                    kind,
                    "expected",
                    expected.get(kind),
                    "got",
                    _keys(kind, got[kind])
                    if kind != "quotes"
                    else [(q["speaker"], q["text"][:30]) for q in got[kind]],
                    file=sys.stderr,
                )
    elapsed = time.perf_counter() - t0
    result: dict[str, dict[str, tuple[float, float, float]]] = {}
    for lang, kinds in totals.items():
        for kind, (tp, np_, ne) in kinds.items():
            p = tp / np_ if np_ else 1.0
            r = tp / ne if ne else 1.0
            f = 2 * p * r / (p + r) if p + r else 0.0
            result.setdefault(lang, {})[kind] = (p, r, f)
    return result, len(loaded) / elapsed


def seed_rate(repeat: int = 20) -> tuple[int, float]:
    """Articles/s on the seed report, a real article of ordinary length (~2.9k characters)."""
    text, _ = clean_text((EVAL.parent / "seed" / "bucha-report.txt").read_text("utf-8"))
    extract_facts(text, language="en")
    t0 = time.perf_counter()
    for _ in range(repeat):
        extract_facts(text, language="en")
    return len(text), repeat / (time.perf_counter() - t0)


def long_texts() -> list[tuple[str, str]]:
    """Real-length articles (3-6k characters) in each language: the seed report, and the
    evaluation reports of one language joined until an article's length is reached."""
    out = [("en", clean_text((EVAL.parent / "seed" / "bucha-report.txt").read_text("utf-8"))[0])]
    for lang in ("en", "uk", "ru"):
        buf = ""
        for path in sorted(EVAL.glob(f"{lang}_*.txt")):
            buf += clean_text(path.read_text("utf-8"))[0] + "\n\n"
            if len(buf) >= 4000:
                out.append((lang, buf.strip()))
                buf = ""
    return out


def per_core_rates(repeat: int = 2) -> dict[str, float]:
    """Articles/s on one core: casefile (cleaned text to all facts) against spaCy's own
    pipeline (the same English model, `nlp.pipe` over the same English articles' paragraphs,
    nothing else), in this run."""
    from casefile.facts.languages.english import MODEL_PACKAGE

    texts = long_texts()
    for lang, text in texts[:1] + [t for t in texts if t[0] != "en"][:2]:
        extract_facts(text, language=lang)  # warm-up: load every model
    rates: dict[str, float] = {}
    for lang in ("en", "uk", "ru"):
        mine = [t for lg, t in texts if lg == lang]
        t0 = time.perf_counter()
        for _ in range(repeat):
            for text in mine:
                extract_facts(text, language=lang)
        rates[f"casefile {lang}"] = repeat * len(mine) / (time.perf_counter() - t0)
    import importlib

    plain = importlib.import_module(MODEL_PACKAGE).load()
    en = [t for lg, t in texts if lg == "en"]
    list(plain.pipe(en[0].split("\n")))
    t0 = time.perf_counter()
    for _ in range(repeat):
        for text in en:
            list(plain.pipe([p for p in text.split("\n") if p.strip()], batch_size=64))
    rates["spaCy en_core_web_sm pipeline (en)"] = repeat * len(en) / (time.perf_counter() - t0)
    rates["mean characters per article"] = sum(len(t) for _, t in texts) / len(texts)
    return rates


def main() -> None:
    from threadpoolctl import threadpool_limits

    # One core, as the target says: BLAS would otherwise use every core for spaCy's matrices.
    threadpool_limits(limits=1)
    held_out = "--held-out" in sys.argv
    batch = next((a.split("=", 1)[1] for a in sys.argv if a.startswith("--batch=")), "z")
    result, rate = run(verbose="-v" in sys.argv, only_held_out=held_out, held_out_prefix=batch)
    seed_chars, seed_speed = seed_rate()
    per_core = per_core_rates()
    if "--json" in sys.argv:
        print(
            json.dumps(
                {
                    "scores": result,
                    "articles_per_second": rate,
                    "seed_per_second": seed_speed,
                    "per_core_long_articles": per_core,
                },
                indent=1,
            )
        )
        return
    table = Table(
        "language",
        "fact type",
        "precision",
        "recall",
        "F1",
        title=f"casefile.facts on {EVAL.name}" + (" (held-out reports only)" if held_out else ""),
    )
    for lang in sorted(result):
        for kind in TYPES:
            p, r, f = result[lang][kind]
            table.add_row(lang, kind, f"{p:.2f}", f"{r:.2f}", f"{f:.2f}")
    console = Console()
    console.print(table)
    console.print(f"{rate:.1f} articles/s over the evaluation reports (one thread)")
    console.print(f"{seed_speed:.1f} articles/s on the seed report ({seed_chars} characters)")
    console.print(
        f"Real-length articles (mean {per_core.pop('mean characters per article'):.0f} "
        "characters), one core, articles/s:"
    )
    for name, r in per_core.items():
        console.print(f"  {name}: {r:.1f}")


if __name__ == "__main__":
    main()
