"""Patterns seen on the dev3 outside reports (issue 25, sixth set), on short reports written for
these tests: attribution frames ("Про таке повідомили", "Як зазначає X", "приводит сообщение X
со ссылкой на Y", "повідомляли у прокуратурі"), the named official over the outlet that relays
him, a place that is not a source, tolls said with other verbs or none, people who left a city
counted as displaced, foreign names kept as written, and speakers."""

from __future__ import annotations

from typing import Any

import pytest

from casefile.facts import extract_facts


def _json(text: str, lang: str) -> dict[str, Any]:
    return extract_facts(text, language=lang).to_json()


def _figures(text: str, lang: str) -> dict[tuple[str, int | None], Any]:
    return {(f["category"], f["count"]): f["source"] for f in _json(text, lang)["figures"]}


def _speakers(text: str, lang: str) -> list[Any]:
    return [q["speaker"] for q in _json(text, lang)["quotes"]]


# --- sources ---------------------------------------------------------------------------------


def test_pro_take_frame_names_the_outlets_in_the_paragraph_after() -> None:
    text = (
        "Військовий літак скинув бомбу на ринок, через що загинули 31 людина і ще 50 отримали "
        "поранення.\n\n"
        "Про таке повідомили британська телерадіокомпанія BBC та інформаційне агентство "
        "Associated Press.\n"
    )
    figs = _figures(text, "uk")
    assert figs[("killed", 31)] == "BBC та Associated Press"
    assert figs[("injured", 50)] == "BBC та Associated Press"


def test_about_this_frame_with_zaiavliaiut_u_body_and_place_is_not_a_source() -> None:
    text = (
        "У Секторі Гази заявили, що кількість загиблих зросла до 9100\n\n"
        "Кількість загиблих у Секторі Гази зросла до 9100 осіб.\n\n"
        "Про це заявляють у Міністерстві охорони здоров’я Гази, пише The Times.\n"
    )
    data = _json(text, "uk")
    sources = {f["source"] for f in data["figures"] if f["count"] == 9100}
    assert "Міністерство охорони здоров’я Гази" in sources
    assert "Сектор Гази" not in sources
    assert all(c["actor"] != "Сектор Гази" for c in data["claims"])


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("В Донецкой области заявили, что погибли 14 человек.\n", "ru"),
        ("У Харківській області заявили, що загинули 14 людей.\n", "uk"),
    ],
)
def test_a_region_saying_is_no_source(text: str, lang: str) -> None:
    data = _json(text, lang)
    assert [f["source"] for f in data["figures"]] == [None]
    assert [c["actor"] for c in data["claims"]] == [None]


def test_words_of_a_known_body_are_no_person() -> None:
    text = (
        "Представник Міжнародного комітету Червоного Хреста (МКЧХ) заявив, що загинули 14 людей.\n"
    )
    data = _json(text, "uk")
    assert data["people"] == []
    assert _figures(text, "uk")[("killed", 14)] == "Представник МКЧХ"


def test_yak_zaznachaie_outlet_opens_the_paragraph() -> None:
    text = (
        "За даними міністерства, загинули 40 людей, пише The Times.\n\n"
        "Як зазначає The Washington Post, під час нападу загинуло понад 700 військових.\n"
    )
    figs = _figures(text, "uk")
    assert figs[("killed", 700)] == "The Washington Post"


def test_quote_relayed_with_reference_to_its_origin() -> None:
    text = (
        "Число жертв боев в городе возросло до 41.\n"
        "«Погибли 41 человек, пострадали 210», — приводит сообщение AFP со ссылкой на "
        "местный комитет врачей ТАСС.\n"
    )
    data = _json(text, "ru")
    assert [q["speaker"] for q in data["quotes"]] == ["местный комитет врачей"]
    figs = {(f["category"], f["count"]): f["source"] for f in data["figures"]}
    assert figs[("killed", 41)] == "местный комитет врачей"
    assert figs[("injured", 210)] == "местный комитет врачей"


def test_impersonal_povidomlialy_u_prokuraturi_after_a_quote() -> None:
    text = (
        "Унаслідок обстрілу загинули троє людей.\n\n"
        '"Станом на 18:00 відомо, що троє людей загинули та семеро дістали поранень", '
        "- повідомляли у прокуратурі.\n"
    )
    assert _speakers(text, "uk") == ["прокуратура"]
    assert _figures(text, "uk")[("injured", 7)] == "прокуратура"


def test_named_official_over_the_relaying_outlet() -> None:
    text = (
        "Офіційний представник Всесвітньої організації охорони здоров'я (ВООЗ) заявив, що "
        "унаслідок бойових дій загинули щонайменше 3 100 осіб.\n\n"
        "Про це повідомляє Sky News, передає Укрінформ.\n\n"
        "Агентство ООН для допомоги біженцям (UNRWA) заявило, що щонайменше 14 співробітників "
        "ООН загинули внаслідок авіаударів.\n"
    )
    figs = _figures(text, "uk")
    assert figs[("killed", 3100)] == "Офіційний представник ВООЗ"
    assert figs[("killed", 14)] == "UNRWA"


def test_by_data_of_before_the_figure_over_the_outlet_closing_the_sentence() -> None:
    text = "По данным спасателей, жертвами удара стали 31 человек, пишет The Guardian.\n"
    assert _figures(text, "ru")[("killed", 31)] == "спасатели"


def test_earlier_reports_do_not_take_the_quote_source() -> None:
    text = (
        "«Погибли 40 человек», — приводит сообщение Reuters со ссылкой на минздрав.\n"
        "Ранее сообщалось о 12 погибших.\n"
    )
    assert _figures(text, "ru")[("killed", 12)] is None


# --- tolls -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "За добу ворожі обстріли забрали життя трьох жителів області, ще шестеро поранені.\n",
        "Удар забрав життя трьох людей, ще шестеро поранені, повідомив голова громади.\n",
    ],
)
def test_zabraly_zhyttia_is_killed(text: str) -> None:
    assert ("killed", 3) in _figures(text, "uk")


def test_staff_killed_with_words_between() -> None:
    text = "Агентство заявило, що щонайменше 23 співробітників ООН загинули внаслідок ударів.\n"
    assert ("killed", 23) in _figures(text, "uk")


def test_elliptical_injured_after_a_dash() -> None:
    text = "По данным минздрава, в городе погибли более 3 тыс. человек, а ранены — около 9 тыс.\n"
    figs = _figures(text, "ru")
    assert ("killed", 3000) in figs
    assert ("injured", 9000) in figs


def test_people_who_left_the_city_are_displaced_not_killed() -> None:
    text = (
        "«Число погибших возросло до 1200 человек... за три дня город покинули более 150 "
        "тысяч человек», — сказал глава района.\n"
    )
    figs = _figures(text, "ru")
    assert ("displaced", 150000) in figs
    assert ("killed", 150000) not in figs


def test_english_two_million_fled() -> None:
    text = (
        "Thousands have been killed and more than two million people have fled their homes, "
        "the UN said.\n"
    )
    figs = {(f["category"], f["count"]) for f in _json(text, "en")["figures"]}
    assert ("displaced", 2000000) in figs
    assert ("displaced", 2) not in figs


# --- names and speakers ----------------------------------------------------------------------


def test_foreign_name_not_inflected_into_a_plural() -> None:
    text = (
        "Об этом заявил представитель местных властей Агад бен Кони в беседе с журналистами.\n"
        "«Число погибших возросло до 300 человек», — сказал он.\n"
    )
    assert _speakers(text, "ru") == ["Агад бен Кони"]


def test_connective_v_svoiu_ochered_is_not_the_actor() -> None:
    text = "В свою очередь израильская сторона заявила, что на ее территории погибли 20 человек.\n"
    actors = [c["actor"] for c in _json(text, "ru")["claims"]]
    assert actors == ["израильская сторона"]


def test_pronoun_and_second_verb_after_quote() -> None:
    text = (
        "Глава города Иван Петренко сообщил об обстреле.\n"
        "«Ранены 7 мирных жителей», — написал он и уточнил, что среди раненых двое детей.\n"
    )
    assert _speakers(text, "ru") == ["Иван Петренко"]


def test_title_country_then_name_and_partial_quote_after_yak() -> None:
    text = (
        "Як відзначив генерал армії США Фредерік Ходжес, така тактика дозволяє «зменшити "
        "кількість жертв серед цивільних».\n\n"
        "Прем'єр-міністр Ізраїлю Беньямін Нетаніягу заявив, що країна перебуває «у стані "
        "війни».\n"
    )
    speakers = _speakers(text, "uk")
    assert "Фредерік Ходжес" in speakers
    assert "Беньямін Нетаніягу" in speakers


def test_official_title_after_quote_closing_with_pidsumuvav() -> None:
    text = (
        "Удари по області тривають, повідомив голова ОВА Петро Сидоренко.\n"
        '"На жаль, за минулу добу обстріли забрали життя двох жителів, ще четверо осіб '
        'отримали поранення", - підсумував голова ОВА.\n'
    )
    figs = _figures(text, "uk")
    assert figs[("killed", 2)] == "Петро Сидоренко"
    assert figs[("injured", 4)] == "Петро Сидоренко"


# --- English speakers ------------------------------------------------------------------------


def test_un_abbreviation_before_the_speaker_after_a_quote() -> None:
    text = (
        '"Gunmen opened fire on the market, killing at least 30 people," U.N. Human Rights '
        "Office spokesman Jeremy Laurence said in a statement on Friday.\n"
    )
    assert _speakers(text, "en") == ["Jeremy Laurence"]


def test_arabic_surname_without_its_article_speaks_a_partial_quote() -> None:
    text = (
        "Ministry spokesperson Anis Al-Harazi stated that 40 people were killed.\n\n"
        "Condemning the attacks, Harazi described them as a “blatant war crime” and a "
        "violation of international law.\n"
    )
    assert "Anis Al-Harazi" in _speakers(text, "en")


def test_a_country_is_not_the_he_of_a_quote() -> None:
    text = (
        "At least 9 civilians died in an attack in northern Burkina Faso, near the border "
        "with Mali, locals told AFP.\n\n"
        "Burkina Faso’s army has been fighting jihadists since 2015.\n\n"
        "“They could not take anything because the attackers burnt everything,” he added.\n"
    )
    speakers = _speakers(text, "en")
    assert "Mali" not in speakers
    assert "Burkina Faso" not in speakers


# --- places ----------------------------------------------------------------------------------


def place_names(text: str, lang: str) -> list[Any]:
    return [p["name"] for p in _json(text, lang)["places"]]


def test_port_in_a_hyphenated_capital_is_not_le_port() -> None:
    text = "Gang members killed 25 people in a town northwest of Port-au-Prince, police said.\n"
    assert "Le Port" not in place_names(text, "en")


def test_district_name_is_not_a_city() -> None:
    text = "В Петровском районе Донецка повреждена ЛЭП, ранены 2 человека.\n"
    names = place_names(text, "ru")
    assert "Petrovsk" not in names


@pytest.mark.parametrize(
    ("text", "lang", "name"),
    [
        ("Число погибших в столкновениях в Судане возросло до 70.\n", "ru", "Судан"),
        ("У Судані в сутичках загинули 70 людей.\n", "uk", "Судан"),
        ("Clashes in Sudan have killed 70 people, doctors said.\n", "en", "Sudan"),
    ],
)
def test_country_alone_is_a_country_level_place_not_placed(text: str, lang: str, name: str) -> None:
    places = _json(text, lang)["places"]
    assert [(p["name"], p["kind"], p["placed"], p["lat"]) for p in places] == [
        (name, "country", False, None)
    ]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("В Хартуме, столице Судана, погибли 12 человек.\n", "ru"),
        ("Gunmen killed 12 people in Khartoum, in Sudan, on Sunday.\n", "en"),
    ],
)
def test_country_not_added_when_a_city_is_named(text: str, lang: str) -> None:
    kinds = [p.get("kind") for p in _json(text, lang)["places"]]
    assert "country" not in kinds
    assert kinds


# --- what the new frames must not take -------------------------------------------------------


def test_privodit_k_gibeli_names_no_source() -> None:
    text = "Каждый такой обстрел приводит к гибели 5 человек в среднем.\n"
    assert _figures(text, "ru")[("killed", 5)] is None


def test_latin_word_joined_to_a_cyrillic_one_is_no_outlet() -> None:
    text = (
        "Загинули 5 людей. Про це повідомляє Генеральний штаб Збройних сил України у своєму "
        "Telegram-каналі.\n"
    )
    assert _figures(text, "uk")[("killed", 5)] == "Генеральний штаб Збройних сил України"
