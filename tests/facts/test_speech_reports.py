"""Who reports a figure in Ukrainian and Russian, read by morphology (``languages.speech``): a
verb of saying by its lemma, its subject by agreement, its scope the sentence, the paragraph and
the paragraph before. Every report here is written for the test, in wordings the phrase frames
of ``cyrillic`` do not list."""

from __future__ import annotations

import pytest

from casefile.facts import extract_facts
from casefile.facts.languages import ru, uk
from casefile.facts.languages.speech import reports


def _sources(text: str, lang: str) -> dict[tuple[str, int | None], str | None]:
    figs = extract_facts(text, language=lang).to_json()["figures"]
    return {(f["category"], f["count"]): f["source"] for f in figs}


def _who(text: str, lang: str) -> list[str]:
    L = uk if lang == "uk" else ru
    sents = [(0, len(text))]

    def resolve(phrase: str, start: int, end: int) -> str:
        return phrase.strip()

    return [r.who for r in reports(text, sents, resolve, L)]


# --- the subject by agreement, whatever the verb's form ---------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "who"),
    [
        # an object first, the subject after the verb
        ("Новину оприлюднила обласна прокуратура.", "uk", "обласна прокуратура"),
        # a title and a name before the verb, a channel after it
        (
            "Очільниця громади Ольга Петренко розповіла у своєму телеграм-каналі про удар.",
            "uk",
            "Очільниця громади Ольга Петренко",
        ),
        # the verb opens the clause: the subject follows it
        ("Как проинформировал губернатор Иван Сидоров, удар был ночным.", "ru", "губернатор"),
        # present tense, plural: "у ДСНС" is where it was said
        ("У ДСНС повідомляють про завершення рятувальної операції.", "uk", "У ДСНС"),
    ],
)
def test_the_subject_of_a_verb_of_saying(text: str, lang: str, who: str) -> None:
    found = _who(text, lang)
    assert found and found[0].startswith(who.split()[0])


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        # a feminine noun of the toll's clause is not the subject of a masculine verb
        ("Загинула жінка, повідомив.", "uk"),
        # a quote's words are not the frame
        ("«Ми повідомили всім», — сказано в листі.", "uk"),
        # "приводит к гибели" is no saying
        ("Каждый такой обстрел приводит к гибели людей.", "ru"),
    ],
)
def test_no_subject_where_none_agrees(text: str, lang: str) -> None:
    assert _who(text, lang) == []


# --- the figure's source, by scope -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "key", "source"),
    [
        # the paragraph after the toll, an object before its verb
        (
            "Унаслідок обстрілу Херсона загинули двоє людей.\nНовину оприлюднила обласна "
            "прокуратура, яка розпочала розслідування.",
            "uk",
            ("killed", 2),
            "обласна прокуратура",
        ),
        # the same paragraph, a figure after the official's statement about something else
        (
            "Внаслідок атаки дронів на Нікополь загинула жінка 62 років.\nОчільниця "
            "Нікопольської громади Ольга Петренко розповіла у своєму телеграм-каналі про "
            "наслідки удару. Також троє людей зазнали поранень.",
            "uk",
            ("injured", 3),
            "Ольга Петренко",
        ),
        # a plural verb of a body named by where it speaks
        (
            "Кількість загиблих внаслідок удару по Одесі зросла до восьми. У Державній службі "
            "з надзвичайних ситуацій повідомили, що рятувальна операція триває.",
            "uk",
            ("killed", 8),
            "Державна служба з надзвичайних ситуацій",
        ),
        # Russian: the paragraph before, a verb not in the frame lists
        (
            "Губернатор области Иван Сидоров проинформировал журналистов об атаке.\nВ "
            "результате удара беспилотника по селу погибли три человека.",
            "ru",
            ("killed", 3),
            "Иван Сидоров",
        ),
    ],
)
def test_a_figure_takes_the_reporter_in_scope(
    text: str, lang: str, key: tuple[str, int], source: str
) -> None:
    assert _sources(text, lang)[key] == source


@pytest.mark.parametrize(
    ("text", "lang", "key"),
    [
        # an official quoted two paragraphs on is not the lead's source
        (
            "На Чернігівщині виявили тіла 8 цивільних.\n\nРозслідування триває.\n\n«Це доказ "
            "злочинів», — заявив прокурор області Олександр Кравченко.",
            "uk",
            ("killed", 8),
        ),
        # an earlier report recalled takes no source
        (
            "Як поінформувала поліція, загинули двоє людей.\nРанее сообщалось о 12 погибших.",
            "ru",
            ("killed", 12),
        ),
        # a region is not who speaks
        ("В Донецкой области заявили, что погибли 14 человек.", "ru", ("killed", 14)),
    ],
)
def test_no_source_out_of_scope(text: str, lang: str, key: tuple[str, int]) -> None:
    found = _sources(text, lang)
    assert key in found
    assert found[key] is None


# --- a counted noun the list lacks, found by the dictionary's "animate" ----------------------


@pytest.mark.parametrize(
    ("text", "lang", "key"),
    [
        ("Четыре мирных жителя погибли во время обстрела села.", "ru", ("killed", 4)),
        ("Троє місцевих фермерів загинули внаслідок удару по полю.", "uk", ("killed", 3)),
        ("Пятеро волонтеров получили ранения при обстреле.", "ru", ("injured", 5)),
        ("У лікарні перебувають 7 поранених школярів.", "uk", ("injured", 7)),
    ],
)
def test_a_toll_of_people_the_list_does_not_name(
    text: str, lang: str, key: tuple[str, int]
) -> None:
    assert key in _sources(text, lang)


@pytest.mark.parametrize(
    "text",
    [
        "Над областью збили 12 безпілотників.",  # things, not people
        "Пошкоджено 4 житлових будинки.",
    ],
)
def test_things_counted_are_no_toll(text: str) -> None:
    assert _sources(text, "uk") == {}


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Раніше було відомо про 13 постраждалих, серед них жінка.", ("injured", 13)),
        ("Гладков заявив, що наразі є троє постраждалих, вони госпіталізовані.", ("injured", 3)),
        ("Відомо про 5 загиблих у селі.", ("killed", 5)),
    ],
)
def test_a_category_word_counted_stays_a_toll(text: str, key: tuple[str, int]) -> None:
    # the counted word is both an animate noun and the category ("постраждалих"): the
    # dictionary's reading must not hide the category (a dev8 regression of 2508aa9)
    assert key in _sources(text, "uk")


@pytest.mark.parametrize(
    ("text", "lang", "who"),
    [
        # a noun after its preposition is a circumstance, not who speaks
        ("Про ситуацію на вечір розповів голова ОВА Сергій Лисак.", "uk", "голова"),
        ("О ситуации на утро рассказал глава администрации.", "ru", "глава"),
        ("Про удар у Telegram написав мер Ігор Терехов.", "uk", "мер"),
    ],
)
def test_a_noun_after_a_preposition_is_not_the_subject(text: str, lang: str, who: str) -> None:
    found = _who(text, lang)
    assert found and found[0].startswith(who)
