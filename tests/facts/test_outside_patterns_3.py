"""Failure patterns found on the outside evaluation's dev2 split (issue 25), fifth round: each
reproduced by a short report written for this test (no published text is copied)."""

from __future__ import annotations

from typing import Any

from casefile.facts import extract_facts
from casefile.text import clean_text


def _facts(text: str, lang: str) -> dict[str, Any]:
    return extract_facts(text, language=lang).to_json()


def _figs(data: dict[str, Any]) -> list[tuple[str, int | None, str | None]]:
    return [(f["category"], f["count"], f["source"]) for f in data["figures"]]


def _removed(text: str) -> dict[str, str]:
    kept, removed = clean_text(text)
    for r in removed:
        assert r.text.strip() not in kept.split("\n")
    return {r.text: r.reason for r in removed}


# --- text: page furniture as it really is ---------------------------------------------------


def test_english_page_furniture_lines() -> None:
    text = (
        "Breaking News\n"
        "NewsroomChevron Right IconWorld Desk\n"
        "Jane Roe and John Doe\n"
        "Shelling killed four people in a market town on Monday, officials said.\n"
        "The market burns after the shelling. (CityNews)\n"
        "#town #shelling\n"
        "— Local Radio (@localradio) March 3, 2024\n"
        "Leave a Reply\n"
        "Your email address will not be published. Required fields are marked *\n"
    )
    removed = _removed(text)
    assert removed == {
        "Breaking News": "navigation",
        "NewsroomChevron Right IconWorld Desk": "tags",
        "Jane Roe and John Doe": "credit",
        "The market burns after the shelling. (CityNews)": "credit",
        "#town #shelling": "tags",
        "— Local Radio (@localradio) March 3, 2024": "media file",
        "Leave a Reply": "comments",
        "Your email address will not be published. Required fields are marked *": "comments",
    }


def test_names_and_brands_are_not_glued_words() -> None:
    text = (
        "YouTube and WhatsApp carried the video, and a LinkedIn post by McDonald named the town.\n"
        "Maria Petrenko said the shelter was full.\n"
        "Petro Ivanenko and Olena Shevchenko were among the dead.\n"
    )
    kept, removed = clean_text(text)
    assert removed == []
    assert kept == text.strip()


def test_cyrillic_page_furniture_lines() -> None:
    text = (
        "Другие страны\n"
        "• 3 марта, 2024\n"
        "• 10:15\n"
        "Обстрел города унес жизни трех человек, сообщили спасатели.\n"
        "Разрушенный дом после обстрела. Фото архивное: Reuters\n"
        "Разрушенный дом после обстрела, фото 2\n"
        "Материал дополняется\n"
        "ВСЕ ПО ТЕМЕ\n"
        "НОВОСТИ ПАРТНЕРОВ\n"
        "МЫ НА FACEBOOK\n"
        "Сайт новин міста12/03/2024\n"
        "Дізнавайтеся першими новини міста – підписуйтеся на наш Telegram-канал.\n"
        "Приєднуйтесь до наших каналів Telegram та YouTube.\n"
        "15.03.2024\n"
        "12:0503.03.2024\n"
        "Ольга Коваленко\n"
    )
    removed = _removed(text)
    assert removed == {
        "Другие страны": "navigation",
        "• 3 марта, 2024": "dateline",
        "• 10:15": "dateline",
        "Разрушенный дом после обстрела. Фото архивное: Reuters": "credit",
        "Разрушенный дом после обстрела, фото 2": "media file",
        "Материал дополняется": "reader prompt",
        "ВСЕ ПО ТЕМЕ": "navigation",
        "НОВОСТИ ПАРТНЕРОВ": "navigation",
        "МЫ НА FACEBOOK": "navigation",
        "Сайт новин міста12/03/2024": "dateline",
        "Дізнавайтеся першими новини міста – підписуйтеся на наш Telegram-канал.": (
            "reader prompt"
        ),
        "Приєднуйтесь до наших каналів Telegram та YouTube.": "reader prompt",
        "15.03.2024": "dateline",
        "12:0503.03.2024": "dateline",
        "Ольга Коваленко": "credit",  # the signature under the text
    }


def test_lines_in_another_script_than_the_report() -> None:
    text = (
        "Обстрел города унес жизни трех человек, сообщили спасатели.\n"
        "Спасатели разбирали завалы до вечера, под ними могут оставаться люди.\n"
        "Trang tin tức - Nền tảng thông tin\n"
        "Saldırıda üç kişi öldü\n"
        "We will rebuild the town\n"
        "По данным Reuters, в городе нет света.\n"
        "Reuters\n"
    )
    removed = _removed(text)
    # an English line may be a quote given as written, so it stays
    assert removed == {
        "Trang tin tức - Nền tảng thông tin": "other language",
        "Saldırıda üç kişi öldü": "other language",
    }
    en = "Four people were killed, officials said.\nخبر عاجل\nKyiv Oblast\n"
    assert _removed(en) == {"خبر عاجل": "other language"}


def test_a_name_inside_the_report_is_not_a_signature() -> None:
    text = "Ольга Коваленко\nОбстрел города унес жизни трех человек.\nВрачи спасли раненых.\n"
    kept, removed = clean_text(text)
    assert removed == []
    assert kept.startswith("Ольга Коваленко\n")


# --- Ukrainian and Russian: who gave the figure, who speaks ----------------------------------


def test_a_title_alone_after_the_name_is_that_official() -> None:
    uk = (
        "Про це повідомив голова Сумської ОВА Петро Ковальчук.\n\n"
        "«На жаль, загинули двоє людей», – розповів очільник області."
    )
    data = _facts(uk, "uk")
    assert [q["speaker"] for q in data["quotes"]] == ["Петро Ковальчук"]
    assert ("killed", 2, "Петро Ковальчук") in _figs(data)
    ru = (
        "Об этом сообщил глава региона Андрей Соколов.\n"
        "«В результате удара погибли три человека», — написал губернатор в телеграм-канале."
    )
    data = _facts(ru, "ru")
    assert [q["speaker"] for q in data["quotes"]] == ["Андрей Соколов"]
    assert ("killed", 3, "Андрей Соколов") in _figs(data)


def test_a_body_in_the_locative_speaks_in_the_nominative() -> None:
    text = (
        "Унаслідок обстрілу загинули 12 людей.\n"
        "У міністерстві також додали, що ще 40 людей отримали поранення."
    )
    assert ("injured", 40, "міністерство") in _figs(_facts(text, "uk"))


def test_a_statement_posted_in_a_messenger_speaks_for_who_was_named() -> None:
    text = (
        "Кількість поранених зросла, повідомили в обласній прокуратурі.\n"
        "«Троє людей загинули, ще 15 отримали поранення», – йдеться у повідомленні у Телеграмі."
    )
    data = _facts(text, "uk")
    speakers = [q["speaker"] for q in data["quotes"]]
    assert speakers and speakers[0] is not None and "Телеграм" not in speakers[0]


def test_subject_before_that_and_a_quote_speaks() -> None:
    text = (
        "Удары продолжались всю ночь. В Минздраве края добавили, что «за сутки погибли "
        "17 человек, еще 40 пострадали»."
    )
    data = _facts(text, "ru")
    assert [q["speaker"] for q in data["quotes"]] == ["Минздрав края"]
    assert ("killed", 17, "Минздрав края") in _figs(data)


def test_about_this_in_the_next_paragraph_names_the_source() -> None:
    ru = (
        "В результате авиаударов по двум деревням погибли по меньшей мере 14 человек.\n\n"
        "Среди погибших трое детей. Об этом на своей странице в Telegram сообщила "
        'спасательная служба "Зеленые жилеты".'
    )
    assert ("killed", 14, "Зеленые жилеты") in _figs(_facts(ru, "ru"))
    uk = (
        "Унаслідок удару по ринку загинули щонайменше 30 цивільних.\n\n"
        "Як повідомляє Укрінформ, про це пише агентство Рейтер."
    )
    assert ("killed", 30, "агентство Рейтер") in _figs(_facts(uk, "uk"))


def test_about_this_citing_a_group_names_the_group() -> None:
    text = (
        "Внаслідок авіаудару загинули цивільні. Про це повідомляє агенція із посиланням на "
        "рятувальну службу «Зелені жилети».\n"
        "«Щонайменше 11 людей загинули і 20 отримали поранення», – йдеться у повідомленні."
    )
    data = _facts(text, "uk")
    assert [q["speaker"] for q in data["quotes"]] == ["Зелені жилети"]
    assert ("injured", 20, "Зелені жилети") in _figs(data)
