"""What a blob is, from its bytes (never from its name), and what an image says about itself."""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Any

import filetype
from PIL import ExifTags, Image, UnidentifiedImageError

_TEXT_SIGNS = (
    (b"<!doctype html", "text/html"),
    (b"<html", "text/html"),
    (b"<?xml", "application/xml"),
    (b"warc/1.", "application/warc"),
)


def sniff_media_type(head: bytes) -> str:
    """Media type from the first bytes of the content."""
    kind = filetype.guess(head)
    if kind is not None:
        return str(kind.mime)
    if not head:
        return "application/x-empty"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    for sign, mime in _TEXT_SIGNS:
        if stripped.startswith(sign):
            return mime
    if b"\x00" in head:
        return "application/octet-stream"
    if _is_json(head):
        return "application/json"
    if _decodes(head):
        return "text/plain"
    return "application/octet-stream"


def _decodes(head: bytes) -> bool:
    # The head may end in the middle of a multi-byte character: allow a short tail.
    for cut in range(4):
        try:
            head[: len(head) - cut].decode("utf-8")
            return True
        except UnicodeDecodeError:
            continue
    try:
        head.decode("cp1251")
    except UnicodeDecodeError:
        return False
    # cp1251 decodes almost anything: only call it text if it is mostly printable.
    printable = sum(32 <= b < 127 or b >= 0xC0 or b in b"\r\n\t" for b in head)
    return printable / max(len(head), 1) > 0.9


def _is_json(head: bytes) -> bool:
    s = head.strip()
    if not s or s[:1] not in b"{[":
        return False
    try:
        json.loads(s)
    except ValueError:
        return len(s) >= 8192  # truncated head of a large document: trust the opening
    return True


def _ratio(value: Any) -> float:
    return float(value)


def _gps_degrees(values: Any, ref: Any) -> float | None:
    try:
        d, m, s = (_ratio(v) for v in values)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    deg = d + m / 60 + s / 3600
    if str(ref).upper() in ("S", "W"):
        deg = -deg
    return round(deg, 7)


def read_exif(path: Path) -> dict[str, Any] | None:
    """EXIF of an image as plain JSON values: camera, capture time, GPS position."""
    return read_exif_noted(path)[0]


def read_exif_noted(path: Path) -> tuple[dict[str, Any] | None, str | None]:
    """EXIF as ``read_exif``, and why it could not be read (None when nothing went wrong).

    EXIF is optional metadata about evidence, never a reason to refuse the evidence: a hostile
    or broken image (a 60000x60000 "decompression bomb" header, malformed tags) is still
    preserved byte for byte, with a note instead of EXIF. Pillow's bomb warning is recorded,
    not raised, so that running under ``-W error`` does not abort a whole folder either.
    """
    exif: dict[str, Any] | None = None
    note: str | None = None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", Image.DecompressionBombWarning)
        try:
            exif = _read_exif(path)
        except Image.DecompressionBombError as exc:
            return None, f"EXIF not read: {exc}"
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
            pass  # not an image Pillow knows, or a damaged one: no EXIF to read
        except Exception as exc:  # Pillow raises many kinds on hostile bytes; EXIF is optional
            note = f"EXIF not read: the image's metadata is malformed ({type(exc).__name__})"
    bombs = [w for w in caught if issubclass(w.category, Image.DecompressionBombWarning)]
    if bombs:
        note = f"a very large image: {bombs[0].message}" + (f"; {note}" if note else "")
    return exif, note


def _read_exif(path: Path) -> dict[str, Any] | None:
    with Image.open(path) as img:
        exif = img.getexif()
        if not exif:
            return None
        out: dict[str, Any] = {}
        base = {ExifTags.TAGS.get(k, str(k)): v for k, v in exif.items()}
        sub = {ExifTags.TAGS.get(k, str(k)): v for k, v in exif.get_ifd(ExifTags.IFD.Exif).items()}
        for key in ("Make", "Model", "Software", "DateTime", "Orientation"):
            if key in base:
                out[key] = _plain(base[key])
        for key in ("DateTimeOriginal", "DateTimeDigitized", "OffsetTimeOriginal"):
            if key in sub:
                out[key] = _plain(sub[key])
        gps = {
            ExifTags.GPSTAGS.get(k, str(k)): v
            for k, v in exif.get_ifd(ExifTags.IFD.GPSInfo).items()
        }
        if "GPSLatitude" in gps and "GPSLongitude" in gps:
            lat = _gps_degrees(gps["GPSLatitude"], gps.get("GPSLatitudeRef", "N"))
            lon = _gps_degrees(gps["GPSLongitude"], gps.get("GPSLongitudeRef", "E"))
            if lat is not None and lon is not None:
                out["gps"] = {"lat": lat, "lon": lon}
                if "GPSAltitude" in gps:
                    out["gps"]["alt"] = round(_ratio(gps["GPSAltitude"]), 3)
        return out or None


def _plain(value: Any) -> Any:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace").rstrip("\x00")
    if isinstance(value, str):
        return value.rstrip("\x00")
    if isinstance(value, int):
        return value
    return str(value)
