"""RFC 3161 anchoring against a local time-stamping authority made with `openssl ts`."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sqlalchemy import select, update
from typer.testing import CliRunner

from casefile.cli.main import app
from casefile.vault.schema import timestamp_tokens
from casefile.vault.verify import verify_workspace
from casefile.vault.workspace import Workspace

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="needs openssl")

TSA_CNF = """
[ tsa ]
default_tsa = tsa1
[ tsa1 ]
dir = {dir}
serial = $dir/serial
crypto_device = builtin
signer_cert = $dir/tsa.pem
certs = $dir/tsa.pem
signer_key = $dir/tsa.key
signer_digest = sha256
default_policy = 1.2.3.4.1
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = no
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
"""


def run(command: str, *args: str, cwd: Path) -> None:
    """Runs `command` (split on spaces) with `args` appended verbatim."""
    subprocess.run([*command.split(), *args], cwd=cwd, check=True, capture_output=True)


def self_signed_root(d: Path, key: str, cert: str, name: str) -> None:
    run(f"openssl req -x509 -newkey rsa:2048 -nodes -keyout {key} -out {cert} -days 30",
        "-subj", f"/CN={name}", "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign", cwd=d)  # fmt: skip


def make_tsa(d: Path) -> None:
    self_signed_root(d, "root.key", "root.pem", "Test Root CA")
    run("openssl req -newkey rsa:2048 -nodes -keyout tsa.key -out tsa.csr",
        "-subj", "/CN=Test TSA", cwd=d)  # fmt: skip
    (d / "ext.cnf").write_text(
        "extendedKeyUsage=critical,timeStamping\nkeyUsage=critical,digitalSignature\n"
        "basicConstraints=CA:FALSE\n"
    )
    run(
        "openssl x509 -req -in tsa.csr -CA root.pem -CAkey root.key -CAcreateserial "
        "-out tsa.pem -days 30 -extfile ext.cnf",
        cwd=d,
    )
    (d / "serial").write_text("01\n")
    (d / "tsa.cnf").write_text(TSA_CNF.format(dir=d))


@pytest.fixture(scope="module")
def tsa() -> Iterator[tuple[str, Path]]:
    d = Path(tempfile.mkdtemp())
    make_tsa(d)
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *a: object) -> None:
            pass

        def do_POST(self) -> None:
            query = self.rfile.read(int(self.headers["Content-Length"]))
            with lock:
                (d / "q.tsq").write_bytes(query)
                run(
                    "openssl",
                    "ts",
                    "-reply",
                    "-config",
                    "tsa.cnf",
                    "-queryfile",
                    "q.tsq",
                    "-out",
                    "r.tsr",
                    cwd=d,
                )
                body = (d / "r.tsr").read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/tsa", d / "root.pem"
    httpd.shutdown()
    shutil.rmtree(d)


def test_anchor_and_verify_tokens(tmp_path: Path, tsa: tuple[str, Path]) -> None:
    url, root = tsa
    ws_dir = tmp_path / "ws"
    Workspace.init(ws_dir).close()
    result = CliRunner().invoke(
        app, ["-w", str(ws_dir), "anchor", "--tsa", url, "--tsa-root", str(root)]
    )
    assert result.exit_code == 0, result.output
    assert "timestamped by" in result.stdout
    ws = Workspace.open(ws_dir)
    assert verify_workspace(ws).ok
    with ws.db.read() as conn:
        [tok] = conn.execute(select(timestamp_tokens)).all()
        kinds = [e.event.kind for e in ws.ledger.entries(conn)]
    assert tok.checkpoint_size == 1 and kinds[-1] == "anchored"
    # A token altered in the database no longer verifies.
    with ws.db.write() as conn:
        raw = bytearray(tok.token)
        raw[-5] ^= 0xFF
        conn.execute(update(timestamp_tokens).values(token=bytes(raw)))
    problems = verify_workspace(ws).problems
    assert [p.kind for p in problems] == ["timestamp"]
    ws.close()


def test_untrusted_root_is_refused(tmp_path: Path, tsa: tuple[str, Path]) -> None:
    url, _ = tsa
    other = tmp_path / "other"
    other.mkdir()
    self_signed_root(other, "k", "root.pem", "Someone Else")
    ws_dir = tmp_path / "ws"
    Workspace.init(ws_dir).close()
    result = CliRunner().invoke(
        app, ["-w", str(ws_dir), "anchor", "--tsa", url, "--tsa-root", str(other / "root.pem")]
    )
    assert result.exit_code == 2
    assert "does not verify" in result.stderr
