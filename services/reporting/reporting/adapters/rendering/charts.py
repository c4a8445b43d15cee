"""Charts drawn with matplotlib (object API and the Agg canvas: no pyplot state, no display).

Runs in a worker thread, never on the eventlet hub (see ``render.render_pack``). A hidden small figure
(None) is drawn as a gap and marked "<5", so a chart never shows more than the table beside it.
"""

from __future__ import annotations

import io
import math
from typing import Any

from reporting.domain.document import Chart

COLOURS = {"General Needs": "#1f5f8b", "Care & Support": "#e08a1e", "Total": "#3a3a3a",
           "Total, a year before": "#9a9a9a"}
DPI = 110


def _figure(width: float, height: float) -> tuple[Any, Any]:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=DPI)
    FigureCanvasAgg(figure)
    return figure, figure.add_subplot(1, 1, 1)


def _png(figure: Any) -> bytes:
    buffer = io.BytesIO()
    figure.tight_layout()
    figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def render_chart(chart: Chart) -> bytes:
    draw = {"trend": _trend, "bars": _bars, "sla": _sla, "heat": _heat}[chart.kind]
    return draw(chart)


def _trend(chart: Chart) -> bytes:
    figure, axes = _figure(8.0, 3.4)
    xs = list(range(len(chart.categories)))
    if chart.highlight_from is not None:
        axes.axvspan(chart.highlight_from - 0.5, len(xs) - 0.5, color="#eef3f7", zorder=0, label="period reported")
    for name, values in chart.series.items():
        ys = [math.nan if v is None else v for v in values]
        style = "--" if "before" in name else "-"
        axes.plot(xs, ys, style, marker="o", markersize=3, color=COLOURS.get(name), label=name)
        for x, v in zip(xs, values, strict=True):
            if v is None:
                axes.annotate("<5", (x, 0), ha="center", va="bottom", fontsize=6, color=COLOURS.get(name))
    axes.set_xticks(xs, chart.categories, rotation=45, ha="right", fontsize=7)
    axes.set_ylabel("reports")
    axes.set_ylim(bottom=0)
    axes.grid(axis="y", alpha=0.3)
    axes.legend(fontsize=7, loc="upper left", ncols=3, frameon=False)
    axes.set_title(chart.title, fontsize=10)
    return _png(figure)


def _grouped(axes: Any, chart: Chart, horizontal: bool) -> None:
    names = list(chart.series)
    width = 0.8 / max(len(names), 1)
    positions = list(range(len(chart.categories)))
    for index, name in enumerate(names):
        offsets = [p + (index - (len(names) - 1) / 2) * width for p in positions]
        values = [0 if v is None else v for v in chart.series[name]]
        draw = axes.barh if horizontal else axes.bar
        draw(offsets, values, width, label=name, color=COLOURS.get(name))
        for offset, v in zip(offsets, chart.series[name], strict=True):
            if v is None:
                xy = (0, offset) if horizontal else (offset, 0)
                axes.annotate("<5", xy, fontsize=6, va="center" if horizontal else "bottom",
                              ha="left" if horizontal else "center")
    if horizontal:
        axes.set_yticks(positions, chart.categories, fontsize=7)
        axes.invert_yaxis()
    else:
        axes.set_xticks(positions, chart.categories, rotation=30, ha="right", fontsize=7)
    axes.legend(fontsize=7, frameon=False)
    axes.set_title(chart.title, fontsize=10)


def _bars(chart: Chart) -> bytes:
    figure, axes = _figure(8.0, max(2.4, 0.32 * len(chart.categories) + 1.2))
    _grouped(axes, chart, horizontal=True)
    axes.set_xlabel("incidents or cases")
    axes.grid(axis="x", alpha=0.3)
    return _png(figure)


def _sla(chart: Chart) -> bytes:
    figure, axes = _figure(8.0, 3.2)
    _grouped(axes, chart, horizontal=False)
    axes.set_ylim(0, 100)
    axes.set_ylabel("% within target")
    axes.grid(axis="y", alpha=0.3)
    return _png(figure)


def _heat(chart: Chart) -> bytes:
    import numpy as np

    rows = chart.rows or ["(none)"]
    matrix = chart.matrix or [[0] * len(chart.categories)]
    figure, axes = _figure(8.0, max(2.2, 0.3 * len(rows) + 1.4))
    data = np.array([[np.nan if v is None else v for v in row] for row in matrix], dtype=float)
    image = axes.imshow(data, aspect="auto", cmap="YlOrRd", vmin=0)
    for (y, x), value in np.ndenumerate(data):
        text = "<5" if matrix[y][x] is None else f"{int(value)}"
        axes.text(x, y, text, ha="center", va="center", fontsize=6)
    axes.set_xticks(range(len(chart.categories)), chart.categories, rotation=45, ha="right", fontsize=7)
    axes.set_yticks(range(len(rows)), rows, fontsize=7)
    if chart.highlight_from is not None:
        axes.axvline(chart.highlight_from - 0.5, color="#1f5f8b", linewidth=1.5)
    figure.colorbar(image, ax=axes, label="incidents", fraction=0.03)
    axes.set_title(chart.title, fontsize=10)
    return _png(figure)
