"""casefile victims: import victim lists, link them into persons, review doubtful pairs, export."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from casefile.cli.common import console, err_console, open_workspace
from casefile.errors import CasefileError
from casefile.export.cells import write_rows

victims_app = typer.Typer(
    help="Victim lists: import, link into persons, review, export.", no_args_is_help=True
)


def register(app: typer.Typer) -> None:
    app.add_typer(victims_app, name="victims")


def _parse_map(items: list[str] | None) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in items or []:
        if "=" not in item:
            raise CasefileError(f"--map {item!r}: write COLUMN=FIELD (e.g. --map 'ПІБ=full_name')")
        col, fld = item.rsplit("=", 1)
        out[col.strip()] = fld.strip()
    return out


@victims_app.command("import")
def import_cmd(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="The list: .csv (any encoding) or .xlsx.")],
    source: Annotated[str, typer.Option(help="Name of this list (police, ngo-2022-04, ...).")],
    map_: Annotated[
        list[str] | None,
        typer.Option("--map", help="COLUMN=FIELD (repeatable); FIELD may be 'extra'."),
    ] = None,
    sheet: Annotated[str | None, typer.Option(help="XLSX: the sheet to read.")] = None,
    event_year: Annotated[
        int | None, typer.Option(help="Year of the events, to turn ages into birth years.")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check and preview only; write nothing.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Preserve a list file in the vault and import its rows (all of them, or none)."""
    from casefile.people.importer import ListRejected, import_list

    ws = open_workspace(ctx)
    try:
        res = import_list(ws, file, source, _parse_map(map_), sheet, event_year, dry_run)
    except ListRejected as exc:
        if as_json:
            console.print_json(
                data={
                    "error": str(exc),
                    "problems": [p.__dict__ for p in exc.problems[:1000]],
                    "count": len(exc.problems),
                }
            )
        else:
            _problems_table(exc.problems, "problems (nothing was imported)")
        raise
    parsed = res.parsed
    if as_json:
        console.print_json(
            data={
                "source": res.source,
                "list_id": res.list_id,
                "item": res.item_sha256,
                "event_seq": res.event_seq,
                "dry_run": res.dry_run,
                "rows": len(parsed.records),
                "encoding": parsed.encoding,
                "sheet": parsed.sheet,
                "mapping": parsed.mapping,
                "warnings": [w.__dict__ for w in parsed.warnings],
                "preview": parsed.preview,
            },
            default=str,
        )
        return
    mt = Table("column", "field", title=f"{file.name}: column mapping")
    for col, fld in parsed.mapping.items():
        mt.add_row(escape(col), fld if fld != "extra" else "[dim]extra[/]")
    console.print(mt)
    pv = Table(
        "row", "record_id", "given", "patronymic", "family", "sex", "born", "age", "place",
        "status", "name key", title="preview (first rows, as read)",
    )  # fmt: skip
    for r in parsed.preview:
        pv.add_row(
            str(r["row_number"]), escape(r["record_id"]), escape(r["given_name"] or ""),
            escape(r["patronymic"] or ""), escape(r["family_name"] or ""), r["sex"] or "",
            r["birth_date"] or "", "" if r["age"] is None else str(r["age"]),
            escape(r["place"] or ""), r["status"] or "",
            f"{r['family_key'] or ''} {r['given_key'] or ''}",
        )  # fmt: skip
    console.print(pv)
    if parsed.warnings:
        _problems_table(parsed.warnings, "warnings (imported as given)")
    enc = f", encoding {parsed.encoding}" if parsed.encoding else ""
    if res.dry_run:
        console.print(f"dry run: {len(parsed.records)} rows would be imported as {res.source}{enc}")
    else:
        console.print(
            f"imported {len(parsed.records)} rows as [bold]{escape(res.source)}[/]{enc}; file "
            f"{(res.item_sha256 or '')[:12]} in the vault, ledger event {res.event_seq}"
        )


def _problems_table(problems: list[Any], title: str, limit: int = 50) -> None:
    t = Table("row", "column", "problem", title=f"{title}: {len(problems)}")
    for p in problems[:limit]:
        t.add_row(str(p.row), escape(p.column), escape(p.message))
    if len(problems) > limit:
        t.add_row("...", "", f"and {len(problems) - limit} more (use --json for all)")
    err_console.print(t)


@victims_app.command("lists")
def lists_cmd(ctx: typer.Context, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """The imported lists."""
    from sqlalchemy import select

    from casefile.people.schema import victim_lists

    ws = open_workspace(ctx)
    with ws.db.read() as conn:
        rows = [dict(r._mapping) for r in conn.execute(select(victim_lists))]
    if as_json:
        console.print_json(data=rows, default=str)
        return
    t = Table("id", "source", "rows", "file", "item", "imported", "by")
    for r in rows:
        t.add_row(
            str(r["id"]), escape(r["source"]), str(r["rows"]), escape(r["file_name"]),
            r["item_sha256"][:12], r["created_at"][:19], escape(r["created_by"]),
        )  # fmt: skip
    console.print(t)


@victims_app.command("link")
def link_cmd(
    ctx: typer.Context,
    upper: Annotated[float, typer.Option(help="Same person at or above this probability.")] = 0.9,
    lower: Annotated[float, typer.Option(help="Review pairs from here up to --upper.")] = 0.3,
    backend: Annotated[
        str, typer.Option(help="duckdb (default) or spark (local mode).")
    ] = "duckdb",
    seed: Annotated[int, typer.Option(help="Seed for the random pairs that train u.")] = 42,
    compare: Annotated[
        list[str] | None,
        typer.Option(
            help="An extra column of the lists to compare too (a document number, an "
            "address); repeat or separate with commas."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Link every imported record into persons (a new run; review decisions are respected)."""
    from casefile.people.link import LinkOptions, run_link

    ws = open_workspace(ctx)
    fields = tuple(f.strip() for c in compare or [] for f in c.split(",") if f.strip())
    opts = LinkOptions(upper=upper, lower=lower, backend=backend, seed=seed, compare=fields)
    with console.status("training the model and scoring pairs..."):
        res = run_link(ws, opts)
    data = {
        "run": res.run_id,
        "records": res.records,
        "persons": res.persons,
        "links": res.links,
        "review_pairs": res.review,
        "refused_by_decisions": res.refused,
        "event_seq": res.event_seq,
        "parameters": res.parameters,
        "seconds": {k: round(v, 2) for k, v in res.timings.items()},
    }
    if as_json:
        console.print_json(data=data)
        return
    console.print(
        f"run {res.run_id}: {res.records} records -> [bold]{res.persons}[/] persons, "
        f"{res.links} links at >= {upper}, {res.review} pairs to review"
        + (f", {res.refused} strong links refused by 'different' decisions" if res.refused else "")
        + f" ({res.timings.get('total', 0):.1f}s)"
    )
    if res.parameters != "trained":
        console.print(f"[yellow]note:[/] {escape(res.parameters)}")


def _side_by_side(pair: Any) -> Table:
    from casefile.people.review import SHOWN

    t = Table("field", pair.ref_l, pair.ref_r, show_lines=False)
    for f in SHOWN[2:]:
        a, b = pair.record_l.get(f), pair.record_r.get(f)
        if a in (None, "") and b in (None, ""):
            continue
        style = None if (a or "") == (b or "") else "yellow"
        t.add_row(f, escape(str(a or "")), escape(str(b or "")), style=style)
    extra_l, extra_r = json.loads(pair.record_l["extra"]), json.loads(pair.record_r["extra"])
    for k in sorted(set(extra_l) | set(extra_r)):
        t.add_row(f"[dim]{escape(k)}[/]", escape(str(extra_l.get(k, ""))),
                  escape(str(extra_r.get(k, ""))))  # fmt: skip
    return t


def _evidence_lines(evidence: list[dict[str, Any]]) -> list[str]:
    out = []
    for e in sorted(evidence, key=lambda e: -abs(e["weight"])):
        w = e["weight"]
        if abs(w) < 0.05:
            continue
        side = "[green]for[/]" if w > 0 else "[red]against[/]"
        out.append(f"  {side} {escape(e['comparison'])}: {escape(e['level'])} ({w:+.1f})")
    return out


@victims_app.command("review")
def review_cmd(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option(help="At most this many pairs in this session.")] = 20,
    list_only: Annotated[
        bool, typer.Option("--list", help="Only show the queue, ask nothing.")
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="The queue as JSON (asks nothing).")
    ] = False,
) -> None:
    """Go through the doubtful pairs: same, different or unsure, each with a reason."""
    from casefile.people.review import decide, queue

    ws = open_workspace(ctx)
    with ws.db.read() as conn:
        todo = queue(conn, limit=limit)
    if as_json:
        console.print_json(
            data=[
                {
                    "left": p.ref_l,
                    "right": p.ref_r,
                    "match_probability": p.match_probability,
                    "evidence": p.evidence,
                    "decision": p.decision,
                }
                for p in todo
            ],
            default=str,
        )
        return
    if not todo:
        console.print("nothing to review")
        return
    done = 0
    for i, p in enumerate(todo, 1):
        console.rule(f"pair {i} of {len(todo)}: match probability {p.match_probability:.3f}")
        console.print(_side_by_side(p))
        for line in _evidence_lines(p.evidence):
            console.print(line)
        if list_only:
            continue
        answer = typer.prompt("same / different / unsure / skip / quit [s/d/u/k/q]", default="k")
        choice = {"s": "same", "d": "different", "u": "unsure", "k": "skip", "q": "quit"}.get(
            answer.strip().lower()[:1], "skip"
        )
        if choice == "quit":
            break
        if choice == "skip":
            continue
        reason = typer.prompt("reason")
        seq = decide(ws, p.ref_l, p.ref_r, choice, reason, p.run_id)
        done += 1
        console.print(f"recorded: {choice} (ledger event {seq})")
    if not list_only:
        console.print(f"{done} decisions recorded; run 'casefile victims link' to apply them")


@victims_app.command("decide")
def decide_cmd(
    ctx: typer.Context,
    left: Annotated[str, typer.Argument(help="SOURCE:RECORD_ID")],
    right: Annotated[str, typer.Argument(help="SOURCE:RECORD_ID")],
    decision: Annotated[str, typer.Argument(help="same, different or unsure")],
    reason: Annotated[str, typer.Option(help="Why (kept with the decision).")],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Record a decision on one pair without the interactive review."""
    from casefile.people.review import decide

    ws = open_workspace(ctx)
    seq = decide(ws, left, right, decision, reason)
    if as_json:
        console.print_json(
            data={"left": left, "right": right, "decision": decision, "event_seq": seq}
        )
    else:
        console.print(f"recorded: {left} / {right}: {decision} (ledger event {seq})")


@victims_app.command("list")
def list_cmd(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option(help="Show at most this many persons.")] = 50,
    conflicts: Annotated[
        bool, typer.Option("--conflicts", help="Only persons whose lists disagree.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Persons of the newest linkage run."""
    from casefile.people.registry import persons

    ws = open_workspace(ctx)
    with ws.db.read() as conn:
        ps = persons(conn)
    if conflicts:
        ps = [p for p in ps if p.conflicts or (p.status or "").startswith("conflict")]
    if as_json:
        console.print_json(data=[_person_json(p) for p in ps[:limit]], default=str)
        return
    t = Table("person", "name", "born", "place", "status", "records", "conflicts")
    for p in ps[:limit]:
        r = p.records[0]
        name = " ".join(x for x in (r["family_name"], r["given_name"], r["patronymic"]) if x)
        t.add_row(
            p.person_id, escape(name), r["birth_date"] or "", escape(p.values.get("place") or ""),
            escape(p.status or ""), ", ".join(f"{x['source']}:{x['record_id']}" for x in p.records),
            escape("; ".join(f"{k}: {' / '.join(v)}" for k, v in p.conflicts.items())),
        )  # fmt: skip
    console.print(t)
    console.print(f"{len(ps)} persons")


def _person_json(p: Any) -> dict[str, Any]:
    return {
        "person_id": p.person_id,
        "status": p.status,
        "history": p.history,
        "conflicts": p.conflicts,
        "values": p.values,
        "records": [
            {
                k: r[k]
                for k in (
                    "source",
                    "record_id",
                    "full_name",
                    "given_name",
                    "patronymic",
                    "family_name",
                    "sex",
                    "birth_date",
                    "age",
                    "event_date",
                    "place",
                    "status",
                )
            }
            for r in p.records
        ],
    }


@victims_app.command("show")
def show_cmd(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="A person id (P0000012) or SOURCE:RECORD_ID.")],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """One person: every record, the status history, and where the lists disagree."""
    from casefile.people.registry import persons
    from casefile.people.review import resolve_ref

    ws = open_workspace(ctx)
    with ws.db.read() as conn:
        ps = persons(conn)
        if ref.upper().startswith("P") and ref[1:].isascii() and ref[1:].isdigit():
            found = [p for p in ps if p.person_id == ref.upper()]
        else:
            pk = resolve_ref(conn, ref)
            found = [p for p in ps if any(r["id"] == pk for r in p.records)]
    if not found:
        raise CasefileError(f"no person {ref!r} in the newest linkage run")
    p = found[0]
    if as_json:
        console.print_json(data=_person_json(p), default=str)
        return
    console.print(f"[bold]{p.person_id}[/]: {escape(p.status or 'status unknown')}")
    t = Table("source", "record", "name", "sex", "born", "age", "event", "place", "status")
    for r in p.records:
        name = r["full_name"] or " ".join(
            x for x in (r["given_name"], r["patronymic"], r["family_name"]) if x
        )
        t.add_row(
            escape(r["source"]), escape(r["record_id"]), escape(name), r["sex"] or "",
            r["birth_date"] or "", "" if r["age"] is None else str(r["age"]),
            r["event_date"] or "", escape(r["place"] or ""), r["status"] or "",
        )  # fmt: skip
    console.print(t)
    if p.history:
        console.print("history: " + escape("; ".join(p.history)))
    for k, v in p.conflicts.items():
        console.print(f"[yellow]lists disagree on {k}:[/] {escape(' / '.join(v))}")


@victims_app.command("export")
def export_cmd(
    ctx: typer.Context,
    out: Annotated[Path, typer.Argument(help="OUT.csv or OUT.xlsx")],
) -> None:
    """One row per source record: person_id, source, record_id, match_probability, fields."""
    from casefile.people.registry import export_rows

    ws = open_workspace(ctx)
    with ws.db.read() as conn:
        rows = export_rows(conn)
    write_rows(out, rows)
    console.print(f"wrote {len(rows)} records to {out}")


@victims_app.command("histories")
def histories_cmd(
    ctx: typer.Context,
    out: Annotated[Path, typer.Argument(help="OUT.csv (or .xlsx)")],
    strata: Annotated[
        str | None, typer.Option(help="place, oblast, sex, status, birth_decade, age_group")
    ] = None,
    alternatives: Annotated[
        int, typer.Option(help="Also N linkages sampled from the match probabilities.")
    ] = 0,
    seed: Annotated[int, typer.Option(help="Seed for the sampled linkages.")] = 1,
) -> None:
    """Capture histories: one row per person, a 0/1 column per list (and strata).

    With --alternatives N the file has a `linkage` column: 0 for the registry itself, 1..N for
    linkages drawn from the match probabilities (so estimates can carry linkage doubt)."""
    from casefile.people.registry import alternative_linkages, capture_histories, histories_for

    ws = open_workspace(ctx)
    cols = [s.strip() for s in strata.split(",")] if strata else []
    with ws.db.read() as conn:
        lists, rows = capture_histories(conn, cols)
        if alternatives:
            rows = [{"linkage": 0, **r} for r in rows]
            for i, linkage in enumerate(alternative_linkages(conn, alternatives, seed), 1):
                _, alt = histories_for(conn, linkage, cols)
                rows.extend({"linkage": i, **r} for r in alt)
    columns = (["linkage"] if alternatives else []) + ["person_id", *lists, *cols, "records"]
    write_rows(out, rows, columns)
    console.print(f"wrote {len(rows)} capture histories over {len(lists)} lists to {out}")
