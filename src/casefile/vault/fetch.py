"""Capturing a URL: the response body as evidence, plus a WARC record of the whole exchange."""

from __future__ import annotations

import contextlib
import socket
import threading
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import urljoin

import requests
import urllib3
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

MAX_REDIRECTS = 10
# The whole capture, connection and redirects included, must finish within this many seconds:
# requests' own timeout applies to each read, so a server sending 8 bytes a second could hold
# an add for as long as it liked (issue 26).
DEFAULT_DEADLINE = 900.0
# The largest body preserved from a URL: a generous ceiling for web video, far below what
# fills a disk by accident or by malice. `casefile add --max-size` changes it.
DEFAULT_MAX_BYTES = 2 << 30  # 2 GiB
# A redirect's own body is kept in the WARC; it is never evidence worth more than this.
MAX_REDIRECT_BODY = 1 << 20
CHUNK = 1 << 20


class FetchError(Exception):
    """The URL could not be captured: nothing is stored as if it were good."""


@dataclass
class Capture:
    url: str
    final_url: str
    status: int
    headers: dict[str, str]
    redirects: list[str] = field(default_factory=list)


class _Deadline:
    """Shuts every socket of one capture down when its time is up.

    A blocked read then returns at once (end of stream or an error), whatever the server
    does, which a per-read timeout cannot promise: each dribbled byte restarts it.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expired = False
        self._socks: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def register(self, sock: socket.socket) -> None:
        with self._lock:
            self._socks.append(sock)
            if self.expired:
                _shutdown(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._socks:
                _shutdown(sock)

    def cancel(self) -> None:
        self._timer.cancel()


def _shutdown(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed: nothing more can be read anyway
        sock.shutdown(socket.SHUT_RDWR)


def _session(deadline: _Deadline, user_agent: str) -> requests.Session:
    """A session whose every connection (proxied or not) is registered with ``deadline``."""

    class Conn(HTTPConnection):
        def _new_conn(self) -> socket.socket:
            sock = super()._new_conn()
            deadline.register(sock)
            return sock

    class SecureConn(HTTPSConnection):
        def _new_conn(self) -> socket.socket:
            sock = super()._new_conn()
            deadline.register(sock)
            return sock

    class Pool(HTTPConnectionPool):
        ConnectionCls = Conn

    class SecurePool(HTTPSConnectionPool):
        ConnectionCls = SecureConn

    pools = {"http": Pool, "https": SecurePool}

    class Adapter(HTTPAdapter):
        def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
            super().init_poolmanager(*args, **kwargs)
            self.poolmanager.pool_classes_by_scheme = pools

        def proxy_manager_for(self, proxy: str, **kwargs: Any) -> Any:
            manager = super().proxy_manager_for(proxy, **kwargs)
            manager.pool_classes_by_scheme = pools
            return manager

    session = requests.Session()
    adapter = Adapter(max_retries=0)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers["User-Agent"] = user_agent
    session.headers["Accept-Encoding"] = "identity"
    return session


def fetch_url(
    url: str,
    body_out: BinaryIO,
    warc_path: Path,
    timeout: float,
    user_agent: str,
    deadline: float = DEFAULT_DEADLINE,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Capture:
    """Streams the body of ``url`` into ``body_out`` and writes the exchange as WARC records.

    The body is asked for without content encoding, so the stored bytes are exactly the bytes
    that crossed the wire and the WARC replays them. Every redirect hop is recorded too.
    ``timeout`` bounds each wait for the server, ``deadline`` the whole capture, and
    ``max_bytes`` the body; a body shorter than its Content-Length is refused as truncated.
    """
    clock = _Deadline(deadline)
    session = _session(clock, user_agent)
    received = 0
    declared: int | None = None
    try:
        hops: list[tuple[requests.Response, bytes | None]] = []
        target = url
        while True:
            resp = _send(session, target, timeout)
            location = session.get_redirect_target(resp)
            if location is None:
                break
            # Redirects are followed here, not by requests, so that their bodies are capped too.
            hops.append((resp, _read_capped(resp, MAX_REDIRECT_BODY, clock)))
            resp.close()
            if len(hops) > MAX_REDIRECTS:
                raise requests.exceptions.TooManyRedirects()
            target = urljoin(resp.url, location)
        with resp:
            declared = _content_length(resp)
            if declared is not None and declared > max_bytes:
                raise FetchError(
                    f"{url}: the server announces {_size(declared)}, over the cap of "
                    f"{_size(max_bytes)} (--max-size): nothing stored"
                )
            for chunk in resp.raw.stream(CHUNK, decode_content=False):
                received += len(chunk)
                if received > max_bytes:
                    raise FetchError(
                        f"{url}: the body is larger than the cap of {_size(max_bytes)} "
                        "(--max-size): nothing stored"
                    )
                body_out.write(chunk)
                if clock.expired:
                    break
            if clock.expired:
                raise _late(url, deadline, received)
            if declared is not None and received < declared:
                raise _truncated(url, received, declared)
            body_out.flush()
            capture = Capture(
                url=url,
                final_url=resp.url,
                status=resp.status_code,
                headers=dict(resp.headers.items()),
                redirects=[hop.url for hop, _ in hops],
            )
            _write_warc(warc_path, [*hops, (resp, None)], body_out)
    except FetchError:
        raise
    except (requests.exceptions.RequestException, urllib3.exceptions.HTTPError, OSError) as exc:
        if clock.expired:
            raise _late(url, deadline, received) from exc
        if declared is not None and received < declared and not _is_timeout(exc):
            raise _truncated(url, received, declared) from exc
        raise _failure(url, exc, timeout, received) from exc
    finally:
        clock.cancel()
        session.close()
    return capture


def _send(session: requests.Session, url: str, timeout: float) -> requests.Response:
    """One GET through the session's adapter, the body left unread.

    Not ``session.get``: even with ``allow_redirects=False`` it reads a redirect's whole body
    into memory (to prepare ``Response.next``), which a hostile server makes as large as it
    likes. Cookies, proxies and certificates are still taken from the session.
    """
    prep = session.prepare_request(requests.Request("GET", url))
    env = session.merge_environment_settings(prep.url or url, {}, True, None, None)
    adapter = session.get_adapter(prep.url or url)
    resp = adapter.send(
        prep,
        stream=True,
        timeout=timeout,
        verify=env["verify"],
        cert=env["cert"],
        proxies=env["proxies"],
    )
    requests.cookies.extract_cookies_to_jar(session.cookies, prep, resp.raw)
    return resp


def _failure(url: str, exc: Exception, timeout: float, received: int) -> FetchError:
    if isinstance(exc, requests.exceptions.TooManyRedirects):
        return FetchError(f"{url}: more than {MAX_REDIRECTS} redirects (a redirect loop?)")
    if _is_timeout(exc):
        return FetchError(f"{url}: no answer within {timeout:g} s (timed out)")
    if isinstance(exc, requests.exceptions.InvalidURL):
        return FetchError(f"{url}: not a valid URL ({exc})")
    if isinstance(exc, requests.exceptions.ConnectionError):
        return FetchError(f"{url}: could not connect ({_reason(exc)})")
    if isinstance(exc, (urllib3.exceptions.HTTPError, requests.exceptions.ChunkedEncodingError)):
        # The body broke off: a chunked body cut short, or a reset after some bytes.
        return FetchError(
            f"{url}: the connection broke after {_size(received)} of the body (a truncated "
            f"response: {_reason(exc)}): nothing stored"
        )
    if isinstance(exc, requests.exceptions.RequestException):
        return FetchError(f"{url}: the request failed ({_reason(exc)})")
    return FetchError(f"{url}: could not write the capture ({_reason(exc)}): nothing stored")


def _is_timeout(exc: Exception) -> bool:
    return isinstance(exc, (requests.exceptions.Timeout, urllib3.exceptions.TimeoutError))


def _late(url: str, deadline: float, received: int) -> FetchError:
    return FetchError(
        f"{url}: not captured within the deadline of {deadline:g} s (--deadline; "
        f"{_size(received)} of the body had arrived): nothing stored"
    )


def _truncated(url: str, received: int, declared: int) -> FetchError:
    return FetchError(
        f"{url}: the server closed the connection after {received} of the {declared} bytes "
        "it announced (a truncated body): nothing stored"
    )


def _content_length(resp: requests.Response) -> int | None:
    try:
        value = int(resp.headers.get("Content-Length", ""))
    except ValueError:
        return None  # absent or not a number: the body ends when the server closes
    return value if value >= 0 else None


def _read_capped(resp: requests.Response, cap: int, clock: _Deadline) -> bytes:
    out = bytearray()
    for chunk in resp.raw.stream(CHUNK, decode_content=False):
        out += chunk
        if len(out) > cap or clock.expired:
            break  # a redirect's body is only kept for the record: the rest is dropped
    return bytes(out[:cap])


def _size(n: int) -> str:
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= scale:
            return f"{n / scale:.4g} {unit}"
    return f"{n} bytes"


def _write_warc(
    path: Path, hops: list[tuple[requests.Response, bytes | None]], body: BinaryIO
) -> None:
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for n, (hop, hop_body) in enumerate(hops):
            last = n == len(hops) - 1
            req = hop.request
            target = req.path_url if req.url else "/"
            req_headers = StatusAndHeaders(
                f"{req.method} {target} HTTP/1.1",
                list(req.headers.items()),
                is_http_request=True,
            )
            request_record = writer.create_warc_record(
                hop.url, "request", payload=BytesIO(b""), http_headers=req_headers
            )
            version = {10: "HTTP/1.0", 11: "HTTP/1.1"}.get(hop.raw.version, "HTTP/1.1")
            resp_headers = StatusAndHeaders(
                f"{hop.status_code} {hop.reason}", list(hop.raw.headers.items()), protocol=version
            )
            if last:
                with open(body.name, "rb") as payload:  # type: ignore[arg-type]
                    response_record = writer.create_warc_record(
                        hop.url, "response", payload=payload, http_headers=resp_headers
                    )
                    writer.write_record(response_record)
            else:
                response_record = writer.create_warc_record(
                    hop.url, "response", payload=BytesIO(hop_body or b""), http_headers=resp_headers
                )
                writer.write_record(response_record)
            request_record.rec_headers.add_header(
                "WARC-Concurrent-To", response_record.rec_headers.get_header("WARC-Record-ID")
            )
            writer.write_record(request_record)


def _reason(exc: Exception) -> str:
    text = str(exc)
    return text if len(text) < 300 else text[:300] + "..."
