"""Cases' own dependency providers: its validated settings and the reminder timer's interval."""

from __future__ import annotations

from typing import Any

from nameko.extensions import DependencyProvider
from nameko.timer import Timer

from cases.settings import CasesSettings, cases_settings


class CasesConfig(DependencyProvider):
    """``self.cases_config``: cases' settings, built and validated once when the container starts."""

    settings: CasesSettings

    def setup(self) -> None:
        self.settings = cases_settings(self.container.config["HCS"].extra)

    def get_dependency(self, worker_ctx: Any) -> CasesSettings:
        return self.settings


class ReminderTimer(Timer):
    """A timer whose interval comes from ``extra.reminders.interval_seconds``."""

    def setup(self) -> None:
        self.interval = cases_settings(self.container.config["HCS"].extra).reminder_interval_seconds
        super().setup()
