"""`extract_facts`: the one entry point, dispatching on language."""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Any

from casefile.errors import CasefileError
from casefile.facts.dates import find_dates
from casefile.facts.evidence import find_evidence
from casefile.facts.incident import propose_incident
from casefile.facts.model import Fact, FactSet
from casefile.facts.places import latin_places
from casefile.facts.restated import attach_labelled_sources, attach_restated_sources

if TYPE_CHECKING:
    from collections.abc import Callable

    from casefile.text import CleanedText

MAX_CHARS = 2_000_000


def extract_facts(
    text: str,
    *,
    published: date | None = None,
    language: str | None = None,
    removed: list[dict[str, Any]] | None = None,
) -> FactSet:
    """Facts in cleaned text (spans index into `text`). Language is detected when not given;
    uk and ru get their own rules, anything else the English ones (with a warning)."""
    if not text.strip():
        raise CasefileError("no text to extract facts from")
    if len(text) > MAX_CHARS:
        raise CasefileError(
            f"text of {len(text)} characters is over the {MAX_CHARS} limit for one report"
        )
    warnings: list[str] = []
    if language is None:
        from casefile.text.language import detect_language

        guess = detect_language(text)
        language = guess.code
        if guess.mixed:
            warnings.append("mixed-language text: " + ", ".join(sorted(guess.mixed)))
    if language in ("uk", "ru"):
        from casefile.facts.languages.cyrillic import extract_cyrillic

        facts, models = extract_cyrillic(text, language)
    else:
        if language != "en":
            warnings.append(f"language {language!r}: English rules applied; expect gaps")
        facts, models, entities, propn = _english(text)
        facts += latin_places(text)
        from casefile.facts.regions import territories
        from casefile.facts.world import english_places

        known = [tuple(sp) for f in facts if f.kind == "place" for sp in f.payload["spans"]]
        for payload in territories(text, known):  # type: ignore[arg-type]
            facts.append(Fact("place", tuple(payload["spans"][0]), payload))  # type: ignore[arg-type]
        known = [tuple(sp) for f in facts if f.kind == "place" for sp in f.payload["spans"]]
        for payload in english_places(text, known, entities, propn):  # type: ignore[arg-type]
            facts.append(Fact("place", tuple(payload["spans"][0]), payload))  # type: ignore[arg-type]
        from casefile.facts.regions import english_regions

        known = [tuple(sp) for f in facts if f.kind == "place" for sp in f.payload["spans"]]
        for payload in english_regions(text, known, entities):  # type: ignore[arg-type]
            facts.append(Fact("place", tuple(payload["spans"][0]), payload))  # type: ignore[arg-type]
        if not any(f.kind == "place" for f in facts):
            # "in Sudan" and no city or village: the country, at country level, not placed
            from casefile.facts.world import country_places

            for payload in country_places(text, lambda word: [word]):
                facts.append(Fact("place", tuple(payload["spans"][0]), payload))  # type: ignore[arg-type]
    _parts_of_a_toll(facts, text)
    _breakdowns_by_sum(facts)
    facts += _quoted_denials(facts)
    attach_labelled_sources(facts, text)
    attach_restated_sources(facts, text)
    facts += _dates(text, published)
    facts += [
        Fact("evidence", (e.start, e.end), {"kind": e.kind, "text": e.text})
        for e in find_evidence(text)
    ]
    facts.sort(key=lambda f: (f.span[0], f.kind))
    pub = published.isoformat() if published else None
    incident = propose_incident(facts, text, pub)
    return FactSet(language, facts, incident, models, list(removed or []), warnings, pub)


def extract_document(
    data: bytes, media_type: str | None, name: str, *, published: date | None = None
) -> tuple[CleanedText, FactSet]:
    """Clean a document's bytes and extract its facts: what `casefile ingest` stores.

    `published` defaults to the date the page states (HTML); the cleaning warnings come first in
    the FactSet's warnings."""
    from casefile.text import clean_document

    cleaned = clean_document(data, media_type, name)
    facts = extract_facts(
        cleaned.text,
        published=published or cleaned.published,
        language=cleaned.language.code,
        removed=[{"text": r.text, "reason": r.reason, "line": r.line} for r in cleaned.removed],
    )
    facts.warnings[:0] = cleaned.warnings
    return cleaned, facts


def _dates(text: str, published: date | None) -> list[Fact]:
    return [
        Fact("date", (d.start, d.end), {"text": d.text, "value": d.value, "type": d.kind})
        for d in find_dates(text, published)
    ]


# A count said to be a part of a group: "two of them", "двое из них", "were among nine
# civilians killed", "the seven other people".
_OF_THEM_AFTER = re.compile(r"^\s*(?:of them|of whom|из них|з них|із них)\b", re.I)
_AMONG_BEFORE = re.compile(r"\bamong\s+(?:the\s+)?$", re.I)
_OTHER_AFTER = re.compile(r"^\s+other\b", re.I)


def _parts_of_a_toll(facts: list[Fact], text: str) -> None:
    """A count that says it is part of a group ("двое из них", "12 of them", "were among nine
    civilians killed", "the seven other people reported killed") is a sub-count when a larger
    toll of its kind comes before it anywhere in the report."""
    figures = sorted((f for f in facts if f.kind == "figure"), key=lambda f: f.span[0])
    for k, f in enumerate(figures):
        p = f.payload
        if p["note"] or p["count"] is None:
            continue
        s, e = f.span
        larger = any(
            g.payload["category"] == p["category"] and (g.payload["count"] or 0) > p["count"]
            for g in figures[:k]
        )
        word_end = s + len(str(p["text"]).split()[0])
        # "Ten of them died there" of the 360 held is the toll itself: "of them" makes a part
        # only of a larger toll of its kind given before it
        if larger and (
            _OF_THEM_AFTER.match(text[e : e + 12])
            or _OF_THEM_AFTER.match(text[word_end : word_end + 12])
            or _AMONG_BEFORE.search(text[max(0, s - 20) : s])
            or _OTHER_AFTER.match(text[word_end:])
            # "at least six of them members of the Royal Ulster Constabulary"
            or re.search(r"\bof (?:them|those|whom|these)\b", str(p["text"]))
        ):
            p["note"] = "sub-count"


def _breakdowns_by_sum(facts: list[Fact]) -> None:
    """Counts of one kind after a toll that add up to it exactly, two or more in a row among
    that kind's figures, are its breakdown (by province, by day, by group): "загинули 22
    людини" … "у провінції Гірський Ліван загинуло 15" … "чотирьох загиблих" … "ще троє"."""
    figures = sorted((f for f in facts if f.kind == "figure"), key=lambda f: f.span[0])
    for cat in {f.payload["category"] for f in figures}:
        same = [f for f in figures if f.payload["category"] == cat]
        for k, total in enumerate(same):
            t = total.payload["count"]
            if not t or t < 3 or total.payload["note"]:
                continue
            # the parts may start a figure or two after the total: "207 killed …, revising up
            # a toll it first put at 187" … "134 men and 73 women"
            for start in range(k + 1, min(k + 4, len(same))):
                run = _run_adding_up(same[start:], t)
                if run:
                    for f in run:
                        f.payload["note"] = "sub-count"
                    break


def _run_adding_up(figures: list[Fact], total: int) -> list[Fact]:
    """The first figures of `figures`, two or more, each below `total`, that add up to it."""
    run: list[Fact] = []
    acc = 0
    for f in figures:
        c = f.payload["count"]
        if not c or c >= total or f.payload["note"] not in (None, "sub-count"):
            break
        run.append(f)
        acc += c
        if acc >= total:
            break
    return run if acc == total and len(run) >= 2 else []


def _quoted_denials(facts: list[Fact]) -> list[Fact]:
    """A quote in which its speaker denies the harm ("initial reports indicate there were no
    civilian casualties") is also a claim with that stance, the speaker its actor; unless a
    claim of the same stance already covers it."""
    from casefile.facts.claims import harm_denied

    out: list[Fact] = []
    for q in facts:
        if q.kind != "quote" or not q.payload["speaker"]:
            continue
        stance = harm_denied(q.payload["text"])
        if stance is None or any(
            c.kind == "claim"
            and c.payload["stance"] == stance
            and c.span[0] < q.span[1]
            and q.span[0] < c.span[1]
            for c in facts
        ):
            continue
        payload = {
            "actor": q.payload["speaker"],
            "stance": stance,
            "text": q.payload["text"],
            "verb": "said",
        }
        if "speaker_canonical" in q.payload:
            payload["actor_canonical"] = q.payload["speaker_canonical"]
        out.append(Fact("claim", q.span, payload))
    return out


def _english(
    text: str,
) -> tuple[list[Fact], dict[str, str], list[tuple[int, int, str]], set[int]]:
    from casefile.facts.languages.english import analyse, model_versions

    res = analyse(text)
    facts: list[Fact] = []
    for p in res.people.people:
        facts.append(
            Fact(
                "person",
                p.spans[0],
                {"name": p.name, "role": p.role, "spans": [list(s) for s in p.spans]},
            )
        )
    for name, spans in res.orgs.items():
        facts.append(
            Fact("organisation", spans[0], {"name": name, "spans": [list(s) for s in spans]})
        )
    for q, speaker in res.quotes:
        facts.append(
            Fact("quote", (q.start, q.end), {"speaker": speaker, "text": text[q.start : q.end]})
        )
    from casefile.facts.claims import denials_by_pattern

    claims = list(res.claims)
    for d in denials_by_pattern(_denial_sentences(text)):
        if not any(
            c.stance == d.stance and c.actor == d.actor and c.start < d.end and d.start < c.end
            for c in claims
        ):
            claims.append(d)
    for c in claims:
        facts.append(Fact("claim", (c.start, c.end), c.payload()))
    quote_ranges = [(q.start, q.end) for q, _ in res.quotes]
    for f in res.figures:
        facts.append(Fact("figure", (f.start, f.end), figure_payload(f, text, quote_ranges)))
    return facts, _english_versions(model_versions), res.entities, res.propn


_VERSIONS: dict[str, str] = {}


def _english_versions(model_versions: Callable[[], dict[str, str]]) -> dict[str, str]:
    """spaCy's and the English model's versions, asked once a process: each asking reads the
    installed packages' metadata from disk (~1 ms of an article)."""
    if not _VERSIONS:
        _VERSIONS.update(model_versions())
    return dict(_VERSIONS)


# Every denial `denials_by_pattern` finds lies between two full stops or semicolons (neither of
# its patterns crosses one) and holds its verb. The stretches without such a verb are masked
# with full stops, offsets kept, so its lazy patterns do not scan them: 9 ms of an English
# article's ~100 on the real-length articles of bench/extract.py, same denials.
_DENIAL_VERB = re.compile(r"deni|deny|reject|disput|dismiss", re.I)
_BETWEEN_STOPS = re.compile(r"[^.;]+")


def _denial_sentences(text: str) -> str:
    return _BETWEEN_STOPS.sub(
        lambda m: m.group() if _DENIAL_VERB.search(m.group()) else "." * len(m.group()), text
    )


def figure_payload(f: Any, text: str, quote_ranges: list[tuple[int, int]]) -> dict[str, Any]:
    q = f.quantity
    return {
        "category": f.category,
        "count": q.count,
        "min": q.min,
        "max": q.max,
        "qualifier": q.qualifier,
        "who": f.who,
        "source": f.source,
        "note": f.note,
        "text": text[f.start : f.end],
        "in_quote": any(s <= f.start < e for s, e in quote_ranges),
    }
