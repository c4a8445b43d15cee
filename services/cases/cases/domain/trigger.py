"""The Community Trigger (ASB case review; DOMAIN): a locally set threshold, by default 3 reports
about the same household in 6 months, or 1 hate incident. A case that crosses it is flagged once, so
that a senior considers a case review before the victim has to ask for one."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from dateutil.relativedelta import relativedelta


@dataclass(frozen=True)
class CommunityTriggerRule:
    reports: int = 3
    months: int = 6
    hate_incidents: int = 1  # 0 switches the hate-incident route off

    def __post_init__(self) -> None:
        if self.reports < 1 or self.months < 1 or self.hate_incidents < 0:
            raise ValueError("community trigger needs reports >= 1, months >= 1, hate_incidents >= 0")

    def window_start(self, now: datetime) -> datetime:
        return now - relativedelta(months=self.months)

    def reason(self, report_times: Iterable[datetime], hate_report_times: Iterable[datetime],
               now: datetime) -> str | None:
        """Why the threshold is crossed, or None. ``report_times``: when each live (not withdrawn)
        report about the household was received; ``hate_report_times``: those that were hate
        incidents. Both count within the window."""
        start = self.window_start(now)
        recent = sum(1 for at in report_times if at >= start)
        hate_reports = sum(1 for at in hate_report_times if at >= start)
        if recent >= self.reports:
            return f"{recent} reports about this household in {self.months} months"
        if self.hate_incidents and hate_reports >= self.hate_incidents:
            return f"{hate_reports} hate incident{'s' if hate_reports > 1 else ''} reported"
        return None
