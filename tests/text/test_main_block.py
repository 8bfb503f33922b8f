"""A whole web page saved as text: the article's block is kept, the site around it is not.

The pages here are written for the test (a site's menu, an article, other stories, a footer).
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

import pytest

from casefile.text import clean_text
from casefile.text.clean import clean_document, normalise
from casefile.text.main_block import is_whole_page, main_block

MENU = [
    "Home", "News", "World", "Europe", "Africa", "Politics", "Business", "Sport",
    "Culture", "Video", "Podcasts", "Weather", "Sign in",
]  # fmt: skip
HEADLINE = "Shelling of river port kills nine, injures 23"
BYLINE = "By Maria Kovalenko | Updated 14 March 2024, 09:12"
ARTICLE = [
    "Nine people were killed and 23 injured when shells hit the river port of Zatoka on "
    "Tuesday night, the regional governor said on Wednesday morning.",
    "The governor said that rescue teams had worked through the night to pull survivors "
    "from a warehouse that collapsed after the second strike.",
    "Among the dead were two port workers and a driver who had been waiting to unload grain, "
    "according to a statement from the port authority.",
    "Residents described hearing at least four explosions shortly after midnight, followed by "
    "a fire that spread to two neighbouring buildings.",
    "The prosecutor's office has opened an investigation into a possible war crime and asked "
    "witnesses to come forward with photographs and videos.",
    "Local officials said that the port had been closed to ships since the first strike in "
    "February, but that trucks still came to load grain stored in its warehouses.",
    "Emergency services set up a shelter in a school for families whose homes were damaged, "
    "and volunteers brought food, water and blankets during the night.",
    "The city council declared a day of mourning, and flags on public buildings were lowered "
    "to half-mast on Wednesday.",
    "Hospitals in the region said that five of the injured were in a serious condition, and "
    "that two children were among those being treated for burns and cuts.",
]
RELATED = [
    "More on this story",
    "Drone strike damages school in the north",
    "Power restored to most of the city",
    "Grain exports resume after two-week pause",
    "Mayor asks residents to use shelters",
    "Most read",
    "Ten things to know before you travel",
]
FOOTER = [
    "About us", "Contact", "Careers", "Advertise", "Terms of use", "Privacy policy",
    "Cookie settings", "Facebook", "Twitter", "Instagram", "YouTube", "RSS",
    "All rights reserved.",
]  # fmt: skip


def page(article: list[str] = ARTICLE) -> str:
    return "\n".join([*MENU, HEADLINE, BYLINE, *article, *RELATED, *FOOTER])


def test_a_saved_page_keeps_the_headline_and_the_article_only() -> None:
    text, removed = clean_text(page())
    assert text.startswith(HEADLINE)
    for paragraph in ARTICLE:
        assert paragraph in text
    for line in [*MENU, *RELATED, *FOOTER]:
        assert line not in text.split("\n")
    reasons = {r.text: r.reason for r in removed}
    assert reasons["Grain exports resume after two-week pause"] == (
        "outside the article (whole page)"
    )


def test_the_block_spans_the_article() -> None:
    lines = normalise(page()).split("\n")
    first, last = main_block(lines, {}) or (-1, -1)
    # it may take in the byline above the article (a line of ten words); the rules judge that
    assert lines.index(MENU[-1]) < first <= lines.index(ARTICLE[0])
    assert lines[last] == ARTICLE[-1]


def test_an_articles_own_text_is_not_a_whole_page() -> None:
    # short lines inside an article ("Спасатели работают.") and no menu: left to the rules
    own = "\n\n".join([HEADLINE, *ARTICLE, "Rescuers are still at work."])
    assert not is_whole_page(normalise(own).split("\n"))
    assert clean_text(own)[0] == clean_text(own, whole_page=False)[0]


def test_a_list_of_the_dead_after_the_article_stays() -> None:
    victims = [f"{n}. Name Surname{n}, {20 + n}, Zatoka" for n in range(1, 13)]
    text, _ = clean_text(page([*ARTICLE, "The dead have been named as:", *victims]))
    for entry in victims:
        assert entry in text


def test_text_that_cannot_be_a_page_is_not_cut() -> None:
    text, _ = clean_text(page(), whole_page=False)
    assert "Grain exports resume after two-week pause" in text


def test_an_html_pages_extracted_article_is_not_cut_again() -> None:
    body = "".join(f"<p>{p}</p>" for p in ARTICLE * 3)
    links = "".join(f"<li><a href='/{w}'>{w}</a></li>" for w in MENU)
    html = (
        f"<html><head><title>{HEADLINE}</title></head><body><nav><ul>{links}</ul></nav>"
        f"<article><h1>{HEADLINE}</h1>{body}</article></body></html>"
    )
    cleaned = clean_document(html.encode(), "text/html", "port.html")
    assert all(p in cleaned.text for p in ARTICLE)
    assert not any(r.reason.startswith("outside the article") for r in cleaned.removed)


def test_a_legal_link_in_a_menu_does_not_take_the_article_under_it() -> None:
    # "Privacy Policy" among the menu's links, a third of the way down, then the article
    lines = [*MENU, *MENU[:5], "Privacy Policy", HEADLINE, *ARTICLE, "Share this story"]
    text, _ = clean_text("\n".join(lines), whole_page=False)
    assert all(p in text for p in ARTICLE)


BenchScript = Callable[[str], ModuleType]


@pytest.mark.parametrize(
    ("pred", "expected"),
    [
        ("one two three four five", (1.0, 0.0, 0.0)),  # the body exactly
        ("", (0.0, 0.0, 1.0)),  # nothing: all missed
        ("menu one two three four five", (2 / 3, 1 / 3, 0.0)),  # one shingle too many
    ],
)
def test_the_benchmarks_shingle_counts(
    pred: str, expected: tuple[float, ...], bench_script: BenchScript
) -> None:
    counts = bench_script("boilerplate_benchmark").page_counts("one two three four five", pred)
    assert counts == pytest.approx(expected)


def test_the_benchmarks_scores_average_over_pages(bench_script: BenchScript) -> None:
    mod = bench_script("boilerplate_benchmark")
    result = mod.scores([(1.0, 0.0, 0.0), (0.5, 0.5, 0.0)])
    assert result["precision"] == pytest.approx(0.75) and result["recall"] == pytest.approx(1.0)
    assert result["f1"] == pytest.approx(2 * 0.75 / 1.75)


@pytest.mark.parametrize(
    "report",
    [
        "Twelve people were killed when gunmen opened fire on a market, the police said.\n\n"
        "The victims were named as:\n1. Ivan Petrenko, 45\n2. Olena Marchenko, 71\n"
        "3. Petro Ivanenko, 19",
        "Унаслідок удару загинули троє людей, повідомив мер.\n\nЗагиблі:\nІван Петренко, 45\n"
        "Олена Марченко, 71\nПетро Іваненко, 19",
        "Погибли трое мирных жителей, сообщил губернатор.\n\nПогибшие:\n- Иван Петренко, 45, "
        "Белгород\n- Ольга Марченко, 71, Белгород",
    ],
)
def test_a_list_of_the_dead_under_a_report_is_the_reports(report: str) -> None:
    # neither the rules of the page's tail nor the line model take a list or its heading
    assert clean_text(report)[1] == []


MENU_UK = [
    "Головна", "Новини", "Політика", "Економіка", "Суспільство", "Війна", "Світ", "Спорт",
    "Культура", "Відео", "Фото", "Блоги", "Увійти",
]  # fmt: skip
ARTICLE_UK = [
    "Унаслідок обстрілу Нікополя загинули двоє людей, ще п'ятеро дістали поранення, повідомив "
    "голова обласної військової адміністрації у вівторок вранці.",
    "За його словами, снаряди влучили у двоповерховий житловий будинок і магазин на околиці "
    "міста, де в цей час перебували покупці.",
    "Серед поранених є чотирнадцятирічна дівчина, її доправили до лікарні в стані середньої "
    "тяжкості, інших постраждалих лікують амбулаторно.",
    "Рятувальники до ранку розбирали завали, а комунальники відновлювали газопостачання та "
    "електромережі у пошкоджених будинках на трьох вулицях.",
    "Прокуратура розпочала досудове розслідування за фактом порушення законів і звичаїв війни, "
    "поєднаного з умисним вбивством.",
    "Місцева влада оголосила наступний день днем жалоби, на будівлях приспущено державні "
    "прапори, скасовано розважальні заходи.",
    "Від початку тижня це вже третій обстріл громади, і мешканців закликають не ігнорувати "
    "сигнали повітряної тривоги.",
]
TAIL_UK = [
    "Читайте також", "На Харківщині відновили рух потягів", "У Києві відкрили новий пункт "
    "незламності", "Ціни на пальне знизилися", "Найпопулярніше", "Про нас", "Контакти",
    "Реклама на сайті", "Політика конфіденційності", "Facebook", "Telegram", "YouTube",
    "Редакційна політика", "Вакансії", "Архів", "RSS", "Instagram", "Мапа сайту",
    "Усі права захищено",
]  # fmt: skip
MENU_RU = [
    "Главная", "Новости", "Политика", "Экономика", "Общество", "Происшествия", "В мире",
    "Спорт", "Культура", "Видео", "Фото", "Мнения", "Войти",
]  # fmt: skip
ARTICLE_RU = [
    "В результате обстрела Горловки погибли три человека, еще девять получили ранения, "
    "сообщил глава города во вторник вечером.",
    "По его словам, снаряды попали в жилой дом и остановку общественного транспорта, где "
    "в это время находились люди, ожидавшие автобус.",
    "Среди раненых двое детей, их доставили в городскую больницу, состояние одного из них "
    "врачи оценивают как тяжелое.",
    "Спасатели до поздней ночи разбирали завалы, коммунальные службы восстанавливали "
    "водоснабжение и электричество в поврежденных домах.",
    "Следственный комитет возбудил уголовное дело, на месте работают следователи и "
    "эксперты, опрашиваются свидетели.",
    "Городские власти объявили следующий день днем траура, отменены все развлекательные "
    "мероприятия, флаги приспущены.",
    "С начала недели это уже третий обстрел города, жителей призывают не выходить из "
    "укрытий во время тревоги.",
]
TAIL_RU = [
    "Читайте также", "В Донецке открыли новый мост", "Цены на бензин снизились",
    "Синоптики обещают потепление", "Самое читаемое", "О нас", "Контакты", "Реклама",
    "Политика конфиденциальности", "ВКонтакте", "Telegram", "YouTube", "Редакция", "Вакансии",
    "Архив", "RSS", "Одноклассники", "Карта сайта", "Все права защищены",
]  # fmt: skip


@pytest.mark.parametrize(
    ("menu", "headline", "article", "tail"),
    [
        (MENU_UK, "Обстріл Нікополя: двоє загиблих", ARTICLE_UK, TAIL_UK),
        (MENU_RU, "Обстрел Горловки: трое погибших", ARTICLE_RU, TAIL_RU),
    ],
)
def test_a_saved_page_in_ukrainian_or_russian(
    menu: list[str], headline: str, article: list[str], tail: list[str]
) -> None:
    text, _ = clean_text("\n".join([*menu, headline, *article, *tail]))
    kept = text.split("\n")
    assert kept[0] == headline and all(p in kept for p in article)
    assert not set(menu + tail) & set(kept)
