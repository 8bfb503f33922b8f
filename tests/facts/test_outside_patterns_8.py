"""Causes behind dev5's misses (issue 25, tenth round), each tested on wording no outside report
had: a sentence that points back at the toll ("Цю інформацію оприлюднило …", "Об этом со
ссылкой на … передает …") read by its parts of speech rather than a list of verbs; every report
here is written for the test."""

from __future__ import annotations

from typing import Any

import pytest

from casefile.facts import extract_facts


def _json(text: str, lang: str) -> dict[str, Any]:
    return extract_facts(text, language=lang).to_json()


def _sources(text: str, lang: str) -> set[tuple[str, int | None, str | None]]:
    return {(f["category"], f["count"], f["source"]) for f in _json(text, lang)["figures"]}


# --- a sentence that points back at what was said, whatever its verb and order ---------------


@pytest.mark.parametrize(
    ("text", "lang", "source"),
    [
        # the object first, then the verb, then a neuter or plural subject
        (
            "Унаслідок удару по селищу загинули троє людей. Цю інформацію оприлюднила "
            "Херсонська обласна прокуратура.",
            "uk",
            "Херсонська обласна прокуратура",
        ),
        (
            "Унаслідок удару по селищу загинули троє людей.\n\nЦі дані вранці підтвердили "
            "рятувальники.",
            "uk",
            "рятувальники",
        ),
        # the subject before the verb, the channel after it
        (
            "Унаслідок удару по селищу загинули троє людей. Про це начальник ОВА Іван "
            "Федоров повідомив у Telegram.",
            "uk",
            "Іван Федоров",
        ),
        # an outlet citing a group without a name: the outlet
        (
            "При обстреле рынка погибли трое человек.\n\nОб этом со ссылкой на врачей "
            "больницы передает РБК.",
            "ru",
            "РБК",
        ),
        # an outlet citing a named body: the body
        (
            "При обстреле рынка погибли трое человек. Эти сведения со ссылкой на Минздрав "
            "Газы привело агентство Reuters.",
            "ru",
            "Минздрав Газы",
        ),
        (
            "При обстреле рынка погибли трое человек. Об этом в субботу написал в своем "
            "канале губернатор Александр Богомаз.",
            "ru",
            "Александр Богомаз",
        ),
    ],
)
def test_sentence_pointing_back_names_the_source(text: str, lang: str, source: str) -> None:
    assert _sources(text, lang) == {("killed", 3, source)}


def test_sentence_pointing_back_without_a_subject_names_nobody() -> None:
    # "Это произошло в районе рынка": a circumstance after the verb, not who said it
    text = "При обстреле погибли трое человек. Это произошло в районе рынка."
    assert _sources(text, "ru") == {("killed", 3, None)}
