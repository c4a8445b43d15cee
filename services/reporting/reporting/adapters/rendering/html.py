"""A pack as one self-contained HTML file (Jinja2, autoescaped): charts embedded as PNG data, no
script, no external fetch, so it can be mailed to a Board member and opened anywhere."""

from __future__ import annotations

import base64

from jinja2 import Environment, select_autoescape

from reporting.domain.document import Document

_TEMPLATE = """<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<title>{{ doc.title }}</title>
<style>
body{font-family:"DejaVu Sans",Arial,sans-serif;margin:2em auto;max-width:62em;color:#222;line-height:1.4}
.marking{text-align:center;font-weight:bold;color:#8b1f1f;letter-spacing:.05em}
h1{font-size:1.6em;margin-bottom:.2em} h2{border-bottom:2px solid #1f5f8b;padding-bottom:.2em;margin-top:2em}
h3{font-size:1.05em;margin-bottom:.3em}
dl.facts{display:grid;grid-template-columns:max-content auto;gap:.2em 1em} dt{font-weight:bold}
table{border-collapse:collapse;margin:.4em 0 1.2em;font-size:.9em;width:100%}
th,td{border:1px solid #ccc;padding:.25em .5em;vertical-align:top} th{background:#eef3f7;text-align:left}
td.n{text-align:right;white-space:nowrap} p.def{font-size:.85em;color:#555;margin:.2em 0}
figure{margin:1em 0} figure img{max-width:100%}
</style></head><body>
<p class="marking">{{ doc.marking }}</p>
<h1>{{ doc.title }}</h1><p>{{ doc.subtitle }}</p>
<dl class="facts">{% for k, v in doc.facts %}<dt>{{ k }}</dt><dd>{{ v }}</dd>{% endfor %}</dl>
{% for section in doc.sections %}<section><h2>{{ section.title }}</h2>
{% for p in section.paragraphs %}<p>{{ p }}</p>{% endfor %}
{% for chart in section.charts %}<figure>
<img alt="{{ chart.title }}" src="data:image/png;base64,{{ images[chart.key] }}">
<figcaption>{{ chart.title }}{% if chart.note %}: {{ chart.note }}{% endif %}</figcaption></figure>{% endfor %}
{% for table in section.tables %}<h3 id="{{ table.key }}">{{ table.title }}</h3>
{% if table.note %}<p class="def">{{ table.note }}</p>{% endif %}
<table><thead><tr>{% for c in table.columns %}<th scope="col">{{ c }}</th>{% endfor %}</tr></thead><tbody>
{% for row in table.rows %}<tr>{% for cell in row %}{% if loop.first %}<th scope="row">{{ cell }}</th>
{% else %}<td{% if numeric[table.key][loop.index0] %} class="n"{% endif %}>{{ cell }}</td>{% endif %}{% endfor %}</tr>
{% endfor %}</tbody></table>{% endfor %}</section>
{% endfor %}<p class="marking">{{ doc.marking }}</p></body></html>
"""

_ENV = Environment(autoescape=select_autoescape(default=True, default_for_string=True))


def _numeric_columns(doc: Document) -> dict[str, list[bool]]:
    """Columns whose cells are figures (right-aligned): every column but the first two words-only ones."""
    out = {}
    for table in doc.tables:
        out[table.key] = [i > 0 and not any(h in c for h in ("Definition", "Stream", "Postcode", "Figure"))
                          for i, c in enumerate(table.columns)]
    return out


def render_html(doc: Document, images: dict[str, bytes]) -> bytes:
    encoded = {key: base64.b64encode(png).decode("ascii") for key, png in images.items()}
    page = _ENV.from_string(_TEMPLATE).render(doc=doc, images=encoded, numeric=_numeric_columns(doc))
    return page.encode("utf-8")
