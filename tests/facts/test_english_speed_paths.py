"""The English speed paths give the facts the full paths give (issue 25, speed).

- The model's matrices go through numpy (OpenBLAS) instead of thinc's default blis, and its
  attribute ruler's rules are looked up by tag and word instead of tried at every token: the
  same tags, parse, parts of speech, morphology, lemmas and entities on every English paragraph
  of the evaluation set, and on sentences written to meet the ruler's rarer rules.
- A paragraph without a reporting or feeling word is not walked for claims or reactions: the
  walk finds none there, and a paragraph with such a word is still walked.
- Denials by pattern scan only the stretches holding a denial verb: the same denials.
"""

from __future__ import annotations

import importlib
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from casefile.facts import extract_facts
from casefile.facts.claims import claims_in_doc, denials_by_pattern, reactions_in_doc
from casefile.facts.extract import _denial_sentences
from casefile.facts.languages.english import (
    _CLAIM_LEMMAS,
    FEELINGS,
    MODEL_PACKAGE,
    _words,
    nlp,
    parse_text,
)
from casefile.facts.paragraphs import paragraphs
from casefile.text import clean_text

EVAL = Path(__file__).resolve().parent.parent / "data" / "extract_eval"


@cache
def _english_texts() -> list[str]:
    seed = EVAL.parent / "seed" / "bucha-report.txt"
    paths = [seed, *sorted(EVAL.glob("en_*.txt"))]
    return [clean_text(p.read_text("utf-8"))[0] for p in paths]


def _paragraphs() -> list[str]:
    return [parse_text(t[s:e]) for t in _english_texts() for s, e in paragraphs(t)]


def _annotations(doc: Any) -> list[tuple[Any, ...]]:
    return [
        (
            t.tag_,
            t.pos_,
            str(t.morph),
            t.dep_,
            t.head.i,
            t.lemma_,
            t.is_sent_start,
            t.ent_iob_,
            t.ent_type_,
        )
        for t in doc
    ]


# Sentences that meet the ruler's rarer rules: two-token ones ("gon na", "let 's", "y' all"),
# ones on the dependency ("it" as subject and object, "but" as an adverb, auxiliaries, "there
# is"), determiners standing alone, and runs of spaces.
_RARER_RULES = [
    "I'm gonna tell you what they did, y'all, and we gotta let 's see it. C'mon.",
    "It hit it. You saw you. I told them, but they ain't listening and it ain't over.",
    "There is no water.  There were   two shells. Those were the ones that he did.",
    "Did they go? He does what he has to. She had had enough; that is all.\n\n  \n",
    "He gets it and got out, but then all of those who stayed were killed.",
    "He left because it was late, although the shelling had stopped before he did.",
]


@pytest.mark.slow
def test_numpy_matrices_annotate_as_spacy_ships_the_model() -> None:
    shipped = importlib.import_module(MODEL_PACKAGE).load()
    ours = nlp()
    assert "attribute_ruler" in shipped.pipe_names
    assert "indexed_attribute_ruler" in ours.pipe_names
    texts = _paragraphs() + _RARER_RULES
    # Ours has the gazetteer ruler before NER; the shipped model gets the same one.
    ruler = ours.get_pipe("entity_ruler")
    shipped.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True})
    shipped.get_pipe("entity_ruler").add_patterns(ruler.patterns)
    for a, b in zip(
        shipped.pipe(texts, batch_size=64), ours.pipe(texts, batch_size=64), strict=True
    ):
        assert _annotations(a) == _annotations(b), a.text


def test_a_paragraph_without_a_reporting_word_holds_no_claim() -> None:
    docs = list(nlp().pipe(_paragraphs(), batch_size=64))
    walked = skipped = 0
    for doc in docs:
        words = _words(doc)
        if words.isdisjoint(_CLAIM_LEMMAS):
            skipped += 1
            assert claims_in_doc(doc, 0, doc.text, [], lambda *a: None, lambda p: None) == []
        else:
            walked += 1
        if words.isdisjoint(FEELINGS):
            assert reactions_in_doc(doc, 0, lambda *a: None) == []
    assert walked and skipped


def test_a_paragraph_with_a_claim_is_still_walked() -> None:
    text = (
        "Residents gathered near the church on Sunday.\n\n"
        "The Kremlin denied that its forces had shelled the town.\n\n"
        "Volker Turk is shocked by the killing of 20 civilians at the station."
    )
    facts = extract_facts(text, language="en").to_json()
    assert ("Kremlin", "denies") in {(c["actor"], c["stance"]) for c in facts["claims"]}
    # The reaction ("is shocked by") names who gave the figure.
    assert [(f["count"], f["source"]) for f in facts["figures"]] == [(20, "Volker Turk")]


@pytest.mark.parametrize(
    ("text", "n"),
    [
        ("The allegations, which have been denied by Addis Ababa and Asmara, persist.", 1),
        ("He repeated allegations the RSF denies. Nothing else; the claims Moscow rejected.", 2),
        ("Reports; that the attack was staged were dismissed by the Kremlin and Russia.", 1),
        ("No denial here. Nor here; nor there.", 0),
    ],
)
def test_denials_scan_only_the_stretches_with_a_denial_verb(text: str, n: int) -> None:
    full = [vars(c) for c in denials_by_pattern(text)]
    assert len(full) == n
    assert [vars(c) for c in denials_by_pattern(_denial_sentences(text))] == full


def test_denials_on_the_evaluation_set_are_the_same() -> None:
    texts = [*_english_texts(), *(p.read_text("utf-8") for p in sorted(EVAL.glob("*.txt")))]
    for text in texts:
        full = [vars(c) for c in denials_by_pattern(text)]
        assert [vars(c) for c in denials_by_pattern(_denial_sentences(text))] == full
