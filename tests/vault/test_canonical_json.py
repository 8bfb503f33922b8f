"""The fast canonical JSON must be byte-identical to the rfc8785 reference on every value."""

from __future__ import annotations

import rfc8785
from hypothesis import given, settings
from hypothesis import strategies as st

from casefile.vault import canonical_json

# Keys and strings over all of Unicode (surrogates excluded: they are not valid JSON text),
# weighted toward the characters where orderings and escapes differ.
tricky = st.sampled_from(["\ue000", "\U0001f600", "\x00", "\x1f", "\x7f", '"', "\\", "é", "\u2028"])
text = st.lists(st.one_of(tricky, st.characters(exclude_categories=["Cs"])), max_size=6).map(
    "".join
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**53) + 1, max_value=2**53 - 1),
    st.integers(min_value=2**53, max_value=2**60),
    st.floats(allow_nan=False, allow_infinity=False),
    text,
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(text, inner, max_size=4)),
    max_leaves=20,
)


def reference(value: object) -> bytes | str:
    try:
        return bytes(rfc8785.dumps(value))
    except Exception as exc:
        return type(exc).__name__


def ours(value: object) -> bytes | str:
    try:
        return canonical_json.dumps(value)
    except Exception as exc:
        return type(exc).__name__


@settings(max_examples=800, deadline=None)
@given(values)
def test_fast_path_equals_rfc8785(value: object) -> None:
    assert ours(value) == reference(value)


def test_key_order_is_utf16_not_code_points() -> None:
    value = {"\U0001f600": 1, "\ue000": 2, "a": 3}
    assert canonical_json.dumps(value) == bytes(rfc8785.dumps(value))
    # In UTF-16 the emoji (a surrogate pair, 0xD83D...) sorts before U+E000.
    assert canonical_json.dumps(value).index("\U0001f600".encode()) < canonical_json.dumps(
        value
    ).index("\ue000".encode())


def test_event_shaped_value_uses_plain_encoder() -> None:
    event = {"v": 1, "kind": "viewed", "data": {"reason": "Ölçü \n", "n": 12}, "item": None}
    assert canonical_json.dumps(event) == bytes(rfc8785.dumps(event))
    assert canonical_json._plain(event)
    assert not canonical_json._plain({"x": 1.5})


@settings(max_examples=300, deadline=None)
@given(
    kind=text,
    actor=text,
    time=text,
    item=st.one_of(st.none(), text),
    data=st.dictionaries(text, values, max_size=4),
)
def test_event_body_is_canonical(
    kind: str, actor: str, time: str, item: str | None, data: dict[str, object]
) -> None:
    from casefile.vault.custody_ledger import Event

    event = Event(kind, actor, data, item, time)
    assert ours_body(event) == reference(event.as_json())


def ours_body(event: object) -> bytes | str:
    try:
        return event.body()  # type: ignore[attr-defined, no-any-return]
    except Exception as exc:
        return type(exc).__name__
