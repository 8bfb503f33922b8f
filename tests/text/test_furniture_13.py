"""Page furniture of dev40's and dev41's kinds (issue 25), each in wording written for the test:
a weekday and date with an ordinal, an ISO date with "сьогодні", a byline joined to its
publication date, a photo credited in brackets, an illustrative photo's credit, a caption closed
by its agency after a dash, a gallery's numbered captions, an audio player's label, a weather
widget, a title again under its section after a slash; and of dev44's and dev45's: bylines with
a handle or a station's number, a date with am/pm or its update in brackets, labels over links,
a prompt to "our Telegram channel", a writer's name alone on its line; and lines of the article
that look close to them, which stay."""

from __future__ import annotations

import pytest
from furniture_helpers import ARTICLE_EN, ARTICLE_UK
from furniture_helpers import removed_lines as _removed


@pytest.mark.parametrize(
    ("line", "article", "reason"),
    [
        ("Tue. Jun 15th, 2021", ARTICLE_EN, "dateline"),
        ("2025-05-10 сьогодні", ARTICLE_UK, "dateline"),
        ("CITY REPORT | Published: September 20, 2024 23:43:55", ARTICLE_EN, "dateline"),
        ("(Photo Courtesy: Portville Daily)", ARTICLE_EN, "credit"),
        ("Ілюстративне фото: media.example.ua", ARTICLE_UK, "credit"),
        ("Listen to this article", ARTICLE_EN, "reader prompt"),
        ("Погода на найближчий час", ARTICLE_UK, "reader prompt"),
    ],
)  # fmt: skip
def test_lines_over_the_text(line: str, article: str, reason: str) -> None:
    assert _removed(f"Market attack\n\n{line}\n\n{article}").get(line) == reason


def test_a_caption_closed_by_its_agency_after_a_dash() -> None:
    caption = (
        "Shops lie damaged in the market after the arson attacks of Thursday night. — Photo Agency"
    )
    text = f"Market attack\n\n{ARTICLE_EN}\n\n{caption}\n\nThe police are investigating."
    assert _removed(text).get(caption) == "credit"


def test_a_gallerys_numbered_captions() -> None:
    first = "4 The market street after the bomb attack Credit: City Press"
    second = "4 A picture shows the car taken moments before the blast"
    text = f"Market attack\n\n{ARTICLE_EN}\n\n{first}\n\n{second}\n\nThe police are investigating."
    removed = _removed(text)
    assert removed.get(first) == "credit"
    assert removed.get(second) == "credit"


def test_a_title_again_under_its_section_after_a_slash() -> None:
    title = "Окупанти завдали удару по місту"
    text = f"{title}\n\nНовини Полісся / {title}\n\n{ARTICLE_UK}"
    assert _removed(text).get(f"Новини Полісся / {title}") == "repeated"


@pytest.mark.parametrize(
    "line",
    [
        "4 people were killed in the attack on the market, the police said.",
        "The 2025-05-10 strike on the depot killed two workers, officials said.",
        "He gave them credit: the rescue was quick.",
        "“We will rebuild the market.” — Mayor Smith",
    ],
)
def test_article_lines_that_look_like_them_stay(line: str) -> None:
    assert line not in _removed(f"Market attack\n\n{ARTICLE_EN}\n\n{line}\n\nMore follows here.")


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("By Jane Roe @PortvilleNews", "credit"),
        ("By: News On 6", "credit"),
        ("Thursday, September 27th 2001, 12:00 am", "dateline"),
        ("31 января 2026, 18:30 (обновлено: 01 февраля 2026, 03:59)", "dateline"),
        ("Related Topics:", "navigation"),
        ("More on Freedonia", "navigation"),
        ("Самые важные новости — в нашем телеграм-канале «Новости Севера».", "newsletter prompt"),
        ("НАПИСАТИ ВІДПОВІДЬ", "comments"),
        ("введіть свій коментар!", "comments"),
        ("введіть тут своє ім'я", "comments"),
        ("Цей сайт використовує Akismet для зменшення спаму.", "comments"),
        ("comments Join the conversation", "comments"),
        ("34242 ПЕРЕГЛЯДІВ", "dateline"),
        ("Sun, 18 Dec 2022 Source: www.portville.example", "dateline"),
        ("By ASSOCIATED PRESS Published: October 5, 2016", "dateline"),
        ("Фото t.me/example_channel.", "credit"),
        ("photo 2025 08 02 12 05 52", "credit"),
        ("Кадры из видео", "credit"),
        ("• Staff and wire reports", "credit"),
        ("Запитати в ChatGPT", "credit"),
        ("- Змінити мову", "navigation"),
        ("- Читать на русском", "navigation"),
        ("from around the web", "navigation"),
        ("Staff and news service reports", "credit"),
        ("27 reads", "dateline"),
        ("Date: June 6, 2009", "dateline"),
        ("Фото из Telegram-канала Ивана Петрова.", "credit"),
        ("— Jane Roe (@janeroe_example)", "credit"),
        ("Останні новини Полісся", "navigation"),
        ("Главные новости Портвиля", "navigation"),
        ("Попередня новина:", "navigation"),
        ("Читайте більше новин по темі:", "navigation"),
        ("← Назад до новин", "navigation"),
        ("П’ятниця, 29 Березня, 2024", "dateline"),
        ("Posted , updated", "dateline"),
        ("1 хв на прочитання25 Серпня 2022, 15:19", "dateline"),
        ("Publication Date 1 November 1995", "dateline"),
        ("Поділитись:", "share buttons"),
        ("Leave Comments", "comments"),
        ("This site uses Akismet to reduce spam.", "comments"),
    ],
)
def test_bylines_dates_and_labels(line: str, reason: str) -> None:
    assert _removed(f"Market attack\n\n{line}\n\n{ARTICLE_EN}").get(line) == reason


@pytest.mark.parametrize(
    "lines",
    [
        ["14 ноября 2025, 14:26", "Петренко Ксения"],
        ["Анастасія Ковальова", "Анастасія Ковальова"],
    ],
)
def test_a_writers_name_alone_on_its_line(lines: list[str]) -> None:
    text = "Удар по порту\n\n" + "\n".join(lines) + "\n\n" + ARTICLE_EN
    assert _removed(text).get(lines[-1]) == "credit"


def test_a_place_alone_under_the_text_stays() -> None:
    text = (
        f"Удар по порту\n\n{ARTICLE_EN}\n\nКривий Ріг\n\nРятувальники працюють на місці "
        "удару до ранку, повідомив мер."
    )
    assert "Кривий Ріг" not in _removed(text)
