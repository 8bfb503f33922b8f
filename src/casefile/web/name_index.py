"""Victim-name search anywhere in a name, across Cyrillic and Latin spellings.

A derived table ``web_victim_names_v1`` holds, per victim record, two normalised forms of every
name field (full name, given name, patronymic, family name):

* ``latin``: the text transliterated to lower-case Latin (the registry's Cyrillic table in
  ``casefile.people.names``), accents gone, digits kept, everything else a space
  ("Шевченко-10 Олена" -> "shevchenko 10 olena");
* ``keys``: the registry's coarse phonetic key of every word, and the canonical key of given
  names (" xivcinka alina "): Шевченко, Shevchenko and Schewtschenko meet, and so do Olena,
  Олена, Elena and Yelena.

A search word matches a record if its Latin form occurs anywhere in ``latin``, or its key
(three letters or more) occurs anywhere in ``keys``; every word must match. On SQLite the
table is an FTS5 table with the trigram tokenizer (substring matches through the index);
on PostgreSQL a plain table with pg_trgm GIN indexes when the extension can be had, else
plain ``LIKE`` scans.

The table is derived data, like the full-text index: victim records are written once and
never changed, so it is brought up to date by adding the records above its highest id
(``sync``), which the app does on start and before each name search; it records no ledger
event because it holds nothing that is not already in the (ledgered) records.
"""

from __future__ import annotations

import re
import unicodedata
import weakref
from typing import Any

from sqlalchemy import Connection, Engine, Integer, column, inspect, text

from casefile.people.names import _CYR, given_key, word_key
from casefile.web import fastsql

# The version of ``latin``/``keys_of`` is in the name: a changed normalisation gets a new
# table, built from the records on the next start, instead of mixing old and new forms.
NORMALISATION = 1
TABLE = f"web_victim_names_v{NORMALISATION}"
_NON = re.compile(r"[^a-z0-9]+")
_APOSTROPHES = re.compile("['\u2019\u02bc`\u00b4]")
# Latin letters that Unicode does not decompose into a base letter and an accent.
_PLAIN = {"ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i", "þ": "th"}


def latin(value: str) -> str:
    """Lower-case Latin letters and digits, single spaces ("Шевченко-10" -> "shevchenko 10")."""
    s = "".join(_CYR[ch] if ch in _CYR else _PLAIN.get(ch, ch) for ch in value.lower())
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


def _record_text(r: Any) -> str:
    parts = [r.full_name, r.given_name, r.patronymic, r.family_name]
    seen: list[str] = []
    for p in parts:
        if p and p not in seen:
            seen.append(str(p))
    return " ".join(seen)


# Engines whose table exists (tables are never dropped); weak, so a new engine is asked anew.
_READY: weakref.WeakSet[Engine] = weakref.WeakSet()

# SQLite: how many records hold each trigram, per column, from FTS5's own vocabulary
# (``fts5vocab``), copied into a plain table whenever records are added. A name search reads
# the counts of its words' trigrams (one small query) to pick the rarest ones; the counts
# only steer the query, never its answer (see ``match_ids``), so counts a little behind the
# records cost speed at most.
TERMS = f"{TABLE}_terms"
_VOCAB = f"{TABLE}_vocab"


def _refresh_terms(conn: Connection) -> None:
    conn.execute(text(f"DELETE FROM {TERMS}"))
    conn.execute(text(f"INSERT INTO {TERMS} (col, term, doc) SELECT col, term, doc FROM {_VOCAB}"))
    # ('', '') holds the commonest trigram's count, read with the others (see match_ids).
    conn.execute(
        text(
            f"INSERT INTO {TERMS} (col, term, doc) "
            f"SELECT '', '', coalesce(max(doc), 0) FROM {TERMS}"
        )
    )


def _ensure_terms(engine: Engine) -> None:
    """Creates and fills the trigram counts of an existing SQLite name table (once)."""
    if engine.dialect.name != "sqlite" or TERMS in set(inspect(engine).get_table_names()):
        return
    with engine.connect().execution_options(casefile_write=True) as conn, conn.begin():
        conn.execute(
            text(f"CREATE VIRTUAL TABLE IF NOT EXISTS {_VOCAB} USING fts5vocab({TABLE}, col)")
        )
        conn.execute(
            text(
                f"CREATE TABLE IF NOT EXISTS {TERMS} (col TEXT NOT NULL, term TEXT NOT NULL, "
                "doc INTEGER NOT NULL, PRIMARY KEY (col, term))"
            )
        )
        _refresh_terms(conn)


def ensure(engine: Engine) -> bool:
    """Creates the table (and its indexes) if victim records exist; False if they do not."""
    if engine in _READY:
        return True
    tables = set(inspect(engine).get_table_names())
    if "victim_records" not in tables:
        return False
    if TABLE in tables:
        _ensure_terms(engine)
        _READY.add(engine)
        return True
    with engine.connect().execution_options(casefile_write=True) as conn, conn.begin():
        if engine.dialect.name == "sqlite":
            conn.execute(
                text(
                    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} "
                    "USING fts5(latin, keys, tokenize='trigram')"
                )
            )
        else:
            conn.execute(
                text(
                    f"CREATE TABLE IF NOT EXISTS {TABLE} "
                    "(record_pk INTEGER PRIMARY KEY, latin TEXT NOT NULL, keys TEXT NOT NULL)"
                )
            )
            trgm = conn.begin_nested()
            try:
                conn.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
                for col in ("latin", "keys"):
                    conn.execute(
                        text(
                            f"CREATE INDEX IF NOT EXISTS ix_{TABLE}_{col} "
                            f"ON {TABLE} USING gin ({col} gin_trgm_ops)"
                        )
                    )
                trgm.commit()
            except Exception:  # no pg_trgm here: LIKE scans still answer correctly
                trgm.rollback()
    _ensure_terms(engine)
    _READY.add(engine)
    return True


def _pk(conn: Connection) -> str:
    return "rowid" if conn.dialect.name == "sqlite" else "record_pk"


def sync(engine: Engine, batch: int = 5000) -> int:
    """Adds the records not yet in the table; returns how many were added."""
    if not ensure(engine):
        return 0
    with engine.connect() as conn:
        if not _behind(conn):
            return 0
    added = 0
    with engine.connect().execution_options(casefile_write=True) as conn, conn.begin():
        done = _done(conn)  # again inside the write lock: another worker may have filled it
        rows = conn.execute(
            text(
                "SELECT id, full_name, given_name, patronymic, family_name FROM victim_records "
                "WHERE id > :done ORDER BY id"
            ),
            {"done": done},
        ).all()
        pk = _pk(conn)
        for start in range(0, len(rows), batch):
            values = []
            for r in rows[start : start + batch]:
                value = _record_text(r)
                values.append(
                    {
                        "pk": r.id,
                        "latin": latin(value),
                        "keys": " " + " ".join(keys_of(value)) + " ",
                    }
                )
            conn.execute(
                text(f"INSERT INTO {TABLE} ({pk}, latin, keys) VALUES (:pk, :latin, :keys)"),
                values,
            )
            added += len(values)
        if added and conn.dialect.name == "sqlite":
            _refresh_terms(conn)  # ~0.3 s on 100,000 records, once per import
    return added


def _done(conn: Connection) -> int:
    return int(
        conn.execute(text(f"SELECT coalesce(max({_pk(conn)}), 0) FROM {TABLE}")).scalar_one()
    )


def _behind(conn: Connection) -> bool:
    newest = conn.execute(text("SELECT coalesce(max(id), 0) FROM victim_records")).scalar_one()
    return int(newest) > _done(conn)


def behind(conn: Connection) -> bool:
    """Whether records exist that the table does not hold yet (or the table is missing)."""
    from casefile.web.queries import has_table

    if not has_table(conn, TABLE) or not has_table(conn, "victim_records"):
        return True
    stmt = _BEHIND.get(conn.dialect.name)
    if stmt is None:
        stmt = _BEHIND[conn.dialect.name] = text(
            "SELECT (SELECT coalesce(max(id), 0) FROM victim_records) > "
            f"(SELECT coalesce(max({_pk(conn)}), 0) FROM {TABLE}) AS newer"
        ).columns(column("newer"))
    return bool(fastsql.scalars(conn, stmt)[0])


# ``behind``'s statement per dialect, built once (fastsql plans it once: every name search
# asks it).
_BEHIND: dict[str, Any] = {}


def _keys_for(word: str) -> list[str]:
    """The phonetic keys a search word may also match by: none for words with digits
    ("Shevchenko-10" means that spelling), none shorter than three letters."""
    if any(c.isdigit() for c in word):
        return []
    return [k for k in dict.fromkeys((word_key(word), given_key(word))) if len(k) >= 3]


def match_ids(conn: Connection, q: str) -> Any:
    """A subquery of the record ids whose names match every word of ``q`` (None: no words)."""
    found = match_sql(conn, q)
    if found is None:
        return None
    sql, params = found
    return text(sql).bindparams(**params).columns(column("pk", _PK_TYPE))


def match_sql(conn: Connection, q: str) -> tuple[str, dict[str, str]] | None:
    """``match_ids`` as SQL text (its one column: ``pk``) and its parameters: the text depends
    only on the shape of ``q`` (how many words, which forms), the words are parameters."""
    words = [w for w in q.split() if latin(w)][:8]
    if not words:
        return None
    params: dict[str, str] = {}
    if conn.dialect.name == "sqlite":
        terms: list[str] = []
        likes: list[str] = []
        long = [(n, latin(w), _keys_for(w)) for n, w in enumerate(words)]
        docs = _trigram_docs(conn, [a for _, lat, ks in long if len(lat) >= 3 for a in (lat, *ks)])
        # The commonest trigram's count stands for the number of records (counting the rows
        # of an FTS5 table reads all of them).
        total = max(docs.get(("", ""), 0), 1)
        for n, lat, ks in long:
            if len(lat) >= 3:
                forms = [("latin", lat), *[("keys", k) for k in ks]]
                found = []
                checks = []
                values: dict[str, str] = {}
                by_trigrams = False
                # The check compares exactly (as the tokenizer's case-folding match does) only
                # plain lower-case Latin text: a word with any other form keeps its phrases.
                plain = all(_PLAIN_TEXT.fullmatch(v) for _, v in forms)
                for j, (col, value) in enumerate(forms):
                    rare = (
                        _rare_trigrams(col, value, docs, total, several=len(long) > 1)
                        if plain
                        else None
                    )
                    if rare is None:
                        found.append(f'{col} : "{value}"')
                    else:
                        found.append(f"{col} : (" + " AND ".join(rare) + ")")
                        by_trigrams = True
                    values[f"v{n}_{j}"] = value
                    checks.append(f"instr({col}, :v{n}_{j}) > 0")
                terms.append("(" + " OR ".join(found) + ")")
                if by_trigrams:
                    # Some of the word's alternatives were asked by a few trigrams: rows that
                    # have them but not the whole text are removed here (the whole text of
                    # every alternative, so the word matches exactly as by phrases).
                    likes.append("(" + " OR ".join(checks) + ")")
                    params.update(values)
            else:  # too short for trigrams: a scan, but only within the other words' matches
                params[f"l{n}"] = f"%{lat}%"
                likes.append(f"latin LIKE :l{n}")
        where = []
        if terms:
            params["m"] = " AND ".join(terms)
            where.append(f"{TABLE} MATCH :m")
        where.extend(likes)
        sql = f"SELECT rowid AS pk FROM {TABLE} WHERE " + " AND ".join(where)
    else:
        conds = []
        for n, w in enumerate(words):
            lat = latin(w)
            ks = _keys_for(w)
            params[f"l{n}"] = f"%{lat}%"
            alts = [f"latin LIKE :l{n}"]
            for j, k in enumerate(ks):
                params[f"k{n}_{j}"] = f"%{k}%"
                alts.append(f"keys LIKE :k{n}_{j}")
            conds.append("(" + " OR ".join(alts) + ")")
        sql = f"SELECT record_pk AS pk FROM {TABLE} WHERE " + " AND ".join(conds)
    return sql, params


_PLAIN_TEXT = re.compile(r"[a-z0-9 ]+")
# A trigram in at most this share of the records makes a word's few rarest trigrams a
# narrow enough first cut; a word of common trigrams only is asked as its phrase, which
# FTS5 checks as it reads (the rare-trigram form would read every match's text again).
RARE_SHARE = 0.02


def _trigrams(value: str) -> list[str]:
    return list(dict.fromkeys(value[i : i + 3] for i in range(len(value) - 2)))


def _trigram_docs(conn: Connection, values: list[str]) -> dict[tuple[str, str], int]:
    """(column, trigram) -> records holding it, for the trigrams of ``values``; ("", "") ->
    the commonest trigram's. Empty when the counts are missing (the phrase form is used)."""
    grams = sorted({g for v in values for g in _trigrams(v)} | {""})
    if len(grams) == 1 or not has_terms(conn):
        return {}
    marks = ", ".join("?" for _ in grams)
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        # By the primary key (col, term): one look-up per trigram and column.
        cursor.execute(
            f"SELECT col, term, doc FROM {TERMS} WHERE col IN ('', 'latin', 'keys') "
            f"AND term IN ({marks})",
            grams,
        )
        docs = {(str(c), str(t)): int(d) for c, t, d in cursor.fetchall()}
        return docs if docs.get(("", "")) else {}
    finally:
        cursor.close()


def has_terms(conn: Connection) -> bool:
    from casefile.web.queries import has_table

    return has_table(conn, TERMS)


def _rare_trigrams(
    col: str, value: str, docs: dict[tuple[str, str], int], total: int, several: bool
) -> list[str] | None:
    """The two rarest trigrams of ``value`` in ``col`` as FTS5 terms, when asking by them and
    checking the whole text after is the cheaper query; None: ask by the phrase.

    A phrase of n trigrams makes FTS5 read n position lists, each as long as the number of
    records with that trigram (11 lists of up to 83,000 entries for "shevchenko 10": 6 ms on
    100,000 names); two rare trigrams read two short lists, then ``instr`` checks the few
    rows they give (0.4 ms). Any trigrams of the text are in every record that holds it, so
    the answer is the same. Used when the rarest trigram is rare, or when the query has
    several words (their intersection is small; each phrase would still read every list)."""
    grams = _trigrams(value)
    if not docs or len(grams) <= 2:
        return None
    grams.sort(key=lambda g: docs.get((col, g), 0))
    if not several and docs.get((col, grams[0]), 0) > RARE_SHARE * total:
        return None
    return ['"' + g.replace('"', '""') + '"' for g in grams[:2]]


# One type instance: SQLAlchemy remembers a type's cache key per instance, and working it out
# for a new Integer() on every search was a tenth of a name search's time.
_PK_TYPE = Integer()
