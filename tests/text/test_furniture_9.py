"""Page furniture of dev7's kinds (issue 25), each in wording written for the test: captions
closed by their credit, a credit alone and the caption above it, links to other articles, a
legal footer under its heading, comment forms with a count, and the headlines of other
articles under a heading after the article."""

from __future__ import annotations

import pytest

from casefile.text import clean_text

ARTICLE = (
    "Five people were killed when a rocket hit a market in the town, the regional governor "
    "said on Monday.\n\nRescuers were still searching the rubble late in the evening, he added."
)


def _removed(text: str) -> dict[str, str]:
    return {r.text.strip(): r.reason for r in clean_text(text)[1]}


@pytest.mark.parametrize(
    "caption",
    [
        "Smoke rises over the market after the strike / © State Emergency Service",
        "Рятувальники на місці удару по ринку / © ДСНС",
        "Fighters hold their weapons near the border on May 3, 2019. PHOTO | AFP",
        "File photo: A soldier stands guard at a checkpoint outside the city.",
        "Архивное фото: разрушенный дом на окраине города.",
    ],
)
def test_a_caption_with_its_credit_is_removed(caption: str) -> None:
    assert _removed(f"{caption}\n\n{ARTICLE}\n").get(caption) == "credit"


@pytest.mark.parametrize(
    ("caption", "credit"),
    [
        ("Residents inspect a damaged house in the village, March 2, 2021.", "Jane Doe/AP"),
        ("Soldiers patrol the road near the airport.", "Omar Haddad/Reuters"),
        ("A boy walks past a burned car, June 9, 2018.", "Ali Rahman/AFP"),
    ],
)
def test_a_credit_alone_takes_the_caption_above_it(caption: str, credit: str) -> None:
    removed = _removed(f"{caption}\n{credit}\n\n{ARTICLE}\n")
    assert removed.get(credit) == "credit"
    assert removed.get(caption) == "credit"


def test_a_credit_alone_in_a_page_without_blank_lines_keeps_the_line_above() -> None:
    text = ARTICLE.replace("\n\n", "\n") + "\nJane Doe/AP\n"
    removed = _removed(text)
    assert removed.get("Jane Doe/AP") == "credit"
    assert not any(line.startswith("Rescuers") for line in removed)


@pytest.mark.parametrize(
    "link",
    [
        "Read: Fighting flares again in the north, officials say",
        "Also read: Ceasefire talks stall in the capital",
        "Читайте також: Окупанти обстріляли Нікополь",
        "Смотрите также: Спасатели завершили разбор завалов",
    ],
)
def test_a_link_to_another_article_is_removed(link: str) -> None:
    assert (
        _removed(f"{ARTICLE}\n\n{link}\n\nThe governor said the market would reopen.\n").get(link)
        == "related link"
    )


@pytest.mark.parametrize(
    "footer",
    [
        ["Disclaimer", "- The Daily Example Group", "- © The Daily Example Group"],
        ["Terms of use", "Example Media Ltd"],
        ["Умови використання", "Передрук дозволено з посиланням"],
    ],
)
def test_a_legal_heading_takes_the_lines_under_it(footer: list[str]) -> None:
    removed = _removed(ARTICLE + "\n" + "\n".join(footer) + "\n")
    assert all(removed.get(line) == "legal" for line in footer)


@pytest.mark.parametrize(
    "form", ["Залишити відповідь", "Комментарии (0) | |", "Comments (12)", "Оставить ответ"]
)
def test_a_comment_form_is_removed(form: str) -> None:
    assert _removed(f"{ARTICLE}\n\n{form}\n").get(form) == "comments"


@pytest.mark.parametrize(
    ("heading", "headlines"),
    [
        (
            "Подібні",
            [
                "Стало відомо, скільки дронів збили над областю за минулий тиждень",
                "Уряд затвердив нову програму відновлення зруйнованого житла",
            ],
        ),
        (
            "Похожие",
            [
                "В городе открыли новый пункт несокрушимости для жителей пострадавших районов",
                "Спасатели рассказали, как действовать при воздушной тревоге",
            ],
        ),
        (
            "Related",
            [
                "Ceasefire talks resume in the capital as both sides trade accusations",
                "Aid convoy reaches the besieged town after weeks of delays",
            ],
        ),
    ],
)
def test_headlines_of_other_articles_under_a_heading(heading: str, headlines: list[str]) -> None:
    removed = _removed(ARTICLE + "\n\n" + heading + "\n\n" + "\n\n".join(headlines) + "\n")
    assert heading in removed
    assert all(h in removed for h in headlines)


@pytest.mark.parametrize(
    "last",
    [
        "Attacks on villages have risen this year, leaving hundreds dead. — NN",
        "Niamey",  # a place under the article stays
        "Five people were killed, officials said, and the toll could rise",
    ],
)
def test_the_articles_own_last_lines_stay(last: str) -> None:
    assert last not in _removed(f"{ARTICLE}\n\n{last}\n")


@pytest.mark.parametrize(
    "tag",
    ["загиблі рятувальники у Запоріжжі", "обстріл Херсона", "war in Sudan", "удары по Белгороду"],
)
def test_a_lowercase_topic_above_the_text_is_a_tag(tag: str) -> None:
    assert _removed(f"{tag}\n\n{ARTICLE}\n").get(tag) == "tags"


def test_a_capitalised_headline_above_the_text_stays() -> None:
    assert _removed(f"Rocket hits market in the town\n\n{ARTICLE}\n") == {}


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("By Jane Roe and John Doe", "credit"),
        ("By Maria Lopez, Ahmed Musa and Ken Ito", "credit"),
        ("By Ali Hassan I AFP", "credit"),
        ("Reporting by Jane Roe; Editing by John Doe", "credit"),
        ("Reporting by Ahmed Musa", "credit"),
        ("Smoke over the town (photo credit: Reuters)", "credit"),
        ("(image credit: AFP [file])", "credit"),
        ("EDITOR-IN-CHIEF: JOHN DOE", "credit"),
        ("Publisher: Daily Example Media", "credit"),
        ("This copy is for your personal, non-commercial use only.", "legal"),
        ("Published: 3 May 2021 - 10:15 am | Last Updated: 4 May 2021 - 09:00 am", "dateline"),
        ("Mon., May 3, 2021 2 min. read", "dateline"),
        ("Please enter your comment!", "comments"),
        ("Please enter your email address here", "comments"),
        ("Read Story: Floods displace thousands in the east", "related link"),
    ],
)
def test_english_furniture_of_dev8_to_dev11(line: str, reason: str) -> None:
    assert (
        _removed(f"{ARTICLE}\n\n{line}\n\nThe governor said the market would reopen.\n").get(line)
        == reason
    )


@pytest.mark.parametrize(
    "line",
    [
        "Editor: the toll rose to 12 people after the attack on the market in the town.",
        "By the end of the day, 12 people had died in the town, officials said.",
    ],
)
def test_an_article_line_that_starts_like_a_credit_stays(line: str) -> None:
    assert line not in _removed(f"{ARTICLE}\n\n{line}\n\nThe governor spoke again.\n")
