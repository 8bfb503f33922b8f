"""Automatic RFC 3161 anchoring after sensitive events (issue 26), against a real local TSA.

The authority is the `openssl ts` server of test_timestamp.py; a TSA that is down is a closed
port on 127.0.0.1. Nothing of casefile is mocked.
"""

from __future__ import annotations

import ast
import json
import logging
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select
from test_timestamp import tsa  # noqa: F401  (the module-scoped local TSA fixture)
from typer.testing import CliRunner, Result

from casefile.cli.main import app
from casefile.vault.auto_anchor import EVENT_KINDS
from casefile.vault.schema import checkpoints, timestamp_tokens
from casefile.vault.timestamp import load_authorities, verify_token
from casefile.vault.verify import verify_workspace
from casefile.vault.workspace import Workspace

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="needs openssl")

SRC = Path(__file__).resolve().parents[2] / "src" / "casefile"


def cli(ws_dir: Path, *args: str) -> Result:
    return CliRunner().invoke(app, ["-w", str(ws_dir), *args])


def words(text: str) -> str:
    """Output with rich's line wrapping undone."""
    return " ".join(text.split())


def workspace_with_item(tmp_path: Path) -> tuple[Path, str]:
    ws_dir = tmp_path / "ws"
    Workspace.init(ws_dir).close()
    evidence = tmp_path / "photo.jpg"
    evidence.write_bytes(b"not really a photo " * 50)
    result = cli(ws_dir, "add", str(evidence), "--json")
    assert result.exit_code == 0, result.output
    [added] = json.loads(result.stdout)
    return ws_dir, added["sha256"]


def closed_port_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/tsa"


def tokens_and_kinds(ws_dir: Path) -> tuple[list[object], list[tuple[int, str]]]:
    ws = Workspace.open(ws_dir)
    with ws.db.read() as conn:
        tokens = list(conn.execute(select(timestamp_tokens)).all())
        kinds = [(e.seq, e.event.kind) for e in ws.ledger.entries(conn)]
    ws.close()
    return tokens, kinds


def test_event_kinds_cover_every_kind_the_source_records() -> None:
    """A kind recorded with a literal anywhere in src/ must be in EVENT_KINDS."""
    recorded: dict[str, str] = {}
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            first = node.args[0]
            if name in ("record", "record_event", "Event") and isinstance(first, ast.Constant):
                recorded.setdefault(str(first.value), f"{path}:{node.lineno}")
    assert len(recorded) > 30
    missing = {k: where for k, where in recorded.items() if k not in EVENT_KINDS}
    assert not missing


def test_anchors_by_itself_after_a_copy_out(tmp_path: Path, tsa: tuple[str, Path]) -> None:  # noqa: F811
    url, root = tsa
    ws_dir, sha = workspace_with_item(tmp_path)
    result = cli(ws_dir, "anchor", "--tsa", url, "--tsa-root", str(root),
                 "--after", "copied_out, witness_revealed")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "anchoring by itself after: copied_out, witness_revealed" in result.stdout
    result = cli(ws_dir, "anchor", "--show")
    assert result.exit_code == 0, result.output
    assert url in result.stdout
    assert "anchors by itself after: copied_out, witness_revealed" in result.stdout
    tokens, _ = tokens_and_kinds(ws_dir)
    assert tokens == []  # setting it anchors nothing, nor did the earlier add

    result = cli(ws_dir, "get", sha[:12], str(tmp_path / "copy.jpg"), "--reason", "for the lab")
    assert result.exit_code == 0, result.output
    tokens, kinds = tokens_and_kinds(ws_dir)
    [copied_seq] = [seq for seq, kind in kinds if kind == "copied_out"]
    [token] = tokens
    assert token.checkpoint_size == copied_seq + 1  # the checkpoint closing the copy-out
    assert kinds[-1] == (copied_seq + 1, "anchored")
    ws = Workspace.open(ws_dir)
    with ws.db.read() as conn:
        note = conn.execute(
            select(checkpoints.c.note).where(checkpoints.c.size == token.checkpoint_size)
        ).scalar_one()
        anchored = ws.ledger.entry(conn, copied_seq + 1).event
    [authority] = load_authorities(ws_dir)
    assert verify_token(authority, bytes(token.token), note.encode()) == token.gen_time
    assert anchored.data == {
        "checkpoint_size": copied_seq + 1,
        "tsa": url,
        "tsa_time": token.gen_time,
        "after": ["copied_out"],
    }
    report = verify_workspace(ws)
    ws.close()
    assert report.ok, report.problems
    assert (report.anchored_size, report.unanchored_events, report.unanchored_due) == (
        copied_seq + 1,
        0,
        0,
    )
    result = cli(ws_dir, "verify")
    assert result.exit_code == 0, result.output
    assert "0 event(s) since are not anchored" in words(result.stdout)


def test_a_tsa_that_is_down_leaves_the_action_standing(
    tmp_path: Path,
    tsa: tuple[str, Path],  # noqa: F811
    caplog: pytest.LogCaptureFixture,
) -> None:
    url, root = tsa
    down = closed_port_url()
    ws_dir, sha = workspace_with_item(tmp_path)
    result = cli(ws_dir, "anchor", "--tsa", down, "--tsa-root", str(root), "--after", "copied_out")
    assert result.exit_code == 0, result.output

    # The user's action, as a user runs it: it succeeds, with a warning on stderr.
    copy = tmp_path / "copy.jpg"
    env = {**os.environ, "CASEFILE_HOME": str(ws_dir)}
    env.pop("CASEFILE_ACTOR", None)
    proc = subprocess.run(
        [sys.executable, "-m", "casefile", "get", sha[:12], str(copy), "--reason", "lab"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert copy.read_bytes() == (tmp_path / "photo.jpg").read_bytes()
    assert "warning: automatic anchoring after copied_out failed" in proc.stderr
    assert down in proc.stderr
    tokens, kinds = tokens_and_kinds(ws_dir)
    assert tokens == [] and kinds[-1][1] == "copied_out"

    # In process the warning is a log record (the web app's log gets it the same way).
    with caplog.at_level(logging.WARNING, logger="casefile.anchor"):
        result = cli(ws_dir, "get", sha[:12], str(tmp_path / "again.jpg"), "--reason", "lab")
    assert result.exit_code == 0, result.output
    assert any("automatic anchoring after copied_out failed" in r.message for r in caplog.records)

    # verify still passes (nothing is wrong with the evidence) and says what is not anchored.
    result = cli(ws_dir, "verify", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["anchor_after"] == ["copied_out"]
    assert (report["anchored_size"], report["unanchored_events"], report["unanchored_due"]) == (
        0,
        len(kinds) + 1,
        2,
    )
    result = cli(ws_dir, "verify")
    assert "2 of them should have been anchored" in words(result.stdout)

    # Once an authority answers, 'casefile anchor' covers them; the one still down is named.
    result = cli(ws_dir, "anchor", "--tsa", url, "--tsa-root", str(root))
    assert result.exit_code == 2
    assert "timestamped by " + url in result.stdout
    assert down in result.stderr
    ws = Workspace.open(ws_dir)
    report = verify_workspace(ws)
    ws.close()
    assert report.ok, report.problems
    assert (report.unanchored_events, report.unanchored_due) == (0, 0)


def test_off_means_no_anchoring(tmp_path: Path, tsa: tuple[str, Path]) -> None:  # noqa: F811
    url, root = tsa
    ws_dir, sha = workspace_with_item(tmp_path)
    assert cli(ws_dir, "anchor", "--tsa", url, "--tsa-root", str(root)).exit_code == 0
    tokens, _ = tokens_and_kinds(ws_dir)
    assert len(tokens) == 1  # the manual anchoring; no setting yet
    assert cli(ws_dir, "anchor", "--after", "copied_out").exit_code == 0
    result = cli(ws_dir, "anchor", "--after", "")
    assert result.exit_code == 0, result.output
    assert "automatic anchoring is off" in result.stdout
    assert "nothing (off)" in cli(ws_dir, "anchor", "--show").stdout

    result = cli(ws_dir, "get", sha[:12], str(tmp_path / "copy.jpg"), "--reason", "lab")
    assert result.exit_code == 0, result.output
    tokens, kinds = tokens_and_kinds(ws_dir)
    assert len(tokens) == 1 and kinds[-1][1] == "copied_out"
    result = cli(ws_dir, "verify")
    assert result.exit_code == 0, result.output
    assert "anchored:" not in result.stdout  # nothing to report when it is off


def test_the_setting_is_checked(tmp_path: Path, tsa: tuple[str, Path]) -> None:  # noqa: F811
    url, root = tsa
    ws_dir, _ = workspace_with_item(tmp_path)
    result = cli(ws_dir, "anchor", "--after", "copied_out")
    assert result.exit_code == 2
    assert "no time-stamping authority configured" in result.stderr
    assert cli(ws_dir, "anchor", "--tsa", url, "--tsa-root", str(root), "--show").exit_code == 0
    result = cli(ws_dir, "anchor", "--after", "copied_out,witness_revaeled")
    assert result.exit_code == 2
    assert "not an event kind: witness_revaeled" in result.stderr
    assert "witness_revealed" in result.stderr  # the known kinds are listed
    result = cli(ws_dir, "anchor", "--after", "anchored")
    assert result.exit_code == 2
    assert "forever" in result.stderr
    assert not (ws_dir / "keys" / "anchor-after.json").exists()
    # A damaged setting file is named by verify, and does not break the user's actions.
    (ws_dir / "keys" / "anchor-after.json").write_text("{not json")
    result = cli(ws_dir, "verify", "--json")
    assert result.exit_code == 3
    [problem] = json.loads(result.stdout)["problems"]
    assert problem["kind"] == "anchor-setting" and "is damaged" in problem["detail"]
    sha_prefix = json.loads(cli(ws_dir, "items", "--json").stdout)["items"][0]["sha256"][:12]
    result = cli(ws_dir, "get", sha_prefix, str(tmp_path / "copy.jpg"), "--reason", "lab")
    assert result.exit_code == 0, result.output


def test_a_sealed_bag_is_anchored_and_still_verifies(
    tmp_path: Path,
    tsa: tuple[str, Path],  # noqa: F811
) -> None:
    url, root = tsa
    ws_dir, _ = workspace_with_item(tmp_path)
    result = cli(ws_dir, "anchor", "--tsa", url, "--tsa-root", str(root), "--after", "bag_sealed")
    assert result.exit_code == 0, result.output
    bag = tmp_path / "bag"
    result = cli(ws_dir, "export", "bag", "--all", str(bag))
    assert result.exit_code == 0, result.output
    tokens, kinds = tokens_and_kinds(ws_dir)
    [sealed_seq] = [seq for seq, kind in kinds if kind == "bag_sealed"]
    [token] = tokens
    assert token.checkpoint_size == sealed_seq + 1
    assert dict(kinds)[sealed_seq + 1] == "anchored"  # before the 'exported' that follows
    result = cli(ws_dir, "verify-bag", str(bag))
    assert result.exit_code == 0, result.output
    result = cli(ws_dir, "verify")
    assert result.exit_code == 0, result.output
    # the 'exported' event after the seal is not of a configured kind: counted, not due
    assert "1 event(s) since are not anchored" in words(result.stdout)
    assert "should have been anchored" not in result.stdout
