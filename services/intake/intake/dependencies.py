"""Intake's own nameko dependency: its validated settings, and its business metrics."""

from __future__ import annotations

from typing import Any

from nameko.extensions import DependencyProvider
from prometheus_client import Counter

from hcs.config import ConfigError
from intake.domain.working_days import REGIONS, working_days
from intake.settings import IntakeSettings, intake_settings

REPORTS_RECEIVED = Counter("hcs_reports_received_total", "Reports taken, by channel and triage outcome",
                           ["service", "channel", "triage"])
FORM_ANSWERS = Counter("hcs_report_form_answers_total", "Answers of the common reporting form, by HTTP status",
                       ["service", "status"])


class IntakeConfig(DependencyProvider):
    """``self.intake`` in the service: ``extra`` validated once, when the container starts (a bad
    value stops the service with one line naming the field, never its value)."""

    settings: IntakeSettings

    def setup(self) -> None:
        hcs = self.container.config["HCS"]
        self.settings = intake_settings(hcs.extra, hcs.auth.secret)

    def get_dependency(self, worker_ctx: Any) -> IntakeSettings:
        return self.settings


class SubjectAccessConfig(DependencyProvider):
    """``self.working_day``: the subject access deadline's working days, for the region in
    ``extra.subject_access.region`` (england_and_wales, scotland, northern_ireland)."""

    def setup(self) -> None:
        section = self.container.config["HCS"].extra.get("subject_access") or {}
        region = section.get("region", "england_and_wales") if isinstance(section, dict) else None
        if region not in REGIONS:
            raise ConfigError(f"invalid intake settings at: subject_access.region (one of {', '.join(REGIONS)})")
        self.is_working_day = working_days(region)

    def get_dependency(self, worker_ctx: Any) -> Any:
        return self.is_working_day
