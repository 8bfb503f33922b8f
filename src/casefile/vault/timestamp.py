"""External time anchoring: RFC 3161 timestamp tokens over signed checkpoints.

A token from an independent time-stamping authority (TSA) proves that a checkpoint, and so
every entry below it, existed no later than the TSA's time. Tokens are stored with the
checkpoint they cover and re-verified by ``casefile verify``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import requests
from cryptography import x509
from rfc3161_client import (
    TimestampRequestBuilder,
    VerificationError,
    VerifierBuilder,
    decode_timestamp_response,
)
from sqlalchemy import Connection, insert, select

from casefile.errors import CasefileError
from casefile.vault.schema import checkpoints, timestamp_tokens

if TYPE_CHECKING:
    from casefile.vault.workspace import Workspace

TSA_CONFIG = Path("keys") / "tsa.json"


@dataclass(frozen=True)
class Authority:
    """A configured TSA: where to ask, and the root certificate that must vouch for it."""

    url: str
    root_pem: str

    def root(self) -> x509.Certificate:
        return x509.load_pem_x509_certificate(self.root_pem.encode())


def load_authorities(ws_root: Path) -> list[Authority]:
    path = ws_root / TSA_CONFIG
    if not path.exists():
        return []
    return [Authority(**a) for a in json.loads(path.read_text())]


def add_authority(ws_root: Path, url: str, root_cert: Path) -> Authority:
    try:
        pem = root_cert.read_text()
        x509.load_pem_x509_certificate(pem.encode())
    except (OSError, ValueError) as exc:
        raise CasefileError(f"{root_cert}: not a readable PEM certificate ({exc})") from None
    authorities = [a for a in load_authorities(ws_root) if a.url != url]
    authority = Authority(url, pem)
    authorities.append(authority)
    path = ws_root / TSA_CONFIG
    path.write_text(json.dumps([a.__dict__ for a in authorities], indent=1))
    return authority


def request_token(authority: Authority, message: bytes, timeout: float = 30) -> bytes:
    """Asks the TSA for a token over ``message`` and checks it before returning it."""
    req = (
        TimestampRequestBuilder()
        .data(message)
        .nonce(nonce=True)
        .cert_request(cert_request=True)
        .build()
    )
    try:
        resp = requests.post(
            authority.url,
            data=req.as_bytes(),
            headers={"Content-Type": "application/timestamp-query"},
            timeout=timeout,
        )
    except requests.RequestException as exc:
        raise CasefileError(f"time-stamping authority {authority.url}: {exc}") from None
    if resp.status_code != 200:
        raise CasefileError(f"time-stamping authority {authority.url}: HTTP {resp.status_code}")
    token = resp.content
    verify_token(authority, token, message, nonce=req.nonce)
    return token


def verify_token(
    authority: Authority, token: bytes, message: bytes, nonce: int | None = None
) -> str:
    """Checks the token's chain to the configured root and its message; returns its time."""
    try:
        tsr = decode_timestamp_response(token)
        builder = VerifierBuilder().add_root_certificate(authority.root())
        if nonce is not None:
            builder = builder.nonce(nonce)
        builder.build().verify_message(tsr, message)
    except (VerificationError, ValueError) as exc:
        raise CasefileError(
            f"timestamp token from {authority.url} does not verify: {exc}"
        ) from None
    return tsr.tst_info.gen_time.isoformat()


@dataclass(frozen=True)
class Anchoring:
    """What one round of anchoring did: the checkpoint, and each authority's answer."""

    checkpoint_size: int
    anchored: list[tuple[str, str]]  # (authority URL, the TSA's time)
    failed: list[tuple[str, str]]  # (authority URL, what went wrong)


def anchor_now(ws: Workspace, timeout: float = 30, after: list[str] | None = None) -> Anchoring:
    """Timestamps the newest signed checkpoint with every configured authority.

    The checkpoint is signed in one short transaction; the authorities are asked with no lock
    held; the tokens and one ``anchored`` event per token commit together. An authority that
    fails is in ``failed`` and the others still count. ``after``: the event kinds that made an
    automatic anchoring due (kept in the event)."""
    authorities = load_authorities(ws.root)
    if not authorities:
        raise CasefileError("no time-stamping authority configured: give --tsa URL --tsa-root PEM")
    with ws.db.write() as conn:
        note = ws.ledger.sign_checkpoint(conn)
        size = ws.ledger.size(conn)
    got: list[tuple[Authority, bytes, str]] = []
    failed: list[tuple[str, str]] = []
    for authority in authorities:
        try:
            token = request_token(authority, note.encode(), timeout)
            got.append((authority, token, verify_token(authority, token, note.encode())))
        except CasefileError as exc:
            failed.append((authority.url, str(exc)))
    if got:
        with ws.transaction() as tx:
            for authority, token, gen_time in got:
                tx.conn.execute(
                    insert(timestamp_tokens).values(
                        checkpoint_size=size, tsa=authority.url, token=token, gen_time=gen_time
                    )
                )
                data: dict[str, object] = {
                    "checkpoint_size": size,
                    "tsa": authority.url,
                    "tsa_time": gen_time,
                }
                if after:
                    data["after"] = after
                tx.record("anchored", data=data)
    return Anchoring(size, [(a.url, t) for a, _, t in got], failed)


def check_tokens(conn: Connection, authorities: list[Authority]) -> list[tuple[int, str, str]]:
    """Re-verifies every stored token: returns (checkpoint size, tsa, problem) for failures."""
    by_url = {a.url: a for a in authorities}
    problems = []
    rows = conn.execute(
        select(timestamp_tokens, checkpoints.c.note).join(
            checkpoints, checkpoints.c.size == timestamp_tokens.c.checkpoint_size
        )
    ).all()
    for row in rows:
        authority = by_url.get(row.tsa)
        if authority is None:
            problems.append((row.checkpoint_size, row.tsa, "no root certificate configured"))
            continue
        try:
            gen_time = verify_token(authority, bytes(row.token), row.note.encode())
        except CasefileError as exc:
            problems.append((row.checkpoint_size, row.tsa, str(exc)))
            continue
        if gen_time != row.gen_time:
            problems.append(
                (row.checkpoint_size, row.tsa,
                 f"the stored time {row.gen_time} is not the token's {gen_time}")
            )  # fmt: skip
    return problems
