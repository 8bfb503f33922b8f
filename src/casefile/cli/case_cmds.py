"""casefile incident ...: incidents, tolls, evidence, claims vs evidence, legal, perpetrators."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from casefile.cli.common import console, open_workspace, state
from casefile.errors import CasefileError

incident_app = typer.Typer(
    help="Incidents: toll history, evidence, claims against evidence, legal elements.",
    no_args_is_help=True,
)
claim_app = typer.Typer(
    help="Claims and denials weighed against the evidence.", no_args_is_help=True
)
legal_app = typer.Typer(
    help="Alleged crimes by Rome Statute article, element by element.", no_args_is_help=True
)
perp_app = typer.Typer(
    help="Alleged perpetrators (units, persons) with sources.", no_args_is_help=True
)
incident_app.add_typer(claim_app, name="claim")
incident_app.add_typer(legal_app, name="legal")
incident_app.add_typer(perp_app, name="perpetrator")

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON.")]
IdArg = Annotated[int, typer.Argument(help="Incident id.")]


def register(app: typer.Typer) -> None:
    app.add_typer(incident_app, name="incident")


RoleOpt = Annotated[
    str | None,
    typer.Option(
        "--role",
        help="Your role: admin, lead-investigator, legal-counsel, investigator, analyst, viewer "
        "(else $CASEFILE_ROLE, else investigator). Sealing and changing sealed incidents "
        "depend on it; it is recorded with them.",
    ),
]


@incident_app.callback()
def _incident(
    ctx: typer.Context,
    role: RoleOpt = None,
    sealed_reason: Annotated[
        str | None,
        typer.Option(
            "--sealed-reason",
            help="Change a sealed incident (admin, lead-investigator): why, in words. The "
            "change is recorded as its own event naming the role and this reason.",
        ),
    ] = None,
) -> None:
    """Incidents: toll history, evidence, claims against evidence, legal elements."""
    from casefile.case.workflow import sealed_change

    st = state(ctx)
    st["incident_role"] = role or os.environ.get("CASEFILE_ROLE") or "investigator"
    if sealed_reason is not None:
        ctx.with_resource(sealed_change(st["incident_role"], sealed_reason))


def _role(ctx: typer.Context, role: str | None = None) -> str:
    from casefile.case.workflow import check_role

    return check_role(
        role
        or str(state(ctx).get("incident_role") or os.environ.get("CASEFILE_ROLE") or "")
        or "investigator"
    )


def _json(value: Any) -> None:
    typer.echo(json.dumps(value, indent=1, ensure_ascii=False, default=str))


def _done(as_json: bool, value: dict[str, Any], message: str) -> None:
    if as_json:
        _json(value)
    else:
        console.print(message)


# ---- incidents --------------------------------------------------------------------------


@incident_app.command("list")
def list_cmd(
    ctx: typer.Context,
    all_: Annotated[bool, typer.Option("--all", help="Also merged and split incidents.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """List incidents (open ones unless --all)."""
    from casefile.case.figures import best_figures_now
    from casefile.case.incidents import list_incidents

    ws = open_workspace(ctx)
    with ws.db.read() as conn:
        found = list_incidents(conn, include_closed=all_)
        best = {i.id: best_figures_now(conn, i.id) for i in found}
    if as_json:
        _json([{**i.as_json(), "best_figures": best[i.id]} for i in found])
        return
    table = Table("id", "title", "type", "status", "period", "places", "best figures", "state")
    for i in found:
        table.add_row(
            str(i.id),
            escape(i.title),
            escape(i.incident_type),
            i.status,
            i.period,
            escape(", ".join(p["name"] for p in i.places)),
            escape("; ".join(f"{k} {v['value']}" for k, v in best[i.id].items()) or "not chosen"),
            i.state + (f" → {', '.join(map(str, i.successors))}" if i.successors else ""),
        )
    console.print(table)


@incident_app.command("proposals")
def proposals_cmd(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Incidents proposed by extraction from ingested reports, and what became of them."""
    from casefile.case.incidents import proposals

    ws = open_workspace(ctx)
    with ws.db.read() as conn:
        found = proposals(conn)
    if as_json:
        _json(found)
        return
    table = Table("fact", "what", "where", "when", "report", "published", "incident")
    for p in found:
        table.add_row(
            str(p["fact"]),
            escape(p["what"] or "?"),
            escape(", ".join(p["where"])),
            p["when"] or "",
            escape(p["item_name"]),
            p["published"] or "",
            str(p["incident"] or "—"),
        )
    console.print(table)


@incident_app.command("create")
def create_cmd(
    ctx: typer.Context,
    from_fact: Annotated[
        int | None, typer.Option(help="A proposed incident fact ('incident proposals').")
    ] = None,
    title: Annotated[str | None, typer.Option(help="Title.")] = None,
    description: Annotated[str, typer.Option(help="What happened.")] = "",
    incident_type: Annotated[str, typer.Option("--type", help="e.g. massacre of civilians.")] = (
        "unspecified"
    ),
    status: Annotated[str, typer.Option(help="reported|corroborated|verified|disputed.")] = (
        "reported"
    ),
    place: Annotated[list[str] | None, typer.Option(help="NAME or NAME@LAT,LON (repeat).")] = None,
    start: Annotated[str | None, typer.Option(help="Start: YYYY-MM-DD, YYYY-MM or YYYY.")] = None,
    end: Annotated[str | None, typer.Option(help="End date.")] = None,
    precision: Annotated[str | None, typer.Option(help="day|month|year.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Create an incident from a report's proposed incident (--from-fact) or by hand."""
    from casefile.case.incidents import create_incident, parse_place
    from casefile.case.proposals import create_from_proposal

    ws = open_workspace(ctx)
    if from_fact is not None:
        new_id, figures = create_from_proposal(ws, from_fact, title)
        _done(
            as_json,
            {"incident": new_id, "figures": figures},
            f"[green]incident {new_id}[/] created from proposal {from_fact}, "
            f"{len(figures)} figure(s) in its toll history",
        )
        return
    if not title:
        raise CasefileError("give --title (or --from-fact to start from a proposed incident)")
    new_id = create_incident(
        ws,
        title,
        description,
        incident_type,
        status,
        [parse_place(p) for p in place or []],
        start,
        end,
        precision,
    )
    _done(as_json, {"incident": new_id}, f"[green]incident {new_id}[/] created")


@incident_app.command("update")
def update_cmd(
    ctx: typer.Context,
    incident: IdArg,
    reason: Annotated[str, typer.Option(help="Why (kept in the history).")] = "",
    title: Annotated[str | None, typer.Option()] = None,
    description: Annotated[str | None, typer.Option()] = None,
    incident_type: Annotated[str | None, typer.Option("--type")] = None,
    place: Annotated[list[str] | None, typer.Option(help="Replaces the places (repeat).")] = None,
    start: Annotated[str | None, typer.Option()] = None,
    end: Annotated[str | None, typer.Option()] = None,
    precision: Annotated[str | None, typer.Option()] = None,
    as_json: JsonOpt = False,
) -> None:
    """Change an incident: a new version; the old one stays in its history."""
    from casefile.case.incidents import parse_place, update_incident

    ws = open_workspace(ctx)
    version = update_incident(
        ws,
        incident,
        reason,
        title=title,
        description=description,
        incident_type=incident_type,
        places=[parse_place(p) for p in place] if place else None,
        period_start=start,
        period_end=end,
        period_precision=precision,
    )
    _done(as_json, {"incident": incident, "version": version}, f"incident {incident} v{version}")


@incident_app.command("assess")
def assess_cmd(
    ctx: typer.Context,
    incident: IdArg,
    status: Annotated[
        str, typer.Option(help="reported|corroborated|verified|reviewed|disputed (in order).")
    ],
    reasoning: Annotated[str, typer.Option(help="Why this status (required).")] = "",
    as_json: JsonOpt = False,
) -> None:
    """Assess an incident's status, with reasoning."""
    from casefile.case.incidents import assess_incident

    ws = open_workspace(ctx)
    version = assess_incident(ws, incident, status, reasoning)
    _done(
        as_json,
        {"incident": incident, "status": status, "version": version},
        f"incident {incident} is now [bold]{status}[/] (version {version})",
    )


@incident_app.command("seal")
def seal_cmd(
    ctx: typer.Context,
    incident: IdArg,
    reason: Annotated[str, typer.Option(help="Why the reviewed record is sealed, in words.")] = "",
    role: RoleOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Seal a reviewed incident (the workflow's last step): admin, lead-investigator or
    legal-counsel. Afterwards changes need a higher role and a reason (--sealed-reason)."""
    from casefile.case.incidents import seal_incident

    ws = open_workspace(ctx)
    who = _role(ctx, role)
    version = seal_incident(ws, incident, who, reason)
    _done(
        as_json,
        {"incident": incident, "status": "sealed", "version": version, "role": who},
        f"incident {incident} is now [bold]sealed[/] (version {version}, by {ws.actor} as {who})",
    )


@incident_app.command("unseal")
def unseal_cmd(
    ctx: typer.Context,
    incident: IdArg,
    reason: Annotated[str, typer.Option(help="Why the sealed record is reopened, in words.")] = "",
    role: RoleOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Take a sealed incident back to 'reviewed': admin or lead-investigator, with a reason."""
    from casefile.case.incidents import unseal_incident

    ws = open_workspace(ctx)
    who = _role(ctx, role)
    version = unseal_incident(ws, incident, who, reason)
    _done(
        as_json,
        {"incident": incident, "status": "reviewed", "version": version, "role": who},
        f"incident {incident} is unsealed, now [bold]reviewed[/] (version {version})",
    )


@incident_app.command("merge")
def merge_cmd(
    ctx: typer.Context,
    incidents: Annotated[list[int], typer.Argument(help="Two or more incident ids.")],
    reason: Annotated[str, typer.Option(help="Why they are one incident (required).")] = "",
    title: Annotated[str | None, typer.Option(help="Title of the merged incident.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Merge incidents into a new one; the old ones are closed, never changed."""
    from casefile.case.incidents import merge_incidents

    ws = open_workspace(ctx)
    res = merge_incidents(ws, incidents, reason, title)
    if as_json:
        _json({"incident": res.incident, "shared_items": res.shared_items, "copied": res.copied})
        return
    console.print(
        f"[green]incident {res.incident}[/] merges {', '.join(map(str, incidents))} "
        f"(closed, their history kept)"
    )
    if res.shared_items:
        console.print(
            f"[yellow]note:[/] {len(res.shared_items)} item(s) were linked to more than one of "
            f"them and are linked once: {', '.join(s[:12] for s in res.shared_items)}; what each "
            f"incident said they show is kept together"
        )


@incident_app.command("split")
def split_cmd(
    ctx: typer.Context,
    incident: IdArg,
    title: Annotated[str, typer.Option(help="Title of the part split off.")] = "",
    item: Annotated[list[str] | None, typer.Option(help="Evidence item for the part.")] = None,
    figure: Annotated[list[int] | None, typer.Option(help="Toll entry for the part.")] = None,
    claim: Annotated[list[int] | None, typer.Option(help="Claim for the part.")] = None,
    perpetrator: Annotated[list[int] | None, typer.Option(help="Allegation for the part.")] = None,
    reason: Annotated[str, typer.Option(help="Why (required).")] = "",
    as_json: JsonOpt = False,
) -> None:
    """Split an incident: the chosen links go to a new part, the rest to a second new one."""
    from casefile.case.common import require_item
    from casefile.case.incidents import SplitChoice, split_incident

    ws = open_workspace(ctx)
    with ws.db.read() as conn:
        items = [require_item(conn, i) for i in item or []]
    choice = SplitChoice(items, list(figure or []), list(claim or []), list(perpetrator or []))
    part, rest = split_incident(ws, incident, title, choice, reason)
    _done(
        as_json,
        {"part": part, "rest": rest, "split": incident},
        f"incident {incident} split into [green]{part}[/] ({escape(title)}) and "
        f"[green]{rest}[/] (the rest); {incident} is closed, its history kept",
    )


# ---- toll history --------------------------------------------------------------------------


@incident_app.command("figure")
def figure_cmd(
    ctx: typer.Context,
    incident: IdArg,
    fact: Annotated[list[int] | None, typer.Option(help="Figure fact id (repeat).")] = None,
    from_item: Annotated[
        str | None, typer.Option(help="Every figure extracted from this report.")
    ] = None,
    contradiction: Annotated[
        str | None,
        typer.Option(help="Keep a figure that contradicts another from the same source: why."),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Add casualty figures (facts of kind figure) to an incident's toll history."""
    from casefile.case.common import require_item
    from casefile.case.figures import add_figures

    ws = open_workspace(ctx)
    sha = None
    if from_item:
        with ws.db.read() as conn:
            sha = require_item(conn, from_item)
    ids = add_figures(ws, incident, fact, sha, contradiction)
    _done(as_json, {"incident": incident, "figures": ids}, f"{len(ids)} figure(s) added")


@incident_app.command("toll")
def toll_cmd(ctx: typer.Context, incident: IdArg, as_json: JsonOpt = False) -> None:
    """The toll history: every figure from every source in time order, and the chosen best."""
    from casefile.case.figures import best_choices, named_victims_count, toll_history

    ws = open_workspace(ctx)
    with ws.db.read() as conn:
        toll = toll_history(conn, incident)
        choices = best_choices(conn, incident)
        named = named_victims_count(conn, incident)
    if as_json:
        _json(
            {
                "toll_history": [t.as_json() for t in toll],
                "best": choices,
                "named_victims": named,
            }
        )
        return
    _print_toll(toll, choices, named)


def _print_toll(toll: list[Any], choices: dict[str, Any], named: int | None) -> None:
    best_ids = {c[-1]["figure"] for c in choices.values()}
    table = Table("id", "date", "category", "figure", "according to", "sources agreeing", "report")
    for t in toll:
        mark = " [bold green]★ best[/]" if t.figure in best_ids else ""
        flag = " [red](contradiction kept)[/]" if t.contradiction_note else ""
        table.add_row(
            str(t.figure),
            f"{t.date or '?'}" + (" (acq.)" if t.date_basis == "acquired" else ""),
            t.category,
            escape(f"{t.value} {t.who or ''}") + mark + flag,
            escape(t.source) + (" (quoted)" if t.in_quote else ""),
            str(t.corroborated_by) if t.min is not None else "",
            escape(t.item_name),
        )
    console.print(table)
    for category, history in choices.items():
        last = history[-1]
        console.print(
            f"best {category}: figure {last['figure']}, chosen by {escape(last['chosen_by'])} "
            f"({escape(last['reason'])})"
            + (f"; {len(history) - 1} earlier choice(s) kept" if len(history) > 1 else "")
        )
    if not choices:
        console.print("no best figure chosen yet ('casefile incident best ID FIGURE --reason')")
    console.print(f"named victims linked: {named if named is not None else 'n/a'}")


@incident_app.command("best")
def best_cmd(
    ctx: typer.Context,
    incident: IdArg,
    figure: Annotated[int, typer.Argument(help="Toll entry id ('incident toll').")],
    reason: Annotated[str, typer.Option(help="Why this is the best figure now (required).")] = "",
    as_json: JsonOpt = False,
) -> None:
    """Record your choice of the current best figure for its category."""
    from casefile.case.figures import choose_best

    ws = open_workspace(ctx)
    choice = choose_best(ws, incident, figure, reason)
    _done(
        as_json,
        {"incident": incident, "figure": figure, "choice": choice},
        f"figure {figure} recorded as the best figure (choice {choice})",
    )


# ---- evidence -------------------------------------------------------------------------------


@incident_app.command("link")
def link_cmd(
    ctx: typer.Context,
    incident: IdArg,
    item: Annotated[str, typer.Argument(help="Vault item hash (6+ hex digits).")],
    shows: Annotated[str, typer.Option(help="What the item shows (required).")] = "",
    kind: Annotated[
        str | None, typer.Option(help="photo|video|satellite|document|capture|statement|...")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Link a preserved item to an incident, saying what it shows."""
    from casefile.case.evidence import link_item

    ws = open_workspace(ctx)
    link = link_item(ws, incident, item, shows, kind)
    _done(as_json, {"incident": incident, "link": link}, f"linked (link {link})")


ItemArg = Annotated[str, typer.Argument(help="Vault item hash.")]
IncidentOpt = Annotated[int | None, typer.Option("--incident", help="In the context of.")]


@incident_app.command("geolocate")
def geolocate_cmd(
    ctx: typer.Context,
    item: ItemArg,
    exif: Annotated[bool, typer.Option("--exif", help="Take the camera's GPS position.")] = False,
    lat: Annotated[float | None, typer.Option()] = None,
    lon: Annotated[float | None, typer.Option()] = None,
    method: Annotated[
        str | None, typer.Option(help="landmarks|satellite-comparison|street-level|witness|other")
    ] = None,
    note: Annotated[str, typer.Option(help="How it was established.")] = "",
    incident: IncidentOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Record where an item was made and how that was established (a ledger event)."""
    from casefile.case.evidence import geolocate

    ws = open_workspace(ctx)
    step = geolocate(ws, item, lat, lon, method, note, exif, incident)
    _done(as_json, {"step": step}, f"geolocation recorded (step {step})")


@incident_app.command("chronolocate")
def chronolocate_cmd(
    ctx: typer.Context,
    item: ItemArg,
    exif: Annotated[bool, typer.Option("--exif", help="Take the camera's capture time.")] = False,
    time: Annotated[str | None, typer.Option(help="ISO 8601 date and time.")] = None,
    method: Annotated[
        str | None, typer.Option(help="shadows|satellite-pass|upload-time|witness|other")
    ] = None,
    note: Annotated[str, typer.Option(help="How it was established.")] = "",
    incident: IncidentOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Record when an item was made and how that was established (a ledger event)."""
    from casefile.case.evidence import chronolocate

    ws = open_workspace(ctx)
    step = chronolocate(ws, item, time, method, note, exif, incident)
    _done(as_json, {"step": step}, f"chronolocation recorded (step {step})")


@incident_app.command("source")
def source_cmd(
    ctx: typer.Context,
    item: ItemArg,
    reliability: Annotated[str, typer.Option(help="Source reliability A-F.")],
    credibility: Annotated[str, typer.Option(help="Information credibility 1-6.")],
    reasoning: Annotated[str, typer.Option(help="Why (required).")] = "",
    incident: IncidentOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Assess an item's source (admiralty code), with reasoning (a ledger event)."""
    from casefile.case.evidence import assess_source

    ws = open_workspace(ctx)
    step = assess_source(ws, item, reliability, credibility, reasoning, incident)
    _done(as_json, {"step": step}, f"source assessment recorded (step {step})")


@incident_app.command("evidence")
def evidence_cmd(ctx: typer.Context, incident: IdArg, as_json: JsonOpt = False) -> None:
    """The incident's evidence with its verification."""
    from casefile.case.evidence import evidence_of

    ws = open_workspace(ctx)
    with ws.db.read() as conn:
        links = evidence_of(conn, incident)
    if as_json:
        _json([e.as_json() for e in links])
        return
    _print_evidence(links)


def _print_evidence(links: list[Any]) -> None:
    table = Table("item", "kind", "shows", "where (how)", "when (how)", "source", "verified by")
    for e in links:
        g, c, s = e.geolocation, e.chronolocation, e.source
        table.add_row(
            f"{escape(e.item_name)}\n[dim]{e.item[:12]}[/]",
            e.kind,
            escape(e.shows),
            f"{g['lat']:.4f}, {g['lon']:.4f} ({g['method']})" if g else "[yellow]not yet[/]",
            f"{c['time']} ({c['method']})" if c else "[yellow]not yet[/]",
            f"{s['reliability']}{s['credibility']}" if s else "—",
            escape(", ".join(sorted({st["verifier"] for st in e.steps})) or "—"),
        )
    console.print(table)


# ---- claims ----------------------------------------------------------------------------------


@claim_app.command("candidates")
def claim_candidates_cmd(ctx: typer.Context, incident: IdArg, as_json: JsonOpt = False) -> None:
    """Claim facts in the incident's reports, to choose from."""
    from casefile.case.claims import claim_facts_of_items
    from casefile.case.views import items_of_incident

    ws = open_workspace(ctx)
    with ws.db.read() as conn:
        found = claim_facts_of_items(conn, items_of_incident(conn, incident))
    if as_json:
        _json(found)
        return
    table = Table("fact", "who", "stance", "what")
    for c in found:
        table.add_row(str(c["fact"]), escape(c.get("actor") or "—"), c["stance"], escape(c["text"]))
    console.print(table)


@claim_app.command("add")
def claim_add_cmd(
    ctx: typer.Context,
    incident: IdArg,
    fact: Annotated[int | None, typer.Option(help="A claim fact from a report.")] = None,
    statement: Annotated[str | None, typer.Option(help="State the claim in words.")] = None,
    stance: Annotated[str | None, typer.Option(help="asserts|denies|accuses|condemns.")] = None,
    into: Annotated[int | None, typer.Option(help="Join this claim (same statement).")] = None,
    new: Annotated[bool, typer.Option("--new", help="Start a new claim, never join.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Add a claim to an incident; a fact saying the same as an existing claim joins it."""
    from casefile.case.claims import add_claim

    ws = open_workspace(ctx)
    claim, grouping = add_claim(ws, incident, fact, into, new, statement, stance)
    _done(
        as_json,
        {"claim": claim, "grouping": grouping},
        f"claim {claim}" + ("" if grouping == "new" else f" (joined: {grouping})"),
    )


@claim_app.command("evidence")
def claim_evidence_cmd(
    ctx: typer.Context,
    claim: Annotated[int, typer.Argument(help="Claim id.")],
    item: ItemArg,
    supports: Annotated[bool, typer.Option("--supports", help="The item supports it.")] = False,
    contradicts: Annotated[
        bool, typer.Option("--contradicts", help="The item contradicts it.")
    ] = False,
    note: Annotated[str, typer.Option(help="How (required).")] = "",
    as_json: JsonOpt = False,
) -> None:
    """Link an item that supports or contradicts a claim."""
    from casefile.case.claims import link_claim_evidence

    if supports == contradicts:
        raise CasefileError("say --supports or --contradicts (one of them)")
    ws = open_workspace(ctx)
    row = link_claim_evidence(ws, claim, item, "supports" if supports else "contradicts", note)
    _done(as_json, {"claim": claim, "link": row}, f"evidence linked to claim {claim}")


@claim_app.command("assess")
def claim_assess_cmd(
    ctx: typer.Context,
    claim: Annotated[int, typer.Argument(help="Claim id.")],
    assessment: Annotated[
        str, typer.Option(help="supported|partly-supported|contradicted|unverified.")
    ],
    reasoning: Annotated[str, typer.Option(help="The reasoning (required).")] = "",
    as_json: JsonOpt = False,
) -> None:
    """State an assessment of a claim against the evidence, with reasoning."""
    from casefile.case.claims import assess_claim

    ws = open_workspace(ctx)
    row = assess_claim(ws, claim, assessment, reasoning)
    _done(as_json, {"claim": claim, "assessment": row}, f"claim {claim} assessed: {assessment}")


@claim_app.command("list")
def claim_list_cmd(ctx: typer.Context, incident: IdArg, as_json: JsonOpt = False) -> None:
    """The incident's claims with sources, corroboration, evidence and assessment."""
    from casefile.case.claims import claims_of

    ws = open_workspace(ctx)
    with ws.db.read() as conn:
        found = claims_of(conn, incident)
    if as_json:
        _json([c.as_json() for c in found])
        return
    _print_claims(found)


def _print_claims(found: list[Any]) -> None:
    for c in found:
        lines = [f"[bold]{escape(c.statement)}[/] ({c.stance})"]
        lines.append(
            f"independent sources: {c.corroboration} ({escape(', '.join(c.sources))}); "
            f"{len(c.members)} report(s) of it"
        )
        for m in c.members:
            lines.append(
                f"  · {escape(m['source'])} {m['stance']}: “{escape(m['text'] or '')}” "
                f"[dim]({escape(m['item_name'])}, {m['date']}, fact {m['fact']})[/]"
            )
        for e in c.evidence:
            colour = "green" if e["relation"] == "supports" else "red"
            lines.append(
                f"  [{colour}]{e['relation']}[/]: {escape(e['item_name'])} "
                f"[dim]{e['item'][:12]}[/] — {escape(e['note'])}"
            )
        a = c.assessment
        lines.append(
            f"assessment: [bold]{a['assessment']}[/] by {escape(a['by'])}: {escape(a['reasoning'])}"
            if a
            else "assessment: [yellow]none yet[/]"
        )
        console.print(Panel("\n".join(lines), title=f"claim {c.claim}"))


# ---- legal -----------------------------------------------------------------------------------


@legal_app.command("articles")
def legal_articles_cmd(as_json: JsonOpt = False) -> None:
    """The built-in Rome Statute articles and their elements."""
    from dataclasses import asdict

    from casefile.case.legal import ARTICLES

    if as_json:
        _json([asdict(a) for a in ARTICLES.values()])
        return
    for a in ARTICLES.values():
        console.print(f"[bold]{a.article}[/] {a.name} ({a.category})")
        for key, text in a.elements:
            console.print(f"   {key}: {escape(text)}")


@legal_app.command("add")
def legal_add_cmd(
    ctx: typer.Context,
    incident: IdArg,
    article: Annotated[str, typer.Argument(help="e.g. 8(2)(a)(i).")],
    note: Annotated[str, typer.Option(help="Why this article.")] = "",
    as_json: JsonOpt = False,
) -> None:
    """Allege a crime under a Rome Statute article for the incident."""
    from casefile.case.legal import qualify

    ws = open_workspace(ctx)
    row = qualify(ws, incident, article, note)
    _done(as_json, {"qualification": row}, f"incident {incident}: alleged {article}")


@legal_app.command("element")
def legal_element_cmd(
    ctx: typer.Context,
    incident: IdArg,
    article: Annotated[str, typer.Argument(help="e.g. 8(2)(a)(i).")],
    element: Annotated[str, typer.Argument(help="Element key ('legal articles').")],
    item: ItemArg,
    note: Annotated[str, typer.Option(help="How the item addresses it (required).")] = "",
    as_json: JsonOpt = False,
) -> None:
    """Record that an item addresses one element of an alleged crime."""
    from casefile.case.legal import address_element

    ws = open_workspace(ctx)
    row = address_element(ws, incident, article, element, item, note)
    _done(as_json, {"element_evidence": row}, f"{article} {element}: evidence recorded")


@legal_app.command("show")
def legal_show_cmd(ctx: typer.Context, incident: IdArg, as_json: JsonOpt = False) -> None:
    """Each alleged crime's elements, their evidence, and the unsupported ones."""
    from casefile.case.legal import legal_view

    ws = open_workspace(ctx)
    with ws.db.read() as conn:
        found = legal_view(conn, incident)
    if as_json:
        _json(found)
        return
    _print_legal(found)


def _print_legal(found: list[dict[str, Any]]) -> None:
    for q in found:
        table = Table("element", "evidence", title=f"alleged: {q['article']} {q['name']}")
        for e in q["elements"]:
            ev = "; ".join(f"{x['item_name']} ({x['note']})" for x in e["evidence"])
            table.add_row(escape(e["element"]), escape(ev) if ev else "[red]unsupported[/]")
        console.print(table)


# ---- perpetrators ----------------------------------------------------------------------------


@perp_app.command("add")
def perp_add_cmd(
    ctx: typer.Context,
    incident: IdArg,
    name: Annotated[str, typer.Option(help="Unit or person as the source names it.")] = "",
    kind: Annotated[str, typer.Option(help="unit|person|force.")] = "unit",
    source: Annotated[str, typer.Option(help="The vault item that alleges it.")] = "",
    fact: Annotated[int | None, typer.Option(help="The fact in that item, if any.")] = None,
    note: Annotated[str, typer.Option(help="What the source alleges (required).")] = "",
    as_json: JsonOpt = False,
) -> None:
    """Record an alleged perpetrator with its source (always shown as alleged)."""
    from casefile.case.perpetrators import allege

    if not source:
        raise CasefileError("give the source item that alleges it (--source)")
    ws = open_workspace(ctx)
    row = allege(ws, incident, name, kind, source, note, fact)
    _done(as_json, {"perpetrator": row}, f"alleged perpetrator recorded ({row})")


@perp_app.command("list")
def perp_list_cmd(ctx: typer.Context, incident: IdArg, as_json: JsonOpt = False) -> None:
    """Alleged perpetrators of an incident, with their sources."""
    from casefile.case.perpetrators import perpetrators_of

    ws = open_workspace(ctx)
    with ws.db.read() as conn:
        found = perpetrators_of(conn, incident)
    if as_json:
        _json(found)
        return
    _print_perpetrators(found)


def _print_perpetrators(found: list[dict[str, Any]]) -> None:
    table = Table("id", "alleged", "kind", "source", "allegation")
    for p in found:
        table.add_row(
            str(p["id"]),
            f"[italic]alleged:[/] {escape(p['name'])}",
            p["kind"],
            escape(p["source_name"]),
            escape(p["note"]),
        )
    console.print(table)


# ---- whole incident -----------------------------------------------------------------------


@incident_app.command("show")
def show_cmd(ctx: typer.Context, incident: IdArg, as_json: JsonOpt = False) -> None:
    """Everything about an incident: toll history, evidence, claims, legal, perpetrators."""
    from casefile.case.claims import claims_of
    from casefile.case.evidence import evidence_of
    from casefile.case.figures import best_choices, named_victims_count, toll_history
    from casefile.case.legal import legal_view
    from casefile.case.perpetrators import perpetrators_of
    from casefile.case.views import incident_summary

    ws = open_workspace(ctx)
    with ws.db.read() as conn:
        if as_json:
            _json(incident_summary(conn, incident))
            return
        summary = incident_summary(conn, incident)
        toll = toll_history(conn, incident)
        choices = best_choices(conn, incident)
        named = named_victims_count(conn, incident)
        links = evidence_of(conn, incident)
        found_claims = claims_of(conn, incident)
        legal = legal_view(conn, incident)
        perps = perpetrators_of(conn, incident)
    inc = summary["incident"]
    places = ", ".join(
        p["name"] + (f" ({p['lat']:.3f}, {p['lon']:.3f})" if p.get("lat") is not None else "")
        for p in inc["places"]
    )
    period = inc["period_start"] or "not known"
    if inc["period_end"] and inc["period_end"] != inc["period_start"]:
        period += f" to {inc['period_end']}"
    console.print(
        Panel(
            f"{escape(inc['description'])}\n"
            f"type: {escape(inc['incident_type'])}   status: [bold]{inc['status']}[/]   "
            f"state: {inc['state']}\nplaces: {escape(places or 'not known')}\n"
            f"period: {period} ({inc['period_precision'] or '—'})\n"
            f"version {inc['version']}, {len(summary['items'])} items"
            + (
                f"\n[bold]sealed by {escape(seal['by'])} on {seal['at'][:10]}[/]"
                if (seal := summary.get("seal"))
                else ""
            ),
            title=f"incident {incident}: {escape(inc['title'])}",
        )
    )
    console.rule("toll history")
    _print_toll(toll, choices, named)
    console.rule("evidence")
    _print_evidence(links)
    console.rule("claims against the evidence")
    _print_claims(found_claims)
    if legal:
        console.rule("legal qualification (alleged)")
        _print_legal(legal)
    if perps:
        console.rule("alleged perpetrators")
        _print_perpetrators(perps)


@incident_app.command("history")
def history_cmd(ctx: typer.Context, incident: IdArg, as_json: JsonOpt = False) -> None:
    """Every version of an incident, oldest first."""
    from casefile.case.incidents import incident_history

    ws = open_workspace(ctx)
    with ws.db.read() as conn:
        versions = incident_history(conn, incident)
    if as_json:
        _json([v.as_json() for v in versions])
        return
    table = Table("v", "at", "by", "title", "status", "state", "reason", "event")
    for v in versions:
        table.add_row(
            str(v.version),
            v.created_at[:19],
            escape(v.created_by),
            escape(v.title),
            v.status,
            v.state + (f" → {', '.join(map(str, v.successors))}" if v.successors else ""),
            escape(v.reason or ""),
            str(v.event_seq),
        )
    console.print(table)


@incident_app.command("timeline")
def timeline_cmd(ctx: typer.Context, incident: IdArg, as_json: JsonOpt = False) -> None:
    """Dated entries: the incident, each reported figure, each capture, each claim."""
    from casefile.case.views import timeline

    ws = open_workspace(ctx)
    with ws.db.read() as conn:
        entries = timeline(conn, incident)
    if as_json:
        _json(entries)
        return
    table = Table("time", "what", "")
    for e in entries:
        table.add_row(str(e["time"] or "?"), e["what"], escape(e["text"]))
    console.print(table)


@incident_app.command("geojson")
def geojson_cmd(
    ctx: typer.Context,
    out: Annotated[Path, typer.Argument(help="File to write, or - for standard output.")],
    incident: Annotated[list[int] | None, typer.Option(help="Only these incidents.")] = None,
) -> None:
    """Map export: incidents' places and geolocated evidence as GeoJSON (RFC 7946)."""
    from casefile.case.views import incidents_geojson

    ws = open_workspace(ctx)
    with ws.db.read() as conn:
        geo = incidents_geojson(conn, incident or None)
    text = json.dumps(geo, indent=1, ensure_ascii=False) + "\n"
    if str(out) == "-":
        sys.stdout.write(text)
        return
    if out.exists():
        raise CasefileError(f"{out} already exists: choose a new file")
    out.write_text(text)
    console.print(f"[green]{len(geo['features'])} features[/] written to {escape(str(out))}")
