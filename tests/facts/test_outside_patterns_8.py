"""Causes behind dev5's misses (issue 25, tenth round), each tested on wording no outside report
had: a sentence that points back at the toll ("Цю інформацію оприлюднило …", "Об этом со
ссылкой на … передает …") read by its parts of speech rather than a list of verbs; every report
here is written for the test."""

from __future__ import annotations

from typing import Any

import pytest

from casefile.facts import extract_facts


def _json(text: str, lang: str) -> dict[str, Any]:
    return extract_facts(text, language=lang).to_json()


def _sources(text: str, lang: str) -> set[tuple[str, int | None, str | None]]:
    return {(f["category"], f["count"], f["source"]) for f in _json(text, lang)["figures"]}


# --- a sentence that points back at what was said, whatever its verb and order ---------------


@pytest.mark.parametrize(
    ("text", "lang", "source"),
    [
        # the object first, then the verb, then a neuter or plural subject
        (
            "Унаслідок удару по селищу загинули троє людей. Цю інформацію оприлюднила "
            "Херсонська обласна прокуратура.",
            "uk",
            "Херсонська обласна прокуратура",
        ),
        (
            "Унаслідок удару по селищу загинули троє людей.\n\nЦі дані вранці підтвердили "
            "рятувальники.",
            "uk",
            "рятувальники",
        ),
        # the subject before the verb, the channel after it
        (
            "Унаслідок удару по селищу загинули троє людей. Про це начальник ОВА Іван "
            "Федоров повідомив у Telegram.",
            "uk",
            "Іван Федоров",
        ),
        # an outlet citing a group without a name: the outlet
        (
            "При обстреле рынка погибли трое человек.\n\nОб этом со ссылкой на врачей "
            "больницы передает РБК.",
            "ru",
            "РБК",
        ),
        # an outlet citing a named body: the body
        (
            "При обстреле рынка погибли трое человек. Эти сведения со ссылкой на Минздрав "
            "Газы привело агентство Reuters.",
            "ru",
            "Минздрав Газы",
        ),
        (
            "При обстреле рынка погибли трое человек. Об этом в субботу написал в своем "
            "канале губернатор Александр Богомаз.",
            "ru",
            "Александр Богомаз",
        ),
    ],
)
def test_sentence_pointing_back_names_the_source(text: str, lang: str, source: str) -> None:
    assert _sources(text, lang) == {("killed", 3, source)}


def test_sentence_pointing_back_without_a_subject_names_nobody() -> None:
    # "Это произошло в районе рынка": a circumstance after the verb, not who said it
    text = "При обстреле погибли трое человек. Это произошло в районе рынка."
    assert _sources(text, "ru") == {("killed", 3, None)}


# --- a toll without a count: one person, or people listed by their ages ----------------------


@pytest.mark.parametrize(
    ("text", "lang", "want"),
    [
        ("Унаслідок удару дрона в селі загинула 64-річна пенсіонерка.", "uk", ("killed", 1)),
        ("Місцевий мешканець отримав осколкові поранення.", "uk", ("injured", 1)),
        ("Під час обстрілу тяжко поранено не було, але водій загинув.", "uk", ("killed", 1)),
        ("При атаке беспилотника погиб 41-летний водитель автобуса.", "ru", ("killed", 1)),
        ("Подросток тяжело ранен осколками снаряда.", "ru", ("injured", 1)),
        ("Женщина получила ранения во время обстрела рынка.", "ru", ("injured", 1)),
    ],
)
def test_one_person_is_a_toll_of_one(text: str, lang: str, want: tuple[str, int]) -> None:
    assert {(f["category"], f["count"]) for f in _json(text, lang)["figures"]} == {want}


@pytest.mark.parametrize(
    ("text", "lang", "want"),
    [
        ("До лікарні звернулися жінки 34, 52 та 70 років, які були поранені.", "uk", 3),
        ("Ранения получили мужчины 28 и 45 лет, находившиеся на остановке.", "ru", 2),
        ("Поранення дістали підлітки 15 і 17 років.", "uk", 2),
    ],
)
def test_people_listed_by_ages_are_as_many(text: str, lang: str, want: int) -> None:
    assert {(f["category"], f["count"]) for f in _json(text, lang)["figures"]} == {
        ("injured", want)
    }


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        # an act condemned, an attribute, a person who speaks about the dead
        ("Президент осудил убийство и потребовал расследования.", "ru"),
        ("У лікарні померла поранена раніше людина.", "uk"),
        ("Мешканець села розповів про загиблих сусідів.", "uk"),
    ],
)
def test_a_person_next_to_death_is_not_always_one_dead(text: str, lang: str) -> None:
    cats = {(f["category"], f["count"]) for f in _json(text, lang)["figures"]}
    assert ("injured", 1) not in cats
    assert ("killed", 1) not in cats or "померла" in text


# --- a part of a toll, by its partitive construction -----------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "part"),
    [
        ("Погибли одиннадцать человек, в том числе четверо детей.", "ru", 4),
        ("Погибли 14 человек, из них шестеро детей.", "ru", 6),
        ("Погибли 14 человек, среди которых семья из пяти человек.", "ru", 5),
        ("Загинули 14 людей, у тому числі четверо жінок.", "uk", 4),
        ("Загинули 14 людей, з них шестеро дітей.", "uk", 6),
    ],
)
def test_a_part_of_the_toll_is_a_sub_count(text: str, lang: str, part: int) -> None:
    notes = {f["count"]: f["note"] for f in _json(text, lang)["figures"]}
    assert notes[part] == "sub-count"
    assert notes[max(notes)] is None


# --- a source that is only a common noun: the body last named with it ------------------------


@pytest.mark.parametrize(
    ("text", "lang", "source"),
    [
        (
            "Об ударе сообщает ТАСС со ссылкой на агентство Petra.\n\nПо данным агентства, "
            "погибли восемь человек.",
            "ru",
            "агентство Petra",
        ),
        (
            "Міністерство охорони здоров'я Ємену повідомило про удари. За даними міністерства, "
            "загинули 12 людей.",
            "uk",
            "Міністерство охорони здоров'я Ємену",
        ),
        (
            "Прокуратура Харківщини розпочала провадження.\n\nЗа даними прокуратури, загинули "
            "двоє людей.",
            "uk",
            "Прокуратура Харківщини",
        ),
    ],
)
def test_a_common_noun_source_is_the_body_named_before(text: str, lang: str, source: str) -> None:
    assert {f["source"] for f in _json(text, lang)["figures"]} == {source}


# --- a Ukrainian man's name of the -о declension, from any case ------------------------------


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Загинули двоє людей. Про це повідомляє Укрінформ з посиланням на заяву "
            "Данила Гетманцева.",
            "Данило Гетманцев",
        ),
        (
            "“Ворог бив по громаді всю ніч”, – написав у дописі Кирила Буданова речник.",
            None,
        ),
        ("За словами Кирила Лисенка, загинули троє людей.", "Кирило Лисенко"),
        ("Загинули троє людей, повідомив Гаврило Марченко.", "Гаврило Марченко"),
    ],
)
def test_ukrainian_name_in_o_from_its_oblique_case(text: str, speaker: str | None) -> None:
    got = _json(text, "uk")
    names = {f["source"] for f in got["figures"]} | {q["speaker"] for q in got["quotes"]}
    assert not any(n and n.startswith(("Кирил ", "Данил ", "Гаврил ")) for n in names)
    if speaker:
        assert speaker in names


# --- English: a dateline or "the capital" says place, whatever the tagger made of the word ------


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Sana'a, April 2 (Saba) - Nine civilians were killed in an air strike.", "Sanaa"),
        ("Bamako, Mali (AFP) - Gunmen killed 12 people at a market, officials said.", "Bamako"),
        ("Officials spoke in Geneva.\nGoma, June 3 (Xinhua) - Four people were killed.", "Goma"),
        ("Nine civilians were killed in strikes on the capital Sana'a on Friday.", "Sanaa"),
        ("Twelve people were killed in the capital, Bamako, police said.", "Bamako"),
    ],
)
def test_dateline_and_capital_name_a_place(text: str, place: str) -> None:
    assert place in {p["name"] for p in _json(text, "en")["places"]}


def test_a_dateline_of_an_agency_alone_is_no_place() -> None:
    text = "Reuters, May 3 - Four people were killed in an attack, officials said."
    assert _json(text, "en")["places"] == []


# --- a figure its sentence gives no source for goes on the paragraph's account ---------------


@pytest.mark.parametrize(
    ("text", "lang", "source"),
    [
        (
            "По данным агентства Petra, погибли 12 человек. Еще трое получили ранения.",
            "ru",
            "агентство Petra",
        ),
        (
            "За даними ДСНС, загинули 12 людей. Ще троє отримали поранення.",
            "uk",
            "ДСНС",
        ),
        (
            "Губернатор Иван Петров сообщил о гибели 12 человек. Позже в больнице умерли еще трое.",
            "ru",
            "Иван Петров",
        ),
    ],
)
def test_a_figure_without_its_own_source_goes_on_the_paragraphs(
    text: str, lang: str, source: str
) -> None:
    assert {f["source"] for f in _json(text, lang)["figures"]} == {source}


def test_the_next_paragraph_does_not_inherit() -> None:
    text = "По данным агентства Petra, погибли 12 человек.\n\nЕще трое получили ранения."
    sources = {f["count"]: f["source"] for f in _json(text, "ru")["figures"]}
    assert sources == {12: "агентство Petra", 3: None}


# --- the outlet that relays an attribution is not the source; a body keeps its adjective -----


@pytest.mark.parametrize(
    ("text", "lang", "source"),
    [
        (
            "Унаслідок обстрілу загинули троє людей.\nПро це повідомляє пресслужба Харківської "
            "обласної військової адміністрації, передає Суспільне.",
            "uk",
            "Харківська обласна військова адміністрація",
        ),
        (
            "При обстреле погибли трое человек.\nОб этом сообщила пресс-служба Белгородской "
            "областной администрации, передает ТАСС.",
            "ru",
            "пресс-служба Белгородской областной администрации",
        ),
        (
            "Унаслідок обстрілу загинули троє людей. Цю інформацію оприлюднила Одеська міська "
            "рада, передає Укрінформ.",
            "uk",
            "Одеська міська рада",
        ),
    ],
)
def test_relaying_outlet_is_not_the_source(text: str, lang: str, source: str) -> None:
    sources = {f["source"] for f in _json(text, lang)["figures"]}
    assert sources == {source}


# --- a statement quoted paragraphs after the frame that named its author ----------------------


@pytest.mark.parametrize(
    ("text", "lang", "speaker"),
    [
        (
            "Загинули троє людей. Про це повідомила обласна прокуратура.\n\nЗа даними слідства, "
            "удар завдали ввечері.\n\n«Під завалами знайшли тіла трьох людей», – йдеться у "
            "повідомленні.",
            "uk",
            "обласна прокуратура",
        ),
        (
            "Погибли трое. Эти данные привело министерство здравоохранения Ливана.\n\nУдары "
            "продолжались всю ночь.\n\n«Под завалами нашли тела трех человек», — говорится в "
            "сообщении.",
            "ru",
            "министерство здравоохранения Ливана",
        ),
        (
            "Загинули троє людей. Цю інформацію підтвердила поліція Київщини.\n\nНа місці "
            "працюють слідчі.\n\n«Тривають пошуки ще двох людей», – зазначається в дописі.",
            "uk",
            "поліція Київщини",
        ),
    ],
)
def test_statement_quoted_later_is_its_frames(text: str, lang: str, speaker: str) -> None:
    assert speaker in {q["speaker"] for q in _json(text, lang)["quotes"]}


# --- after dev6's first run: more shapes of the same families ---------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "source"),
    [
        # a noun before the pointing object
        (
            "Загинули троє людей. Інформацію про це оприлюднила Сумська обласна прокуратура.",
            "uk",
            "Сумська обласна прокуратура",
        ),
        (
            "Погибли трое. Сообщение об этом распространило министерство здравоохранения.",
            "ru",
            "министерство здравоохранения",
        ),
        # a personal pronoun pointing back in a clause after a contrast
        (
            "Загинули троє людей. Удар стався вночі, але про нього повідомила лише поліція "
            "Київщини.",
            "uk",
            "поліція Київщини",
        ),
        (
            "Погибли трое. Удар был нанесен ночью, однако о нем сообщило только агентство Reuters.",
            "ru",
            "агентство Reuters",
        ),
    ],
)
def test_pointing_back_in_other_shapes(text: str, lang: str, source: str) -> None:
    assert {f["source"] for f in _json(text, lang)["figures"]} == {source}


@pytest.mark.parametrize(
    ("text", "lang", "source"),
    [
        (
            "Мер Іван Петренко приїхав на місце.\n\nГолова громади додав, що ракета влучила в "
            "школу. Загинули двоє людей. Ще п'ятеро отримали поранення.",
            "uk",
            "Іван Петренко",
        ),
        (
            "Губернатор Олег Петров приехал на место.\n\nГлава региона подчеркнул, что удар "
            "пришелся по рынку. Погибли двое. Еще пятеро получили ранения.",
            "ru",
            "Олег Петров",
        ),
        (
            "Ольга Мельник, речниця ДСНС, пояснила, що рятувальники працювали всю ніч. Загинули "
            "двоє людей.",
            "uk",
            "Ольга Мельник",
        ),
    ],
)
def test_paragraph_opened_by_a_report_is_its_figures_source(
    text: str, lang: str, source: str
) -> None:
    assert {f["source"] for f in _json(text, lang)["figures"]} == {source}


@pytest.mark.parametrize(
    ("text", "lang", "source"),
    [
        (
            "Губернатор области Игорь Артамонов сообщил, что ночью атаковали поселок.\n"
            "По уточненным данным, погибли два человека.",
            "ru",
            "Игорь Артамонов",
        ),
        (
            "Очільник ОВА Сергій Лисак розповів, що ворог бив по місту.\n"
            "За попередніми даними, загинули двоє людей.",
            "uk",
            "Сергій Лисак",
        ),
        (
            "Мэр города Андрей Иванов рассказал, что удар пришелся по рынку.\n"
            "По последней информации, погибли два человека.",
            "ru",
            "Андрей Иванов",
        ),
    ],
)
def test_data_nobody_is_named_for_are_the_last_speakers(text: str, lang: str, source: str) -> None:
    assert {f["source"] for f in _json(text, lang)["figures"]} == {source}


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Вона була з касетним боєприпасом, – розповів він про ракету.", "uk"),
        ("Она упала на жилой дом, – рассказал он.", "ru"),
        ("Вони прилетіли вночі.", "uk"),
    ],
)
def test_a_pronoun_opening_a_sentence_is_no_person(text: str, lang: str) -> None:
    people = {p["name"] for p in _json(text, lang)["people"]}
    assert not people & {"Вон", "Вона", "Она", "Вони"}


# --- English: a part of a toll, and the category word between the count and its noun ---------


@pytest.mark.parametrize(
    ("text", "part"),
    [
        ("Among the dead were four police officers, the governor said.", 4),
        ("At least 20 people were killed, including six children, officials said.", 6),
        ("Fourteen civilians died; among them were two journalists.", 2),
        ("The dead included five children, a local official said.", 5),
    ],
)
def test_english_part_of_a_toll_is_a_sub_count(text: str, part: int) -> None:
    notes = {f["count"]: f["note"] for f in _json(text, "en")["figures"]}
    assert notes[part] == "sub-count"


def test_english_parts_of_a_mixed_total_are_tolls() -> None:
    text = "The strikes caused 90 casualties, including 20 deaths and 70 injuries."
    notes = {f["count"]: f["note"] for f in _json(text, "en")["figures"]}
    assert notes.get(20) is None and notes.get(70) is None


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Around 12 wounded villagers were flown to the capital.", ("injured", 12)),
        ("Some 30 injured passengers were taken to two hospitals.", ("injured", 30)),
        ("Medics treated 9 wounded miners at the shaft.", ("injured", 9)),
    ],
)
def test_english_category_word_before_the_noun(text: str, want: tuple[str, int]) -> None:
    assert want in {(f["category"], f["count"]) for f in _json(text, "en")["figures"]}


def test_english_dead_before_the_noun_leaves_the_verb_its_say() -> None:
    text = "Investigators exhumed 40 dead civilians from a mass grave near the town."
    assert {(f["category"], f["count"]) for f in _json(text, "en")["figures"]} == {("exhumed", 40)}


# --- a smaller count of a group already counted ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "part"),
    [
        ("Поранення отримали 12 людей. Семеро поранених перебувають у лікарні.", "uk", 7),
        ("Ранения получили 12 человек. В больнице остаются пятеро раненых.", "ru", 5),
        ("Ранены восемь человек.\n\nТрое пострадавших доставлены в областную больницу.", "ru", 3),
        ("Загинули 14 людей, ще 9 поранені. Серед поранених — троє дітей.", "uk", 3),
        ("Погибли 11 человек. Среди убитых — четверо детей.", "ru", 4),
    ],
)
def test_a_part_of_a_counted_group_is_a_sub_count(text: str, lang: str, part: int) -> None:
    notes = {f["count"]: f["note"] for f in _json(text, lang)["figures"]}
    assert notes[part] == "sub-count"


@pytest.mark.parametrize(
    ("text", "lang", "count"),
    [
        # another one, an earlier count recalled, and a verb after the count: tolls
        ("Загинули 5 людей. Ще двох поранених госпіталізували.", "uk", 2),
        ("Погибли 5 человек, ранены 12. Ранее сообщалось о 9 раненых.", "ru", 9),
        ("Погибли 41 человек, по меньшей мере 31 пострадал.", "ru", 31),
    ],
)
def test_another_or_earlier_count_is_no_sub_count(text: str, lang: str, count: int) -> None:
    notes = {f["count"]: f["note"] for f in _json(text, lang)["figures"]}
    assert notes.get(count) is None


@pytest.mark.parametrize(
    ("text", "lang", "want"),
    [
        # the person's own genitive between the person and the verb
        ("Пасажир цієї маршрутки отримав поранення.", "uk", ("injured", 1)),
        ("Водитель грузовика компании получил ранения.", "ru", ("injured", 1)),
        # the noun of injury before its verb
        ("Тяжкі поранення дістала 61-річна пенсіонерка.", "uk", ("injured", 1)),
        ("Осколочные ранения получил местный житель.", "ru", ("injured", 1)),
    ],
)
def test_one_person_in_other_orders(text: str, lang: str, want: tuple[str, int]) -> None:
    assert {(f["category"], f["count"]) for f in _json(text, lang)["figures"]} == {want}


@pytest.mark.parametrize(
    ("text", "lang", "source"),
    [
        (
            "Погибли 39 человек. Как сообщается в опубликованном коммюнике правительства "
            "Мали, нападение произошло ночью.",
            "ru",
            "правительство Мали",
        ),
        (
            "Загинули троє людей. Як йдеться у вечірньому зведенні Генерального штабу, удар "
            "завдали вночі.",
            "uk",
            "Генеральний штаб",
        ),
        (
            "Погибли трое. Как говорится в совместном заявлении ООН, удар пришелся по школе.",
            "ru",
            "ООН",
        ),
    ],
)
def test_statement_named_by_any_noun_gives_its_owner(text: str, lang: str, source: str) -> None:
    assert {f["source"] for f in _json(text, lang)["figures"]} == {source}


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (
            "Об этом сообщил губернатор Иван Петров.\n«Под завалами нашли троих погибших», — "
            "отмечается, в частности, в сообщении.",
            "ru",
        ),
        (
            "Про це повідомив губернатор Іван Петров.\n«Під завалами знайшли трьох загиблих», – "
            "йдеться, зокрема, у повідомленні.",
            "uk",
        ),
        (
            "Об этом сообщил губернатор Иван Петров.\n«Под завалами нашли троих погибших», — "
            "говорится, кроме того, в заявлении.",
            "ru",
        ),
    ],
)
def test_statement_with_an_aside_is_its_frames(text: str, lang: str) -> None:
    speakers = {q["speaker"] for q in _json(text, lang)["quotes"]}
    assert speakers & {"Иван Петров", "Іван Петров"}


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Погибли трое. Правительство Курской области окажет помощь семьям.", "ru"),
        ("Загинули троє. Адміністрація Сумської області надасть допомогу.", "uk"),
        ("Погибли трое. Прокуратура Белгородской области начала проверку.", "ru"),
    ],
)
def test_a_body_of_the_oblast_is_no_village(text: str, lang: str) -> None:
    names = {p["name"] for p in _json(text, lang)["places"]}
    assert not names & {"Правительство", "Адміністрація", "Прокуратура"}


@pytest.mark.parametrize(
    ("text", "lang", "place"),
    [
        ("Удар пришелся по магазину в слободе Никольская.", "ru", "Никольская"),
        ("Обстрел станицы Кроянская повредил три дома.", "ru", "Кроянская"),
        ("Дрон атакував автомобіль у слободі Вільшана.", "uk", "Вільшана"),
    ],
)
def test_a_settlement_word_names_a_place(text: str, lang: str, place: str) -> None:
    # as named or as written (an adjectival name's lemma is masculine: "Кроянский")
    places = _json(text, lang)["places"]
    assert place in {p["name"] for p in places} | {m for p in places for m in p["mentions"]}


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "The mayor said the market was hit twice. He also urged residents to “stay in "
            "shelters until the morning,” according to a statement.",
            "mayor",
        ),
        (
            "A local official said rescuers were still digging.\n\n“We have found 12 bodies "
            "so far and expect more,” he said.",
            "local official",
        ),
        (
            "The governor told reporters the strike hit a school. She later called the attack "
            "“a deliberate massacre of children,” in a video address.",
            "governor",
        ),
    ],
)
def test_english_pronoun_stands_for_a_speaker_named_by_a_noun(text: str, speaker: str) -> None:
    speakers = {q["speaker"] for q in _json(text, "en")["quotes"]}
    assert speaker in speakers
    assert not speakers & {"He", "he", "She", "she"}


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "“The roof fell on the children,” a nurse, who treated the wounded, said.",
            "nurse",
        ),
        (
            "“We buried nine people today,” the village chief, whose son was among them, told "
            "reporters.",
            "village chief",
        ),
        (
            "“Nobody warned us,” a resident, who asked not to be named, said by phone.",
            "resident",
        ),
    ],
)
def test_english_speaker_with_a_relative_aside(text: str, speaker: str) -> None:
    assert speaker in {q["speaker"] for q in _json(text, "en")["quotes"]}


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen attacked the district of Macomia at night.\n\n“They burned everything,” he said.",
        "Fighting reached the town of Kidal on Monday.\n\n“We could not leave,” she said.",
        "Shells hit the village of Bamenyam.\n\n“It was carnage,” he told AFP.",
    ],
)
def test_english_a_name_after_a_place_noun_of_is_no_speaker(text: str) -> None:
    speakers = {q["speaker"] for q in _json(text, "en")["quotes"]}
    assert not speakers & {"Macomia", "Kidal", "Bamenyam"}


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("“The walls shook,” Amina Diallo, a teacher living in Mopti, told AFP.", "Amina Diallo"),
        ("“We ran to the river,” Joseph Mbarga, a farmer from Bamenda, said.", "Joseph Mbarga"),
        ("“It was too late,” Olena Koval, a nurse in Kharkiv, told Reuters.", "Olena Koval"),
    ],
)
def test_english_speaker_before_an_apposition_with_a_place(text: str, speaker: str) -> None:
    speakers = {q["speaker"] for q in _json(text, "en")["quotes"]}
    assert speaker in speakers or speaker.split()[-1] in speakers
    assert not speakers & {"Mopti", "Bamenda", "Kharkiv"}


def test_english_a_clause_before_said_is_no_speaker() -> None:
    text = (
        "The police had “zero tolerance for armed groups threatening lives” in the state, he said."
    )
    assert "in the state" not in {q["speaker"] for q in _json(text, "en")["quotes"]}
