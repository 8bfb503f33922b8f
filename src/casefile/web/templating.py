"""The Jinja environment of the pages: compiled once, never re-read, dict keys looked up first.

Pages hand templates plain dicts, and Jinja's ``a.b`` tries ``getattr`` first: for a dict key
that raises (and catches) an AttributeError on every lookup, which was a large part of
rendering a list page. ``getattr`` here looks a dict's key up first when the name is not an
attribute of ``dict`` itself; a plain dict has no other attributes, so the answer is the same
as Jinja's, only without the exception. ``auto_reload`` is off: templates are package data
and do not change under a running server (no ``stat`` per render).
"""

from __future__ import annotations

import functools
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

import jinja2
import markupsafe
from jinja2.filters import do_urlencode

_DICT_ATTRS = frozenset(dir(dict))
# markupsafe's C escaper itself; markupsafe.escape wraps it in a Markup per value.
_escape_text = getattr(markupsafe, "_escape_inner", None)


def output_escape(value: Any) -> Any:
    """What ``{{ value }}`` writes under autoescape, as ``markupsafe.escape`` but cheaper: the
    output of a template is joined into one string, so it needs the escaped text, not a Markup
    object per value (half of a timeline page's render was ``escape``: numbers, coordinates,
    names); a number's text has nothing to escape."""
    kind = type(value)
    if kind is str and _escape_text is not None:
        return _escape_text(value)
    if kind is int or kind is float:
        return str(value)
    return markupsafe.escape(value)


class PageTemplate(jinja2.Template):
    @classmethod
    def _from_namespace(
        cls,
        environment: jinja2.Environment,
        namespace: MutableMapping[str, Any],
        globals: MutableMapping[str, Any],
    ) -> jinja2.Template:
        # The compiled template looks ``escape`` up in its module namespace for every output.
        namespace["escape"] = output_escape
        return super()._from_namespace(environment, namespace, globals)


class PageEnvironment(jinja2.Environment):
    template_class = PageTemplate

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_ATTRS:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


def human_size(n: int) -> str:
    """Bytes for people (a filter: a macro call per row cost more than the row's other cells)."""
    if n >= 1048576:
        return f"{n / 1048576:.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.1f} kB"
    return f"{n} bytes"


def place_names(places: list[dict[str, Any]]) -> str:
    """'Bucha, Irpin' (``map(attribute=...)|join`` per row went through Jinja's async-aware
    filter wrappers)."""
    return ", ".join(str(p.get("name") or "") for p in places)


def url_quote(value: Any) -> str:
    """Jinja's ``urlencode``, remembered for text: list pages quote the same few tags on every
    row."""
    return _quote_text(value) if type(value) is str else do_urlencode(value)


@functools.lru_cache(maxsize=4096)
def _quote_text(value: str) -> str:
    return do_urlencode(value)


def utc_time(value: str) -> str:
    """'2026-11-25T17:16:02.123Z' -> '2026-11-25 17:16:02' (for the lists' time columns)."""
    return value[:19].replace("T", " ")


def environment(directory: Path) -> PageEnvironment:
    env = PageEnvironment(
        loader=jinja2.FileSystemLoader(str(directory)),
        autoescape=jinja2.select_autoescape(),
        auto_reload=False,
        cache_size=400,
    )
    env.filters["human_size"] = human_size
    env.filters["place_names"] = place_names
    env.filters["utc_time"] = utc_time
    env.filters["urlencode"] = url_quote
    return env
