"""The same model on Spark (local mode) gives the same links as on DuckDB."""

from __future__ import annotations

import shutil

import pytest
from bench_helpers_people import small_tables

from casefile.people import model

pytestmark = pytest.mark.slow


@pytest.mark.skipif(shutil.which("java") is None, reason="Spark needs Java (no java on PATH)")
def test_people_spark_local_mode_matches_duckdb() -> None:
    pytest.importorskip("pyspark")
    table = small_tables(40, seed=9)
    duck = model.score(table, model.ours(), model.duckdb_api(), max_iterations=5)
    spark = model.score(table, model.ours(), model.spark_api(), max_iterations=5)

    def links(s: model.Scored) -> dict[tuple[int, int], float]:
        p = s.pairs
        return {
            (int(a), int(b)): float(q)
            for a, b, q in zip(
                p.column("unique_id_l").to_pylist(),
                p.column("unique_id_r").to_pylist(),
                p.column("match_probability").to_pylist(),
                strict=True,
            )
        }

    d, s = links(duck), links(spark)
    assert d and set(d) == set(s)
    strong_d = {k for k, q in d.items() if q >= 0.9}
    strong_s = {k for k, q in s.items() if q >= 0.9}
    assert strong_d == strong_s
    assert max(abs(d[k] - s[k]) for k in d) < 0.05
