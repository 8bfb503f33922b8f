"""An appeal glued onto a paragraph on the same line (issue 25): the donation or subscription
sentence at the end (or start) of the line is cut and recorded with its reason and line; the
rest of the line stays, word for word."""

from __future__ import annotations

import pytest

from casefile.text import clean_document, clean_text
from casefile.text.boilerplate import cut_appeals

LEAD_EN = (
    "A missile struck a grain warehouse on the outskirts of Odesa on Tuesday night, "
    "the regional administration said; two guards were injured."
)
LEAD_UK = "Уночі дрон влучив у будинок на околиці Сум, поранено двох людей, повідомила ОВА."
LEAD_RU = "Ночью беспилотник попал в жилой дом на окраине Сум, ранены два человека."


@pytest.mark.parametrize(
    ("line", "rest", "cut", "reason"),
    [
        (
            f"{LEAD_EN} Support our journalism: give what you can at the link below.",
            LEAD_EN,
            "Support our journalism: give what you can at the link below.",
            "donation appeal",
        ),
        (
            f"{LEAD_EN} Donate now and keep our reporters in the field!",
            LEAD_EN,
            "Donate now and keep our reporters in the field!",
            "donation appeal",
        ),
        (
            f"{LEAD_UK} Підтримайте нас донатом, щоб ми й далі працювали на місцях.",
            LEAD_UK,
            "Підтримайте нас донатом, щоб ми й далі працювали на місцях.",
            "donation appeal",
        ),
        (
            f"{LEAD_RU} Поддержите нас, чтобы мы продолжали работать.",
            LEAD_RU,
            "Поддержите нас, чтобы мы продолжали работать.",
            "donation appeal",
        ),
        (
            f"{LEAD_EN} Subscribe to our newsletter for the morning briefing.",
            LEAD_EN,
            "Subscribe to our newsletter for the morning briefing.",
            "newsletter prompt",
        ),
        (
            f"{LEAD_UK} Підпишіться на нашу розсилку, щоб не пропустити головне.",
            LEAD_UK,
            "Підпишіться на нашу розсилку, щоб не пропустити головне.",
            "newsletter prompt",
        ),
        (
            f"Подписывайтесь на наш канал в Telegram. {LEAD_RU}",
            LEAD_RU,
            "Подписывайтесь на наш канал в Telegram.",
            "newsletter prompt",
        ),
    ],
)
def test_an_appeal_glued_to_the_lead_is_cut(line: str, rest: str, cut: str, reason: str) -> None:
    text, removed = clean_text(f"Headline of the day\n{line}\nThe next paragraph reports more.")
    assert text == f"Headline of the day\n{rest}\nThe next paragraph reports more."
    assert [(r.text, r.reason, r.line) for r in removed] == [(cut, reason, 1)]


def test_appeals_at_both_ends_and_two_in_a_row() -> None:
    line = (
        f"Donate today. {LEAD_EN} Support independent journalism. "
        "Subscribe to our newsletter at example.org/news."
    )
    rest, cuts = cut_appeals(line)
    assert rest == LEAD_EN
    assert [(c.text, c.reason) for c in cuts] == [
        ("Donate today.", "donation appeal"),
        ("Support independent journalism.", "donation appeal"),
        ("Subscribe to our newsletter at example.org/news.", "newsletter prompt"),
    ]


@pytest.mark.parametrize(
    "line",
    [
        # an appeal in the middle of the paragraph is reporting, not furniture
        f"{LEAD_EN} Please donate blood, the hospital's director said. Nine were treated.",
        # quoted, or reported: not a sentence that starts by asking the reader
        f"{LEAD_UK} «Підтримайте нас», — звернувся мер до мешканців.",
        f"{LEAD_EN} Residents were asked to donate warm clothes.",
        f"{LEAD_RU} Жители поддержали сбор для пострадавших.",
        "Support our journalism.",  # one sentence: a whole-line matter, not a cut
        LEAD_EN,
    ],
)
def test_reporting_stays(line: str) -> None:
    assert cut_appeals(line) == (line, [])


def test_offsets_of_the_cleaned_text_hold_after_a_cut() -> None:
    raw = f"{LEAD_EN} Support our journalism today.\nTwo guards were taken to hospital.\n"
    cleaned = clean_document(raw.encode(), None, "lead.txt")
    assert cleaned.text == f"{LEAD_EN}\nTwo guards were taken to hospital."
    assert cleaned.text.index("Two guards were taken") == len(LEAD_EN) + 1
    assert [r.reason for r in cleaned.removed] == ["donation appeal"]
    assert cleaned.removed[0].text == "Support our journalism today."


def test_a_long_lead_keeps_its_words_and_loses_the_appeal() -> None:
    lead = " ".join([LEAD_EN] * 4)  # over the 400 characters of a prompt line
    assert len(lead) > 400
    text, removed = clean_text(f"{lead} Become a supporter from one dollar a month.")
    assert text == lead
    assert [(r.text, r.reason, r.line) for r in removed] == [
        ("Become a supporter from one dollar a month.", "donation appeal", 0)
    ]


def test_a_line_of_prompts_goes_whole_with_its_own_reason() -> None:
    text, removed = clean_text(
        "Shelling hit Kharkiv overnight.\nSubscribe to our newsletter. Click here to read more."
    )
    assert text == "Shelling hit Kharkiv overnight."
    assert [(r.text, r.reason, r.line) for r in removed] == [
        ("Subscribe to our newsletter. Click here to read more.", "newsletter prompt", 1)
    ]


def test_paragraphs_separated_by_blank_lines_are_cleaned_whole() -> None:
    """Real pages separate paragraphs by an empty line; cleaning must keep both paragraphs and
    still cut the appeal glued onto the second (an empty line once crashed the sentence split)."""
    appeal = "Підтримайте нас донатом, щоб ми й далі працювали на місцях."
    text = f"{LEAD_UK}\n\n{LEAD_RU} {appeal}\n\n\n"
    assert cut_appeals("") == ("", [])
    out, removed = clean_text(text)
    assert out == f"{LEAD_UK}\n\n{LEAD_RU}"
    assert [(r.text, r.reason, r.line) for r in removed] == [(appeal, "donation appeal", 2)]
