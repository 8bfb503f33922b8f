"""Page furniture by position and shape (issue 25, tenth round): after the article's last
sentence, the short lines that end no sentence (buttons, counters, a form's labels, a section
link) and lines in another language are the page's tail, whatever their words; above the
headline, a short phrase or a rubric list is the site's. Every report here is written for the
test, with wording no outside report had."""

from __future__ import annotations

import pytest

from casefile.text import clean_text

BODY_EN = "Gunmen killed 12 people in a village near the river on Sunday, police said."
BODY_UK = "Унаслідок обстрілу загинули двоє людей, повідомив голова громади."
BODY_RU = "В результате обстрела погибли два человека, сообщил глава района."


@pytest.mark.parametrize(
    ("body", "tail"),
    [
        # the text's last line has at most four words: a longer one may be a sentence cut short
        (BODY_EN, ["This story was viewed 2,310 times", "Leave your opinion below"]),
        (BODY_EN, ["POST A REPLY TO THIS STORY", "Older and Newer Posts", "editor"]),
        (BODY_UK, ["Поділитися в мережах", "Обговорити новину на форумі"]),
        (BODY_UK, ["Надіслати", "продаж будинків Київ"]),
        (BODY_RU, ["Написать редакции", "Лента: все материалы дня"]),
        (BODY_RU, ["Перейти к списку", "Источник публикации"]),
    ],
)
def test_page_tail_removed(body: str, tail: list[str]) -> None:
    text, removed = clean_text("\n\n".join([body, body, *tail]) + "\n")
    assert text == f"{body}\n\n{body}"
    assert sorted(r.text for r in removed) == sorted(tail)


def test_comment_rules_in_another_latin_language_removed() -> None:
    rules = [
        "UYARI: Yorumlarınızda küfür, hakaret ve suçlama içeren ifadeler kullanmayınız.",
        "Lütfen yorum yazarken Türkçe karakter kullanın ve büyük harfle yazmayın.",
    ]
    text, removed = clean_text("\n".join([BODY_EN, "Write to us", *rules]) + "\n")
    assert text == BODY_EN
    assert [r.reason for r in removed] == ["page tail"] * 3


def test_what_ends_an_article_stays() -> None:
    # a signature and a place, a list of damage without full stops, a quote in another script,
    # a long line cut short by an excerpt's end
    cases = [
        (f"{BODY_EN}\nJohn Smith\nNiamey", "Niamey"),
        (f"{BODY_UK}\nПошкоджено:\n- житловий будинок\n- дві автівки", "- дві автівки"),
        (f"{BODY_EN}\nГолова громади заявив, що обстріли тривали всю ніч.", "всю ніч."),
        (f"{BODY_RU}\nПо словам главы района, спасатели работали на месте до", "на месте до"),
    ]
    for page, end in cases:
        text, _ = clean_text(page + "\n")
        assert text.endswith(end), page


@pytest.mark.parametrize(
    ("top", "headline", "body"),
    [
        ("Увійти в кабінет", "Двоє людей загинули внаслідок обстрілу громади", BODY_UK),
        ("Регіони, Війна, Надзвичайні події", "Обстріл громади забрав двоє життів", BODY_UK),
        ("Вход для подписчиков", "При обстреле района погибли два человека", BODY_RU),
        ("Africa | Security | Politics", "Gunmen kill 12 in a river village", BODY_EN),
    ],
)
def test_labels_above_headline_removed(top: str, headline: str, body: str) -> None:
    text, removed = clean_text(f"{top}\n\n{headline}\n\n{body}\n")
    assert text.splitlines()[0] == headline
    assert [(r.text, r.reason) for r in removed] == [(top, "navigation")]


def test_headline_and_standfirst_stay() -> None:
    page = f"Gunmen kill 12 in Niger\nPolice say the attack began at dawn\n{BODY_EN}\n"
    text, removed = clean_text(page)
    assert text.splitlines()[:2] == [
        "Gunmen kill 12 in Niger",
        "Police say the attack began at dawn",
    ]
    assert removed == []


@pytest.mark.parametrize(
    "line",
    [
        "Понеділок, 3 Березня, 2025",
        "12 грудня 2023 р. 09:40",
        "Вторник, 4 апреля 2023 г.",
        "Sunday, 7 July 2024",
        "03.11.2024, 14:05",
    ],
)
def test_a_line_that_is_only_a_date_is_a_dateline(line: str) -> None:
    text, removed = clean_text(f"{line}\n\n{BODY_UK}\n")
    assert text == BODY_UK
    assert [(r.text, r.reason) for r in removed] == [(line, "dateline")]


@pytest.mark.parametrize("line", ["Kyiv, 2024", "В 2024 году", "Загинули 5 людей у 2024"])
def test_a_year_with_words_is_not_a_dateline(line: str) -> None:
    text, _ = clean_text(f"{BODY_RU}\n{line}.\n{BODY_RU}\n")
    assert f"{line}." in text


@pytest.mark.parametrize(
    "line",
    ["(Фото: Суспільне/Іван Петренко)", "(Photo: AFP/John Smith)", "(Фото: пресс-служба ГСЧС)"],
)
def test_a_credit_in_brackets_is_removed(line: str) -> None:
    text, removed = clean_text(f"{BODY_EN}\n\n{line}\n\n{BODY_EN}\n")
    assert line not in text
    assert [r.reason for r in removed] == ["credit"]


def test_long_headline_below_site_labels() -> None:
    headline = (
        "За минулу добу від обстрілів на Херсонщині загинули двоє людей і ще семеро отримали "
        "поранення — голова ОВА"
    )
    text, removed = clean_text(f"EN / UA\nПідтримати редакцію\n\n{headline}\n\n{BODY_UK}\n")
    assert text.splitlines()[0] == headline
    assert len(removed) == 2


@pytest.mark.parametrize("site", ["News-today", "Kharkiv-online", "Islam-info"])
def test_a_sites_name_under_the_article_is_no_signature(site: str) -> None:
    text, removed = clean_text(f"{BODY_EN}\n{BODY_EN}\n{site}\n")
    assert site not in text
    assert [r.reason for r in removed] == ["page tail"]
