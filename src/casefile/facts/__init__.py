"""Facts from cleaned report text: figures, people, organisations, quotes, claims, places, dates,
evidence, and a proposed incident, each pointing at its character span.

    from casefile.facts import extract_facts
    facts = extract_facts(cleaned.text, published=date(2022, 4, 4))
    facts.to_json()   # the `casefile extract --json` object
    facts.rows()      # one FactRow(kind, start, end, payload, extractor_version) per fact
"""

from casefile.facts.extract import extract_document, extract_facts
from casefile.facts.model import EXTRACTOR_VERSION, Fact, FactRow, FactSet

__all__ = ["EXTRACTOR_VERSION", "Fact", "FactRow", "FactSet", "extract_document", "extract_facts"]
