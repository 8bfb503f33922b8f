"""An estimate run in the browser (issue 28) from lists imported and linked in the browser, and
the estimate said in words: the method, the lists, what is counted, the toll figures."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
from sqlalchemy import select
from web_helpers import WebCase, csrf_of

from casefile.vault.schema import ledger_entries


def _import(c: httpx.Client, f: Path, source: str) -> None:
    page = c.post(
        "/jobs/victims/import",
        data={"csrf": csrf_of(c), "source": source, "event_year": "2022"},
        files={"file": (f.name, f.read_bytes(), "text/csv")},
    )
    assert page.status_code == 200, page.text[:500]
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page.text))
    done = c.post(
        "/jobs/victims/import/confirm", data={**fields, "csrf": csrf_of(c), "go": "import"}
    )
    assert done.status_code == 200, done.text[:500]


def test_estimate_run_and_explained(
    clients: dict[str, httpx.Client], web_case: WebCase, tmp_path: Path
) -> None:
    from casefile.people.synthetic import generate, write_csv

    analyst = clients["analyst"]
    # Before any estimate: said plainly, to everyone who sees estimates.
    none_yet = clients["viewer"].get("/jobs/estimate/explained")
    assert none_yet.status_code == 200 and "No estimate is stored yet" in none_yet.text
    r = analyst.post("/jobs/estimate", data={"csrf": csrf_of(analyst), "method": "loglinear"})
    assert r.status_code == 400 and "victims link" in r.text  # no linked registry yet
    syn = generate(60, seed=5)
    for name, rows in syn.lists.items():
        f = tmp_path / f"{name}.csv"
        write_csv(rows, f)
        _import(analyst, f, name)
    assert analyst.post("/jobs/victims/link", data={"csrf": csrf_of(analyst)}).status_code == 200
    # A chosen toll figure of an incident, to set the estimate against.
    inv = clients["investigator"]
    made = inv.post("/jobs/incidents/new", data={"csrf": csrf_of(inv), "title": "Bucha"})
    inc = made.headers["location"].split("/")[2].split("?")[0]
    analyst.post(
        f"/jobs/incidents/{inc}/figures",
        data={"csrf": csrf_of(analyst), "from_item": web_case.report_sha},
    )
    toll = analyst.get(f"/jobs/incidents/{inc}/figures").text
    figure = re.search(r'name="figure" value="(\d+)"', toll).group(1)  # type: ignore[union-attr]
    analyst.post(
        f"/jobs/incidents/{inc}/best",
        data={"csrf": csrf_of(analyst), "figure": figure, "reason": "the latest count"},
    )

    page = analyst.get("/jobs/estimate")
    assert page.status_code == 200 and "police" in page.text
    r = analyst.post("/jobs/estimate", data={"csrf": csrf_of(analyst), "method": "magic"})
    assert r.status_code == 400 and "unknown method" in r.text
    r = analyst.post(
        "/jobs/estimate", data={"csrf": csrf_of(analyst), "method": "loglinear", "strata": "x"}
    )
    assert r.status_code == 400 and "no stratum x" in r.text
    r = analyst.post(
        "/jobs/estimate", data={"csrf": csrf_of(analyst), "method": "chapman", "lists": "nope"}
    )
    assert r.status_code == 400 and "no list named nope" in r.text
    r = analyst.post("/jobs/estimate", data={"csrf": csrf_of(analyst), "method": "loglinear"})
    assert r.status_code == 200, r.text[:800]
    text = r.text
    assert "Estimated and stored" in text and "log-linear models" in text
    assert "named on at least one of the lists" in text
    for name in syn.lists:
        assert f"{name} (" in text
    assert "whatever their status and place" in text
    assert "Bucha</a>: killed" in text  # the chosen toll figure, set against it
    with web_case.ws.db.read() as conn:
        actors = set(
            conn.execute(
                select(ledger_entries.c.actor).where(ledger_entries.c.kind == "estimated")
            ).scalars()
        )
    assert actors == {"web:analyst"}
    # The command's default: 20 alternative linkages drawn on the whole registry.
    assert "Combined over 20 alternative linkages" in text
    r = analyst.post(
        "/jobs/estimate", data={"csrf": csrf_of(analyst), "method": "loglinear", "linkages": "0"}
    )
    assert r.status_code == 200 and "One linkage, the registry" in r.text
    # Linkage doubt: alternative linkages combined (whole registry only).
    r = analyst.post(
        "/jobs/estimate",
        data={"csrf": csrf_of(analyst), "method": "loglinear", "linkages": "3", "strata": "sex"},
    )
    assert r.status_code == 400 and "leave the strata unticked" in r.text
    r = analyst.post(
        "/jobs/estimate", data={"csrf": csrf_of(analyst), "method": "loglinear", "linkages": "3"}
    )
    assert r.status_code == 200, r.text[:800]
    assert "Combined over 3 alternative linkages" in r.text
    # Everyone who sees estimates reads it in words; the estimates page links there.
    words = clients["viewer"].get("/jobs/estimate/explained")
    assert words.status_code == 200 and "log-linear models" in words.text
    assert "/jobs/estimate/explained?run=" in clients["viewer"].get("/estimates").text
    # Roles: investigators and viewers may not run one.
    assert inv.get("/jobs/estimate").status_code == 403
    assert clients["viewer"].post("/jobs/estimate", data={}).status_code == 403
