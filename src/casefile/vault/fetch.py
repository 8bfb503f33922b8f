"""Capturing a URL: the response body as evidence, plus a WARC record of the whole exchange."""

from __future__ import annotations

from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import BinaryIO

import requests
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

MAX_REDIRECTS = 10


class FetchError(Exception):
    """The URL could not be captured: nothing is stored as if it were good."""


@dataclass
class Capture:
    url: str
    final_url: str
    status: int
    headers: dict[str, str]
    redirects: list[str] = field(default_factory=list)


def fetch_url(
    url: str, body_out: BinaryIO, warc_path: Path, timeout: float, user_agent: str
) -> Capture:
    """Streams the body of ``url`` into ``body_out`` and writes the exchange as WARC records.

    The body is asked for without content encoding, so the stored bytes are exactly the bytes
    that crossed the wire and the WARC replays them. Every redirect hop is recorded too.
    """
    session = requests.Session()
    session.max_redirects = MAX_REDIRECTS
    session.headers["User-Agent"] = user_agent
    session.headers["Accept-Encoding"] = "identity"
    try:
        with session.get(url, stream=True, timeout=timeout, allow_redirects=True) as resp:
            for chunk in resp.raw.stream(1 << 20, decode_content=False):
                body_out.write(chunk)
            body_out.flush()
            capture = Capture(
                url=url,
                final_url=resp.url,
                status=resp.status_code,
                headers=dict(resp.headers.items()),
                redirects=[r.url for r in resp.history],
            )
            _write_warc(warc_path, [*resp.history, resp], body_out)
    except requests.exceptions.TooManyRedirects as exc:
        raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects (a redirect loop?)") from exc
    except requests.exceptions.Timeout as exc:
        raise FetchError(f"{url}: no answer within {timeout:g} s (timed out)") from exc
    except requests.exceptions.InvalidURL as exc:
        raise FetchError(f"{url}: not a valid URL ({exc})") from exc
    except requests.exceptions.ConnectionError as exc:
        raise FetchError(f"{url}: could not connect ({_reason(exc)})") from exc
    except requests.exceptions.RequestException as exc:
        raise FetchError(f"{url}: the request failed ({_reason(exc)})") from exc
    return capture


def _write_warc(path: Path, hops: list[requests.Response], body: BinaryIO) -> None:
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for n, hop in enumerate(hops):
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
                    hop.url, "response", payload=BytesIO(hop.content), http_headers=resp_headers
                )
                writer.write_record(response_record)
            request_record.rec_headers.add_header(
                "WARC-Concurrent-To", response_record.rec_headers.get_header("WARC-Record-ID")
            )
            writer.write_record(request_record)


def _reason(exc: Exception) -> str:
    text = str(exc)
    return text if len(text) < 300 else text[:300] + "..."
