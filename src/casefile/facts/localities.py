"""Places inside a town in Ukrainian and Russian reports: streets, roads, bridges, squares,
parks, metro stations and neighbourhoods ("на Щелковском шоссе", "у станции метро
«Молодежная»", "в микрорайоне "Новая жизнь"", "на вулиці Шевченка").

No list knows them, so they are reported as written (a street's adjective put in the
nominative: "на Муринской дороге" -> "Муринская дорога"), unplaced, `kind: "locality"`. Local
news often names the street and not the town ("Момент нападения на Щелковском шоссе попал на
видео"); without it such a report has no place at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, Protocol

from casefile.facts.world import unplaced_payload

_QUOTED = r"[«\"“„](?P<q>[^»\"”“\n]{2,40})[»\"”“]"
_NAME = r"(?P<n>[А-ЯЁІЇЄҐ][а-яёіїєґ'’ʼ-]+(?:\s+[А-ЯЁІЇЄҐ][а-яёіїєґ'’ʼ-]+)?)"

# "станции метро «Молодежная»", "біля метро "Лук'янівська"", "на станции «ВДНХ»"
_METRO = re.compile(r"(?<!\w)(?i:метро)\s+" + _QUOTED)
_STATION = re.compile(r"(?<!\w)(?i:станци[яиюей]|станці[яїюєй]|станцією)\s+" + _QUOTED)

# The kind before the name: "на улице Ленина", "в микрорайоне "Новая жизнь"", "у парку Шевченка".
_KIND_BEFORE = {
    "улиц": "улица",
    "вулиц": "вулиця",
    "проспект": "проспект",
    "бульвар": "бульвар",
    "переул": "переулок",
    "провул": "провулок",
    "микрорайон": "микрорайон",
    "мікрорайон": "мікрорайон",
    "площад": "площадь",
    "площ": "площа",
    "парк": "парк",
    "сквер": "сквер",
}
_BEFORE = re.compile(
    r"(?<![\w-])(?P<k>(?i:улиц[аеуы]|вулиц[яіюі]|проспект[аеуі]?|бульвар[аеуі]?|"
    r"переул(?:ок|ке|ка|ку)|провул(?:ок|ку|ка)|микрорайон[аеу]?|мікрорайон[іуа]?|"
    r"площад(?:ь|и|ью)|площ[аеіу]|парк[аеуі]?|сквер[аеуі]?))\s+(?:" + _QUOTED + "|" + _NAME + ")"
)
# A proper adjective before the kind: "на Щелковском шоссе", "Крымского моста".
_AFTER = re.compile(
    r"(?<![\w-])(?P<a>[А-ЯЁІЇЄҐ][а-яёіїєґ'’-]+(?:ом|ой|ем|ей|ий|ій|ому|ого|ої|ою|ая|ое|ую|"
    r"ее|а|е|у|у|і|ы|ий|ий))\s+(?P<k>шоссе|шосе|улиц[аеуы]|вулиц[яіюі]|проспект[аеуі]?|"
    r"бульвар[аеуі]?|дорог[аеиуі]|набережн(?:ая|ой|ую|а|ій|у)|площад(?:ь|и)|площ[аеіу]|"
    r"мост(?:а|у|е|ом)?|міст|мосту|водохранилищ[аеу]?|водосховищ[аеі]|трасс[аеыуі]|трас[аиіу])"
    r"(?!\w)"
)


_ENDING = {"femn": "ая", "neut": "ое", "masc": "ий"}


class Morph(Protocol):
    def parse(self, word: str) -> list[Any]: ...


def _nominative(adjective: str, kind: str, morph: Morph) -> str:
    """The adjective and its noun in the nominative: "Муринской дороге" -> "Муринская дорога"."""
    noun = next((p for p in morph.parse(kind) if "NOUN" in p.tag), None)
    if noun is None:
        return f"{adjective} {kind}"
    gender = noun.tag.gender or "neut"
    word: str | None = None
    for p in morph.parse(adjective):
        # (the Ukrainian dictionary marks no number on adjectives)
        form = "ADJF" in p.tag and (
            p.inflect({"nomn", "sing", gender}) or p.inflect({"nomn", gender})
        )
        if form:
            word = str(form.word)
            break
        if "Surn" in p.tag and re.search(r"(?:ий|ый|ой)$", p.normal_form):
            # the dictionary knows "Пироговского" only as a surname: agree it by its ending
            lemma = str(p.normal_form)
            word = lemma if gender == "masc" else re.sub(r"(?:ий|ый|ой)$", _ENDING[gender], lemma)
            break
    if word is None:
        return f"{adjective} {noun.normal_form}"
    if "ё" not in adjective.lower():
        word = word.replace("ё", "е")  # as the report spells it ("Щелковское", not "Щёлковское")
    return "-".join(w[:1].upper() + w[1:] for w in word.split("-")) + f" {noun.normal_form}"


def _localities(text: str, morph: Morph) -> Iterator[tuple[str, tuple[int, int]]]:
    for m in _METRO.finditer(text):
        yield f"метро «{m.group('q')}»", m.span("q")
    for m in _STATION.finditer(text):
        yield f"станция «{m.group('q')}»", m.span("q")
    for m in _BEFORE.finditer(text):
        stem = next(k for k in sorted(_KIND_BEFORE, key=len, reverse=True)
                    if m.group("k").lower().startswith(k))  # fmt: skip
        if m.group("q"):
            yield f"{_KIND_BEFORE[stem]} «{m.group('q')}»", m.span("q")
        else:
            yield f"{_KIND_BEFORE[stem]} {m.group('n')}", m.span("n")
    for m in _AFTER.finditer(text):
        yield _nominative(m.group("a"), m.group("k"), morph), m.span()


def cyrillic_localities(text: str, morph: Morph) -> list[dict[str, Any]]:
    """Streets, roads, stations and neighbourhoods named in the text, unplaced."""
    found: dict[str, list[tuple[int, int]]] = {}
    taken: set[tuple[int, int]] = set()
    for name, span in _localities(text, morph):
        if span in taken or (name.startswith("станция") and any(
            s <= span[0] < e for s, e in taken
        )):  # fmt: skip
            continue  # a station already read as "метро «…»"
        taken.add(span)
        found.setdefault(name, []).append(span)
    return [unplaced_payload(name, spans, text, "locality") for name, spans in found.items()]
