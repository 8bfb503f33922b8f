"""A proposed incident from the extracted facts: what, where, when, tolls. The analyst decides."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from casefile.facts.model import Fact
from casefile.facts.patterns import heads_lookahead

# Most specific first: the first kind of event the text names is what we propose.
_WHAT: tuple[tuple[str, str], ...] = (
    (
        "massacre of civilians",
        r"massacre|mass killing|mass slaying|bloodbath|різанин|розстріл\w* "
        r"цивільн|масов\w+ вбивств|бойн|массов\w+ убийств|расстрел\w* мирн",
    ),
    (
        "execution of prisoners",
        r"execut\w+ (?:of )?(?:prisoners|POWs)|страт\w+ полонен|"
        r"расстрел\w* пленн|розстріл\w* полонен",
    ),
    (
        "missile strike",
        r"missile (?:strike|attack)|ракетн\w+ удар|ракетн\w+ атак|"
        r"ракетн\w+ обстріл",
    ),
    ("drone attack", r"drone (?:strike|attack)|атак\w+ дрон|атак\w+ безпілотник|удар\w* дрон"),
    ("air strike", r"air ?strike|bomb(?:ing|ed)|авіаудар|авиаудар|бомбардуван|бомбардировк"),
    ("shelling", r"shelling|shelled|artillery|обстріл|обстрел"),
    (
        "deportation",
        r"deport\w+|forcibly transferred|депортац|депорту|вивез\w+ до Росії|"
        r"вывез\w+ в Россию",
    ),
    ("detention and torture", r"tortur\w+|torture chamber|катуван|катівн|пыт\w+"),
    ("mass grave", r"mass grave|масов\w+ поховання|массов\w+ захоронени"),
    ("attack on civilians", r"attack|strike|атак|удар"),
)
# Compiled once, each behind a lookahead for its words' first two letters: most kinds are not
# named, and their search runs through the whole report trying every word at every character
# (case-insensitive alternatives are not skipped by their first letter). The same first match.
_WHAT_RE = tuple((label, re.compile(heads_lookahead(pat) + pat, re.I)) for label, pat in _WHAT)
_INVASION = re.compile(
    r"invad|invasion|вторгн|вторжен|full-scale|повномасштабн|полномасштабн", re.I
)


def propose_incident(facts: list[Fact], text: str, published: str | None) -> dict[str, Any] | None:
    places = [f for f in facts if f.kind == "place"]
    # (a toll of an earlier incident told as background is not this one's)
    figures = [
        f
        for f in facts
        if f.kind == "figure"
        and not f.payload.get("in_quote")
        and f.payload.get("note") != "earlier incident"
    ]
    if not places and not figures:
        return None
    what = None
    what_span: list[int] | None = None
    for label, pat in _WHAT_RE:
        m = pat.search(text)
        if m:
            what, what_span = label, [m.start(), m.end()]
            break
    counts = Counter({p.payload["name"]: len(p.payload["spans"]) for p in places})
    where: list[dict[str, Any]] = []
    if counts:
        top = counts.most_common()[0][1]
        for name, n in counts.most_common():
            # The incident's place is the one the report keeps returning to, not the capital it
            # is "on the outskirts of".
            if n == top:
                p = next(x for x in places if x.payload["name"] == name)
                where.append({"name": name, "lat": p.payload["lat"], "lon": p.payload["lon"]})
    tolls: dict[str, dict[str, Any]] = {}
    for f in figures:
        cat = f.payload["category"]
        lo = f.payload.get("min") or f.payload.get("count") or 0
        best = tolls.get(cat)
        prefer_exact = f.payload["qualifier"] == "exact"
        if (
            best is None
            or (prefer_exact and best["qualifier"] != "exact")
            or (prefer_exact == (best["qualifier"] == "exact") and lo > (best.get("min") or 0))
        ):
            tolls[cat] = {
                k: f.payload.get(k)
                for k in ("category", "count", "min", "max", "qualifier", "who", "source", "note")
            }
            tolls[cat]["span"] = list(f.span)
    when = None
    event_dates = [
        f
        for f in facts
        if f.kind == "date" and f.payload.get("value") and f.payload.get("type") != "time"
    ]
    # Only a date in a sentence that describes the event dates it; the invasion date does not.
    for d in event_dates:
        s = text.rfind("\n", 0, d.span[0]) + 1
        e = text.find("\n", d.span[1])
        line = text[s : e if e >= 0 else len(text)]
        if not _INVASION.search(line):
            when = {"value": d.payload["value"], "text": d.payload["text"], "span": list(d.span)}
            break
    spans = [list(p.span) for p in places[:1]] + [t["span"] for t in tolls.values()]
    if what_span:
        spans.append(what_span)
    return {
        "what": what,
        "where": where,
        "when": when,
        "published": published,
        "figures": list(tolls.values()),
        "spans": spans,
        "status": "proposed",
    }
