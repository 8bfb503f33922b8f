"""The case report as a court annex takes it: a summary that agrees with the sections below it,
tolls in the order they were reported, ranges in words, no paths of the machine that added
the evidence."""

from __future__ import annotations

import html as htmlmod
import re
from datetime import date
from pathlib import Path

from casefile.export.bag import select_items
from casefile.export.report import gather, plural, render_html, toll_range
from casefile.vault.workspace import Workspace

REPORTS = {
    # name: (published, text); ingested latest first, so item order is not report order
    "late.txt": (
        date(2022, 4, 15),
        "Bucha, 15 April 2022. The Kyiv regional prosecutor's office said at least 410 "
        "civilians were killed in the Bucha district. Russia's foreign ministry denied that "
        "the scenes in Bucha were real and said they were staged.\n",
    ),
    "early.txt": (
        date(2022, 4, 3),
        "Bucha, 3 April 2022. Officials said that at least 20 bodies had been found on a "
        "single street in Bucha after Russian forces withdrew.\n",
    ),
    "middle.txt": (
        date(2022, 4, 4),
        "Bucha, 4 April 2022. The mayor of Bucha said that 340 people had been killed in the "
        "town during the occupation.\n",
    ),
}


def _case(ws: Workspace, tmp: Path) -> tuple[Workspace, int]:
    from casefile.case.claims import add_claim
    from casefile.case.figures import add_figures
    from casefile.case.incidents import create_incident
    from casefile.ingest.pipeline import ingest_sources

    folder = tmp / "a folder on the analyst's laptop"
    folder.mkdir()
    shas = []
    for name, (published, text) in REPORTS.items():
        (folder / name).write_text(text)
        [res] = ingest_sources(ws, [str(folder / name)], published)
        assert res.ok and res.sha256, res.error
        shas.append(res.sha256)
    inc = create_incident(
        ws,
        "Killings of civilians in Bucha",
        "Bodies found after the withdrawal.",
        places=[{"name": "Bucha", "lat": 50.5436, "lon": 30.2128}],
        period_start="2022-03",
        period_end="2022-03",
    )
    for sha in shas:
        add_figures(ws, inc, from_item=sha)
    add_claim(ws, inc, statement="The scenes were staged", stance="denies")
    add_claim(ws, inc, statement="No civilians were harmed", stance="denies")
    add_claim(ws, inc, statement="Soldiers killed civilians", stance="accuses")
    return ws, inc


def _text(html: str) -> str:
    body = re.sub(r"<style>.*?</style>", "", html, flags=re.S)
    return htmlmod.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))


def test_summary_agrees_with_the_sections(workspace: Workspace, tmp_path: Path) -> None:
    ws, inc = _case(workspace, tmp_path)
    data = gather(ws, select_items(ws, None), "Bucha")
    html = render_html(data)
    text = _text(html)
    summary = text[text.index("Summary") : text.index("Sources")]
    # The incident the case records, with its status and claims as its own section counts them.
    assert f"Incident {inc}: Killings of civilians in Bucha" in summary
    status = data.case_incidents[0]["status"]
    assert f"status {status}" in summary
    assert "3 claims weighed against the evidence (1 accusation, 2 denials" in summary
    assert "Proposed incident" not in summary and "unnamed" not in summary
    assert "1 denials" not in text and "of which" not in summary
    # The extraction's own statements are counted as such, with correct plurals.
    n = len(data.claims)
    assert f"{plural(n, 'statement')} of a claim found in the sources" in summary


def test_tolls_in_report_order_ranges_in_words_no_paths(
    workspace: Workspace, tmp_path: Path
) -> None:
    ws, _ = _case(workspace, tmp_path)
    data = gather(ws, select_items(ws, None), "Bucha")
    dates = [t["date"] for t in data.toll]
    assert dates == sorted(dates) and len(dates) >= 3, dates
    text = _text(render_html(data))
    toll = text[text.index("The death toll over time") :]
    assert "None" not in toll[:2000]
    assert "20 or more" in toll and "410 or more" in toll
    assert toll.index("20 or more") < toll.index("340") < toll.index("410 or more")
    summary = text[text.index("Summary") : text.index("Sources")]
    assert "the highest exact count is 340" in summary
    assert "the highest lower bound is 410 or more" in summary
    # No folder of the machine that added the evidence, anywhere in the report.
    assert "analyst's laptop" not in text and str(tmp_path) not in text
    sources = text[text.index("Sources") : text.index("The death toll over time")]
    assert "local file" in sources


def test_ranges_in_words() -> None:
    assert toll_range({"min": 20, "max": None}) == "20 or more"
    assert toll_range({"min": 340, "max": 340}) == "340"
    assert toll_range({"min": 300, "max": 1200}) == "300\u20131,200"
    assert toll_range({"min": None, "max": 50}) == "up to 50"
    assert toll_range({"min": None, "max": None}) == "not given"
    assert plural(1, "denial") == "1 denial" and plural(2, "denial") == "2 denials"
