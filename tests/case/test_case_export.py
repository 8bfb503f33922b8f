"""The case in exports: incident selection, data files, report sections with the toll chart."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from case_helpers import Builder, claim, figure
from typer.testing import CliRunner

from casefile.case import items_of_incident
from casefile.case.claims import add_claim, assess_claim, link_claim_evidence
from casefile.case.evidence import chronolocate, geolocate, link_item
from casefile.case.export_provider import case_files, case_sections, incident_items
from casefile.case.figures import add_figures, choose_best
from casefile.case.incidents import create_incident
from casefile.case.views import incidents_geojson, timeline
from casefile.cli.main import app


def _incident(build: Builder) -> tuple[int, list[str]]:
    ws = build.ws
    r1 = build.report("a.txt", "2022-04-04", "ABC", figures=[figure(410, "officials")])
    r2 = build.report(
        "b.txt",
        "2022-04-15",
        "NGO",
        figures=[figure(458, None)],
        claims=[claim("Moscow", "the scenes in Bucha were staged")],
    )
    photo = build.photo("p.jpg", 50.5443, 30.2204, "2022:04:02 10:15:00")
    build.photo("unrelated.jpg", 10.0, 10.0, "2020:01:01 00:00:00")
    iid = create_incident(
        ws,
        "Bucha",
        places=[{"name": "Bucha", "lat": 50.543, "lon": 30.212}],
        period_start="2022-03",
    )
    add_figures(ws, iid, from_item=r1.sha)
    [f2] = add_figures(ws, iid, from_item=r2.sha)
    choose_best(ws, iid, f2, "latest count")
    link_item(ws, iid, photo, "bodies on the street")
    geolocate(ws, photo, from_exif=True)
    chronolocate(ws, photo, from_exif=True)
    c, _ = add_claim(ws, iid, r2.facts["claim"][0])
    link_claim_evidence(ws, c, photo, "contradicts", "bodies there on 2 April")
    assess_claim(ws, c, "contradicted", "the photos show bodies where they were reported")
    return iid, sorted([r1.sha, r2.sha, photo])


def test_incident_items_for_selection(build: Builder) -> None:
    iid, shas = _incident(build)
    with build.ws.db.read() as conn:
        assert items_of_incident(conn, iid) == shas
        found = incident_items(conn, str(iid))
        assert found is not None and found[0] == shas and found[1] == f"incident {iid}: Bucha"
        assert incident_items(conn, "999") is None
        assert incident_items(conn, "abc") is None


def test_files_geojson_csv_and_timeline(build: Builder) -> None:
    iid, shas = _incident(build)
    with build.ws.db.read() as conn:
        files = case_files(conn, shas)
        geo = incidents_geojson(conn)
        line = timeline(conn, iid)
    assert set(files) == {
        "case/incidents.geojson",
        "case/toll-history.csv",
        "case/toll-history.json",
        "case/claims.json",
        "case/timeline.json",
    }
    assert json.loads(files["case/incidents.geojson"]) == geo
    kinds = [f["properties"]["feature"] for f in geo["features"]]
    assert kinds == ["place", "evidence"]
    place, evidence = geo["features"]
    assert place["geometry"]["coordinates"] == [30.212, 50.543]  # RFC 7946: lon, lat
    assert place["properties"]["best_figures"] == {"killed": "458"}
    assert evidence["properties"]["time"] == "2022-04-02T10:15:00"
    rows = list(csv.DictReader(io.StringIO(files["case/toll-history.csv"].decode())))
    assert [(r["date"], r["min"], r["source"]) for r in rows] == [
        ("2022-04-04", "410", "officials"),
        ("2022-04-15", "458", "NGO"),
    ]
    claims = json.loads(files["case/claims.json"])
    assert claims[0]["assessment"]["assessment"] == "contradicted"
    assert [e["what"] for e in line] == ["incident", "capture", "figure", "claim", "figure"]


def test_report_sections(build: Builder) -> None:
    iid, shas = _incident(build)
    with build.ws.db.read() as conn:
        sections = case_sections(conn, shas)
        assert case_sections(conn, [shas[0]]) != []  # touching items still find it
    titles = [s.title for s in sections]
    assert titles == [
        f"Incident {iid}: Bucha",
        f"Toll history: incident {iid}",
        f"Evidence and its verification: incident {iid}",
        f"Claims against the evidence: incident {iid}",
    ]
    html = {s.title.split(":")[0]: s.html for s in sections}
    assert "Named victims linked: n/a" in html[f"Incident {iid}"]
    assert "latest count" in html[f"Incident {iid}"]
    assert 'src="data:image/png;base64,' in html["Toll history"]
    assert "contradicted" in html["Claims against the evidence"]
    assert "50.54430, 30.22040" in html["Evidence and its verification"]


def test_report_and_data_export_by_incident_from_the_cli(
    sqlite_build: Builder, tmp_path: Path
) -> None:
    iid, shas = _incident(sqlite_build)
    ws_dir = str(sqlite_build.ws.root)
    runner = CliRunner()
    out = tmp_path / "report.html"
    res = runner.invoke(app, ["-w", ws_dir, "report", str(out), "--incident", str(iid)])
    assert res.exit_code == 0, res.output
    html = out.read_text()
    assert f"Claims against the evidence: incident {iid}" in html
    assert "unrelated.jpg" not in html  # only the incident's items
    assert all(sha in html for sha in shas)
    data = tmp_path / "data"
    res = runner.invoke(app, ["-w", ws_dir, "export", "data", str(data), "--incident", str(iid)])
    assert res.exit_code == 0, res.output
    assert (data / "case" / "toll-history.csv").exists()
    assert json.loads((data / "case" / "incidents.geojson").read_text())["features"]
