"""Capturing a URL: the response body as evidence, plus a WARC record of the whole exchange."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from warcio.capture_http import capture_http  # must come before requests: it patches http.client

import requests  # noqa: I001

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
    """Streams the body of ``url`` into ``body_out`` and records the exchange as WARC."""
    session = requests.Session()
    session.max_redirects = MAX_REDIRECTS
    session.headers["User-Agent"] = user_agent
    try:
        with capture_http(str(warc_path)):
            with session.get(url, stream=True, timeout=timeout, allow_redirects=True) as resp:
                for chunk in resp.iter_content(chunk_size=1 << 20):
                    body_out.write(chunk)
                capture = Capture(
                    url=url,
                    final_url=resp.url,
                    status=resp.status_code,
                    headers={k: v for k, v in resp.headers.items()},
                    redirects=[r.url for r in resp.history],
                )
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


def _reason(exc: Exception) -> str:
    text = str(exc)
    return text if len(text) < 300 else text[:300] + "..."
