"""The case report's Jinja2 template (kept in a module so it ships with the package as code)."""

TEMPLATE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ r.title }}</title>
<style>
@page { size: A4; margin: 18mm 16mm; @bottom-right { content: counter(page) " / " counter(pages);
  font-size: 8pt; color: #666; } }
body { font-family: "DejaVu Sans", sans-serif; font-size: 9.5pt; color: #111; line-height: 1.35; }
h1 { font-size: 18pt; margin-bottom: 2pt; } h2 { font-size: 12.5pt; border-bottom: 1px solid #999;
  margin-top: 16pt; } h3 { font-size: 10.5pt; }
.meta { color: #555; font-size: 8.5pt; }
table { border-collapse: collapse; width: 100%; margin: 4pt 0 8pt; }
th, td { border-bottom: 1px solid #ddd; padding: 2pt 4pt; text-align: left; vertical-align: top; }
th { background: #f0f0f0; font-size: 8.5pt; }
.hash { font-family: "DejaVu Sans Mono", monospace; font-size: 7pt; word-break: break-all; }
.denies { color: #8b1a1a; font-weight: bold; } .accuses { color: #7a4a00; }
.chart { width: 100%; max-width: 17cm; }
.appendix { page-break-before: always; }
.custody { font-size: 7.5pt; color: #333; margin: 0; padding-left: 12pt; }
</style></head><body>
<h1>{{ r.title }}</h1>
<p class="meta">Generated {{ r.generated_at }} by casefile {{ version }} from workspace
<b>{{ r.origin }}</b>. Every item below is in the workspace's signed custody log as of the
checkpoint of size {{ r.checkpoint_size }} (root <span class="hash">{{ r.checkpoint_root }}</span>).
</p>

<h2>Summary</h2>
<ul>
<li>{{ r.items|length }} evidence item{{ "s" if r.items|length != 1 }}
{%- if r.dates %}, dated {{ r.dates[0] }}{% if r.dates[-1] != r.dates[0] %} to {{ r.dates[-1] }}
{%- endif %}{% endif %}.</li>
{% for inc in r.case_incidents %}<li>Incident {{ inc.id }}: <b>{{ inc.title }}</b>;
status {{ inc.status }}
{%- if inc.claims %}; {{ inc.claims|plural("claim") }} weighed against the evidence (
{%- for stance, n in inc.stances|dictsort %}{{ n|stance_count(stance) }}
{%- if not loop.last %}, {% endif %}{% endfor %}, from {{ inc.claim_reports|plural("report") }})
{%- endif %}; see its sections below.</li>{% endfor %}
{% if r.incidents and r.case_incidents %}<li>The extraction proposed
{{ r.incidents|length|plural("incident") }} in the sources; the case records
{{ r.case_incidents|length|plural("incident") }} from them (above).</li>
{% elif r.incidents %}{% for inc in r.incidents %}<li>Proposed by the extraction (not yet
reviewed): {% if inc.what %}<b>{{ inc.what }}</b>{% else %}an incident (its kind not stated)
{%- endif %}{% if inc.where %} at {{ inc.where|map(attribute="name")|join(", ") }}{% endif %}
{%- if inc.published %}, reported {{ inc.published }}{% endif %}; from {{ inc.item_name }}.</li>
{% endfor %}{% endif %}
{% if r.toll %}<li>Reported deaths: {{ r.toll|length|plural("figure") }}
{%- if r.highest_count is not none %}; the highest exact count is
{{ "{:,}".format(r.highest_count) }}{% endif %}
{%- if r.highest_floor is not none %}; the highest lower bound is
{{ "{:,}".format(r.highest_floor) }} or more{% endif %}.</li>
{% endif %}
{% if r.claims %}{% set denials = r.claims|selectattr("stance", "equalto", "denies")|list|length %}
{%- set accusations = r.claims|selectattr("stance", "equalto", "accuses")|list|length %}
<li>{{ r.claims|length|plural("statement") }} of a claim found in the sources by the extraction:
{{ denials|plural("denial") }}, {{ accusations|plural("accusation") }},
{{ (r.claims|length - denials - accusations)|plural("other assertion") }} as worded
(listed under “Claims and denials against the evidence”{% if r.case_incidents %}; the claims the
case weighs are grouped in each incident's section{% endif %}).</li>{% endif %}
</ul>

<h2>Sources</h2>
<table><tr><th>date</th><th>item</th><th>source</th><th>type</th><th>SHA-256</th></tr>
{% for i in r.items %}<tr><td>{{ i.published or i.acquired_at[:10] }}
{%- if not i.published %} <span class="meta">(acquired)</span>{% endif %}</td>
<td>{{ i.name }}</td><td>{{ i.sources|join("; ") }}</td><td>{{ i.media_type }}</td>
<td class="hash">{{ i.sha256[:16] }}…</td></tr>{% endfor %}
</table>

{% if r.toll %}
<h2>The death toll over time</h2>
<img class="chart" src="{{ r.charts.toll }}" alt="reported death toll by report date">
<table><tr><th>report date</th><th>figure</th><th>range</th><th>according to</th><th>note</th>
<th>item</th></tr>
{% for t in r.toll %}<tr><td>{{ t.date or "undated" }}</td><td>“{{ t.text }}”
{%- if t.corrected %} <span class="meta">(corrected)</span>{% endif %}</td>
<td>{{ t|toll_range }}</td>
<td>{{ t.source or "—" }}{% if t.in_quote %} (quoted){% endif %}</td><td>{{ t.note or "" }}</td>
<td>{{ t.item_name }} <span class="meta">chars
{%- if t.span %} {{ t.span[0] }}&ndash;{{ t.span[1] }}{% endif %}</span>
</td></tr>{% endfor %}
</table>
{% endif %}

{% if r.places %}
<h2>Map</h2>
<img class="chart" src="{{ r.charts.map }}" alt="places named in the evidence">
<table><tr><th>place</th><th>region</th><th>lat, lon</th><th>mentions</th><th>in</th></tr>
{% for p in r.places %}<tr><td>{{ p.name }}</td><td>{{ p.oblast or "" }}</td>
<td>{{ "%.3f"|format(p.lat) }}, {{ "%.3f"|format(p.lon) }}</td><td>{{ p.mentions }}</td>
<td>{{ p["items"]|sort|join(", ") }}</td></tr>{% endfor %}
</table>
{% endif %}

{% if r.claims %}
<h2>Claims and denials against the evidence</h2>
<table><tr><th>who</th><th>stance</th><th>what</th><th>source</th></tr>
{% for c in r.claims %}<tr><td>{{ c.actor or "—" }}</td>
<td class="{{ c.stance }}">{{ c.stance }}</td><td>“{{ c.text }}”</td>
<td>{{ c.item_name }}{% if c.date %}, {{ c.date }}{% endif %}</td></tr>{% endfor %}
</table>
{% if r.evidence %}
<h3>Evidence the sources refer to</h3>
<table><tr><th>kind</th><th>as written</th><th>source</th></tr>
{% for e in r.evidence %}<tr><td>{{ e.kind }}</td><td>“{{ e.text }}”</td>
<td>{{ e.item_name }}{% if e.date %}, {{ e.date }}{% endif %}</td></tr>{% endfor %}
</table>
{% endif %}
{% endif %}

{% for s in r.sections %}
<h2>{{ s.title }}</h2>
{{ s.html|safe }}
{% endfor %}

<div class="appendix">
<h2>Appendix: evidence items and their custody</h2>
<p class="meta">Each file's SHA-256 identifies its exact bytes; the custody events are entries of
the signed, append-only log (sequence numbers in brackets).</p>
{% for i in r.items %}
<h3>{{ loop.index }}. {{ i.name }}</h3>
<p class="hash">{{ i.sha256 }}</p>
<p class="meta">{{ i.media_type }}, {{ "{:,}".format(i.size) }} bytes; acquired {{ i.acquired_at }}
{%- if i.sources %} from {{ i.sources|join("; ") }}{% endif %}</p>
<ul class="custody">{% for e in i.custody %}<li>[{{ e.seq }}] {{ e.time }} {{ e.kind }} by
{{ e.actor }}</li>{% endfor %}</ul>
{% endfor %}
</div>
</body></html>
"""
