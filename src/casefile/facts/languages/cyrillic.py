"""Rules shared by Ukrainian and Russian: the languages differ in words, not in how reports
are written («…», — заявив X; за даними X; щонайменше N людей загинули)."""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from types import ModuleType
from typing import Any

from casefile.facts.dates import MONTHS
from casefile.facts.earlier import mark_earlier_incidents
from casefile.facts.languages.glued import glued_joins
from casefile.facts.languages.speech import (
    ACCORDING,
    CAUSE_WORDS,
    GENITIVE_PRONOUNS,
    fill_sources,
    fill_speakers,
    reports,
    sentence_start,
)
from casefile.facts.model import Fact
from casefile.facts.numbers import SLAVIC_WORDS, VAGUE, Quantity, parse_int
from casefile.facts.paragraphs import paragraphs
from casefile.facts.people import PeopleIndex
from casefile.facts.quotes import QuoteSpan, find_quotes

_CAP = r"[А-ЯЁІЇЄҐ][а-яёіїєґ'’ʼ-]+"
_NAME = _CAP + r"(?:\s+" + _CAP + r"){0,2}"


def _lang(code: str) -> ModuleType:
    if code == "uk":
        from casefile.facts.languages import uk

        return uk
    from casefile.facts.languages import ru

    return ru


def _tagged(word: str, gram: str, L: ModuleType) -> bool:
    """The dictionary's first reading of `word` carries `gram` ("Name", "Patr", "Surn")."""
    parses = L.morph().parse(word)
    return bool(parses) and gram in str(parses[0].tag)


def _people(
    text: str, L: ModuleType, orgs: dict[str, list[tuple[int, int]]] | None = None
) -> PeopleIndex:
    people = PeopleIndex()
    found: list[tuple[int, int, str]] = []
    if L.LANG == "ru":
        found = L.people_spans(text)
    else:
        for m in re.finditer(_CAP + r"(?:\s+" + _CAP + r"){0,3}", text):
            words = m.group(0).split()
            # Keep the longest run of name words the dictionary knows (Name/Surn/Patr).
            flags = [L.is_name_part(w) for w in words]
            if not any(flags):
                continue
            s_idx = flags.index(True)
            e_idx = len(flags) - flags[::-1].index(True)
            if e_idx - s_idx >= 2 and _oblique_before_name(words[s_idx], words[s_idx + 1], L):
                # "Прем'єр-міністр Ізраїлю Беньямін Нетаніягу": a name-like word in another
                # case than the first name after it (Ізраїль, a man's name too) is not his
                s_idx += 1
            e_idx = min(e_idx, s_idx + 3)
            # A first name is followed by the surname even when the dictionary does not know
            # it as one (Зеленський is tagged an adjective): take up to two more words.
            if e_idx - s_idx == 1 and e_idx < len(words):
                e_idx = min(len(words), e_idx + 1)
            if (
                s_idx > 0
                and e_idx - s_idx == 1
                and not L.morph().word_is_known(words[s_idx - 1].lower())
            ):
                s_idx -= 1  # "Тайгір Мамбетов": a first name the dictionary does not know
            if (
                e_idx - s_idx == 3
                and _tagged(words[s_idx], "ADJF", L)
                and _tagged(words[s_idx + 1], "Name", L)
            ):
                # "міський голова Луцький Ігор Поліщук": the town's adjective before a first
                # name and surname is not a third name
                s_idx += 1
            chosen = words[s_idx:e_idx]
            if len(chosen) == 1 and not _surname_like(chosen[0], L):
                continue
            start = m.start() + len(" ".join(words[:s_idx])) + (1 if s_idx else 0)
            end = start + len(" ".join(chosen))
            if len(chosen) == 1 and _agrees_as_adjective(chosen[0], text[end : end + 40], L):
                continue  # "Сумської обласної військової адміністрації": a place's adjective
            if len(chosen) == 1 and re.match(
                r"\s+[А-ЯЁІЇЄҐ]{2,6}(?![\w'’ʼ])", text[end : end + 10]
            ):
                continue  # "керівник Волинської ОВА": the body's adjective before its letters
            gender = L.gender_of(chosen[0]) if len(chosen) > 1 else None
            oblique = L.MORPH.oblique_before(text[:start])
            name = L.MORPH.full_name(chosen, oblique) if gender else None
            found.append((start, end, name or " ".join(L.nominative(w, gender) for w in chosen)))
    org_spans = [sp for spans in (orgs or {}).values() for sp in spans]
    found = [(s, e, _after_genitive_title(text, s, e, L) or name) for s, e, name in found]
    for s, e, name in found:
        if any(a <= s and e <= b for a, b in org_spans):
            continue  # "Червоного Хреста": a word of a known body's name, not a surname
        if _pronoun_only(text[s:e], L):
            continue  # "Вона була з касетним боєприпасом": a pronoun opening a sentence
        role = _role_before(text, s, L)
        people.add(name, s, e, role)
    return people


def _after_genitive_title(text: str, s: int, e: int, L: ModuleType) -> str | None:
    """A name after a title in the genitive is in the genitive too ("по сообщению губернатора
    Вячеслава Гладкова"): its nominative by the genitive readings, which tell Вячеслав (his
    genitive) from Вячеслава (a woman's name)."""
    # the title, with its own genitives between ("губернатора Белгородской области …")
    words = re.findall(r"[А-ЯЁІЇЄҐа-яёіїєґ'’ʼ-]+", text[max(0, s - 80) : s])[-5:]
    for k in range(len(words) - 1, -1, -1):
        w = words[k]
        parses = L.morph().parse(w.lower())
        if re.fullmatch(r"(?i:" + L.TITLES + r")", w):
            if any(_has(p.tag, "nomn") for p in parses) or not any(
                _has(p.tag, "gent") for p in parses
            ):
                return None
            if (
                k
                and re.fullmatch(r"(?i:" + L.TITLES + r")", words[k - 1])
                and any(_has(p.tag, "nomn") for p in L.morph().parse(words[k - 1].lower()))
            ):
                return None  # "первый заместитель министра …": the deputy, in the nominative
            break
        if not any(_has(p.tag, "gent") for p in parses):
            return None
    else:
        return None
    out: list[str] = []
    gender: str | None = None
    for w in text[s:e].split():
        if out and not L.morph().word_is_known(w.lower()) and w[-1:].lower() in "иіеєо":
            out.append(w)  # "Саида Мамузини": a foreign surname that does not decline
            continue
        names = [
            p
            for p in L.morph().parse(w)
            if _has(p.tag, "gent") and re.search(r"Name|Surn|Patr", str(p.tag))
        ]
        if gender:
            names = [p for p in names if gender in str(p.tag)] or names
        if not names:
            return None
        gender = gender or ("femn" if "femn" in str(names[0].tag) else "masc")
        form = names[0].inflect({"nomn"})
        if form is None:
            return None
        out.append(_same_case(w, str(form.word)))
    return " ".join(out)


def _pronoun_only(span: str, L: ModuleType) -> bool:
    """Every word of the span may be read as a pronoun ("Вона", which is also the genitive of
    a surname Вон; "Они все")."""
    return all(any(p.tag.POS == "NPRO" for p in L.morph().parse(w.lower())) for w in span.split())


def _oblique_before_name(word: str, name: str, L: ModuleType) -> bool:
    """`word` reads as a first name only outside the nominative, `name` as one in it."""

    def names(w: str) -> list[str]:
        return [str(p.tag) for p in L.morph().parse(w) if "Name" in str(p.tag)]

    first = names(word)
    return (
        bool(first)
        and not any("nomn" in t for t in first)
        and any("nomn" in t for t in names(name))
    )


def _agrees_as_adjective(word: str, after: str, L: ModuleType) -> bool:
    """`word` reads as an adjective in the gender and case of the lower-case adjective or noun
    after it ("Сумської обласної", "Херсонській міській"), so it is no surname."""
    nxt = re.match(r"\s+([а-яёіїєґ'’ʼ-]+)", after)
    if not nxt:
        return False
    mine = {
        (p.tag.gender, p.tag.case)
        for p in L.morph().parse(word)
        if p.tag.POS in ("ADJF", "PRTF") and p.tag.case
    }
    return any(
        (p.tag.gender, p.tag.case) in mine
        for p in L.morph().parse(nxt.group(1))
        if p.tag.POS in ("ADJF", "PRTF", "NOUN")
    )


def _surname_like(word: str, L: ModuleType) -> bool:
    return any("Surn" in str(p.tag) for p in L.morph().parse(word)[:2])


def _role_before(text: str, start: int, L: ModuleType) -> str | None:
    window = text[max(0, start - 80) : start]
    m = re.search(
        r"(?:^|[\s,(«\"])((?:" + L.TITLES + r")(?:\s+[^\s,.;:«»\"]+){0,5}?)\s*,?\s*$", window, re.I
    )
    if not m:
        return None
    role = m.group(1).strip(" ,")
    return role if len(role.split()) <= 7 else None


def _orgs(text: str, L: ModuleType) -> dict[str, list[tuple[int, int]]]:
    out: dict[str, list[tuple[int, int]]] = {}
    for pat, name in L.ORGS.items():
        # (a hyphen joins a name: "ИТАР-ТАСС" is not ТАСС)
        for m in re.finditer(r"(?<![\w-])(?:" + pat + r")(?![\w-])", text):
            out.setdefault(name, []).append((m.start(), m.end()))
    return out


def _resolver(
    text: str,
    people: PeopleIndex,
    orgs: dict[str, list[tuple[int, int]]],
    L: ModuleType,
    canonical: dict[str, str] | None = None,
) -> Any:
    """`resolve(phrase, start, end)`: who a phrase names, as written in the text's language
    (in the nominative). A known body or government also gets its canonical English form,
    recorded in `canonical` (as written -> English: "Національна поліція України" -> "National
    Police of Ukraine", "Кремль" -> "Kremlin")."""
    canon = canonical if canonical is not None else {}

    def written(phrase: str, english: str) -> str:
        form = org_nominative(phrase, L)
        if form == phrase and not phrase.split()[0].isupper():
            # a body's name our list knows, its first word one the dictionary does not
            # ("Держслужби з надзвичайних ситуацій"): by the dictionary's guess at its case
            form = nominative_phrase(phrase, L, cases=("gent", "datv", "loct", "ablt"))
        canon[form] = english
        return form

    def resolve(phrase: str, start: int, end: int) -> str | None:
        if _PREPOSITION_FIRST.match(phrase.strip()):
            return None  # "сообщили о 600 убитых": what was said, not who said it
        joins = glued_joins(phrase)
        if joins:
            # "сообщает Agence France-PresseПолиция начала …": the next sentence, glued on
            phrase = phrase[: joins[0]]
            end = start + len(phrase)
        found = named(phrase, start, end)
        # a pronoun nobody before it stands for is no one's name, nor is a pronoun after the
        # words that say when ("Вже за кілька хвилин він додав")
        if found and (found.lower() in _PRONOUNS or found.split()[-1].lower() in _PRONOUNS):
            return None
        if found and _NO_ONE.fullmatch(found.strip()):
            return None  # "Об этом 4 марта сообщает …": a date, the dead or a video say nothing
        return found

    def named(phrase: str, start: int, end: int) -> str | None:
        # "сообщение Reuters со ссылкой на центральный комитет врачей Судана": where it comes
        # from, not who passes it on; a relaying outlet named after it ("… РИА Новости") is cut.
        via = _VIA.search(phrase)
        if via and via.group("v").strip():
            v0 = start + via.start("v")
            v = via.group("v").rstrip(" ,.")
            later = [s for spans in orgs.values() for s, _ in spans if v0 < s < v0 + len(v)]
            if later:
                v = v[: min(later) - v0].rstrip(" ,")
            got = resolve(v, v0, v0 + len(v))
            if got == v:
                got = nominative_phrase(v, L, cases=("accs", "gent", "loct"))
            return got
        person = people.in_range(start, end)
        if person:
            return person.name
        words = phrase.strip(" ,—–-").split()
        # "написал он и уточнил": the pronoun, not the verb joined to it
        if (
            len(words) > 2
            and words[0].lower() in ("він", "вона", "он", "она")
            and words[1].lower() in ("и", "і", "й", "та")
        ):
            words = words[:1]
        if len(words) == 1 and words[0].lower() in ("він", "вона", "он", "она"):
            last = people.last_before(start)
            if last:
                return last.name
            # No person named: "Глава района сообщил … — заявил он" refers to the subject of
            # the last reporting verb before it.
            frames = list(
                re.finditer(
                    r"(?:^|[.!?»\n]\s*)(?P<s>[А-ЯЁІЇЄҐ][^.,;:!?«»\"\n]{1,60}?)\s+(?:"
                    + L.REPORT_VERBS
                    + r")(?!\w)",
                    text[:start],
                )
            )
            if frames:
                s = frames[-1].start("s")
                return resolve(frames[-1].group("s"), s, frames[-1].end("s"))
            return None
        # "також", "ещё": not part of who speaks ("В міністерстві також додали"), nor a
        # connective opening the sentence ("Водночас Армія оборони Ізраїлю", "Тем временем").
        words = [w for w in words if w.lower() not in _ADVERBS]
        # "сказав з місця події керівник ОВА": where from, then who
        if (
            len(words) > 3
            and words[0].lower() in ("з", "із", "с", "со")
            and words[1].lower() in ("місця", "места")
        ):
            words = words[3:]
        # "У своїй заяві ЦАХАЛ", "В своем Telegram-канале губернатор": where, then who
        if (
            len(words) > 3
            and words[0].lower() in ("у", "в", "во")
            and _CHANNEL_WORD.match(words[1])
        ):
            words = words[3:]
        # "Telegram-канал Донецької обласної прокуратури", "у Telegram-каналі Херсонської ОВА":
        # the channel's owner, in the nominative
        if len(words) > 1 and words[0].lower() in ("у", "в", "во", "на"):
            channel = words[1:]
        else:
            channel = words
        if len(channel) > 1 and _CHANNEL_WORD.match(channel[0].split("-")[0]):
            return nominative_phrase(" ".join(channel[1:]), L)
        # "поліція Берліну у twitter", "обласна прокуратура у ТГ-каналі": who, before where
        for k in range(1, len(words) - 1):
            if words[k].lower() in ("у", "в", "во", "на") and _CHANNEL_WORD.match(words[k + 1]):
                words = words[:k]
                break
        # "17 серпня BBC", "мая сирийские СМИ" (the day cut off before it): when, not who
        while len(words) > 1 and _DATE_WORDS.match(words[0]) and not words[0].isdigit():
            words = words[1:]
        while len(words) > 2 and _DATE_WORDS.match(words[0]) and _DATE_WORDS.match(words[1]):
            words = words[2:]
        while words and words[0].lower().strip(",") in _CONNECTIVES:
            words = words[1:]
        # "передает его слова агентство AFP": whose words, then who passes them on
        if len(words) > 2 and words[0].lower() in GENITIVE_PRONOUNS:
            words = words[1:]
        if len(words) > 1 and re.fullmatch(r"(?i:слова|слів|слов|заяву|заявление)", words[0]):
            words = words[1:]
        # "у середу сербська поліція", "вчора мер": when, not who
        if (
            len(words) > 2
            and words[0].lower() in ("у", "в", "во")
            and _WEEKDAY_RE.fullmatch(words[1])
        ):
            words = words[2:]
        while len(words) > 1 and words[0].lower() in _WHEN_WORDS:
            words = words[1:]
        if [w for w in words if not (_WEEKDAY_RE.fullmatch(w) or w.lower() in _WHEN_WORDS)] == []:
            return None  # "в воскресенье": when alone
        for n in (3, 2):
            # "В свою очередь израильская сторона", "Тем временем"
            if len(words) > n and " ".join(words[:n]).lower().strip(",") in _CONNECTIVES:
                words = words[n:]
                break
        # "У Москві заперечують", "В Киеве заявили": the place stands for its government.
        located = len(words) > 1 and words[0].lower() in ("у", "в", "во", "на")
        if located:
            words = words[1:]
        if not words:
            return None
        # "У Секторі Гази заявили", "В Донецкой области заявили": a place is not who speaks
        # (a capital or country standing for its government is, above; a city by its name
        # is, below)
        noun = next((w for w in words if L.morph().parse(w.lower())[0].tag.POS == "NOUN"), None)
        if located and noun and _PLACE_WORDS.fullmatch(L.lemma(noun.lower())):
            return None
        # "Офіційний представник Всесвітньої організації охорони здоров'я (ВООЗ)": the title
        # with the short name; "Близькосхідне агентство ООН … (UNRWA)": the short name.
        abbr = re.search(r"\((?P<a>[A-ZА-ЯЁІЇЄҐ][A-ZА-ЯЁІЇЄҐa-z]{1,9})\)\s*$", " ".join(words))
        if abbr and len(words) > 2:
            head = re.match(
                r"(?:[а-яёіїєґ'’ʼ-]+\s+)?(?i:" + L.TITLES + r")(?=\s)", " ".join(words), re.I
            )
            short = abbr.group("a")
            return f"{head.group(0)} {short}" if head else short
        # "заявил губернатор", "розповів очільник області": the official named before.
        if re.fullmatch(
            r"(?i:(?:" + _OFFICIALS + r")(?:\s+[а-яёіїєґ'’ʼ-]+|\s+[А-ЯЁІЇЄҐ]{2,5}){0,2})",
            " ".join(words),
        ) and not re.match(r"(?i:керівництв|руководств)", words[0]):  # a leadership, not one
            # "Начальник ОВА заявив": the official named before with his title, not the last
            # name at all ("армія Путіна" in between)
            last = people.last_before(start, titled=True) or people.last_before(start)
            if last:
                return last.name
        if words[-1][:1].isupper():
            found = people.find(L.nominative(words[-1]))
            if found:
                return found.name
        actors: dict[str, str] = L.ACTORS
        for pat, actor in actors.items():
            if re.fullmatch(r"(?:" + pat + r")", " ".join(words)):
                canon[L.ACTOR_NAMES[actor]] = actor
                return str(L.ACTOR_NAMES[actor])
        for name, spans in orgs.items():
            for s, e in spans:
                if s >= start and e <= end:
                    # "в Національній поліції України" -> "Національна поліція України": the
                    # body from its name to the end of the phrase, if short, else its name;
                    # with the adjectives before it ("Донецької обласної військової
                    # адміністрації": whose administration it is)
                    s = _adjectives_before(text, start, s, L)
                    tail = text[s:end].strip(" ,.;:—–-")
                    # "… з надзвичайних ситуацій у Донецькій області": the body, not where
                    located_at = re.search(r"\s(?:у|в|во|на)\s+[А-ЯЁІЇЄҐ]", tail)
                    if located_at and located_at.start() > e - s:
                        tail = tail[: located_at.start()]
                    return written(tail if len(tail.split()) <= 5 else text[s:e], name)
        cleaned = " ".join(words)
        geo = [p for p in L.morph().parse(cleaned) if "Geox" in str(p.tag)]
        if located and len(words) == 1 and cleaned[:1].isupper() and geo:
            # "В Харькове заявили": the city, in the nominative
            cleaned = _same_case(cleaned, str(geo[0].normal_form))
        elif located and (
            not cleaned[:1].isupper()
            or len(words) > 1
            # "В Минздраве заявили": one body the dictionary knows, not a place
            or not geo
        ):
            # "В міністерстві", "В Минздраве Газы": the body, in the nominative
            cleaned = nominative_phrase(cleaned, L, cases=("loct", "loc2", "datv"))
        # A title before a name the recogniser missed: "губернатор области Тайгир Мамбетов"
        # is Тайгир Мамбетов, not the whole phrase.
        titled = re.fullmatch(
            r"(?i:" + L.TITLES + r")(?:\s+(?:[а-яёіїєґ'’ʼ-]+|[А-ЯЁІЇЄҐ]{2,}|" + _CAP + r"(?=\s+"
            r"[а-яёіїєґ])))*?\s+(?P<n>" + _CAP + r"(?:\s+" + _CAP + r"){1,2})",
            cleaned,
        )
        if titled:
            parts = titled.group("n").split()
            gender = L.gender_of(parts[0])
            return " ".join(L.nominative(w, gender) for w in parts)
        if len(words) <= 5:
            return cleaned
        # "британський суспільний мовник BBC та інформагентство Associated Press": the names
        latin = re.findall(r"(?<![\w-])[A-Z][A-Za-z&.]*(?:\s+[A-Z][A-Za-z&.]*)*(?![\w-])", cleaned)
        if latin and len(latin) <= 3:
            return (" та " if L.LANG == "uk" else " и ").join(latin)
        # "Генеральний штаб Збройних сил України у своєму Telegram-каналі": who, before where
        where = re.match(r"(?P<w>\S+(?:\s+\S+){1,4}?)\s+(?:у|в|во|на)\s", cleaned)
        if where and not re.search(r"[,«»\"]", where.group("w")):
            return where.group("w")
        return None

    return resolve


def _adjectives_before(text: str, lo: int, s: int, L: ModuleType) -> int:
    """Where a body's name starts once the adjectives just before it (not before `lo`) are
    taken in: "Донецької" before "обласної військової адміністрації"."""
    while True:
        m = re.search(r"(?<![\w'’ʼ-])([А-ЯЁІЇЄҐа-яёіїєґ'’ʼ-]{3,})\s+$", text[lo:s])
        if m is None or L.morph().parse(m.group(1).lower())[0].tag.POS != "ADJF":
            return s
        s = lo + m.start(1)


_VIA = re.compile(r"(?:із|з|со)\s+(?:посиланням|ссылкой)\s+на\s+(?P<v>.+)$")
# Words for a place ("У Секторі Гази заявили", "в Донецкой области сообщили"): not a speaker.
_PLACE_WORDS = re.compile(
    r"сектор|область|район|регіон|регион|округ|громада|провінція|провинция|штат|країна|"
    r"страна|місто|город|село|селище|поселок|посёлок|смт|кишлак|деревня"
)
# Officials whose title alone, after their name was given, stands for them.
_OFFICIALS = (
    r"губернатор\w*|глава|главы|голова|очільни\w+|мер|мэр|міністр\w*|министр\w*|"
    r"президент\w*|прем'єр\w*|премьер\w*|генпрокурор\w*|начальни\w+|керівни\w+|"
    r"руководител\w+|командувач\w*|командующ\w+|посадов\w+|чиновни\w+|глава региона|"
    r"очільник області"
)
_CONNECTIVES = {
    # "И вот в Мариупольском городском совете заявили": a conjunction opening the sentence
    "и",
    "і",
    "й",
    "а",
    "но",
    "але",
    "вот",
    "ось",
    "водночас",
    "натомість",
    "однак",
    "проте",
    "втім",
    "отже",
    "тим часом",
    "при цьому",
    "крім того",
    "однако",
    "впрочем",
    "тем временем",
    "между тем",
    "при этом",
    "кроме того",
    "вместе с тем",
    "в свою очередь",
    "у свою чергу",
    "в свою чергу",
    "со своей стороны",
    "зі свого боку",
    "з свого боку",
}
_ADVERBS = {
    "також",
    "теж",
    "ще",
    "вже",
    "также",
    "тоже",
    "еще",
    "ещё",
    "уже",
    "же",
    "раніше",
    "ранее",
    # when it was said: "— сообщил сначала председатель ОВА", "Пізніше голова ОВА уточнив"
    "сначала",
    "спочатку",
    "позже",
    "позднее",
    "пізніше",
    "затем",
    "потом",
    "потім",
    "згодом",
    "впоследствии",
    # the time of day or the day: "Вранці 17 серпня BBC повідомило"
    "вранці",
    "зранку",
    "вдень",
    "ввечері",
    "увечері",
    "вночі",
    "уночі",
    "вчора",
    "учора",
    "сьогодні",
    "напередодні",
    "утром",
    "днем",
    "днём",
    "вечером",
    "ночью",
    "вчера",
    "сегодня",
    "накануне",
}
# a date between them: "17 серпня", "5 марта"
# A day of the week (as named after "в"/"у", or alone) and the words for when: said before who
# ("у середу сербська поліція") or between a comma and a closing verb (", вчера заявил").
_WEEKDAY = (
    r"(?:понедельник|вторник|среду|среда|четверг|пятницу|пятница|субботу|суббота|воскресенье|"
    r"понеділок|вівторок|середу|середа|четвер|п['’ʼ]ятницю|п['’ʼ]ятниця|суботу|субота|неділю|"
    r"неділя)"
)
_WEEKDAY_RE = re.compile(_WEEKDAY, re.I)
# the months' Cyrillic names, as the dates know them ("марта", "березня", "март")
_MONTH_NAMES = (
    "(?i:" + "|".join(sorted((m for m in MONTHS if not m.isascii()), key=len, reverse=True)) + ")"
)
_WHEN_WORDS = frozenset(
    {"вчера", "сегодня", "накануне", "вчора", "сьогодні", "напередодні", "вранці", "уранці",
     "ввечері", "вночі", "утром", "вечером", "ночью"}
)  # fmt: skip
_DATE_WORDS = re.compile(r"^\d{1,2}$|^(?:січ|лют|берез|квіт|трав|черв|лип|серп|верес|жовт|листопад|"
                         r"груд|январ|феврал|март|апрел|ма[яй]|июн|июл|август|сентябр|октябр|"
                         r"ноябр|декабр)\w*$", re.I)  # fmt: skip


def _quotes(
    text: str,
    paras: list[tuple[int, int]],
    sents: list[tuple[int, int]],
    resolve: Any,
    people: PeopleIndex,
    L: ModuleType,
    frames: list[tuple[int, int, str]],
) -> list[tuple[QuoteSpan, str | None]]:
    verbs = L.REPORT_VERBS
    # "«…», — приводит сообщение X со ссылкой на Y": a quote relayed, with where it is from
    relayed = r"приводит|приводят|наводить|наводять"
    after_vs = re.compile(
        r"^\s*[,.]?\s*[—–-]+\s*(?:" + verbs + r"|" + relayed + r")\s+"
        # whom it was told, then who: "— сообщили агентству в пресс-службе полиции"
        r"(?:(?:агентству|изданию|виданню|телеканалу|журналистам|журналістам|корреспонденту|"
        r"кореспонденту|газете|газеті|порталу|редакции|редакції)\s+)?"
        r"(?P<s>[^,.;:!?«»\"\n]{1,80}?"
        # "— сказал источник в ФСБ", "— наголосило джерело в СБУ": where the source is
        r"(?:\s+(?:в|у)\s+(?-i:[А-ЯЁІЇЄҐ]{2,}[а-яёіїєґ]{0,3})(?!\w))?)"
        r"(?=\s*[,.;:!?\n]|(?<!ссылкой)(?<!посиланням)\s+(?:журналістам|журналистам|в|у|на|під|"
        r"под)\b|$)",
        re.I,
    )
    # "– говорить про теракт один з гостей": what it was about between the verb and who
    after_v_about = re.compile(
        r"^\s*[,.]?\s*[—–-]+\s*(?:" + verbs + r")\s+(?:про|о|об)\s+\S+(?:\s+\S+)?\s+"
        r"(?P<s>(?:один|одна|одно) (?:з|із|из) [^,.;:!?«»\"\n]{2,40}?|(?i:" + L.TITLES + r")"
        r"[^,.;:!?«»\"\n]{0,60}?)\s*(?:[,.;!?\n]|$)",
        re.I,
    )
    after_sv = re.compile(
        r"^\s*[,.]?\s*[—–-]+\s*(?P<s>[^,.;:!?«»\"\n]{1,80}?)\s+(?:" + verbs + r")\b", re.I
    )
    before = re.compile(
        r"(?P<s>[^.;!?«»\"\n]{1,100}?)\s+(?:" + verbs + r")(?:\s+[^\s:]+){0,2}\s*:\s*[—–-]?\s*$",
        re.I,
    )
    words_of = re.compile(r"(?:за словами|по словам)\s+(?P<s>[^,«»\"]{1,80}),\s*$", re.I)
    # "Пряма мова Лисака: «…»", "Павло Кириленко: «…»": a name and a colon introduce the quote.
    colon = re.compile(
        r"(?:^|[.!?]\s+)(?:(?:[Пп]ряма мова|[Пп]рямая речь|[Цц]итата)\s+)?(?P<s>"
        + _NAME
        + r")\s*:\s*[—–-]?\s*$"
    )
    # A paragraph of direct speech opened by a dash: "– В 13.24 … , - рассказал Клименко."
    dash_para = re.compile(
        r"^[—–-]\s+(?P<q>.{20,}?)[,.!?]?\s+[—–-]\s*(?:"
        + verbs
        + r")\s+(?P<s>[^,.;:!?«»\"\n]{1,80}?)"
        r"\s*\.?\s*$",
        re.I,
    )
    # "— …, — цитирует агентство слова Джахангира.": whose words the agency quotes
    cited_para = re.compile(
        r"^[—–-]\s+(?P<q>.{20,}?)[,.!?]?\s+[—–-]\s*(?:цитирует|цитируют|цитує|цитують)\s+"
        r"[^,.;:!?«»\"\n]{1,40}?\s+(?:слова|слів)\s+(?P<s>[^,.;:!?«»\"\n]{1,60}?)\s*\.?\s*$",
        re.I,
    )
    # Direct speech with no marks, closed by its dash and verb, as Telegram posts are quoted:
    # "30 постраждалих у Павлограді. Троє з них – діти, ‒ заявив Лисак."
    dash_close = re.compile(
        r"^(?P<q>[^«»\"“”„\n]{20,}?)[,.!?…]?\s+[—–‒-]\s*(?:"
        + verbs
        # "…, - йдеться в дописі Лисака у соцмережах"
        + r"|(?:"
        + L.IMPERSONAL
        + r")\s+(?:в|у|во)\s+(?:"
        + L.STATEMENTS
        + r"))\s+(?P<s>[^,.;:!?«»\"“”\n]{1,80}?)\s*\.?\s*$",
        re.I,
    )
    # "«…», — говорится в сообщении (минздрава)": the statement speaks; whose it is, is said
    # after it or in the sentences before.
    impersonal = re.compile(
        r"^\s*[,.]?\s*[—–-]+\s*(?:"
        + L.IMPERSONAL
        # an aside between ("— отмечается, в частности, в сообщении")
        + r")(?:\s*,\s*[^,.;:!?«»\"\n]{2,30},)?(?:\s+(?:в|у|во)\s+(?:"
        + L.STATEMENTS
        # "— говорится в одном из сообщений главы ОВА"
        + r"|(?:одном|одному|одній)\s+(?:из|з|із)\s+(?:сообщений|заявлений|постов|публикаций|"
        r"повідомлень|заяв|дописів|публікацій)"
        + r")(?:\s+(?P<s>[^,.;:!?«»\"\n]{2,80}?))?)?\s*(?:[.,;!?\n]|$)",
        re.I,
    )
    # A paragraph that ends in a colon after its reporting verb introduces the next one, said
    # without marks: "Міський голова Олександр Вілкул … повідомив, що …:" / "На жаль, вже 14 …"
    introduces = re.compile(
        r"^(?P<s>[^.!?«»\"“”\n:]{2,100}?)\s+(?:" + verbs + r")(?!\w)[^«»\"“”\n]{0,200}:\s*$"
        # a heading that names who speaks next: "Курская область. Губернатор:"
        r"|(?:^|[.!?]\s+)(?P<t>(?:" + L.TITLES + r")(?:\s+[^\s:.!?]+){0,3})\s*:\s*$",
        re.I,
    )
    out: list[tuple[QuoteSpan, str | None]] = []
    previous: tuple[QuoteSpan, str] | None = None
    for k, (ps, pe) in enumerate(paras):
        im0 = introduces.search(text[paras[k - 1][0] : paras[k - 1][1]]) if k else None
        if im0 and not re.search(r"[«»\"“”„]", text[ps:pe]):
            g = "s" if im0.group("s") else "t"
            s = paras[k - 1][0] + im0.start(g)
            who = resolve(im0.group(g), s, s + len(im0.group(g)))
            if who:
                out.append((QuoteSpan(ps, pe, ps, pe, True, False), who))
                previous = (out[-1][0], who)
                continue
        dm = dash_para.match(text[ps:pe]) or cited_para.match(text[ps:pe])
        if dm:
            qs, qe = ps + dm.start("q"), ps + dm.end("q")
            s = ps + dm.start("s")
            who = resolve(dm.group("s"), s, s + len(dm.group("s")))
            out.append((QuoteSpan(qs, qe, ps, qe, True, False), who))
            if who:
                previous = (out[-1][0], who)
            continue
        cm = dash_close.match(text[ps:pe])
        if cm:
            s = ps + cm.start("s")
            who = resolve(cm.group("s"), s, s + len(cm.group("s")))
            if who == cm.group("s"):
                who = nominative_phrase(who, L)  # "— говорится в сообщении ведомства"
            if who:
                qs, qe = ps + cm.start("q"), ps + cm.end("q")
                out.append((QuoteSpan(qs, qe, ps, qe, True, False), who))
                previous = (out[-1][0], who)
                continue
        for q in find_quotes(text[ps:pe], ps):
            speaker: str | None = None
            tail = text[q.mark_end : pe]
            for pat in (after_vs, after_sv, after_v_about):
                m = pat.match(tail)
                if m:
                    s = q.mark_end + m.start("s")
                    speaker = resolve(m.group("s"), s, s + len(m.group("s")))
                    where = re.match(r"(?:в|у|во)\s+(?=[а-яёіїєґ])", m.group("s"))
                    if where and (speaker is None or speaker.startswith(where.group(0))):
                        # "— сообщили в пресс-службе полиции": the body where they said it
                        speaker = nominative_phrase(m.group("s")[where.end() :], L, ("loct",))
                    if speaker:
                        break
            if speaker is None:
                # «Ми втратили 92 наших солдатів, – заявив президент. – Ми вперше …»: the frame
                # inside the marks, between two dashes
                inner = re.search(
                    r"[,.!?…]\s*[—–-]\s*(?:" + verbs + r")\s+(?P<s>[^,.;:!?«»\"“”\n]{1,80}?)"
                    r"\s*[.,]\s*[—–-]\s",
                    text[q.start : q.end],
                    re.I,
                )
                if inner:
                    s = q.start + inner.start("s")
                    speaker = resolve(inner.group("s"), s, s + len(inner.group("s")))
            if speaker is None and q.closed:
                # "“…”, голова Дніпропетровської ОВА Сергій Лисак.": the title and name
                # closing the paragraph, the verb left out
                named = _NAME_CLOSING.match(tail)
                person = people.in_range(q.mark_end, pe) if named else None
                inside = [e for s, e in person.spans if q.mark_end <= s] if person else []
                if person is not None and inside and not text[max(inside) : pe].strip(" ."):
                    speaker = person.name
            im = impersonal.match(tail) if speaker is None else None
            if im and im.group("s") and re.match(r"(?:у|в|во|на)\s", im.group("s").strip(), re.I):
                im = impersonal.match(tail[: im.start("s")].rstrip() + ".")
            posted = re.match(
                r"[^.!?\n]{0,120}?(?:канал[еі]|сайт[еі]|странице|сторінці)\s+(?P<s>[а-яёіїєґ'’ʼ-]+"
                r"(?:\s+[А-ЯЁІЇЄҐ][\w'’ʼ-]+)?)\s*[.!?\n]",
                tail[im.end() - 1 :] if im else "",
            )
            if im and not im.group("s") and posted:
                s = q.mark_end + im.end() - 1 + posted.start("s")
                owner = posted.group("s")
                speaker = resolve(owner, s, s + len(owner))
                if speaker == owner:
                    speaker = nominative_phrase(owner, L)
            elif im and im.group("s"):
                s = q.mark_end + im.start("s")
                owner = im.group("s").strip()
                speaker = resolve(owner, s, s + len(owner))
                if speaker == owner:
                    speaker = nominative_phrase(owner, L)
            elif im:
                speaker = _source_before(text, q.mark_start, frames, previous, resolve, L)
            if speaker is None:
                head = text[ps : q.mark_start]
                m = before.search(head) or words_of.search(head) or colon.search(head)
                if m:
                    s = ps + m.start("s")
                    speaker = resolve(m.group("s"), s, ps + m.end("s"))
            if speaker is None:
                sent = next(((a, b) for a, b in sents if a <= q.mark_start < b), (ps, pe))
                lead = text[sent[0] : q.mark_start]
                # "…, что бомбили только «легитимные военные цели»": words of the speaker's
                # quoted inside what was said (not a name in quotes, «Хезболла»)
                within = (
                    r"(?:\s+[^,;:.!?«»\"\n]{1,80})?"
                    if text[q.start : q.start + 1].islower()
                    else ""
                )
                vm = re.search(
                    r"(?:^|[,;.!?]\s+)(?P<s>[^,;:.!?«»\"\n]{2,80}?)\s+(?:" + verbs + r")(?!\w)"
                    r"(?:\s+[а-яёіїєґ]+)?\s*,?\s*(?:что|що)" + within + r"\s*$",
                    lead,
                )
                if vm:
                    s = sent[0] + vm.start("s")
                    speaker = resolve(vm.group("s"), s, sent[0] + vm.end("s"))
                if re.search(verbs + r"|назвав|назвала|назвал|називає|называет", lead, re.I):
                    person = people.in_range(sent[0], q.mark_start)
                    speaker = person.name if person else speaker
            if speaker is None and previous is not None:
                only = not text[ps : q.mark_start].strip() and not tail.strip(" .")
                gap = text[previous[0].mark_end : q.mark_start]
                same_para = previous[0].mark_start >= ps and not tail.strip(" .")
                if (only and gap.count("\n") <= 2) or same_para:
                    speaker = previous[1]
            if speaker is None and len(text[q.start : q.end].split()) < 4:
                continue
            out.append((q, speaker))
            if speaker:
                previous = (q, speaker)
    return out


# A subject, then an aside set off by commas: a relative clause or "known as …".
_ASIDE = re.compile(
    r"(?:^|[;:]\s*)(?P<a>[^,;:—–«»\"]{2,100}?)\s*,\s*(?:(?:также|також)\s+)?(?:"
    r"(?:известн\w+|відом\w+)\s+(?:как|як)\s+[«\"“]?(?P<n>[^,;:«»\"“”]{2,60}?)[»\"”]?|"
    r"(?:котор\w+|як(?:ий|а|е|і|ого|ої|их|ому|ій|им|ими)|чи[йяєї]|чь[яеи]|чей)\b"
    r"[^;:—–]{0,160}?)\s*,\s*$"
)


def _source_before(
    text: str,
    pos: int,
    frames: list[tuple[int, int, str]],
    previous: tuple[QuoteSpan, str] | None,
    resolve: Any,
    L: ModuleType,
) -> str | None:
    """The source named last before `pos`, in its paragraph or the one before: a frame ("Об
    этом сообщает минздрав"), the previous quote's speaker, or the subject of a reporting verb
    opening a sentence ("Минздрав сообщил, что …")."""
    para_start = _para_of(text, pos)[0]
    prev_para = _para_of(text, para_start - 2)[0] if para_start >= 2 else para_start
    found: list[tuple[int, str]] = [(at, src) for _, at, src in frames if prev_para <= at < pos]
    if previous is not None and prev_para <= previous[0].mark_start < pos:
        found.append((previous[0].mark_start, previous[1]))
    for m in re.finditer(
        r"(?:^|[.!?»\n]\s*)(?P<s>[А-ЯЁІЇЄҐ][^.,;:!?«»\"\n]{1,60}?)\s+(?:"
        + L.REPORT_VERBS
        + r")(?!\w)",
        text[prev_para:pos],
    ):
        s0 = prev_para + m.start("s")
        if re.fullmatch(r"(?i:про це|об этом|як|как|так|тоді|тогда)", m.group("s").strip()):
            continue
        if re.match(r"\s*(?:" + BACK_OBJECT + r")(?:\s|$)", m.group("s")):
            continue  # "Об этом в своем Telegram-канале рассказал X": X is after it, a frame
        src = resolve(m.group("s"), s0, prev_para + m.end("s"))
        if src:
            found.append((s0, src))
    if not found:
        # a statement quoted paragraphs after the frame that named its author ("Про це
        # повідомила обласна прокуратура." … «…», — йдеться у повідомленні): the last frame
        found = [(at, src) for _, at, src in frames if pos - 1500 <= at < pos]
    return max(found)[1] if found else None


_OTHER_SUBJECT = re.compile(r",\s+(?:но|але|однако|проте|а)\s+(?=[А-ЯЁІЇЄҐA-Z])")


def _claims(
    text: str,
    sents: list[tuple[int, int]],
    resolve: Any,
    quote_ranges: list[tuple[int, int]],
    L: ModuleType,
) -> list[Fact]:
    stances = (
        ("denies", L.DENY_VERBS),
        ("accuses", L.ACCUSE_VERBS),
        ("condemns", L.CONDEMN_VERBS),
        ("asserts", L.REPORT_VERBS),
    )
    out: list[Fact] = []
    for ss, se in sents:
        sent = text[ss:se]
        for stance, verbs in stances:
            for m in re.finditer(r"(?<!\w)(" + verbs + r")(?!\w)", sent, re.I):
                vs, ve = ss + m.start(), ss + m.end()
                if any(a <= vs < b for a, b in quote_ranges):
                    continue
                rest = text[ve:se]
                # "— заявив X" after a quote is the quote's frame, not a claim.
                if re.search(r"[»\"”][\s,.]*[—–-]+\s*$", text[ss:vs]):
                    continue
                actor_phrase_m = re.search(
                    r"(?:^|[,;:]\s*|\s[—–-]\s)([^,;:—–]{1,80}?)\s*$", text[ss:vs]
                )
                actor: str | None = None
                any_verb = "|".join(v for _, v in stances)
                if actor_phrase_m and re.search(
                    r"(?<!\w)(?:" + any_verb + r")(?!\w)", actor_phrase_m.group(1), re.I
                ):
                    # "У Москві заперечують ... і стверджують, що ...": one subject, two verbs.
                    prior = [f for f in out if ss <= f.span[0] < se]
                    actor = prior[-1].payload["actor"] if prior else None
                elif actor_phrase_m and actor_phrase_m.group(1).strip():
                    a_s = ss + actor_phrase_m.start(1)
                    actor = resolve(actor_phrase_m.group(1), a_s, vs)
                elif aside := _ASIDE.search(text[ss:vs]):
                    # "Обсерватория, которая следит за войной, сообщает, что …": the subject
                    # before the aside; "Спасатели, известные как «Белые каски», сообщили":
                    # the name the aside gives.
                    g = "n" if aside.group("n") else "a"
                    a_s = ss + aside.start(g)
                    actor = resolve(aside.group(g), a_s, ss + aside.end(g))
                elif re.search(r"\S\s*,\s*$", text[ss:vs]) and (
                    before_comma := re.search(
                        r"(?:^|[;:]\s*)([^,;:—–]{2,100}?)\s*,\s*$", text[ss:vs]
                    )
                ):
                    # "Глава … Олега Синегубова, заявил, что …": the subject before a comma.
                    a_s = ss + before_comma.start(1)
                    actor = resolve(before_comma.group(1), a_s, ss + before_comma.end(1))
                trailing = re.match(r"^\s+(?P<a>[^,.;:!?«»\"]{2,100}?)\s*[.!]?\s*$", text[ve:se])
                if trailing and _PREPOSITION_FIRST.match(trailing.group("a")):
                    trailing = None  # "…, заявив про трьох загиблих": what was said, not who
                lead_text = text[ss:vs]
                if stance == "asserts" and trailing and re.search(r",\s*$", lead_text):
                    # "..., заявив мер міста X.": the attribution closes the sentence.
                    comma = ss + lead_text.rstrip().rfind(",")
                    content = text[ss:comma].strip()
                    a_s = ve + trailing.start("a")
                    t_actor = resolve(trailing.group("a"), a_s, ve + trailing.end("a"))
                    if len(content.split()) >= 2:
                        out.append(
                            Fact(
                                "claim",
                                (ss, ss + len(content)),
                                {
                                    "actor": t_actor,
                                    "stance": stance,
                                    "text": content,
                                    "verb": m.group(1).lower(),
                                },
                            )
                        )
                    continue
                content_start = ve
                after_actor = re.match(r"^\s+(" + _NAME + r")\s*,", rest)
                if (actor is None or actor == "") and after_actor:
                    a_s = ve + after_actor.start(1)
                    actor = resolve(after_actor.group(1), a_s, ve + after_actor.end(1))
                    content_start = ve + after_actor.end()
                rest = text[content_start:se]
                lead = re.match(
                    r"^\s*(?:,\s*)?(?:журналістам|журналистам|в|у)?\s*(?:[^,]{0,40},\s*)?"
                    + r"(?:"
                    + L.THAT
                    + r"\s+)",
                    rest,
                )
                cs = content_start + (lead.end() if lead else len(rest) - len(rest.lstrip(" ,")))
                content = text[cs:se].rstrip(" .")
                # "…, что бомбили только «…», но Би-би-си поговорила с …": another subject
                # named after "но" says its own
                other = _OTHER_SUBJECT.search(content)
                if other:
                    content = content[: other.start()]
                if stance != "asserts" and not lead:
                    cs = content_start + len(rest) - len(rest.lstrip(" ,"))
                    content = text[cs:se].rstrip(" .")
                if stance != "asserts" and not content.strip() and actor_phrase_m:
                    # Object before the verb: "Російська влада ці дані відкидає".
                    split = re.search(
                        r"\s(?=(?:ці|цю|цей|це|ці|всі|усі|ці|эти|эту|этот|это|все|свою|свої|свое|"
                        r"своё|свой|їх|их)\s)",
                        actor_phrase_m.group(1),
                    )
                    if split:
                        a_s = ss + actor_phrase_m.start(1)
                        actor = resolve(
                            actor_phrase_m.group(1)[: split.start()], a_s, a_s + split.start()
                        )
                        cs = a_s + split.end()
                        content = text[cs:vs].strip()
                if len(content.split()) < 2 and stance == "asserts":
                    continue
                if not content.strip():
                    continue
                if stance == "asserts" and not lead:
                    continue  # a bare "заявив" frames a quote; without "що" there is no claim
                inside = sum(
                    max(0, min(cs + len(content), b) - max(cs, a)) for a, b in quote_ranges
                )
                if inside >= len(content) * 0.8:
                    continue
                out.append(
                    Fact(
                        "claim",
                        (cs, cs + len(content)),
                        {
                            "actor": actor,
                            "stance": stance,
                            "text": content,
                            "verb": m.group(1).lower(),
                        },
                    )
                )
    return out


# What a counter-claim calls the other side's account: fake, staged, a provocation, lies.
_COUNTER = re.compile(
    r"(?<!\w)(?:фейк\w*|инсцениров\w*|інсценув\w*|інсценіз\w*|інсценіров\w*|постановочн\w*|"
    r"постановк\w*|срежиссирован\w*|провокаци\w*|провокаці\w*|ложь|лжи|ложн\w*|брехн\w*|"
    r"вымысл\w*|вымысел|вигадк\w*|вигадан\w*|дезинформац\w*|дезінформац\w*|фальсификац\w*|"
    r"фальсифікац\w*|подлог\w*|не соответству\w* действительност\w*|"
    r"не відповіда\w* дійсност\w*|отрицаем|заперечуємо|преувелич\w*|перебільш\w*)",
    re.I,
)
# "бомбили только «легитимные военные цели»": the side that struck says it hit no civilians,
# which disputes the account (as "the strike targeted militants" does in English)
_MILITARY_ONLY = re.compile(
    r"(?<!\w)(?:только|лишь|исключительно|лише|тільки|виключно)\s+(?:по\s+)?[«\"]?"
    r"(?:(?:легитимн|законн|легітимн)\w*\s+)?(?:военн|військов)\w*\s+"
    r"(?:цел|ціл|объект|об['’]єкт|инфраструктур|інфраструктур|позици|позиці)\w*",
    re.I,
)
_CALLED = re.compile(
    r"(?P<a>[А-ЯЁІЇЄҐ][^.,;:!?«»\"\n]{1,80}?)\s+(?P<v>назвал\w*|назвав\w*|назвала|назвали|"
    r"называ\w*|називає|називають|називали)\s+(?P<c>[^.;!?\n]{3,200})"
)


def _counter_claims(
    text: str,
    sents: list[tuple[int, int]],
    quotes: list[tuple[QuoteSpan, str | None]],
    claims: list[Fact],
    resolve: Any,
    L: ModuleType,
) -> list[Fact]:
    """Denials said as counter-claims: an assertion whose content calls the account fake,
    staged or a provocation ("В Минобороны заявили, что … являются «провокацией»"), "Путин
    назвал фейком сообщения о …", and a quote that does ("«Это фейки, это инсценировки», —
    заявил Песков")."""
    out: list[Fact] = []
    for c in claims:
        if c.payload["stance"] == "asserts" and _COUNTER.search(text[c.span[0] : c.span[1] + 40]):
            c.payload["stance"] = "denies"
        elif c.payload["stance"] == "asserts" and _MILITARY_ONLY.search(c.payload["text"]):
            c.payload["stance"] = "disputes"
    for ss, se in sents:
        for m in _CALLED.finditer(text, ss, se):
            if not _COUNTER.search(m.group("c")):
                continue
            if any(qs.start <= m.start() < qs.end for qs, _ in quotes):
                continue
            a0 = m.start("a")
            actor = resolve(m.group("a"), a0, m.end("a"))
            c0, c1 = m.span("c")
            content = text[c0:c1].rstrip(" .")
            out.append(
                Fact(
                    "claim",
                    (c0, c0 + len(content)),
                    {"actor": actor, "stance": "denies", "text": content, "verb": m.group("v")},
                )
            )
    for q, speaker in quotes:
        body = text[q.start : q.end]
        if speaker and _COUNTER.search(body) and len(body.split()) >= 3:
            if any(
                f.payload["actor"] == speaker
                and f.payload["stance"] == "denies"
                and f.span[0] - 300 <= q.end
                and q.start <= f.span[1] + 300
                for f in claims + out
            ):
                continue
            out.append(
                Fact(
                    "claim",
                    (q.start, q.end),
                    {"actor": speaker, "stance": "denies", "text": body, "verb": "quote"},
                )
            )
    return out


def _figures(
    text: str,
    sents: list[tuple[int, int]],
    quotes: list[tuple[QuoteSpan, str | None]],
    claims: list[Fact],
    resolve: Any,
    L: ModuleType,
    frames: list[tuple[int, int, str]],
) -> list[Fact]:
    words = "|".join(sorted((re.escape(w) for w in SLAVIC_WORDS), key=len, reverse=True))
    qual = "|".join(sorted(L.QUAL, key=len, reverse=True))
    vague = "|".join(L.VAGUE_WORDS)
    num = (
        r"(?:\d+[.,]\d+\s*(?:тис\.|тыс\.|тисяч[аі]?|тысяч[аи]?|млн\.?)|\d+\s*(?:тис\.|тыс\.|млн\.?)|"
        r"(?:\d{1,3}(?:[  ]\d{3})+|\d+|" + words + r")(?:\s+(?:тисяч[аі]?|тысяч[аи]?))?)"
    )
    quant = re.compile(
        r"(?<![\w.,:])(?:(?:від|от)\s+(?P<lo>" + num + r")\s+до\s+(?P<hi>" + num + r")"
        r"|(?:(?P<qual>" + qual + r")\s+)?(?P<num>" + num + r")"
        # (not a word that goes on after an apostrophe: "сім’я" is a family, not seven)
        r"|(?P<vague>" + vague + r"))(?![\w%]|:\d|['’ʼ]\w)",
        re.I,
    )
    who_re = re.compile(r"^(?:\s+[а-яёіїєґ'’-]+){0,2}?\s+(?P<who>" + L.WHO + r")(?!\w)", re.I)
    cats = [(c, re.compile(r"(?<!\w)(?:" + p + r")", re.I)) for c, p in L.CATEGORIES]
    toll = re.compile(
        L.TOLL + r"[^.;]{0,90}?(?:до|становить|составляет|сягнула|достигло|—|-)\s*$", re.I
    )
    # "кількість поранених дітей зросла до чотирьох", "число погибших возросло до 8306": the
    # count a toll has risen to is a new figure, not "up to"; the counted word gives its kind.
    risen = re.compile(
        r"(?:кількість|число|количество)\s+(?P<w>[а-яёіїєґ'’]+)(?:\s+[а-яёіїєґ'’]+)?[^.;]{0,90}?"
        r"(?:зросл\w*|зріс|вирос\w*|збільши\w*|сягну\w*|возросл\w*|вырос\w*|увеличи\w*|"
        # "Число задержанных сейчас — около 30"
        r"достиг\w*|дорівнює|составил\w*|становит\w*|[—–])\s+(?:до\s+)?$",
        re.I,
    )
    rose_to = re.compile(
        r"(?:зросл\w*|зріс|вирос\w*|збільши\w*|возросл\w*|вырос\w*|увеличи\w*)\s+$", re.I
    )
    out: list[Fact] = []
    for ss, se in sents:
        sent = text[ss:se]
        sent_figs: list[Fact] = []
        tens_end = 0
        for m in quant.finditer(sent):
            q = _quantity(m)
            if q is None or m.start() < tens_end:
                continue
            if (
                m.group("vague")
                and m.group("vague").lower() in ("сотні", "сотни")
                and _ONE_HUNDRED_BEFORE.search(sent[max(0, m.start() - 12) : m.start()])
            ):
                # "серед сотні поранених", "около сотни": the genitive of "сотня", a hundred
                q = Quantity(100, None, None, "approximately")
            half = _HALF_BEFORE.search(sent[max(0, m.start() - 20) : m.start()])
            if half and m.group("vague") and m.group("vague").lower() in ("сотні", "сотни"):
                # "понад пів сотні": half a hundred, fifty
                word = (half.group("q") or "").lower()
                q = (
                    Quantity(50, 51, None, "more than")
                    if word in ("понад", "більше", "более", "свыше")
                    else Quantity(50, None, 50, "nearly")
                    if word in ("майже", "почти")
                    else Quantity(50, 50, 50, "exact")
                )
            tail = sent[m.end() :]
            tens = _TENS.match(tail) if m.group("num") and q.count is not None else None
            if tens and q.count is not None and q.count < 10:
                # "понад два десятки": twenty, the word of tens read as part of the count
                lo = q.min * 10 if q.min is not None else None
                hi = q.max * 10 if q.max is not None else None
                q = Quantity(q.count * 10, lo, hi, q.qualifier)
                tail = " " * tens.end() + tail[tens.end() :]
                tens_end = m.end() + tens.end()
            if re.match(
                r"^\s*(?:%|відсот|процент|км|кілометр|километр|метр|мм(?!\w)|міліметр|миллиметр|"
                r"калібр|калибр|років|року|рок|лет|года|"
                r"год|днів|дня|дней|годин|часов|ракет|дрон|шахед|будин|дом|квартир|грн|"
                r"гривень|рубл|доларів|долларов|тонн|лютого|березня|квітня|травня|червня|"
                r"липня|серпня|вересня|жовтня|листопада|грудня|січня|января|февраля|марта|"
                r"апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря)",
                tail,
                re.I,
            ):
                continue
            if _is_year(sent, m, tail, cats):
                continue
            if _THINGS_AFTER.match(tail):
                continue  # "пострадало 4 жилых многоэтажных дома": buildings, not people
            if _ADDRESS_BEFORE.search(sent[max(0, m.start() - 20) : m.start()]):
                continue  # "у дома 12", "будинок № 5": an address, not a count
            # Ages ("84-летний житель", "43-річна жінка") and bodies identified are not tolls.
            if re.match(r"^\s*-\s*(?:річн|рiчн|літн|летн|тиріч|тилетн)", tail, re.I):
                continue
            if re.search(
                r"(?:ідентифікува\w*|идентифицирова\w*|опізна\w*|опозна\w*|"
                r"(?:установ\w*|встанов\w*)\s+(?:личност\w*|особ[иу]\w*))"
                r"\s+(?:вже\s+|уже\s+|ещё\s+|еще\s+|ще\s+)?$",
                sent[max(0, m.start() - 40) : m.start()],
                re.I,
            ):
                continue
            # "Серед жертв – 50 дітей": a part of a toll given elsewhere, kept (the project's
            # own set counts it) but said to be one
            sub = bool(_SUBCOUNT.search(sent[: m.start()])) and not _own_clause(tail, cats, L)
            rm = risen.search(sent[: m.start()]) if m.group("num") else None
            if q.qualifier == "up to" and (
                rm or (m.group("qual") and rose_to.search(sent[: m.start("qual")]))
            ):
                q = Quantity(q.count, q.count, q.count, "exact")
            wm = who_re.match(tail)
            # a counted noun the list lacks, found by the dictionary: "Четыре мирных жителя"
            anim = None if wm else _animate_after(tail, L)
            t = toll.search(sent[: m.start()])
            direct = None
            if not wm:
                # "ще 12 поранені", "5 погибли": the category word stands in for the noun.
                # ... or the noun is left out: "ще 50 отримали поранення", "50 получили ранения".
                # "Ще один, 47 років, отримав поранення": the age aside is not the gap
                age = _AGE_ASIDE.match(tail)
                bare = " " * age.end() + tail[age.end() :] if age else tail
                # "ще троє, на жаль, загинули": the aside between is not the gap either
                aside = _SORROW_ASIDE.match(bare)
                bare = " " * aside.end() + bare[aside.end() :] if aside else bare
                # "еще трое (включая преступника) получили ранения": nor one in brackets
                bracket = _BRACKET_ASIDE.match(bare)
                bare = " " * bracket.end() + bare[bracket.end() :] if bracket else bare
                for dm in re.finditer(r"[а-яёіїєґ'’-]+", bare[:60]):
                    gap = bare[: dm.start()].strip(" –—-").split()
                    # "3 млн суданців стали біженцями": a noun and a linking verb between.
                    if (
                        dm.start() > 0
                        and len(gap) >= 2
                        and not (len(gap) == 2 and _LINKING.fullmatch(gap[1]))
                        # "отримав осколкові поранення": the verb, then adjectives of the noun
                        and not (len(gap) <= 3 and all(_is_adjective(w, L) for w in gap[1:]))
                    ):
                        break
                    direct = next((c for c, p in cats if p.fullmatch(dm.group(0))), None)
                    if direct:
                        break
            if not wm and not direct:
                direct = _word_before_category(sent, m.start(), cats) or _lives_taken(
                    sent, m.start(), tail, cats
                )
            # "… заявив, що загинули 300 осіб, а представник міністерства – що 500": the second
            # speaker's count of the same toll, the verb left out.
            ell = None
            if not wm and not direct and sent_figs and re.fullmatch(r"\s*[.;]?\s*", tail[:3]):
                ell = _ELLIPSIS.search(sent[: m.start()])
            if ell:
                direct = sent_figs[-1].payload["category"]
            if not wm and not anim and not t and not direct and not rm:
                continue

            who = wm.group("who").lower() if wm else anim[1] if anim else "people"
            end = m.end() + (wm.end() if wm else anim[0] if anim else 0)
            # "57 гражданских, в том числе 22 женщины, 17 детей …, погибли": the verb after a
            # long aside with its own counts is the toll's; the aside is blanked for it.
            aside_end = _aside_end(sent, end, cats)
            if aside_end is None and (age := _AGE_ASIDE.match(sent, end)):
                aside_end = age.end()
            if aside_end is None and (bracket := _BRACKET_ASIDE.match(sent, end)):
                aside_end = bracket.end()  # "Трое (включая преступника) получили ранения"
            if aside_end is None and (dash := _DASH_ASIDE.match(sent, end)):
                # "Двое жителей – мужчина 45 лет и девушка 21 года – получили ранения"
                aside_end = dash.end()
            cat_sent = sent
            if aside_end:
                cat_sent = sent[:end] + " " * (aside_end - end) + sent[aside_end:]
            nxt = quant.search(cat_sent, end)
            limit = nxt.start() if nxt else len(sent)
            risen_cat = None
            if rm:
                risen_cat = next((c for c, p in cats if p.fullmatch(rm.group("w"))), None)
            category = (risen_cat or ("killed" if t else None) or direct) or _cat_near(
                cat_sent[:limit], m.start(), end, who, cats
            )
            if category is None:
                continue
            if category == "detained" and _RELEASED.search(sent):
                continue  # "з полону повернулися 95 захисників": freed, not detained
            sent_figs.append(
                Fact(
                    "figure",
                    (ss + m.start(), ss + end),
                    {
                        "category": category,
                        "count": q.count,
                        "min": q.min,
                        "max": q.max,
                        "qualifier": q.qualifier,
                        "who": who,
                        "source": None,
                        "note": None,
                        "text": sent[m.start() : end],
                        "in_quote": False,
                        "_sub": sub,
                    },
                )
            )
            if ell:
                y = "y" if ell.group("y") else "y2"
                y0 = ss + ell.start(y)
                said = resolve(ell.group(y), y0, ss + ell.end(y))
                sent_figs[-1].payload["_said_by"] = said
        sent_figs += _lone_victims(sent, ss, sent_figs, cats, L)
        sent_figs += _ordinal_victim(sent, ss, sent_figs)
        sent_figs += _one_of_them_died(sent, ss, sent_figs)
        sent_figs += _the_other_one(sent, ss, sent_figs)
        sent_figs += _turned_out_victim(sent, ss, sent_figs)
        for pat, note in L.NOTES:
            nm = re.search(pat, sent, re.I)
            if nm and sent_figs:
                sent_figs[0].payload["note"] = note
        for f in sent_figs:
            if f.payload.pop("_sub"):
                f.payload["note"] = "sub-count"
        _parts_after_colon(sent, ss, sent_figs)
        src_m = re.search(
            r"(?:" + L.SOURCE + r")\s+"
            # "Как сообщает в субботу, 1 июня, Sky News": when, then who
            r"(?:(?:в|во|у)\s+" + _WEEKDAY + r"(?:,\s*\d{1,2}\s+[а-яёіїєґ]+)?,\s*)?"
            r"(?P<s>[^,.;:—]{2,100})",
            sent,
            re.I,
        )
        if src_m and _PREPOSITION_FIRST.match(src_m.group("s")):
            src_m = None  # "За останніми даними внаслідок удару …": no one named
        for f in sent_figs:
            said_by = f.payload.pop("_said_by", None)
            f.payload["source"] = said_by or _fig_source(f, quotes, claims, src_m, ss, resolve, L)
            f.payload["in_quote"] = any(q.start <= f.span[0] < q.end for q, _ in quotes)
            if f.payload["in_quote"] and f.payload["source"] is None:
                f.payload["source"] = _frame_inside_quote(text, quotes, f, resolve, L)
        out.extend(sent_figs)
    # "Тоді повідомлялось про дев'ять загиблих": said by no one named, so no one's frame
    # around it gives it a source
    named = [f for f in out if f.payload["source"] or not _impersonal(text, sents, f.span[0])]
    _sources_from_frames(text, sents, named, resolve, L, frames)
    _continue_sources(text, named, resolve, L)
    fill_sources(text, sents, named, resolve, L, lambda p: nominative_phrase(p, L))
    _name_generic_sources(text, named, L, frames)
    _subsets(text, out, cats, L)
    _enumerations(text, out)
    return out


_IMPERSONAL = re.compile(
    r"(?<!\w)(?i:повідомлялось|повідомлялося|сообщалось|сообщалося|говорилось|говорилося|"
    r"йшлося|ішлося|шла речь|писалось|писалося)(?!\w)"
)


_CHANNEL_WORD = re.compile(
    r"(?i:twitter|твіттер\w*|твиттер\w*|telegram\w*|телеграм\w*|тг-канал\w*|facebook\w*|"
    r"фейсбук\w*|instagram\w*|соцмереж\w*|соцсет\w*|своєму|своему|своем|своїй|своей|"
    r"офіційному|официальном)(?!\w)"
)


def _impersonal(text: str, sents: list[tuple[int, int]], pos: int) -> bool:
    """Whether the sentence at `pos` reports with an impersonal verb ("повідомлялось")."""
    s, e = next(((a, b) for a, b in sents if a <= pos < b), (pos, pos))
    return bool(_IMPERSONAL.search(text, s, e))


# Coming back from captivity (a release or an exchange), in Ukrainian and Russian.
_RELEASED = re.compile(
    r"(?<!\w)(?:повернул\w*|повернен\w*|вернул\w*|возвращен\w*|звільн\w*|освобо\w*|"
    r"обмін\w*|обмен\w*)(?!\w)",
    re.I,
)


def _parts_after_colon(sent: str, ss: int, figs: list[Fact]) -> None:
    """A toll then a colon, and counts after it in the same sentence: its parts ("про чотирьох
    постраждалих: одного з них оперують …, двоє отримали легкі травми …, а ще одна людина …")."""
    for k, f in enumerate(figs):
        total = f.payload["count"]
        if total is None or not re.match(r"\s*:", sent[f.span[1] - ss :]):
            continue
        for g in figs[k + 1 :]:
            if g.payload["count"] is not None and g.payload["count"] <= total:
                g.payload["note"] = "sub-count"
        return


def _enumerations(text: str, figs: list[Fact]) -> None:
    """Counts listed one after another ("восемь детей, семь женщин и трое мужчин") that add up
    to no more than a toll of their kind given before them are its breakdown, not new tolls."""
    k = 0
    while k < len(figs):
        run = [figs[k]]
        while k + len(run) < len(figs):
            nxt = figs[k + len(run)]
            gap = text[run[-1].span[1] : nxt.span[0]]
            if nxt.payload["category"] != run[0].payload["category"] or not re.fullmatch(
                r"\s*(?:,|,?\s+(?:и|і|й|та|а также|а також))\s*", gap
            ):
                break
            run.append(nxt)
        k += len(run)
        counts = [f.payload["count"] for f in run]
        if (
            len(run) < 2
            or None in counts
            or any(f.payload["note"] not in (None, "sub-count") for f in run)
        ):
            continue
        total = sum(counts)
        cat = run[0].payload["category"]
        if any(
            g.payload["category"] == cat and (g.payload["count"] or 0) >= total
            for g in figs
            if g.span[0] < run[0].span[0]
        ):
            for f in run:
                f.payload["note"] = "sub-count"


_SORROW_ASIDE = re.compile(
    r"^\s*,\s*(?i:на жаль|нажаль|к сожалению|к несчастью|по предварительным данным|"
    r"за попередніми даними|предположительно|ймовірно|імовірно|вероятно)\s*,"
)


def _animate_after(tail: str, L: ModuleType) -> tuple[int, str] | None:
    """(end, word) of an animate noun counted right after a number, with at most two
    adjectives before it ("четыре мирных жителя", "п'ятеро місцевих мешканців"): people the
    ``WHO`` list does not name, by the dictionary's "animate" rather than by a list."""
    pos = 0
    for k, w in enumerate(re.finditer(r"\s+([а-яёіїєґ'’ʼ-]+)", tail[:60])):
        if k > 2 or w.start() != pos:  # words one after another, nothing between
            return None
        pos = w.end()
        p = L.morph().parse(w.group(1).lower())[0]
        if p.tag.POS == "NOUN":
            # (the plural's reading too when the first is a singular's locative or dative:
            # "жителі", "мешканці")
            readings = [
                set(str(r.tag).replace(" ", ",").split(","))
                for r in L.morph().parse(w.group(1).lower())[:3]
                if r.tag.POS == "NOUN"
            ]
            if readings and ("plur" in readings[0] or not {"loct", "datv"} & readings[0]):
                readings = readings[:1]
            # (an animate plural's accusative is its genitive: "двое прохожих")
            if any(
                "anim" in g and ({"gent", "nomn"} & g or {"accs", "plur"} <= g) and "Name" not in g
                for g in readings
            ):
                return w.end(), w.group(1).lower()
            return None
        if p.tag.POS not in ("ADJF", "PRTF"):
            return None
    return None


def _subsets(
    text: str, figs: list[Fact], cats: list[tuple[str, re.Pattern[str]]], L: ModuleType
) -> None:
    """A smaller count of a group already counted is a part of it: its noun is the group's own
    word ("дев'ять постраждалих перебувають у лікарні" after "10 осіб отримали поранення",
    "трое пострадавших были доставлены в больницу" after "ранены восемь"), or it follows the
    toll's colon as a breakdown ("5 жителів Донеччини: 3 в Торецьку та 2 у Бахмуті")."""
    for k, f in enumerate(figs):
        count, cat = f.payload["count"], f.payload["category"]
        if count is None or f.payload["note"]:
            continue
        larger = [
            g
            for g in figs[:k]
            if g.payload["category"] == cat and (g.payload["count"] or 0) > count
        ]
        if not larger:
            continue
        # the word counted: right after the count ("дев'ять постраждалих", "трое раненых")
        noun = re.match(
            r"\s*(?:по меньшей мере|щонайменше|не менее|еще|ещё|ще)?\s*\S+\s+([а-яёіїєґ'’ʼ-]+)",
            text[f.span[0] : f.span[0] + 60],
        )
        own_word = (
            noun is not None
            and any(c == cat and p.fullmatch(noun.group(1)) for c, p in cats)
            # the group's word, not a verb saying it happened ("131 пострадал")
            and L.morph().parse(noun.group(1).lower())[0].tag.POS != "VERB"
        )
        sent_start = max(text.rfind(c, 0, f.span[0]) for c in (". ", "\n", "! ", "? ")) + 1
        lead = text[sent_start : f.span[0]]
        if re.search(r"(?<!\w)(?:ще|еще|ещё|також|также)\s+$", lead, re.I) or re.match(
            r"\s*(?:Раніше|Ранее|Напомним|Нагадаємо|Як повідомлялося|Как сообщалось)\b", lead
        ):
            continue  # another one ("Ще двох постраждалих"), or an earlier count recalled
        g = larger[-1]
        between = text[g.span[1] : f.span[0]]
        breakdown = (
            re.fullmatch(r"[^.;:!?\n]{0,60}:\s*(?:\S+\s+){0,3}", between)
            or (re.search(r":[^.;!?\n]*$", between) and "\n" not in between and len(between) < 120)
            or (
                # "Госпіталізували 5 осіб – двоє дорослих і троє дітей": who they were, after a dash
                re.fullmatch(r"\s*\S{0,12}\s*[–—]\s+[^.;!?\n]{0,60}", between)
                and "\n" not in between
            )
        )
        # "Два человека погибли при атаках … ¶ … Одна женщина скончалась на месте": one of
        # them, told of next, unless another ("ще одна", "в іншому селі")
        one_of = (
            count == 1
            and len(between) <= 400
            and not re.search(r"(?<!\w)(?:інш|друг)\w*", lead, re.I)
            # "8 дітей і охоронець": one more, joined to them
            and not re.fullmatch(r"\s+(?:і|й|та|и)\s+(?:\S+\s+)?", between)
        )
        # "пострадали 68 человек … 40 человек сейчас находятся в больницах": the wounded
        # still in hospital, taken there, are some of the wounded
        in_hospital = (
            cat == "injured"
            and (
                _IN_HOSPITAL.match(text[f.span[0] : f.span[0] + 120])
                # "До лікарні госпіталізували шестеро людей": the verb before the count
                or _TAKEN_TO_HOSPITAL.search(text[max(0, f.span[0] - 60) : f.span[0]])
            )
        )
        if own_word or breakdown or one_of or in_hospital:
            f.payload["note"] = "sub-count"


_IN_HOSPITAL = re.compile(
    r"[^.;!?\n]{0,60}?(?:(?:перебува\w*|наход\w*|госпитализирован\w*|госпіталізован\w*)\s+"
    r"(?:\w+\s+)?(?:у|в|до)\s+(?:\w+\s+)?(?:лікарн|больниц|шпитал|госпитал|медзаклад|"
    r"медучрежден)|(?:доставлен\w*|доставил\w*|доставили)\s+(?:у|в|до)\s)",
    re.I,
)


_TAKEN_TO_HOSPITAL = re.compile(
    r"(?:госпіталізува\w*|госпитализирова[лв]\w*|доставили\s+(?:у|в|до)\s+\w+)\s*$", re.I
)


def _continue_sources(text: str, figs: list[Fact], resolve: Any, L: ModuleType) -> None:
    """A figure its sentence gives no source for goes on the paragraph's account: the source
    of the figure before it in the same paragraph ("По данным агентства SANA, погибли 12
    человек. Еще двое получили ранения."), else the subject of a reporting verb opening the
    paragraph with what was said ("Голова Одеської ОВА зазначив, що … Від розриву загинула
    жінка. Ще 10 осіб отримали поранення.")."""
    for k, f in enumerate(figs):
        if f.payload["source"] or f.payload["in_quote"]:
            continue
        para = _para_of(text, f.span[0])[0]
        before = [
            g for g in figs[:k] if g.payload["source"] and _para_of(text, g.span[0])[0] == para
        ]
        if before:
            f.payload["source"] = before[-1].payload["source"]
            continue
        opening = re.match(
            # with an apposition between: "Ольга Мельник, речниця ДСНС, пояснила, що"
            r"(?P<s>[А-ЯЁІЇЄҐ][^,.;:!?«»\"\n]{1,80}?)(?:,[^,.;:!?«»\"\n]{2,60},)?\s+(?:"
            + L.REPORT_VERBS
            + r")(?!\w)"
            r"[^.!?\n]{0,40}?,?\s+(?:що|что)\s",
            text[para : f.span[0]],
        )
        if opening:
            s0 = para + opening.start("s")
            f.payload["source"] = resolve(opening.group("s"), s0, para + opening.end("s"))


_TOKEN = re.compile(r"[^\W\d_][\w'’ʼ-]*|\d+(?:-[^\W\d_]+)?")
# Ages listed after the people they are of: "чоловіки 49 і 56 років", "женщины 30, 41 и 62 лет".
_AGES = re.compile(
    # (from a word's start only: a run of letters without a space is not tried at each letter)
    r"(?<![^\W\d_])(?P<who>[^\W\d_]+)\s+(?P<ages>\d{1,3}(?:\s*(?:,|і|й|та|и)\s*\d{1,3})+)\s+"
    r"(?:років|року|лет|года)(?!\w)",
    re.I,
)


# "розповів про п'яту загиблу людину", "стало известно о пятом погибшем": the Nth dead makes
# a toll of N.
_ORDINAL_STEMS = {
    "друг": 2, "втор": 2, "трет": 3, "четверт": 4, "четвёрт": 4, "п'ят": 5, "п’ят": 5,
    "пʼят": 5, "пят": 5, "шост": 6, "шест": 6, "сьом": 7, "седьм": 7, "восьм": 8,
    "дев'ят": 9, "дев’ят": 9, "девят": 9, "десят": 10,
}  # fmt: skip
_ORDINAL_DEAD = re.compile(
    r"(?<![\w'’ʼ])(?P<o>" + "|".join(_ORDINAL_STEMS) + r")(?:ий|ій|ый|ой|а|я|у|ю|ого|ому|ом|ем|"
    r"ої|ей|ую|юю|ья|ье|ью|ього|ьего|ая|ое|ее)\s+(?:(?:загибл|погибш|вбит|убит)\w*|жертв\w*)"
    r"(?:\s+(?:людин\w*|человек\w*|особ\w*))?",
    re.I,
)


# "Один из них погиб", "Одна з них померла": one of those counted before died
_ONE_OF_THEM_DIED = re.compile(
    r"(?<!\w)(?i:один|одна|одного|одну)\s+(?i:из|з|із)\s+(?i:них|пострадавших|раненых|"
    r"поранених|постраждалих|госпитализированных|госпіталізованих)\s+(?i:позже\s+|пізніше\s+|"
    r"впоследствии\s+|згодом\s+)?(?P<v>(?i:погиб|погибла|скончал\w*|умер|умерла|загинув|"
    r"загинула|помер|померла))(?!\w)"
)


def _one_of_them_died(sent: str, ss: int, have: list[Fact]) -> list[Fact]:
    """One of those counted before died ("пострадали 9 человек. Один из них погиб"): a toll of
    one dead, when the sentence gives none."""
    if any(f.payload["category"] == "killed" for f in have):
        return []
    m = _ONE_OF_THEM_DIED.search(sent)
    return [_lone_fact(sent, ss, m.start(), m.end(), "killed", 1)] if m else []


# "один из сотрудников погиб, а другой получил ранения": the other one of two
_THE_OTHER = re.compile(
    r"(?<!\w)(?:а|и|і|й|та)?\s*(?i:другой|другая|второй|вторая|інший|інша|другий|друга)\s+"
    # ("второй — госпитализирован")
    r"(?:[—–-]\s+)?(?:[а-яёіїєґ'’]+\s+)?(?P<v>(?i:получил|получила|отримав|отримала|зазнав|зазнала)\s+"
    r"(?i:ранени[ея]|ранение|поранення|поранень|травм\w*)|(?i:ранен|ранена|поранений|поранена|"
    r"пострадал|пострадала|постраждав|постраждала|погиб|погибла|загинув|загинула|умер|помер|"
    # "один погиб, другой был доставлен в больницу"
    r"госпитализирован|госпитализирована|госпіталізований|госпіталізована|"
    r"доставлен[аи]? (?:в|до) (?:больниц|госпитал|лікарн)\w*))"
    r"(?!\w)"
)


def _the_other_one(sent: str, ss: int, have: list[Fact]) -> list[Fact]:
    """One of two counted as killed (or hurt), "the other" as hurt (or killed): a toll of one of
    the other kind, when the sentence gives none."""
    m = _THE_OTHER.search(sent)
    if m is None or not any(f.payload["count"] == 1 for f in have):
        return []
    cat = "killed" if re.match(r"(?i:погиб|загину|умер|помер)", m.group("v")) else "injured"
    if any(f.payload["category"] == cat for f in have):
        return []
    return [_lone_fact(sent, ss, m.start("v"), m.end("v"), cat, 1)]


# "Погибшим при взрыве оказался командир бригады", "Жертвой нападения стала женщина",
# "Загиблим виявився чоловік": one person, named as what befell them
_TURNED_OUT = re.compile(
    r"(?:^|[.!?]\s+|,\s+)(?P<w>(?i:погибш|пострадавш|ранен|убит|задержанн|загибл|постраждал|"
    r"поранен|вбит|затриман)\w*|(?i:жертвой|жертвою))\s+(?:[^\s.,;:!?]+\s+){0,4}?"
    r"(?P<v>(?i:оказал(?:ся|ась)|стал|стала|виявився|виявилася|виявилась|став))\s+"
    # (a count after it is the toll's own: "Погибшими оказались 3 человека"; an age is not)
    r"(?!\d+\s|(?i:двое|трое|два|две|три|четыре|пять|двоє|троє)\b)[\wа-яёіїєґ]"
)


def _turned_out_victim(sent: str, ss: int, have: list[Fact]) -> list[Fact]:
    """One person, as what befell them, when the sentence gives no toll of that kind."""
    m = _TURNED_OUT.search(sent)
    if m is None:
        return []
    w = m.group("w").lower()
    cat = (
        "killed"
        if w.startswith(("погиб", "убит", "загибл", "вбит", "жертв"))
        else "detained"
        if w.startswith(("задерж", "затрим"))
        else "injured"
    )
    if any(f.payload["category"] == cat for f in have):
        return []
    return [_lone_fact(sent, ss, m.start("w"), m.end("v"), cat, 1)]


def _ordinal_victim(sent: str, ss: int, have: list[Fact]) -> list[Fact]:
    """The Nth dead ("п'яту загиблу людину") as a toll of N, when the sentence gives none."""
    if any(f.payload["category"] == "killed" for f in have):
        return []
    m = _ORDINAL_DEAD.search(sent)
    if not m:
        return []
    n = _ORDINAL_STEMS[m.group("o").lower()]
    fact = _lone_fact(sent, ss, m.start(), m.end(), "killed", n)
    fact.payload.update(min=n, max=None, qualifier="at least")
    return [fact]


def _lone_victims(
    sent: str, ss: int, have: list[Fact], cats: list[tuple[str, re.Pattern[str]]], L: ModuleType
) -> list[Fact]:
    """Tolls given without a count: one person named by a noun in the nominative singular next
    to a word of death or injury that agrees with one ("загинув 57-річний чоловік", "жінка
    отримала поранення", "погибла пенсионерка") is 1; people listed by their ages ("чоловіки 49
    і 56 років, які зазнали поранень") are as many as the ages. Only for a kind the sentence
    gives no count of."""
    taken = {f.payload["category"] for f in have}
    out: list[Fact] = []
    am = _AGES.search(sent)
    if am and _is_person(am.group("who"), L, plural=True):
        cat = next((c for c, p in cats if p.search(sent)), None)
        if cat in ("killed", "injured") and cat not in taken:
            n = len(re.findall(r"\d+", am.group("ages")))
            out.append(_lone_fact(sent, ss, am.start(), am.end(), cat, n))
            taken.add(cat)
    for em in _EXISTS_ONE.finditer(sent):
        # "Є поранений", "уже известно о погибшем": one, by the participle's singular
        cat = next((c for c, p in cats if p.fullmatch(em.group("w"))), None)
        tags = [str(p.tag) for p in L.morph().parse(em.group("w").lower())[:2]]
        one = tags and all("plur" not in t for t in tags)
        if cat in ("killed", "injured") and cat not in taken and one:
            out.append(_lone_fact(sent, ss, em.start("w"), em.end("w"), cat, 1))
            taken.add(cat)
    for f in list(have):
        # "Восьмеро дітей і охоронець загинули": one more, named after the counted ones
        if f.payload["category"] not in ("killed", "injured") or f.payload["count"] is None:
            continue
        jm = _AND_ONE_MORE.match(sent, f.span[1] - ss)
        if jm and _is_one_person(jm.group("p"), L) and not _is_plural_noun(jm.group("p"), L):
            out.append(_lone_fact(sent, ss, jm.start("p"), jm.end("p"), f.payload["category"], 1))
    for nm in _NAMED_HARMED.finditer(sent):
        # "Американец Ронни Смит (Ronnie Smith) из Техаса был застрелен": one, by name
        cat = next((c for c, p in cats if p.fullmatch(nm.group("w"))), None)
        name = nm.group("name").split()
        parsed = L.morph().parse(name[-1].lower())[0]
        named = (
            len(name) >= 2 or not parsed.is_known or {"Name", "Surn"} & set(parsed.tag.grammemes)
        )
        if cat in ("killed", "injured", "detained") and cat not in taken and named:
            out.append(_lone_fact(sent, ss, nm.start("name"), nm.end("w"), cat, 1))
            taken.add(cat)
    hm = _HELPED_ONE.search(sent)
    if hm and "injured" not in taken:
        # "надають медичну допомогу пораненій 63-річній жительці": one wounded, being helped
        out.append(_lone_fact(sent, ss, hm.start("w"), hm.end(), "injured", 1))
        taken.add("injured")
    toks = list(_TOKEN.finditer(sent))
    killed = [p for c, p in cats if c == "killed"]
    died = any(p.fullmatch(t.group(0)) for t in toks for p in killed)
    for k, tm in enumerate(toks):
        cat = next((c for c, p in cats if p.fullmatch(tm.group(0))), None)
        if cat not in ("killed", "injured", "detained") or cat in taken:
            continue
        victim = _participle_victim(
            toks, k, L, attribute_of_dead=cat == "injured" and died
        ) or _object_before(toks, k, L)
        if victim is not None:
            lo, hi = min(victim.start(), tm.start()), max(victim.end(), tm.end())
            out.append(_lone_fact(sent, ss, lo, hi, cat, 1))
            taken.add(cat)
            continue
        listed = _people_listed_after(toks, k, L)
        if listed:
            out.append(_lone_fact(sent, ss, tm.start(), listed[-1].end(), cat, len(listed)))
            taken.add(cat)
            continue
        listed = _people_listed_before(toks, k, L)
        if listed:
            out.append(_lone_fact(sent, ss, listed[0].start(), tm.end(), cat, len(listed)))
            taken.add(cat)
            continue
        if not _agrees_with_one(toks, k, L):
            continue
        # a noun of injury is what a person got ("отримав поранення"); a noun of death is what
        # someone condemned or reported ("осудил убийство"): only the first stands for one
        v = _predicate(toks, k, L) if cat == "injured" else k
        noun = str(L.morph().parse(tm.group(0).lower())[0].tag).startswith("NOUN")
        if v == k and noun and tm.group(0).lower() not in _DIED_ONE:
            continue
        person = _person_next_to(toks, v, L)
        if person is None or any(p.fullmatch(person.group(0)) for _, p in cats):
            continue  # "померла поранена": the dead woman is a word of death, not a person
        lo, hi = min(person.start(), tm.start()), max(person.end(), tm.end())
        out.append(_lone_fact(sent, ss, lo, hi, cat, 1))
        taken.add(cat)
    return out


# One person by name (capitalised words, a Latin spelling in brackets, where from), then "was
# killed/shot/wounded/held": "Ронни Смит (Ronnie Smith) из Техаса был застрелен", "Ли Ригби был
# убит", "Іван Коваль був поранений".
_NAMED_HARMED = re.compile(
    r"(?<![\w-])(?P<name>(?:[А-ЯЁІЇЄҐ][а-яёіїєґ'’-]+\s+){0,2}[А-ЯЁІЇЄҐ][а-яёіїєґ'’-]+)"
    r"(?:\s+\([A-Z][^()]{1,40}\))?(?:\s+(?:из|з|із)\s+[А-ЯЁІЇЄҐ][а-яёіїєґ'’-]+)?\s+"
    r"(?:был|была|був|була)\s+(?:(?i:позже|впоследствии|також|также|смертельно|тяжело)\s+)?"
    r"(?P<w>(?:убит|застрелен|зарезан|ранен|задержан|арестован|вбит|поранен|затриман|"
    r"заарештован)(?:а|ий|ая)?)(?!\w)"
)
# There is one dead or wounded, said with a participle standing for the person: "Є поранений",
# "есть погибший", "уже известно о погибшем", "відомо про загиблого".
_EXISTS_ONE = re.compile(
    r"(?<!\w)(?i:є|есть|имеется|відомо про|известно о|известно об|маємо|имеем)\s+"
    r"(?P<w>(?i:загибл|погибш|поранен|ранен|постраждал|пострадавш)[а-яёіїєґ]*)(?!\w)"
)
# Help given to one wounded person, in the dative singular: "допомогу пораненій жительці",
# "помощь раненому мужчине".
_HELPED_ONE = re.compile(
    r"(?<!\w)(?i:допомог[аиуою]|помощь|помощи)\s+(?:[а-яёіїєґ'’-]+\s+){0,2}?"
    r"(?P<w>(?i:поранен(?:ій|ому)|ранен(?:ой|ому)))\s+(?:[\w'’-]+\s+){0,3}?"
    r"(?i:жительці|жінці|чоловіку|чоловікові|людині|дитині|хлопцю|дівчині|пенсіонерці|"
    r"пенсіонеру|жительнице|женщине|мужчине|человеку|ребенку|ребёнку|пенсионерке|пенсионеру|"
    r"мешканці|мешканцю|жителю|жителеві)(?!\w)"
)
_AND = frozenset({"и", "і", "й", "та"})
_AND_ONE_MORE = re.compile(
    r"\s+(?:і|й|та|и)\s+(?:[а-яёіїєґ'’-]+(?:ий|ій|ая|яя|а|я|ый|ой)\s+)?"
    r"(?P<p>[а-яёіїєґ'’ʼ-]{3,})(?=[\s,.;:!?])"
)


def _is_plural_noun(word: str, L: ModuleType) -> bool:
    return "plur" in str(L.morph().parse(word.lower())[0].tag)


def _people_listed_after(toks: list[re.Match[str]], k: int, L: ModuleType) -> list[re.Match[str]]:
    """The persons a verb of death or injury names one by one after it: "погибли
    52-летний местный житель и его 13-летний сын" (2), "поранили людину" (1, the object of
    what the attackers did). Each is a noun for one person (nominative or accusative), with
    only ages, adjectives or a possessive before it and "и"/"і"/"та" between."""
    if L.morph().parse(toks[k].group(0).lower())[0].tag.POS not in ("VERB", "PRTS"):
        # ("ранены мужчина и женщина": a short participle is the verb too)
        # "ранения получили оператор … и участковый": the noun of injury, then its verb
        nxt = L.morph().parse(toks[k + 1].group(0).lower())[0].tag if k + 1 < len(toks) else None
        if nxt is None or nxt.POS != "VERB" or "plur" not in str(nxt):
            return []
        k += 1
    people: list[re.Match[str]] = []
    joined = True  # a person may come next: at the start, or after "и"
    for j in range(k + 1, min(len(toks), k + 12)):
        if re.search(r"[^\w\s'’ʼ-]", toks[j].string[toks[j - 1].end() : toks[j].start()]):
            break  # "погибли, губернатор сообщил": a comma ends what the verb says
        word = toks[j].group(0)
        low = word.lower()
        if joined and _is_one_person(word, L):
            people.append(toks[j])
            joined = False
        elif people and not joined and low in _AND:
            joined = True
        elif people and not joined and _is_genitive(word, L) and not _is_one_person(word, L):
            continue  # "оператор вёрстки газеты и участковый": whose operator
        elif not (joined and (_is_modifier(word, L) or low in _POSSESSIVE)):
            break
    return people


_POSSESSIVE = frozenset({"его", "ее", "её", "их", "його", "її", "їх", "їхній", "їхня"})
_AUXILIARY = frozenset({"были", "оказались", "були", "виявилися", "стали", "также", "також"})


def _people_listed_before(toks: list[re.Match[str]], k: int, L: ModuleType) -> list[re.Match[str]]:
    """Two or more persons named one by one before a plural word of death or injury: "отец и
    сын были ранены" (2), "мужчина и женщина погибли" (2)."""
    j = k - 1
    while j >= 0 and toks[j].group(0).lower() in _AUXILIARY:
        j -= 1
    verb = toks[j + 1].group(0).lower()
    if "plur" not in str(L.morph().parse(verb)[0].tag):
        return []
    people: list[re.Match[str]] = []
    joined = True  # a person may come next (going back): at the start, or before "и"
    while j >= 0 and k - j < 14:
        if re.search(r"[^\w\s'’ʼ-]", toks[j].string[toks[j].end() : toks[j + 1].start()]):
            break  # "…, а отец и сын были ранены": a comma ends the list
        word = toks[j].group(0)
        if joined and _is_one_person(word, L) and not _is_plural_noun(word, L):
            people.insert(0, toks[j])
            joined = False
        elif people and not joined and word.lower() in _AND:
            joined = True
        elif not (people and not joined and (_is_modifier(word, L) or word.lower() in _POSSESSIVE)):
            break
        j -= 1
    return people if len(people) >= 2 and not joined else []


# Animals are animate nouns too: "загинув собака" is no toll.
_ANIMALS = frozenset(
    {
        "собака",
        "пес",
        "песик",
        "кіт",
        "кішка",
        "кицька",
        "кот",
        "кошка",
        "корова",
        "кінь",
        "лошадь",
        "тварина",
        "животное",
        "птах",
        "птица",
        "свиня",
        "свинья",
        "вівця",
        "овца",
        "коза",
        "цуценя",
        "щеня",
        "щенок",
        "кошеня",
        "котёнок",
    }
)


def _is_animal(word: str, L: ModuleType) -> bool:
    return any(p.normal_form in _ANIMALS for p in L.morph().parse(word.lower())[:2])


def _is_one_person(word: str, L: ModuleType) -> bool:
    """A common noun for one person, in the nominative or accusative (not a name), or a
    participle that stands for one ("задержали нападавшего")."""
    if _is_animal(word, L):
        return False
    if _SUBSTANTIVE.match(word.lower()) and _is_substantive(word, L):
        return any(
            "nomn" in str(p.tag) or "accs" in str(p.tag) for p in L.morph().parse(word.lower())[:2]
        )
    # the Ukrainian dictionary leaves the singular unmarked and may read an adjective first
    # ("людину")
    return any(
        tag.startswith("NOUN")
        and "anim" in tag
        and "plur" not in tag
        and ("nomn" in tag or "accs" in tag)
        and not re.search(r"Name|Surn|Patr", tag)
        for tag in (str(p.tag) for p in L.morph().parse(word.lower())[:2])
    )


def _is_person(word: str, L: ModuleType, *, plural: bool) -> bool:
    """A common noun for a person in the nominative (not a name: "загинув Іванов" is said by
    the recogniser), singular or plural as asked."""
    # people listed by their ages are plural whatever the first reading ("жінки" is also a
    # genitive singular); one person is read as the dictionary first reads the word
    if _is_animal(word, L):
        return False
    parses = L.morph().parse(word.lower())
    tags = [str(p.tag) for p in (parses if plural else parses[:1])]
    return any(
        tag.startswith("NOUN")
        and "anim" in tag
        and "nomn" in tag
        and ("plur" in tag) == plural
        and not re.search(r"Name|Surn|Patr", tag)
        for tag in tags
    )


# Words before a participle that make it one of a group, or the group itself: "из пострадавших",
# "среди погибших", "каждый раненый".
_NOT_ONE_BEFORE = frozenset(
    {"из", "з", "із", "среди", "серед", "каждый", "кожен", "кожний", "всех", "всіх", "усіх"}
)


def _participle_victim(
    toks: list[re.Match[str]], k: int, L: ModuleType, *, attribute_of_dead: bool = False
) -> re.Match[str] | None:
    """A participle of harm standing for one person, in any case: "Пострадавшую увезли в
    больницу", "пострадавшему подростку потребовалась помощь", "Потерпілого доправили до
    лікарні", "Постраждалу госпіталізували". Not when a noun other than a person's follows it
    ("пострадавшую сторону", "поранену руку"), nor one of a group ("из пострадавших"), nor
    the wounds of one who died (`attribute_of_dead`: "померла поранена раніше людина")."""
    if not _is_substantive(toks[k].group(0), L):
        return None
    if k > 0:
        before = toks[k - 1].group(0).lower()
        if before in _NOT_ONE_BEFORE or _quantity_word(before) or _ordinal(before, L):
            return None  # "из пострадавших", "двое раненых", "п'яту загиблу людину"
    if k + 1 < len(toks) and not _punctuation_between(toks[k], toks[k + 1]):
        nxt = toks[k + 1].group(0)
        if _is_name_word(nxt, L):
            return toks[k + 1]  # "Пострадавшая Оксана"
    j = k + 1
    while (
        j < len(toks)
        and not _punctuation_between(toks[j - 1], toks[j])
        and (
            toks[j].group(0).lower() in _ADVERBS
            or L.morph().parse(toks[j].group(0).lower())[0].tag.POS == "ADVB"
        )
    ):
        j += 1  # "поранена раніше людина"
    if j < len(toks) and not _punctuation_between(toks[j - 1], toks[j]):
        nxt = toks[j].group(0)
        if _is_person_word(nxt, L):
            return None if attribute_of_dead else toks[j]
        if L.morph().parse(nxt.lower())[0].tag.POS == "NOUN":
            return None  # "пострадавшую сторону"
    return toks[k]  # standing for the person: no noun of its own after it


def _object_before(toks: list[re.Match[str]], k: int, L: ModuleType) -> re.Match[str] | None:
    """One person named before a verb of the third person plural that says what was done to
    them: "Стрелка задержали", "Мужчину ранили", "Підозрюваного затримали"."""
    tag = str(L.morph().parse(toks[k].group(0).lower())[0].tag)
    if not (tag.startswith("VERB") and "plur" in tag and "past" in tag) or k == 0:
        return None
    if _punctuation_between(toks[k - 1], toks[k]):
        return None
    prev = toks[k - 1].group(0)
    tags = [str(p.tag) for p in L.morph().parse(prev.lower())[:3]]
    if any("nomn" in t and "anim" in t for t in tags) or _is_animal(prev, L):
        return None  # the subject ("Военные задержали"), or an animal
    person = any(
        "accs" in t
        and "plur" not in t
        and (("anim" in t and t.startswith("NOUN")) or _SUBSTANTIVE.match(prev.lower()))
        and not re.search(r"Name|Surn|Patr", t)
        for t in tags
    )
    return toks[k - 1] if person else None


# Participles and adjectives that stand for a person: "напавший", "подозреваемого", "затриманий".
_SUBSTANTIVE = re.compile(
    r"(?:напавш|нападавш|стрелявш|подозреваем|обвиняем|задержанн|підозрюван|затриман|"
    r"обвинувачен|пострадавш|постраждал|потерпевш|потерпіл|погибш|загибл|ранен|поранен)\w*$"
)


def _is_substantive(word: str, L: ModuleType) -> bool:
    """A participle or adjective in the singular that may stand for a person: read first as
    one (or, by the Ukrainian dictionary, as an animate noun), and never as a verb
    ("постраждала сім'я": the family suffered)."""
    parses = L.morph().parse(word.lower())[:3]
    tag = str(parses[0].tag)
    return (
        not any("plur" in str(p.tag) for p in parses)  # "к пленным": a plural too
        and (tag.startswith(("PRTF", "ADJF")) or (tag.startswith("NOUN") and "anim" in tag))
        and not any(str(p.tag).startswith("VERB") for p in parses)
    )


def _punctuation_between(a: re.Match[str], b: re.Match[str]) -> bool:
    return bool(re.search(r"[^\w\s'’ʼ-]", a.string[a.end() : b.start()]))


def _is_person_word(word: str, L: ModuleType) -> bool:
    """A common noun for one person, in any case ("подростку", "жительницы")."""
    return not _is_animal(word, L) and any(
        str(p.tag).startswith("NOUN")
        and "anim" in str(p.tag)
        and "plur" not in str(p.tag)
        and not re.search(r"Name|Surn|Patr", str(p.tag))
        # the Ukrainian dictionary may read "людина" first as an adjective
        for p in L.morph().parse(word.lower())[:3]
    )


_ORDINAL_WORD = re.compile(
    r"(?:"
    + "|".join(_ORDINAL_STEMS)
    + r")[а-яёіїєґ]{0,2}(?:ий|ый|ой|ая|ую|ое|ого|ому|ої|ій|у|а|е)$"
)


def _ordinal(word: str, L: ModuleType) -> bool:
    """An ordinal number word ("п'яту", "второго"), not a weekday ("пятницу")."""
    if word.startswith(("пятниц", "п'ятниц", "п’ятниц")):
        return False
    return bool(_ORDINAL_WORD.match(word)) or any(
        "Anum" in str(p.tag) for p in L.morph().parse(word)[:2]
    )


def _quantity_word(word: str) -> bool:
    return word.isdigit() or word in SLAVIC_WORDS


def _is_name_word(word: str, L: ModuleType) -> bool:
    """A person's first name or surname, capitalised, in the singular."""
    return word[:1].isupper() and any(
        re.search(r"Name|Surn", str(p.tag)) and "plur" not in str(p.tag)
        for p in L.morph().parse(word.lower())[:2]
    )


def _person_next_to(toks: list[re.Match[str]], k: int, L: ModuleType) -> re.Match[str] | None:
    """The person the word of death or injury at `k` is said of: within three words, with only
    modifiers between ("загинув 57-річний чоловік", "ребенок тяжело ранен"); a participle or
    adjective only after its person ("чоловік поранений", not the attribute of "поранена
    людина", who may have died of it)."""
    attribute = str(L.morph().parse(toks[k].group(0).lower())[0].tag).startswith(("PRTF", "ADJF"))
    sides = [range(k - 1, max(-1, k - 5), -1)]
    if not attribute:
        sides.append(range(k + 1, min(len(toks), k + 4)))
    for n, side in enumerate(sides):
        for j in side:
            word = toks[j].group(0)
            if _is_person(word, L, plural=False):
                return toks[j]
            a, b = (toks[j], toks[j + 1]) if j < k else (toks[j - 1], toks[j])
            substantive = _SUBSTANTIVE.match(word.lower()) and _is_substantive(word, L)
            if (_is_name_word(word, L) or substantive) and not _punctuation_between(a, b):
                # "погиб Иван Петров", "Олег Смирнов получил ранения", "Напавший задержан"
                return toks[j]
            if n == 0 and word.lower() in ("из", "з", "із") and j > 0:
                one = toks[j - 1].group(0).lower()
                if one in ("один", "одна", "одно", "одне"):
                    return toks[j - 1]  # "одна из бортпроводниц получила травмы"
            # before the verb, the person's own genitive may stand between ("водій цього авто
            # отримав поранення"), and the cause ("жінка від отриманих травм померла")
            before = n == 0 and (_is_genitive(word, L) or word.lower() in _CAUSE_PREPOSITIONS)
            # "Агрессор был задержан": the auxiliary between the person and the participle
            if not (_is_modifier(word, L) or before or word.lower() in _AUXILIARIES):
                break
    return None


# "жінка … померла": the verb, which the dictionary reads first as a noun (a dead woman)
_DIED_ONE = frozenset({"помер", "померла", "умер", "умерла", "скончался", "скончалась"})
_CAUSE_PREPOSITIONS = frozenset({"від", "через", "внаслідок", "от", "из-за", "вследствие"})
_AUXILIARIES = frozenset({"был", "была", "было", "був", "була", "було"})


def _is_genitive(word: str, L: ModuleType) -> bool:
    """A noun, pronoun or adjective that may be read in the genitive."""
    return any(
        p.tag.POS in ("NOUN", "NPRO", "ADJF") and "gent" in str(p.tag)
        for p in L.morph().parse(word.lower())
    )


def _is_modifier(word: str, L: ModuleType) -> bool:
    """An age, adjective or adverb that may stand between a person and what befell them."""
    if re.fullmatch(r"\d+-\w+", word) or word.lower() in _ADVERBS:
        return True  # "Пострадала также девушка"
    pos = L.morph().parse(word.lower())[0].tag.POS
    return pos in ("ADJF", "ADJS", "ADVB", "PRTF", "COMP")


def _agrees_with_one(toks: list[re.Match[str]], k: int, L: ModuleType) -> bool:
    """The word of death or injury is a singular verb or participle ("загинув", "погибла",
    "поранена"), or a noun of injury after a singular verb ("отримала осколкові поранення")."""
    if toks[k].group(0).lower() in _DIED_ONE:
        return True
    tag = str(L.morph().parse(toks[k].group(0).lower())[0].tag)
    if tag.startswith(("VERB", "PRTS", "PRTF", "ADJF")):
        return "plur" not in tag
    v = _predicate(toks, k, L)
    if v != k:
        verb = str(L.morph().parse(toks[v].group(0).lower())[0].tag)
        return "plur" not in verb
    return False


def _predicate(toks: list[re.Match[str]], k: int, L: ModuleType) -> int:
    """The verb a noun of injury is the object of ("отримав осколкові поранення": the person is
    next to the verb), or `k` itself."""
    if not str(L.morph().parse(toks[k].group(0).lower())[0].tag).startswith("NOUN"):
        return k
    for j in range(k - 1, max(-1, k - 3), -1):
        tag = L.morph().parse(toks[j].group(0).lower())[0].tag
        if tag.POS == "VERB":
            return j
        if not _is_modifier(toks[j].group(0), L):
            break
    # the object first: "осколкове поранення зазнав 58-річний чоловік"
    if k + 1 < len(toks) and L.morph().parse(toks[k + 1].group(0).lower())[0].tag.POS == "VERB":
        return k + 1
    return k


def _lone_fact(sent: str, ss: int, lo: int, hi: int, cat: str, n: int) -> Fact:
    return Fact(
        "figure",
        (ss + lo, ss + hi),
        {
            "category": cat,
            "count": n,
            "min": n,
            "max": n,
            "qualifier": "exact",
            "who": "people",
            "source": None,
            "note": None,
            "text": sent[lo:hi],
            "in_quote": False,
            "_sub": False,
        },
    )


def _name_generic_sources(
    text: str, figs: list[Fact], L: ModuleType, frames: list[tuple[int, int, str]]
) -> None:
    """A source that is only a common noun ("по данным агентства" -> "агентство") stands for
    the body last named with that noun before it ("агентство SANA", "информагентство SANA",
    "прокуратура Херсонщини"): the noun is matched by its lemma, so any case of it will do."""
    for f in figs:
        src = f.payload["source"]
        if src and _OUTLETS_SOURCE.fullmatch(src):
            # "Собеседник агентства лишь отметил, что …": the outlet's source, so whom the
            # last frame before it names ("Об этом сообщает «Интерфакс»")
            before = [fr[2] for fr in frames if f.span[0] - 2000 <= fr[1] < f.span[0]]
            f.payload["source"] = before[-1] if before else src
            continue
        if not src or " " in src or not src[:1].islower():
            continue
        named = _named_before(text, f.span[0], L.lemma(src.lower()), L)
        if named:
            f.payload["source"] = named


_OUTLETS_SOURCE = re.compile(
    r"(?i:собеседник|источник|співрозмовник|джерело)\w*\s+(?i:агентства|издания|видання|"
    r"телеканала|газеты|газети|портала|порталу)"
)


def _named_before(text: str, pos: int, lemma: str, L: ModuleType) -> str | None:
    """The last "<noun> <Name>" before `pos` whose noun has `lemma` (or ends in it), with
    genitives between ("Міністерство охорони здоров'я Лівану"), the noun put in the nominative
    and the rest as written: "агентства SANA" -> "агентство SANA"."""
    found: str | None = None
    lo = max(0, pos - 2000)
    for m in re.finditer(
        # a lookahead, so that each word may start a match ("РИА Новости со ссылкой на
        # агентство SANA" holds "агентство SANA")
        r"(?<![\w'’ʼ-])(?=(?P<n>[а-яёіїєґА-ЯЁІЇЄҐ][а-яёіїєґ'’ʼ-]{2,})"
        r"(?P<g>(?:\s+[а-яёіїєґ'’ʼ-]+){0,3}?)\s+(?P<name>[A-ZА-ЯЁІЇЄҐ][\w'’ʼ-]*|«[^»]{2,40}»))",
        text[lo:pos],
    ):
        noun = L.lemma(m.group("n").lower())
        if not (noun == lemma or (noun.endswith(lemma) and len(lemma) >= 5)):
            continue
        between = m.group("g").split()
        if all(any("gent" in str(p.tag) for p in L.morph().parse(w)) for w in between):
            found = " ".join([_same_case(m.group("n"), noun), *between, m.group("name")])
    return found


_LOOKALIKES = str.maketrans("aeopcxyëiAEOPCXBKMHT", "аеорсхуёіАЕОРСХВКМНТ")
_MIXED_WORD = re.compile(
    r"[A-Za-zА-ЯЁІЇЄҐа-яёіїєґë'’ʼ-]*[А-ЯЁІЇЄҐа-яёіїєґ][A-Za-zА-ЯЁІЇЄҐа-яёіїєґë'’ʼ-]*"
)


def fold_lookalikes(text: str) -> str:
    """`text` with the Latin letters inside Cyrillic words that look like Cyrillic ones ("a",
    "e", "o", "ë" …) made Cyrillic: "ребëнок" -> "ребёнок". A word with any other Latin letter
    is left as it is ("Telegram-канал"); the length never changes."""

    def fold(m: re.Match[str]) -> str:
        word = m.group(0)
        latin = {ch for ch in word if "a" <= ch.lower() <= "z" or ch == "ë"}
        if not latin or any(ch not in "aeopcxyëiAEOPCXBKMHT" for ch in latin):
            return word
        return word.translate(_LOOKALIKES)

    return _MIXED_WORD.sub(fold, text)


@lru_cache(maxsize=4)
def _lost_breaks(text: str) -> tuple[int, ...]:
    return tuple(glued_joins(text))


def _para_of(text: str, pos: int) -> tuple[int, int]:
    """The paragraph around `pos`: between line breaks, and between the joins where a page that
    lost its paragraph breaks glued one paragraph onto the next ("… сообщает ТАСС.Еще …")."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    end = len(text) if end < 0 else end
    joins = _lost_breaks(text)
    k = bisect_right(joins, pos)
    if k and joins[k - 1] > start:
        start = joins[k - 1]
    if k < len(joins) and joins[k] < end:
        end = joins[k]
    return start, end


# A date or day between the comma and a closing verb: ", 29 сентября сообщило министерство",
# ", у вівторок повідомив голова", ", вчера заявил".
_WHEN_AFTER = re.compile(
    r"\s+(?:(?:в|во|у)\s+" + _WEEKDAY + r"|" + "|".join(sorted(_WHEN_WORDS)) + r")$", re.I
)
# Words taken for a source that name no one: a date or a day ("4 марта", "субботу"), those
# harmed ("Убитые"), a recording ("ролик, в котором сообщил …").
_NO_ONE = re.compile(
    r"(?i:(?:в|во|у)\s+)?(?:\d{1,2}\s+)?(?:"
    + _MONTH_NAMES
    + r"|"
    + _WEEKDAY
    + r")|(?i:убит|погибш|ранен|пострадавш|задержанн|загибл|поранен|постраждал)[а-яёіїєґ]*|"
    r"(?i:ролик|видеоролик|відеоролик|видео|відео|запись|запис|фото|снимок|знімок)[а-яёіїєґ]{0,3}"
)
_ACTING = re.compile(r"(?<![\w.])(?:т\.\s?в\.\s?о|в\.\s?о|и\.\s?о|т\.\s?о)\.", re.I)
_WHEN = (
    r"(?:(?:\d{1,2}\s+[а-яёіїєґ]{3,9}|вчера|сегодня|накануне|вчора|сьогодні|напередодні|"
    r"(?:в|во|у)\s+" + _WEEKDAY + r")\s+)?"
)


def _frames(text: str, resolve: Any, L: ModuleType) -> list[tuple[int, int, str]]:
    """Frames that name a source, as (paragraph start, position, source), in text order:
    "Про це повідомив X" / "Об этом сообщил X", "Як повідомив X,", "Такие данные приводит X",
    and a closing "…, сообщил X." """
    frames: list[tuple[int, int, str]] = []
    closing: list[tuple[int, int, str]] = []
    # "Об этом сообщил и.о. Главы ЛНР X": a title's full stops do not end who it is
    masked = _ACTING.sub(lambda a: a.group(0).replace(".", "·"), text)
    for m in re.finditer(
        r"(?:" + L.ABOUT_THIS + r")\s+"
        # "Об этом сообщает в воскресенье, 3 июля, Lenta.ru": when, then who
        r"(?:(?:в|во|у)\s+" + _WEEKDAY + r"(?:,\s*\d{1,2}\s+[а-яёіїєґ]+)?,\s*)?"
        # (an outlet's address keeps its dot: "Lenta.ru")
        r"(?P<s>(?:[^.;:!?\n]|\.(?=(?:ru|ua|com|net|org|kz|by)\b)){2,160}?)\s*(?:[,.;:!?\n(]|$)",
        masked,
    ):
        phrase, at = m.group("s"), m.start("s")
        between = re.match(
            r"\S+\s+\S+\s+(?P<w>[А-ЯЁІЇЄҐа-яёіїєґ][^.;:!?\n]{1,100}?)\s+\S+$",
            text[m.start() : m.start("s")].rstrip(),
        )
        if between and re.match(r"(?i:у|в|во|на)\s", phrase):
            # "про це міський голова Ігор Терехов повідомив у Телеграмі": who stands between,
            # where it was said after the verb
            phrase, at = between.group("w"), m.start() + between.start("w")
        # "Reuters із посиланням на групу «Білі шоломи»": the group is where it comes from
        via = re.search(r"(?:із|з|со) (?:посиланням|ссылкой) на\s+(?P<v>.+)$", phrase)
        if via:
            phrase, at = via.group("v"), at + via.start("v")
        named = re.search(r"[«\"“](?P<n>[^«»\"“”]{2,60})[»\"”]", phrase)
        if named:
            phrase, at = named.group("n"), at + named.start("n")
        elif re.search(r"[«»\"“”]", phrase):
            continue
        framed = resolve(phrase, at, at + len(phrase))
        if framed:
            frames.append((_para_of(text, m.start())[0], m.start(), framed))
    for m in re.finditer(
        r"(?:^|[.!?]\s+|\n)(?:[Яя]к|[Кк]ак)\s+(?:\w+\s+)?(?:" + L.REPORT_VERBS + r"|"
        r"" + L.CLOSING_VERBS + r")\s+(?P<s>[^.;:!?«»\"\n,]{2,120}?)\s*,",
        text,
    ):
        phrase, at = m.group("s"), m.start("s")
        # "Как передает Report со ссылкой на агентство Reuters,": Reuters is where it is from.
        via = re.search(r"(?:із|з|со) (?:посиланням|ссылкой) на\s+(?P<v>.+)$", phrase)
        if via:
            phrase, at = via.group("v"), at + via.start("v")
        framed = resolve(phrase, at, at + len(phrase))
        if framed:
            frames.append((_para_of(text, m.start("s"))[0], m.start("s"), framed))
    # "Как сообщается в опубликованном коммюнике правительства страны, …": the statement's
    # owner, whatever the statement is called (the first noun after "в"), in the nominative
    for m in re.finditer(
        r"(?:^|[.!?]\s+|\n)(?:[Яя]к|[Кк]ак)\s+(?:" + L.IMPERSONAL + r")\s+(?:в|у|во)\s+"
        r"(?P<w>[^.;:!?«»\"\n,]{2,120}?)\s*,",
        text,
    ):
        framed = _statement_owner(m, resolve, L)
        if framed:
            frames.append((_para_of(text, m.start("w"))[0], m.start("w"), framed))
    # … or closing its sentence: "…пострадали 14 человек, сообщается на сайте Следственного
    # комитета РФ."
    for m in re.finditer(
        r",\s*(?:" + L.IMPERSONAL + r")\s+(?:в|у|во|на)\s+"
        r"(?P<w>[^.;:!?«»\"\n,]{2,120}?)\s*(?:[.!?\n]|$)",
        text,
    ):
        framed = _statement_owner(m, resolve, L)
        if framed:
            closing.append((_para_of(text, m.start("w"))[0], m.start("w"), framed))
    # "Такие данные приводит минздрав": like "Об этом сообщил", it looks back.
    for m in re.finditer(
        r"(?:" + L.SUCH_DATA + r")\s+(?P<s>[^.;:!?«»\"\n]{2,120}?)\s*(?:[,.;:!?\n]|$)", text
    ):
        # "від місцевої ОВА в суботу": who, without when
        phrase = _WHEN_AFTER.sub("", m.group("s"))
        framed = resolve(phrase, m.start("s"), m.start("s") + len(phrase))
        if framed == phrase:
            framed = nominative_phrase(phrase, L)
        if framed:
            frames.append((_para_of(text, m.start())[0], m.start(), framed))
    # A closing attribution ends its sentence: "Среди них двое детей, сообщил губернатор X."
    # It names the source of the figures before it in the paragraph too.
    for m in re.finditer(
        r",\s*(?:[—–-]\s*)?" + _WHEN + r"(?:" + L.REPORT_VERBS + r"|" + L.CLOSING_VERBS + r")\s+"
        # "…, сообщило 2 апреля ТАСС, ссылаясь на …": the date after the verb
        r"(?:\d{1,2}\s+[а-яёіїєґ]{3,9}\s+)?"
        # a name in quotes after what it is: "…, сообщает телеканал "Аль-Арабия" в четверг."
        r"(?P<s>(?:[^.;:!?«»\"\n,]|[«\"][^«»\"\n]{1,40}[»\"]){2,120}?)"
        r"\s*(?:[.!?\n]|,\s*(?:ссылаясь|посилаючись)|\s+(?:в|во|у)\s+" + _WEEKDAY + r"|$)",
        text,
    ):
        if _PREPOSITION_FIRST.match(m.group("s")):
            continue  # "…, заявив про двох загиблих.": what was said, not who said it
        named = re.search(
            r"(?i:телеканал|телеканалу|агентство|агентства|издание|видання|газета|газети|газеты|"
            r"портал|сайт|канал|радио|радіо|телерадиокомпания|телерадіокомпанія)\s+"
            r"[«\"](?P<n>[^«»\"\n]{1,40})[»\"]",
            m.group("s"),
        )
        if named:
            framed = named.group("n")
            closing.append((_para_of(text, m.start("s"))[0], m.start("s"), framed))
            continue
        framed = resolve(m.group("s"), m.start("s"), m.end("s"))
        if framed and len(framed.split()) <= 6:
            closing.append((_para_of(text, m.start("s"))[0], m.start("s"), framed))
    # a sentence pointing back is read by its parts of speech over the phrase list: "Про це
    # голова ОВА повідомив у Telegram" is the head, not "у Telegram" after the verb
    back = _back_frames(text, resolve, L)
    pointing = {fr[1] for fr in back}
    frames = [fr for fr in frames if fr[1] not in pointing] + back
    # "Про це повідомляє пресслужба ОВА, передає Укрінформ": a closing attribution after
    # another in its sentence is the outlet relaying it, not a source
    frames += [fr for fr in closing if not any(_same_sentence(text, g[1], fr[1]) for g in frames)]
    frames.sort(key=lambda fr: fr[1])
    return frames


def _statement_owner(m: re.Match[str], resolve: Any, L: ModuleType) -> str | None:
    """Whose statement group "w" names, after the first noun (what the statement is called:
    "опубликованном коммюнике правительства страны", "сайте Следственного комитета РФ"), in
    the nominative."""
    words = list(re.finditer(r"\S+", m.group("w")))
    head = next((i for i, w in enumerate(words) if _is_noun(w.group(0), L)), None)
    if head is None or head + 1 >= len(words):
        return None
    o0 = m.start("w") + words[head + 1].start()
    owner = m.group("w")[words[head + 1].start() :]
    framed: str | None = resolve(owner, o0, o0 + len(owner))
    if framed == owner:
        framed = nominative_phrase(owner, L)
    return framed


def _is_noun(word: str, L: ModuleType) -> bool:
    return bool(L.morph().parse(word.lower())[0].tag.POS == "NOUN")


def _same_sentence(text: str, a: int, b: int) -> bool:
    """Position `a` comes before `b` in the same sentence."""
    return a < b and not re.search(r"[.!?]\s|\n", text[a:b])


# A sentence that points back at what was just said, whatever its verb: a demonstrative object
# first ("Про це", "Цю інформацію", "Об этом", "Эти данные", "Такие сведения"), then the verb
# and who said it, in either order ("Цю інформацію оприлюднило ДСНС", "Об этом со ссылкой на
# медиков передает УНН", "Про це голова ОВА повідомив у Telegram"). The pronoun's forms are a
# closed class; the verb is found by its part of speech, not by a list.
BACK_OBJECT = (
    # a noun may come first: "Новину про це оприлюднила …", "Информацию об этом подтвердил …"
    r"(?:[А-ЯЁІЇЄҐ][а-яёіїєґ'’]+\s+(?=[Пп]ро\s|[Оо]б?\s))?"
    r"(?:(?:[Пп]ро|[Зз]|[Іі]з|[Оо]б?|[Сс])\s+)?"
    r"(?:[Цц](?:е|ей|ю|і|ього|их)|[Тт]ак(?:е|і|у|ий|их|ое|ие|ую|ой|ом)|"
    r"[Ээ]т(?:о|от|у|и|ом|ой|их)|[Дд]анн(?:ые|ую|ой|ых)|"
    # the personal pronoun after its preposition: "про нього повідомили …", "о нём сообщили"
    r"(?<=[Пп]ро\s)(?:нього|неї|них)|(?<=[Оо]\s)(?:нём|нем|ней|них))(?!\w)"
    # the information alone, confirmed: "Информацию подтвердил глава правительства …"
    r"|(?:[Іі]нформацію|[Ии]нформацию)(?=\s+(?:[\w-]+\s+)?(?:підтверд|подтверд))"
)
_BACK_SENTENCE = re.compile(
    # a sentence's start, or a clause's after a contrast ("…, однак про нього повідомили …")
    r"(?:^|(?<=[.!?])\s+|(?<=\n)|(?<=,\s)(?:однак|але|проте|а|однако|но)\s+)"
    r"(?P<o>" + BACK_OBJECT + r")\s+(?P<r>[^.;:!?«»\"“”\n]{2,200}?)\s*(?:[.;:!?\n]|$)"
)
_CHANNEL = re.compile(r"^(?:у|в|на)\s+(?:своєму\s+|своем\s+)?\S+\s+(?=\S)", re.I)


_VIA_ON = re.compile(r"(?:із|з|со)\s+(?:посиланням|ссылкой)\s+на\s+")


def _back_frames(text: str, resolve: Any, L: ModuleType) -> list[tuple[int, int, str]]:
    """Frames of sentences that point back (``BACK_OBJECT``), as in ``_frames``."""
    out: list[tuple[int, int, str]] = []
    for m in _BACK_SENTENCE.finditer(text):
        rest, r0 = m.group("r"), m.start("r")
        words = list(re.finditer(r"[^\s,]+", rest))
        verb = next((w for w in words[:9] if _finite_verb(w.group(0), L)), None)
        if verb is None:
            # "Про це з посиланням на виконуючого обов'язки міністра … Газі Ісмаїла.": the verb
            # left out, whom it cites is the source
            cited = _VIA_ON.match(rest)
            if cited:
                a0, phrase = r0 + cited.end(), rest[cited.end() :].rstrip(" .")
                framed = resolve(phrase, a0, a0 + len(phrase))
                if framed == phrase:
                    framed = nominative_phrase(phrase, L, cases=("accs", "gent"))
                named = re.search(r"(?:[А-ЯЁІЇЄҐ][\w'’ʼ-]+\s+){1,2}[А-ЯЁІЇЄҐ][\w'’ʼ-]+$", phrase)
                if framed is None and named:
                    # a long title before the name: the name, in the nominative
                    parts = named.group(0).split()
                    gender = L.gender_of(parts[0])
                    framed = " ".join(L.nominative(w, gender) for w in parts)
                if framed:
                    out.append((_para_of(text, m.start("o"))[0], m.start("o"), framed))
            continue
        who, via = _who_and_via(rest, verb.start(), verb.end())
        if via and re.search(r"[A-ZА-ЯЁІЇЄҐ]", rest[via[0] : via[1]]):
            # "… со ссылкой на агентство SANA": the body that reported, not the outlet
            a0, phrase = r0 + via[0], rest[via[0] : via[1]]
            framed = resolve(phrase, a0, a0 + len(phrase))
            if framed == phrase:
                framed = nominative_phrase(phrase, L, cases=("accs", "gent"))
        else:
            # a group it cites without a name ("со ссылкой на медиков") has no reliable
            # nominative: the outlet is the source then
            a0, phrase = r0 + who[0], rest[who[0] : who[1]]
            # "повідомила лише поліція": a particle or adverb before who it is
            while (lead := re.match(r"(\w+)\s+(?=\S)", phrase)) and L.morph().parse(
                lead.group(1).lower()
            )[0].tag.POS in ("ADVB", "PRCL"):
                a0, phrase = a0 + lead.end(), phrase[lead.end() :]
            if not phrase or not (phrase[:1].isupper() or _nominative_start(phrase, L)):
                continue
            framed = resolve(phrase, a0, a0 + len(phrase))
            if framed == phrase and not _nominative_start(phrase, L):
                # "Об этом сообщается на сайте Следственного комитета РФ": a name in the
                # genitive, as written, is put in the nominative
                framed = nominative_phrase(phrase, L)
        if framed:
            out.append((_para_of(text, m.start("o"))[0], m.start("o"), framed))
    return out


def _who_and_via(rest: str, vs: int, ve: int) -> tuple[tuple[int, int], tuple[int, int] | None]:
    """The spans in `rest` of who the frame names and of whom it cites, given the verb's span:
    who after the verb ("оприлюднило ДСНС", "повідомив у Telegram голова ОВА", where it said
    it skipped), else before it ("Про це голова ОВА повідомив"); the cited one after "со
    ссылкой на", up to the verb or the end."""
    via: tuple[int, int] | None = None
    vm = _VIA_ON.search(rest)
    cut = len(rest)
    if vm:
        end = vs if vm.start() < vs else len(rest.split(",")[0]) if "," in rest else len(rest)
        via = (vm.end(), max(vm.end(), end))
        via = (via[0], via[0] + len(rest[via[0] : via[1]].rstrip()))
        if vm.start() >= ve:
            cut = vm.start()
    after = rest[ve:cut].split(",")[0]
    where = re.fullmatch(r"\s*(?:у|в|во|на)\s+\S+(?:\s+\S+)?\s*", after, re.I)
    if after.strip() and not where:  # "повідомив у Telegram": where, not who
        a0 = ve + len(after) - len(after.lstrip())
        channel = _CHANNEL.match(after.strip())
        if channel:
            a0 += channel.end()
        return (a0, ve + len(after.rstrip())), via
    stop = vm.start() if vm and vm.start() < vs else vs
    before = rest[:stop]
    return (0, len(before.rstrip())), via


def _finite_verb(word: str, L: ModuleType) -> bool:
    """A verb in the past, present or future (not an infinitive, a participle or a noun that
    may read as a verb): the action of a frame."""
    tag = L.morph().parse(word.lower())[0].tag
    return tag.POS == "VERB" and "impr" not in str(tag)


def _nominative_start(phrase: str, L: ModuleType) -> bool:
    """The phrase opens with a noun or adjective in the nominative ("рятувальники", "обласна
    прокуратура"): a subject, not a circumstance ("в районе", "вчера")."""
    tag = L.morph().parse(phrase.split()[0].lower())[0].tag
    return tag.POS in ("NOUN", "ADJF") and "nomn" in str(tag)


_RECAP_WORDS = (
    r"(?:Нагадаємо|Нагадуємо|Напомним|Напоминаем|Як повідомлялося|Как сообщалось|"
    r"Раніше повідомлялося|Ранее сообщалось)"
)
_RECAP_ANYWHERE = re.compile(r"(?<!\w)" + _RECAP_WORDS + r"(?!\w)")


def _sources_from_frames(
    text: str,
    sents: list[tuple[int, int]],
    figs: list[Fact],
    resolve: Any,
    L: ModuleType,
    frames: list[tuple[int, int, str]],
) -> None:
    """Sources a figure's own sentence does not give, from the frames around it:
    "X підтвердив загибель 49 людей" (the subject of a verb whose object is the toll),
    "За його словами, …" (the last person named), "Про це повідомив X" / "Об этом сообщил X"
    (what came before it in the paragraph, or the paragraph before when the frame opens its
    own), and, failing those, the frame of the paragraph or the one before it."""
    subj = re.compile(
        r"(?:^|[,;]\s+|\s[—–-]\s)(?P<s>(?:[^,;:—–«»\"]|:(?=\d)){2,100}?)\s+(?:"
        + L.OBJECT_VERBS
        + r"|"
        + L.REPORT_VERBS
        + r"|(?:"
        + L.FEELINGS
        + r")(?=[^,;]*$)"  # "потрясена сообщениями об убийстве N", not "…, когда погибли N"
        + r")(?!\w)(?![^,;]*?\s(?:"
        + L.THAT
        + r")\s)"
    )
    # "По предварительным данным, …", "За попередніми даними, …": data nobody is named for
    # (the frame is followed by its comma at once) are the last speaker's, like "по его словам"
    pron = re.compile(
        r"(?:" + L.PRONOUN_SOURCE + r")|(?<!\w)(?:по|за)\s+(?:[а-яёіїєґ'’]+\s+)?"
        r"(?:данным|даними|информации|інформацією)\s*,",
        re.I,
    )

    def sourced_para(ps: int) -> bool:
        """The paragraph at `ps` has a frame or a sourced figure of its own."""
        return any(g[0] == ps for g in frames) or any(
            g.payload["source"] and _para_of(text, g.span[0])[0] == ps for g in figs
        )

    said_by: list[Any] | None = None
    for f in figs:
        if f.payload["source"] or f.payload["in_quote"]:
            continue
        ss = next((a for a, b in sents if a <= f.span[0] < b), f.span[0])
        lead = text[ss : f.span[0]]
        src: str | None = None
        sm = None
        for found in subj.finditer(lead):
            sm = found
        if sm:
            s0 = ss + sm.start("s")
            src = resolve(sm.group("s"), s0, ss + sm.end("s"))
            if src and (len(src.split()) > 4 or src.lower() in ("як", "как", "що", "что")):
                src = None
        if src is None:
            pm = pron.search(lead)
            if pm:
                # "По его словам": who spoke last, not the last person named.
                src = _last_speaker(text, ss + pm.start(), resolve, L) or resolve(
                    "він", ss + pm.start(), ss + pm.end()
                )
        if src is None:
            # "По информации врио губернатора X, БПЛА ударил … Погибли пять человек": the
            # paragraph's own "according to" before the figure, over frames of earlier ones
            ps = _para_of(text, f.span[0])[0]
            said = list(ACCORDING.finditer(text, ps, f.span[0]))
            # (not past another reporting verb: "… повідомила X. Вона також зазначила, що …")
            said = [
                a
                for a in said
                if not re.search(r"(?i:" + L.REPORT_VERBS + r")", text[a.end() : f.span[0]])
            ]
            if said and said[-1].group("s").split()[0].lower() not in GENITIVE_PRONOUNS:
                phrase, a = said[-1].group("s"), said[-1].start("s")
                src = resolve(phrase, a, a + len(phrase))
                if src == phrase:
                    src = nominative_phrase(phrase, L)
        if src is None:
            ps, pe = _para_of(text, f.span[0])
            after = [fr for fr in frames if fr[0] == ps and fr[1] > f.span[0]]
            nxt = [fr for fr in frames if fr[0] == pe + 1 or fr[0] == pe + 2]
            before = [fr for fr in frames if fr[1] < f.span[0] and ps - fr[0] < 600]
            if _RECAP.match(text[ps:pe]):
                # "Нагадаємо: …", "Напомним, …": the outlet's recap of earlier news is not what
                # the source of this report said.
                before = [fr for fr in before if fr[0] == ps]
            if after:
                src = after[0][2]
            elif looking_back := [
                fr
                for fr in nxt
                if fr[1] - fr[0] < 300
                and re.match(
                    r"(?:" + L.ABOUT_THIS + r"|" + L.SUCH_DATA + r"|" + BACK_OBJECT + r")",
                    text[fr[1] :],
                )
            ]:
                src = looking_back[0][2]
            elif opening := [
                fr
                for fr in nxt
                if not sourced_para(ps)
                and re.fullmatch(
                    r"\s*(?:[Яя]к|[Кк]ак)\s+(?:\w+\s+)?(?:"
                    + L.REPORT_VERBS
                    + r"|"
                    + L.CLOSING_VERBS
                    + r")\s+(?:[^,.;:!?«»\"\n]*?(?:ссылкой|посиланням) на\s+)?",
                    text[fr[0] : fr[1]],
                )
            ]:
                # The lead gives the toll, the next paragraph opens with who it comes from:
                # "По меньшей мере 30 человек погибли …\nКак передает Report со ссылкой на
                # Reuters, …" (only when the toll's paragraph names no source of its own).
                src = opening[0][2]
            elif before and _RECAP_ANYWHERE.search(text, before[-1][1], f.span[0]):
                src = None  # "… Ранее сообщалось, что …": an earlier report, not the frame's
            elif before:
                src = before[-1][2]
                if before[-1][0] != ps:
                    # "Об этом сообщил мэр X." … "Глава ОВА Y сообщил, что … . На данный момент
                    # один погибший": who reports in the figure's own paragraph, before it
                    if said_by is None:
                        said_by = [r for r in reports(text, sents, resolve, L) if not r.relay]
                    own = [r for r in said_by if ps <= r.start < f.span[0]]
                    if own:
                        src = own[-1].who
        if src:
            f.payload["source"] = src


_RECAP = re.compile(r"\s*" + _RECAP_WORDS + r"\b")
# (and "Усе вказує на те, що …", "Всё указывает на то": everything, no one)
_PRONOUNS = frozenset(
    re.findall(r"\w+", "він вона вони воно он она они оно усе все всё це это як как так")
)
_NOT_SUBJECT = re.compile(r"(?i:про це|об этом|як|как|так|тоді|тогда|що|что)")


def _last_speaker(text: str, pos: int, resolve: Any, L: ModuleType) -> str | None:
    """The subject of the last reporting verb before `pos` (within ~1,500 characters): "Житель
    деревни, …, который попросил …, сказал" → Житель деревни; a pronoun subject ("Он сообщил
    AFP") is the same speaker again, so the search goes on back; "«…», — сказал X" gives X."""
    lo = max(0, pos - 1500)
    verbs = list(re.finditer(r"(?<!\w)(?:" + L.REPORT_VERBS + r")(?!\w)", text[lo:pos], re.I))
    for vm in reversed(verbs):
        vs, ve = lo + vm.start(), lo + vm.end()
        ss = sentence_start(text, vs)
        lead = text[ss:vs]
        cand: re.Match[str] | None
        # "Об этом в своем Telegram-канале рассказал губернатор X": a sentence pointing back
        # names who said it after the verb
        if re.search(r"[—–-]\s*$", lead) or re.match(r"\s*(?:" + BACK_OBJECT + r")\s", lead):
            cand = re.match(r"\s+(?P<s>[^,.;:!?«»\"\n]{2,60}?)(?=\s*[,.;:!?\n]|$)", text[ve:pos])
            base = ve
        else:
            cand = re.match(
                r"\s*(?P<s>[^,;:—–«»\"]{2,60}?)\s*,[^;:«»\"]*,\s*$", lead
            ) or re.fullmatch(r"\s*(?P<s>[^,;:—–«»\"]{2,60}?)\s*", lead)
            base = ss
        if cand is None:
            continue
        subject = cand.group("s").strip()
        if subject.lower() in _PRONOUNS or subject.split()[-1].lower() in _PRONOUNS:
            continue  # "Он сообщил AFP", "Через час он добавил": the speaker before
        if _NOT_SUBJECT.fullmatch(subject):
            continue
        start = base + cand.start("s")
        found: str | None = resolve(subject, start, start + len(cand.group("s")))
        # a long subject is taken only for the name in it ("Временно исполняющий обязанности
        # губернатора Курской области Александр Хинштейн")
        if found and (len(subject.split()) <= 6 or len(found.split()) <= 3):
            return found
    return None


# A phrase that starts with "про"/"о" (about) is what was said ("про двох загиблих", "о 600
# убитых"), never who said it; "повідомили в обласній прокуратурі" (where) and "По состоянию
# на 16:06 глава ОВА X" (when, then who) stay.
# what was said or what caused it, not who said it: "про трьох загиблих", "внаслідок удару"
_PREPOSITION_FIRST = re.compile(r"(?i:про|о|об|обо|" + CAUSE_WORDS + r")\s")


def _fig_source(
    f: Fact,
    quotes: list[tuple[QuoteSpan, str | None]],
    claims: list[Fact],
    src_m: re.Match[str] | None,
    ss: int,
    resolve: Any,
    L: ModuleType,
) -> str | None:
    for q, speaker in quotes:
        if q.start <= f.span[0] < q.end:
            return speaker
    inner = [c for c in claims if c.span[0] <= f.span[0] < c.span[1] and c.payload["actor"]]
    if src_m and ss + src_m.start() < f.span[0] and inner:
        # "По данным спасателей, … 75 человек …, пишет The Guardian": who the figure is from,
        # not the outlet that passes it on
        inner = []
    if inner:
        actor = min(inner, key=lambda c: c.span[1] - c.span[0]).payload["actor"]
        return str(actor)
    if src_m:
        s = ss + src_m.start("s")
        phrase = src_m.group("s").strip()
        quoted = re.fullmatch(r"[«\"“](?P<n>[^«»\"“”]{2,60})[»\"”]", phrase)
        if quoted:
            # "По данным «Интерфакса»": the outlet's name, out of its quotes
            phrase, s = quoted.group("n"), s + 1
        name = resolve(phrase, s, s + len(phrase)) or phrase
        if name == phrase and re.match(_GENITIVE_FRAME, src_m.group(0), re.I):
            name = nominative_phrase(phrase, L)
        return name  # type: ignore[no-any-return]
    return None


def _frame_inside_quote(
    text: str, quotes: list[tuple[QuoteSpan, str | None]], f: Fact, resolve: Any, L: ModuleType
) -> str | None:
    """A quote nobody is named for that reports a frame of its own before the figure: "«У
    поліції повідомили, що … близько 50 осіб отримали поранення», – йдеться в повідомленні"."""
    q = next((q for q, _ in quotes if q.start <= f.span[0] < q.end), None)
    if q is None:
        return None
    m = re.match(
        r"\s*(?P<s>[^,.;:!?«»\"“”\n]{2,80}?)\s+(?:" + L.REPORT_VERBS + r"),?\s+(?:що|что)\s",
        text[q.start : f.span[0]],
    )
    if not m:
        return None
    s = q.start + m.start("s")
    found: str | None = resolve(m.group("s"), s, s + len(m.group("s")))
    return found


# Frames whose source is in the genitive: "по данным Министерства здравоохранения".
_GENITIVE_FRAME = (
    r"по данным|по словам|по информации|за даними|за даним|за словами|за інформацією|"
    r"по подсчетам|по подсчётам|по оценкам|по сведениям|согласно данным|за підрахунками|"
    r"за оцінками|за відомостями|згідно з даними|по сообщению|по сообщениям|за повідомленням"
)


def nominative_phrase(phrase: str, L: ModuleType, cases: tuple[str, ...] = ("gent",)) -> str:
    """A genitive noun phrase in the nominative, up to its head noun: "Министерства
    здравоохранения" → "Министерство здравоохранения", "местных властей" → "местные власти",
    "Міністерства внутрішніх справ" → "Міністерство внутрішніх справ". What follows the head
    (its own genitive) stays; a phrase that does not start in the genitive is kept as written.
    Two joined by "и"/"і"/"та" are each put in the nominative ("местных чиновников и
    очевидцев" → "местные чиновники и очевидцы")."""
    joined = re.fullmatch(
        # "выживших и очевидцев этой атаки": the second with its own genitive after it
        r"(?P<a>[^,]+?)\s+(?P<c>и|і|та|й)\s+(?P<b>[а-яёіїєґ'’ʼ-]+(?:\s+[а-яёіїєґ'’ʼ-]+){0,3})",
        phrase,
    )
    if joined:
        a = nominative_phrase(joined.group("a"), L, cases)
        b = nominative_phrase(joined.group("b"), L, cases)
        if a != joined.group("a") and b != joined.group("b"):
            return f"{a} {joined.group('c')} {b}"
    words = phrase.split()
    morph = L.morph()
    if len(words) == 1 and re.fullmatch(r"[а-яёіїєґ'’ʼ-]+", phrase):
        # "выживших": a participle or adjective standing for people, in the plural
        plural = next(
            (
                p
                for p in morph.parse(phrase)
                if p.tag.POS in ("ADJF", "PRTF")
                and p.tag.number == "plur"
                and any(_has(p.tag, c) for c in cases)
            ),
            None,
        )
        form = plural.inflect({"nomn", "plur"}) if plural else None
        if form is not None and not any(p.tag.POS == "NOUN" for p in morph.parse(phrase)):
            return str(form.word)
    out: list[str] = []
    adjs: list[tuple[str, Any]] = []
    for i, w in enumerate(words):
        if w.isupper() and adjs and len(w) >= 2:
            # "місцевої ОВА": an abbreviation is the head; its adjectives agree with it
            forms = [
                ap.inflect({"nomn"} | ({ap.tag.gender} if ap.tag.gender else set()))
                for _, ap in adjs
            ]
            if any(f is None for f in forms):
                return phrase
            out = [_same_case(aw, f.word) for (aw, _), f in zip(adjs, forms, strict=True)]
            return " ".join(out + words[i:])
        if w.isupper() or not re.fullmatch(r"[а-яёіїєґ'’ʼ-]+", w, re.I):
            return phrase
        if w.lower() in ("и", "і", "й", "та", "а"):
            return phrase  # a conjunction is no head noun
        parses = [p for p in morph.parse(w) if any(_has(p.tag, c) for c in cases)]
        nouns = [p for p in parses if p.tag.POS == "NOUN"]
        # "Маріупольській міській раді": the noun that agrees with the adjectives before it
        # (рада, not рад)
        gender = adjs[-1][1].tag.gender if adjs else None
        noun = next((p for p in nouns if gender and p.tag.gender == gender), None)
        noun = noun or next(iter(nouns), None)
        adj = next((p for p in parses if p.tag.POS in ("ADJF", "PRTF")), None)
        if noun is not None and adj is not None and i + 1 < len(words):
            # "місцевих органів": an adjective (not "the locals") before a noun; "Сумській
            # обласній військовій адміністрації": a place's adjective (not the surname Сумська)
            # before the adjectives that agree with it
            nxt = morph.parse(words[i + 1])
            proper = _has(noun.tag, "Surn") or _has(noun.tag, "Name")
            pos = ("NOUN", "ADJF", "PRTF") if proper else ("NOUN",)
            if any(any(_has(p.tag, c) for c in cases) and p.tag.POS in pos for p in nxt):
                noun = None
        if noun is not None:
            # (Ukrainian tags mark the plural only, so the number is kept by inflect itself.)
            head = noun.inflect({"nomn"} | ({"plur"} if noun.tag.number == "plur" else set()))
            if head is None:
                return phrase
            grams = {"nomn", "plur"} if noun.tag.number == "plur" else {"nomn", noun.tag.gender}
            for aw, ap in adjs:
                form = ap.inflect({g for g in grams if g})
                if form is None:
                    return phrase
                out.append(_same_case(aw, form.word))
            out.append(_same_case(w, head.word))
            return " ".join(out + words[i + 1 :])
        if adj is None:
            return phrase
        adjs.append((w, adj))
    return phrase


_ALL_CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct", "loc2", "gen2", "voct")


def org_nominative(phrase: str, L: ModuleType) -> str:
    """A body's name in the nominative as the text writes it ("Офісі генпрокурора" -> "Офіс
    генпрокурора", "Кремлі" -> "Кремль"); abbreviations and words the dictionary does not know
    stay as written."""
    words = phrase.split()
    abbr = re.fullmatch(r"([А-ЯЁІЇЄҐ]{2,})[а-яёіїєґ]{1,2}", words[0]) if words else None
    if abbr and len(words) == 1:
        return abbr.group(1)  # "МИДа" -> "МИД"
    if not words or words[0].isupper() or not L.morph().word_is_known(words[0].lower()):
        return phrase
    return nominative_phrase(phrase, L, cases=_ALL_CASES)


def _has(tag: Any, grammeme: str) -> bool:
    """`grammeme in tag`, false for a grammeme the language's tag set lacks (uk has no loc2)."""
    try:
        return grammeme in tag
    except ValueError:
        return False


def _same_case(original: str, word: str) -> str:
    if "ё" not in original.lower():
        word = word.replace("ё", "е")  # as the text spells it: "Вооруженные", not "Вооружённые"
    return word.capitalize() if original[:1].isupper() else word


_NAME_CLOSING = re.compile(r"^\s*[,.]?\s*[—–-]?\s*[^.;:!?«»\"“”\n]{3,120}?\s*\.?\s*$")
_ADDRESS_BEFORE = re.compile(
    r"(?<!\w)(?:дом[ау]?|будин(?:ок|ку)|корпус[ау]?|квартир[аиіу]|кв\.|вул\.|ул\.|д\.|"
    r"буд\.)\s*(?:№\s*)?$|№\s*$",
    re.I,
)
_TENS = re.compile(r"\s+десят(?:ки|ків|ка|ков|ок)(?!\w)", re.I)
_THINGS_AFTER = re.compile(
    r"^\s+(?:[а-яёіїєґ'’-]+(?:ых|их|ые|ие|і|ій|ого|ому)\s+){1,2}"
    r"(?:дом|будин|будівл|здани|квартир|объект|об['’]єкт|автомобил|машин|авто)\w*",
    re.I,
)
_HALF_BEFORE = re.compile(
    r"(?<!\w)(?:(?P<q>понад|більше|майже|близько|более|почти|около|свыше)\s+)?(?:пів|пол)\s+$",
    re.I,
)
_ONE_HUNDRED_BEFORE = re.compile(
    r"(?<!\w)(?:серед|з|із|близько|понад|більше|майже|до|около|более|почти|свыше|из|среди|"
    r"порядка|от|від|понад)\s+$",
    re.I,
)


def _quantity(m: re.Match[str]) -> Quantity | None:
    if m.group("vague"):
        v = m.group("vague").lower()
        lo, hi = VAGUE.get(v, (None, None))
        return Quantity(
            None,
            lo,
            hi,
            {
                "десятки": "dozens",
                "десятків": "dozens",
                "сотні": "hundreds",
                "сотень": "hundreds",
                "сотни": "hundreds",
            }.get(v, "thousands" if "тис" in v or "тыс" in v else v),
        )
    if m.group("lo"):
        a, b = parse_int(m.group("lo")), parse_int(m.group("hi"))
        if a is None or b is None:
            return None
        return Quantity(None, a, b, "range")
    n = parse_int(m.group("num"))
    if n is None:
        return None
    qual_word = (m.group("qual") or "").lower()
    from casefile.facts.languages import ru, uk

    qual = uk.QUAL.get(qual_word) or ru.QUAL.get(qual_word) or ""
    if qual == "at least":
        return Quantity(n, n, None, "at least")
    if qual == "more than":
        return Quantity(n, n + 1, None, "more than")
    if qual == "up to":
        return Quantity(n, None, n, "up to")
    if qual == "nearly":
        return Quantity(n, None, n, "nearly")
    if qual:
        return Quantity(n, None, None, "approximately")
    return Quantity(n, n, n, "exact")


_ELLIPSIS = re.compile(
    r",\s*(?:а|і|и|та)\s+(?P<y>[^,;:«»\"—–-]{2,80}?)\s*[—–-]\s*(?:що|что)\s+$|"
    # "… повідомив про 31 постраждалого, мер Кременчука Віталій Малецький — про 32."
    r",\s*(?:(?:а|і|и|та)\s+)?(?P<y2>[^,;:«»\"—–-]{2,80}?)\s*[—–-]\s*(?:про|о|об)\s+$",
    re.I,
)
_LINKING = re.compile(
    r"стали|стало|стал|стала|були|було|був|була|были|было|был|была|оказались|опинилися|"
    r"опинились|залишилися|остались",
    re.I,
)


def _is_year(
    sent: str, m: re.Match[str], tail: str, cats: list[tuple[str, re.Pattern[str]]]
) -> bool:
    """A number 1900-2100 is a year unless it is the second count of a pair, with its verb
    right after it: "751 человек погиб и 1941 получил ранения" ("весной 2023 погибли" is a
    year)."""
    n = parse_int(m.group("num")) if m.group("num") else None
    if n is None or not 1900 <= n <= 2100:
        return False
    # only the second count of a pair is read as a count ("… погиб и 1941 получил")
    if not re.search(r"\d[^.;]{1,60}\s(?:и|і|й|та)\s+$", sent[: m.start()], re.I):
        return True
    # the first word or two after it say what happened: "погиб", "получил ранения"
    words = re.findall(r"[а-яёіїєґ'’-]+", tail[:40], re.I)[:2]
    return not any(p.fullmatch(w) for w in words for _, p in cats)


# A count of some of a toll already given: "Серед жертв – 50 дітей", "Среди погибших 5 детей".
_SUBCOUNT = re.compile(
    # "among the <group>": any plural genitive of a participle or adjective standing for it
    # ("среди пострадавших", "серед постраждалих", "среди убитых")
    r"(?:(?:^|[,;]\s*|\.\s*)(?:серед|среди)\s+(?:жертв|них|[а-яёіїєґ'’]+(?:их|ых|іх))"
    # the partitive constructions: "в том числе", "у тому числі", "включая", "з них", "из
    # них", "среди которых", "серед яких", and a group the dead belonged to ("семья из")
    r"|(?:^|[\s,(—–-])(?:в том числе|у тому числі|в тому числі|включая|включно з|з них|із них|"
    r"из них|среди которых|серед яких|семья из|сім['’ʼ]я з|родина з))"
    r"\s*[—–:-]?\s*(?:(?:щонайменше|не менее|по меньшей мере|как минимум|понад|более)\s+)?"
    # … and the next items of the list: "Серед жертв – 50 дітей та 94 жінки"
    r"(?:[^.;]{1,40}?(?:,|\s(?:та|і|и|й))\s+){0,4}$",
    re.I,
)


def _own_clause(tail: str, cats: list[tuple[str, re.Pattern[str]]], L: ModuleType) -> bool:
    """The count opens a clause of its own: a verb of harm right after it ("…, включая двоих
    детей, 117 пострадали"), not the next item of a list of parts."""
    w = re.match(r"\s+([а-яёіїєґ'’-]+)", tail)
    return bool(
        w
        and any(p.fullmatch(w.group(1)) for _, p in cats)
        and L.morph().parse(w.group(1).lower())[0].tag.POS in ("VERB", "PRTS")
    )


def _lives_taken(
    sent: str, start: int, tail: str, cats: list[tuple[str, re.Pattern[str]]]
) -> str | None:
    """ "забрав вісім життів", "унесла 12 жизней": the count between the verb and "lives"."""
    after = re.match(r"\s*(житт\w*|жизн\w*)\b", tail, re.I)
    before = re.search(r"([а-яёіїєґ'’-]+)\s+$", sent[max(0, start - 30) : start])
    if not after or not before:
        return None
    two = f"{before.group(1)} {after.group(1)}"
    return next((c for c, p in cats if p.fullmatch(two)), None)


def _word_before_category(
    sent: str, start: int, cats: list[tuple[str, re.Pattern[str]]]
) -> str | None:
    """Verb-first order, common in uk/ru news: "загинули 59 людей", "ранены более 100"."""
    before = sent[max(0, start - 100) : start]
    # an aside between the verb and its count is skipped: "убив, по предварительной
    # информации, одного человека"
    aside = re.search(r",\s*(?:по|за|как|як|згідно з|согласно)\s[^,]{2,50},\s*$", before, re.I)
    if aside:
        before = before[: aside.start()] + " "
    before = before[-40:]
    # a particle before the count is skipped: "гибель еще 24 человек"
    # and so is "(понад) пів" before "сотні": "Поранених - понад пів сотні"
    while pm := re.search(
        r"\s(?:еще|ещё|ще|уже|вже|также|також|всего|всього|пів|пол|понад|більше|майже|"
        r"близько|более|почти|около|свыше)\s+$",
        before,
        re.I,
    ):
        before = before[: pm.start() + 1]
    m = re.search(
        r"(?:(?P<w0>[а-яёіїєґ'’][а-яёіїєґ'’-]*)\s+)?(?P<w>[а-яёіїєґ'’][а-яёіїєґ'’-]*)"
        r"(?:\s+[—–‒-])?\s+$",
        before,
        re.I,
    )
    if not m:
        return None
    found = next((c for c, p in cats if p.fullmatch(m.group("w"))), None)
    if found is None and m.group("w0"):
        # "ворожі обстріли забрали життя двох": a two-word phrase says what happened
        two = f"{m.group('w0')} {m.group('w')}"
        found = next((c for c, p in cats if p.fullmatch(two)), None)
    return found


_ASIDE_OPEN = re.compile(
    r"^,\s*(?:в том числе|в тому числі|у тому числі|среди них|серед них|из них|з них|"
    r"включая|включно з|зокрема|из которых|з яких|"
    # a relative clause: "двоє людей, які перебували поблизу …, загинули"
    r"які|яка|який|котрі|которые|которая|который)\b",
    re.I,
)


def _aside_end(sent: str, end: int, cats: list[tuple[str, re.Pattern[str]]]) -> int | None:
    """Where an aside after a counted noun ends: the comma after which a category word comes
    ("…, в том числе 22 женщины, 17 детей и 3 младенца, погибли"), within 200 characters."""
    if not _ASIDE_OPEN.match(sent[end:]):
        return None
    for cm in re.finditer(
        r",\s*(?:(?:были|було|были бы|также|також)\s+)?([а-яёіїєґ'’-]+)", sent[end + 1 : end + 200]
    ):
        if any(p.fullmatch(cm.group(1)) for _, p in cats):
            return end + 1 + cm.start()
    return None


def _is_adjective(word: str, L: ModuleType) -> bool:
    return L.morph().parse(word.lower())[0].tag.POS in ("ADJF", "PRTF")


# Who they were, between dashes, after the counted people: "Двое жителей – мужчина 45 лет и
# девушка 21 года – получили ранения".
_BRACKET_ASIDE = re.compile(r"\s*\([^()]{1,80}\)")
_DASH_ASIDE = re.compile(r"\s+[–—]\s+[^–—.;!?]{2,80}?\s+[–—]\s+")
# A person's age between a count and what befell them: "Ще один, 47 років, отримав …".
_AGE_ASIDE = re.compile(r"\s*,\s*\d{1,3}\s+(?:років|рік|роки|лет|год|года)\s*,", re.I)


def _cat_near(
    sent: str, start: int, end: int, who: str, cats: list[tuple[str, re.Pattern[str]]]
) -> str | None:
    for word, cat in (
        ("загиблих", "killed"),
        ("погибших", "killed"),
        ("поранених", "injured"),
        ("раненых", "injured"),
        ("зниклих", "missing"),
        ("пропавших", "missing"),
    ):
        if who == word:
            return cat
    # "13 постраждалих людей": the word between the count and its noun says it
    between = sent[start:end]
    cut = between.lower().rfind(who.lower()) if who else -1
    between = between[:cut] if cut > 0 else ""
    inner = [(m.start(), c) for c, p in cats for m in [p.search(between)] if m]
    if inner:
        return min(inner)[1]
    prev = _word_before_category(sent, start, cats)
    if prev:
        return prev
    after = sent[end:]
    after = re.sub(
        r"^,\s*(?:серед них|у тому числі|в тому числі|в том числе|среди них)[^,]*,",
        lambda m: " " * len(m.group(0)),
        after,
        flags=re.I,
    )
    window = re.split(r"[;:]|,\s*(?:а|але|но|однак|однако)\s", after)[0][:120]
    hits = [(m.start(), c) for c, p in cats for m in [p.search(window)] if m]
    if hits:
        return min(hits)[1]
    before = sent[max(0, start - 80) : start]
    bh = [(m.end(), c) for c, p in cats for m in p.finditer(before)]
    if bh:
        return max(bh)[1]
    if who in ("тіл", "тел"):
        return "killed"
    return None


def _speakers_of_claims_before(
    text: str,
    paras: list[tuple[int, int]],
    sents: list[tuple[int, int]],
    quotes: list[tuple[QuoteSpan, str | None]],
    claims: list[Fact],
) -> list[tuple[QuoteSpan, str | None]]:
    """A quote with no speaker that opens a sentence right after one reporting what someone
    said, in the same paragraph, is theirs: "Кипер указывает, что удар пришелся по … . «Это уже
    третья атака …»"."""
    out = list(quotes)
    for k, (q, speaker) in enumerate(out):
        if speaker is not None:
            continue
        para = next(((s, e) for s, e in paras if s <= q.mark_start < e), None)
        if para is None:
            continue
        said = [c for c in claims if para[0] <= c.span[0] < q.mark_start and c.payload.get("actor")]
        if not said:
            continue
        last = max(said, key=lambda c: c.span[0])
        sent_end = next((e for s, e in sents if s <= last.span[0] < e), None)
        gap = text[sent_end : q.mark_start] if sent_end is not None else "x"
        if sent_end is not None and sent_end <= q.mark_start and not gap.strip():
            out[k] = (q, last.payload["actor"])
    return out


def extract_cyrillic(text: str, code: str) -> tuple[list[Fact], dict[str, str]]:
    from casefile.facts.places import cyrillic_places

    L = _lang(code)
    # (Latin letters typed inside Cyrillic words, "ребëнок": read as the Cyrillic ones they
    # look like; one letter for one, so every span stays where it was)
    text = fold_lookalikes(text)
    paras = paragraphs(text)
    sents: list[tuple[int, int]] = []
    for ps, pe in paras:
        sents.extend((ps + a, ps + b) for a, b in L.sentences(text[ps:pe]))
    orgs = _orgs(text, L)
    people = _people(text, L, orgs)
    people.add_surname_mentions(text)
    canonical: dict[str, str] = {}
    resolve = _resolver(text, people, orgs, L, canonical)
    frames = _frames(text, resolve, L)
    quotes = _quotes(text, paras, sents, resolve, people, L, frames)
    quotes = fill_speakers(text, sents, quotes, resolve, L)
    quote_ranges = [(q.start, q.end) for q, _ in quotes]
    claims = _claims(text, sents, resolve, quote_ranges, L)
    claims += _counter_claims(text, sents, quotes, claims, resolve, L)
    quotes = _speakers_of_claims_before(text, paras, sents, quotes, claims)
    facts: list[Fact] = []
    for p in people.people:
        facts.append(
            Fact(
                "person",
                p.spans[0],
                {"name": p.name, "role": p.role, "spans": [list(s) for s in p.spans]},
            )
        )
    for name, spans in orgs.items():
        first = text[spans[0][0] : spans[0][1]]
        facts.append(
            Fact(
                "organisation",
                spans[0],
                {
                    "name": org_nominative(first, L),
                    "canonical": name,
                    "spans": [list(s) for s in spans],
                },
            )
        )
    for q, speaker in quotes:
        facts.append(
            Fact("quote", (q.start, q.end), {"speaker": speaker, "text": text[q.start : q.end]})
        )
    facts.extend(claims)
    figures = _figures(text, sents, quotes, claims, resolve, L, frames)
    mark_earlier_incidents(text, sents, figures)
    facts.extend(figures)
    # Who is named as the text writes it; a known body's English form beside it.
    for f in facts:
        for key in ("speaker", "actor", "source"):
            if key in f.payload and f.kind != "organisation":
                f.payload[key + "_canonical"] = canonical.get(f.payload[key] or "")
    gazetteer = cyrillic_places(text, code, _place_lemma(L))
    facts.extend(gazetteer)
    from casefile.facts.regions import territories
    from casefile.facts.world import cyrillic_places as world_places

    known = [tuple(sp) for f in gazetteer for sp in f.payload["spans"]]
    for payload in territories(text, known):  # type: ignore[arg-type]
        facts.append(Fact("place", tuple(payload["spans"][0]), payload))  # type: ignore[arg-type]
        known += [tuple(sp) for sp in payload["spans"]]

    def unknown(word: str) -> bool:
        return not any(p.is_known for p in L.morph().parse(word))

    def first_name(word: str) -> bool:
        return any("Name" in str(p.tag) for p in L.morph().parse(word))

    places = world_places(text, known, _parses(L), unknown, first_name, tags_places=code == "ru")
    for payload in places:
        facts.append(Fact("place", tuple(payload["spans"][0]), payload))  # type: ignore[arg-type]
    from casefile.facts.localities import cyrillic_localities

    for payload in cyrillic_localities(text, L.morph()):
        facts.append(Fact("place", tuple(payload["spans"][0]), payload))  # type: ignore[arg-type]
    if not any(f.kind == "place" for f in facts):
        # "в Судане" and no city or region: the country, at country level, flagged unplaced
        from casefile.facts.world import country_places

        def forms(word: str) -> list[str]:
            return [str(p.normal_form) for p in L.morph().parse(word)]

        for payload in country_places(text, forms):
            facts.append(Fact("place", tuple(payload["spans"][0]), payload))  # type: ignore[arg-type]
    return facts, L.model_versions()


@lru_cache(maxsize=2)
def _parses(L: ModuleType) -> Any:
    """(normal form, geographic name?, known common word?) for each dictionary reading; a
    person's name or a word for people ("Прокурор", "Анна") reads as common here. Kept per
    word: the place finder asks for every word of the report."""

    @lru_cache(maxsize=200_000)
    def parses(word: str) -> tuple[tuple[str, bool, bool, bool], ...]:
        out = []
        for p in L.morph().parse(word):
            tag = str(p.tag)
            geo = "Geox" in tag
            # A word for people ("Прокурор") only when the dictionary knows it: a guessed
            # village name ("Верхньобілозерку") is often tagged animate.
            person = bool(re.search(r"Name|Surn|Patr", tag)) or (
                bool(p.is_known) and bool(re.search(r"\banim\b", tag))
            )
            common = (bool(p.is_known) and not geo and "Abbr" not in tag) or person
            if person:
                geo = False
            out.append((str(p.normal_form), geo, common, person))
        return tuple(out)

    return parses


def _place_lemma(L: ModuleType) -> Any:
    """The gazetteer's lemma function; a word the dictionary knows only as a common word comes
    back marked ("!робот"), so "Роботи" (robots) is not taken for a form of Роботине."""
    parses = _parses(L)

    def lemma(word: str) -> str:
        readings = parses(word)
        if readings and all(r[2] for r in readings):
            return "!" + "|".join(dict.fromkeys(r[0] for r in readings))
        return str(L.lemma(word))

    return lemma
