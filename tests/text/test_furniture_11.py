"""Page furniture of dev20's and dev21's kinds (issue 25), each in wording written for the test: a
page's skip links (numbered or not), a caption that says it is one, a caption closed by the
agency's name alone, a source label whose link was lost, related headlines under their heading
when one of them asks a question; and a headline tagged "(ФОТО)", which stays."""

from __future__ import annotations

import pytest
from furniture_helpers import ARTICLE_RU, ARTICLE_UK
from furniture_helpers import removed_lines as _removed


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


# --- dev22's and dev23's kinds (issue 25) -------------------------------------------------


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("[an error occurred while processing this directive]", "page error"),
        ("Article continues after advertisement", "advertisement"),
        ("Share with friends: Facebook twitter", "share buttons"),
        ("Фото - © Фотобанк.рф", "credit"),
        ("Скриншот. Telegram Івана Приклада", "credit"),
        ("Автор:Редакция example.by", "credit"),
        ("7-12-2025, 17:14 / Автор: Іванна Приклад", "dateline"),
        ("1.1т", "site mark"),
        ("/", "site mark"),
        ("Війна Новини Політика Фінанси Метео Спорт Ексклюзив", "navigation"),
        ("Люди ждут у пункта раздачи помощи, май 2025 года AP Photo", "credit"),
        ("Читать в полной версии →", "navigation"),
    ],
)
def test_dev22_dev23_furniture(line: str, reason: str) -> None:
    assert _removed(f"{ARTICLE_UK}\n\n{line}\n\n{ARTICLE_UK}\n").get(line) == reason


def test_related_items_after_read_also() -> None:
    text = (
        f"{ARTICLE_UK}\n\nЧитайте також:\n"
        "▪️У боях загинув доброволець, командир групи.\n"
        "▪️Розвідка підтвердила, що солдати не беруть участі у боях.\n\n"
        "Що відомо про загиблих\n\nНа місці працюють рятувальники, повідомив мер.\n"
    )
    removed = _removed(text)
    assert removed.get("▪️У боях загинув доброволець, командир групи.") == "related link"
    assert "На місці працюють рятувальники, повідомив мер." not in removed


def test_a_headline_after_read_also() -> None:
    text = f"{ARTICLE_UK}\n\nЧитайте також:\n\nЩо відомо про загиблих у місті\n\n{ARTICLE_UK}\n"
    assert _removed(text).get("Що відомо про загиблих у місті") == "related link"


def test_a_breadcrumb_and_its_title() -> None:
    text = (
        "• example.net\n• »\n• Новини\n• »\n• Світ\n• »\n• У місті загинули 16 людей\n\n"
        f"У місті загинули 16 людей\n\n{ARTICLE_UK}\n"
    )
    removed = _removed(text)
    assert removed.get("• У місті загинули 16 людей") == "navigation"
    assert removed.get("• Новини") == "navigation"


def test_a_list_in_the_article_is_no_breadcrumb() -> None:
    text = (
        f"{ARTICLE_UK}\n\n• Загинули троє людей у місті.\n• Ще 12 поранені.\n• Пошкоджено школу.\n"
    )
    assert _removed(text) == {}


# --- dev24's and dev25's kinds (issue 25) -------------------------------------------------


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("flickr photo shared by EXAMPLE under a Creative Commons ( BY-SA ) license", "credit"),
        ("[Map of Mali by CIA Fact Book/Public Domain]", "credit"),
        ("Вводная картинка", "credit"),
        ("The post Gunmen kill nine appeared first on Example News.", "legal"),
        ("Follow AP’s coverage of Africa at https://apnews.com/hub/africa", "reader prompt"),
        ("ANI | Updated: Mar 17, 2019 03:33 IST", "dateline"),
        ("26 декабря 2021 ( Просмотры 823 )", "dateline"),
        ("Sorry, the comment form is closed at this time.", "comments"),
        ("Ваша e-mail адреса не оприлюднюватиметься.", "comments"),
        ("www.facebook.com/EXAMPLE.GOV.UA", "site mark"),
    ],
)
def test_dev24_dev25_furniture(line: str, reason: str) -> None:
    assert _removed(f"{ARTICLE_UK}\n\n{line}\n\n{ARTICLE_UK}\n").get(line) == reason


def test_a_caption_printed_twice_at_the_top() -> None:
    caption = "The police chief at a news conference in the capital on Sunday."
    removed = _removed(f"{caption}\n{caption}\n\n{ARTICLE_UK}\n")
    assert removed == {caption: "repeated"}


def test_a_title_run_into_its_breadcrumb() -> None:
    title = "ВСУ обстреляли город, губернатор сообщил о гибели ребенка"
    removed = _removed(f"ГлавнаяВ России{title}\n\n{title}\n\n{ARTICLE_RU}\n")
    assert removed == {f"ГлавнаяВ России{title}": "navigation", title: "repeated"}


def test_a_title_again_under_its_rubric() -> None:
    title = "У місті терорист підірвав автобус: серед жертв є діти"
    removed = _removed(f"{title}\n\nНовини світу - {title}\n\n{ARTICLE_UK}\n")
    assert removed == {f"Новини світу - {title}": "repeated"}


# --- dev27's kinds (issue 25) -------------------------------------------------------------


def test_more_to_read_and_its_items() -> None:
    text = (
        f"{ARTICLE_UK}\n\nMore To Read\n\n- Army says it will fight on despite truce proposal\n"
        "- Famine declared as war pushes millions to the brink\n"
    )
    removed = _removed(text)
    assert removed.get("More To Read") == "related link"
    assert removed.get("- Famine declared as war pushes millions to the brink") == "related link"


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Добавить комментарий", "comments"),
        (
            "Новости от example.com в Telegram. Подписывайтесь на наш канал https://t.me/example",
            "reader prompt",
        ),
    ],
)
def test_dev27_furniture(line: str, reason: str) -> None:
    assert _removed(f"{ARTICLE_RU}\n\n{line}\n\n{ARTICLE_RU}\n").get(line) == reason


def test_posted_and_updated_line() -> None:
    line = "Posted at Nov 24 2009 02:19 PM | Updated as of Nov 24 2009 10:19 PM"
    assert _removed(f"{ARTICLE_UK}\n\n{line}\n\n{ARTICLE_UK}\n").get(line) == "dateline"


# --- dev28's and dev29's kinds (issue 25) -------------------------------------------------


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('<form action="/comment/reply/1" accept-charset="UTF-8" method="post">', "markup"),
        ("No menu items!", "markup"),
        ("17-06-2025 13:00", "dateline"),
        ("Posted: Updated:", "dateline"),
        ("Слідкуйте за новинами в Telegram.", "reader prompt"),
        ("Читайте нас на Google News.", "reader prompt"),
        ("Recommended Videos", "reader prompt"),
        ("Share story", "reader prompt"),
        ("Post new comment", "reader prompt"),
        ("47º", "navigation"),
        ("Gunmen kill nine in the capital, polic - WXYZ 7 Example News", "site mark"),
    ],
)
def test_dev28_dev29_furniture(line: str, reason: str) -> None:
    assert _removed(f"{ARTICLE_UK}\n\n{line}\n\n{ARTICLE_UK}\n").get(line) == reason
