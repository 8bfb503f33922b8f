"""Page furniture of dev32's and dev33's kinds (issue 25), each in wording written for the test:
comment forms and moderation notices in Russian and Ukrainian, a prompt to report a typo, an
advertisement label, an archive notice, a time with its day and no year, an outlet's name before
its time and date, a date and byline joined by a bar, a breadcrumb of two sections, a section's
name above the headline; and lines of the article that look close to them, which stay."""

from __future__ import annotations

import pytest
from furniture_helpers import ARTICLE_EN, ARTICLE_RU, ARTICLE_UK
from furniture_helpers import removed_lines as _removed


@pytest.mark.parametrize(
    ("line", "article", "reason"),
    [
        ("Ваш адрес email не будет опубликован. Обязательные поля помечены *", ARTICLE_RU,
         "comments"),
        ("Спасибі за Вашу активність, Ваше питання буде розглянуто модераторами найближчим часом",
         ARTICLE_UK, "comments"),
        ("Якщо ви помітили помилку, виділіть текст і натисніть Ctrl + Enter", ARTICLE_UK,
         "reader prompt"),
        ("Если вы заметили ошибку, выделите текст и нажмите Ctrl + Enter", ARTICLE_RU,
         "reader prompt"),
        ("Оголошення", ARTICLE_UK, "advertisement"),
        ("This is an archived article and the information in the article may be outdated.",
         ARTICLE_EN, "legal"),
    ],
)  # fmt: skip
def test_lines_under_the_text(line: str, article: str, reason: str) -> None:
    assert _removed(f"Удар по порту\n\n{article}\n\n{line}").get(line) == reason


@pytest.mark.parametrize(
    ("line", "article"),
    [
        ("09:40, 14 жовтня", ARTICLE_UK),
        ("Радио Север 18:05, 3 октября, 2024 12", ARTICLE_RU),
        ("March 2, 2001|By Jane Roe, Staff Writer.", ARTICLE_EN),
    ],
)
def test_dates_and_bylines_over_the_text(line: str, article: str) -> None:
    assert _removed(f"Удар по порту\n\n{line}\n\n{article}").get(line) == "dateline"


@pytest.mark.parametrize(
    ("line", "article"),
    [("В мире / Другие страны", ARTICLE_RU), ("News / World", ARTICLE_EN)],
)
def test_a_breadcrumb_of_two_sections(line: str, article: str) -> None:
    assert _removed(f"Market attack\n\n{line}\n\n{article}").get(line) == "navigation"


def test_a_section_name_above_the_headline() -> None:
    text = f"Local News\n\nTwelve Killed at Market in Portville\n\n{ARTICLE_EN}"
    assert _removed(text).get("Local News") == "navigation"


@pytest.mark.parametrize(
    "line",
    [
        # a sentence of the article with a slash, a time and a date in it
        "Обстріл почався о 09:40, 14 жовтня, і тривав дві години.",
        "The road links Kyiv / Chernihiv and was hit twice.",
        # a person named in a line of its own above the text stays (it may be a dateline)
        "Glenmore Hinds",
    ],
)
def test_article_lines_that_look_close_stay(line: str) -> None:
    assert line not in _removed(f"Market attack\n\n{line}\n\n{ARTICLE_EN}")


# --- dev34's and dev35's kinds ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "article", "reason"),
    [
        ("НАСТОЯЩИЙ МАТЕРИАЛ (ИНФОРМАЦИЯ) ПРОИЗВЕДЕН И РАСПРОСТРАНЕН ИНОСТРАННЫМ АГЕНТОМ ООО "
         "\"ПРИМЕР\".", ARTICLE_RU, "legal"),
        ("Бажаєте дізнаватися головні новини міста першими? Приєднуйтеся до нашого каналу!",
         ARTICLE_UK, "newsletter prompt"),
        ("Новости по теме: В соседней области прошли учения", ARTICLE_RU, "related link"),
        ("PLUS: Protesters Gather Outside the Parliament", ARTICLE_EN, "related link"),
        ("Home News World", ARTICLE_EN, "navigation"),
        ("A man injured in the blast is carried to the city hospital.(Jan Roe: Reuters)",
         ARTICLE_EN, "credit"),
    ],
)  # fmt: skip
def test_lines_of_dev34_and_dev35_kinds(line: str, article: str, reason: str) -> None:
    assert _removed(f"Удар по порту\n\n{article}\n\n{line}").get(line) == reason


def test_short_lines_under_a_closing_read_also_label() -> None:
    items = [
        "Пожизненный срок: в столице вынесли первый приговор.",
        "Певица отменила концерты в Москве",
        "Знаки Зодиака, которым повезет в новом году",
    ]
    text = f"Удар по порту\n\n{ARTICLE_RU}\n\nЧитайте также:\n" + "\n".join(items)
    removed = _removed(text)
    assert all(removed.get(item) == "related link" for item in items)
    assert "На месте работают спасатели." not in removed


def test_a_long_paragraph_after_read_also_is_kept() -> None:
    long = (
        "Спасатели продолжают разбирать завалы, и к вечеру число погибших выросло до семи "
        "человек, сообщил глава областной администрации, добавив, что среди раненых есть "
        "дети и что все они доставлены в больницы города и области для лечения."
    )
    text = f"Удар по порту\n\n{ARTICLE_RU}\n\nЧитайте также:\n{long}"
    assert long not in _removed(text)


def test_a_summary_box_under_its_label() -> None:
    points = ["• Children are among the dead", "• Police say a lone man set off the device"]
    text = (
        f"Market attack\n\n{ARTICLE_EN}\n\nHere is what we know so far:\n\n"
        + "\n".join(points)
        + "\n\nWitnesses described scenes of panic as people ran from the hall."
    )
    removed = _removed(text)
    assert removed.get("Here is what we know so far:") == "summary box"
    assert all(removed.get(p) == "summary box" for p in points)
    assert "Witnesses described scenes of panic as people ran from the hall." not in removed


def test_what_we_know_as_a_sentence_stays() -> None:
    line = "What we know so far is that twelve people died."
    assert line not in _removed(f"Market attack\n\n{line}\n\n{ARTICLE_EN}")


def test_read_also_in_the_familiar_form() -> None:
    line = "Читай также: Взрыв на рынке в соседнем городе"
    assert _removed(f"Удар по порту\n\n{ARTICLE_RU}\n\n{line}").get(line) == "related link"


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Last updated on: May 03, 2014 02:21 IST", "dateline"),
        ("• 511", "site mark"),
        ("Фото - Caravan.kz", "media file"),
        ("news-image", "media file"),
    ],
)
def test_lines_of_dev37_kinds(line: str, reason: str) -> None:
    assert _removed(f"Market attack\n\n{line}\n\n{ARTICLE_EN}").get(line) == reason


def test_a_sentence_opening_with_photo_and_a_dash_stays() -> None:
    line = "Фото - це мистецтво, сказав він, і пішов."
    assert line not in _removed(f"Удар по порту\n\n{ARTICLE_UK}\n\n{line}")
