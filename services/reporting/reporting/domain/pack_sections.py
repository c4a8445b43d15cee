"""The sections of a pack: each indicator's table with its definition beside it, and the charts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reporting.domain.document import Chart, Section, Table
from reporting.domain.figures import STREAM_NAMES, STREAMS, TOTAL, IndicatorFigures
from reporting.domain.periods import MONTH_NAMES, month_title
from reporting.domain.suppression import THRESHOLD

if TYPE_CHECKING:
    from reporting.domain.packs import PackContent

COLUMNS = (*STREAMS, TOTAL)
PART_MARK = "\u2013 "  # an en dash before each part of a row
HEADINGS = [STREAM_NAMES[c] for c in COLUMNS]


def indicator_table(figures: IndicatorFigures) -> Table:
    """All rows of one indicator; parts with nothing in any column are left out (noted)."""
    rows, dropped = [], False
    for r in figures.rows:
        if r.row.part_of and all(not f.hidden and f.numerator == 0 for f in r.cells.values()):
            dropped = True
            continue
        rows.append([(PART_MARK if r.row.part_of else "") + r.row.label, *(r.cells[c].text for c in COLUMNS)])
    note = figures.indicator.definition + (" Kinds with none in the period are left out." if dropped else "")
    return Table(figures.indicator.key, figures.indicator.title, ["", *HEADINGS], rows, note)


def _tables(content: PackContent, *keys: str) -> list[Table]:
    return [indicator_table(content.indicator(k)) for k in keys]


def summary_section(content: PackContent) -> Section:
    rows = [[f.indicator.title, f.indicator.definition, *(f.headline.cells[c].text for c in COLUMNS)]
            for f in content.figures]
    return Section("Summary", [
        f"Performance indicators for {content.period.title}, for the {content.kind.audience} (POL-9). Every "
        "figure is given for General Needs and Care & Support apart (POL-7) and in total; each indicator's "
        "definition is printed beside it.",
    ], [Table("summary", "Headline figures", ["Indicator", "Definition", *HEADINGS], rows)])


def reporting_section(content: PackContent) -> Section:
    target = content.increase_target
    rows = [[line.label, STREAM_NAMES[line.column], line.now.text, line.before.text, line.change_text,
             f"{target:+.0f}%", line.met_text] for line in content.targets]
    table = Table("reporting_target", "Target to increase reporting",
                  ["Figure", "Stream", content.period.label, content.compared.label, "Change", "Target", "Result"],
                  rows, f"Compared with {content.compared.title}. The landlord aims to increase reporting "
                        f"(code 1.3.3) by at least {target:g}%.")
    trend = content.trend
    months = [month_title(m) for m in trend.months]
    first = content.period.months[0]
    chart = Chart("trend", "Reports received by month", "trend", months, {
        **{f"{STREAM_NAMES[c]}": list(trend.now[c]) for c in COLUMNS},
        "Total, a year before": list(trend.year_before[TOTAL]),
    }, highlight_from=trend.months.index(first) if first in trend.months else None)
    monthly = Table("reports_by_month", "Reports received by month", ["Month", *HEADINGS, "Total, a year before"],
                    [[months[i], *(_n(trend.now[c][i]) for c in COLUMNS), _n(trend.year_before[TOTAL][i])]
                     for i in range(len(months))])
    return Section("Reporting and the target to increase it", [
        "More reports mean more victims confident to come forward (code 1.3.3, 1.3.7)."],
        [table, *_tables(content, "reports_received", "racist_incidents"), monthly], [chart])


def strands_section(content: PackContent) -> Section:
    hate = content.indicator("hate_incidents")
    strand_rows = [r for r in hate.rows[1:] if "recorded locally" not in r.row.label]
    chart = Chart("strands", "Hate incidents by strand", "bars", [r.row.label for r in strand_rows],
                  {STREAM_NAMES[s]: [r.cells[s].value for r in strand_rows] for s in STREAMS})  # type: ignore[misc]
    return Section("Hate incidents by strand", [], [indicator_table(hate)], [chart])


def cases_section(content: PackContent) -> Section:
    outcomes = content.indicator("outcomes")
    parts = [r for r in outcomes.rows if r.row.part_of and any(f.hidden or f.numerator for f in r.cells.values())]
    chart = Chart("outcomes", "Case outcomes", "bars", [r.row.label for r in parts],
                  {STREAM_NAMES[s]: [r.cells[s].value for r in parts] for s in STREAMS})  # type: ignore[misc]
    homes = ", ".join(f"{STREAM_NAMES[s]} {content.homes.get(s, 0):,}" for s in STREAMS)
    return Section("Cases", [f"Homes owned, as configured for NM01: {homes}."],
                   _tables(content, "cases_opened", "cases_closed", "nm01_1", "nm01_2", "community_trigger",
                           "outcomes", "remedies"), [chart] if parts else [])


SLA_ROWS = (("first_contact", "First contact within target"), ("repairs_24h", "Repairs within 24 hours"),
            ("reviews_on_time", "Reviews on time"), ("actions_agreed", "Actions agreed with victim"),
            ("tp12", "TP12 satisfied"))


def victims_section(content: PackContent) -> Section:
    heads = [content.indicator(k).headline for k, _ in SLA_ROWS]
    chart = Chart("sla", "Service standards: share within target", "sla", [t for _, t in SLA_ROWS],
                  {STREAM_NAMES[c]: [_percent(h.cells[c].value) for h in heads] for c in COLUMNS})
    return Section("Service to victims", [
        "Victim-centred work (POL-3): contact, agreed actions, supervision reviews (POL-8) and satisfaction "
        "(code 1.4.7)."],
        _tables(content, "first_contact", "actions_agreed", "reviews_on_time", "tp12", "victim_satisfaction"), [chart])


def repairs_section(content: PackContent) -> Section:
    return Section("Repairs within 24 hours", [
        "Repairs caused by harassment are completed within 24 hours, or made safe within 24 hours where more "
        "time is needed (POL-6)."], _tables(content, "repairs_24h"))


def partners_section(content: PackContent) -> Section:
    return Section("Partner agencies and consent", [
        "Referral to or discussion with another agency is only ever with the victim's consent (POL-5)."],
        _tables(content, "referrals", "referrals_refused"))


def hot_spot_section(content: PackContent) -> Section:
    spots = content.hot_spots
    table = Table("hot_spots", "Hot spots by postcode sector",
                  ["Rank", "Postcode sector", content.period.label, content.previous.label, "Change"],
                  [[str(s.rank), s.area, s.incidents.text, s.previous.text, s.change_text] for s in spots.spots],
                  f"Incidents reported, ranked; {spots.unmapped.text} had no usable postcode."
                  + (f" Only sectors with at least {THRESHOLD} incidents are listed."
                     if content.kind.suppressed else ""))
    tables = [table]
    if content.clusters is not None:
        tables.append(Table("uprn_clusters", "Clusters of neighbouring homes (postcode units)",
                            ["Rank", "Postcode unit", "Incidents", "Before", "Change", "Addresses", "Repeat addresses"],
                            [[str(s.rank), s.area, s.incidents.text, s.previous.text, s.change_text,
                              str(s.addresses or 0), str(s.repeat_addresses or 0)] for s in content.clusters.spots],
                            "Addresses: homes in the unit with an incident; repeat: with more than one. "
                            "Internal only."))
    months = [month_title(m) for m in content.heat_months]
    chart = Chart("heat", "Incidents by sector and month", "heat", months, {}, [s.area for s in spots.spots],
                  [list(r) for r in content.heat],
                  highlight_from=content.heat_months.index(content.period.months[0]) if content.heat else None)
    return Section("Hot spots", [
        f"Where incidents cluster (code 1.2.2), with the change since {content.previous.title}."],
        tables, [chart] if spots.spots else [])


def notes_section(content: PackContent) -> Section:
    notes = [
        "Periods run on UK calendar days (Europe/London), from midnight on the first day to midnight after the last.",
        f"The landlord's year starts on 1 {MONTH_NAMES[content.year_starts - 1]}; quarters and half-years follow it.",
    ]
    if content.kind.suppressed:
        notes.append(f"Counts from 1 to {THRESHOLD - 1} are shown as \"<{THRESHOLD}\"; a figure marked \"*\" is "
                     "withheld so that a small figure cannot be worked out from the others.")
    if content.parked:
        notes.append(f"{content.parked} event(s) are waiting for an operator and not yet counted; figures may change.")
    return Section("Notes", notes)


def _n(value: int | None) -> str:
    return f"<{THRESHOLD}" if value is None else f"{value:,}"


def _percent(value: float | int | None) -> float | None:
    return None if value is None else round(float(value) * 100, 1)
