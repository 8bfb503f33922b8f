"""casefile incident ...: a whole case from the command line, --json, and clear errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from case_helpers import PROPOSAL, Builder, claim, figure
from typer.testing import CliRunner

from casefile.cli.main import app


def _run(build: Builder, *args: str, code: int = 0) -> Any:
    res = CliRunner().invoke(app, ["-w", str(build.ws.root), "incident", *args])
    assert res.exit_code == code, res.output
    if code:
        return " ".join(res.stderr.split())  # rich wraps long lines at the terminal width
    return json.loads(res.stdout) if "--json" in args else res.stdout


def test_a_case_from_the_command_line(sqlite_build: Builder, tmp_path: Path) -> None:
    b = sqlite_build
    r1 = b.report(
        "r1.txt",
        "2022-04-03",
        "Desk",
        figures=[figure(20, "Officials", qualifier="at least", max=None)],
        incident=PROPOSAL,
    )
    r2 = b.report(
        "r2.txt",
        "2022-04-04",
        "Wire",
        figures=[figure(340, "mayor")],
        claims=[claim("Moscow", "Ukrainian forces staged the scenes in Bucha")],
    )
    photo = b.photo("p.jpg", 50.5443, 30.2204, "2022:04:02 10:15:00")
    [prop] = _run(b, "proposals", "--json")
    assert prop["what"] == "massacre of civilians" and prop["incident"] is None
    made = _run(b, "create", "--from-fact", str(prop["fact"]), "--json")
    iid = str(made["incident"])
    assert len(made["figures"]) == 1
    _run(b, "figure", iid, "--from-item", r2.sha[:12], "--json")
    toll = _run(b, "toll", iid, "--json")
    assert [t["min"] for t in toll["toll_history"]] == [20, 340]
    assert toll["named_victims"] is None
    best = toll["toll_history"][1]["figure"]
    _run(b, "best", iid, str(best), "--reason", "the mayor's later count", "--json")
    _run(b, "link", iid, photo[:8], "--shows", "bodies on the street", "--json")
    _run(b, "geolocate", photo[:8], "--exif", "--incident", iid, "--json")
    _run(b, "chronolocate", photo[:8], "--exif", "--json")
    _run(b, "source", photo[:8], "--reliability", "B", "--credibility", "2", "--reasoning", "ours")
    [cand] = [c for c in _run(b, "claim", "candidates", iid, "--json") if "staged" in c["text"]]
    added = _run(b, "claim", "add", iid, "--fact", str(cand["fact"]), "--json")
    cid = str(added["claim"])
    _run(b, "claim", "evidence", cid, photo[:8], "--contradicts", "--note", "bodies seen")
    _run(b, "claim", "assess", cid, "--assessment", "contradicted", "--reasoning", "the photo")
    _run(b, "legal", "add", iid, "8(2)(a)(i)", "--json")
    _run(b, "legal", "element", iid, "8(2)(a)(i)", "killed", photo[:8], "--note", "bodies")
    _run(b, "perpetrator", "add", iid, "--name", "a brigade", "--source", r2.sha[:8], "--note", "x")
    _run(b, "assess", iid, "--status", "corroborated", "--reasoning", "two reports, a photo")
    shown = _run(b, "show", iid, "--json")
    assert shown["incident"]["status"] == "corroborated"
    assert shown["best_figures"]["killed"]["value"] == "340"
    assert shown["evidence"][0]["geolocation"]["method"] == "exif"
    assert shown["claims"][0]["assessment"]["reasoning"] == "the photo"
    assert shown["legal"][0]["unsupported"] == [
        "protected",
        "aware-protected",
        "armed-conflict",
        "aware-conflict",
    ]
    assert shown["perpetrators"][0]["label"] == "alleged"
    assert set(shown["items"]) == {r1.sha, r2.sha, photo}
    text = _run(b, "show", iid)
    assert "alleged: a brigade" in text and "named victims linked: n/a" in text
    assert [i["id"] for i in _run(b, "list", "--json")] == [int(iid)]
    assert len(_run(b, "history", iid, "--json")) == 2
    line = _run(b, "timeline", iid, "--json")
    assert [e["what"] for e in line] == ["capture", "figure", "incident", "claim", "figure"]
    assert [e["time"][:10] for e in line] == sorted(e["time"][:10] for e in line)
    geo = tmp_path / "incidents.geojson"
    _run(b, "geojson", str(geo))
    assert len(json.loads(geo.read_text())["features"]) == 2
    assert "already exists" in _run(b, "geojson", str(geo), code=2)
    assert "wilful killing" in _run(b, "legal", "articles")


def test_bad_input_is_one_clear_line(sqlite_build: Builder) -> None:
    b = sqlite_build
    r = b.report(
        "r.txt", "2022-04-04", "Desk", figures=[figure(410, "ABC"), figure(300, "ABC", span=[6, 9])]
    )
    made = _run(b, "create", "--title", "Bucha", "--place", "Bucha@50.543,30.212", "--json")
    iid = str(made["incident"])
    other = str(_run(b, "create", "--title", "Irpin", "--json")["incident"])
    f1, f2 = r.facts["figure"]
    _run(b, "figure", iid, "--fact", str(f1))
    cases = [
        (["figure", iid, "--fact", str(f2)], "contradictory figures from one source: ABC"),
        (["link", iid, "ab" * 32, "--shows", "x"], "is not in the vault"),
        (["assess", iid, "--status", "verified"], "reasoning"),
        (["best", iid, "1"], "reason"),
        (["merge", iid, other], "reason for the merge"),
        (["create", "--title", "x", "--place", "Bucha@north"], "NAME@LAT,LON"),
        (["show", "42"], "there is no incident 42"),
        (
            ["claim", "assess", "7", "--assessment", "contradicted", "--reasoning", "r"],
            "no claim 7",
        ),
    ]
    for args, message in cases:
        err = _run(b, *args, code=2)
        assert message in err, (args, err)
        assert "Traceback" not in err and err.count("error:") == 1
    merged = _run(b, "merge", iid, other, "--reason", "one street", "--json")
    err = _run(b, "link", iid, r.sha[:8], "--shows", "x", code=2)
    assert f"was merged into incident(s) {merged['incident']}" in err
    assert len(_run(b, "list", "--all", "--json")) == 3


def test_update_merge_split_and_map_from_the_command_line(sqlite_build: Builder) -> None:
    b = sqlite_build
    p1 = b.photo("p1.jpg", 50.5443, 30.2204, "2022:04:02 10:15:00")
    p2 = b.photo("p2.jpg", 50.5149, 30.2390, "2022:04:03 09:00:00")
    a = str(
        _run(b, "create", "--title", "Street", "--place", "Bucha@50.543,30.212", "--json")[
            "incident"
        ]
    )
    c = str(_run(b, "create", "--title", "Bridge", "--json")["incident"])
    _run(b, "link", a, p1[:8], "--shows", "bodies")
    _run(b, "link", c, p1[:8], "--shows", "the same bodies")
    _run(b, "link", c, p2[:8], "--shows", "the bridge")
    assert "reason" in _run(b, "update", a, "--start", "2022-03", code=2)
    upd = _run(
        b, "update", a, "--start", "2022-03", "--precision", "month", "--reason", "r", "--json"
    )
    assert upd["version"] == 2
    out = _run(b, "merge", a, c, "--reason", "one event")
    assert "linked to more than one" in " ".join(out.split()) and p1[:12] in out
    [merged] = _run(b, "list", "--json")
    split = _run(
        b,
        "split",
        str(merged["id"]),
        "--title",
        "Irpin bridge",
        "--item",
        p2[:8],
        "--reason",
        "another place",
        "--json",
    )
    part = _run(b, "show", str(split["part"]), "--json")
    assert [e["item"] for e in part["evidence"]] == [p2]
    geo = _run(b, "geojson", "-")
    features = json.loads(geo)["features"]
    # Both parts keep the places; closed incidents are not on the map; nothing geolocated yet.
    assert sorted(f["properties"]["incident"] for f in features) == [split["part"], split["rest"]]
    assert {f["properties"]["feature"] for f in features} == {"place"}
