"""Page furniture of dev12's and dev13's kinds (issue 25), each in wording written for the test:
a long caption closed by the agency's credit and its title above it, a wire's source line, a
syndication note, a caption closed by a credit with its channel, bylines of three authors with
their outlet, and the page's widgets ("View Comments", "Search", a misspelt "Advertisment")."""

from __future__ import annotations

import pytest

from casefile.text import clean_text

ARTICLE = (
    "Nine people were killed when gunmen opened fire at a bus station in the town, the "
    "provincial police chief said on Monday.\n\nThe wounded were taken to the district "
    "hospital, he added."
)


def _removed(text: str) -> dict[str, str]:
    return {r.text.strip(): r.reason for r in clean_text(text)[1]}


def test_a_long_caption_closed_by_the_agencys_credit_and_its_title() -> None:
    title = "Residents leave the district after the shooting, in the provincial capital"
    caption = (
        "People carry their belongings past a burnt-out bus as soldiers guard the road near the "
        "station where gunmen opened fire on Monday, in the provincial capital, March 3, 2025. "
        "REUTERS/Jane Example/File photo"
    )
    removed = _removed(f"Gunmen kill nine at bus station\n\n{title}\n{caption}\n\n{ARTICLE}")
    assert removed == {title: "credit", caption: "credit"}


def test_three_authors_and_their_outlet_are_a_byline() -> None:
    line = "Anna Example, Boris Sample and Clara Test Los Angeles Times (TNS)"
    assert line in _removed(_page(line))


def test_a_title_printed_twice_loses_its_second_copy() -> None:
    title = "Gunmen kill nine at bus station"
    removed = clean_text(f"{title}\n\n{title}\n\n{ARTICLE}\n")[1]
    assert [(r.text, r.reason, r.line) for r in removed] == [(title, "repeated", 2)]


def test_a_sentence_said_twice_stays() -> None:
    sentence = "The wounded were taken to the district hospital, he added."
    text, removed = clean_text(f"{ARTICLE}\n\n{sentence}\n")
    assert text.count(sentence) == 2 and removed == []


def test_other_articles_listed_by_date() -> None:
    listed = ["03.03.2025 Фермеры вышли на протест", "02.03.2025 Новый мост через реку открыт"]
    removed = _removed("\n\n".join([ARTICLE, *listed]) + "\n")
    assert removed == dict.fromkeys(listed, "other articles")


def test_one_dated_line_is_not_a_list() -> None:
    line = "03.03.2025 Фермеры вышли на протест"
    assert line not in _removed(f"{ARTICLE}\n\n{line}\n")


# Lines of the kinds dev12-dev19 had, each written for the test; each stands alone between the
# headline and the article.
FURNITURE = [
    "Source: REUTERS",
    "Source: AFP",
    "This article was produced by Reuters news agency. It has not been edited by our staff",
    "This story has been published by an agency feed without changes.",
    "CROWDS AT THE STATION — Relatives wait outside the morgue on Monday. (DPA via Example "
    "Press/TNS)",
    "Relatives wait outside the morgue on Monday. (AP Photo/John Example)",
    "View Comments",
    "Search",
    "Advertisment",
    "More from this category",
    '<image>![Разрушенный дом](data:image/jpeg;base64,AAAA) "Разрушенный дом в селе"',
    "![Rescuers at the site](https://example.org/photo.jpg)",
    "Tекст: Олена Приклад",
    "Текст: Олена Приклад",
    "Олег Зразок, фото из архива",
    "Фото example.com.ua",
    "Данные о правообладателе фото",
    "время публикации: 3 марта 2025 г., 10:15 | последнее обновление: 3 марта 2025 г., 11:02",
    "Коментарі відсутні",
    "Комментариев пока нет",
    "Читать на русском",
    "Read in English",
    "This copy is for your personal non-commercial use only. To order presentation-ready "
    "copies for distribution to colleagues, clients or customers, or inquire about "
    "permissions and licensing, please go to the reprints page of the example outlet.",
    "March 03, 2025 09:15 AM IST",
    "Tuesday, March 4",
    "ByJane Example, Srinagar",
    "Exclusive",
    "Эксклюзив",
    "Know more",
    "Семеро погибших после удара по рынку_Russian.example.cn",
    "Gunmen kill nine at bus station | example.com",
    "Share and Enjoy !",
    "Skip to main content",
    "| 06:10, 4 березня 2025 р.",
    "09:12 | 04.03.2025",
    "19:05 04.03.2025 (обновлено: 19:20 04.03.2025)",
    "Херсонщина / Ілюстративне фото",
    "Місто - Figure 2",
    "Війна",
    "By Jane Example 6:10PM GMT 04 Mar 2025",
    "Join the conversation",
    "Ask about this article",
    "Жители у разрушенного дома на окраине Фото: x.com/example_user",
    "READ MORE",
    "Завантажити",
    "download white apps",
    "Sat, 01 Mar 2025 10:15:00 +0200",
    "This post is also available in: Ukrainian",
    ", 10:05 Олена Приклад",
]
# Article lines that start like furniture and stay.
ARTICLE_LINES = [
    "Source: the regional health ministry said nine people had died in hospital.",
    "Kyiv, Kharkiv and Odesa came under attack overnight, officials said.",
    "This article was updated after the governor gave a new toll of nine killed.",
    "By the end of the day, nine people had died in hospital.",
    "Tuesday, March 4, was the deadliest day of the month, officials said.",
]


def _page(line: str) -> str:
    return f"Gunmen kill nine at bus station\n\n{line}\n\n{ARTICLE}"


@pytest.mark.parametrize("line", FURNITURE)
def test_furniture_lines_of_real_pages(line: str) -> None:
    assert line in _removed(_page(line))


@pytest.mark.parametrize("line", ARTICLE_LINES)
def test_article_lines_that_look_alike_stay(line: str) -> None:
    assert line not in _removed(_page(line))
