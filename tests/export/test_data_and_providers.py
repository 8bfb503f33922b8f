"""Data exports, the provider registry, incident selection, witness reveal, verify-exports, CLI."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Connection
from typer.testing import CliRunner

from casefile.cli.main import app
from casefile.errors import CasefileError
from casefile.export.bag import export_bag, select_items
from casefile.export.check import verify_exports
from casefile.export.data import export_data
from casefile.export.providers import REGISTRY, Provider, register
from casefile.export.selection import incident_items
from casefile.export.verify_bag import verify_bag
from casefile.ingest.corrections import current_facts
from casefile.vault.workspace import Workspace


def test_data_export_for_other_tools(ingested: Workspace, tmp_path: Path) -> None:
    written = export_data(ingested, select_items(ingested, None), tmp_path / "data")
    assert set(written) == {"items.csv", "items.json", "facts.jsonl", "incidents.geojson"}
    rows = list(csv.DictReader((tmp_path / "data" / "items.csv").open(newline="")))
    assert {r["media_type"] for r in rows} == {"text/plain", "image/jpeg"}
    facts = [json.loads(line) for line in (tmp_path / "data" / "facts.jsonl").open()]
    toll = next(f for f in facts if f["kind"] == "figure" and f["payload"].get("count") == 410)
    assert toll["span"] == [193, 196]
    geo = json.loads((tmp_path / "data" / "incidents.geojson").read_text())
    [bucha] = geo["features"]
    assert bucha["geometry"] == {"type": "Point", "coordinates": [30.212, 50.543]}
    assert bucha["properties"]["what"] == "massacre of civilians"


@pytest.fixture
def extra_providers() -> Iterator[None]:
    before = dict(REGISTRY.providers)
    yield
    REGISTRY.providers = before


def witnesses(conn: Connection, shas: list[str]) -> dict[str, bytes]:
    return {"witnesses.csv": b"name,statement\r\nW-7 (real name here),stmt-1\r\n"}


def test_providers_missing_tables_skipped_protected_only_when_revealed(
    ingested: Workspace, tmp_path: Path, extra_providers: None
) -> None:
    register(Provider("victims", files=lambda c, s: {"victims.csv": b"x"}, tables=("victims",)))
    register(Provider("witnesses", files=witnesses, protected=True))
    shas = select_items(ingested, None)
    plain = export_bag(ingested, shas, tmp_path / "plain")
    assert "witnesses.csv" not in plain.extra_files and "victims.csv" not in plain.extra_files
    assert plain.revealed == []
    with pytest.raises(CasefileError, match="may not reveal witness identities"):
        export_bag(ingested, shas, tmp_path / "nope", reveal_as="analyst")
    assert not (tmp_path / "nope").exists()
    with pytest.raises(CasefileError, match="needs a reason"):
        export_bag(ingested, shas, tmp_path / "why", reveal_as="legal-counsel")
    revealed = export_bag(
        ingested, shas, tmp_path / "rev", reveal_as="legal-counsel", reveal_reason="court order"
    )
    assert (tmp_path / "rev" / "casefile" / "extra" / "witnesses.csv").is_file()
    with ingested.db.read() as conn:
        kinds = [json.loads(e.body) for e in ingested.ledger.entries(conn)][-2:]
    assert [k["kind"] for k in kinds] == ["witness_revealed", "exported"]
    assert kinds[0]["data"]["role"] == "legal-counsel"
    assert kinds[0]["data"]["reason"] == "court order"
    assert kinds[0]["data"]["tagmanifest_sha256"] == revealed.tagmanifest_sha256
    assert verify_bag(tmp_path / "rev", ingested.verifier.to_vkey()).ok


def test_incident_selects_its_items(ingested: Workspace) -> None:
    with ingested.db.read() as conn:
        [inc] = current_facts(conn, kind="incident")
    shas, title = incident_items(ingested, str(inc.id))
    assert shas == [inc.item_sha256] and title == "massacre of civilians — Bucha"
    with pytest.raises(CasefileError, match="no incident"):
        incident_items(ingested, "99999")


def test_verify_exports_proves_consistency_after_more_work(
    ingested: Workspace, tmp_path: Path
) -> None:
    export_bag(ingested, select_items(ingested, None), tmp_path / "bag")
    f = tmp_path / "later.txt"
    f.write_text("acquired after the export")
    from casefile.vault.acquire import add_sources

    add_sources(ingested, [str(f)])
    [check] = verify_exports(ingested)
    assert check.ok, check.problems
    assert check.current_size > check.checkpoint_size and check.consistency_proof
    ingested.blobs.remove(check_item(tmp_path / "bag"))
    [check] = verify_exports(ingested)
    assert any("no longer in the vault" in p for p in check.problems)


def check_item(bag: Path) -> str:
    return sorted((bag / "data" / "items").iterdir())[0].name


def cf(ws: Workspace, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["-w", str(ws.root), *args])
    return result.exit_code, " ".join(result.output.split())  # undo rich's line wrapping


def test_cli_end_to_end(ingested: Workspace, tmp_path: Path) -> None:
    with ingested.db.read() as conn:
        [inc] = current_facts(conn, kind="incident")
    bag = tmp_path / "bag"
    code, out = cf(ingested, "export", "bag", "--incident", str(inc.id), str(bag))
    assert code == 0, out
    code, out = cf(ingested, "verify-bag", str(bag), "--vkey", ingested.verifier.to_vkey())
    assert code == 0 and "OK" in out, out
    (bag / "casefile" / "checkpoint.txt").write_text("garbage\n")
    code, out = cf(ingested, "verify-bag", str(bag))
    assert code == 3 and "FAILED" in out
    code, out = cf(ingested, "export", "bag", "--all", str(bag))
    assert code == 2 and "already exists" in out and "Traceback" not in out
    code, out = cf(ingested, "export", "data", str(tmp_path / "data"))
    assert code == 0 and "incidents.geojson" in out, out
    code, out = cf(ingested, "report", "--incident", str(inc.id), str(tmp_path / "r.html"))
    assert code == 0, out
    assert "massacre of civilians" in (tmp_path / "r.html").read_text()
    code, out = cf(ingested, "verify-exports")
    assert code == 0 and "3 exports, all still contained" in out, out
    code, out = cf(ingested, "verify")
    assert code == 0, out
