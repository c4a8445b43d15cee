"""Charts drawn on the server as SVG, with a text alternative: no script, no CDN. Every chart on a
page also has its figures in a table beside it (WCAG 1.1.1)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from markupsafe import Markup, escape

BAR_HEIGHT, GAP, LABEL_WIDTH, CHART_WIDTH = 22, 8, 190, 520
Bar = tuple[str, Any] | tuple[str, Any, str]  # (label, value) or (label, value, the figure as shown)


def bar_chart(rows: Sequence[Bar], title: str, description: str = "") -> Markup:
    """Horizontal bars, one per row; a hidden figure ("<5", "*") or one with no base is drawn as no
    bar, with its text beside it."""
    bars = [(row[0], row[1], row[2] if len(row) > 2 else _shown(row[1])) for row in rows]
    numbers = [v for _, v, _ in bars if isinstance(v, int | float)]
    top = max(numbers, default=0) or 1
    height = len(bars) * (BAR_HEIGHT + GAP) + GAP
    span = CHART_WIDTH - LABEL_WIDTH - 130
    parts = [f'<svg class="chart" role="img" viewBox="0 0 {CHART_WIDTH} {height}" '
             f'xmlns="http://www.w3.org/2000/svg" aria-labelledby="{_id(title)}-t {_id(title)}-d">',
             f'<title id="{_id(title)}-t">{escape(title)}</title>',
             f'<desc id="{_id(title)}-d">{escape(description or _describe(bars))}</desc>']
    for i, (label, value, shown) in enumerate(bars):
        y = GAP + i * (BAR_HEIGHT + GAP)
        width = int(span * value / top) if isinstance(value, int | float) and value > 0 else 0
        parts.append(f'<text x="{LABEL_WIDTH - 8}" y="{y + 16}" text-anchor="end">{escape(str(label)[:28])}</text>')
        parts.append(f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width}" height="{BAR_HEIGHT}" class="bar"/>')
        parts.append(f'<text x="{LABEL_WIDTH + width + 6}" y="{y + 16}">{escape(str(shown))}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every value above is escaped


def _shown(value: Any) -> str:
    return "<5" if value is None else str(value)


def heat_level(value: Any, top: int) -> int:
    """0 (none) to 4 (the most), for the hot-spot grid's shading; a hidden cell is 0."""
    if not isinstance(value, int) or value <= 0 or top <= 0:
        return 0
    return min(4, 1 + (4 * value - 1) // top)


def heat_table(heat: Sequence[Sequence[Any]]) -> list[list[tuple[Any, int]]]:
    """The hot-spot grid with a shade for each cell."""
    top = max((v for row in heat for v in row if isinstance(v, int)), default=0)
    return [[(v, heat_level(v, top)) for v in row] for row in heat]


def _describe(bars: Sequence[tuple[str, Any, str]]) -> str:
    return "; ".join(f"{label}: {shown}" for label, _, shown in bars)


def _id(title: str) -> str:
    return "c-" + "".join(ch if ch.isalnum() else "-" for ch in title.lower())[:40]


TILE_W, TILE_H, TILE_GAP, ROW_LABEL = 96, 46, 6, 70


def tile_map(areas: Sequence[dict[str, Any]], level: str = "sector") -> Markup:
    """A map-like tile chart of hot spots: one row per postcode district (per sector for clusters),
    one tile per area in it, darker for more incidents. The ranked table beside it has the figures."""
    if not areas:
        return Markup("")
    rows: dict[str, list[dict[str, Any]]] = {}
    for area in areas:
        name = str(area.get("area") or "")
        group = name.split(" ")[0] if level == "sector" else name[:-2].strip()
        rows.setdefault(group, []).append(area)
    top = max((a["incidents"].get("value") or 0 for a in areas), default=0)
    widest = max(len(tiles) for tiles in rows.values())
    width = ROW_LABEL + widest * (TILE_W + TILE_GAP)
    height = len(rows) * (TILE_H + TILE_GAP) + TILE_GAP
    title = "Hot spot map"
    described = "; ".join(f"{a['area']}: {a['incidents'].get('shown')}" for a in areas)
    parts = [f'<svg class="chart tile-map" role="img" viewBox="0 0 {width} {height}" width="{width}" '
             f'xmlns="http://www.w3.org/2000/svg" aria-labelledby="map-t map-d">',
             f'<title id="map-t">{escape(title)}</title>',
             f'<desc id="map-d">{escape(described)}</desc>']
    for i, (group, tiles) in enumerate(sorted(rows.items())):
        y = TILE_GAP + i * (TILE_H + TILE_GAP)
        parts.append(f'<text x="0" y="{y + 28}" class="map-group">{escape(group)}</text>')
        for j, area in enumerate(sorted(tiles, key=lambda a: str(a["area"]))):
            x = ROW_LABEL + j * (TILE_W + TILE_GAP)
            shade = heat_level(area["incidents"].get("value"), top)
            parts.append(f'<rect x="{x}" y="{y}" width="{TILE_W}" height="{TILE_H}" class="tile heat-{shade}"/>')
            parts.append(f'<text x="{x + 8}" y="{y + 19}" class="tile-{shade}">{escape(str(area["area"]))}</text>')
            parts.append(f'<text x="{x + 8}" y="{y + 37}" class="tile-{shade}">'
                         f'{escape(str(area["incidents"].get("shown")))}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every value above is escaped
