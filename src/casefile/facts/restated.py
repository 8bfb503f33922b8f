"""Sources given in another paragraph than their figure, for every language.

Two shapes, both seen in real reports (issue 25):

- the same toll given twice, once with who reported it: a standfirst "Local leaders and
  activists say rebels massacred 20 to 22 villagers" and, a paragraph on, "At least 20 people
  have been killed …" (same category, the count equal or within the other's range);
- a paragraph that only says where the figures before it come from: "That is according to the
  health ministry.", "The figures were released by the UN." (the English counterpart of "Про
  це повідомив …", which the Ukrainian and Russian rules read themselves).

Only the paragraph before and the one after are looked at (for the lead, the first paragraph,
the same count of ten or more anywhere after it), and a figure that has a source keeps it, so an
unrelated source further away is not attached.
"""

from __future__ import annotations

import re
from typing import Any

from casefile.facts.model import Fact
from casefile.facts.paragraphs import paragraphs

# "That is according to X.", "These figures were released by X", "This was reported by X".
_LOOKING_BACK = re.compile(
    r"^\s*(?:This|That|These|Those|The)\s*(?:'s\s+)?(?:information|figures?|numbers?|toll|"
    r"tolls|data|count|tally)?\s*(?:is|was|were|are|came|comes|has been|have been)?\s*"
    r"(?:according to|reported by|released by|given by|provided by|published by|confirmed by|"
    r"from)\s+(?P<s>[^.;:!?\n]{2,80}?)\s*(?:[.;!?]|$)",
    re.I,
)


def _para_index(paras: list[tuple[int, int]], pos: int) -> int | None:
    return next((i for i, (s, e) in enumerate(paras) if s <= pos <= e), None)


def _same_toll(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """b restates a's toll: same category, a's count equal to b's or within b's range."""
    if a["category"] != b["category"] or a["count"] is None:
        return False
    if b["count"] is not None:
        return bool(a["count"] == b["count"])
    lo, hi = b.get("min"), b.get("max")
    return (
        b.get("qualifier") == "range"
        and lo is not None
        and hi is not None
        and lo <= a["count"] <= hi
    )


_IT = frozenset({"it", "it's"})


def _resolve_it(facts: list[Fact], paras: list[tuple[int, int]]) -> None:
    """ "A Red Cross statement said … . It said 40 of those were being treated": "it" is the
    non-pronoun actor of the last claim before it, in its paragraph or the one before; with
    none, no one (the source or actor is left empty rather than "it")."""
    claims = sorted((f for f in facts if f.kind == "claim"), key=lambda f: f.span[0])
    for f in facts:
        key = "source" if f.kind == "figure" else "actor" if f.kind == "claim" else None
        if key is None or (f.payload.get(key) or "").lower() not in _IT:
            continue
        i = _para_index(paras, f.span[0])
        if i is None:
            continue
        lo = paras[max(0, i - 1)][0]
        before = [
            c
            for c in claims
            if lo <= c.span[0] < f.span[0]
            and c is not f
            and c.payload.get("actor")
            and c.payload["actor"].lower() not in _IT | {"he", "she", "they", "we", "i"}
        ]
        # no one named before it: a pronoun is no one's name
        f.payload[key] = before[-1].payload["actor"] if before else None


# A headline or a line of a transcript that says who speaks before a colon: "Police: 22 dead
# and 59 injured in …", "Губернатор: погибли пять человек".
_LABELLED = re.compile(
    r"^\s*(?P<s>(?-i:[A-ZА-ЯЁІЇЄҐ])[\w'’.-]*(?:\s+[\w'’.-]+){0,3})\s*:\s+\S", re.I
)
# Who gives tolls, as a label may name them ("Police:", "Курский губернатор Старовойт:"); a
# topic or a place before the colon ("Tribal Massacre:", "Sudan:") is no one.
_SOURCE_LABEL = re.compile(
    r"(?<!\w)(?:police|officials?|authorities|ministry|governor|mayor|army|military|UN|WHO|"
    r"hospital|medics|doctors|rescuers|witnesses|state (?:TV|media)|IDF|Red Cross|"
    r"полиция|поліція|губернатор\w*|мэр\w*|мер|голова|глава|МВД|МВС|ДСНС|МЧС|минздрав\w*|"
    r"МОЗ|ООН|ВОЗ|прокуратур\w*|ОВА|Минобороны|Міноборони|Генштаб|спасател\w*|"
    r"рятувальник\w*|медики)(?!\w)",
    re.I,
)


_EVENT_WORD = re.compile(
    r"(?<!\w)(?:massacre|attack|violence|bombing|strike|war|crisis|clashes|теракт|обстріл|"
    r"обстрел|атака|вибух|взрыв|удар)\w*",
    re.I,
)


def attach_labelled_sources(facts: list[Fact], text: str) -> None:
    """A figure after a short line's "who:" label (a headline, a transcript's speaker) is
    theirs; a place before the colon ("Kharkiv: 5 killed") says where, not who."""
    place_starts = {
        s for f in facts if f.kind == "place" for s, _ in (f.payload.get("spans") or [f.span])
    }
    person_starts = {s for f in facts if f.kind == "person" for s, _ in f.payload["spans"]}
    for f in facts:
        p = f.payload
        if f.kind != "figure" or p.get("source") or p.get("in_quote"):
            continue
        start = text.rfind("\n", 0, f.span[0]) + 1
        end = text.find("\n", f.span[0])
        line = text[start : end if end >= 0 else len(text)]
        m = _LABELLED.match(line)
        if not m or len(line) > 200 or start + m.end("s") > f.span[0]:
            continue
        label = m.group("s")
        ls, le = start + m.start("s"), start + m.end("s")
        if any(ls <= s < le for s in place_starts):
            continue
        if not _SOURCE_LABEL.search(label) and not any(ls <= s < le for s in person_starts):
            continue
        if _EVENT_WORD.search(label):
            continue  # "Tribal Massacre:", which the tagger may take for a person
        p["source"] = label


def attach_restated_sources(facts: list[Fact], text: str) -> None:
    """Give a figure without a source the source of the same toll restated in the paragraph
    before or after it, or of a paragraph after it that only says where the figures come from;
    a source or actor "it" is the body named as the actor of the claim before it."""
    paras = paragraphs(text)
    _resolve_it(facts, paras)
    figures = [f for f in facts if f.kind == "figure"]
    if not figures:
        return
    where = {id(f): _para_index(paras, f.span[0]) for f in figures}
    for f in figures:
        p = f.payload
        i = where[id(f)]
        if p.get("source") or p.get("in_quote") or i is None:
            continue
        near = [
            g
            for g in figures
            if g is not f
            and g.payload.get("source")
            and where[id(g)] is not None
            and (
                abs(where[id(g)] - i) == 1  # type: ignore[operator]
                # the lead's toll, given again with its source further on ("Близько 500
                # палестинців загинули …" … "а представник міністерства – що 500"); a small
                # count could be another toll, so only from ten up
                or (i == 0 and (p["count"] or 0) >= 10 and g.payload["count"] == p["count"])
            )
            and _same_toll(p, g.payload)
        ]
        if near:
            g = min(near, key=lambda g: abs(g.span[0] - f.span[0]))
            p["source"] = g.payload["source"]
            if "source_canonical" in g.payload:
                p["source_canonical"] = g.payload["source_canonical"]
            continue
        if i + 1 < len(paras):
            ns, ne = paras[i + 1]
            m = _LOOKING_BACK.match(text[ns:ne])
            own = any(g.payload.get("source") for g in figures if where[id(g)] == i and g is not f)
            if m and not own:
                p["source"] = m.group("s").strip()
