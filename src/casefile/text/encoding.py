"""Bytes of a text file to str: BOMs, UTF-8, then a detector for legacy code pages
(cp1251, koi8-r)."""

from __future__ import annotations

import codecs

from casefile.errors import CasefileError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters: an image or archive renamed .txt, not text."""
    sample = data[:65536]
    if not sample:
        return False
    if any(sample.startswith(bom) for bom, _ in _BOMS[1:]):
        return False  # UTF-16/32 text is full of NULs by design
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls / len(sample) > 0.05


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    """The text and the encoding it was read with."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as exc:
                raise CasefileError(
                    f"{name}: starts with a {enc} byte-order mark but is not {enc}"
                ) from exc
    if looks_binary(data):
        raise CasefileError(f"{name}: looks like a binary file (NUL or control bytes), not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=None).best()
    if best is None:
        raise CasefileError(
            f"{name}: cannot tell the text encoding (not UTF-8, no known code page fits)"
        )
    return str(best), str(best.encoding)
