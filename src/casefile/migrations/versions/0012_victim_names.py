"""People: the victim-name search rows, written with the records.

``victim_names`` holds each victim record's names in the two forms the name search matches
(``casefile.people.name_search``); the import writes them in the same transaction as the
records, and this migration writes them for the records already present. SQLite: an FTS5
trigram index over it (``victim_names_trigrams``, external content, kept by a trigger);
PostgreSQL: pg_trgm GIN indexes when the extension can be had (else ``LIKE`` scans, same
answers). The web app's own copy of these rows (``web_victim_names_v1`` and its trigram counts,
made at app start and brought up to date inside name searches) is dropped.
Also the family-name index of the victim list (was made at app start).

Revision ID: 0012_victim_names
Revises: 0004_people
Create Date: 2026-12-05
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0012_victim_names"
down_revision = "0004_people"
branch_labels = None
depends_on = None

OLD = ("web_victim_names_v1_vocab", "web_victim_names_v1_terms", "web_victim_names_v1")


def upgrade() -> None:
    bind = op.get_bind()
    op.create_table(
        "victim_names",
        sa.Column("record_pk", sa.Integer, sa.ForeignKey("victim_records.id"), primary_key=True),
        sa.Column("latin", sa.Text, nullable=False),
        sa.Column("keys", sa.Text, nullable=False),
    )
    op.execute(
        "CREATE INDEX IF NOT EXISTS ix_web_victim_records_family_name "
        "ON victim_records (family_name)"
    )
    if bind.dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE victim_names_trigrams USING fts5(latin, keys, "
            "content='victim_names', content_rowid='record_pk', tokenize='trigram')"
        )
        op.execute(
            "CREATE TRIGGER victim_names_trigrams_add AFTER INSERT ON victim_names BEGIN "
            "INSERT INTO victim_names_trigrams(rowid, latin, keys) "
            "VALUES (new.record_pk, new.latin, new.keys); END"
        )
    else:
        trgm = bind.begin_nested()
        try:
            op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            for col in ("latin", "keys"):
                op.execute(
                    f"CREATE INDEX ix_victim_names_{col} ON victim_names "
                    f"USING gin ({col} gin_trgm_ops)"
                )
            trgm.commit()
        except Exception:  # no pg_trgm here: LIKE scans answer the same
            trgm.rollback()
    records = bind.execute(
        sa.text(
            "SELECT id, full_name, given_name, patronymic, family_name FROM victim_records "
            "ORDER BY id"
        )
    ).all()
    rows = [name_row(r.id, r._mapping) for r in records]
    table = sa.table("victim_names", sa.column("record_pk"), sa.column("latin"), sa.column("keys"))
    for i in range(0, len(rows), 5000):
        bind.execute(sa.insert(table), rows[i : i + 5000])
    for table_name in OLD:
        op.execute(f"DROP TABLE IF EXISTS {table_name}")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS victim_names_trigrams_add")
        op.execute("DROP TABLE IF EXISTS victim_names_trigrams")
    op.drop_table("victim_names")


# --- A frozen copy of the name forms, as casefile.people.name_search and casefile.people.names
# wrote them when this revision was made (2026-12). A migration must do the same thing forever:
# it must not import the people stage (the vault applies migrations when a workspace opens, and
# depends on no stage), and its rows must not change when those modules change later. Do not
# edit this copy. When people changes how names are normalised or keyed, the rows written
# before (by imports and by this migration alike) are out of date: add a new migration that
# rewrites victim_names with its own frozen copy of the new code.
# tests/test_migrations.py checks that this copy still agrees with the people stage.

_CYR = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie",
    "ё": "e", "ж": "zh", "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k",
    "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "",
    "ъ": "", "ы": "y", "э": "e", "ю": "iu", "я": "ia",
}  # fmt: skip

_MALE = """
Oleksii Aleksei Alexei Aleksey Alexey Alexej Oleksiy
Oleksandr Aleksandr Alexander Alexandr Aleksander Oleksander
Andrii Andrei Andrey Andriy Andrej Andrew
Serhii Sergei Sergey Sergii Serhiy Sergiy Sergej
Hryhorii Grigorii Grigory Grigoriy Hryhoriy
Mykola Nikolai Nikolay Mikola Nicolai Nikolaj
Volodymyr Vladimir Wolodymyr Volodimir
Mykhailo Mikhail Mykhaylo Michail Mihail Michael
Dmytro Dmitrii Dmitry Dmitriy Dmytryi Dmitri
Yurii Yuri Yuriy Iurii Jurij
Viktor Victor
Vasyl Vasilii Vasily Vasiliy Vasil Wasyl
Ivan Iwan
Petro Petr Pyotr Piotr Peter
Pavlo Pavel Paul
Yevhen Evgenii Evgeny Yevgeny Evgeniy Yevgen Ievgen Yevhenii
Anatolii Anatoly Anatoliy
Oleh Oleg
Ihor Igor
Vitalii Vitaly Vitaliy
Valerii Valery Valeriy
Bohdan Bogdan
Taras
Stepan Stefan
Fedir Fedor Fyodor Feodor
Denys Denis
Maksym Maksim Maxim Maksym
Artem Artyom Artiom
Roman
Vadym Vadim
Kostiantyn Konstantin Kostyantyn Constantin
Leonid
Anton
Tymofii Timofei Timofey Tymofiy
Yakiv Yakov Jakov
Illia Ilya Ilia Illya Ilja
Kyrylo Kirill Kyrylo
Mykyta Nikita
Danylo Daniil Danila Daniel
Matvii Matvei Matvey
Yaroslav Jaroslav
Ruslan
Vladyslav Vladislav
Stanislav
Borys Boris
Arsenii Arseny Arseniy
Heorhii Georgii Georgy Georgiy Heorhiy
Lev
Yosyp Iosif Osip Josyp
Semen Semyon Semion
Hennadii Gennady Gennadiy Hennadiy
Valentyn Valentin
Ostap
Nazar
Vsevolod
Yevhenii
Zakhar
Tykhon Tikhon
Rostyslav Rostislav
Sviatoslav Svyatoslav
Yehor Egor Yegor
Ilarion Illarion
Ivan
Vasyl
Kyrylo
"""

_FEMALE = """
Olena Elena Yelena Helena Jelena
Nataliia Natalia Natalya Natalija Natalie
Tetiana Tatiana Tatyana Tetyana Tatjana
Iryna Irina
Svitlana Svetlana
Halyna Galina Halina
Liudmyla Ludmila Lyudmila Liudmila Lyudmyla
Nadiia Nadezhda Nadia Nadiya
Valentyna Valentina
Oksana
Mariia Maria Mariya Marija
Kateryna Ekaterina Yekaterina Katerina Kateryna Catherine
Hanna Anna Ganna Ganna
Olha Olga Olya
Yuliia Yulia Julia Yuliya Iuliia
Viktoriia Viktoria Victoria Viktoriya
Larysa Larisa
Liubov Lyubov Lubov
Nina
Vira Vera
Zoia Zoya
Alla
Inna
Antonina
Raisa
Lidiia Lidia Lidiya
Tamara
Dariia Daria Darya Dariya
Sofiia Sofia Sofiya Sophia
Anastasiia Anastasia Anastasiya
Alina
Khrystyna Kristina Christina Khrystyna
Yevheniia Evgenia Yevgenia Evgeniya
Oleksandra Aleksandra Alexandra
Polina
Vasylyna Vasilina
Ulyana Uliana Ulyana
Zinaida Zinaida
Nadiia
Mariana Maryana Marianna
Iana Yana Jana
Liliia Lilia Liliya
Valeriia Valeria Valeriya
Ievdokiia Evdokia Yevdokiya
Kseniia Ksenia Kseniya Xenia
Hryhoriia
"""


def _strip_accents(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def _to_latin(text: str) -> str:
    out: list[str] = []
    for ch in text.lower():
        if ch in _CYR:
            out.append(_CYR[ch])
        else:
            out.append(ch)
    s = _strip_accents("".join(out))
    return re.sub(r"[^a-z ]+", "", s.replace("-", " ")).strip()


_CLUSTERS = (
    ("shch", "S"),
    ("szcz", "S"),
    ("tsch", "C"),
    ("sch", "X"),
    ("zh", "Z"),
    ("kh", "h"),
    ("ch", "C"),
    ("cz", "C"),
    ("sh", "X"),
    ("sz", "X"),
    ("ts", "T"),
    ("tz", "T"),
    ("ck", "k"),
    ("ph", "f"),
    ("x", "ks"),
    ("q", "k"),
    ("w", "v"),
    ("c", "k"),
    ("j", "i"),
    ("y", "i"),
    ("g", "h"),
    ("o", "a"),
    ("e", "i"),
)


@lru_cache(maxsize=200_000)
def word_key(word: str) -> str:
    """The coarse phonetic key of one word (any script)."""
    s = _to_latin(word).replace(" ", "")
    for a, b in _CLUSTERS:
        s = s.replace(a, b)
    s = re.sub(r"(.)\1+", r"\1", s)
    return s.lower()


@lru_cache(maxsize=1)
def _given_canon() -> dict[str, str]:
    """Key of every form of a given name -> the key of its canonical (first) form."""
    canon: dict[str, str] = {}
    for block in (_MALE, _FEMALE):
        for line in block.strip().splitlines():
            forms = line.split()
            ck = word_key(forms[0])
            for f in forms:
                canon.setdefault(word_key(f), ck)
    return canon


def _deletions(key: str) -> set[str]:
    return {key} | {key[:i] + key[i + 1 :] for i in range(len(key))}


def _one_typo_apart(a: str, b: str) -> bool:
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) < len(b):
        return a[i:] == b[i + 1 :]
    return a[i + 1 :] == b[i + 1 :] or (
        a[i + 2 :] == b[i + 2 :] and a[i : i + 2] == b[i : i + 2][::-1]
    )


@lru_cache(maxsize=1)
def _given_deletions() -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for k in _given_canon():
        if len(k) >= 4:
            for d in _deletions(k):
                out.setdefault(d, set()).add(k)
    return out


@lru_cache(maxsize=200_000)
def _near_given(k: str) -> str | None:
    if len(k) < 5:
        return None
    index, canon = _given_deletions(), _given_canon()
    near = {canon[t] for d in _deletions(k) for t in index.get(d, ()) if _one_typo_apart(k, t)}
    return next(iter(near)) if len(near) == 1 else None


def given_key(name: str) -> str:
    """Canonical key of a given name (its forms, and one typing error from one of them)."""
    k = word_key(name)
    return _given_canon().get(k) or _near_given(k) or k


_NON = re.compile(r"[^a-z0-9]+")
_APOSTROPHES = re.compile("['\u2019\u02bc`\u00b4]")
_PLAIN = {"ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i", "þ": "th"}
NAME_FIELDS = ("full_name", "given_name", "patronymic", "family_name")


def latin(value: str) -> str:
    """Lower-case Latin letters and digits, single spaces ("Шевченко-10" -> "shevchenko 10")."""
    s = "".join(_CYR[ch] if ch in _CYR else _PLAIN.get(ch, ch) for ch in value.lower())
    s = _APOSTROPHES.sub("", s)
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


def name_row(record_pk: int, record: Mapping[Any, Any]) -> dict[str, Any]:
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
