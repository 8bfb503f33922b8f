"""Synthetic lists written to files and imported: shared by the people tests."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

from sqlalchemy import select

from casefile.people.importer import import_list
from casefile.people.schema import person_members, victim_records
from casefile.people.synthetic import generate, harsh_styles, write_csv
from casefile.vault.workspace import Workspace


def import_synthetic(
    ws: Workspace, folder: Path, n_people: int, seed: int, harsh: bool = False
) -> None:
    """Four lists (police, ngo, media, appeals); `harsh`: hand-typed as in the field (half the
    names mistyped, a small town's name pool; see synthetic.HARSH_STYLES)."""
    if harsh:
        syn = generate(n_people, seed, harsh_styles(4, seed), pool="small", death_days=40)
    else:
        syn = generate(n_people, seed=seed)
    for name, rows in syn.lists.items():
        f = folder / f"{name}.csv"
        write_csv(rows, f, encoding="cp1251" if name == "appeals" else "utf-8")
        import_list(ws, f, name, event_year=2022)


def truth_and_persons(ws: Workspace, run_id: int) -> tuple[dict[int, int], dict[int, str]]:
    with ws.db.read() as conn:
        truth = {
            r.id: int(json.loads(r.extra)["truth"])
            for r in conn.execute(select(victim_records.c.id, victim_records.c.extra))
        }
        person = {
            r.record_pk: r.person_id
            for r in conn.execute(
                select(person_members.c.record_pk, person_members.c.person_id).where(
                    person_members.c.run_id == run_id
                )
            )
        }
    return truth, person


def pairwise_f1(truth: dict[int, int], person: dict[int, str]) -> tuple[float, float, float]:
    def pairs(labels: dict[int, object]) -> set[tuple[int, int]]:
        groups: dict[object, list[int]] = {}
        for rec, lab in labels.items():
            groups.setdefault(lab, []).append(rec)
        return {p for g in groups.values() for p in itertools.combinations(sorted(g), 2)}

    t, p = pairs(dict(truth)), pairs(dict(person))
    tp = len(t & p)
    precision = tp / len(p) if p else 1.0
    recall = tp / len(t) if t else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1
