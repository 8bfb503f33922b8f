"""Legal qualification: alleged crimes by Rome Statute article, and the evidence per element.

The elements follow the ICC's Elements of Crimes, shortened. A qualification is always an
allegation for lawyers to weigh; the table only shows which element has evidence addressed to
it and which is still unsupported.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from casefile.case.common import insert_row, item_name, require_item, require_text, stamp
from casefile.case.incidents import open_incident
from casefile.case.schema import element_evidence, qualifications
from casefile.errors import CasefileError
from casefile.vault.workspace import Workspace


@dataclass(frozen=True)
class Article:
    article: str
    name: str
    category: str
    elements: tuple[tuple[str, str], ...]


_IAC = (
    (
        "armed-conflict",
        "The conduct took place in the context of and was associated with an "
        "international armed conflict",
    ),
    (
        "aware-conflict",
        "The perpetrator was aware of factual circumstances that established "
        "the existence of an armed conflict",
    ),
)
_PROTECTED = (
    (
        "protected",
        "Such person or persons were protected under one or more of the Geneva Conventions of 1949",
    ),
    (
        "aware-protected",
        "The perpetrator was aware of the factual circumstances that "
        "established that protected status",
    ),
)

ARTICLES: dict[str, Article] = {
    a.article: a
    for a in (
        Article(
            "8(2)(a)(i)",
            "wilful killing",
            "war crime",
            (("killed", "The perpetrator killed one or more persons"), *_PROTECTED, *_IAC),
        ),
        Article(
            "8(2)(a)(ii)",
            "torture",
            "war crime",
            (
                (
                    "severe-pain",
                    "The perpetrator inflicted severe physical or mental pain or "
                    "suffering upon one or more persons",
                ),
                (
                    "purpose",
                    "For such purposes as obtaining information or a confession, "
                    "punishment, intimidation or coercion, or any reason based on discrimination",
                ),
                *_PROTECTED,
                *_IAC,
            ),
        ),
        Article(
            "8(2)(a)(vii)",
            "unlawful deportation or transfer",
            "war crime",
            (
                (
                    "deported",
                    "The perpetrator deported or transferred one or more persons to "
                    "another State or to another location",
                ),
                *_PROTECTED,
                *_IAC,
            ),
        ),
        Article(
            "8(2)(b)(i)",
            "attacking civilians",
            "war crime",
            (
                ("attack", "The perpetrator directed an attack"),
                (
                    "civilian-object",
                    "The object of the attack was a civilian population as "
                    "such or individual civilians not taking direct part in hostilities",
                ),
                (
                    "intent",
                    "The perpetrator intended the civilian population as such or "
                    "individual civilians not taking direct part in hostilities to be the object "
                    "of the attack",
                ),
                *_IAC,
            ),
        ),
        Article(
            "7(1)(a)",
            "murder as a crime against humanity",
            "crime against humanity",
            (
                ("killed", "The perpetrator killed one or more persons"),
                (
                    "widespread",
                    "The conduct was committed as part of a widespread or "
                    "systematic attack directed against a civilian population",
                ),
                (
                    "knowledge",
                    "The perpetrator knew that the conduct was part of or intended "
                    "the conduct to be part of such an attack",
                ),
            ),
        ),
    )
}


def article(code: str) -> Article:
    found = ARTICLES.get(code.strip().replace(" ", ""))
    if found is None:
        raise CasefileError(f"article {code!r} is not in the built-in table: {', '.join(ARTICLES)}")
    return found


def qualify(ws: Workspace, incident_id: int, code: str, note: str = "") -> int:
    """Alleges a crime under an article for the incident."""
    art = article(code)
    with ws.transaction() as tx:
        open_incident(tx, incident_id, "allege a crime")
        if _qualification(tx.conn, incident_id, art.article) is not None:
            raise CasefileError(f"incident {incident_id} is already qualified as {art.article}")
        seq = tx.record(
            "legal_qualified", None, {"incident": incident_id, "article": art.article, "note": note}
        )
        return insert_row(
            tx,
            qualifications,
            {
                "incident_id": incident_id,
                "article": art.article,
                "note": note,
                "copied_from": None,
                **stamp(tx, seq),
            },
        )


def _qualification(conn: Connection, incident_id: int, code: str) -> int | None:
    row = conn.execute(
        select(qualifications.c.id).where(
            qualifications.c.incident_id == incident_id, qualifications.c.article == code
        )
    ).first()
    return None if row is None else int(row.id)


def address_element(
    ws: Workspace, incident_id: int, code: str, element: str, item: str, note: str
) -> int:
    """Records that an item is evidence for one element of an alleged crime."""
    art = article(code)
    keys = [k for k, _ in art.elements]
    if element not in keys:
        raise CasefileError(
            f"{art.article} ({art.name}) has no element {element!r}; its elements: "
            f"{', '.join(keys)}"
        )
    note = require_text(note, "how the item addresses the element (--note)")
    with ws.transaction() as tx:
        open_incident(tx, incident_id, "add evidence for a legal element")
        qid = _qualification(tx.conn, incident_id, art.article)
        if qid is None:
            raise CasefileError(
                f"incident {incident_id} is not qualified as {art.article}: "
                f"'casefile incident legal add {incident_id} {art.article}' first"
            )
        sha = require_item(tx.conn, item)
        seq = tx.record(
            "legal_element_evidence",
            sha,
            {"incident": incident_id, "article": art.article, "element": element, "note": note},
        )
        return insert_row(
            tx,
            element_evidence,
            {
                "qualification_id": qid,
                "element": element,
                "item_sha256": sha,
                "note": note,
                **stamp(tx, seq),
            },
        )


def legal_view(conn: Connection, incident_id: int) -> list[dict[str, Any]]:
    out = []
    for q in conn.execute(
        select(qualifications)
        .where(qualifications.c.incident_id == incident_id)
        .order_by(qualifications.c.id)
    ):
        art = ARTICLES[q.article]
        ev = conn.execute(
            select(element_evidence)
            .where(element_evidence.c.qualification_id == q.id)
            .order_by(element_evidence.c.id)
        ).all()
        elements = []
        for key, text in art.elements:
            items = [
                {"item": e.item_sha256, "item_name": item_name(conn, e.item_sha256), "note": e.note}
                for e in ev
                if e.element == key
            ]
            elements.append({"element": key, "text": text, "evidence": items})
        out.append(
            {
                "article": art.article,
                "name": art.name,
                "category": art.category,
                "note": q.note,
                "alleged_by": q.created_by,
                "elements": elements,
                "unsupported": [e["element"] for e in elements if not e["evidence"]],
            }
        )
    return out
