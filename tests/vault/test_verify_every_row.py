"""Every column of every table is checked by 'casefile verify', or listed as not evidential.

The worked example (``casefile demo``) plus a witness, a statement, a web user, an API token
and a review decision fill the schema; then, for every table in ``sqlite_master`` (so a new
table cannot escape) and every column of it, the last row's value is changed, ``verify`` is
run, and it must fail, unless ``casefile.vault.integrity.not_evidential`` gives a reason.
"""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from casefile.checks import all_checks
from casefile.vault.integrity import KNOWN_GAPS, not_evidential
from casefile.vault.verify import verify_workspace
from casefile.vault.workspace import Workspace

TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\d[T ]")


def _fill(ws: Workspace, tmp: Path) -> None:
    """What the demo does not make: witnesses, statements, accounts, tokens, a decision."""
    from casefile.web.accounts import add_user, create_token
    from casefile.witness import init_keys
    from casefile.witness.core import ConsentGrant, add_witness, correct_witness
    from casefile.witness.keys import forget_keyring
    from casefile.witness.statements import add_statement

    ring = init_keys(ws, passphrase="correct horse battery staple")
    try:
        w = add_witness(
            ws,
            ring,
            name="Olena K.",
            pseudonym="W-001",
            contact="+380 00 000 0000",
            consent=[ConsentGrant("prosecutors", "2022-04-10", "signed form")],
        )
        add_statement(
            ws,
            ring,
            w.id,
            text="On 19 March I saw soldiers on Yablunska Street. Two bodies lay by the gate.",
            taken_on="2022-04-10",
            place="Bucha",
            protected=False,
        )
        photo = tmp / "gate.txt"
        photo.write_text("a drawing of the gate, described in words\n")
        add_statement(ws, ring, w.id, text="The gate, as I drew it.", files=[photo],
                      taken_on="2022-04-11", protected=True)  # fmt: skip
        correct_witness(ws, ring, w.id, {"contact": "+380 11 111 1111"}, "moved")
    finally:
        forget_keyring(ws.id)
    add_user(ws, "alice", "investigator", "a long enough password")
    create_token(ws, "alice", "scripts")
    try:
        from casefile.people.review import decide, queue

        with ws.db.read() as conn:
            pairs = queue(conn, limit=1)
        if pairs:
            decide(ws, pairs[0].ref_l, pairs[0].ref_r, "same", "same name, date and place")
    except ImportError:  # pragma: no cover - the people stage is part of casefile
        pass


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Workspace, Path]]:
    root = tmp_path_factory.mktemp("every-row") / "ws"
    subprocess.run(
        [sys.executable, "-m", "casefile", "demo", str(root)],
        check=True,
        capture_output=True,
        text=True,
    )
    ws = Workspace.open(root)
    _fill(ws, root.parent)
    report = verify_workspace(ws, extra_checks=all_checks())
    assert report.ok, report.problems
    pristine = root.parent / "pristine.db"
    with sqlite3.connect(root / "casefile.db") as src, sqlite3.connect(pristine) as dst:
        src.backup(dst)
    yield ws, pristine
    ws.close()


def _restore(ws: Workspace, pristine: Path) -> None:
    with sqlite3.connect(pristine) as src, sqlite3.connect(ws.root / "casefile.db") as dst:
        src.backup(dst)


def _changed(value: Any) -> Any:
    """A clearly different value of the same kind."""
    if value is None:
        return "x"
    if isinstance(value, bool | int):
        return 1 - value if value in (0, 1) else value + 1000
    if isinstance(value, float):
        return value + 0.5
    if isinstance(value, bytes):
        return bytes([value[0] ^ 0xFF]) + value[1:] if value else b"\x00"
    text = str(value)
    if TIMESTAMP.match(text):
        return "1999" + text[4:]
    try:
        parsed = json.loads(text)
    except ValueError:
        return text + "X"
    if isinstance(parsed, dict):
        return json.dumps({**parsed, "forged": 1})
    if isinstance(parsed, list):
        return json.dumps([*parsed, "forged"])
    return text + "X"


def _columns(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    tables = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    ]
    return [
        (t, str(c[1])) for t in tables for c in conn.execute(f'PRAGMA table_info("{t}")').fetchall()
    ]


def test_every_column_is_checked_or_listed(filled: tuple[Workspace, Path]) -> None:
    ws, pristine = filled
    db = ws.root / "casefile.db"
    with sqlite3.connect(db) as conn:
        columns = _columns(conn)
    escaped: list[str] = []
    empty: set[str] = set()
    caught = listed = 0
    for table, column in columns:
        if not_evidential(table, column) is not None:
            listed += 1
            continue
        conn = sqlite3.connect(db)
        try:
            last = conn.execute(
                f'SELECT rowid, "{column}" FROM "{table}" ORDER BY rowid DESC LIMIT 1'
            ).fetchone()
            if last is None:
                empty.add(table)
                continue
            conn.execute(
                f'UPDATE "{table}" SET "{column}" = ? WHERE rowid = ?', (_changed(last[1]), last[0])
            )
            conn.commit()
        finally:
            conn.close()
        try:
            report = verify_workspace(ws, extra_checks=all_checks())
        finally:
            _restore(ws, pristine)
        if report.ok:
            escaped.append(f"{table}.{column}")
        else:
            caught += 1
    print(f"\n{caught} columns caught, {listed} listed as not evidential, empty tables: {empty}")
    unexplained = [c for c in escaped if c not in KNOWN_GAPS]
    assert not unexplained, f"verify does not notice a change of: {', '.join(unexplained)}"
    # a gap that was closed must leave the list
    assert sorted(escaped) == sorted(KNOWN_GAPS), "KNOWN_GAPS lists a column verify now checks"
    # the fill makes a row in every evidential table, so none is left untested (timestamp
    # tokens need a time-stamping authority: tests/vault/test_timestamp.py tampers with them)
    assert empty <= {"timestamp_tokens"}, f"no row to change in: {', '.join(sorted(empty))}"


def test_deleting_the_last_row_of_any_table_is_found(filled: tuple[Workspace, Path]) -> None:
    ws, pristine = filled
    db = ws.root / "casefile.db"
    with sqlite3.connect(db) as conn:
        tables = sorted({t for t, _ in _columns(conn)})
    escaped = []
    for table in tables:
        if not_evidential(table, "*") is not None:
            continue
        conn = sqlite3.connect(db)
        try:
            cur = conn.execute(
                f'DELETE FROM "{table}" WHERE rowid = (SELECT max(rowid) FROM "{table}")'
            )
            conn.commit()
            deleted = cur.rowcount
        finally:
            conn.close()
        try:
            report = verify_workspace(ws, extra_checks=all_checks()) if deleted else None
        finally:
            _restore(ws, pristine)
        if report is not None and report.ok:
            escaped.append(table)
    assert not escaped, f"verify does not notice a deleted last row of: {', '.join(escaped)}"
