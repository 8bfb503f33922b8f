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


_NAME_GRAMMEMES = frozenset({"Surn", "Patr", "Name"})
# How a foreign surname that does not decline ends ("Дебі", "Вачаве", "Данджину").
_INDECLINABLE_ENDS = "іиуюоеє"
# Titles that a genitive complement follows ("заместитель министра", "голова громади").
_TITLE_STEM = re.compile(
    r"(?:заместител|заступник|министр|міністр|глав|голов|начальник|президент|керівник|"
    r"руководител|очільник|директор|представител|представник|речник|спикер|командир|"
    r"командувач|командующ|мэр|мер|губернатор|секретар|прокурор|уполномоченн|уповноважен|"
    r"омбудсмен)"
)
_PREPOSITIONS = frozenset(
    {"від", "у", "в", "до", "для", "з", "із", "зі", "за", "про", "по", "при", "між", "біля"}
    | {"серед", "після", "без", "к", "от", "о", "об", "со", "с", "из", "около"}
)
# A man's surname the dictionary does not know, put back from a case by its ending when a
# known first name is in that case ("Вадима Філашкіна" -> Філашкін): a consonant and the
# case's ending, which a consonant-stem surname (-ін, -ов, -ак …) takes.
_MASC_ENDINGS = {
    "gent": re.compile(r"(?<=[^аеєиіїоуюяыэё])а$", re.I),
    "accs": re.compile(r"(?<=[^аеєиіїоуюяыэё])а$", re.I),
    "datv": re.compile(r"(?<=[^аеєиіїоуюяыэё])у$", re.I),
    "ablt": re.compile(r"(?<=[^аеєиіїоуюяыэё])(?:ом|ым|им)$", re.I),
}


def _grammemes(reading: Any) -> set[str]:
    """A reading's grammemes as strings (a tag set may lack one we ask about: ru has no Ms-f)."""
    return set(str(reading.tag).replace(" ", ",").split(","))


class _Stripped:
    """A surname put back to the nominative by its ending (no dictionary reading)."""

    def __init__(self, word: str) -> None:
        self.word = word


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
        if not self.is_known(word) and word[-1:].lower() in _INDECLINABLE_ENDS:
            # "Мамузини", "аль-Нуджаифи": a foreign name the dictionary does not know, ending in
            # a vowel such names keep in every case, is not declined by a guess ("Мамузиня")
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

    def full_name(self, words: list[str], oblique_before: bool) -> str | None:
        """A name of two or three words in the nominative, its words read in one gender and
        case ("Олександра Прокудіна" is Олександр Прокудін's genitive, "Сергея Лысака" Сергей
        Лысак's): the first name's readings give the gender and case its other words must agree
        with, so a surname the dictionary does not know is put back from that case too. With a
        reading in the nominative and one outside it both agreeing (Олександра Прокудіна, a
        woman, or the man's genitive), `oblique_before` (a noun or preposition governing the
        name stands before it) decides. None when the first name has no reading as a name."""
        if not self.is_known(words[0]):
            # "Реми Данджину": a foreign name the dictionary does not know is not declined by
            # guesses, unless a governing word says it is in another case
            # (a foreign surname ending in a vowel does not decline in any case: "Ідрісс Дебі",
            # even after "президент країни")
            fixed = all(
                not self.is_known(w) and w[-1:].lower() in _INDECLINABLE_ENDS for w in words[1:]
            )
            return None if oblique_before and not fixed else " ".join(words)
        first = [
            p
            for p in self.morph().parse(words[0])
            # a vocative is no report's case ("Павло" is not the vocative of Павла)
            if "Name" in _grammemes(p)
            and not _grammemes(p) & {"plur", "voct"}
            and p.tag.case
            and p.tag.gender
        ]
        if first and all("Fixd" in _grammemes(p) for p in first):
            # "Реми Данджину", "Али Ерликая": a first name that does not decline tells no case;
            # a surname the dictionary does not know stays as written
            gender = first[0].tag.gender
            rest = [self.nominative(w, gender) if self.is_known(w) else w for w in words[1:]]
            return " ".join([words[0], *rest])
        if self.lang == "uk":
            # Кирила is Кирило's (see `nominative`)
            first.sort(key=lambda p: not (p.normal_form.endswith("о") and p.tag.gender == "masc"))
        pairs: list[tuple[Any, list[Any]]] = []
        for p in first:
            rest = [self._agreeing(w, p.tag.gender, p.tag.case) for w in words[1:]]
            if all(r is not None for r in rest):
                pairs.append((p, rest))
        if not pairs:
            return None
        # the nominative first, or first outside it after a governing word
        pairs.sort(key=lambda pr: ("nomn" in _grammemes(pr[0])) == oblique_before)
        p, rest = pairs[0]
        if "nomn" in _grammemes(p):
            return " ".join(words)
        out = [self._inflected(words[0], p)]
        out += [self._inflected(w, r) for w, r in zip(words[1:], rest, strict=True)]
        return " ".join(out)

    def _agreeing(self, word: str, gender: str, case: str) -> Any:
        """`word`'s reading as a name word of that gender and case: a surname or patronymic
        first, then any noun or adjective (a surname the dictionary only guesses)."""
        if not self.is_known(word) and word[-1:].lower() in "иіеєо" and len(word) > 3:
            # "Саида Мамузини": a foreign surname the dictionary does not know, ending in a
            # vowel such names keep in every case, is not declined by a guess ("Мамузиня")
            return _Stripped(word)
        readings = [
            p
            for p in self.morph().parse(word)
            if case in _grammemes(p)
            and _grammemes(p) & {gender, "Ms-f", "GNdr"}
            and not _grammemes(p) & {"plur", "voct"}
            and p.tag.POS in ("NOUN", "ADJF")
        ]
        readings.sort(key=lambda p: not _NAME_GRAMMEMES & _grammemes(p))
        if readings:
            return readings[0]
        if case == "nomn" and not self.is_known(word) and word[-1:].lower() in _INDECLINABLE_ENDS:
            # "Джулия Вачаве": after a first name in the nominative, a foreign surname the
            # dictionary does not know and reads only in other cases does not decline
            return _Stripped(word)
        if gender == "masc" and case in _MASC_ENDINGS and not self.is_known(word):
            stem = _MASC_ENDINGS[case].sub("", word)
            if stem != word and len(stem) >= 3:
                return _Stripped(stem)
        return None

    def _inflected(self, word: str, reading: Any) -> str:
        if isinstance(reading, _Stripped):
            return reading.word
        if "nomn" in _grammemes(reading):
            return word
        form = reading.inflect({"nomn"})
        if form is None:
            return word
        return str(form.word).capitalize() if word[:1].isupper() else str(form.word)

    def oblique_before(self, before: str) -> bool:
        """A word that governs a name in another case than the nominative stands right before
        it: a preposition ("від", "по"), or a noun or adjective with no singular nominative
        reading ("словами", "губернатора", "голови", "Запорізької"); abbreviations between
        ("ОВА") are looked past."""
        for word in reversed(re.findall(r"[^\W\d_][\w'’ʼ-]*|[,.;:!?—–«»\"]", before[-120:])):
            if word.isupper() and len(word) > 1:
                continue
            low = word.lower()
            if low in _PREPOSITIONS:
                return True
            readings = [p for p in self.morph().parse(low) if p.tag.POS in ("NOUN", "ADJF")]
            oblique = bool(readings) and not any(
                "nomn" in _grammemes(p) and "plur" not in _grammemes(p) for p in readings
            )
            return oblique and not self._titled_complement(before)
        return False

    def _titled_complement(self, before: str) -> bool:
        """The genitive words before a name complete a title in the nominative, not the name:
        "первый заместитель министра здравоохранения и соцразвития Ализа Солтонбекова",
        "президент країни Ідрісс Дебі"."""
        words = re.findall(r"[^\W\d_][\w'’ʼ-]*|[,.;:!?—–«»\"]", before[-160:])
        for word in reversed(words[-8:]):
            low = word.lower()
            if (word.isupper() and len(word) > 1) or low in ("и", "і", "та", "й"):
                continue
            readings = [p for p in self.morph().parse(low) if p.tag.POS in ("NOUN", "ADJF")]
            nominative = any(
                "nomn" in _grammemes(p) and "plur" not in _grammemes(p) for p in readings
            )
            if nominative:
                return bool(_TITLE_STEM.match(low))
            if not any("gent" in _grammemes(p) for p in readings):
                return False
        return False

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
