"""spaCy's attribute ruler with its rules looked up instead of tried at every token.

The English model's attribute ruler holds 179 rules (the tag map and word exceptions: "POS of
tag VBD", "lemma of 'gets' tagged VBZ"). Its matcher tries every rule at every token, which took
~12 ms of a 5k-character article, an eighth of the whole model's time. Nearly every rule names a
tag or word that must be equal, so the rules a token can meet are found in a dictionary by its
tag, word, dependency and whether it is a space (for a rule of two tokens, by the value one of
them needs); only those are checked. A rule these tests cannot say (operators, other attributes)
would go through a spaCy `Matcher` of its own; the English model has none. The matches are the
ruler's own (rule, key, start, end), sorted as the ruler sorts them, and applied by the ruler's
own `set_annotations`, so every token gets the same attributes in the same order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc

# The token attributes a rule may test, in the columns of `Doc.to_array`.
_COLUMNS = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}
_ARRAY = [TAG, LOWER, DEP, IS_SPACE]
_COLUMN_RANGE = range(len(_ARRAY))

# One test: (column, "eq" | "in" | "not_in" | "regex", the value, set of values or expression).
Test = tuple[int, str, Any]
# A rule's pattern: the tests of each of its tokens.
Pattern = list[list[Test]]


def _value(vocab: Any, key: str, value: Any) -> int:
    if key == "IS_SPACE":
        return int(bool(value))
    return int(vocab.strings[str(value)]) if value != "" else 0


def _token_tests(vocab: Any, token: dict[str, Any]) -> list[Test] | None:
    """One token of a pattern as tests on the array's columns; None for what they cannot say
    (operators, other attributes), which is left to a spaCy `Matcher`."""
    tests: list[Test] = []
    for key, value in token.items():
        if key not in _COLUMNS:
            return None
        col = _COLUMNS[key]
        if isinstance(value, str | bool):
            tests.append((col, "eq", _value(vocab, key, value)))
        elif not isinstance(value, dict) or len(value) != 1:
            return None
        elif "REGEX" in value and key != "IS_SPACE":
            tests.append((col, "regex", re.compile(value["REGEX"])))
        elif "IN" in value or "NOT_IN" in value:
            ((op, values),) = value.items()
            tests.append((col, op.lower(), frozenset(_value(vocab, key, v) for v in values)))
        else:
            return None
    return tests


def _anchors(pattern: Pattern) -> list[tuple[int, int, int]] | None:
    """The (token, column, value) keys under which a pattern is filed: a value one of its
    tokens needs, or each value of the first set one needs; None when it needs none (tried at
    every token)."""
    for k, tests in enumerate(pattern):
        for col, op, value in tests:
            if op == "eq":
                return [(k, col, value)]
    for k, tests in enumerate(pattern):
        for col, op, value in tests:
            if op == "in":
                return [(k, col, v) for v in value]
    return None


def _meets(row: tuple[int, ...], tests: list[Test], strings: Any) -> bool:
    for col, op, value in tests:
        got = row[col]
        if op == "eq" and got != value:
            return False
        if op == "in" and got not in value:
            return False
        if op == "not_in" and got in value:
            return False
        if op == "regex" and not value.search(strings[got] if got else ""):
            return False
    return True


class IndexedAttributeRuler:
    """Runs an `AttributeRuler`'s rules by lookup; the ruler applies what matched."""

    def __init__(self, ruler: Any) -> None:
        self.ruler = ruler
        vocab = ruler.vocab
        self.keys: list[int] = []
        # (column, value) -> the (rule, token of the pattern holding that value, pattern)
        self.filed: dict[tuple[int, int], list[tuple[int, int, Pattern]]] = {}
        self.everywhere: list[tuple[int, int, Pattern]] = []
        self.matcher: Matcher | None = None
        for rule, entry in enumerate(ruler.patterns):
            self.keys.append(int(vocab.strings[str(rule)]))
            for tokens in entry["patterns"]:
                pattern = [_token_tests(vocab, token) for token in tokens]
                if any(tests is None for tests in pattern):
                    self.matcher = self.matcher or Matcher(vocab)
                    self.matcher.add(str(rule), [tokens])
                    continue
                tested: Pattern = [t for t in pattern if t is not None]
                anchors = _anchors(tested)
                if anchors is None:
                    self.everywhere.append((rule, 0, tested))
                for k, col, value in anchors or ():
                    self.filed.setdefault((col, value), []).append((rule, k, tested))

    def match(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        """The matches `AttributeRuler.match` returns, in its order."""
        strings = doc.vocab.strings
        rows = [tuple(row) for row in doc.to_array(_ARRAY).tolist()]
        found: set[tuple[int, int, int]] = set()
        for i, row in enumerate(rows):
            candidates = [c for col in _COLUMN_RANGE for c in self.filed.get((col, row[col]), ())]
            for rule, k, pattern in candidates + self.everywhere:
                if len(pattern) == 1:
                    if _meets(row, pattern[0], strings):
                        found.add((rule, i, i + 1))
                    continue
                start, end = i - k, i - k + len(pattern)
                if (
                    start >= 0
                    and end <= len(rows)
                    and all(_meets(rows[start + j], t, strings) for j, t in enumerate(pattern))
                ):
                    found.add((rule, start, end))
        matches = [(rule, self.keys[rule], start, end) for rule, start, end in found]
        if self.matcher is not None:
            for key, start, end in self.matcher(doc, allow_missing=True, as_spans=False):
                matches.append((int(strings[key]), key, start, end))
        matches.sort()
        return matches

    def __call__(self, doc: Doc) -> Doc:
        self.ruler.set_annotations(doc, self.match(doc))
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)


@Language.factory("indexed_attribute_ruler")
def make_indexed_attribute_ruler(nlp: Language, name: str) -> IndexedAttributeRuler:
    """Wraps the pipeline's `attribute_ruler`, which is then removed from the pipeline."""
    return IndexedAttributeRuler(nlp.get_pipe("attribute_ruler"))


def index_attribute_ruler(pipeline: Language) -> None:
    """Puts the indexed ruler in the place of the pipeline's attribute ruler."""
    pipeline.add_pipe("indexed_attribute_ruler", after="attribute_ruler")
    pipeline.remove_pipe("attribute_ruler")
