"""Victim search anywhere in a name and across Cyrillic/Latin spellings, on both databases."""

from __future__ import annotations

from pathlib import Path

from web_helpers import PASSWORD, client_for, login

from casefile.people.importer import import_list
from casefile.people.name_search import keys_of, latin, match_sql
from casefile.vault.workspace import Workspace
from casefile.web.accounts import add_user
from casefile.web.app import create_app

LIST_A = """record_id,full_name,sex,status,place
a1,Шевченко Олена Петрівна,F,killed,Bucha
a2,Коваленко Іван,M,killed,Irpin
a3,Bondarenko-Melnyk Taras,M,missing,Bucha
a4,Kravchenko Iryna,F,killed,Hostomel
"""

LIST_B = """record_id,full_name,sex,status,place
b1,Shevchenko Elena,F,killed,Bucha
b2,Ткаченко Андрій,M,missing,Irpin
"""


def test_normalised_forms() -> None:
    assert latin("Шевченко-10 Олена") == "shevchenko 10 olena"
    assert latin("Łukasz Müller") == "lukasz muller"
    assert latin("Мар’яна Ігорь") == latin("Мар'яна Ігорь") == "mariana ihor"  # accents go, Ł too
    # The registry's keys: Cyrillic and Latin spellings of one name share a key.
    assert keys_of("Шевченко")[0] == keys_of("Shevchenko")[0] == keys_of("Schewtschenko")[0]
    assert set(keys_of("Олена")) & set(keys_of("Yelena"))


def _names(c: object, q: str) -> set[str]:
    r = c.get("/api/victims", params={"q": q})  # type: ignore[attr-defined]
    assert r.status_code == 200, r.text
    data = r.json()
    names = {x["full_name"] for x in data["records"]}
    assert data["paging"]["total"] == len(names)
    return names


def test_victim_search_on_each_database(workspace: Workspace, tmp_path: Path) -> None:
    for name, body in (("list-a", LIST_A), ("list-b", LIST_B)):
        f = tmp_path / f"{name}.csv"
        f.write_text(body, encoding="utf-8")
        import_list(workspace, f, name, event_year=2022)
    add_user(workspace, "ana", "analyst", PASSWORD)
    app = create_app(workspace)
    with client_for(app) as c:
        assert login(c, "ana").status_code == 303
        shevchenko = {"Шевченко Олена Петрівна", "Shevchenko Elena"}
        # Latin finds Cyrillic and Latin; Cyrillic finds Latin too.
        assert _names(c, "Shevchenko") == shevchenko
        assert _names(c, "Шевченко") == shevchenko
        # Spelling variants through the registry's phonetic key (German transliteration).
        assert _names(c, "Schewtschenko") == shevchenko
        # In the middle of a name and of a double-barrelled family name.
        assert _names(c, "chenko") == shevchenko | {
            "Kravchenko Iryna",
            "Ткаченко Андрій",
        }
        assert _names(c, "melnyk") == {"Bondarenko-Melnyk Taras"}
        assert _names(c, "valenk") == {"Коваленко Іван"}
        # A patronymic in the middle of the field; given names across Ukrainian/Russian forms.
        assert _names(c, "petrivna") == {"Шевченко Олена Петрівна"}
        assert _names(c, "Олена") == shevchenko  # Olena = Elena
        # Every word must match, in any order.
        assert _names(c, "olena shevch") == shevchenko
        assert _names(c, "Andrii Tkachenko") == {"Ткаченко Андрій"}
        assert _names(c, "Andrii Kovalenko") == set()
        # A record id still finds its record exactly; nothing odd in a query breaks it.
        assert _names(c, "b2") == {"Ткаченко Андрій"}
        assert _names(c, "\"' OR 1=1 --") == set()
        assert _names(c, "%") == set()
        # Filters combine with the name search.
        r = c.get("/api/victims", params={"q": "chenko", "status": "missing"}).json()
        assert {x["full_name"] for x in r["records"]} == {"Ткаченко Андрій"}
        # HTML page renders the hits.
        assert "Ткаченко Андрій" in c.get("/victims", params={"q": "tkach"}).text

        # A list imported while the app runs is searchable at once.
        f = tmp_path / "list-c.csv"
        f.write_text("record_id,full_name\nc1,Шевчук Оксана\n", encoding="utf-8")
        import_list(workspace, f, "list-c", event_year=2022)
        assert _names(c, "shevchuk") == {"Шевчук Оксана"}


def _brute_force(conn: object, q: str) -> set[int]:
    """The name search's rule read straight off the name table: every word's Latin form in
    ``latin``, or one of its keys in ``keys``."""
    from sqlalchemy import text

    from casefile.people.name_search import keys_for

    rows = conn.execute(text("SELECT record_pk, latin, keys FROM victim_names")).all()  # type: ignore[attr-defined]
    words = [w for w in q.split() if latin(w)][:8]
    return {
        int(r[0])
        for r in rows
        if all(
            latin(w) in r[1] or (len(latin(w)) >= 3 and any(k in r[2] for k in keys_for(w)))
            for w in words
        )
    }


def test_name_search_through_the_index_is_exact(workspace: Workspace, tmp_path: Path) -> None:
    """The name search (FTS5 trigram index on SQLite, LIKE on PostgreSQL) finds exactly the
    records the rule finds read off the table: rare and common words, several words, digits,
    short words, Cyrillic; records of a later import found at once (written with them)."""
    import random

    from sqlalchemy import text

    rng = random.Random(5)
    families = ["Шевченко", "Shevchenko", "Kovalenko", "Бондаренко", "Melnyk", "Tkachenko"]
    given = ["Olena", "Олена", "Ivan", "Taras", "Iryna", "Андрій", "Elena"]
    lines = ["record_id,full_name,sex,status,place"]
    for i in range(400):
        name = f"{rng.choice(families)}{'-' + str(i) if i % 3 == 0 else ''} {rng.choice(given)}"
        lines.append(f"r{i},{name},F,killed,Bucha")
    f = tmp_path / "many.csv"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    import_list(workspace, f, "many", event_year=2022)
    queries = [
        "Shevchenko-12",
        "chenko-3",
        "Шевченко-27",
        "chenko",
        "Olena Shevchenko",
        "Олена Kovalenko-9",
        "Taras 1",
        "ko 33",
        "Elena",
        "nyk-1 Iv",
        "zzzq",
    ]

    def check() -> None:
        with workspace.db.read() as conn:
            for q in queries:
                found = match_sql(conn.dialect.name, q)
                assert found is not None
                sql, params = found
                assert set(conn.execute(text(sql), params).scalars()) == _brute_force(conn, q), q

    check()
    f2 = tmp_path / "more.csv"
    f2.write_text("record_id,full_name,sex,status,place\nx1,Zzzqua Olena,F,killed,Irpin\n")
    import_list(workspace, f2, "more", event_year=2022)
    with workspace.db.read() as conn:
        sql, params = match_sql(conn.dialect.name, "zzzq") or ("", {})
        assert len(conn.execute(text(sql), params).scalars().all()) == 1
    check()
