"""Every file of a pack from its document: the HTML, the PDF and a CSV per table; and the export's
CSV or JSON. CPU-heavy: the service runs these in a worker thread (``eventlet.tpool``), never on the
eventlet hub, and one at a time (matplotlib is not thread-safe), behind a native lock."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Any

from eventlet import patcher

from reporting.domain.document import Document, Table

_native_threading = patcher.original("threading")
_RENDER_LOCK = _native_threading.Lock()


@dataclass(frozen=True)
class File:
    name: str
    media_type: str
    content: bytes


def table_csv(table: Table) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(table.columns)
    writer.writerows(table.rows)
    return buffer.getvalue().encode("utf-8")


def render_pack(doc: Document, stem: str) -> list[File]:
    from reporting.adapters.rendering.charts import render_chart
    from reporting.adapters.rendering.html import render_html
    from reporting.adapters.rendering.pdf import render_pdf

    with _RENDER_LOCK:
        images = {chart.key: render_chart(chart) for chart in doc.charts}
        files = [File(f"{stem}.html", "text/html; charset=utf-8", render_html(doc, images)),
                 File(f"{stem}.pdf", "application/pdf", render_pdf(doc, images))]
    files += [File(f"{stem}-{t.key}.csv", "text/csv; charset=utf-8", table_csv(t)) for t in doc.tables]
    return files


def export_csv(fields: tuple[str, ...], rows: list[dict[str, Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(fields), lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: str(v).lower() if isinstance(v, bool) else v for k, v in row.items()})
    return buffer.getvalue().encode("utf-8")


def export_json(header: dict[str, Any], rows: list[dict[str, Any]]) -> bytes:
    return json.dumps({**header, "incidents": rows}, ensure_ascii=False, indent=1).encode("utf-8")


class ThreadedRenderer:
    """What the service layer renders with: every call runs in eventlet's pool of native threads, so the
    hub (and with it every other worker, the heartbeat and the relay) keeps running meanwhile."""

    def __init__(self, execute: Any = None) -> None:
        from eventlet import tpool

        self.execute = execute or tpool.execute

    def pack(self, doc: Document, stem: str) -> list[File]:
        return self.execute(render_pack, doc, stem)  # type: ignore[no-any-return]

    def export(self, fmt: str, header: dict[str, Any], rows: list[dict[str, Any]]) -> bytes:
        if fmt == "csv":
            return self.execute(export_csv, tuple(f["name"] for f in header["fields"]), rows)  # type: ignore[no-any-return]
        return self.execute(export_json, header, rows)  # type: ignore[no-any-return]
