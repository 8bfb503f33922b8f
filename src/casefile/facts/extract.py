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
from casefile.facts.restated import attach_restated_sources

if TYPE_CHECKING:
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
        from casefile.facts.world import english_places

        known = [tuple(sp) for f in facts if f.kind == "place" for sp in f.payload["spans"]]
        for payload in english_places(text, known, entities, propn):  # type: ignore[arg-type]
            facts.append(Fact("place", tuple(payload["spans"][0]), payload))  # type: ignore[arg-type]
        if not any(f.kind == "place" for f in facts):
            # "in Sudan" and no city or village: the country, at country level, not placed
            from casefile.facts.world import country_places

            for payload in country_places(text, lambda word: [word]):
                facts.append(Fact("place", tuple(payload["spans"][0]), payload))  # type: ignore[arg-type]
    facts += _quoted_denials(facts)
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
    return facts, model_versions(), res.entities, res.propn


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
