"""Precision/recall/F1 of fact extraction on tests/data/extract_eval, per fact type and language,
and throughput in articles per second (one process, models loaded before timing).

    .venv/bin/python bench/extract.py [--json] [--held-out [--batch=h|x|y|z]] [-v]

It also times real-length articles (3-6k characters) on one core, per language, against spaCy's
own pipeline (the same English model over the same paragraphs, nothing else) in the same run, as
spaCy ships it and with numpy's matrix products as casefile runs it: the peer says what the model
alone costs, the rest is ours. The load average before and after that timing is printed.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections import Counter
from collections.abc import Callable
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
            i
            if isinstance(i, str)
            else ((i.get("centre") or i["name"]) if i.get("kind") == "region" else i["name"])
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


SHIPPED = "spaCy en_core_web_sm pipeline (en), as shipped (blis)"
NUMPY_GEMM = "spaCy en_core_web_sm pipeline (en), numpy gemm as casefile"


def per_core_rates(repeat: int = 5) -> dict[str, Any]:
    """Articles/s on one core: casefile (cleaned text to all facts) against spaCy's own pipeline
    over the same English articles' paragraphs (`nlp.pipe`, nothing else), in this run: as spaCy
    ships it (thinc's default blis for the matrices) and as casefile runs it (numpy's OpenBLAS,
    see `facts/languages/english.py`). Rounds alternate between the contenders, so a change in
    the machine's load falls on all of them; the load average is taken before and after."""
    import importlib

    from thinc.api import use_ops

    from casefile.facts.languages.english import MODEL_PACKAGE

    texts = long_texts()
    for lang, text in texts[:1] + [t for t in texts if t[0] != "en"][:2]:
        extract_facts(text, language=lang)  # warm-up: load every model
    model = importlib.import_module(MODEL_PACKAGE)
    shipped = model.load()
    with use_ops("numpy", use_blis=False):
        numpy_gemm = model.load()
    en = [t for lg, t in texts if lg == "en"]
    en_paragraphs = [[p for p in text.split("\n") if p.strip()] for text in en]

    def casefile(lang: str) -> Callable[[], int]:
        mine = [t for lg, t in texts if lg == lang]

        def run() -> int:
            for text in mine:
                extract_facts(text, language=lang)
            return len(mine)

        return run

    def peer(nlp: Any) -> Callable[[], int]:
        def run() -> int:
            for paras in en_paragraphs:
                list(nlp.pipe(paras, batch_size=64))
            return len(en_paragraphs)

        return run

    contenders = {
        "casefile en": casefile("en"),
        SHIPPED: peer(shipped),
        NUMPY_GEMM: peer(numpy_gemm),
        "casefile uk": casefile("uk"),
        "casefile ru": casefile("ru"),
    }
    for run in contenders.values():
        run()  # warm-up
    seconds = dict.fromkeys(contenders, 0.0)
    articles = dict.fromkeys(contenders, 0)
    load_before = os.getloadavg()
    for _ in range(repeat):
        for name, run in contenders.items():
            t0 = time.perf_counter()
            articles[name] += run()
            seconds[name] += time.perf_counter() - t0
    load_after = os.getloadavg()
    rates: dict[str, Any] = {name: articles[name] / seconds[name] for name in contenders}
    rates["mean characters per article"] = sum(len(t) for _, t in texts) / len(texts)
    rates["English articles"] = len(en)
    rates["load average before (1, 5, 15 min)"] = load_before
    rates["load average after (1, 5, 15 min)"] = load_after
    return rates


def main() -> None:
    import numpy  # noqa: F401  (loads OpenBLAS, so that the limit below reaches it)
    from threadpoolctl import threadpool_info, threadpool_limits

    # One core, as the target says: BLAS would otherwise use every core for spaCy's matrices.
    threadpool_limits(limits=1)
    pools = [(p["internal_api"], p["num_threads"]) for p in threadpool_info()]
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
                    "thread_pools": pools,
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
    load0 = per_core.pop("load average before (1, 5, 15 min)")
    load1 = per_core.pop("load average after (1, 5, 15 min)")
    console.print(
        f"Real-length articles (mean {per_core.pop('mean characters per article'):.0f} "
        f"characters; {per_core.pop('English articles')} English), one core "
        f"({', '.join(f'{api} {n} thread' for api, n in pools)}), articles/s; load average "
        f"{load0[0]:.2f} before, {load1[0]:.2f} after (1 min):"
    )
    for name, r in per_core.items():
        console.print(f"  {name}: {r:.1f}")
    en = per_core["casefile en"]
    console.print(
        f"  casefile en / spaCy as shipped: {en / per_core[SHIPPED]:.2f}, / spaCy with numpy gemm: "
        f"{en / per_core[NUMPY_GEMM]:.2f}; "
        f"target >= 10 English articles/s/core: {'met' if en >= 10 else 'not met'}"
    )


if __name__ == "__main__":
    main()
