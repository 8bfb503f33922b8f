"""What the case contributes to exports: data files and report sections, and incident selection.

Imported by ``casefile.export.providers`` when present. ``incident_items`` answers
``casefile export ... --incident ID`` and ``casefile report --incident ID``.
"""

from __future__ import annotations

import base64
import io
import json
from html import escape
from typing import Any

from sqlalchemy import Connection

from casefile.case.claims import ClaimView, claims_of
from casefile.case.evidence import LinkView, evidence_of
from casefile.case.figures import TollEntry, best_figures_now, named_victims_count, toll_history
from casefile.case.incidents import Incident, get_incident, list_incidents
from casefile.case.legal import legal_view
from casefile.case.perpetrators import perpetrators_of
from casefile.case.views import incidents_geojson, items_of_incident, timeline
from casefile.errors import CasefileError
from casefile.export.cells import SafeDictWriter
from casefile.export.providers import Provider, ReportSection, register

TABLES = ("incidents", "incident_versions", "incident_figures", "incident_evidence", "case_claims")


def incident_items(conn: Connection, ident: str) -> tuple[list[str], str] | None:
    """(items, title) of a case incident by id; None when the case has no such incident."""
    if not (ident.strip().isascii() and ident.strip().isdigit()):
        return None
    try:
        inc = get_incident(conn, int(ident))
    except CasefileError:
        return None
    shas = items_of_incident(conn, inc.id)
    if not shas:
        raise CasefileError(f"incident {inc.id} has no items yet: link evidence or add figures")
    closed = f" ({inc.state} into {', '.join(map(str, inc.successors))})" if inc.successors else ""
    return shas, f"incident {inc.id}: {inc.title}{closed}"


def incidents_for(conn: Connection, shas: list[str]) -> list[Incident]:
    """Open incidents wholly within the selected items; else those touching them."""
    chosen = set(shas)
    found = [(i, set(items_of_incident(conn, i.id))) for i in list_incidents(conn)]
    inside = [i for i, items in found if items and items <= chosen]
    return inside or [i for i, items in found if items & chosen]


# ---- files ---------------------------------------------------------------------------------


def case_files(conn: Connection, shas: list[str]) -> dict[str, bytes]:
    incs = incidents_for(conn, shas)
    if not incs:
        return {}
    ids = [i.id for i in incs]
    geo = incidents_geojson(conn, ids)
    toll_rows: list[dict[str, Any]] = []
    for inc in incs:
        toll_rows += [{"incident": inc.id, **t.as_json()} for t in toll_history(conn, inc.id)]
    buf = io.StringIO()
    cols = [
        "incident",
        "figure",
        "date",
        "date_basis",
        "category",
        "min",
        "max",
        "qualifier",
        "who",
        "source",
        "source_basis",
        "corroborated_by",
        "text",
        "item",
        "fact",
        "span",
        "contradiction_note",
    ]
    # Quotes and names come from reports: formula-like text is written as text.
    writer = SafeDictWriter(buf, cols, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    for row in toll_rows:
        writer.writerow({**row, "span": json.dumps(row["span"]) if row["span"] else ""})
    claims = [{"incident": inc.id, **c.as_json()} for inc in incs for c in claims_of(conn, inc.id)]
    lines = {inc.id: timeline(conn, inc.id) for inc in incs}

    def dump(value: Any) -> bytes:
        return json.dumps(value, indent=1, ensure_ascii=False, default=str).encode() + b"\n"

    return {
        "case/incidents.geojson": dump(geo),
        "case/toll-history.csv": buf.getvalue().encode(),
        "case/toll-history.json": dump(toll_rows),
        "case/claims.json": dump(claims),
        "case/timeline.json": dump({str(k): v for k, v in lines.items()}),
    }


# ---- report sections ----------------------------------------------------------------------


def _toll_png(title: str, toll: list[TollEntry], best: set[int]) -> str | None:
    """Each numeric figure at its report date, one colour per category: a dot for a count, a
    triangle for a lower bound, a bar for a range; a ring round the chosen best figures."""
    from datetime import date

    from matplotlib.figure import Figure

    numeric = [t for t in toll if t.min is not None and t.date]
    if not numeric:
        return None
    fig = Figure(figsize=(7, 3.2), dpi=110)
    ax = fig.subplots()
    colours = ["#8b1a1a", "#1a4a8b", "#3a7a2a", "#7a4a00", "#555"]
    cats = sorted({t.category for t in numeric})

    def day(t: TollEntry) -> float:  # matplotlib's date axis counts days since 1970
        assert t.date is not None
        return float((date.fromisoformat(t.date[:10]) - date(1970, 1, 1)).days)

    def lo(t: TollEntry) -> float:
        return float(t.min or 0)

    def hi(t: TollEntry) -> float:
        return float(t.max if t.max is not None else lo(t))

    # One artist per kind of mark and category, not one per figure: hundreds stay fast.
    for c in cats:
        colour = colours[cats.index(c) % len(colours)]
        mine = [t for t in numeric if t.category == c]
        counts = [t for t in mine if t.max is not None and t.max == t.min]
        bounds = [t for t in mine if t.max is None]  # "at least": a lower bound
        ranges = [t for t in mine if t.max is not None and t.max != t.min]
        ax.plot([day(t) for t in counts], [lo(t) for t in counts], "o", color=colour, label=c)
        ax.plot([day(t) for t in bounds], [lo(t) for t in bounds], "^", color=colour)
        if ranges:
            ax.vlines(
                [day(t) for t in ranges],
                [lo(t) for t in ranges],
                [hi(t) for t in ranges],
                color=colour,
                linewidth=6,
                alpha=0.35,
            )
        chosen = [t for t in mine if t.figure in best]
        ax.plot(
            [day(t) for t in chosen],
            [lo(t) for t in chosen],
            "o",
            markersize=13,
            fillstyle="none",
            color=colour,
        )
    for n, t in enumerate(numeric):
        if len(numeric) > 15 and t.figure not in best:
            continue  # many figures: label only the chosen ones; the table lists them all
        ax.annotate(
            f"{t.value} ({t.source})" + (" - chosen best" if t.figure in best else ""),
            (day(t), lo(t)),
            textcoords="offset points",
            xytext=(6, -9 * (n % 4)),
            fontsize=7,
        )
    ax.legend(fontsize=7, loc="upper left")
    ax.xaxis_date()
    ax.margins(x=0.25)
    ax.set_ylim(bottom=0)
    ax.set_ylabel("reported")
    ax.set_title(title, fontsize=9)
    ax.grid(alpha=0.3)
    fig.autofmt_xdate()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()


def _table(head: list[str], rows: list[list[str]]) -> str:
    th = "".join(f"<th>{escape(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table><tr>{th}</tr>{body}</table>"


def _hash(sha: str) -> str:
    return f'<span class="hash">{escape(sha[:16])}…</span>'


def _summary(conn: Connection, inc: Incident, toll: list[TollEntry]) -> str:
    places = ", ".join(
        escape(p["name"])
        + (f" ({p['lat']:.4f}, {p['lon']:.4f})" if p.get("lat") is not None else "")
        for p in inc.places
    )
    best = best_figures_now(conn, inc.id, toll)
    named = named_victims_count(conn, inc.id)
    parts = [
        f"<p>{escape(inc.description)}</p>",
        "<ul>",
        f"<li>Type: {escape(inc.incident_type)}; status: <b>{escape(inc.status)}</b></li>",
        f"<li>Where: {places or 'not known'}</li>",
        f"<li>When: {escape(inc.period)}</li>",
    ]
    for cat, b in best.items():
        parts.append(
            f"<li>Best current figure ({escape(cat)}): <b>{escape(b['value'])}</b> according to "
            f"{escape(b['source'])} ({escape(b['date'] or '?')}); chosen by "
            f"{escape(b['chosen_by'])}: {escape(b['reason'])}</li>"
        )
    if not best:
        parts.append("<li>No best figure has been chosen.</li>")
    parts.append(f"<li>Named victims linked: {named if named is not None else 'n/a'}</li></ul>")
    legal = legal_view(conn, inc.id)
    for q in legal:
        rows = [
            [
                escape(e["element"]) + f'<br><span class="meta">{escape(e["text"])}</span>',
                "; ".join(
                    f"{escape(x['item_name'])} {_hash(x['item'])}: {escape(x['note'])}"
                    for x in e["evidence"]
                )
                or '<span class="denies">unsupported</span>',
            ]
            for e in q["elements"]
        ]
        parts.append(
            f"<h3>Alleged: art. {escape(q['article'])} Rome Statute, {escape(q['name'])}</h3>"
        )
        parts.append(_table(["element", "evidence addressing it"], rows))
    perps = perpetrators_of(conn, inc.id)
    if perps:
        parts.append("<h3>Alleged perpetrators (allegations, not findings)</h3>")
        parts.append(
            _table(
                ["alleged", "kind", "allegation", "source"],
                [
                    [
                        "alleged: " + escape(p["name"]),
                        escape(p["kind"]),
                        escape(p["note"]),
                        f"{escape(p['source_name'])} {_hash(p['source'])}",
                    ]
                    for p in perps
                ],
            )
        )
    return "\n".join(parts)


def _toll_section(conn: Connection, inc: Incident, toll: list[TollEntry]) -> str:
    best = {int(b["figure"]) for b in best_figures_now(conn, inc.id, toll).values()}
    chart = _toll_png(inc.title, toll, best)
    rows = [
        [
            escape(t.date or "?") + (" (acquired)" if t.date_basis == "acquired" else ""),
            escape(t.category),
            escape(f"{t.value} {t.who or ''}")
            + (
                f' <span class="denies">contradiction kept: {escape(t.contradiction_note)}</span>'
                if t.contradiction_note
                else ""
            ),
            escape(t.source) + (" (quoted)" if t.in_quote else ""),
            str(t.corroborated_by) if t.min is not None else "",
            f"{escape(t.item_name)} {_hash(t.item)}"
            + (f' <span class="meta">chars {t.span[0]}-{t.span[1]}</span>' if t.span else ""),
        ]
        for t in toll
    ]
    img = f'<img class="chart" src="{chart}" alt="toll history">' if chart else ""
    table = _table(
        ["report date", "category", "figure", "according to", "sources agreeing", "report"],
        rows,
    )
    return img + table


def _claims_section(found: list[ClaimView]) -> str:
    parts = []
    for c in found:
        parts.append(
            f'<h3>“{escape(c.statement)}” <span class="{escape(c.stance)}">'
            f"({escape(c.stance)})</span></h3>"
        )
        parts.append(
            f"<p>Independent sources: {c.corroboration} ({escape(', '.join(c.sources))}); "
            f"{len(c.members)} report(s).</p>"
        )
        rows = [
            [
                escape(m["source"]),
                escape(m["stance"] or ""),
                f"“{escape(m['text'] or '')}”",
                f"{escape(m['item_name'])}, {escape(m['date'] or '?')} {_hash(m['item'])}",
            ]
            for m in c.members
        ]
        if rows:
            parts.append(_table(["who", "stance", "what", "reported in"], rows))
        ev = [
            [
                f'<span class="{"accuses" if e["relation"] == "supports" else "denies"}">'
                f"{escape(e['relation'])}</span>",
                f"{escape(e['item_name'])} {_hash(e['item'])}",
                escape(e["note"]),
            ]
            for e in c.evidence
        ]
        if ev:
            parts.append(_table(["evidence", "item", "how"], ev))
        a = c.assessment
        parts.append(
            f"<p><b>Assessment: {escape(a['assessment'])}</b> ({escape(a['by'])}, "
            f"{escape(a['at'][:10])}). {escape(a['reasoning'])}</p>"
            if a
            else "<p><b>Not yet assessed.</b></p>"
        )
    return "\n".join(parts)


def _evidence_section(links: list[LinkView]) -> str:
    rows = []
    for e in links:
        g, t, s = e.geolocation, e.chronolocation, e.source
        rows.append(
            [
                f"{escape(e.item_name)}<br>{_hash(e.item)}",
                escape(e.kind),
                escape(e.shows),
                (
                    f"{g['lat']:.5f}, {g['lon']:.5f}<br>"
                    f'<span class="meta">{escape(g["method"])}: {escape(g["note"])}</span>'
                    if g
                    else "not established"
                ),
                (
                    f"{escape(t['time'])}<br>"
                    f'<span class="meta">{escape(t["method"])}: {escape(t["note"])}</span>'
                    if t
                    else "not established"
                ),
                f"{escape(s['reliability'] + s['credibility'])}: {escape(s['reasoning'])}"
                if s
                else "not assessed",
                escape(", ".join(sorted({st["verifier"] for st in e.steps})) or "—"),
            ]
        )
    return _table(
        ["item", "kind", "shows", "geolocation", "chronolocation", "source", "verified by"], rows
    )


def case_sections(conn: Connection, shas: list[str]) -> list[ReportSection]:
    out = []
    for n, inc in enumerate(incidents_for(conn, shas)):
        base = 20 + n * 5
        toll = toll_history(conn, inc.id)
        links = evidence_of(conn, inc.id)
        found = claims_of(conn, inc.id)
        out.append(
            ReportSection(f"Incident {inc.id}: {inc.title}", _summary(conn, inc, toll), base)
        )
        if toll:
            html = _toll_section(conn, inc, toll)
            out.append(ReportSection(f"Toll history: incident {inc.id}", html, base + 1))
        if links:
            title = f"Evidence and its verification: incident {inc.id}"
            out.append(ReportSection(title, _evidence_section(links), base + 2))
        if found:
            title = f"Claims against the evidence: incident {inc.id}"
            out.append(ReportSection(title, _claims_section(found), base + 3))
    return out


register(
    Provider(
        "case",
        files=case_files,
        sections=case_sections,
        tables=TABLES,
        doc="case/incidents.geojson, case/toll-history.csv|json, case/claims.json, "
        "case/timeline.json; report sections per incident",
    )
)
