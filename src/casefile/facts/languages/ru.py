"""Russian: lexicon for the shared Cyrillic rules, natasha for sentences, names and lemmas.

natasha's NER runs numpy matrix products; with the default thread pool on a small machine it is
many times slower than on one thread, so the pool is limited to one thread while it runs.
"""

from __future__ import annotations

import os
import re
from contextlib import AbstractContextManager, nullcontext
from functools import lru_cache
from typing import Any

from casefile.facts.languages.glued import split_glued
from casefile.facts.languages.morph import Morphology

LANG = "ru"
REPORT_VERBS = (
    r"проинформировал|проинформировала|проинформировали|заверил|заверила|заверили|"
    r"заявило|сообщило|отметило|установили|установило|выяснили|"
    r"заявил|заявила|заявили|заявляет|заявляют|сказал|сказала|сказали|говорит|говорят|сообщил|"
    r"сообщила|сообщили|сообщает|сообщают|отметил|отметила|отметили|подчеркнул|подчеркнула|"
    r"добавил|добавила|добавили|написал|написала|написали|пишет|рассказал|рассказала|"
    r"рассказали|рассказывает|утверждает|утверждают|утверждал|пояснил|пояснила|предупредил|"
    r"предупредила|предупредили|отмечает|отмечают|подытожил|подытожила|"
    r"указывает|указывают|указал|указала|считает|считают|объяснил|объяснила|заметил|заметила|"
    r"признал|признала|настаивает|настаивают|настаивал|настаивала|настаивали"
)
DENY_VERBS = (
    r"отрицает|отрицают|отрицал|отрицала|отрицали|отверг|отвергла|отвергли|отвергает|отвергают|"
    r"опроверг|опровергла|опровергли|опровергает"
)
ACCUSE_VERBS = r"обвинил|обвинила|обвинили|обвиняет|обвиняют|обвинял|обвиняли"
CONDEMN_VERBS = r"осудил|осудила|осудили|осуждает|осуждают"
ABOUT_THIS = (
    r"(?:[Оо]б этом|[Оо] таком)\s+(?:[\w-]+\s+){0,5}?(?:сообщил|сообщила|сообщили|сообщило|"
    r"сообщает|сообщают|заявляет|заявляют|заявил|"
    r"заявила|заявили|заявило|пишет|пишут|написал|написала|рассказал|рассказала|рассказали|"
    r"говорится в|информирует|проинформировал|проинформировала)"
)
PRONOUN_SOURCE = r"по (?:его|ее|её|их) словам|по (?:его|ее|её|их) данным"
# Verbs that close a sentence with its source ("…, передает агентство") besides REPORT_VERBS,
# and frames that point back at figures already given ("Такие данные приводит минздрав").
CLOSING_VERBS = (
    r"передает|передают|передал|передала|уточнил|уточнила|уточнили|уточняет|приводит|приводят"
)
SUCH_DATA = (
    r"(?:[Тт]акие|[Ээ]ти) (?:данные|цифры)\s+(?:\w+\s+)?(?:приводит|приводят|привел|привела|"
    r"привели|привело|опубликовал|опубликовала|опубликовали|опубликовало|публикует|озвучил|"
    r"озвучила|озвучили|озвучило)|"
    r"(?:[Ээ]та|[Тт]акая) информация (?:поступила|пришла|появилась) от"
)
OBJECT_VERBS = (
    r"подтвердил|подтвердила|подтвердили|сообщил о|сообщила о|сообщили о|сообщило о|"
    r"заявил о|заявила о|заявили о|рассказал о"
)
ASSERT_ONLY = r"утверждает|утверждают|утверждал|утверждала|утверждали"
# A statement that speaks for its author: "«…», — говорится в сообщении".
IMPERSONAL = (
    r"говорится|сказано|отмечается|указывается|подчеркивается|сообщается|уточняется|"
    r"отмечено|указано|заявлено|подчеркнуто|уточнено|сообщено"
)
STATEMENTS = (
    r"сообщении|заявлении|документе|релизе|пресс-релизе|докладе|отчете|отчёте|публикации|"
    r"материале|посте|обращении|телеграм-канале|telegram-канале|Telegram-канале|справке|сводке"
)
# A toll given with a feeling: "X потрясена сообщениями об убийстве 460 человек" (X gave it).
FEELINGS = (
    r"потрясен\w*|шокирован\w*|возмущен\w*|встревожен\w*|обеспокоен\w*|ужаснул\w*|"
    r"опечален\w*|скорбит|скорбят"
)
THAT = r"что"
QUAL = {
    "как минимум": "at least",
    "по меньшей мере": "at least",
    "не менее": "at least",
    "минимум": "at least",
    "более": "more than",
    "свыше": "more than",
    "больше": "more than",
    "почти": "nearly",
    "около": "approximately",
    "примерно": "approximately",
    "порядка": "approximately",
    "до": "up to",
}
WHO = (
    r"человек|людей|человека|мирных жителей|жителей|гражданских|мирных граждан|детей|ребенка|"
    r"ребёнка|женщин|мужчин|тел|пленных|военнопленных|военных|бойцов|медиков|журналистов|"
    r"спасателей|пассажиров|пациентов|погибших|раненых|пропавших|жертв|дети|люди|сотрудников|"
    r"работников|военнослужащих|солдат|полицейских"
)
CATEGORIES: tuple[tuple[str, str], ...] = (
    ("exhumed", r"эксгумир\w*|эксгумац\w*"),
    ("buried", r"похорон\w*|захоронен\w*|могил\w*"),
    (
        "injured",
        r"ранен\w*|ранены|ранил\w*|ранения|пострадал\w*|пострадавш\w*|травмирован\w*|травм[аыуе]|"
        r"баротравм\w*|травмами|контузи\w*|контужен\w*|ранив\b|ранивш\w*|ожог\w*|потерпевш\w*|"
        r"телесн\w* повреждени\w*\b(?!,?\s+не\w*\s+с\s+жизнью)|госпитализирован\w*|"
        r"госпитализирова[лв]\w*|"
        r"доставлен\w* в (?:больниц|медучрежден|госпитал)\w*|"
        r"наход\w* в (?:больниц|медучрежден|госпитал)\w*",
    ),
    ("missing", r"без вести|пропавш\w*|пропали|пропал\b|в розыске|разыскивают"),
    (
        "detained",
        r"задержан\w*|задержал\w*|арестован\w*|арестовал\w*|похищен\w*|похитил\w*|"
        r"удерживают|плен\w*",
    ),
    ("deported", r"депорт\w*|вывез\w*|вывезен\w*|принудительно перемещен\w*"),
    (
        "displaced",
        r"эвакуирован\w*|эвакуировал\w*|переселен\w*|беженц\w*|перемещен\w*|покинул\w*|"
        r"бежал\w*|выехал\w*|без жилья|без крова",
    ),
    (
        "killed",
        r"гибел\w*|погиб\w*|убит\w*|убил\w*|расстрел\w*|казнен\w*|умерл\w*|умер\b|скончал\w*|"
        r"смерт\w*|тел\w*|"
        r"жертв\w*|убийств\w*|унес\w* жизн\w*|унёс\w* жизн\w*|унос\w* жизн\w*|забра\w* жизн\w*|"
        r"оборва\w* жизн\w*|убив\b|убивш\w*|зарезал\w*|застрелил\w*|застрелен\w*|"
        r"лиши\w* жизни|потеря\w* жизн\w*|жизни лиши\w*",
    ),
)
TOLL = r"(?:число|количество)\s+(?:погибших|жертв|убитых)"
VAGUE_WORDS = ("десятки тысяч", "десятки", "сотни", "тысячи", "тысяч")
NOTES = (
    (r"по предварительным данным|предварительно|предварительные данные", "preliminary"),
    (
        r"может вырасти|могут вырасти|может увеличиться|вероятно,? вырастет|будет расти|уточняется",
        "likely to rise",
    ),
)
SOURCE = (
    r"по данным|по словам|как сообщил|как сообщила|как сообщили|как заявил|как заявила|как заявили|"
    r"по информации|сообщает|сообщают|"
    # a count's owner in the genitive: "По подсчетам Министерства здравоохранения Ливана"
    r"по подсчетам|по подсчётам|по оценкам|по сведениям|согласно данным|по сообщению|"
    r"по сообщениям"
)
TITLES = (
    r"генпрокурор\w*|генеральн\w+ прокурор\w*|президент\w*|премьер-министр\w*|министр\w*|"
    r"глав[аеыу]|председател\w*|губернатор\w*|мэр\w*|пресс-секретар\w*|представител\w*|советник\w*|"
    r"уполномоченн\w+|омбудсмен\w*|командующ\w+|прокурор\w*|руководител\w*|начальник\w*|"
    r"посол\w*|заместител\w*|спикер\w*|депутат\w*|генсек\w*|генеральн\w+ секретар\w*|"
    r"секретар\w*|комиссар\w*|жител\w+|свидетел\w*|волонтер\w*|врач\w*|официальн\w+ представител\w*"
    r"|генерал\w*|полковник\w*|подполковник\w*|майор\w*|капитан\w*|лейтенант\w*|адмирал\w*|директор\w*"
)
ORGS = {
    r"ООН": "United Nations",
    r"ЕС|Евросоюз\w*|Европейск\w+ Союз\w*": "European Union",
    r"МУС|Международн\w+ уголовн\w+ суд\w*": "International Criminal Court",
    r"Кремл\w+": "Kremlin",
    r"Минобороны|Министерств\w+ обороны": "Ministry of Defence",
    r"ВСУ|Вооруженн\w+ сил\w* Украины": "Armed Forces of Ukraine",
    r"СБУ": "Security Service of Ukraine",
    r"Офис\w* генпрокурора|Офис\w* [Гг]енерального прокурора": "Prosecutor General's Office",
    r"Нацполици\w+|Национальн\w+ полици\w+": "National Police of Ukraine",
    r"ГСЧС": "State Emergency Service",
    r"МИД\w*": "Ministry of Foreign Affairs",
    r"Красн\w+ Крест\w*": "Red Cross",
    r"НАТО": "NATO",
    r"ОБСЕ": "OSCE",
    r"Human Rights Watch": "Human Rights Watch",
    r"Amnesty International|Амнести\w*": "Amnesty International",
    r"Медиазон\w+": "Mediazona",
    r"Новая газета|Новой газет\w+": "Novaya Gazeta",
    r"ТАСС": "TASS",
    r"ИТАР-ТАСС": "TASS",
    r"РИА Новости": "RIA Novosti",
}
ACTORS = {
    r"Росси[яиюей]|Россией": "Russia",
    r"Москв\w+": "Moscow",
    r"Украин[аыеуой]|Украиной": "Ukraine",
    r"Кремл\w+": "Kremlin",
    r"Киев\w*": "Kyiv",
}
# Each actor as the text's language names it (the nominative), for reporting it as written.
ACTOR_NAMES = {
    "Russia": "Россия",
    "Moscow": "Москва",
    "Ukraine": "Украина",
    "Kremlin": "Кремль",
    "Kyiv": "Киев",
}


def _one_thread() -> AbstractContextManager[Any]:
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        os.environ.setdefault("OMP_NUM_THREADS", "1")
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
        return nullcontext()
    limiter: AbstractContextManager[Any] = threadpool_limits(limits=1)
    return limiter


@lru_cache(maxsize=1)
def _natasha() -> tuple[Any, Any, Any]:
    from natasha import MorphVocab, NewsEmbedding, NewsNERTagger, Segmenter

    emb = NewsEmbedding()
    return Segmenter(), NewsNERTagger(emb), MorphVocab()


# First names the dictionary lacks or files under another reading (Володимир, the town).
MORPH = Morphology(
    LANG,
    [
        "Владимир",
        "Владимира",
        "Владимиру",
        "Алексей",
        "Алексея",
        "Виталий",
        "Виталия",
        "Юлия",
        "Юлии",
        "Татьяна",
        "Татьяны",
        "Наталья",
        "Натальи",
        "Вячеслав",
        "Вячеслава",
        "Игорь",
        "Игоря",
        "Сергей",
        "Сергея",
        "Юрий",
        "Юрия",
        "Михаил",
        "Михаила",
        "Евгений",
        "Евгения",
        "Валерий",
        "Валерия",
        "Геннадий",
        "Геннадия",
        "Анатолий",
        "Анатолия",
        "Матильда",
        "Матильды",
    ],
)
morph = MORPH.morph
lemma = MORPH.lemma
is_name_part = MORPH.is_name_part
nominative = MORPH.nominative
gender_of = MORPH.gender_of


def people_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, nominative name) for each person natasha finds."""
    from natasha import Doc

    segmenter, ner, _vocab = _natasha()
    doc = Doc(text)
    with _one_thread():
        doc.segment(segmenter)
        doc.tag_ner(ner)
    out: list[tuple[int, int, str]] = []
    for span in doc.spans:
        if span.type != "PER":
            continue
        words = span.text.split()
        gender = gender_of(words[0]) if len(words) > 1 else None
        if gender == "femn" and _genitive_context(text[max(0, span.start - 40) : span.start]):
            # "по словам губернатора Вячеслава Гладкова": after a noun that governs the
            # genitive, Вячеслава is a man's name in the genitive, not a woman's nominative.
            masc = [p for p in morph().parse(words[0]) if "Name" in p.tag and "masc" in p.tag]
            if any("gent" in p.tag for p in masc):
                gender = "masc"
        full = MORPH.full_name(words, MORPH.oblique_before(text[: span.start])) if gender else None
        normal = full or " ".join(nominative(w, gender) for w in words)
        out.append((span.start, span.stop, normal))
    return out


def _genitive_context(before: str) -> bool:
    """The word before a name is a noun not in the nominative ("губернатора", "словам",
    "главы"): the name is its genitive complement."""
    m = re.search(r"([а-яё-]+)\s*$", before, re.I)
    if not m:
        return False
    parses = morph().parse(m.group(1))
    nouns = [p for p in parses if p.tag.POS == "NOUN"]
    return bool(nouns) and not any("nomn" in p.tag for p in parses)


def sentences(text: str) -> list[tuple[int, int]]:
    from razdel import sentenize

    spans = [(s.start, s.stop) for s in sentenize(text)] or [(0, len(text))]
    return split_glued(text, spans)


def model_versions() -> dict[str, str]:
    from importlib.metadata import version

    return {
        name: version(name)
        for name in ("natasha", "slovnet", "navec", "pymorphy3", "pymorphy3-dicts-ru")
    }
