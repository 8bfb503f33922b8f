"""Victim-name search anywhere in a name, across Cyrillic and Latin spellings.

Every victim record has one row in ``victim_names``, written by the import in the same
transaction as the record (``index_list``; migration 0012_victim_names filled it for the
records before it). Two normalised forms of every name field (full name, given name,
patronymic, family name):

* ``latin``: the text transliterated to lower-case Latin (the registry's Cyrillic table in
  ``casefile.people.names``), accents gone, digits kept, everything else a space
  ("Шевченко-10 Олена" -> "shevchenko 10 olena");
* ``keys``: the registry's coarse phonetic key of every word, and the canonical key of given
  names (" xivcinka alina "): Шевченко, Shevchenko and Schewtschenko meet, and so do Olena,
  Олена, Elena and Yelena.

A search word matches a record if its Latin form occurs anywhere in ``latin``, or its key
(three letters or more, no digits) occurs anywhere in ``keys``; every word must match. On
SQLite an FTS5 trigram index over the table (``victim_names_trigrams``, kept by a trigger)
finds substrings through the index; on PostgreSQL pg_trgm GIN indexes serve the ``LIKE``s
when the extension could be had (else they scan: same answers).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, insert, select

from casefile.people.names import CYRILLIC_LATIN, given_key, word_key
from casefile.people.schema import victim_names, victim_records

_NON = re.compile(r"[^a-z0-9]+")
_APOSTROPHES = re.compile("['\u2019\u02bc`\u00b4]")
# Latin letters that Unicode does not decompose into a base letter and an accent.
_PLAIN = {"ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i", "þ": "th"}
NAME_FIELDS = ("full_name", "given_name", "patronymic", "family_name")
MAX_WORDS = 8


def latin(value: str) -> str:
    """Lower-case Latin letters and digits, single spaces ("Шевченко-10" -> "shevchenko 10")."""
    cyr = CYRILLIC_LATIN
    s = "".join(cyr[ch] if ch in cyr else _PLAIN.get(ch, ch) for ch in value.lower())
    s = _APOSTROPHES.sub("", s)  # Мар'яна, Vyacheslav's apostrophes are inside one word
    s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
    return _NON.sub(" ", s).strip()


def keys_of(value: str) -> list[str]:
    """The phonetic keys of the words of ``value`` (and given-name canonical keys)."""
    out: list[str] = []
    for w in latin(value).split():
        if w.isdigit():
            continue
        for k in (word_key(w), given_key(w)):
            if k and k not in out:
                out.append(k)
    return out


def name_row(record_pk: int, record: Any) -> dict[str, Any]:
    """The ``victim_names`` row of one record (a mapping with the name fields)."""
    seen: list[str] = []
    for field in NAME_FIELDS:
        value = record.get(field)
        if value and str(value) not in seen:
            seen.append(str(value))
    text = " ".join(seen)
    return {
        "record_pk": record_pk,
        "latin": latin(text),
        "keys": " " + " ".join(keys_of(text)) + " ",
    }


def index_records(conn: Connection, records: Iterable[Any], batch: int = 5000) -> int:
    """Writes the name rows of these victim records (rows with ``id`` and the name fields)."""
    rows = [name_row(r.id, r._mapping) for r in records]
    for i in range(0, len(rows), batch):
        conn.execute(insert(victim_names), rows[i : i + batch])
    return len(rows)


def index_list(conn: Connection, list_id: int) -> int:
    """Writes the name rows of every record of one imported list (in the import's
    transaction)."""
    vr = victim_records
    found = conn.execute(
        select(vr.c.id, *(vr.c[f] for f in NAME_FIELDS)).where(vr.c.list_id == list_id)
    ).all()
    return index_records(conn, found)


def keys_for(word: str) -> list[str]:
    """The phonetic keys a search word may also match by: none for words with digits
    ("Shevchenko-10" means that spelling), none shorter than three letters."""
    if any(c.isdigit() for c in word):
        return []
    return [k for k in dict.fromkeys((word_key(word), given_key(word))) if len(k) >= 3]


def match_sql(dialect: str, q: str) -> tuple[str, dict[str, str]] | None:
    """SQL text selecting the ``pk`` of every record whose names match every word of ``q``,
    and its parameters; None when ``q`` has no words."""
    words = [w for w in q.split() if latin(w)][:MAX_WORDS]
    if not words:
        return None
    params: dict[str, str] = {}
    if dialect == "sqlite":
        terms: list[str] = []
        likes: list[str] = []
        for n, w in enumerate(words):
            lat = latin(w)
            if len(lat) >= 3:  # a phrase of the word's trigrams, through the index
                forms = [f'latin : "{lat}"', *(f'keys : "{k}"' for k in keys_for(w))]
                terms.append("(" + " OR ".join(forms) + ")")
            else:  # too short for trigrams: a scan, within the other words' matches
                params[f"l{n}"] = f"%{lat}%"
                likes.append(f"n.latin LIKE :l{n}")
        if not terms:
            return "SELECT n.record_pk AS pk FROM victim_names n WHERE " + " AND ".join(
                likes
            ), params
        params["m"] = " AND ".join(terms)
        if not likes:  # in row id order straight from the index: a page stops early
            sql = (
                "SELECT rowid AS pk FROM victim_names_trigrams WHERE victim_names_trigrams MATCH :m"
            )
            return sql, params
        sql = (
            "SELECT t.rowid AS pk FROM victim_names_trigrams t "
            "JOIN victim_names n ON n.record_pk = t.rowid WHERE victim_names_trigrams MATCH :m"
        )
        return " AND ".join([sql, *likes]), params
    conds = []
    for n, w in enumerate(words):
        params[f"l{n}"] = f"%{latin(w)}%"
        alts = [f"latin LIKE :l{n}"]
        for j, k in enumerate(keys_for(w)):
            params[f"k{n}_{j}"] = f"%{k}%"
            alts.append(f"keys LIKE :k{n}_{j}")
        conds.append("(" + " OR ".join(alts) + ")")
    return "SELECT record_pk AS pk FROM victim_names WHERE " + " AND ".join(conds), params
