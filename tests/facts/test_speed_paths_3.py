"""The helpers put in place of spaCy's per-call `Token.sent` and `Doc.text` (which walk the whole
document each time) give exactly what spaCy gives, on the project's own English reports
(issue 25)."""

from __future__ import annotations

from pathlib import Path

import pytest

from casefile.facts.claims import sentence_of, text_of
from casefile.facts.languages.english import nlp
from casefile.facts.paragraphs import paragraphs

EVAL = Path(__file__).resolve().parent.parent / "data" / "extract_eval"


@pytest.mark.parametrize("name", ["en_00_bucha_seed.txt", "en_01_kramatorsk.txt"])
def test_sentence_and_text_as_spacy_gives_them(name: str) -> None:
    text = (EVAL / name).read_text(encoding="utf-8")
    paras = paragraphs(text)
    docs = list(nlp().pipe([text[s:e] for s, e in paras]))
    assert docs
    for doc in docs:
        assert text_of(doc) == doc.text
        for tok in doc:
            mine, theirs = sentence_of(tok), tok.sent
            assert (mine.start, mine.end) == (theirs.start, theirs.end)
