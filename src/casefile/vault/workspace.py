"""A workspace: a folder with casefile.toml, the blob store, the ledger key, and a database.

Found from an explicit path, then $CASEFILE_HOME, then the current directory upwards.
"""

from __future__ import annotations

import getpass
import json
import os
import socket
import tomllib
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, insert, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError, ProgrammingError

from casefile import __version__
from casefile.errors import CasefileError
from casefile.migrations import pending_revisions, upgrade
from casefile.vault.auto_anchor import after_commit
from casefile.vault.blobstore import PRIVATE_DIR, PRIVATE_FILE, BlobStore
from casefile.vault.custody_ledger import CustodyLedger, Event, utc_now
from casefile.vault.database import Database
from casefile.vault.schema import workspace_meta
from casefile.vault.signed_note import NoteSigner, NoteVerifier

CONFIG_NAME = "casefile.toml"
KEY_FILE = Path("keys") / "ledger-ed25519.pem"
VKEY_FILE = Path("keys") / "ledger.vkey"
DEFAULT_DB = "sqlite:///casefile.db"
TOOL = f"casefile/{__version__}"


def default_actor() -> str:
    return os.environ.get("CASEFILE_ACTOR") or f"{getpass.getuser()}@{socket.gethostname()}"


@dataclass
class Transaction:
    """A write transaction holding the ledger lock; events recorded here commit together."""

    conn: Connection
    ledger: CustodyLedger
    actor: str
    seqs: list[int] = field(default_factory=list)
    kinds: set[str] = field(default_factory=set)

    def record(self, kind: str, item: str | None = None, data: dict[str, Any] | None = None) -> int:
        return self.record_many([Event(kind, self.actor, data or {}, item)])[0]

    def record_many(self, events: Sequence[Event]) -> list[int]:
        seqs = self.ledger.append_events(self.conn, events)
        self.seqs.extend(seqs)
        self.kinds.update(e.kind for e in events)
        return seqs


class Workspace:
    def __init__(self, root: Path, config: dict[str, Any], actor: str | None = None) -> None:
        self.root = root
        self.config = config
        self.id: str = config["id"]
        self.origin: str = config["origin"]
        self.actor = actor or default_actor()
        self.db = Database(resolve_db_url(root, config["database"]))
        self.blobs = BlobStore(root / "blobs")
        self.verifier = NoteVerifier.from_vkey((root / VKEY_FILE).read_text())
        key_path = root / KEY_FILE
        signer = None
        if key_path.exists():
            signer = NoteSigner.from_pem(self.origin, key_path.read_bytes())
            if signer.verifier != self.verifier:
                raise CasefileError(
                    f"{key_path} does not match the workspace's public key {VKEY_FILE}"
                )
        self.ledger = CustodyLedger(self.origin, self.verifier, signer)

    # -- creating and finding --

    @classmethod
    def init(cls, root: Path, db_url: str | None = None, actor: str | None = None) -> Workspace:
        root = root.resolve()
        if (root / CONFIG_NAME).exists():
            raise CasefileError(f"{root} is already a casefile workspace")
        if root.exists() and not root.is_dir():
            raise CasefileError(f"{root} exists and is not a folder")
        ws_id = str(uuid.uuid4())
        origin = f"casefile.local/{ws_id}"
        config = {
            "id": ws_id,
            "origin": origin,
            "database": db_url or DEFAULT_DB,
            "created": utc_now(),
        }
        _check_db_url(config["database"])
        # A new workspace folder is its owner's alone (its database, blobs and keys inside).
        if not root.exists():
            root.mkdir(mode=PRIVATE_DIR, parents=True)
        (root / "keys").mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
        os.chmod(root / "keys", PRIVATE_DIR)
        signer = NoteSigner.generate(origin)
        key_path = root / KEY_FILE
        fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(signer.private_pem())
        (root / VKEY_FILE).write_text(signer.verifier.to_vkey() + "\n")
        BlobStore(root / "blobs").ensure()
        db = Database(resolve_db_url(root, config["database"]))
        try:
            upgrade(db.engine)
            with db.write() as conn:
                if conn.execute(select(workspace_meta)).first() is not None:
                    raise CasefileError(
                        "that database already holds a casefile workspace; use a new database"
                    )
        except (OperationalError, ProgrammingError) as exc:
            msg = f"cannot use the database {config['database']}: {exc.orig}"
            raise CasefileError(msg) from None
        finally:
            db.dispose()
        _write_config(root / CONFIG_NAME, config)
        ws = cls(root, config, actor)
        with ws.transaction() as tx:
            tx.conn.execute(
                insert(workspace_meta),
                [
                    {"key": "id", "value": ws_id},
                    {"key": "origin", "value": origin},
                    {"key": "vkey", "value": signer.verifier.to_vkey()},
                ],
            )
            tx.record(
                "workspace_created",
                data={
                    "origin": origin,
                    "vkey": signer.verifier.to_vkey(),
                    "database": ws.db.dialect,
                    "tool_version": TOOL,
                },
            )
        return ws

    @classmethod
    def open(cls, root: Path, actor: str | None = None) -> Workspace:
        cfg_path = root / CONFIG_NAME
        try:
            config = tomllib.loads(cfg_path.read_text())["workspace"]
        except FileNotFoundError:
            raise CasefileError(f"{root} is not a casefile workspace (no {CONFIG_NAME})") from None
        except (tomllib.TOMLDecodeError, KeyError) as exc:
            raise CasefileError(f"{cfg_path} is damaged: {exc}") from None
        ws = cls(root.resolve(), config, actor)
        ws.check_schema()
        return ws

    @classmethod
    def find(cls, explicit: Path | None = None, actor: str | None = None) -> Workspace:
        if explicit is not None:
            return cls.open(explicit, actor)
        env = os.environ.get("CASEFILE_HOME")
        if env:
            return cls.open(Path(env), actor)
        here = Path.cwd().resolve()
        for folder in (here, *here.parents):
            if (folder / CONFIG_NAME).exists():
                return cls.open(folder, actor)
        raise CasefileError(
            "no casefile workspace here: run 'casefile init DIR', or give --workspace DIR, "
            "or set CASEFILE_HOME"
        )

    def check_schema(self) -> None:
        try:
            missing = pending_revisions(self.db.engine)
        except OperationalError as exc:
            raise CasefileError(f"cannot open the database {self.db.url}: {exc.orig}") from None
        if missing:
            upgrade(self.db.engine)

    # -- writing --

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """A write transaction; if it recorded events, a signed checkpoint closes it.

        Once it has committed, a kind of event named in ``keys/anchor-after.json`` among them
        has the new checkpoint timestamped (``auto_anchor``; a failure there is a warning)."""
        with self.db.write() as conn:
            tx = Transaction(conn, self.ledger, self.actor)
            yield tx
            if tx.seqs:
                self.ledger.sign_checkpoint(conn)
        if tx.kinds:
            after_commit(self, tx.kinds)

    def record_event(
        self, kind: str, item: str | None = None, data: dict[str, Any] | None = None
    ) -> int:
        """Records one event in its own transaction (for actions outside a batch)."""
        with self.transaction() as tx:
            return tx.record(kind, item, data)

    def close(self) -> None:
        self.db.dispose()


def resolve_db_url(root: Path, url: str) -> str:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database:
        path = Path(parsed.database)
        if not path.is_absolute():
            return str(parsed.set(database=str(root / path)))
    return url


def _check_db_url(url: str) -> None:
    try:
        backend = make_url(url).get_backend_name()
    except Exception as exc:
        raise CasefileError(f"not a database URL: {url!r} ({exc})") from None
    if backend not in ("sqlite", "postgresql"):
        raise CasefileError(f"database {backend!r} is not supported: use sqlite or postgresql")


def _write_config(path: Path, config: dict[str, str]) -> None:
    lines = ["[workspace]"] + [f"{k} = {json.dumps(v)}" for k, v in config.items()]
    tmp = path.with_suffix(".tmp")
    # 0600: the database URL may carry a password.
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
    with os.fdopen(fd, "w") as f:
        f.write("\n".join(lines) + "\n")
    os.replace(tmp, path)
