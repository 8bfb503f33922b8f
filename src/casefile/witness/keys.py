"""The workspace key-encryption key (KEK) for witness data: set-up, loading, rotation.

The KEK never enters the database. It is either a key file (default ``<workspace>/keys/
witness-kek``, mode 0600, or any path, e.g. on a removable drive, via ``CASEFILE_WITNESS_KEY``
or ``--key-file``) or derived from a passphrase with scrypt (salt and parameters in the
database, passphrase via ``CASEFILE_WITNESS_PASSPHRASE`` or a prompt). The database knows only
each KEK's id: a hash of the key, which is how a wrong key is told from the right one before
anything is decrypted.

Rotation re-wraps every witness's data key under a new KEK in batches that each commit; the old
wraps stay until the switch, so a crash at any point leaves every record readable with the old
key, or (after the switch) with the new one. See docs/witness.md.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from sqlalchemy import Connection, delete, insert, select, update

from casefile.errors import CasefileError
from casefile.vault.custody_ledger import utc_now
from casefile.vault.schema import workspace_meta
from casefile.vault.workspace import Workspace
from casefile.witness.crypto import KeyError_, new_key, unwrap_key, wrap_key
from casefile.witness.schema import witness_data_keys, witness_keks, witnesses

KEY_FILE_ENV = "CASEFILE_WITNESS_KEY"
PASSPHRASE_ENV = "CASEFILE_WITNESS_PASSPHRASE"
DEFAULT_KEY_FILE = Path("keys") / "witness-kek"
KEY_FILE_HEADER = "casefile witness key-encryption key v1"
SCRYPT = {"n": 2**15, "r": 8, "p": 1}

# Keyrings loaded in this process, by workspace id: how export providers (which get only a
# database connection) find the key the user unlocked.
_OPEN: dict[str, KeyRing] = {}


@dataclass(frozen=True)
class KeyRing:
    """An unlocked KEK: the only way to a witness's data key."""

    workspace_id: str
    kek_id: str
    kind: str
    kek: bytes
    source: str  # the key file's path, or "passphrase"
    root: Path | None = None  # the workspace folder (its blob store), when known

    def data_key(self, conn: Connection, witness_id: str) -> bytes:
        rows = conn.execute(
            select(witness_data_keys.c.kek_id, witness_data_keys.c.wrapped).where(
                witness_data_keys.c.witness_id == witness_id
            )
        ).all()
        for row in rows:
            if row.kek_id == self.kek_id:
                return unwrap_key(self.kek, self.kek_id, witness_id, bytes(row.wrapped))
        if not rows:
            raise CasefileError(f"witness {witness_id} has no data key stored")
        others = ", ".join(r.kek_id[:12] for r in rows)
        raise KeyError_(
            f"witness {witness_id}: its data key is wrapped under key {others}, not under the "
            f"loaded key {self.kek_id[:12]} ({self.source}); nothing was decrypted"
        )


def kek_id_of(kek: bytes) -> str:
    return hashlib.sha256(b"casefile-witness-kek-id\x00" + kek).hexdigest()[:32]


def key_file_path(ws: Workspace, explicit: Path | None = None) -> Path:
    if explicit is not None:
        return explicit
    env = os.environ.get(KEY_FILE_ENV)
    return Path(env) if env else ws.root / DEFAULT_KEY_FILE


def _derive(passphrase: str, salt: bytes, params: dict[str, int]) -> bytes:
    kdf = Scrypt(salt=salt, length=32, n=params["n"], r=params["r"], p=params["p"])
    return kdf.derive(passphrase.encode())


def _write_key_file(path: Path, kek: bytes, ws_id: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = f"{KEY_FILE_HEADER}\nworkspace: {ws_id}\nkey: {base64.b64encode(kek).decode()}\n"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise CasefileError(f"{path} already exists: not overwriting a key file") from None
    with os.fdopen(fd, "w") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    _fsync_dir(path.parent)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _read_key_file(path: Path) -> bytes:
    try:
        lines = path.read_text().splitlines()
    except FileNotFoundError:
        raise KeyError_(
            f"the witness key file {path} is missing: protected witness fields (names, "
            "contacts, risk notes, protected statements) cannot be read; pseudonyms, statement "
            f"details, the vault and verify still work. Attach the drive holding it, set "
            f"{KEY_FILE_ENV}, or give --key-file"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise KeyError_(f"cannot read the witness key file {path}: {exc}") from None
    fields = dict(line.split(": ", 1) for line in lines[1:] if ": " in line)
    if not lines or lines[0] != KEY_FILE_HEADER or "key" not in fields:
        raise KeyError_(f"{path} is not a casefile witness key file")
    try:
        kek = base64.b64decode(fields["key"], validate=True)
    except ValueError:
        kek = b""
    if len(kek) != 32:
        raise KeyError_(f"{path}: the key is damaged (not 32 bytes of base64)")
    return kek


def keks(conn: Connection) -> list[dict[str, str | None]]:
    rows = conn.execute(select(witness_keks).order_by(witness_keks.c.created_at)).all()
    return [dict(r._mapping) for r in rows]


def init_keys(
    ws: Workspace, key_file: Path | None = None, passphrase: str | None = None
) -> KeyRing:
    """Creates the workspace's first KEK: a new key file, or one derived from a passphrase."""
    with ws.db.read() as conn:
        if keks(conn):
            raise CasefileError(
                "witness keys are already set up for this workspace (use 'witness keys rotate')"
            )
    kek, kind, salt, params, path = _new_kek(ws, key_file, passphrase, suffix="")
    kid = kek_id_of(kek)
    with ws.transaction() as tx:
        tx.conn.execute(
            insert(witness_keks).values(
                kek_id=kid,
                kind=kind,
                salt=salt,
                params=json.dumps(params),
                state="active",
                created_at=utc_now(),
                activated_at=utc_now(),
            )
        )
        tx.record("witness_key_created", None, {"kek_id": kid, "kind": kind})
    ring = KeyRing(ws.id, kid, kind, kek, str(path) if path else "passphrase", ws.root)
    _OPEN[ws.id] = ring
    return ring


def _new_kek(
    ws: Workspace, key_file: Path | None, passphrase: str | None, suffix: str
) -> tuple[bytes, str, str | None, dict[str, int], Path | None]:
    if passphrase is not None:
        if len(passphrase) < 12:
            raise CasefileError("the witness passphrase must be at least 12 characters")
        salt = os.urandom(16)
        return _derive(passphrase, salt, SCRYPT), "passphrase", salt.hex(), SCRYPT, None
    kek = new_key()
    path = key_file_path(ws, key_file)
    target = path.with_name(path.name + suffix)
    _write_key_file(target, kek, ws.id)
    return kek, "file", None, {}, path


def load_keyring(
    ws: Workspace, key_file: Path | None = None, passphrase: str | None = None
) -> KeyRing:
    """Unlocks the witness KEK, or says clearly why not (missing, wrong or retired key)."""
    with ws.db.read() as conn:
        known = keks(conn)
    ring, state = _unlock(known, ws.id, key_file_path(ws, key_file), passphrase, ws.root)
    # A rotation switched the key file but died before recording it: finish it.
    if state == "pending" and ring.kind == "file" and _finish(ws, ring, None):
        _scrub(ws)
    _OPEN[ws.id] = ring
    return ring


def keyring_for_connection(conn: Connection) -> KeyRing:
    """For code that has only a connection (export providers): the keyring unlocked in this
    process, else the key from CASEFILE_WITNESS_KEY / CASEFILE_WITNESS_PASSPHRASE, else (SQLite)
    the default key file beside the database."""
    ws_id = str(
        conn.execute(select(workspace_meta.c.value).where(workspace_meta.c.key == "id")).scalar()
    )
    if ws_id in _OPEN:
        return _OPEN[ws_id]
    path: Path | None = Path(os.environ[KEY_FILE_ENV]) if os.environ.get(KEY_FILE_ENV) else None
    root: Path | None = None
    url = conn.engine.url
    db_file = Path(url.database) if url.get_backend_name() == "sqlite" and url.database else None
    if db_file is not None and (db_file.parent / "casefile.toml").exists():
        root = db_file.parent
    if root is None and os.environ.get("CASEFILE_HOME"):
        root = Path(os.environ["CASEFILE_HOME"])
    if path is None and root is not None:
        path = root / DEFAULT_KEY_FILE
    ring, _ = _unlock(keks(conn), ws_id, path, None, root)
    return ring


def _unlock(
    known: list[dict[str, str | None]],
    ws_id: str,
    path: Path | None,
    passphrase: str | None,
    root: Path | None,
) -> tuple[KeyRing, str]:
    if not known:
        raise KeyError_(
            "witness keys are not set up in this workspace: run 'casefile witness keys init'"
        )
    live = [k for k in known if k["state"] != "retired"]
    kind = live[-1]["kind"] if live else known[-1]["kind"]
    passphrase = passphrase if passphrase is not None else os.environ.get(PASSPHRASE_ENV)
    if kind == "passphrase":
        if not passphrase:
            raise KeyError_(
                "this workspace's witness key is derived from a passphrase: set "
                f"{PASSPHRASE_ENV} or use --ask-passphrase; protected fields stay unreadable"
            )
        found = None
        for k in live + [k for k in known if k not in live]:
            if k["kind"] != "passphrase" or not k["salt"]:
                continue
            cand = _derive(passphrase, bytes.fromhex(str(k["salt"])), json.loads(str(k["params"])))
            if kek_id_of(cand) == k["kek_id"]:
                found = (k, cand)
                break
        if found is None:
            raise KeyError_(
                "wrong witness passphrase: it matches none of this workspace's keys "
                "(nothing was decrypted)"
            )
        row, kek = found
        source = "passphrase"
    else:
        if path is None:
            raise KeyError_(
                f"the witness key file is not known here: set {KEY_FILE_ENV} to its path"
            )
        kek = _read_key_file(path)
        kid = kek_id_of(kek)
        match = [k for k in known if k["kek_id"] == kid]
        if not match:
            raise KeyError_(
                f"wrong witness key: {path} (key id {kid[:12]}) is not a key of this workspace "
                f"(expected {', '.join(str(k['kek_id'])[:12] for k in live)}); nothing was "
                "decrypted"
            )
        row = match[0]
        source = str(path)
    if row["state"] == "retired":
        raise KeyError_(
            f"the witness key {str(row['kek_id'])[:12]} ({source}) was retired by a rotation; "
            "use the current key"
        )
    ring = KeyRing(ws_id, str(row["kek_id"]), str(row["kind"]), kek, source, root)
    return ring, str(row["state"])


def open_keyring(workspace_id: str) -> KeyRing | None:
    """The keyring unlocked earlier in this process for that workspace, if any."""
    return _OPEN.get(workspace_id)


def forget_keyring(workspace_id: str) -> None:
    _OPEN.pop(workspace_id, None)


# ---- rotation -------------------------------------------------------------------------------


@dataclass
class RotateResult:
    old: str
    new: str
    witnesses: int
    source: str


def active_kek_id(conn: Connection) -> str:
    """The id of the workspace's active witness key (the one new data keys are wrapped with)."""
    row = conn.execute(
        select(witness_keks.c.kek_id).where(witness_keks.c.state == "active")
    ).scalar_one_or_none()
    if row is None:
        raise CasefileError("no active witness key in this workspace")
    return str(row)


def _missing(conn: Connection, kek_id: str, limit: int | None = None) -> list[str]:
    have = select(witness_data_keys.c.witness_id).where(witness_data_keys.c.kek_id == kek_id)
    q = select(witnesses.c.id).where(witnesses.c.id.not_in(have)).order_by(witnesses.c.id)
    if limit is not None:
        q = q.limit(limit)
    return [str(x) for x in conn.execute(q).scalars()]


def _rewrap(conn: Connection, old: KeyRing, new: KeyRing, ids: list[str]) -> None:
    now = utc_now()
    rows = []
    for wid in ids:
        dk = old.data_key(conn, wid)
        rows.append(
            {
                "witness_id": wid,
                "kek_id": new.kek_id,
                "wrapped": wrap_key(new.kek, new.kek_id, wid, dk),
                "created_at": now,
            }
        )
    if rows:
        conn.execute(insert(witness_data_keys), rows)


def rotate_keys(
    ws: Workspace,
    old: KeyRing,
    new_passphrase: str | None = None,
    batch: int = 200,
    progress: Callable[[int, int], None] | None = None,
) -> RotateResult:
    """Re-wraps every data key under a new KEK, then switches to it (see module docstring)."""
    with ws.db.read() as conn:
        if active_kek_id(conn) != old.kek_id:
            raise CasefileError("rotate with the active witness key (load it first)")
    _discard_unfinished(ws, old)
    key_file = Path(old.source) if old.kind == "file" else None
    if old.kind == "passphrase" and new_passphrase is None:
        raise CasefileError("a passphrase workspace rotates to a new passphrase: give it")
    kek, kind, salt, params, _ = _new_kek(
        ws, key_file, new_passphrase if old.kind == "passphrase" else None, ".next"
    )
    new = KeyRing(ws.id, kek_id_of(kek), kind, kek, old.source, ws.root)
    with ws.transaction() as tx:
        tx.conn.execute(
            insert(witness_keks).values(
                kek_id=new.kek_id,
                kind=kind,
                salt=salt,
                params=json.dumps(params),
                state="pending",
                created_at=utc_now(),
            )
        )
        tx.record("witness_key_rotation_started", None, {"old": old.kek_id, "new": new.kek_id})
    with ws.db.read() as conn:
        total = len(_missing(conn, new.kek_id))
    done = 0
    while True:
        with ws.transaction() as tx:
            ids = _missing(tx.conn, new.kek_id, batch)
            _rewrap(tx.conn, old, new, ids)
        if not ids:
            break
        done += len(ids)
        if progress:
            progress(done, total)
    count = _finish(ws, new, old)
    _scrub(ws)
    _OPEN[ws.id] = new
    return RotateResult(old.kek_id, new.kek_id, count, new.source)


def _finish(ws: Workspace, new: KeyRing, old: KeyRing | None) -> int:
    """Switches to ``new`` once every witness has a wrap under it, holding the write lock."""
    while True:
        with ws.transaction() as tx:
            missing = _missing(tx.conn, new.kek_id)
            if missing:
                if old is None:
                    return 0  # an old process's half rotation: the old key still reads all
                _rewrap(tx.conn, old, new, missing)
                continue
            if new.kind == "file":
                _switch_key_file(Path(new.source))
            previous = [
                str(k)
                for k in tx.conn.execute(
                    select(witness_keks.c.kek_id).where(witness_keks.c.state == "active")
                ).scalars()
            ]
            tx.conn.execute(
                update(witness_keks).where(witness_keks.c.state == "active").values(state="retired")
            )
            tx.conn.execute(
                update(witness_keks)
                .where(witness_keks.c.kek_id == new.kek_id)
                .values(state="active", activated_at=utc_now())
            )
            if tx.conn.dialect.name == "sqlite":
                # zero the old wraps' bytes instead of leaving them in free pages
                tx.conn.exec_driver_sql("PRAGMA secure_delete=ON")
            tx.conn.execute(
                delete(witness_data_keys).where(witness_data_keys.c.kek_id != new.kek_id)
            )
            count = tx.conn.execute(select(witnesses.c.id)).all()
            tx.record(
                "witness_key_rotated",
                None,
                {"old": previous, "new": new.kek_id, "witnesses": len(count)},
            )
            return len(count)


def _switch_key_file(path: Path) -> None:
    """Puts ``witness-kek.next`` in place of the key file (atomic, durable). Called holding the
    write lock, before the commit that activates the new key: a crash between the two leaves
    the new key file in place with a wrap for every witness, and loading it finishes."""
    nxt = path.with_name(path.name + ".next")
    if nxt.exists():
        os.replace(nxt, path)
        _fsync_dir(path.parent)


def _scrub(ws: Workspace) -> None:
    """SQLite: copy the WAL (which still holds the pages with the old wraps) into the database
    file and truncate it, so that the deleted wraps (zeroed by secure_delete) are gone from disk.
    Best effort: a reader holding an old snapshot makes SQLite skip part of it."""
    if ws.db.dialect != "sqlite":
        return
    raw = ws.db.engine.raw_connection()
    try:
        raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # type: ignore[union-attr]
    finally:
        raw.close()


def _discard_unfinished(ws: Workspace, active: KeyRing) -> None:
    """Drops what an interrupted rotation left (pending keys, their wraps, a .next file)."""
    with ws.transaction() as tx:
        pending = [
            str(k)
            for k in tx.conn.execute(
                select(witness_keks.c.kek_id).where(witness_keks.c.state == "pending")
            ).scalars()
        ]
        if pending:
            tx.conn.execute(
                delete(witness_data_keys).where(witness_data_keys.c.kek_id.in_(pending))
            )
            tx.conn.execute(delete(witness_keks).where(witness_keks.c.kek_id.in_(pending)))
            tx.record("witness_key_rotation_abandoned", None, {"pending": pending})
    if active.kind == "file":
        path = Path(active.source)
        path.with_name(path.name + ".next").unlink(missing_ok=True)
