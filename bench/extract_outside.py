"""Score casefile.text + casefile.facts on real published reports (bench/outside_eval).

The reports' texts are not in the repository: give the directory that holds them, one
`<id>.txt` per annotated report (the SHA-256 in the annotations says whether it is the text
that was annotated). Prints, per language and fact type, how many of the annotated facts were
found (recall), and how many numbers that are not tolls became one.

    .venv/bin/python bench/extract_outside.py TEXTS_DIR [--split dev|…|dev6|blind] [--json] [-v]

Matching (lenient on form, strict on substance):
- figure: a figure of the same category and count (count null: same vague qualifier; a
  range, "between 115 and 120", by its lower bound, as the annotations take it);
- source: for a figure that was found, its `source` contains one of the alternatives as words
  (so a name must be in the nominative, and "it" is never a source);
- place: one of the alternatives equals a place's name or one of its mentions;
- speaker: a quote's speaker contains one of the alternatives as words (from the sixteenth
  round; before it, one had to equal it);
- denier: a claim with stance denies/disputes whose actor contains an alternative as words;
- boilerplate: a removed line starts with the annotated line;
- a number that is not a toll is read as one when a figure of its category and count is found
  that the extractor does not mark `note: "sub-count"` (a part of a toll given elsewhere).

Recall alone would reward naming a source for every toll, so the table also counts, of the
tolls annotated with no source (the publisher's own count, "it is estimated that …") that were
found, those given a source anyway ("sources where none").
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from functools import cache
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from casefile.facts import extract_facts
from casefile.text import clean_text

ANNOTATIONS = Path(__file__).resolve().parent / "outside_eval" / "annotations.jsonl"
TYPES = ("figure", "source", "place", "speaker", "denier", "boilerplate")


def norm(s: str | None) -> str:
    s = (s or "").casefold().replace("ё", "е").replace("’", "'").replace("ʼ", "'")
    return re.sub(r"[\W_]+", " ", s).strip()


def _alts(spec: str) -> list[str]:
    return [norm(a) for a in spec.split("|") if a.strip()]


# The same body written out or abbreviated (applied to both sides, so neither form is favoured).
_ALIASES = {
    "un": "united nations",
    "who": "world health organization",
    "мвс": "міністерство внутрішніх справ",
}


def _expand(s: str) -> str:
    return " ".join(_ALIASES.get(w, w) for w in s.split())


def _contains_words(hay: str | None, alts: list[str]) -> bool:
    h = f" {_expand(norm(hay))} "
    return any(a and f" {_expand(a)} " in h for a in alts)


@cache
def _gazetteer_names(spec: str, lang: str) -> frozenset[str]:
    """The gazetteer's names for the annotated alternatives, each read on its own ("Москва" ->
    Moscow), so that a place written in another script or case still matches."""
    from casefile.facts.world import world_index

    found: set[str] = set()
    for alt in spec.split("|"):
        if alt.strip():
            facts = extract_facts(alt.strip(), language=lang)
            found |= {norm(p["name"]) for p in facts.to_json()["places"]}
            # a town a reader names on its own ("Жмеринка"), which the finder takes only where
            # the text says it is a place: the city list's own name for it (Zhmerynka)
            city = world_index().get(" ".join(alt.strip().lower().replace("ё", "е").split()))
            if city is not None:
                found.add(norm(city.name))
    return frozenset(found)


def _figure_matches(want: dict[str, Any], got: dict[str, Any]) -> bool:
    if got["category"] != want["category"]:
        return False
    if want["count"] is None:
        return got["count"] is None and got.get("qualifier") == want.get("qualifier")
    if got.get("qualifier") == "range":
        # the annotations take a range's lower bound as the toll ("between 115 and 120")
        return bool(got.get("min") == want["count"])
    return bool(got["count"] == want["count"])


def score_one(ann: dict[str, Any], got: dict[str, Any]) -> dict[str, Any]:
    """Per fact type: (found, annotated), the misses, and the non-tolls read as tolls."""
    res: dict[str, list[int]] = {t: [0, 0] for t in TYPES}
    unsourced = [0, 0]  # found tolls annotated with no source: (given one anyway, all)
    misses: list[str] = []
    # a figure the extractor marks as an earlier incident's is not this incident's toll: it
    # neither finds one nor is read as one
    figures = [g for g in got["figures"] if g.get("note") != "earlier incident"]
    for want in ann["figures"]:
        res["figure"][1] += 1
        cands = [g for g in figures if _figure_matches(want, g)]
        if cands:
            res["figure"][0] += 1
        else:
            misses.append(f"figure {want['category']} {want['count']}")
        if not want["source"] and cands:
            # a toll the report gives as its own: a source named for it is made up
            unsourced[1] += 1
            given = [g.get("source") for g in cands if g.get("source")]
            if given:
                unsourced[0] += 1
                misses.append(f"source given where none is annotated, {want['count']}: {given}")
        if want["source"]:
            res["source"][1] += 1
            alts = _alts(want["source"])
            if any(_contains_words(g.get("source"), alts) for g in cands):
                res["source"][0] += 1
            else:
                misses.append(
                    f"source {want['source']!r} of {want['count']}: got "
                    f"{[g.get('source') for g in cands]}"
                )
    names = {norm(p["name"]) for p in got["places"]}
    names |= {norm(m) for p in got["places"] for m in p.get("mentions", [])}
    for spec in ann["places"]:
        res["place"][1] += 1
        if (set(_alts(spec)) | _gazetteer_names(spec, ann["lang"])) & names:
            res["place"][0] += 1
        else:
            misses.append(f"place {spec!r}: got {sorted(p['name'] for p in got['places'])}")
    speakers = {norm(q["speaker"]) for q in got["quotes"] if q.get("speaker")}
    for spec in ann["speakers"]:
        res["speaker"][1] += 1
        # as for sources: the name found holds an alternative ("Максим Козицкий", "Козицкий")
        if any(_contains_words(s, _alts(spec)) for s in speakers):
            res["speaker"][0] += 1
        else:
            misses.append(f"speaker {spec!r}: got {sorted(speakers)}")
    deniers = [c.get("actor") for c in got["claims"] if c["stance"] in ("denies", "disputes")]
    for spec in ann["deniers"]:
        res["denier"][1] += 1
        if any(_contains_words(a, _alts(spec)) for a in deniers):
            res["denier"][0] += 1
        else:
            misses.append(f"denier {spec!r}: got {deniers}")
    removed = [r["text"].strip() for r in got["removed"]]
    for line in ann["boilerplate"]:
        res["boilerplate"][1] += 1
        if any(r.startswith(line.strip()) for r in removed):
            res["boilerplate"][0] += 1
        else:
            misses.append(f"boilerplate {line!r}")
    # a figure the extractor itself marks as part of a toll given elsewhere is not read as a
    # toll (the annotations list such sub-counts among the numbers that are not tolls)
    tolls = [g for g in figures if g.get("note") != "sub-count"]
    false = [
        f"{w['category']} {w['count']}"
        for w in ann.get("absent_figures", [])
        if any(_figure_matches(w, g) for g in tolls)
    ]
    return {"scores": res, "misses": misses, "false_figures": false, "unsourced": unsourced}


def run(texts: Path, split: str | None, verbose: bool) -> dict[str, Any]:
    anns = [json.loads(line) for line in ANNOTATIONS.read_text("utf-8").splitlines() if line]
    if split:
        anns = [a for a in anns if a["split"] == split]
    totals: dict[str, dict[str, list[int]]] = {}
    false_total: dict[str, list[int]] = {}
    unsourced_total: dict[str, list[int]] = {}
    missing: list[str] = []
    for ann in anns:
        path = texts / f"{ann['id']}.txt"
        if not path.is_file():
            missing.append(ann["id"])
            continue
        data = path.read_bytes()
        if hashlib.sha256(data).hexdigest() != ann["sha256"]:
            print(
                f"{ann['id']}: not the text that was annotated (SHA-256 differs)", file=sys.stderr
            )
        text, removed = clean_text(data.decode("utf-8"))
        got = extract_facts(
            text, removed=[{"text": r.text, "reason": r.reason, "line": r.line} for r in removed]
        ).to_json()
        one = score_one(ann, got)
        for lang in (ann["lang"], "all"):
            for t, (found, n) in one["scores"].items():
                acc = totals.setdefault(lang, {}).setdefault(t, [0, 0])
                acc[0] += found
                acc[1] += n
            ft = false_total.setdefault(lang, [0, 0])
            ft[0] += len(one["false_figures"])
            ft[1] += len(ann.get("absent_figures", []))
            ut = unsourced_total.setdefault(lang, [0, 0])
            ut[0] += one["unsourced"][0]
            ut[1] += one["unsourced"][1]
        if verbose and (one["misses"] or one["false_figures"]):
            print(f"== {ann['id']} ({ann['split']})", file=sys.stderr)
            for m in one["misses"]:
                print("   miss:", m, file=sys.stderr)
            for f in one["false_figures"]:
                print("   non-toll read as toll:", f, file=sys.stderr)
    return {
        "split": split or "all",
        "reports": len(anns) - len(missing),
        "missing_texts": missing,
        "found": totals,
        "non_tolls_read_as_tolls": false_total,
        "sources_where_none": unsourced_total,
    }


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    if not args:
        sys.exit(__doc__)
    split = next((a.split("=", 1)[1] for a in sys.argv if a.startswith("--split=")), None)
    if "--split" in sys.argv:
        split = sys.argv[sys.argv.index("--split") + 1]
        args = [a for a in args if a != split]
    texts = Path(args[0])
    if not texts.is_dir():
        sys.exit(f"{texts}: no such directory (give the directory that holds the <id>.txt texts)")
    splits = sorted(
        {json.loads(x)["split"] for x in ANNOTATIONS.read_text("utf-8").splitlines() if x}
    )
    if split is not None and split not in splits:
        sys.exit(f"no split {split!r} in the annotations; there are: {', '.join(splits)}")
    result = run(texts, split, "-v" in sys.argv)
    if "--json" in sys.argv:
        print(json.dumps(result, indent=1))
        return
    table = Table(
        "language",
        *TYPES,
        "all facts",
        "non-tolls as tolls",
        "sources where none",
        title=f"casefile on real reports, split {result['split']} ({result['reports']} reports)",
    )
    for lang in ("en", "uk", "ru", "all"):
        kinds = result["found"].get(lang)
        if not kinds:
            continue
        cells = []
        for t in TYPES:
            f, n = kinds[t]
            cells.append(f"{f / n:.0%} ({f}/{n})" if n else "-")
        f_all = sum(kinds[t][0] for t in TYPES)
        n_all = sum(kinds[t][1] for t in TYPES)
        bad, n_bad = result["non_tolls_read_as_tolls"][lang]
        made_up, n_unsourced = result["sources_where_none"][lang]
        table.add_row(
            lang,
            *cells,
            f"{f_all / n_all:.0%} ({f_all}/{n_all})",
            f"{bad}/{n_bad}",
            f"{made_up}/{n_unsourced}",
        )
    Console(width=190).print(table)
    if result["missing_texts"]:
        print("texts not found:", ", ".join(result["missing_texts"]))


if __name__ == "__main__":
    main()
