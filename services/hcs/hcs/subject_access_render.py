"""The response draft of a subject access request, in HTML the data protection officer reads, checks
against the review list, and sends (after printing or converting it as the requester asked).

It holds what UK GDPR art. 15 asks for: a copy of the personal data, and the purposes, categories,
recipients, retention periods, the requester's other rights, the right to complain to the ICO, the
sources of the data and whether decisions are automated. What was withheld is said (how much, and on
which grounds), never what it was; the officer's review list stays in the JSON copy only. An
incomplete search is marked as a draft that must not be sent.
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, select_autoescape

TITLES = {"intake": "Reports that name you", "cases": "Your cases", "repairs": "Repairs at your home",
          "referrals": "Sharing with partner agencies", "reporting": "Figures and statistics"}

_TEMPLATE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Your personal information ({{ doc.request.reference }})</title>
<style>
body{font-family:sans-serif;max-width:60rem;margin:2rem auto;line-height:1.45;color:#111}
h1,h2,h3{line-height:1.2} dl{margin:0 0 0 1rem} dt{font-weight:bold} dd{margin:0 0 .4rem 1rem}
ol{padding-left:1.5rem} .draft{border:3px solid #b00;padding:1rem;color:#b00;font-weight:bold}
table{border-collapse:collapse} td,th{border:1px solid #999;padding:.25rem .5rem;text-align:left}
</style></head><body>
{% macro show(value) -%}
{%- if value is mapping -%}<dl>{% for k, v in value.items() %}<dt>{{ k | replace("_", " ") }}</dt><dd>{{ show(v) }}</dd>
{% endfor %}</dl>
{%- elif value is iterable and value is not string -%}{% if value %}<ol>{% for v in value %}<li>{{ show(v) }}</li>
{% endfor %}</ol>{% else %}none{% endif %}
{%- elif value is none -%}not recorded{%- elif value is sameas true -%}yes{%- elif value is sameas false -%}no
{%- else -%}{{ value }}{%- endif -%}
{%- endmacro %}
{% if not doc.complete %}<p class="draft">DRAFT, NOT TO BE SENT: the search is incomplete
({% for s, why in doc.missing.items() %}{{ s }} {{ why }}{% if not loop.last %}; {% endif %}{% endfor %}).
Run it again before the response is due.</p>{% endif %}
<h1>Your personal information</h1>
<p>Our reference {{ doc.request.reference }}. We received your request on {{ doc.request.received_on }}
{%- if doc.request.clock_starts_on != doc.request.received_on %} (and confirmed who you are on
{{ doc.request.clock_starts_on }}){% endif %}; our response is due by {{ doc.request.current_due_on }}.
This copy was prepared on {{ doc.generated_at[:10] }}.</p>
<p>Below is the information our harassment case system holds about you{% if doc.subject.names %}
({{ doc.subject.names | join(", ") }}){% endif %}, service by service.</p>
{% for service, part in doc.parts.items() %}
<h2>{{ titles.get(service, service) }}</h2>
{% for note in part.notes %}<p>{{ note }}</p>{% endfor %}
{% set ns = namespace(any=false) %}
{% for kind, items in part.records.items() %}{% if items %}{% set ns.any = true %}
<h3>{{ kind | replace("_", " ") | capitalize }}</h3>{{ show(items) }}{% endif %}{% endfor %}
{% if not ns.any %}<p>We hold nothing about you here.</p>{% endif %}
{% endfor %}
{% if withheld %}<h2>Information we have not included</h2>
<p>{{ withheld }} item(s) were left out because they are about other people (other victims, witnesses,
people who reported, people complained about), or because giving them could prejudice the prevention or
detection of crime (Data Protection Act 2018, schedule 2, paragraphs 16 and 2). Names of our staff are
replaced by their role.</p>{% endif %}
<h2>How we use your information</h2>
<dl>
<dt>Why we hold it</dt><dd>To take reports of harassment and hate incidents, keep you safe, act against
perpetrators, repair damage, refer you to partner agencies you agreed to, and report on our performance
to our Board and the Regulator of Social Housing (our tenancy and public task; for special category
and criminal offence data, substantial public interest: preventing or detecting unlawful acts,
safeguarding, and supporting victims).</dd>
<dt>What kinds of information</dt><dd>Your name, contact details and address; what was reported;
how it was perceived (which may show your racial or ethnic origin, religion, sexual orientation,
gender identity, health or disability); alleged offences; our actions, contacts and assessments.</dd>
<dt>Who receives it</dt><dd>Repair contractors (the address and the work only); partner agencies only
with your consent, as listed above; the local authority receives anonymous figures only.</dd>
<dt>Where it came from</dt><dd>From you, from people who reported an incident to us, from reporting
centres and partner agencies, and from our staff.</dd>
<dt>Automated decisions</dt><dd>Reports are sorted automatically to suggest how urgent they are; our
staff make every decision about you.</dd>
<dt>How long we keep it</dt><dd>{% for service, rules in retention.items() %}{% for r in rules %}
{{ r.record }}: {{ r.kept_for }} after {{ r.runs_from }}, then {{ r.then }}.<br>{% endfor %}{% endfor %}</dd>
<dt>Your rights</dt><dd>You may ask us to correct information that is wrong, to delete it or restrict
its use where the law allows, and object to its use. You may complain to the Information
Commissioner's Office (ico.org.uk, 0303 123 1113).</dd>
</dl>
</body></html>
"""

_ENV = Environment(autoescape=select_autoescape(default=True, default_for_string=True))


def render_html(doc: dict[str, Any]) -> str:
    withheld = sum(len(items) for items in doc.get("withheld", {}).values())
    return _ENV.from_string(_TEMPLATE).render(doc=doc, titles=TITLES, withheld=withheld,
                                              retention=doc.get("retention", {}))


def review_text(doc: dict[str, Any]) -> str:
    """The officer's list: what to read before release, and what was withheld (plain text)."""
    missing = "; ".join(f"{s} {why}" for s, why in doc["missing"].items())
    lines = [f"Subject access {doc['request']['reference']}: due {doc['request']['current_due_on']}",
             f"Complete: {'yes' if doc['complete'] else 'NO: ' + missing}", "", "Read before release:"]
    lines += [f"  [{s}] {item}" for s, items in doc.get("review", {}).items() for item in items] or ["  nothing"]
    lines += ["", "Withheld (third parties, crime exemption):"]
    lines += [f"  [{s}] {item}" for s, items in doc.get("withheld", {}).items() for item in items] or ["  nothing"]
    return "\n".join(lines) + "\n"
