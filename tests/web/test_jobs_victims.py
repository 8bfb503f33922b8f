"""Victim lists in the browser (issue 28): upload, the column mapping previewed and changed,
the importer's problems shown in the form, the import (the file into the vault, one ledger
event), and a linkage run; as the roles allowed, with CSRF."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
from sqlalchemy import func, select
from web_helpers import WebCase, csrf_of

from casefile.people.schema import linkage_runs, victim_lists, victim_records
from casefile.vault.schema import ledger_entries

POLICE = (
    "Номер,Прізвище,Ім'я,По батькові,Дата народження,Населений пункт,Посада\n"
    "p-1,Шевченко,Олена,Петрівна,1961-05-02,Буча,teacher\n"
    "p-2,Коваленко,Іван,Іванович,1950,Буча,\n"
    "p-3,Бондаренко,Марія,,1984-11-30,Ірпінь,nurse\n"
)


def _upload(c: httpx.Client, name: str, body: bytes, source: str, **extra: str) -> httpx.Response:
    return c.post(
        "/jobs/victims/import",
        data={"csrf": csrf_of(c), "source": source, **extra},
        files={"file": (name, body, "text/csv")},
    )


def _confirm_fields(page: str) -> dict[str, str]:
    """The hidden fields and chosen mapping of a preview page, as the browser would send them."""
    out = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page))
    for name, value in re.findall(
        r'<select name="(field_\d+)"[^>]*>.*?<option value="([^"]*)" selected', page, re.S
    ):
        out[name] = value
    return {k: v.replace("&#39;", "'").replace("&amp;", "&") for k, v in out.items()}


def _lists(web_case: WebCase) -> list[str]:
    with web_case.ws.db.read() as conn:
        return list(conn.execute(select(victim_lists.c.source)).scalars())


def test_list_previewed_mapped_and_imported(
    clients: dict[str, httpx.Client], web_case: WebCase
) -> None:
    analyst = clients["analyst"]
    assert "Preview" in analyst.get("/jobs/victims/import").text
    page = _upload(analyst, "police.csv", POLICE.encode(), "police", event_year="2022")
    assert page.status_code == 200, page.text[:800]
    text = page.text
    assert "3 rows can be imported" in text and "Шевченко" in text
    assert "Nothing is written yet" in text and _lists(web_case) == []
    # The column 'Посада' is not a field: read as extra; choose to keep it as notes instead.
    fields = _confirm_fields(text)
    col = next(k for k, v in fields.items() if k.startswith("column_") and v == "Посада")
    fields[col.replace("column_", "field_")] = "notes"
    again = analyst.post(
        "/jobs/victims/import/confirm", data={**fields, "csrf": csrf_of(analyst), "go": "preview"}
    )
    assert again.status_code == 200, again.text[:800]
    assert re.search(r'<option value="notes" selected>notes</option>', again.text)
    done = analyst.post(
        "/jobs/victims/import/confirm",
        data={**_confirm_fields(again.text), "csrf": csrf_of(analyst), "go": "import"},
    )
    assert done.status_code == 200, done.text[:800]
    assert "3 rows imported as <b>police</b>" in done.text
    assert _lists(web_case) == ["police"]
    with web_case.ws.db.read() as conn:
        notes = conn.execute(
            select(victim_records.c.notes).where(victim_records.c.record_id == "p-1")
        ).scalar_one()
        actor = conn.execute(
            select(ledger_entries.c.actor).where(ledger_entries.c.kind == "victim_list_imported")
        ).scalar_one()
    assert notes == "teacher" and actor == "web:analyst"
    # The staged file is gone once imported: the same form again is refused, not re-imported.
    replay = analyst.post(
        "/jobs/victims/import/confirm",
        data={**_confirm_fields(again.text), "csrf": csrf_of(analyst), "go": "import"},
    )
    assert replay.status_code == 400 and "upload it again" in replay.text
    # The same name again: the importer's words.
    dup = _upload(analyst, "police2.csv", POLICE.encode(), "police")
    assert dup.status_code == 400 and "is already imported" in dup.text


def test_problems_and_bad_mapping_shown_in_the_form(
    clients: dict[str, httpx.Client], web_case: WebCase
) -> None:
    analyst = clients["analyst"]
    bad_rows = "id,name,born\n1,Olena Shevchenko,1961-13-45\n1,Ivan Koval,1950\n"
    page = _upload(analyst, "ngo.csv", bad_rows.encode(), "ngo")
    assert page.status_code == 400
    assert "nothing imported" in page.text and "Problems (" in page.text
    # Without a name column: the importer says which is missing; the mapping form lets one be
    # chosen, and choosing it makes the list importable.
    no_name = "id,who\n1,Olena Shevchenko\n2,Ivan Koval\n"
    page = _upload(analyst, "media.csv", no_name.encode(), "media")
    assert page.status_code == 400 and "missing required column" in page.text
    fields = _confirm_fields(page.text)
    col = next(k for k, v in fields.items() if k.startswith("column_") and v == "who")
    fields[col.replace("column_", "field_")] = "full_name"
    ok = analyst.post(
        "/jobs/victims/import/confirm", data={**fields, "csrf": csrf_of(analyst), "go": "preview"}
    )
    assert ok.status_code == 200 and "2 rows can be imported" in ok.text
    # Bad names, years, files: said in the form.
    r = _upload(analyst, "x.csv", b"id,name\n1,A B\n", "bad name!")
    assert r.status_code == 400 and "use letters, digits" in r.text
    r = _upload(analyst, "x.csv", b"id,name\n1,A B\n", "x", event_year="last year")
    assert r.status_code == 400 and "whole number" in r.text
    r = _upload(analyst, "x.ods", b"PK\x03\x04", "x")
    assert r.status_code == 400 and "are not read" in r.text
    big = _upload(analyst, "big.csv", b"id,name\n" + b"1,A B\n" * 250_000, "big")
    assert big.status_code == 413 and "too large" in big.text
    r = analyst.post("/jobs/victims/import", data={"csrf": csrf_of(analyst), "source": "x"})
    assert r.status_code == 400 and "choose the list" in r.text
    # Someone else's staged list (or a made-up token) is not found.
    fields["token"] = "0" * 32
    r = analyst.post(
        "/jobs/victims/import/confirm", data={**fields, "csrf": csrf_of(analyst), "go": "import"}
    )
    assert r.status_code == 400 and "upload it again" in r.text
    # CSRF and roles.
    stale = {k: v for k, v in fields.items() if k != "csrf"}
    assert analyst.post("/jobs/victims/import/confirm", data=stale).status_code == 403
    assert clients["viewer"].get("/jobs/victims/import").status_code == 403
    assert "media" not in _lists(web_case)


def test_lists_linked_into_persons(
    clients: dict[str, httpx.Client], web_case: WebCase, tmp_path: Path
) -> None:
    from casefile.people.synthetic import generate, write_csv

    analyst = clients["analyst"]
    syn = generate(40, seed=3)
    for name, rows in list(syn.lists.items())[:3]:
        f = tmp_path / f"{name}.csv"
        write_csv(rows, f)
        page = _upload(analyst, f.name, f.read_bytes(), f"syn-{name}", event_year="2022")
        assert page.status_code == 200, page.text[:500]
        done = analyst.post(
            "/jobs/victims/import/confirm",
            data={**_confirm_fields(page.text), "csrf": csrf_of(analyst), "go": "import"},
        )
        assert done.status_code == 200, done.text[:500]
    assert "Run the linkage" in analyst.get("/jobs/victims/link").text
    r = analyst.post("/jobs/victims/link", data={"csrf": csrf_of(analyst), "upper": "2"})
    assert r.status_code == 400 and "thresholds must satisfy" in r.text
    r = analyst.post("/jobs/victims/link", data={"csrf": csrf_of(analyst), "upper": "high"})
    assert r.status_code == 400 and "is not a number" in r.text
    r = analyst.post("/jobs/victims/link", data={"csrf": csrf_of(analyst)})
    assert r.status_code == 200, r.text[:800]
    assert re.search(r"records → <b>\d+ persons</b>", r.text)
    with web_case.ws.db.read() as conn:
        assert conn.execute(select(func.count()).select_from(linkage_runs)).scalar_one() == 1
        actor = conn.execute(
            select(ledger_entries.c.actor).where(ledger_entries.c.kind == "victims_linked")
        ).scalar_one()
    assert actor == "web:analyst"
    # The registry and the capture histories to download, as 'casefile victims export' and
    # 'victims histories' write them.
    r = analyst.post("/jobs/export", data={"csrf": csrf_of(analyst), "kind": "registry-csv"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert r.text.splitlines()[0].startswith("person_id,") and "syn-police" in r.text
    r = analyst.post(
        "/jobs/export",
        data={"csrf": csrf_of(analyst), "kind": "histories-csv", "strata": "sex"},
    )
    assert r.status_code == 200
    header = r.text.splitlines()[0].split(",")
    assert header[0] == "person_id" and "syn-police" in header and "sex" in header
    r = analyst.post(
        "/jobs/export",
        data={"csrf": csrf_of(analyst), "kind": "histories-csv", "strata": "shoe_size"},
    )
    assert r.status_code == 400 and "no stratum shoe_size" in r.text
    r = analyst.post("/jobs/export", data={"csrf": csrf_of(analyst), "kind": "registry-xlsx"})
    assert r.status_code == 200 and r.content[:2] == b"PK"
    # An investigator may import but not run the linkage.
    assert clients["investigator"].get("/jobs/victims/link").status_code == 403
    assert clients["investigator"].get("/jobs/victims/import").status_code == 200
