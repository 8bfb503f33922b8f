"""Pages over the case, people and witness stages, on a workspace that holds data of each."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from web_helpers import WebCase, client_for, csrf_of, login, make_case

from casefile.vault.workspace import Workspace
from casefile.web.app import create_app
from casefile.web.schema import ROLES


@dataclass
class Stages:
    case: WebCase
    incident: int
    witness_id: str


def _build(ws: Workspace, tmp: Path) -> Stages:
    from casefile.case.claims import add_claim
    from casefile.case.evidence import link_item
    from casefile.case.figures import add_figures, choose_best
    from casefile.case.incidents import create_incident
    from casefile.people.importer import import_list
    from casefile.people.link import LinkOptions, run_link
    from casefile.people.synthetic import generate, write_csv
    from casefile.witness.core import ConsentGrant, add_witness
    from casefile.witness.keys import init_keys

    case = make_case(ws, tmp)
    inc = create_incident(
        ws,
        "Killings of civilians in Bucha",
        "Bodies found after the withdrawal.",
        places=[{"name": "Bucha", "lat": 50.5436, "lon": 30.2128}],
        period_start="2022-03-01",
        period_end="2022-03-31",
    )
    figures = add_figures(ws, inc, from_item=case.report_sha)
    choose_best(ws, inc, figures[0], "the most recent official count")
    add_claim(ws, inc, statement="Russian forces killed civilians", stance="accuses")
    add_claim(ws, inc, statement="The images were staged", stance="denies")
    link_item(ws, inc, case.image_sha, "a street in Bucha", kind="photo")
    syn = generate(60, seed=3)
    for name, rows in syn.lists.items():
        f = tmp / f"{name}.csv"
        write_csv(rows, f)
        import_list(ws, f, name, event_year=2022)
    # A wide review band, so that the queue has pairs to decide.
    run_link(ws, LinkOptions(upper=0.999, lower=0.05, keep=0.05))
    from casefile.estimate import read_patterns
    from casefile.estimate.api import estimate
    from casefile.estimate.store import preserve_input, save_run

    patterns = Path(__file__).parents[1] / "data" / "mse" / "kosovo_1999.csv"
    save_run(
        ws,
        [estimate(read_patterns(patterns), "loglinear")],
        input_kind="patterns",
        input_sha256=preserve_input(ws, patterns, "kosovo patterns"),
        lists=[],
        settings={"method": "loglinear"},
    )
    ring = init_keys(ws, tmp / "witness-kek")
    w = add_witness(
        ws,
        ring,
        name="Olena Kovalenko",
        pseudonym="W-7",
        contact="+380 00 000 0000",
        consent=[ConsentGrant("prosecutors", "2026-11-01", "signed form")],
    )
    return Stages(case, inc, w.id)


@pytest.fixture(scope="module")
def stages(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stages]:
    tmp = tmp_path_factory.mktemp("stages")
    ws = Workspace.init(tmp / "ws", None, actor="tester@test")
    import os

    os.environ["CASEFILE_WITNESS_KEY"] = str(tmp / "witness-kek")
    yield _build(ws, tmp)
    os.environ.pop("CASEFILE_WITNESS_KEY", None)
    ws.close()


@pytest.fixture(scope="module")
def who(stages: Stages) -> Iterator[dict[str, httpx.Client]]:
    app = create_app(stages.case.ws)
    out = {}
    for role in ROLES:
        c = client_for(app)
        assert login(c, role).status_code == 303
        out[role] = c
    yield out
    for c in out.values():
        c.close()


def test_incident_pages(who: dict[str, httpx.Client], stages: Stages) -> None:
    c = who["viewer"]
    listing = c.get("/api/incidents", params={"q": "Bucha"}).json()
    assert [i["id"] for i in listing["incidents"]] == [stages.incident]
    data = c.get(f"/api/incidents/{stages.incident}").json()
    assert data["incident"]["title"] == "Killings of civilians in Bucha"
    assert data["toll_history"] and data["best_figures"]
    assert [x["statement"] for x in data["claims_against"]] == ["The images were staged"]
    assert "Russian forces killed civilians" in [x["statement"] for x in data["claims_for"]]
    page = c.get(f"/incidents/{stages.incident}")
    assert page.status_code == 200
    assert "<svg" in page.text and "<circle" in page.text  # the toll chart
    assert "Denials" in page.text and "a street in Bucha" in page.text
    geo = c.get("/api/map").json()
    assert geo["features"][0]["geometry"]["coordinates"] == [30.2128, 50.5436]
    assert 'id="map"' in c.get("/map").text
    tl = c.get("/timeline").text
    assert "2022-03-01" in tl and "Killings of civilians in Bucha" in tl
    assert c.get("/api/incidents/999999").status_code == 404
    # Who did what is a protected field: staff see it, a viewer does not.
    from casefile.web.roles import PROTECTED_FIELDS

    def keys(v: object) -> set[str]:
        if isinstance(v, dict):
            return set(v) | {k for x in v.values() for k in keys(x)}
        if isinstance(v, list):
            return {k for x in v for k in keys(x)}
        return set()

    assert not keys(data) & PROTECTED_FIELDS
    staff = who["analyst"].get(f"/api/incidents/{stages.incident}").json()
    assert {"created_by", "linked_by"} <= keys(staff) & PROTECTED_FIELDS
    assert "tester@test" not in c.get(f"/incidents/{stages.incident}").text
    dash = c.get("/api/dashboard").json()
    assert dash["stages"]["latest_tolls"][0]["incident_id"] == stages.incident


def test_victims_registry_person_and_review(who: dict[str, httpx.Client]) -> None:
    c = who["analyst"]
    everyone = c.get("/api/victims", params={"per_page": 200}).json()
    assert everyone["paging"]["total"] > 60
    rec = next(r for r in everyone["records"] if r["full_name"] and r["person_id"])
    family = rec["full_name"].split()[0]
    found = c.get("/api/victims", params={"q": family}).json()
    assert rec["id"] in [r["id"] for r in found["records"]]
    person = c.get(f"/api/victims/persons/{rec['person_id']}").json()
    assert f"{rec['source']}:{rec['record_id']}" in [
        f"{r['source']}:{r['record_id']}" for r in person["records"]
    ]
    assert c.get(f"/victims/persons/{rec['person_id']}").status_code == 200
    assert who["viewer"].get("/api/victims").status_code == 403
    queue = c.get("/api/victims/review", params={"per_page": 100}).json()
    assert queue["pairs"], "the wide review band should leave pairs to review"
    pair = queue["pairs"][0]
    r = c.post(
        "/victims/review",
        data={
            "csrf": csrf_of(c),
            "ref_l": pair["ref_l"],
            "ref_r": pair["ref_r"],
            "decision": "different",
            "reason": "different birth years",
        },
    )
    assert r.status_code == 303
    after = c.get("/api/victims/review", params={"per_page": 100}).json()
    assert after["paging"]["total"] == queue["paging"]["total"] - 1
    ev = c.get("/api/ledger", params={"kind": "victim_pair_reviewed"}).json()["events"][0]
    assert ev["actor"] == "web:analyst" and ev["data"]["decision"] == "different"
    r = c.post(
        "/api/victims/review",
        data={"ref_l": pair["ref_l"], "ref_r": pair["ref_r"], "decision": "same", "reason": ""},
        headers={"X-CSRF-Token": csrf_of(c)},
    )
    assert r.status_code == 400 and "reason" in r.json()["error"]


def test_records_named_by_separate_columns_have_names(who: dict[str, httpx.Client]) -> None:
    """Lists that give family, given name and patronymic as columns (police lists) show the
    name composed from them on the registry, person and review pages and in the API."""
    import html

    c = who["analyst"]
    everyone = c.get("/api/victims", params={"per_page": 200}).json()["records"]
    composed = [r for r in everyone if r.get("name_from_parts")]
    assert composed, "the synthetic lists include one with separate name columns"
    assert all(r["full_name"] for r in everyone)
    rec = next(r for r in composed if r["person_id"])
    listing = c.get("/victims", params={"per_page": 200}).text
    assert html.escape(rec["full_name"]) in listing
    person = c.get(f"/api/victims/persons/{rec['person_id']}").json()
    assert person["name"] and all(r["full_name"] for r in person["records"])
    page = c.get(f"/victims/persons/{rec['person_id']}").text
    heading = re.search(r"<h1>(.*?)</h1>", page, re.S).group(1)  # type: ignore[union-attr]
    assert html.escape(person["name"]) in heading
    for link in person["links"]:
        texts = [w["text"] for w in link["why"]]
        assert texts and not any("Jaro" in t or "_key" in t or "NULL" in t for t in texts)
    # The composed order is the official one: family, given, patronymic.
    ws_rows = [r for r in person["records"] if r.get("name_from_parts")]
    for r in ws_rows:
        parts = [r.get(k) for k in ("family_name", "given_name", "patronymic")]
        assert r["full_name"] == " ".join(x for x in parts if x)
    queue = c.get("/api/victims/review", params={"per_page": 100}).json()["pairs"]
    assert all(p["name_l"] and p["name_r"] for p in queue)
    assert all(p["record_l"]["full_name"] and p["record_r"]["full_name"] for p in queue)
    words = [w["text"] for p in queue for w in p["why"]]
    assert words and not any("Jaro" in t or "Exact match on" in t for t in words)
    assert any("family name" in t for t in words)


def test_a_review_decision_says_a_new_linkage_run_is_needed(
    who: dict[str, httpx.Client],
) -> None:
    import html

    c = who["admin"]
    pair = c.get("/api/victims/review", params={"per_page": 100}).json()["pairs"][-1]
    r = c.post(
        "/victims/review",
        data={
            "csrf": csrf_of(c),
            "ref_l": pair["ref_l"],
            "ref_r": pair["ref_r"],
            "decision": "same",
            "reason": "same family and birth date, a typo in the given name",
        },
    )
    assert r.status_code == 303
    page = c.get(r.headers["location"]).text
    assert html.escape(pair["name_l"]) in page and html.escape(pair["name_r"]) in page
    assert "are the same person" in page and "new linkage run" in page
    assert "casefile victims link" in page
    data = c.get("/api" + r.headers["location"]).json()["done"]
    assert data["relink_needed"] is True and data["decision"] == "same"
    assert [x["name"] for x in data["records"]] == [pair["name_l"], pair["name_r"]]
    r = c.post(
        "/api/victims/review",
        data={"ref_l": pair["ref_l"], "ref_r": pair["ref_r"], "decision": "unsure", "reason": "?"},
        headers={"X-CSRF-Token": csrf_of(c)},
    )
    assert r.status_code == 200 and r.json()["relink_needed"] is True
    # A done number that is no review decision shows nothing.
    assert c.get("/api/victims/review", params={"done": "1"}).json()["done"] is None


def test_witnesses_pseudonyms_and_reasoned_reveal(
    who: dict[str, httpx.Client], stages: Stages
) -> None:
    analyst, inv = who["analyst"], who["investigator"]
    page = analyst.get("/witnesses")
    assert "W-7" in page.text and "Olena" not in page.text
    one = analyst.get(f"/witnesses/{stages.witness_id}")
    assert "Your role sees pseudonyms only" in one.text and "Olena" not in one.text
    r = analyst.post(f"/witnesses/{stages.witness_id}/reveal", data={"reason": "curious"})
    assert r.status_code == 403
    assert who["viewer"].get("/api/witnesses").status_code == 403
    r = inv.post(
        f"/witnesses/{stages.witness_id}/reveal", data={"csrf": csrf_of(inv), "reason": ""}
    )
    assert r.status_code == 400 and "reason" in r.text
    for empty in (".", "\u200b", "aaaa", "x y"):  # no words: refused before any decryption
        r = inv.post(
            f"/witnesses/{stages.witness_id}/reveal", data={"csrf": csrf_of(inv), "reason": empty}
        )
        assert r.status_code == 400 and "in words" in r.text and "Olena" not in r.text
    r = inv.post(
        f"/witnesses/{stages.witness_id}/reveal",
        data={"csrf": csrf_of(inv), "reason": "prosecutor request 42"},
    )
    assert r.status_code == 200 and "Olena Kovalenko" in r.text
    seq = int(re.search(r"ledger event #(\d+)", r.text).group(1))  # type: ignore[union-attr]
    ev = inv.get("/api/ledger", params={"kind": "witness_revealed"}).json()["events"][0]
    assert ev["seq"] == seq and ev["actor"] == "web:investigator"
    assert ev["data"]["reason"] == "prosecutor request 42" and ev["data"]["role"] == "investigator"
    assert "Olena" not in json.dumps(ev)


def test_estimates_page_shows_the_latest_run(who: dict[str, httpx.Client]) -> None:
    c = who["viewer"]
    data = c.get("/api/estimates").json()
    est = data["latest"]["estimates"][0]
    assert round(est["estimate"], 1) == 10356.5 and est["lower"] < est["estimate"] < est["upper"]
    page = c.get("/estimates").text
    assert "<svg" in page and "loglinear" in page, page[-3000:]
    assert "10,356" in page or "10,357" in page
    assert "created_by" not in data["latest"]  # protected from a viewer


def test_source_page_shows_where_each_fact_is_used(
    who: dict[str, httpx.Client], stages: Stages
) -> None:
    from sqlalchemy import text

    from casefile.web.queries import _fact_referencing_tables, _plain

    ws = stages.case.ws
    with ws.db.read() as conn:
        doc_id = conn.execute(
            text("SELECT id FROM documents WHERE item_sha256 = :s"), {"s": stages.case.report_sha}
        ).scalar_one()
        tables = _fact_referencing_tables(conn)

        def one_by_one(fact_id: int) -> list[dict[str, object]]:
            out: list[dict[str, object]] = []
            for t in tables:
                rows = conn.execute(
                    text(f"SELECT * FROM {t} WHERE fact_id = :f LIMIT 20"), {"f": fact_id}
                )
                for r in rows:
                    out.append({"table": t, "row": {k: _plain(v) for k, v in r._mapping.items()}})
            return out

        page = who["admin"].get(f"/api/sources/{doc_id}").json()
        assert page["facts"]
        for f in page["facts"]:
            assert f["used_in"] == one_by_one(f["id"])
            assert who["admin"].get(f"/api/facts/{f['id']}").json()["used_in"] == f["used_in"]
    assert any(u["table"] == "incident_figures" for f in page["facts"] for u in f["used_in"])
