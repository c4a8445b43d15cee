"""A pack as a PDF, drawn with fpdf2 (pure Python, no system libraries) from the same document as
the HTML. Text is set in DejaVu Sans, the font matplotlib ships, so every character prints (dashes,
"≥", "&") without any font installed on the machine."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from reporting.domain.document import Document, Table


def _font_dir() -> Path:
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def _pdf_class() -> Any:
    from fpdf import FPDF

    class PackPdf(FPDF):  # type: ignore[misc]
        marking = ""
        title_text = ""

        def header(self) -> None:
            self.set_font("DejaVu", "B", 7)
            self.set_text_color(139, 31, 31)
            self.cell(0, 4, self.marking, align="C", new_x="LMARGIN", new_y="NEXT")
            self.set_text_color(0, 0, 0)
            self.ln(2)

        def footer(self) -> None:
            self.set_y(-12)
            self.set_font("DejaVu", "", 7)
            self.cell(0, 4, f"{self.title_text} · page {self.page_no()}/{{nb}} · {self.marking}", align="C")

    return PackPdf


def _widths(table: Table) -> tuple[float, ...]:
    if "Definition" in table.columns:
        return (30, 70, *([18] * (len(table.columns) - 2)))
    first = 60 if len(table.columns) <= 4 else 40
    return (first, *([(180 - first) / (len(table.columns) - 1)] * (len(table.columns) - 1)))


def _table(pdf: Any, table: Table) -> None:
    from fpdf.fonts import FontFace

    pdf.set_font("DejaVu", "B", 9)
    pdf.multi_cell(0, 5, table.title, new_x="LMARGIN", new_y="NEXT")
    if table.note:
        pdf.set_font("DejaVu", "", 7)
        pdf.set_text_color(85, 85, 85)
        pdf.multi_cell(0, 3.5, table.note, new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0, 0, 0)
    pdf.set_font("DejaVu", "", 7)
    align = tuple("LEFT" if i == 0 or "Definition" in c else "RIGHT" for i, c in enumerate(table.columns))
    with pdf.table(col_widths=_widths(table), text_align=align, line_height=3.8, width=180,
                   headings_style=FontFace(emphasis="BOLD", fill_color=(238, 243, 247))) as grid:
        for row in [table.columns, *table.rows]:
            cells = grid.row()
            for value in row:
                cells.cell(value)
    pdf.ln(3)


def render_pdf(doc: Document, images: dict[str, bytes]) -> bytes:
    fonts = _font_dir()
    pdf = _pdf_class()(orientation="P", unit="mm", format="A4")
    pdf.marking, pdf.title_text = doc.marking, doc.title
    pdf.set_title(doc.title)
    pdf.set_creator("hcs reporting")
    pdf.set_margins(15, 12, 15)
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_font("DejaVu", "", str(fonts / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(fonts / "DejaVuSans-Bold.ttf"))
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 16)
    pdf.multi_cell(0, 8, doc.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    pdf.multi_cell(0, 5, doc.subtitle, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    for key, value in doc.facts:
        pdf.set_font("DejaVu", "B", 9)
        pdf.cell(55, 5, key)
        pdf.set_font("DejaVu", "", 9)
        pdf.multi_cell(0, 5, value, new_x="LMARGIN", new_y="NEXT")
    for section in doc.sections:
        pdf.ln(4)
        pdf.set_font("DejaVu", "B", 12)
        pdf.multi_cell(0, 6, section.title, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 9)
        for paragraph in section.paragraphs:
            pdf.multi_cell(0, 4.5, paragraph, new_x="LMARGIN", new_y="NEXT")
        for chart in section.charts:
            pdf.image(io.BytesIO(images[chart.key]), w=175)
            pdf.ln(2)
        for table in section.tables:
            _table(pdf, table)
    return bytes(pdf.output())
