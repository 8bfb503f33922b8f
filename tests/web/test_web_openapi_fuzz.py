"""Schemathesis against the OpenAPI description: generated input never causes a 500."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from web_helpers import WebCase

EXAMPLES = 12


def test_openapi_lists_the_json_twins(app: Any) -> None:
    spec = app.openapi()
    paths = set(spec["paths"])
    assert {"/api/items", "/api/items/{ref}", "/api/search", "/api/ledger"} <= paths
    assert all(p.startswith("/api/") for p in paths)


def test_generated_requests_never_fail_with_500(app: Any, web_case: WebCase) -> None:
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", app)
    auth = {"Authorization": f"Bearer {web_case.tokens['admin']}"}
    ops = [r.ok() for r in schema.get_all_operations()]
    assert len(ops) >= 10
    failures: list[str] = []
    for op in ops:

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=op.as_strategy())
        def run(case: Any) -> None:
            r = case.call(headers=auth)
            if r.status_code >= 500:
                failures.append(f"{case.method} {case.formatted_path}: {r.text[:200]}")

        run()
    if failures:
        pytest.fail("server errors:\n" + "\n".join(failures[:10]))
