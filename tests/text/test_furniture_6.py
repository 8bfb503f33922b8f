"""Page furniture seen on dev3's real reports (issue 25), in reports written for the test: a
"Continue reading on:" line, a donation pointer ("Допомогти … - тут"), a join-us-on-Facebook
line, a dateline with a month name after the time, a rubric hashtag written with spaces, the
typo-report prompt and empty widgets ("Нет мнений"). The article's own lines stay."""

from __future__ import annotations

import pytest

from casefile.text import clean_text

BODY_EN = "Gunmen killed 12 people in a village near the river on Sunday, police said."
BODY_UK = "Унаслідок обстрілу загинули двоє жителів села, повідомив голова громади."
BODY_RU = "В результате обстрела погибли два человека, сообщил глава района."


@pytest.mark.parametrize(
    ("line", "body", "reason"),
    [
        ("Continue reading on:", BODY_EN, "navigation"),
        ('Допомогти "Фонду допомоги постраждалим" - тут', BODY_UK, "donation appeal"),
        ('Приєднуйтесь до "Радіо Південь" на Facebook!', BODY_UK, "reader prompt"),
        ("09:40, 12 березня, 2024", BODY_UK, "dateline"),
        ("#Выборы в регионе", BODY_RU, "tags"),
        ("Ошибка в тексте? Выделите её и нажмите «Ctrl + Enter»", BODY_RU, "reader prompt"),
        ("Нет мнений", BODY_RU, "reader prompt"),
        ("Нет элементов для просмотра", BODY_RU, "reader prompt"),
    ],
)
def test_furniture_line_removed(line: str, body: str, reason: str) -> None:
    text, removed = clean_text(f"{body}\n{line}\n{body}\n")
    assert line not in text
    assert body in text
    assert [(r.text.strip(), r.reason) for r in removed] == [(line, reason)]


@pytest.mark.parametrize(
    "line",
    [
        "Допомогти пораненим можна тут, кажуть волонтери, бо лікарні переповнені.",
        "Ошибка в тексте приговора стала поводом для апелляции, сообщил адвокат.",
        "Нет никаких сомнений, что удар был нанесен по жилому кварталу, заявил мэр.",
    ],
)
def test_article_sentence_alike_stays(line: str) -> None:
    text, removed = clean_text(f"{BODY_RU}\n{line}\n")
    assert line in text
    assert not removed
