"""Victim search anywhere in a name and across Cyrillic/Latin spellings, on both databases."""

from __future__ import annotations

from pathlib import Path

from web_helpers import PASSWORD, client_for, login

from casefile.people.importer import import_list
from casefile.vault.workspace import Workspace
from casefile.web.accounts import add_user
from casefile.web.app import create_app
from casefile.web.name_index import keys_of, latin

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
