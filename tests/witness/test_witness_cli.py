"""The witness and statement commands as a user types them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from casefile.cli.main import app
from casefile.witness.keys import forget_keyring

runner = CliRunner()


def cf(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env=env)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def ws(tmp_path: Path) -> str:
    path = str(tmp_path / "ws")
    assert cf("init", path)[0] == 0
    yield path
    forget_keyring_all()


def forget_keyring_all() -> None:
    from casefile.witness import keys

    for wid in list(keys._OPEN):
        forget_keyring(wid)


def _add(ws: str, *extra: str) -> dict[str, object]:
    code, out, err = cf(
        "-w",
        ws,
        "witness",
        "add",
        "--name",
        "Taras Melnyk",
        "--pseudonym",
        "W-5",
        "--contact",
        "+380 67 000 1111",
        "--risk",
        "family in occupied area",
        "--consent",
        "prosecutors",
        "--consent-how",
        "signed form",
        "--consent-date",
        "2026-11-03",
        "--language",
        "uk",
        "--interviewer",
        "M. Bondar",
        "--json",
        *extra,
    )
    assert code == 0, err
    assert "witness key created" in err
    return json.loads(out)


def test_witness_add_list_show_reveal(ws: str) -> None:
    w = _add(ws)
    assert w["pseudonym"] == "W-5" and "Taras" not in json.dumps(w)
    code, out, _ = cf("-w", ws, "witness", "list")
    assert code == 0 and "W-5" in out and "Taras" not in out and "prosecutors" in out
    code, out, _ = cf("-w", ws, "witness", "show", "W-5")
    assert code == 0 and "protected (use --reveal" in out and "Taras" not in out
    code, _, err = cf("-w", ws, "witness", "show", "W-5", "--reveal")
    assert code == 2 and "a reason is required" in err
    code, _, err = cf(
        "-w", ws, "witness", "--role", "analyst", "show", "W-5", "--reveal", "--reason", "x"
    )
    assert code == 2 and "sees pseudonyms only" in err
    code, out, _ = cf(
        "-w", ws, "witness", "show", "W-5", "--reveal", "--reason", "court order 7", "--json"
    )
    assert code == 0
    shown = json.loads(out)["revealed"]
    assert shown["name"] == "Taras Melnyk" and shown["risk"] == "family in occupied area"
    code, out, _ = cf("-w", ws, "log", "--json")
    reveal = [e["event"] for e in json.loads(out) if e["event"]["kind"] == "witness_revealed"]
    assert reveal[0]["data"]["reason"] == "court order 7"
    code, out, _ = cf("-w", ws, "witness", "audit", "W-5", "--json")
    [access] = json.loads(out)
    assert access["kind"] == "witness_revealed" and access["reason"] == "court order 7"
    assert access["role"] == "investigator" and access["witness"] == w["id"]
    code, out, _ = cf("-w", ws, "witness", "audit")
    assert code == 0 and "court" in out and "order 7" in out
    code, out, _ = cf("-w", ws, "witness", "keys", "status", "--json")
    assert code == 0 and json.loads(out)["loaded"]


def test_consent_and_statements(ws: str, tmp_path: Path) -> None:
    _add(ws)
    text = tmp_path / "statement.txt"
    text.write_text("On 3 March 2022 the shelling of Irpin killed 4 civilians near the bridge.")
    scan = tmp_path / "scan.jpg"
    scan.write_bytes(b"\xff\xd8\xff\xe0" + bytes(5000))
    code, out, err = cf(
        "-w",
        ws,
        "statement",
        "add",
        str(text),
        "--witness",
        "W-5",
        "--attach",
        str(scan),
        "--date",
        "2026-11-04",
        "--place",
        "Kyiv",
        "--incident",
        "inc-12",
        "--json",
    )
    assert code == 0, err
    st = json.loads(out)
    assert st["protected"] and len(st["attachments"]) == 1 and st["facts"] > 0
    code, out, _ = cf("-w", ws, "statement", "show", st["id"])
    assert "protected (use --reveal" in out and "Irpin" not in out
    code, out, _ = cf(
        "-w",
        ws,
        "statement",
        "show",
        st["id"],
        "--reveal",
        "--reason",
        "review",
        "--save-attachments",
        str(tmp_path / "out"),
        "--json",
    )
    assert code == 0
    shown = json.loads(out)
    assert "killed 4 civilians" in shown["text"]
    assert (tmp_path / "out" / "scan.jpg").read_bytes() == scan.read_bytes()

    code, out, _ = cf(
        "-w",
        ws,
        "witness",
        "consent",
        "W-5",
        "--scope",
        "prosecutors",
        "--withdraw",
        "--date",
        "2026-11-20",
        "--how",
        "phone call",
    )
    assert code == 0 and "withdraw" in out
    code, out, _ = cf("-w", ws, "statement", "list", "--use", "prosecutors")
    assert f"statement {st['id']} of W-5 left out" in out.replace("\n", " ")
    code, out, _ = cf("-w", ws, "statement", "list", "--use", "prosecutors", "--json")
    listed = json.loads(out)
    assert listed["statements"] == [] and listed["excluded"][0]["statement_id"] == st["id"]
    code, out, _ = cf("-w", ws, "witness", "show", "W-5", "--json")
    history = json.loads(out)["consent_history"]
    assert [(c["action"], c["given_on"]) for c in history] == [
        ("grant", "2026-11-03"),
        ("withdraw", "2026-11-20"),
    ]
    code, out, _ = cf("-w", ws, "verify")
    assert code == 0, out


def test_errors_are_one_line(ws: str, tmp_path: Path) -> None:
    code, _, err = cf("-w", ws, "witness", "show", "nobody")
    assert code == 2 and "no witness with id or pseudonym 'nobody'" in err
    _add(ws)
    code, _, err = cf("-w", ws, "statement", "add", "--witness", "W-5")
    assert code == 2 and "needs its text" in err
    code, _, err = cf("-w", ws, "witness", "consent", "W-5", "--scope", "press", "--how", "x")
    assert code == 2 and "unknown consent scope 'press'" in err
    code, _, err = cf(
        "-w",
        ws,
        "witness",
        "--key-file",
        str(tmp_path / "nope"),
        "show",
        "W-5",
        "--reveal",
        "--reason",
        "x",
    )
    assert code == 2 and "is missing" in err and "Traceback" not in err
    code, _, err = cf("-w", ws, "statement", "show", "s-none")
    assert code == 2 and "no statement" in err


def test_export_bag_with_and_without_identities(ws: str, tmp_path: Path) -> None:
    _add(ws)
    code, out, err = cf(
        "-w",
        ws,
        "statement",
        "add",
        "--witness",
        "W-5",
        "--text",
        "Tanks entered Bucha.",
        "--no-extract",
        "--json",
    )
    assert code == 0, err
    forget_keyring_all()  # the export command must find the key on its own
    code, out, err = cf("-w", ws, "export", "bag", str(tmp_path / "plain"), "--all")
    assert code == 0, err
    assert not list((tmp_path / "plain").rglob("identities.jsonl"))
    code, _, err = cf(
        "-w", ws, "export", "bag", str(tmp_path / "x"), "--all", "--reveal-witnesses-as", "analyst"
    )
    assert code == 2 and "may not reveal" in err
    forget_keyring_all()
    code, out, err = cf(
        "-w",
        ws,
        "export",
        "bag",
        str(tmp_path / "full"),
        "--all",
        "--reveal-witnesses-as",
        "legal-counsel",
        "--reason",
        "court order 12",
    )
    assert code == 0, err
    [ident] = list((tmp_path / "full").rglob("identities.jsonl"))
    rec = json.loads(ident.read_text())
    assert rec["name"] == "Taras Melnyk" and rec["statements"][0]["text"] == "Tanks entered Bucha."
    code, out, _ = cf("-w", ws, "log", "--json")
    kinds = [e["event"]["kind"] for e in json.loads(out)]
    assert kinds.count("witness_revealed") == 1
