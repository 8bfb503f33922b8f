"""Causes behind the misses of the nineteenth round's Russian dev split (issue 25, Lenta.ru
articles whose paragraph breaks were lost), each tested on wording written for the test:
sentences glued without a space ("… (John Smith).Оба …", "сообщает Agence France-PresseПолиция
…"), and tolls of earlier incidents told as background under their own date ("16 февраля …
погибли 200 человек", "в декабре 2012 года …", "11 сентября 2012 года. Тогда погиб …")."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from casefile.facts.languages import ru, uk

FactsJson = Callable[[str, str], dict[str, Any]]


def _tolls(text: str, facts_json: FactsJson, lang: str = "ru") -> list[tuple[str, int, Any]]:
    return [
        (f["category"], f["count"], f["note"])
        for f in facts_json(text, lang)["figures"]
        if f["note"] != "sub-count"
    ]


@pytest.mark.parametrize("module", [ru, uk])
def test_glued_sentences_are_split(module: Any) -> None:
    text = "Суд выслушал Джона Смита (John Smith).Оба отрицали вину. Погибли двое.Еще трое ранены."
    parts = [text[s:e].strip() for s, e in module.sentences(text)]
    assert parts == [
        "Суд выслушал Джона Смита (John Smith).",
        "Оба отрицали вину.",
        "Погибли двое.",
        "Еще трое ранены.",
    ]


def test_an_abbreviation_is_no_sentence_end() -> None:
    text = "Это произошло в г.Москва на ул.Ленина."
    assert [text[s:e] for s, e in ru.sentences(text)] == [text]


def test_a_source_glued_to_the_next_sentence(facts_json: FactsJson) -> None:
    text = (
        "В городе Кашгар убит имам\n\nВ Кашгаре убит имам мечети. Об этом сообщает Agence "
        "France-PresseПолиция начала расследование, в ходе которого были убиты двое "
        "предполагаемых преступников."
    )
    sources = {f["source"] for f in facts_json(text, "ru")["figures"]}
    assert "Agence France-Presse" in sources
    assert not any(s and "Полиция" in s for s in sources)


def test_earlier_incidents_are_noted(facts_json: FactsJson) -> None:
    text = (
        "Теракт в Карачи\n\nВ Карачи произошел взрыв, погибли 45 человек. Об этом сообщает "
        "агентство. Бомба была заложена в автомобиле. 16 февраля в результате теракта в Кветте "
        "погибли 200 человек. По оценкам правозащитников, за весь 2012 год были убиты около 400 "
        "человек. Нападение на консульство произошло 11 сентября 2012 года. Тогда погибли "
        "четыре американца."
    )
    assert _tolls(text, facts_json) == [
        ("killed", 45, None),
        ("killed", 200, "earlier incident"),
        ("killed", 400, "earlier incident"),
        ("killed", 4, "earlier incident"),
    ]


def test_the_incidents_own_date_is_no_earlier_one(facts_json: FactsJson) -> None:
    text = (
        "Взрыв в Кветте\n\n16 февраля в Кветте произошел взрыв. Погибли 80 человек. Об этом "
        "сообщила полиция. Еще 16 февраля были ранены 120 человек."
    )
    assert [(c, n, note) for c, n, note in _tolls(text, facts_json)] == [
        ("killed", 80, None),
        ("injured", 120, None),
    ]


def test_an_earlier_incident_is_not_the_incidents_toll(facts_json: FactsJson) -> None:
    text = (
        "Теракт в Карачи\n\nВ Карачи произошел взрыв, погибли 45 человек. Об этом сообщает "
        "агентство. Бомба была заложена в автомобиле. 16 февраля в результате теракта в Кветте "
        "погибли 200 человек."
    )
    tolls = facts_json(text, "ru")["incident"]["figures"]
    assert [(f["category"], f["count"]) for f in tolls] == [("killed", 45)]
