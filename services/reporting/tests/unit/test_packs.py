"""The quarterly, six-monthly and annual packs (POL-9; code 1.3.5): one document rendered as HTML, PDF
and CSV; definitions beside figures; small numbers suppressed for the committee and the Board;
rendered off the eventlet hub."""

from __future__ import annotations

import base64
import csv
import io

import pytest

from hcs.auth import Caller
from hcs.errors import Forbidden, NotFound, ValidationFailed
from reporting.adapters.rendering.render import ThreadedRenderer
from reporting.domain.indicators import INDICATORS
from reporting.domain.packs import compose
from reporting.service_layer.packs import generate_pack, get_artefact, list_packs, pack_content
from reporting.service_layer.queries import PackRequest

DIRECTOR = Caller("od-1", "operations_director")
BOARD = Caller("b-1", "board_member")
DIRECT = ThreadedRenderer(execute=lambda fn, *args: fn(*args))


def document(uow, data, kind, label):
    from reporting.domain.periods import FinancialCalendar

    with uow:
        content = pack_content(uow, kind, FinancialCalendar().parse(label), data.settings, parked=2)
    return compose(content)


def test_the_quarterly_pack_shows_every_indicator_with_its_definition_beside_it(loaded_uow, data):
    doc = document(loaded_uow, data, "quarterly", "2026-27-Q1")
    summary = next(t for t in doc.tables if t.key == "summary")
    assert [r[0] for r in summary.rows] == [i.title for i in INDICATORS]
    assert all(r[1] == i.definition for r, i in zip(summary.rows, INDICATORS, strict=True))
    assert summary.rows[0][2:] == ["4", "3", "7"]  # exact for the Operations Director
    assert {c.kind for c in doc.charts} == {"trend", "bars", "sla", "heat"}
    assert any(t.key == "uprn_clusters" for t in doc.tables)
    assert "2 event(s) are waiting for an operator" in " ".join(doc.sections[-1].paragraphs)


def test_the_board_pack_holds_aggregates_only_with_small_numbers_hidden(loaded_uow, data):
    doc = document(loaded_uow, data, "annual", "2026-27")
    summary = next(t for t in doc.tables if t.key == "summary")
    assert summary.rows[0][2:] == ["5", "<5", "*"]  # the total would give Care & Support's 3 away
    assert not any(t.key == "uprn_clusters" for t in doc.tables)
    for table in doc.tables:
        for row in table.rows:
            for cell in row[1:]:
                assert cell not in {"1", "2", "3", "4"}, (table.key, row)
    trend = next(c for c in doc.charts if c.kind == "trend")
    assert all(v is None or v == 0 or v >= 5 for values in trend.series.values() for v in values)


def test_a_pack_renders_as_html_pdf_and_a_csv_per_table(loaded_uow, data):
    manifest = generate_pack(loaded_uow, PackRequest("quarterly", "2026-27-Q1"), DIRECTOR, data.settings, DIRECT)
    files = {a.name: a for a in manifest.files}
    pdf = loaded_uow.artefacts.read(files["quarterly-2026-27-Q1.pdf"].artefact_id, 0, 10**8)
    html = loaded_uow.artefacts.read(files["quarterly-2026-27-Q1.html"].artefact_id, 0, 10**8).decode()
    assert pdf.startswith(b"%PDF-") and b"/Type /Page" in pdf
    assert html.count("data:image/png;base64,") == 5 and "<script" not in html
    assert INDICATORS[0].definition in html
    summary = loaded_uow.artefacts.read(files["quarterly-2026-27-Q1-summary.csv"].artefact_id, 0, 10**6).decode()
    assert list(csv.reader(io.StringIO(summary)))[1][:1] == ["Reports received"]
    doc_tables = len(document(loaded_uow, data, "quarterly", "2026-27-Q1").tables)
    assert sum(name.endswith(".csv") for name in files) == doc_tables


def test_rendering_runs_in_a_native_thread_not_on_the_hub(loaded_uow, data):
    from eventlet import patcher

    threading = patcher.original("threading")
    seen = []

    def execute(fn, *args):
        from eventlet import tpool

        def spy(*a):
            seen.append(threading.current_thread() is not threading.main_thread())
            return fn(*a)
        return tpool.execute(spy, *args)

    generate_pack(loaded_uow, PackRequest("six_monthly", "2026-27-H1"), DIRECTOR, data.settings,
                  ThreadedRenderer(execute=execute))
    assert seen == [True]


def test_pieces_of_a_stored_pack_reassemble_and_only_readers_may_fetch_them(loaded_uow, data):
    manifest = generate_pack(loaded_uow, PackRequest("annual", "2026-27"), BOARD, data.settings, DIRECT)
    pdf = next(a for a in manifest.files if a.name.endswith(".pdf"))
    pieces, offset = [], 0
    while offset is not None:
        piece = get_artefact(loaded_uow, pdf.artefact_id, offset, 50_000, BOARD)
        pieces.append(base64.b64decode(piece["content_base64"]))
        offset = piece["next_offset"]
    assert b"".join(pieces) == loaded_uow.artefacts.read(pdf.artefact_id, 0, 10**8)
    assert [m.pack_id for m in list_packs(loaded_uow, BOARD, None)] == [manifest.pack_id]
    for role in ("housing_officer", "senior"):
        with pytest.raises(Forbidden):
            get_artefact(loaded_uow, pdf.artefact_id, 0, None, Caller("x", role))
    with pytest.raises(NotFound):
        get_artefact(loaded_uow, "00000000-0000-4000-8000-000000000000", 0, None, BOARD)
    with pytest.raises(ValidationFailed):
        get_artefact(loaded_uow, pdf.artefact_id, 10**9, None, BOARD)


@pytest.mark.parametrize(("role", "kind"), [("board_member", "quarterly"), ("housing_officer", "annual"),
                                            ("senior", "six_monthly")])
def test_packs_are_refused_to_those_they_are_not_for(loaded_uow, data, role, kind):
    with pytest.raises(Forbidden):
        generate_pack(loaded_uow, PackRequest(kind, "latest"), Caller("x", role), data.settings, DIRECT)
    assert loaded_uow.audit.entries[-1].outcome == "refused"
