"""The Russian and Ukrainian name morphology, once: pymorphy3 for lemmas, name parts, the
nominative of a name word and a first name's gender. ``ru`` and ``uk`` each make one
``Morphology`` with their dictionary and the first names it lacks, and export its methods.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

_NOMINATIVE_SURNAME = re.compile(
    r"(?:ов|ев|ёв|ин|ін|ів|їв|ський|цький|ский|цкий|енко|ко|ук|юк|чук|ич|ян|ець|ь)$", re.I
)


class CachedAnalyzer:
    """pymorphy3's analyser with each word's readings kept. A report asks for the same words
    many times (every rule reads the words near its number) and a dictionary look-up costs
    about 0.2 ms, so a long report spent a third of its time re-parsing words it had parsed.
    The readings come back as a tuple: they are shared, and nothing may change them."""

    def __init__(self, lang: str) -> None:
        import pymorphy3

        self.analyzer = pymorphy3.MorphAnalyzer(lang=lang)
        self.parse = lru_cache(maxsize=200_000)(self._parse)
        self.word_is_known = lru_cache(maxsize=200_000)(self._word_is_known)

    def _parse(self, word: str) -> tuple[Any, ...]:
        return tuple(self.analyzer.parse(word))

    def _word_is_known(self, word: str) -> bool:
        return bool(self.analyzer.word_is_known(word))


@lru_cache(maxsize=2)
def analyzer(lang: str) -> CachedAnalyzer:
    """pymorphy3's analyser for ``lang`` ("ru" or "uk"), loaded once, its readings cached."""
    return CachedAnalyzer(lang)


class Morphology:
    def __init__(self, lang: str, first_names: Iterable[str]) -> None:
        self.lang = lang
        # First names the dictionary lacks or files under another reading (Володимир, the town).
        self.first_names = frozenset(first_names)

    def morph(self) -> Any:
        return analyzer(self.lang)

    def lemma(self, word: str) -> str:
        return str(self.morph().parse(word)[0].normal_form)

    def is_name_part(self, word: str) -> bool:
        """A first name, surname or patronymic by the dictionary (Name/Surn/Patr)."""
        if word in self.first_names:
            return True
        for p in self.morph().parse(word):
            tag = str(p.tag)
            if "Name" in tag or "Surn" in tag or "Patr" in tag:
                return True
        return False

    def nominative(self, word: str, gender: str | None = None) -> str:
        """The name word in the nominative, keeping gender (Венедіктової -> Венедіктова). Words
        with a masculine nominative surname ending stay as written: pymorphy reads an unknown
        "Труханов" as the genitive plural of "Трухан"."""
        if _NOMINATIVE_SURNAME.search(word):
            return word
        names = [
            p
            for p in self.morph().parse(word)
            if {"Name", "Surn", "Patr"} & set(str(p.tag).replace(" ", ",").split(","))
        ]
        if gender:
            # The first name's gender decides between Венедіктова (f., nom.) and Венедіктов
            # (m., gen.).
            names = [p for p in names if gender in str(p.tag)] or names
        if names and all("plur" in str(p.tag) for p in names) and not self.is_known(word):
            # A person is one: a word the dictionary does not know and reads as a name only in
            # the plural ("Агад" as the genitive plural of "Агада") is a foreign name as written.
            return word
        names = [p for p in names if "plur" not in str(p.tag)] or names
        if self.lang == "uk":
            # "Кирила" is the genitive of Кирило and of the Russian Кирил alike: a Ukrainian
            # man's name of that declension ends in -о (Кирило, Данило, Михайло)
            names.sort(key=lambda p: not (p.normal_form.endswith("о") and "masc" in str(p.tag)))
        if not names or "nomn" in str(names[0].tag):
            return word
        form = names[0].inflect({"nomn"})
        if form is None:
            return word
        return str(form.word).capitalize() if word[:1].isupper() else str(form.word)

    def is_known(self, word: str) -> bool:
        """The dictionary knows the word (it is not only guessed from its ending)."""
        return bool(self.morph().word_is_known(word.lower()))

    def gender_of(self, word: str) -> str | None:
        """femn/masc of a first name, by the dictionary; a nominative reading first ("Петро" is
        a man's name in the nominative before it is a vocative of Петра)."""
        parses = self.morph().parse(word)
        # A person is one: a singular reading before a plural one ("Ярославы" is not "Ярославы").
        for p in sorted(parses, key=lambda p: ("plur" in str(p.tag), "nomn" not in str(p.tag))):
            tag = str(p.tag)
            if "Name" in tag:
                return "femn" if "femn" in tag else "masc" if "masc" in tag else None
        return None
