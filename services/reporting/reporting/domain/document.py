"""A pack as a document, before any format: sections of text, tables and charts. The HTML, the PDF
and the CSV files are all rendered from this one structure, so they can never disagree; a chart is
drawn from the same (suppressed) figures as the table beside it."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Table:
    key: str  # the CSV file's name, without ".csv"
    title: str
    columns: list[str]
    rows: list[list[str]]
    note: str = ""


@dataclass(frozen=True)
class Chart:
    """``kind``: trend (lines over months), bars (grouped bars per category), sla (shares against
    100%), heat (areas by months). ``series`` maps a series name to one value per category; None is a
    hidden small figure, drawn as a gap and marked."""

    key: str
    title: str
    kind: str
    categories: list[str]
    series: dict[str, list[float | None]]
    rows: list[str] = field(default_factory=list)  # heat: the areas, top to bottom
    matrix: list[list[float | None]] = field(default_factory=list)  # heat: rows by categories
    highlight_from: int | None = None  # trend: first category inside the period reported
    note: str = ""


@dataclass(frozen=True)
class Section:
    title: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)


@dataclass(frozen=True)
class Document:
    title: str
    subtitle: str
    marking: str  # protective marking printed on every page
    facts: list[tuple[str, str]]  # the cover's key facts: period, audience, generated, data as at ...
    sections: list[Section]

    @property
    def tables(self) -> list[Table]:
        return [t for s in self.sections for t in s.tables]

    @property
    def charts(self) -> list[Chart]:
        return [c for s in self.sections for c in s.charts]
