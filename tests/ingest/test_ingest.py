"""Reports through the whole front half: vault -> clean -> extract -> stored facts with spans."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select, update
from typer.testing import CliRunner

from casefile.cli.main import app
from casefile.errors import CasefileError
from casefile.ingest.corrections import correct_fact, current_facts, fact_history
from casefile.ingest.integrity import check_documents
from casefile.ingest.pipeline import ingest_sources
from casefile.ingest.schema import documents, facts
from casefile.vault.verify import verify_workspace
from casefile.vault.workspace import Workspace

SEED = Path(__file__).parents[1] / "data" / "seed" / "bucha-report.txt"


@pytest.fixture
def ingested(workspace: Workspace) -> Workspace:
    [res] = ingest_sources(workspace, [str(SEED)], date(2022, 4, 4))
    assert res.ok, res.error
    return workspace


def test_facts_are_stored_with_spans_into_the_cleaned_text(ingested: Workspace) -> None:
    with ingested.db.read() as conn:
        doc = conn.execute(select(documents)).one()
        stored = current_facts(conn)
    assert doc.language == "en"
    assert "Advert" not in doc.text
    assert {f.item_sha256 for f in stored} == {doc.item_sha256}
    figures = [f for f in stored if f.kind == "figure"]
    toll = next(f for f in figures if f.payload.get("count") == 410)
    assert toll.span is not None
    assert "410" in doc.text[toll.span[0] : toll.span[1]]
    assert toll.payload["category"] == "killed"
    people = {f.payload["name"] for f in stored if f.kind == "person"}
    assert "Iryna Venedyktova" in people
    for f in stored:
        if f.span:
            assert 0 <= f.span[0] < f.span[1] <= len(doc.text)
    assert json.loads(doc.models)  # the model versions are recorded
    assert verify_workspace(ingested, extra_checks=[check_documents]).ok


def test_tampered_fact_is_found(ingested: Workspace) -> None:
    with ingested.db.write() as conn:
        conn.execute(update(facts).where(facts.c.id == 1).values(payload='{"count": 4100}'))
    kinds = {p.kind for p in verify_workspace(ingested, extra_checks=[check_documents]).problems}
    assert kinds == {"facts-changed"}


def test_correction_is_a_new_version(ingested: Workspace) -> None:
    with ingested.db.read() as conn:
        toll = next(f for f in current_facts(conn, kind="figure") if f.payload.get("count") == 410)
    new_id = correct_fact(
        ingested,
        toll.id,
        {"note": "confirmed by the regional police"},
        "checked against the police list",
    )
    with ingested.db.read() as conn:
        now = {f.id: f for f in current_facts(conn, kind="figure")}
        chain = fact_history(conn, new_id)
    assert toll.id not in now and now[new_id].payload["note"] == "confirmed by the regional police"
    assert [f.origin for f in chain] == ["machine", "correction"]
    assert chain[0].payload == toll.payload  # the machine's original is kept
    with pytest.raises(CasefileError, match="already corrected"):
        correct_fact(ingested, toll.id, {"note": "x"}, "again")
    with pytest.raises(CasefileError, match="reason"):
        correct_fact(ingested, new_id, {"note": "x"}, " ")
    with pytest.raises(CasefileError, match="has no field"):
        correct_fact(ingested, new_id, {"colour": "red"}, "typo")
    assert verify_workspace(ingested, extra_checks=[check_documents]).ok


@pytest.mark.parametrize(
    ("name", "content"),
    [("empty.txt", b""), ("binary.txt", bytes(range(256)) * 40)],
)
def test_bad_input_is_preserved_and_reported(
    sqlite_workspace: Workspace, tmp_path: Path, name: str, content: bytes
) -> None:
    f = tmp_path / name
    f.write_bytes(content)
    [res] = ingest_sources(sqlite_workspace, [str(f)])
    assert not res.ok
    assert name in (res.error or "") and "preserved in the vault" in (res.error or "")
    assert sqlite_workspace.blobs.exists(res.sha256 or "")
    with sqlite_workspace.db.read() as conn:
        kinds = [e.event.kind for e in sqlite_workspace.ledger.entries(conn)]
    assert kinds[-2:] == ["acquired", "extraction_failed"]


def test_cli_ingest_and_facts(tmp_path: Path) -> None:
    runner = CliRunner()
    ws = str(tmp_path / "ws")
    assert runner.invoke(app, ["init", ws]).exit_code == 0
    result = runner.invoke(
        app, ["-w", ws, "ingest", str(SEED), "--published", "2022-04-04", "--json"]
    )
    assert result.exit_code == 0, result.output
    [row] = json.loads(result.stdout)
    assert row["language"] == "en" and row["counts"]["figures"] >= 2
    result = runner.invoke(app, ["-w", ws, "facts", "list", "--kind", "quote", "--json"])
    quotes = json.loads(result.stdout)
    assert any(q["payload"]["speaker"] == "Iryna Venedyktova" for q in quotes)
    result = runner.invoke(
        app,
        [
            "-w",
            ws,
            "facts",
            "correct",
            str(quotes[0]["id"]),
            "--set",
            "speaker=Iryna Venediktova",
            "--reason",
            "spelling",
        ],
    )
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["-w", ws, "ingest", str(SEED), "--published", "04/04/2022"])
    assert result.exit_code == 2 and "not a date" in result.stderr
    assert runner.invoke(app, ["-w", ws, "verify"]).exit_code == 0
