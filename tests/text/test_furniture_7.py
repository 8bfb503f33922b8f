"""Page furniture seen on dev4's real reports (issue 25), in reports written for the test: a
site menu above the headline, an ISO dateline with its time, a copyright notice's second line,
a site's domain, a view counter and a stray site mark alone on a line, a one-tag-a-line cloud
at the end. The article's own lines, and a headline just above a section name, stay."""

from __future__ import annotations

import pytest

from casefile.text import clean_text

BODY_EN = "Gunmen killed 12 people in a village near the river on Sunday, police said."
BODY_RU = "В результате обстрела погибли два человека, сообщил глава района."


@pytest.mark.parametrize(
    ("line", "body", "reason"),
    [
        ("All news", BODY_EN, "navigation"),
        ("Все новости", BODY_RU, "navigation"),
        ("2023-03-14 | 18:20", BODY_EN, "dateline"),
        ("This material may not be published, broadcast or redistributed.", BODY_EN, "legal"),
        ("news.example.today", BODY_RU, "site mark"),
        ("31877", BODY_RU, "site mark"),
        ("QX", BODY_EN, "site mark"),
    ],
)
def test_furniture_line_removed(line: str, body: str, reason: str) -> None:
    text, removed = clean_text(f"{body}\n{line}\n{body}\n")
    assert line not in text
    assert body in text
    assert [(r.text.strip(), r.reason) for r in removed] == [(line, reason)]


def test_menu_above_headline_removed() -> None:
    page = (
        "Фотобанк> 10 млн снимков\nВыборы в регионе\nЗимние праздники\n"
        "ГлавнаяОбществоПроисшествия\n\nПри обстреле поселка погибли два человека\n\n"
        f"{BODY_RU}\n"
    )
    text, removed = clean_text(page)
    assert text.splitlines()[0] == "При обстреле поселка погибли два человека"
    assert {r.reason for r in removed} == {"navigation", "tags"}
    assert len(removed) == 4


def test_headline_above_section_name_stays() -> None:
    text, removed = clean_text(f"Gunmen kill 12 in river village\nWorld News\n{BODY_EN}\n")
    assert text.splitlines()[0] == "Gunmen kill 12 in river village"
    assert [r.text for r in removed] == ["World News"]


def test_tag_cloud_at_end_removed() -> None:
    text, removed = clean_text(f"{BODY_EN}\n{BODY_EN}\nNiger\nGunmen\nRiver Village\nAttack\n")
    assert text.strip() == f"{BODY_EN}\n{BODY_EN}"
    assert [r.reason for r in removed] == ["tags"] * 4


def test_short_last_lines_of_an_article_stay() -> None:
    # two short lines are a signature and a place, not a cloud
    text, _ = clean_text(f"{BODY_EN}\n{BODY_EN}\nJohn Smith\nNiamey\n")
    assert text.endswith("Niamey")
