"""Page furniture of dev20's and dev21's kinds (issue 25), each in wording written for the test: a
page's skip links (numbered or not), a caption that says it is one, a caption closed by the
agency's name alone, a source label whose link was lost, related headlines under their heading
when one of them asks a question; and a headline tagged "(ФОТО)", which stays."""

from __future__ import annotations

import pytest

from casefile.text import clean_text

ARTICLE_RU = (
    "В результате удара по порту погибли шесть человек, еще 11 получили ранения, сообщил глава "
    "областной администрации.\n\nНа месте работают спасатели."
)
ARTICLE_UK = (
    "Унаслідок удару по місту загинула одна людина, ще 30 дістали поранення, повідомив мер.\n\n"
    "На місці працюють рятувальники."
)


def _removed(text: str) -> dict[str, str]:
    return {r.text.strip(): r.reason for r in clean_text(text)[1]}


@pytest.mark.parametrize(
    "line",
    ["1. Перейти к содержанию", "2. Перейти к главному меню", "Skip to main menu",
     "3. К другим проектам DW", "Перейти до основного меню"],
)  # fmt: skip
def test_skip_links_at_the_top(line: str) -> None:
    assert _removed(f"{line}\n\nУдар по порту\n\n{ARTICLE_RU}").get(line) == "navigation"


@pytest.mark.parametrize(
    "line", ["Порт города (фото из архива)", "Рятувальники на місці удару (ілюстративне фото)"]
)
def test_a_caption_that_says_it_is_one(line: str) -> None:
    assert _removed(f"Удар по порту\n\n{line}\n\n{ARTICLE_RU}").get(line) == "credit"


def test_a_headline_tagged_photo_stays() -> None:
    title = "Россияне обстреляли область: шесть погибших (ФОТО)"
    assert title not in _removed(f"{title}\n\n{ARTICLE_RU}")


def test_a_caption_closed_by_the_agency_alone() -> None:
    caption = "Soldiers guard the scene after two bombs exploded outside the cathedral, Sunday. AP"
    article = (
        "Two bombs killed at least 20 people at a cathedral on Sunday, officials said.\n\n"
        f"{caption}\n\nThe wounded were taken to the town hospital, police said."
    )
    assert _removed(article).get(caption) == "credit"


@pytest.mark.parametrize("line", ["Джерело", "Источник", "Source:"])
def test_a_source_label_without_its_link(line: str) -> None:
    assert _removed(f"{ARTICLE_UK}\n\n{line}").get(line) == "credit"


def test_related_headlines_one_of_them_a_question() -> None:
    under = [
        "«Безпечних місць не залишиться» — що означає нова заява міністерства",
        "Податкова афера: монополіст чи “невинний гравець”?",
        "Оголосили осінній призов: скільки строковиків планують набрати",
    ]
    page = f"{ARTICLE_UK}\n\nСхожі новини\n" + "\n".join(under)
    removed = _removed(page)
    assert all(removed.get(h) == "other articles" for h in ["Схожі новини", *under])


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('Читать новость полностью на сайте "BFM.RU"', "navigation"),
        ("Powered by automated translation", "navigation"),
        ("14°C", "navigation"),
        ("Foto: Ivan Example / PIXSELL", "credit"),
        ("4 сентября 2024, 03:19 — Служба новостей", "dateline"),
        ("Больше актуальных новостей смотрите в телеграм канале ОСН.", "prompt"),
        ("Рятувальники на місці удару в Одесі, ілюстративне фото", "credit"),
    ],
)
def test_widgets_credits_and_promotions(line: str, reason: str) -> None:
    assert _removed(f"Удар по порту\n\n{line}\n\n{ARTICLE_RU}").get(line) == reason
