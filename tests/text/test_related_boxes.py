"""A related-articles box glued into a line where a page lost its layout (issue 25, Lenta.ru
articles): "Материалы по теме", the linked article's time and date, headline and standfirst,
run into the article's own text. Written for the test."""

from __future__ import annotations

from casefile.facts import extract_facts
from casefile.text import clean_text
from casefile.text.related import related_boxes

_BOX = (
    "Материалы по теме09:15 4 марта 2015Тихий городВ Энске неизвестный застрелил трех "
    "охранников и водителя"
)
_LINE = (
    "Стрельба произошла в Энске. Об этом сообщает агентство Новости Энска.Полиция ищет "
    "стрелявшего." + _BOX + "Двое раненых доставлены в больницу."
)


def test_a_box_is_found_to_where_the_article_runs_on() -> None:
    (span,) = related_boxes(_LINE)
    assert _LINE[span[0] : span[1]] == _BOX
    assert _LINE[span[1] :].startswith("Двое раненых")


def test_a_box_whose_end_cannot_be_told_is_left_alone() -> None:
    line = "Материалы по теме09:15 4 марта 2015 и больше ничего."
    assert related_boxes(line) == []
    assert clean_text(line, use_model=False) == (line, [])


def test_the_box_is_cut_and_kept_as_removed_with_its_line() -> None:
    text, removed = clean_text("Стрельба в Энске\n\n" + _LINE, use_model=False)
    assert text == "Стрельба в Энске\n\n" + _LINE.replace(_BOX, " ")
    assert [(r.text, r.reason, r.line) for r in removed] == [(_BOX, "related articles", 2)]


def test_the_boxs_tolls_are_not_the_articles() -> None:
    text, _ = clean_text(_LINE, use_model=False)
    figures = extract_facts(text, language="ru").to_json()["figures"]
    assert [(f["category"], f["count"]) for f in figures] == [("injured", 2)]
