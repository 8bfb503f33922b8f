"""Related-articles boxes glued into a line where a page lost its layout: "Материалы по теме",
the linked article's time and date, its headline and standfirst, each run into the next without
a space ("…на его отца.Материалы по теме14:26 3 февраля 2014Захват заложников в школеВ Москве
ученик … застрелил своего учителя и полицейскогоСам отец мальчика …"). The box is another
article's: its tolls are not this one's."""

from __future__ import annotations

import re

from casefile.text.boilerplate import Cut

_RELATED_HEAD = re.compile(
    r"(?:Материалы по теме|Матеріали по темі)\s*\d{1,2}:\d{2}\s+\d{1,2}\s+[а-яёіїєґ]+\s+\d{4}"
)
# A lower-case letter or closing quote run into a capital, an opening quote or a digit (a
# straight quote closes only after a non-space: 'репортаж "Ленты.ру"Материалы').
_RUN_IN = re.compile(r"(?:(?<=[а-яёіїєґa-z»”)])|(?<=\S\"))(?=[А-ЯЁІЇЄҐA-Z«“\d])")


def related_boxes(line: str) -> list[tuple[int, int]]:
    """Spans of the boxes in `line`: each box's head, then its headline and standfirst up to
    where the article's own text runs on (two run-in joins within 300 characters; a box whose
    end cannot be told is left alone)."""
    out: list[tuple[int, int]] = []
    for m in _RELATED_HEAD.finditer(line):
        joins = [j.start() for j in _RUN_IN.finditer(line, m.end(), m.end() + 300)]
        joins = [j for j in joins if j > m.end() + 1]
        if len(joins) >= 2:
            out.append((m.start(), joins[1]))
    return out


def cut_related_boxes(line: str) -> tuple[str, list[Cut]]:
    """The line without its related-articles boxes (a space where each stood, so the sentences
    either side stay apart), and what was cut."""
    boxes = related_boxes(line)
    if not boxes:
        return line, []
    cuts = [Cut(line[s:e], "related articles") for s, e in boxes]
    kept, pos = [], 0
    for s, e in boxes:
        kept.append(line[pos:s])
        pos = e
    kept.append(line[pos:])
    return " ".join(kept), cuts
