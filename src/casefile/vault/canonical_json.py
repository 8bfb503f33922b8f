"""RFC 8785 (JCS) canonical JSON, fast for the values custody events hold.

The `rfc8785` package is exact but pure Python and was most of the cost of a ledger append.
For values whose JCS form is what `json.dumps` already writes, we let the C encoder do it:
no floats (JCS prints numbers the ECMAScript way, Python does not), integers within the
IEEE-754 safe range, and object keys without characters above U+FFFF (JCS sorts keys by UTF-16
code units, Python by code points; the two orders differ only when such characters meet
U+E000..U+FFFF). Anything else goes to `rfc8785`. Tests check both paths agree on random values.
"""

from __future__ import annotations

import json
from typing import Any

import rfc8785

_SAFE_INT = 2**53 - 1
_ENCODER = json.JSONEncoder(
    ensure_ascii=False, allow_nan=False, sort_keys=True, separators=(",", ":")
)
_C_ENCODE = getattr(
    json.encoder, "c_make_encoder", None
)  # the C encoder without JSONEncoder's per-call set-up


def _refuse(value: Any) -> Any:
    raise TypeError(f"not JSON: {type(value).__name__}")


_FAST = (
    _C_ENCODE(None, _refuse, json.encoder.encode_basestring, None, ":", ",", True, False, False)
    if _C_ENCODE is not None
    else None
)
# Walking more nodes than this (or a cycle) sends the value to rfc8785, which names the problem.
_MAX_NODES = 100_000


def _plain(value: Any) -> bool:
    """True when json.dumps of `value` is already its RFC 8785 form."""
    if type(value) is dict and _plain_flat_dict(value):
        return True  # the common event data: a few keys with scalar values
    pending = [value]
    seen = 0
    while pending:
        seen += 1
        if seen > _MAX_NODES:
            return False
        item = pending.pop()
        kind = type(item)
        if kind is str or item is None or kind is bool:
            continue
        if kind is int:
            if not -_SAFE_INT <= item <= _SAFE_INT:
                return False
        elif kind is dict:
            for key in item:
                if type(key) is not str or not (key.isascii() or max(key) <= "\uffff"):
                    return False
            pending.extend(item.values())
        elif kind is list or kind is tuple:
            pending.extend(item)
        else:
            return False
    return True


def _plain_flat_dict(value: dict[Any, Any]) -> bool:
    for key, item in value.items():
        if type(key) is not str or not (key.isascii() or max(key) <= "\uffff"):
            return False
        kind = type(item)
        if kind is str or item is None or kind is bool:
            continue
        if kind is not int or not -_SAFE_INT <= item <= _SAFE_INT:
            return False
    return True


def dumps_object_member(value: Any) -> str | None:
    """JCS text of `value` when the fast encoder is exact for it, else None (caller falls back)."""
    if not _plain(value):
        return None
    if _FAST is None:
        return _ENCODER.encode(value)
    return "".join(_FAST(value, 0))


def dumps(value: Any) -> bytes:
    """The RFC 8785 canonical serialisation of a JSON value, as UTF-8 bytes."""
    if _plain(value):
        try:
            return _ENCODER.encode(value).encode("utf-8")
        except UnicodeEncodeError:
            pass  # a lone surrogate: let rfc8785 name the problem
    return bytes(rfc8785.dumps(value))
