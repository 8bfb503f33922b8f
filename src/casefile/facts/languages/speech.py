"""Who reports what in Ukrainian and Russian, read by morphology rather than by phrases.

The frames in ``cyrillic`` recognise the wordings seen so far ("Про це повідомив X", "по
данным X"); each new report words them a little differently. This module finds every act of
reporting the same way whatever the wording: a finite verb whose *lemma* is a verb of saying
(any aspect, tense, gender or number: повідомила, оприлюднило, проинформировал), and its
subject by *agreement*: the nearest noun phrase in the nominative whose gender and number fit
the verb (a feminine verb never takes "жінка" from the toll's clause as its speaker, a plural
one takes "у ДСНС" as who said it). It is used for figures the frames left without a source,
in a fixed order of scope: the figure's sentence, its paragraph, the paragraph before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise
from types import ModuleType
from typing import Any

from casefile.facts.languages.glued import glued_joins

# Verbs of saying, by lemma (pymorphy3's normal form: each aspect is its own lemma).
SAY = {
    "uk": frozenset(
        [
            "повідомити",
            "повідомляти",
            "заявити",
            "заявляти",
            "сказати",
            "казати",
            "розповісти",
            "розповідати",
            "зазначити",
            "зазначати",
            "наголосити",
            "наголошувати",
            "додати",
            "додавати",
            "написати",
            "писати",
            "підтвердити",
            "підтверджувати",
            "уточнити",
            "уточнювати",
            "інформувати",
            "поінформувати",
            "проінформувати",
            "оприлюднити",
            "опублікувати",
            "публікувати",
            "оприлюднювати",
            "озвучити",
            "озвучувати",
            "пояснити",
            "пояснювати",
            "підкреслити",
            "підкреслювати",
            "відзначити",
            "відзначати",
            "констатувати",
            "звітувати",
            "прозвітувати",
            "стверджувати",
            "передати",
            "передавати",
        ]
    ),
    "ru": frozenset(
        [
            "сообщить",
            "сообщать",
            "заявить",
            "заявлять",
            "сказать",
            "говорить",
            "рассказать",
            "рассказывать",
            "отметить",
            "отмечать",
            "подчеркнуть",
            "подчёркивать",
            "подчеркивать",
            "добавить",
            "добавлять",
            "написать",
            "писать",
            "подтвердить",
            "подтверждать",
            "уточнить",
            "уточнять",
            "информировать",
            "проинформировать",
            "опубликовать",
            "публиковать",
            "озвучить",
            "озвучивать",
            "пояснить",
            "пояснять",
            "объявить",
            "объявлять",
            "констатировать",
            "доложить",
            "докладывать",
            "отчитаться",
            "утверждать",
            "передать",
            "передавать",
        ]
    ),
}
# Verbs an outlet uses to pass on what others said ("…, передає Укрінформ"): its name is who
# the figure came through, not who gave it, so it is used only when no one else reports.
RELAY = frozenset(["передати", "передавати", "писати", "написати", "передать", "передавать"])
# Cheap stems before the dictionary is asked.
_STEM = re.compile(
    r"(?i)^(?:по?відом|опубліку|публіку|повідомл|заяв|сказ|каз|розпов|зазнач|наголош|наголос|дода|пиш|пис|"
    r"напис|підтвер|уточн|інформ|поінформ|проінформ|оприлюд|озвуч|поясн|підкресл|відзнач|"
    r"констат|звіт|прозвіт|стверд|переда|навел|навів|навод|сообщ|рассказ|говор|отмет|отмеч|"
    r"подчерк|добав|написа|пиш|подтвер|информ|проинформ|опублик|публик|озвуч|поясн|объяв|"
    r"докла|доложи|отчита|утвержд|переда|привел|привёл|привод|сказа|заявл|заяв)"
)
_TOKEN = re.compile(r"[A-Za-zА-ЯЁІЇЄҐа-яёіїєґ'’ʼ-]+|\d+|[«»\"“”„—–:;,()]|\s-\s")
# Where a clause ends for the subject search: a quote, a dash, a colon or "що"/"что".
_CLAUSE_EDGE = frozenset(["«", "»", '"', "“", "”", "„", "—", "–", ":", ";", " - "])
_THAT = frozenset(["що", "что", "щоб", "чтобы", "який", "яка", "які", "который", "которая"])
_LOCATED = frozenset(["у", "в", "во", "на"])
_PREPOSITIONS = frozenset(
    [
        "у",
        "в",
        "во",
        "на",
        "з",
        "із",
        "зі",
        "від",
        "до",
        "по",
        "за",
        "про",
        "через",
        "для",
        "при",
        "під",
        "над",
        "між",
        "о",
        "об",
        "от",
        "из",
        "с",
        "со",
        "к",
        "ко",
        "перед",
        "після",
        "после",
        "біля",
        "около",
    ]
)
# Before the verb, these do not stop the subject from following it ("Як повідомив X",
# "Про це повідомила X", ", — розповів він").
_OPENERS = frozenset(["як", "как", "це", "этом", "том", "так", "також", "также", "ще", "еще"])
_PRONOUNS = {
    "він": "masc",
    "вона": "femn",
    "вони": "plur",
    "он": "masc",
    "она": "femn",
    "они": "plur",
}


@dataclass(frozen=True)
class Report:
    """An act of reporting: the verb's span, who it names (resolved), and whether the verb is
    an outlet's relaying one."""

    start: int
    end: int
    who: str
    relay: bool
    # says nothing of its own (no "що"/"что", colon or quote after the verb): "Новину
    # оприлюднила обласна прокуратура." can only be about what came before
    bare: bool = False
    # "По данным X, …" speaks for its own paragraph only, not the one after (an earlier round
    # settled that on real reports)
    local: bool = False
    # a credit line ("Джерело - начальник ВА X.") speaks for what follows it as well
    opens: bool = False


@dataclass(frozen=True)
class _Tok:
    text: str
    start: int
    end: int


# Whose words or data a sentence gives, in the genitive after a preposition: "По сообщению
# губернатора …", "За словами голови ОВА …" (the sentence's frame; its scope is the same).
# "по его словам", "за її даними": the pronoun stands for whoever spoke last
GENITIVE_PRONOUNS = frozenset({"його", "її", "їх", "его", "ее", "её", "их"})
ACCORDING = re.compile(
    # "За останніми даними від керівника ОВА …": an adjective before the noun, "від"/"от" after
    r"(?<!\w)(?i:по\s+(?:[а-яё]+(?:ым|им)\s+)?(?:словам|данным|сообщению|сообщениям|"
    r"информации|подсчетам|подсчётам|оценкам|сведениям)|за\s+(?:[а-яіїєґ'’]+(?:ими|іми)\s+)?"
    r"(?:словами|даними|повідомленням|інформацією|підрахунками|оцінками|відомостями))"
    r"(?:\s+(?i:від|от))?\s+(?P<s>[^,.;:!?«»\"“”\n]{2,100}?)\s*(?=[,.;:!?\n])"
)


# What befell, opening a phrase where who said it might stand ("внаслідок удару").
CAUSE_WORDS = r"внаслідок|вследствие|через|из-за|у результаті|в результаті|в результате"
_CAUSE_FIRST = re.compile(r"(?i:" + CAUSE_WORDS + r")\s")


# A credit line: "Источник: глава Херсонской МВА Роман Мрочко в Telegram", "Джерело: ДСНС".
# It says nothing of its own, so it speaks for what came before it (a bare report).
_SOURCE_LINE = re.compile(
    r"(?<![\w-])(?-i:Источник|Источники|Джерело|Джерела)\s*(?::|\s[—–-])\s*"
    r"(?P<s>[^.;!?«»\"“”:\n]{2,100}?)(?=\s+(?:в|у|на)\s+(?:[Tt]elegram|[Тт]елеграм|[Ff]acebook|"
    r"[Фф]ейсбук)|\s*[.;!?\n]|\s*$)"
)


def reports(
    text: str,
    sents: list[tuple[int, int]],
    resolve: Any,
    L: ModuleType,
    genitive: Any = None,
) -> list[Report]:
    """Every act of reporting in `text` whose subject can be found and resolved; with
    `genitive` (a genitive phrase -> its nominative), also "по словам X"-frames."""
    out: list[Report] = []
    if genitive is not None:
        for m in ACCORDING.finditer(text):
            phrase, a = m.group("s"), m.start("s")
            if phrase.split()[0].lower() in GENITIVE_PRONOUNS:
                continue  # "по его словам": the last speaker's, which the frames resolve
            if _CAUSE_FIRST.match(phrase):
                continue  # "За останніми даними внаслідок удару …": what befell, not who
            who = resolve(phrase, a, a + len(phrase))
            if who == phrase or who is None:
                who = genitive(phrase)
            if who and len(who.split()) <= 8:
                out.append(Report(m.start(), m.start("s"), who, False, False, True))
    for m in _SOURCE_LINE.finditer(text):
        phrase, a = m.group("s"), m.start("s")
        who = resolve(phrase, a, a + len(phrase))
        if who and len(who.split()) <= 8:
            out.append(Report(m.start(), m.start("s"), who, False, True, opens=True))
    say = SAY[L.LANG]
    for ss, se in sents:
        toks = [
            _Tok(m.group(0).strip() or m.group(0), ss + m.start(), ss + m.end())
            for m in _TOKEN.finditer(text[ss:se])
        ]
        inside = _in_quotes(toks)
        for k, t in enumerate(toks):
            if inside[k] or not _STEM.match(t.text):
                continue
            verb = _verb_of(t.text, say, L)
            if verb is None:
                continue
            lemma, agree = verb
            span = _subject(toks, inside, k, agree, L)
            if span is None:
                continue
            a, b = span
            who = resolve(text[a:b], a, b)
            if (
                who
                and len(who.split()) <= 6
                and who.lower() not in _PRONOUNS
                and who.lower() not in ("и", "і", "й", "та", "а", "но", "але")
            ):
                rest = [x.text.lower() for x in toks[k + 1 :]]
                framed = any(x in _CLAUSE_EDGE or x in ("що", "что") for x in rest) or (
                    k > 0 and toks[k - 1].text in _CLAUSE_EDGE
                )
                out.append(Report(t.start, t.end, who, lemma in RELAY, not framed))
    return out


def _in_quotes(toks: list[_Tok]) -> list[bool]:
    out, depth = [], 0
    for t in toks:
        if t.text in ("«", "“", "„"):
            depth += 1
        out.append(depth > 0)
        if t.text in ("»", "”") and depth:
            depth -= 1
    return out


def _verb_of(word: str, say: frozenset[str], L: ModuleType) -> tuple[str, set[str]] | None:
    """(lemma, what its subject must agree with) for a finite verb of saying: {"masc"} for
    повідомив, {"plur"} for повідомили, {"sing"} for повідомляє."""
    for p in L.morph().parse(word.lower()):
        tag = p.tag
        if tag.POS != "VERB" or p.normal_form not in say:
            continue
        grams = set(str(tag).replace(" ", ",").split(","))
        if "impr" in grams or "infn" in grams or "Impe" in grams:
            continue  # "Підтверджено смерть …": an impersonal form has no subject
        if "plur" in grams:
            return p.normal_form, {"plur"}
        for g in ("masc", "femn", "neut"):
            if g in grams:
                return p.normal_form, {g}
        return p.normal_form, {"sing"}
    return None


def _subject(
    toks: list[_Tok], inside: list[bool], k: int, agree: set[str], L: ModuleType
) -> tuple[int, int] | None:
    """The span of the verb's subject: before it in its clause, or after it when the verb
    opens its clause ("Як повідомив X", "…, повідомила поліція", "— розповів він")."""
    j = k - 1
    while j >= 0 and toks[j].text.lower() in _OPENERS:
        j -= 1
    if _past_relative(toks, j) != j:
        # "X, якого …, заявив": the comma closes a relative clause; the subject is before it
        return _before(toks, inside, k, agree, L) or _after(toks, inside, k, agree, L)
    opens = j < 0 or toks[j].text in _CLAUSE_EDGE or toks[j].text in (",", ")", "(")
    if opens or toks[j].text.lower() in ("про", "об", "о"):
        return _after(toks, inside, k, agree, L)
    c = j
    while c > 0 and toks[c - 1].text not in _CLAUSE_EDGE and toks[c - 1].text != ",":
        c -= 1
    back = c + 1 < len(toks) and bool(
        re.fullmatch(r"(?i:це|цього|этом|том|нього|нём|нем|неї|ней)", toks[c + 1].text)
    )
    if toks[c].text.lower() in ("про", "об", "о", "обо") and not back:
        # "О гибели человека и ранении восьми … сообщил врио главы ДНР Денис Пушилин": what
        # was said comes first, who said it after the verb
        return _after(toks, inside, k, agree, L) or _before(toks, inside, k, agree, L)
    # "Новину оприлюднила обласна прокуратура": an object first, the subject after the verb
    return _before(toks, inside, k, agree, L) or _after(toks, inside, k, agree, L)


def _after(
    toks: list[_Tok], inside: list[bool], k: int, agree: set[str], L: ModuleType
) -> tuple[int, int] | None:
    i = k + 1
    while i < len(toks) and not inside[i]:
        t = toks[i]
        if t.text in _CLAUSE_EDGE or t.text in (",", "(", ")"):
            return None
        low = t.text.lower()
        if low in _PREPOSITIONS:
            # "повідомив у Telegram", "сообщил в своем канале": where, not who
            i += 1
            while i < len(toks) and _oblique(toks[i].text, L):
                i += 1
            continue
        if _agrees(t.text, agree, L):
            return _phrase(toks, inside, i, i, L)
        i += 1
    return None


_RELATIVE = frozenset(
    [
        "який",
        "якого",
        "якому",
        "яким",
        "якій",
        "яка",
        "яку",
        "які",
        "яких",
        "якими",
        "котрий",
        "котрого",
        "который",
        "которого",
        "которому",
        "которым",
        "котором",
        "которая",
        "которую",
        "которой",
        "которые",
        "которых",
        "которыми",
        "чий",
        "чия",
        "чей",
        "чья",
    ]
)


def _past_relative(toks: list[_Tok], i: int) -> int:
    """The index before a relative clause set off by commas that ends at `i` ("Развожаєв,
    якого загарбники називають «губернатором» міста, заявив"), or `i` itself."""
    if i < 0 or toks[i].text != ",":
        return i
    for j in range(i - 1, max(-1, i - 25), -1):
        if toks[j].text == ",":
            if j + 1 < i and toks[j + 1].text.lower() in _RELATIVE:
                return j - 1
            return i
    return i


def _before(
    toks: list[_Tok], inside: list[bool], k: int, agree: set[str], L: ModuleType
) -> tuple[int, int] | None:
    i = _past_relative(toks, k - 1)
    while i >= 0 and not inside[i]:
        t = toks[i]
        low = t.text.lower()
        if t.text in _CLAUSE_EDGE or low in _THAT:
            return None
        # "Про ситуацію … на вечір розповів голова ОВА": a noun after its preposition is a
        # circumstance, not who speaks
        governed = i > 0 and toks[i - 1].text.lower() in _PREPOSITIONS
        if not governed and _agrees(t.text, agree, L):
            lo, hi = _phrase(toks, inside, i, i, L)
            # "В Донецкой области заявили": where it was said, which `resolve` weighs
            at = next(n for n, x in enumerate(toks) if x.start == lo)
            if at > 0 and toks[at - 1].text.lower() in _LOCATED:
                lo = toks[at - 1].start
            return lo, hi
        if "plur" in agree and low in _LOCATED and i + 1 < k:
            # "У ДСНС повідомили": the body where it was said, when nothing else is the subject
            return (toks[i].start, toks[k - 1].end)
        i -= 1
    return None


def _agrees(word: str, agree: set[str], L: ModuleType) -> bool:
    """A noun (or a name the dictionary does not know) in the nominative that fits the verb."""
    low = word.lower()
    if low in _PRONOUNS:
        return _PRONOUNS[low] in agree or (_PRONOUNS[low] != "plur" and "sing" in agree)
    if re.fullmatch(r"[A-Z][\w&.-]*", word):
        return True  # "Reuters", "SANA": any form of the verb takes them
    if low in _THAT or low in _PREPOSITIONS:
        return False
    for p in L.morph().parse(low):
        grams = set(str(p.tag).replace(" ", ",").split(","))
        if p.tag.POS != "NOUN" or not ({"nomn", "Fixd"} & grams):
            continue
        if "plur" in agree:
            if "plur" in grams or "Pltm" in grams or ("Abbr" in grams and word[:1].isupper()):
                return True
            continue
        if "plur" in grams:
            continue
        if "sing" in agree or agree & grams or "ms-f" in grams:
            return True
        # "голова ОВА … повідомила": a title is masculine whoever holds it
        if "femn" in agree and "anim" in grams and "masc" in grams:
            return True
    return False


def _oblique(word: str, L: ModuleType) -> bool:
    """A word that belongs to a prepositional phrase: not in the nominative, or Latin."""
    if re.fullmatch(r"[A-Za-z][\w-]*", word):
        return True
    parses = L.morph().parse(word.lower())
    return bool(parses) and not any("nomn" in str(p.tag) for p in parses[:2])


def _phrase(
    toks: list[_Tok], inside: list[bool], lo: int, hi: int, L: ModuleType
) -> tuple[int, int]:
    """The noun phrase around the head at `lo`: adjectives and titles before it, genitives,
    abbreviations and names after it ("голова Одеської ОВА Олег Кіпер"), up to eight words, so
    a body's full name does not cut the name after it off ("голова Сумської обласної військової
    адміністрації Дмитро Живицький")."""
    while lo > 0 and not inside[lo - 1] and _modifier_before(toks[lo - 1].text, L):
        lo -= 1
    n = 0
    while hi + 1 < len(toks) and not inside[hi + 1] and n < 8:
        w = toks[hi + 1].text
        if not _dependent_after(w, L):
            break
        hi, n = hi + 1, n + 1
    return toks[lo].start, toks[hi].end


def _modifier_before(word: str, L: ModuleType) -> bool:
    if not re.match(r"[А-ЯЁІЇЄҐа-яёіїєґA-Za-z]", word) or word.lower() in _OPENERS:
        return False
    if word[:1].isupper():
        return word.lower() not in _PREPOSITIONS and word.lower() not in _THAT
    # "Очільниця громади": a title's genitive belongs to it
    return any(
        p.tag.POS in ("ADJF", "NOUN") and ("nomn" in str(p.tag) or "gent" in str(p.tag))
        for p in L.morph().parse(word.lower())[:2]
    )


def _dependent_after(word: str, L: ModuleType) -> bool:
    if not re.match(r"[А-ЯЁІЇЄҐа-яёіїєґA-Za-z]", word) or word.lower() in _PREPOSITIONS:
        return False
    if word[:1].isupper():
        return True
    return any(
        p.tag.POS in ("ADJF", "NOUN") and "gent" in str(p.tag)
        for p in L.morph().parse(word.lower())[:2]
    )


def fill_sources(
    text: str,
    sents: list[tuple[int, int]],
    figs: list[Any],
    resolve: Any,
    L: ModuleType,
    genitive: Any = None,
) -> None:
    """Give a figure without a source (outside quotes) the reporter nearest it by scope: its
    own sentence, then its paragraph (before it, then after it), then the paragraph before,
    then a report in the paragraph after that says nothing of its own (``Report.bare``).
    Not further: a lead's toll and an official quoted two paragraphs on about something else
    ("…, — заявив прокурор області") are not one report. An outlet relaying is used only
    where no one else reports at that scope."""
    open_figs = [
        f
        for f in figs
        if not f.payload["source"]
        and not f.payload["in_quote"]
        # "Нагадаємо: …", "Ранее сообщалось …": an earlier report recalled, not this one's
        and not RECAP.search(text[sentence_start(text, f.span[0]) : f.span[0]])
        and not RECAP.match(text[text.rfind("\n", 0, f.span[0]) + 1 :])
    ]
    if not open_figs:
        return
    found = sorted(reports(text, sents, resolve, L, genitive), key=lambda r: r.start)
    if not found:
        return
    paras = _paragraphs(text)
    own = [r for r in found if not r.relay]
    for f in open_figs:
        pos = f.span[0]
        f.payload["source"] = _nearest(text, pos, own, sents, paras) or _nearest(
            text, pos, found, sents, paras
        )


RECAP = re.compile(
    r"\s*(?:Нагадаємо|Нагадуємо|Напомним|Напоминаем|Як повідомлялося|Как сообщалось|"
    r"Раніше повідомлялося|Ранее сообщалось|Раніше|Ранее)\b"
)


# A sentence ends at a stop and a space, or at a stop run into the next capital ("Є
# поранений.Про це повідомив …", as pages often lose the space).
_SENTENCE_END = re.compile(r"[.!?](?:\s|(?=[А-ЯЁІЇЄҐ]))|\n")


def sentence_start(text: str, pos: int) -> int:
    """Where the sentence around `pos` starts (looked for within 1,500 characters first)."""
    for lo in (max(0, pos - 1500), 0):
        ends = [m.end() for m in _SENTENCE_END.finditer(text, lo, pos)]
        if ends:
            return ends[-1]
    return 0


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """The text's paragraphs: its lines, each cut where the page lost a paragraph break and
    glued the next one on ("…сообщает Reuters.Бандиты открыли огонь …"), unless what is glued
    on goes on with the same account ("…сообщает Reuters.По его сведениям, …")."""
    out: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            end = pos + len(line)
            joins = [j for j in glued_joins(text, pos, end) if not _GOES_ON.match(text, j)]
            out.extend(pairwise([pos, *joins, end]))
        pos += len(line) + 1
    return out


# A sentence that goes on with the account before it: "По его сведениям, …", "Он добавил …"
_GOES_ON = re.compile(r"(?:По|За)\s+(?:его|ее|её|их|її|його)\s+\w+|(?:Он|Она|Они|Він|Вона|Вони)\s")


def _nearest(
    text: str,
    pos: int,
    found: list[Report],
    sents: list[tuple[int, int]],
    paras: list[tuple[int, int]],
) -> str | None:
    ss, se = next(((a, b) for a, b in sents if a <= pos < b), (pos, pos))
    same = [r for r in found if ss <= r.start < se]
    if same:
        return min(same, key=lambda r: abs(r.start - pos)).who
    k = next((i for i, (a, b) in enumerate(paras) if a <= pos <= b), None)
    if k is None:
        return None
    ps, pe = paras[k]
    before = [r for r in found if ps <= r.start < pos]
    if before:
        return before[-1].who
    after = [r for r in found if pos <= r.start < pe]
    if after:
        return after[0].who
    if k > 0:
        qs, qe = paras[k - 1]
        prev = [r for r in found if qs <= r.start < qe and not r.local]
        if prev:
            return prev[-1].who
    if k + 1 < len(paras):
        ns, ne = paras[k + 1]
        nxt = [r for r in found if ns <= r.start < ne]
        if nxt and nxt[0].bare:
            return nxt[0].who
        # a lede's toll with no source of its own is the report of whoever speaks right
        # after it ("… погиб ребенок." / "Глава региона X сообщил, что …")
        own = [r for r in nxt if not r.relay]
        if own and k <= 1:
            return own[0].who
    opened = [r for r in found if r.opens and r.start < pos]
    return opened[-1].who if opened else None


def fill_speakers(
    text: str,
    sents: list[tuple[int, int]],
    quotes: list[tuple[Any, str | None]],
    resolve: Any,
    L: ModuleType,
) -> list[tuple[Any, str | None]]:
    """A quote without a speaker takes the subject of a verb of saying that frames it: right
    after it ("«…», — уточнил губернатор") or before it up to a colon ("Глава ОВА написал в
    Telegram: «…»")."""
    if all(speaker for _, speaker in quotes):
        return quotes
    found = reports(text, sents, resolve, L)
    out: list[tuple[Any, str | None]] = []
    for q, speaker in quotes:
        if speaker is None:
            after = [
                r
                for r in found
                if q.end <= r.start <= q.end + 12
                and re.fullmatch(r"[»”\"']?\s*,?\s*[—–-]?\s*", text[q.end : r.start])
            ]
            before = [
                r
                for r in found
                if r.end <= q.start
                and re.fullmatch(r"[^.!?«»\"“”\n]{0,60}:\s*[«\"“„]?", text[r.end : q.start])
            ]
            if after:
                speaker = after[0].who
            elif before:
                speaker = before[-1].who
            else:
                speaker = _opening_quote_speaker(text, q.start, found)
        out.append((q, speaker))
    return out


def _opening_quote_speaker(text: str, start: int, found: list[Report]) -> str | None:
    """A paragraph that opens with a quote nobody frames continues the paragraph before when
    that one ends by reporting ("…, сообщил губернатор Гладков." / "«Вчера очередной тяжелый
    день …»"): its reporter is the speaker."""
    ps = text.rfind("\n", 0, start) + 1
    if ps == 0 or not re.fullmatch(r"\s*[«\"“„]?", text[ps:start]):
        return None
    prev_end = ps - 1
    while prev_end > 0 and text[prev_end - 1] in "\n ":
        prev_end -= 1
    prev_start = text.rfind("\n", 0, prev_end) + 1
    last = [r for r in found if prev_start <= r.start < prev_end]
    if not last:
        return None
    # the report closes its paragraph: only its subject and a full stop after the verb
    tail = text[last[-1].end : prev_end]
    if re.search(r"[.!?]\s*\S", tail) or re.search(r"[«»\"“”:]", tail):
        return None
    return last[-1].who
