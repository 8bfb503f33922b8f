"""Posts copied out of a messenger keep their Markdown; the text stage reads them as text
(issue 25: Russian news-channel posts, tg1-tg4). The posts here are written for the test."""

from __future__ import annotations

import pytest

from casefile.facts import extract_facts
from casefile.text import clean_text
from casefile.text.clean import unmark

POST = (
    "❗️**Три человека погибли при обстреле Горловки**\n\n"
    "«Погибли три мирных жителя, еще пятеро ранены», — [написал](https://t.me/example/17) "
    "в телеграме глава города Иван Приходько.\n\n"
    "__Читать нас без VPN можно здесь: ____bit.ly/example__\n\n"
    "❤️ [Подписывайся на Канал](https://t.me/+abcdef)"
)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("**Погибли двое**, сообщил губернатор.", "Погибли двое, сообщил губернатор."),
        ("**UPD: **Раненый умер в больнице.", "UPD: Раненый умер в больнице."),
        ("— [написал](https://t.me/example/17) он", "— написал он"),
        ("file__name__x and 2**3 = 8", "file__name__x and 2**3 = 8"),  # not Markdown
    ],
)
def test_unmark(line: str, expected: str) -> None:
    assert unmark(line) == expected


def test_a_post_loses_its_marks_and_its_signature_lines() -> None:
    text, removed = clean_text(POST)
    assert "**" not in text and "](" not in text
    assert {r.reason for r in removed} == {"reader prompt", "newsletter prompt"}
    # what was removed is kept as it was written
    assert any(r.text.startswith("__Читать нас без VPN") for r in removed)


def test_the_speaker_behind_a_linked_verb_is_found() -> None:
    text, _ = clean_text(POST)
    facts = extract_facts(text, language="ru").to_json()
    assert [q["speaker"] for q in facts["quotes"]] == ["Иван Приходько"]
    assert {(f["category"], f["count"]) for f in facts["figures"]} >= {
        ("killed", 3),
        ("injured", 5),
    }
