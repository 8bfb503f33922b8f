"""Patterns seen on the dev2 outside reports (issue 25, fifth set), on short reports written for
these tests: known bodies named as the text writes them (with their English form beside), a
source given in the paragraph before or after its figure, and regions named "Київщина" /
"Киевская область"."""

from __future__ import annotations

from typing import Any

import pytest

from casefile.facts import extract_facts


def _json(text: str, lang: str) -> dict[str, Any]:
    return extract_facts(text, language=lang).to_json()


def _sources(text: str, lang: str) -> dict[tuple[str, int | None], tuple[Any, Any]]:
    return {
        (f["category"], f["count"]): (f["source"], f["source_canonical"])
        for f in _json(text, lang)["figures"]
    }


# --- known bodies as written -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "written", "english"),
    [
        (
            "У неділю внаслідок атаки на область загинули троє людей, повідомили в Національній "
            "поліції України.",
            "uk",
            "Національна поліція України",
            "National Police of Ukraine",
        ),
        (
            "Внаслідок обстрілу загинули 12 дітей. Про це повідомили в Офісі генпрокурора.",
            "uk",
            "Офіс генпрокурора",
            "Prosecutor General's Office",
        ),
        (
            "В результате удара погибли 5 человек, сообщили в Министерстве обороны.",
            "ru",
            "Министерство обороны",
            "Ministry of Defence",
        ),
    ],
)
def test_known_body_is_the_source_as_written(
    text: str, lang: str, written: str, english: str
) -> None:
    sources = _sources(text, lang)
    assert (written, english) in sources.values(), sources


def test_speaker_and_organisation_as_written_with_english_form() -> None:
    data = _json(
        "«Двоє людей загинули, ще п'ятеро постраждали», – йдеться у повідомленні Нацполіції.",
        "uk",
    )
    quote = data["quotes"][0]
    assert quote["speaker"] == "Нацполіція"
    assert quote["speaker_canonical"] == "National Police of Ukraine"
    org = data["organisations"][0]
    assert (org["name"], org["canonical"]) == ("Нацполіція", "National Police of Ukraine")


def test_a_person_has_no_canonical_form() -> None:
    sources = _sources("Загинули четверо людей, повідомив Олег Синєгубов.", "uk")
    assert sources[("killed", 4)] == ("Олег Синєгубов", None)


# --- regions ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "region", "mention"),
    [
        ("Внаслідок атаки на Київщині загинули четверо людей.", "uk", "Kyiv Oblast", "Київщині"),
        (
            "Харківщина знову під обстрілом: поранено двох людей.",
            "uk",
            "Kharkiv Oblast",
            "Харківщина",
        ),
        ("На Донеччині за добу загинули 3 цивільні.", "uk", "Donetsk Oblast", "Донеччині"),
        (
            "Киевская область подверглась массированной атаке.",
            "ru",
            "Kyiv Oblast",
            "Киевская область",
        ),
        ("На Харьковщине погибли два человека.", "ru", "Kharkiv Oblast", "Харьковщине"),
        ("В Донетчине ранены пятеро мирных жителей.", "ru", "Donetsk Oblast", "Донетчине"),
    ],
)
def test_region_names_are_regions(text: str, lang: str, region: str, mention: str) -> None:
    data = _json(text, lang)
    places = {p["name"]: p for p in data["places"]}
    assert region in places, data["places"]
    place = places[region]
    assert place["kind"] == "region"
    assert place["mentions"] == [mention]
    assert (place["lat"], place["lon"]) == (None, None)  # a region has no single point
    assert not any(mention.startswith(p["name"].split()[0]) for p in data["people"])


def test_oblast_in_full_is_the_region_not_its_city() -> None:
    data = _json(
        "У Київській області загинули двоє людей, ще троє постраждали у Києві та на Київщині.",
        "uk",
    )
    places = {p["name"]: p for p in data["places"]}
    assert places["Kyiv Oblast"]["mentions"] == ["Київській області", "Київщині"]
    assert places["Kyiv Oblast"]["centre"] == "Kyiv"
    assert places["Kyiv"]["mentions"] == ["Києві"]


def test_a_city_named_like_its_region_stays_a_city() -> None:
    places = {p["name"]: p for p in _json("Удар по Запоріжжю: загинули 2 людини.", "uk")["places"]}
    assert "kind" not in places["Zaporizhzhia"]
    assert places["Zaporizhzhia"]["lat"] is not None


# --- a source in the next or previous paragraph ------------------------------------------------


def test_next_paragraph_opening_with_its_source_attributes_the_lead() -> None:
    text = (
        "По меньшей мере 30 человек погибли в результате авиаудара по больнице.\n\n"
        "Как передает Report со ссылкой на агентство Reuters, удар нанес военный самолет.\n"
    )
    assert _sources(text, "ru")[("killed", 30)][0] == "агентство Reuters"


def test_next_paragraph_frame_does_not_override_a_source_of_its_own() -> None:
    text = (
        "За даними ДСНС, внаслідок удару загинули 7 людей.\n\n"
        "Як повідомляє Укрінформ, на місці працюють рятувальники.\n"
    )
    assert _sources(text, "uk")[("killed", 7)][0] == "ДСНС"


def test_next_paragraph_about_something_else_is_no_source() -> None:
    text = (
        "Щонайменше 12 людей загинули внаслідок удару по ринку.\n\n"
        "Рятувальники розбирають завали, а мер міста Іван Петренко оголосив жалобу.\n"
    )
    assert _sources(text, "uk")[("killed", 12)][0] is None


def test_such_data_in_the_neuter() -> None:
    text = (
        "Свыше 43,2 тыс. палестинцев убиты в секторе Газа с начала операции. Такие данные "
        "опубликовало министерство здравоохранения анклава.\n"
    )
    source = _sources(text, "ru")[("killed", 43200)][0]
    assert source == "министерство здравоохранения анклава"


def test_a_recap_paragraph_does_not_take_the_reports_source() -> None:
    text = (
        "Як повідомляє агентство Сіньхуа, щонайменше 40 цивільних загинули у середу на ринку.\n\n"
        "Нагадаємо: з квітня у країні загинуло понад 3 тис. людей.\n"
    )
    sources = _sources(text, "uk")
    assert sources[("killed", 40)][0] == "агентство Сіньхуа"
    assert sources[("killed", 3000)][0] is None


# --- numbers ---------------------------------------------------------------------------------


def test_count_after_a_dash_and_millions_with_a_linking_verb() -> None:
    figs = [
        (f["category"], f["count"])
        for f in _json(
            "Російські військові вбили 478 дітей, ще понад 963 – зазнали поранень. "
            "Ще 3 млн суданців стали біженцями.",
            "uk",
        )["figures"]
    ]
    assert ("injured", 963) in figs
    assert ("displaced", 3_000_000) in figs


def _en_sources(text: str) -> dict[tuple[str, int | None], Any]:
    return {(f["category"], f["count"]): f["source"] for f in _json(text, "en")["figures"]}


def test_the_same_toll_restated_in_the_next_paragraph_takes_its_source() -> None:
    text = (
        "Local leaders and activists say rebels massacred 20 to 22 villagers near the town.\n\n"
        "At least 20 people have been killed in an attack in the east of the country.\n"
    )
    assert _en_sources(text)[("killed", 20)] == "Local leaders and activists"


def test_a_paragraph_saying_where_the_figures_come_from() -> None:
    text = (
        "Twelve civilians were killed in the shelling of the market on Sunday.\n\n"
        "That is according to the regional health department.\n"
    )
    assert _en_sources(text)[("killed", 12)] == "the regional health department"


def test_another_toll_or_a_farther_paragraph_gives_no_source() -> None:
    text = (
        "The governor said 5 people were killed in the city.\n\n"
        "In a separate attack, 12 people were killed in a village.\n\n"
        "Rescuers worked through the night.\n\n"
        "Police said 12 people died in the village.\n"
    )
    figs = [(f["count"], f["source"]) for f in _json(text, "en")["figures"]]
    assert figs == [(5, "governor"), (12, None), (12, "Police")]


def test_it_is_the_body_named_before() -> None:
    data = _json(
        "A Red Cross statement said the prison held around 170 detainees. It said 40 of those "
        "were being treated for injuries.",
        "en",
    )
    assert [(f["category"], f["count"], f["source"]) for f in data["figures"]] == [
        ("injured", 40, "Red Cross statement")
    ]
    lone = _json("It said 40 people were hurt.", "en")["figures"]
    assert lone[0]["source"] is None  # nothing named before: a pronoun is no one's name


def test_a_million_forced_to_flee() -> None:
    figs = _json(
        "Unrest forced more than a million people to flee their homes, according to the UN "
        "refugee agency.",
        "en",
    )["figures"]
    assert [(f["category"], f["count"], f["qualifier"], f["source"]) for f in figs] == [
        ("displaced", 1_000_000, "more than", "UN refugee agency")
    ]


def test_identified_as_names_the_speaker_and_a_village_is_no_person() -> None:
    data = _json(
        "The aircraft attacked the monastery, said a resident who identified himself as Ko "
        "Lin. A child was among the dead in the attack in Ah Kyi Pan Pa Lun village, he said.\n"
        "“The monastery was hit with firebombs,” he told reporters.\n",
        "en",
    )
    assert [q["speaker"] for q in data["quotes"]] == ["Ko Lin"]
    assert "Ah Kyi Pan Pa Lun" not in {p["name"] for p in data["people"]}


# --- page furniture --------------------------------------------------------------------------


def test_outlet_name_line_and_a_latin_signature_in_a_cyrillic_report() -> None:
    from casefile.text import clean_text

    text = (
        "Elvis\n"
        "Від авіаудару загинули щонайменше 40 цивільних\n"
        "Укрінформ\n"
        "Унаслідок авіаудару по ринку загинули щонайменше 40 цивільних.\n"
        "За словами медиків, кількість жертв може зрости.\n"
        "Elvis\n"
    )
    kept, removed = clean_text(text)
    assert [(r.text, r.reason) for r in removed] == [
        ("Elvis", "credit"),
        ("Укрінформ", "credit"),
        ("Elvis", "credit"),
    ]
    assert kept.startswith("Від авіаудару")
    # An agency's name alone says whose story it is and stays, as does a one-word line in
    # an English report.
    kept_ru, _ = clean_text("Reuters\nВ городе погибли 5 человек.\nСпасатели работают.\nReuters\n")
    assert kept_ru.startswith("Reuters") and kept_ru.endswith("Reuters")
    kept_en, removed_en = clean_text("Kyiv\nTwelve people were killed.\nMore to come.\nKyiv\n")
    assert removed_en == [] and kept_en.startswith("Kyiv")


def test_a_second_speakers_count_with_the_verb_left_out() -> None:
    figs = _json(
        "Начальник цивільної оборони заявив, що загинули 300 осіб, а представник міністерства "
        "охорони здоров’я – що 500.",
        "uk",
    )["figures"]
    assert [(f["category"], f["count"], f["source"]) for f in figs] == [
        ("killed", 300, "Начальник цивільної оборони"),
        ("killed", 500, "представник міністерства охорони здоров’я"),
    ]


def test_the_leads_toll_given_again_further_on_with_its_source() -> None:
    text = (
        "Близько 500 палестинців загинули у вівторок унаслідок вибуху в лікарні.\n\n"
        "Вибух став найкривавішим інцидентом у секторі.\n\n"
        "Це сталося напередодні візиту президента.\n\n"
        "Начальник цивільної оборони заявив, що загинули 300 осіб, а представник міністерства "
        "охорони здоров’я – що 500.\n"
    )
    figs = [(f["count"], f["source"]) for f in _json(text, "uk")["figures"]]
    assert figs[0] == (500, "представник міністерства охорони здоров’я")
    # a small count is too likely another toll
    small = (
        "Троє людей загинули внаслідок удару.\n\nМіста не було чути.\n\nУвечері.\n\n"
        "Мер заявив, що загинули 3 людини в іншому районі.\n"
    )
    assert _json(small, "uk")["figures"][0]["source"] is None


@pytest.mark.parametrize(
    ("text", "lang", "actor"),
    [
        (
            "Водночас Армія оборони Ізраїлю звинуватила в невдалому запуску ракети угруповання.",
            "uk",
            "Армія оборони Ізраїлю",
        ),
        ("Однак Кремль заперечує свою причетність до удару.", "uk", "Кремль"),
        ("Тем временем в Минздраве заявили, что погибли 12 человек.", "ru", "Минздрав"),
    ],
)
def test_a_connective_opening_the_sentence_is_not_the_actor(
    text: str, lang: str, actor: str
) -> None:
    assert [c["actor"] for c in _json(text, lang)["claims"]] == [actor]


@pytest.mark.parametrize(
    ("text", "lang", "actor", "english"),
    [
        ("У Києві заявили, що загинули 12 людей.", "uk", "Київ", "Kyiv"),
        ("У Москві заперечують, що загинули 12 людей.", "uk", "Москва", "Moscow"),
        ("В Харькове заявили, что погибли 12 человек.", "ru", "Харьков", None),
        ("В МИДе заявили, что погибли 12 человек.", "ru", "МИД", "Ministry of Foreign Affairs"),
    ],
)
def test_a_government_or_city_speaking_in_the_nominative(
    text: str, lang: str, actor: str, english: str | None
) -> None:
    claims = _json(text, lang)["claims"]
    assert [(c["actor"], c["actor_canonical"]) for c in claims] == [(actor, english)]


def test_english_oblast_or_region_is_the_region_as_in_cyrillic() -> None:
    data = _json(
        "Shelling killed 3 people in the Kharkiv region and 2 in Kharkiv itself, the governor "
        "of Kharkiv Oblast said. Strikes also hit the Dnipropetrovsk region.",
        "en",
    )
    places = {p["name"]: p for p in data["places"]}
    assert places["Kharkiv Oblast"]["mentions"] == ["Kharkiv Oblast", "Kharkiv region"]
    assert places["Kharkiv Oblast"]["kind"] == "region"
    assert places["Kharkiv"]["mentions"] == ["Kharkiv"]
    assert places["Dnipropetrovsk Oblast"]["centre"] == "Dnipro"
