"""Causes behind dev7's misses (issue 25), each tested on wording written for the test: a
region outside Ukraine's gazetteer named by its adjective in any case, and a speaker named by a
title after a word saying when it was said."""

from __future__ import annotations

import pytest

from casefile.facts import extract_facts


@pytest.mark.parametrize(
    ("text", "lang", "name"),
    [
        ("Атака на Белгородскую область унесла жизни двух человек.", "ru", "Белгородская область"),
        ("В Курской области погибли четыре человека.", "ru", "Курская область"),
        ("Обстрел Брянской области: ранены трое.", "ru", "Брянская область"),
        ("Атака на Бєлгородську область: загинули двоє.", "uk", "Бєлгородська область"),
        ("В Краснодарском крае погибли двое.", "ru", "Краснодарский край"),
    ],
)
def test_a_region_outside_the_gazetteer_by_its_adjective(text: str, lang: str, name: str) -> None:
    places = extract_facts(text, language=lang).to_json()["places"]
    found = [p for p in places if p["name"] == name]
    assert found and found[0]["placed"] is False and found[0]["lat"] is None


def test_a_ukrainian_oblast_stays_the_gazetteers() -> None:
    places = extract_facts("У Харківській області загинули двоє.", language="uk").to_json()
    assert [p["name"] for p in places["places"]] == ["Kharkiv Oblast"]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "«Погибли два человека», — сообщил сначала председатель областной администрации (ОА).",
            "председатель ОА",
        ),
        (
            "«Ранены четверо», — написал позже председатель городского совета (ГС).",
            "председатель ГС",
        ),
        (
            "«Пострадавших восемь, все они в больнице», — уточнил затем губернатор области.",
            "губернатор области",
        ),
    ],
)
def test_a_title_after_when_it_was_said(text: str, speaker: str) -> None:
    quotes = extract_facts(text, language="ru").to_json()["quotes"]
    assert [q["speaker"] for q in quotes] == [speaker]


@pytest.mark.parametrize(
    ("text", "lang", "speaker"),
    [
        # a verb of saying the frame lists lack, after the quote
        (
            "«Пострадавших восемь, все они в больнице», — уточнил губернатор Иван Петров.",
            "ru",
            "Иван Петров",
        ),
        (
            "«Загиблих двоє, поранених п'ятеро», — поінформувала речниця ДСНС Ольга Коваль.",
            "uk",
            "Ольга Коваль",
        ),
        # before the quote, up to its colon
        (
            "Губернатор Иван Петров проинформировал журналистов: «Погибших трое, раненых шесть».",
            "ru",
            "Иван Петров",
        ),
    ],
)
def test_a_quote_framed_by_any_verb_of_saying(text: str, lang: str, speaker: str) -> None:
    quotes = extract_facts(text, language=lang).to_json()["quotes"]
    assert [q["speaker"] for q in quotes] == [speaker]


def _notes(text: str, lang: str) -> dict[int | None, str | None]:
    figs = extract_facts(text, language=lang).to_json()["figures"]
    return {f["count"]: f["note"] for f in figs}


@pytest.mark.parametrize(
    ("text", "lang", "parts"),
    [
        (
            "При авиаударе погибли 12 человек. В селе погибли члены одной семьи – пятеро детей, "
            "четыре женщины и трое мужчин.",
            "ru",
            (5, 4, 3),
        ),
        (
            "Унаслідок удару загинули 9 людей. У селі загинули шестеро чоловіків і троє жінок.",
            "uk",
            (6, 3),
        ),
        (
            "В результате обстрела ранены 10 человек: семь мужчин, двое детей и одна женщина.",
            "ru",
            (7, 2, 1),
        ),
    ],
)
def test_counts_listed_that_add_up_to_the_toll_are_its_breakdown(
    text: str, lang: str, parts: tuple[int, ...]
) -> None:
    # not a toll: noted as a part of it, or (a noun the verb came before) not read as one
    notes = _notes(text, lang)
    assert all(notes.get(n, "sub-count") == "sub-count" for n in parts)


def test_counts_listed_that_exceed_the_toll_are_tolls() -> None:
    notes = _notes("Погибли 3 человека. Ранены пятеро мужчин и четверо детей.", "ru")
    assert notes.get(5) is None and notes.get(4) is None


@pytest.mark.parametrize(
    ("text", "lang", "source"),
    [
        (
            "По подсчетам Министерства здравоохранения Ливана, на этой неделе погибли 52 человека.",
            "ru",
            "Министерство здравоохранения Ливана",
        ),
        (
            "За підрахунками Міністерства охорони здоров'я, загинули 40 людей.",
            "uk",
            "Міністерство охорони здоров'я",
        ),
        ("По оценкам ООН, в лагере погибли 300 человек.", "ru", "ООН"),
    ],
)
def test_a_count_owned_in_the_genitive(text: str, lang: str, source: str) -> None:
    figs = extract_facts(text, language=lang).to_json()["figures"]
    assert [f["source"] for f in figs] == [source]


@pytest.mark.parametrize(
    ("text", "lang", "speaker"),
    [
        (
            "Четыре мирных жителя погибли, сообщил губернатор Андрей Лесной.\n«Вчера "
            "очередной тяжелый день для всей области.»",
            "ru",
            "Андрей Лесной",
        ),
        (
            "Загинули двоє людей, повідомив голова ОВА Іван Федоренко.\n\n«Це був удар по "
            "цивільних, ворог цілив у житлові будинки»",
            "uk",
            "Іван Федоренко",
        ),
        (
            "Раненых трое, рассказал мэр Олег Рябов.\n«Все они в больнице, их жизни ничто не "
            "угрожает»",
            "ru",
            "Олег Рябов",
        ),
    ],
)
def test_a_quote_opening_the_paragraph_after_a_report(text: str, lang: str, speaker: str) -> None:
    quotes = extract_facts(text, language=lang).to_json()["quotes"]
    assert [q["speaker"] for q in quotes] == [speaker]


def test_a_quote_after_a_paragraph_that_goes_on_is_not_the_reporters() -> None:
    text = (
        "Погибли двое, сообщил губернатор. Спасатели работают.\n«Это был удар по мирным "
        "жителям, по домам людей»"
    )
    quotes = extract_facts(text, language="ru").to_json()["quotes"]
    assert [q["speaker"] for q in quotes] == [None]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "Двічі під обстріли потрапила Очеретинська громада, поранено 2 людей.",
            "Очеретинська громада",
        ),
        ("У Мар'їнській громаді внаслідок обстрілу поранено 4 цивільних.", "Мар'їнська громада"),
        ("По Великописарівській громаді росіяни випустили 12 мін.", "Великописарівська громада"),
    ],
)
def test_a_hromada_by_its_adjective(text: str, name: str) -> None:
    places = extract_facts(text, language="uk").to_json()["places"]
    assert name in [p["name"] for p in places]


def _stances(text: str, lang: str) -> set[tuple[str | None, str]]:
    claims = extract_facts(text, language=lang).to_json()["claims"]
    return {(c["actor"], c["stance"]) for c in claims}


@pytest.mark.parametrize(
    ("text", "lang", "actor", "stance"),
    [
        (
            'Colonel John Carter told reporters: "Our initial reports indicate there were no '
            'civilian casualties in the strike."',
            "en",
            "John Carter",
            "denies",
        ),
        (
            '"Not a single civilian was hurt during the operation," said Maria Lopez, a '
            "spokeswoman for the army.",
            "en",
            "Maria Lopez",
            "denies",
        ),
        (
            '"Those killed were not rebels, but farmers from the village," said Ahmed Musa, a '
            "local leader.",
            "en",
            "Ahmed Musa",
            "disputes",
        ),
        (
            "«Жертв нет, мирные жители не пострадали», — заявил представитель армии Иван Орлов.",
            "ru",
            "Иван Орлов",
            "denies",
        ),
    ],
)
def test_a_quote_that_denies_the_harm_is_a_denial(
    text: str, lang: str, actor: str, stance: str
) -> None:
    assert (actor, stance) in _stances(text, lang)


def test_a_quote_that_counts_the_harm_is_no_denial() -> None:
    text = '"There were five civilian casualties, two of them children," said Maria Lopez.'
    assert not any(s in ("denies", "disputes") for _, s in _stances(text, "en"))


def test_a_city_after_in_is_no_person() -> None:
    text = (
        "A bomb killed 12 people near Dera Ismail Khan on Tuesday.\n"
        '"We have received 12 bodies," said Doctor Nasir Akhtar. Police in Dera Ismail Khan '
        "said the officer had been targeted."
    )
    people = extract_facts(text, language="en").to_json()["people"]
    assert "Dera Ismail Khan" not in [p["name"] for p in people]


def test_a_shared_surname_goes_to_the_one_named_last() -> None:
    text = (
        "Three policemen, including an officer named Iqbal Khan, were killed in the attack.\n"
        '"He arrested several militants," Rahmatullah Khan, a police official, told AFP.\n'
        '"We think this was why he was targeted," Khan said.'
    )
    quotes = extract_facts(text, language="en").to_json()["quotes"]
    assert [q["speaker"] for q in quotes][-1] == "Rahmatullah Khan"


def test_a_surname_inside_another_name_is_not_a_mention() -> None:
    text = (
        "An officer named Iqbal Khan was killed.\nDoctor Qibla Khan Mehsud said a couple were "
        'killed. "They appeared to be pedestrians," he told AFP.'
    )
    quotes = extract_facts(text, language="en").to_json()["quotes"]
    assert [q["speaker"] for q in quotes] == ["Qibla Khan Mehsud"]


@pytest.mark.parametrize(
    ("text", "lang", "count"),
    [
        ("Погибли четверо, еще 18 получили ранения — двое из них дети.", "ru", 2),
        ("A bomb killed 12 people. A woman and a girl were among nine civilians killed.", "en", 9),
        (
            "The army killed 11 people. Details of the seven other people killed are unknown.",
            "en",
            7,
        ),
        ("Another 42 people were injured, 12 of them seriously.", "en", 12),
    ],
)
def test_a_part_of_an_earlier_toll(text: str, lang: str, count: int) -> None:
    assert _notes(text, lang)[count] == "sub-count"


def test_of_them_without_an_earlier_toll_is_the_toll() -> None:
    text = "About 360 villagers were held in the basement for a month. Ten of them died there."
    assert _notes(text, "en")[10] is None


# --- dev8's shapes --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "“Five people were killed in the village,” a report by the Daily Star quoted district "
            "police superintendent Anil Kumar Rao as saying.",
            "Anil Kumar Rao",
        ),
        (
            '"Two children were among the dead," the agency quoted Mayor Jane Roe as saying.',
            "Jane Roe",
        ),
        (
            '"Seven people were wounded," state television quoted governor Ali Hassan as saying.',
            "Ali Hassan",
        ),
    ],
)
def test_quoted_as_saying_names_the_one_quoted(text: str, speaker: str) -> None:
    quotes = extract_facts(text, language="en").to_json()["quotes"]
    assert [q["speaker"] for q in quotes] == [speaker]


@pytest.mark.parametrize(
    ("text", "count", "source"),
    [
        (
            "A car bomb killed 13 people in a market, police and hospital officials said. At "
            "least 27 people were wounded.",
            27,
            "police and hospital officials",
        ),
        (
            "Gunmen killed eight villagers overnight, the governor's office said. Another 12 "
            "were injured.",
            12,
            "governor's office",
        ),
    ],
)
def test_the_next_sentence_goes_on_the_same_account(text: str, count: int, source: str) -> None:
    figs = extract_facts(text, language="en").to_json()["figures"]
    assert {f["count"]: f["source"] for f in figs}[count] == source


def test_the_next_sentence_with_its_own_speaker_keeps_it() -> None:
    text = (
        "A car bomb killed 13 people, police said. At least 27 people were wounded, a doctor "
        "told reporters."
    )
    figs = extract_facts(text, language="en").to_json()["figures"]
    assert {f["count"]: f["source"] for f in figs}[27] == "doctor"


@pytest.mark.parametrize(
    "frame",
    [
        "Об этом в своем Telegram-канале рассказал губернатор региона Александр Хинштейн.",
        "Об этом на своей странице сообщил губернатор региона Александр Хинштейн.",
        "Об этом вечером написал губернатор региона Александр Хинштейн.",
    ],
)
def test_a_statement_after_a_pointing_back_frame_is_its_subjects(frame: str) -> None:
    text = (
        f"Беспилотник атаковал трактор. {frame}\n\n«Сегодня беспилотник нанес удар по "
        "трактору. Ранены два человека», — говорится в сообщении."
    )
    data = extract_facts(text, language="ru").to_json()
    assert [q["speaker"] for q in data["quotes"]] == ["Александр Хинштейн"]


# --- dev9's shapes --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "Окупанти обстрілюють Білопільську та Ворожбянську громади, поранено 2 людей.",
            {"Білопільська громада", "Ворожбянська громада"},
        ),
        (
            "Тривають обстріли Великописарівської і Краснопільської громад, загинула людина.",
            {"Великописарівська громада", "Краснопільська громада"},
        ),
        (
            "Удары по Белгородской и Курской областям: погибли двое.",
            {"Белгородская область", "Курская область"},
        ),
    ],
)
def test_two_places_before_one_plural_noun(text: str, names: set[str]) -> None:
    lang = "ru" if "Удары" in text else "uk"
    places = {p["name"] for p in extract_facts(text, language=lang).to_json()["places"]}
    assert names <= places


@pytest.mark.parametrize(
    ("text", "lang", "count", "source"),
    [
        (
            "Унаслідок авіаудару загинуло 82 людини.\n\nПро це з посиланням на виконуючого "
            "обов'язки міністра охорони здоров'я Газі Ісмаїла.",
            "uk",
            82,
            "Газі Ісмаїл",
        ),
        (
            "Погибли 12 человек.\n\nОб этом со ссылкой на министра здравоохранения страны "
            "Ахмеда Салеха.",
            "ru",
            12,
            "Ахмед Салех",
        ),
        (
            "Фото та відео з місця удару опублікувала ДСНС.\n\n“Наразі відомо про 10 загиблих, "
            "серед яких двоє дітей. Ще 16 людей отримали поранення”",
            "uk",
            10,
            "ДСНС",
        ),
    ],
)
def test_a_frame_without_its_verb_or_with_a_new_one(
    text: str, lang: str, count: int, source: str
) -> None:
    figs = extract_facts(text, language=lang).to_json()["figures"]
    assert {f["count"]: f["source"] for f in figs}[count] == source


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Троє працівників поліції отримали контузії.", "uk"),
        ("Трое полицейских получили контузии.", "ru"),
        ("Ще троє бійців контужені.", "uk"),
    ],
)
def test_concussions_are_injuries(text: str, lang: str) -> None:
    figs = extract_facts(text, language=lang).to_json()["figures"]
    assert [(f["category"], f["count"]) for f in figs] == [("injured", 3)]


# --- dev10's shapes -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "counts", "source"),
    [
        (
            "По сообщению губернатора Белгородской области Вячеслава Гладкова, ночью прогремели "
            "взрывы. Известно о трех погибших, еще четверо пострадали.",
            "ru",
            {3, 4},
            "Вячеслав Гладков",
        ),
        (
            "За словами голови ОВА Івана Федорова, росіяни вдарили по місту. Загинули двоє людей.",
            "uk",
            {2},
            "Іван Федоров",
        ),
        (
            "По словам местных чиновников и очевидцев, погибли 10 мирных жителей и более дюжины "
            "получили ранения.",
            "ru",
            {10, 12},
            "местные чиновники и очевидцы",
        ),
    ],
)
def test_a_genitive_frame_speaks_for_its_paragraph(
    text: str, lang: str, counts: set[int], source: str
) -> None:
    figs = extract_facts(text, language=lang).to_json()["figures"]
    assert {f["count"]: f["source"] for f in figs} == dict.fromkeys(counts, source)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("По словам губернатора Вячеслава Гладкова, погибли двое.", "Вячеслав Гладков"),
        ("По словам мэра Анны Ивановой, погибли двое.", "Анна Иванова"),
        ("Губернатор Вячеслав Гладков сообщил о двух погибших.", "Вячеслав Гладков"),
    ],
)
def test_a_name_after_a_genitive_title_is_in_the_genitive(text: str, name: str) -> None:
    people = extract_facts(text, language="ru").to_json()["people"]
    assert [p["name"] for p in people] == [name]


def test_beheaded_is_killed() -> None:
    figs = extract_facts("Militants beheaded 50 people in the north.", language="en").to_json()
    assert [(f["category"], f["count"]) for f in figs["figures"]] == [("killed", 50)]


@pytest.mark.parametrize(
    ("text", "lang", "parts"),
    [
        (
            "За добу загинули 22 людини. У провінції А загинуло 15 осіб. У провінції Б загинули "
            "четверо. Ще троє людей загинули у провінції В.",
            "uk",
            (15, 4, 3),
        ),
        (
            "Over the past day 20 people were killed. In the north 12 people were killed. In "
            "the south 8 people were killed.",
            "en",
            (12, 8),
        ),
        (
            "Всего ранены 10 человек. В городе ранены шестеро. В пригороде ранены четверо.",
            "ru",
            (6, 4),
        ),
    ],
)
def test_counts_that_add_up_to_a_toll_exactly_are_its_breakdown(
    text: str, lang: str, parts: tuple[int, ...]
) -> None:
    notes = _notes(text, lang)
    assert all(notes[n] == "sub-count" for n in parts)


def test_counts_that_do_not_add_up_are_tolls() -> None:
    notes = _notes("Погибли 20 человек. В городе погибли 12 человек. В селе погибли 5.", "ru")
    assert notes[12] is None


@pytest.mark.parametrize(
    ("text", "count", "source"),
    [
        (
            "A car bomb has killed at least 37 people, police and medical sources said.",
            37,
            "police and medical sources",
        ),
        (
            "A bomb has killed at least 20 people, police and hospital officials said.",
            20,
            "police and hospital officials",
        ),
        (
            "A suicide bomber killed 15 people, police and witnesses said.",
            15,
            "police and witnesses",
        ),
        (
            "Gunmen shot dead 12 villagers, local officials and witnesses said.",
            12,
            "local officials and witnesses",
        ),
    ],
)
def test_a_closing_attribution_the_parse_merged_with_the_toll(
    text: str, count: int, source: str
) -> None:
    figs = extract_facts(text, language="en").to_json()["figures"]
    assert {f["count"]: f["source"] for f in figs}[count] == source


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("Gunmen killed at least 23 people in a village in northwest Burundi.", "Burundi"),
        ("Rebels killed 12 people in northern Mali on Sunday.", "Mali"),
        ("Militants killed nine villagers in south-west Niger.", "Niger"),
    ],
)
def test_a_country_after_a_direction(text: str, country: str) -> None:
    places = extract_facts(text, language="en").to_json()["places"]
    assert country in [p["name"] for p in places]


@pytest.mark.parametrize(
    "text",
    [
        "Координаційний штаб повідомив, що з полону повернулися 95 українських захисників.",
        "Из плена вернулись 40 российских военнослужащих.",
        "З полону звільнили 12 цивільних заручників.",
    ],
)
def test_people_freed_from_captivity_are_no_toll(text: str) -> None:
    lang = "ru" if "плена" in text else "uk"
    assert extract_facts(text, language=lang).to_json()["figures"] == []
