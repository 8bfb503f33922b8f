"""The vault through its command line, as a user types it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from casefile.cli.main import app

runner = CliRunner()


def cf(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_init_add_verify_log(tmp_path: Path) -> None:
    ws = str(tmp_path / "ws")
    code, out, _ = cf("init", ws)
    assert code == 0 and "Created workspace" in out
    (tmp_path / "a.txt").write_text("witness list")
    code, out, _ = cf("-w", ws, "add", str(tmp_path / "a.txt"), "--tag", "lists", "--json")
    assert code == 0
    [res] = json.loads(out)
    assert res["status"] == "stored"
    code, out, _ = cf("-w", ws, "verify", "--json")
    assert code == 0 and json.loads(out)["ok"] is True
    code, out, _ = cf("-w", ws, "log", "--json")
    kinds = [e["event"]["kind"] for e in json.loads(out)]
    assert kinds == ["workspace_created", "acquired"]
    code, out, _ = cf("-w", ws, "log", res["sha256"][:8])
    assert code == 0 and "acquired" in out
    rdir = tmp_path / "receipts"
    code, out, _ = cf("-w", ws, "verify", res["sha256"][:10], "--receipts", str(rdir))
    assert code == 0 and "proven included" in out
    proofs = list(rdir.glob("*.tlog-proof"))
    assert len(proofs) == 1 and proofs[0].read_text().startswith("c2sp.org/tlog-proof@v1\n")


def test_partial_failure_sets_exit_code(tmp_path: Path) -> None:
    ws = str(tmp_path / "ws")
    cf("init", ws)
    (tmp_path / "ok.txt").write_text("fine")
    code, out, _ = cf("-w", ws, "add", str(tmp_path / "ok.txt"), str(tmp_path / "nope.txt"))
    assert code == 1
    assert "no such file or folder" in out and "1 stored" in out


def test_clear_errors_without_traceback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CASEFILE_HOME", raising=False)
    code, _, err = cf("log")
    assert code == 2 and "no casefile workspace here" in err and "Traceback" not in err
    cf("init", "ws")
    code, _, err = cf("init", "ws")
    assert code == 2 and "already a casefile workspace" in err
    code, _, err = cf("-w", "ws", "verify", "zz")
    assert code == 2 and "not an item hash" in err
    code, _, err = cf("-w", "ws", "verify", "abcdef12")
    assert code == 2 and "no item in the vault" in err
    code, _, err = cf("init", "other", "--db", "mysql://x/y")
    assert code == 2 and "not supported" in err


def test_workspace_found_from_env_and_parent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cf("init", str(tmp_path / "ws"))
    sub = tmp_path / "ws" / "notes" / "deep"
    sub.mkdir(parents=True)
    monkeypatch.chdir(sub)
    monkeypatch.delenv("CASEFILE_HOME", raising=False)
    assert cf("log")[0] == 0
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CASEFILE_HOME", str(tmp_path / "ws"))
    assert cf("log")[0] == 0


def test_verify_failure_exit_code_and_listing(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    cf("init", str(ws))
    (tmp_path / "a.txt").write_text("A")
    code, out, _ = cf("-w", str(ws), "add", str(tmp_path / "a.txt"), "--json")
    sha = json.loads(out)[0]["sha256"]
    blob = next((ws / "blobs" / "sha256").rglob(sha))
    blob.chmod(0o600)
    blob.write_text("B")
    code, out, _ = cf("-w", str(ws), "verify")
    assert code == 3
    assert "blob-changed" in out and "FAILED" in out
