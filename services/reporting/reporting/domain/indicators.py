"""The performance indicators, each defined once (POL-7, POL-9; code of practice 1.3.6).

An indicator names the event it counts, which of those events count, and what makes two events the
same thing (a job dispatched twice is one job dispatched). Its definition is the sentence a manager
reads beside the figure.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from reporting.domain.facts import STREAMS, Fact

Predicate = Callable[[Mapping[str, Any]], bool]


def _every(data: Mapping[str, Any]) -> bool:
    return True


@dataclass(frozen=True)
class Indicator:
    name: str
    definition: str
    event_type: str
    counts: Predicate = _every
    counted_by: str | None = None  # the data field naming what is counted; None: every event

    def key(self, fact: Fact) -> str:
        return str(fact.data[self.counted_by]) if self.counted_by else fact.event_id


INDICATORS: tuple[Indicator, ...] = (
    Indicator("reports_received",
              "Reports received through any channel, whatever their triage; every report is recorded "
              "(POL-1, POL-7).", "report_received", counted_by="report_id"),
    Indicator("hate_incidents",
              "Reports triaged as hate incidents: perceived by the victim or anyone else to be motivated "
              "by hostility on grounds of disability, race, religion, sexual orientation or transgender "
              "identity (POL-2).", "report_received",
              lambda data: data["triage"] == "hate_incident", "report_id"),
    Indicator("racist_incidents",
              "Reports perceived to be racist by the victim or any other person (Macpherson; POL-2, "
              "Home Office code).", "report_received",
              lambda data: "race" in data.get("strands", ()), "report_id"),
    Indicator("cases_opened", "Harassment cases opened.", "case_opened", counted_by="case_id"),
    Indicator("reports_linked",
              "Further reports added to a case that was already open, rather than opening a new case.",
              "report_linked", counted_by="report_id"),
    Indicator("repair_jobs_created", "Repair jobs raised for damage caused by harassment (POL-6).",
              "job_created", counted_by="job_id"),
    Indicator("repair_jobs_dispatched",
              "Repair jobs sent to a contractor; a job sent again counts once (POL-6).",
              "job_dispatched", counted_by="job_id"),
    Indicator("referrals_requested",
              "Referrals to partner agencies made with the victim's consent (POL-5).",
              "referral_requested", counted_by="referral_id"),
    Indicator("referrals_refused_no_consent",
              "Referral attempts refused because no valid consent of the victim covered them (POL-5).",
              "referral_refused", lambda data: data["reason"] == "no_consent"),
)

COUNTED_EVENT_TYPES = frozenset(i.event_type for i in INDICATORS)


@dataclass(frozen=True)
class Figures:
    indicator: Indicator
    by_stream: dict[str, int]
    total: int


def figures(facts: Iterable[Fact], streams: Iterable[str] = STREAMS,
            indicators: Iterable[Indicator] = INDICATORS) -> list[Figures]:
    """Count each indicator over ``facts`` (already narrowed to a period), per stream and in total."""
    facts = list(facts)
    streams = tuple(streams)
    out = []
    for indicator in indicators:
        seen: dict[str, set[str]] = {stream: set() for stream in streams}
        for fact in facts:
            if (fact.event_type == indicator.event_type and fact.stream in seen
                    and indicator.counts(fact.data)):
                seen[fact.stream].add(indicator.key(fact))
        by_stream = {stream: len(keys) for stream, keys in seen.items()}
        out.append(Figures(indicator, by_stream, len(set().union(*seen.values()))))
    return out
