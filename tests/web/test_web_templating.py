"""The page environment's cheaper output escaping and URL quoting give Jinja's own answers."""

from __future__ import annotations

from pathlib import Path

import jinja2
import markupsafe
import pytest

from casefile.vault.workspace import Workspace
from casefile.web.templating import environment, output_escape, url_quote


class Html:
    def __html__(self) -> str:
        return "<b>safe</b>"


VALUES = [
    "plain",
    "<script>alert('x') & \"y\"</script>",
    "Шевченко <Олена>",
    "",
    3,
    -2.5,
    float("nan"),
    True,
    None,
    markupsafe.Markup("<i>kept</i>"),
    Html(),
    ["<a>", 1],
    {"k": "<v>"},
]


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_output_escape_matches_markupsafe(value: object) -> None:
    assert str(output_escape(value)) == str(markupsafe.escape(value))


def test_templates_render_as_jinja_does(tmp_path: Path) -> None:
    body = (
        "{% macro m(v) %}[{{ v }}]{% endmacro %}"
        "{% for v in values %}{{ v }}|{{ m(v) }}|{{ v|e }}|{% set s %}{{ v }}{% endset %}{{ s }}"
        "{% endfor %}{{ tag|urlencode }} {{ pairs|urlencode }}"
    )
    (tmp_path / "t.html").write_text(body)
    ours = environment(tmp_path).get_template("t.html")
    plain = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(tmp_path)), autoescape=jinja2.select_autoescape()
    ).get_template("t.html")
    data = {"values": VALUES, "tag": "a tag/ü&", "pairs": {"q": "x y", "n": 2}}
    assert ours.render(**data) == plain.render(**data)


def test_url_quote_matches_jinja() -> None:
    for value in ("bench", "a b/c?d=é", 42):
        assert url_quote(value) == jinja2.filters.do_urlencode(value)  # type: ignore[arg-type]


def test_every_template_is_compiled_before_the_app_serves(workspace: Workspace) -> None:
    """A worker's first request of a page no longer compiles its templates (15-45 ms of it):
    the app's start compiles them all."""
    from web_helpers import client_for

    from casefile.web.app import create_app

    app = create_app(workspace)
    env = app.state.templates.env
    names = set(env.list_templates(extensions=["html"]))
    assert len(names) > 20 and not {key[1] for key in env.cache} & names
    with client_for(app):
        assert {key[1] for key in env.cache} >= names
