"""What witness data goes into exports: pseudonyms, consent-filtered; identities only on reveal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from casefile.errors import CasefileError
from casefile.export.providers import collect_files, collect_sections
from casefile.vault.workspace import Workspace
from casefile.witness import ConsentGrant, KeyRing, add_statement, add_witness, record_consent


def _setup(ws: Workspace, ring: KeyRing) -> tuple[list[str], str, str]:
    yes = add_witness(
        ws,
        ring,
        name="Halyna Yes",
        pseudonym="W-YES",
        contact="halyna@x",
        consent=[ConsentGrant("prosecutors", "2026-11-01", "signed form")],
    ).id
    no = add_witness(ws, ring, name="Petro No", pseudonym="W-NO").id
    s1 = add_statement(
        ws, ring, yes, text="We saw tanks in Hostomel.", extract=False, incidents=["i-1"]
    )
    s2 = add_statement(ws, ring, no, text="I do not want this used.", extract=False)
    s3 = add_statement(ws, None, yes, text="Shelling of Hostomel on 1 March 2022.", protected=False)
    shas = [str(s.text_item_sha256) for s in (s1, s2, s3)]
    return shas, s1.id, s2.id


def test_statements_are_pseudonymous_and_consent_filtered(
    workspace: Workspace, ring: KeyRing
) -> None:
    shas, _, s2 = _setup(workspace, ring)
    with workspace.db.read() as conn:
        files, revealed = collect_files(conn, shas)
        sections = collect_sections(conn, shas)
    assert revealed == [] and "witness/identities.jsonl" not in files
    lines = [json.loads(x) for x in files["witness/statements.jsonl"].decode().splitlines()]
    assert {x["pseudonym"] for x in lines} == {"W-YES"} and s2 not in {x["id"] for x in lines}
    assert f"statement {s2} of W-NO left out" in files["witness/excluded.txt"].decode()
    everything = b"".join(files.values())
    assert b"Halyna" not in everything and b"Petro" not in everything and b"tanks" not in everything
    unprotected = next(x for x in lines if not x["protected"])
    assert unprotected["facts"] and unprotected["text_item_sha256"] in shas
    [section] = [s for s in sections if s.title == "Witness statements"]
    assert "W-YES" in section.html and "Halyna" not in section.html and s2 in section.html


def test_identities_only_when_included(workspace: Workspace, ring: KeyRing) -> None:
    shas, s1, s2 = _setup(workspace, ring)
    with workspace.db.read() as conn:
        files, revealed = collect_files(conn, shas, include_protected=True)
    assert revealed == ["witness-identities"]
    [ident] = [json.loads(x) for x in files["witness/identities.jsonl"].decode().splitlines()]
    assert ident["name"] == "Halyna Yes" and ident["contact"] == "halyna@x"
    texts = {s["statement"]: s.get("text") for s in ident["statements"]}
    assert texts[s1] == "We saw tanks in Hostomel." and s2 not in texts
    assert b"Petro" not in b"".join(files.values())  # no consent: not even with a reveal
    # withdrawn consent takes the statement out of the next export
    wid = ident["witness"]
    record_consent(workspace, wid, "prosecutors", "withdraw", "2026-11-24", "email")
    with workspace.db.read() as conn:
        files, revealed = collect_files(conn, shas, include_protected=True)
    assert "witness/identities.jsonl" not in files and revealed == []


def test_bag_reveal_needs_an_allowed_role(
    workspace: Workspace, ring: KeyRing, tmp_path: Path
) -> None:
    from casefile.export.bag import export_bag

    shas, _, _ = _setup(workspace, ring)
    with pytest.raises(CasefileError, match="may not reveal witness identities"):
        export_bag(workspace, shas, tmp_path / "bag", "test", "analyst")
    plain = export_bag(workspace, shas, tmp_path / "bag", "test")
    assert plain.revealed == []
    # The statement without consent for prosecutors is left out of the payload too, named.
    assert list(plain.withheld) == [shas[1]] and "W-NO" in plain.withheld[shas[1]]
    assert not list((tmp_path / "bag").rglob(shas[1]))
    assert not list((tmp_path / "bag").rglob("identities.jsonl"))
    assert list((tmp_path / "bag").rglob("statements.jsonl"))
    shown = export_bag(
        workspace, shas, tmp_path / "bag2", "for the court", "legal-counsel", "court order 3"
    )
    assert shown.revealed == ["witness-identities"]
    [ident] = list((tmp_path / "bag2").rglob("identities.jsonl"))
    assert "Halyna Yes" in ident.read_text()


def test_withheld_items_name_the_statement(workspace: Workspace, ring: KeyRing) -> None:
    from casefile.witness.export_provider import withheld_items

    shas, _, s2 = _setup(workspace, ring)
    with workspace.db.read() as conn:
        held = withheld_items(conn, shas)
    assert list(held) == [shas[1]] and s2 in held[shas[1]] and "W-NO" in held[shas[1]]
