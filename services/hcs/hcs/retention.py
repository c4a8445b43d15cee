"""The retention schedule held as data, and the arithmetic of when a record expires (UK GDPR art.
5(1)(e): kept no longer than necessary).

Each service declares its record types in ``<service>/domain/retention.py`` (``RULES``: what the
period runs from, what happens then, the default period and why); its config may change a period
(``extra.retention.schedule``) but never invent a record type:

    extra:
      retention:
        run_every_seconds: 3600     # the expiry timer; 0 = only on demand (hcs-admin retention run)
        batch_size: 200             # records per rule per run, each erased in its own transaction
        schedule:
          closed_case: {years: 6}   # years, months, days
          published_events: {days: 30}

``hcs-admin retention schedule services/*/config.yaml`` prints the whole schedule in effect.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from dateutil.relativedelta import relativedelta
from marshmallow import Schema, ValidationError, fields, validate
from nameko.extensions import DependencyProvider
from nameko.timer import Timer

from hcs.config import ConfigError
from hcs.errors import ValidationFailed, flatten_messages


@dataclass(frozen=True)
class Period:
    years: int = 0
    months: int = 0
    days: int = 0

    def _delta(self) -> relativedelta:
        return relativedelta(years=self.years, months=self.months, days=self.days)

    def after(self, start: datetime) -> datetime:
        """When a record whose period runs from ``start`` expires (calendar arithmetic: 29 February
        plus one year is 28 February)."""
        return start + self._delta()

    def cutoff(self, now: datetime) -> datetime:
        """Records whose period started after this have not expired; those at or before it are
        candidates (each is then checked with ``expired``)."""
        return now - self._delta()

    def __str__(self) -> str:
        parts = [f"{n} {unit}{'' if n == 1 else 's'}" for n, unit in
                 ((self.years, "year"), (self.months, "month"), (self.days, "day")) if n]
        return ", ".join(parts) or "no time at all"


def expired(start: datetime | None, period: Period, now: datetime) -> bool:
    """Has a record whose period runs from ``start`` expired at ``now``? Never without a start."""
    return start is not None and period.after(start) <= now


@dataclass(frozen=True)
class Rule:
    """One record type of the schedule. ``follows`` names the event that ends the record instead of
    a clock of its own (the owning service's erasure); ``period`` is then None."""

    name: str
    record: str
    runs_from: str
    action: str  # "deleted" or "anonymised"
    basis: str
    period: Period | None = None
    follows: str | None = None


PUBLISHED_EVENTS = Rule(
    "published_events", "events in the outbox that the broker has confirmed", "the broker confirmed them",
    "deleted", "copies kept only to diagnose delivery; the records themselves keep their own periods",
    Period(days=30))


@dataclass(frozen=True)
class RetentionSettings:
    run_every_seconds: float
    batch_size: int
    rules: tuple[Rule, ...]
    periods: Mapping[str, Period]

    def period(self, rule: str) -> Period:
        return self.periods[rule]

    def schedule(self) -> list[dict[str, Any]]:
        """The schedule in effect, in words, for the runbook's table and ``hcs-admin retention``."""
        return [{"record_type": r.name, "record": r.record, "kept_for": self._kept_for(r), "runs_from": r.runs_from,
                 "then": r.action, "basis": r.basis} for r in self.rules]

    def _kept_for(self, rule: Rule) -> str:
        if rule.name in self.periods:
            return str(self.periods[rule.name])
        return f"until {rule.follows}" if rule.follows else "without end"


@dataclass
class RuleRun:
    """What one rule's run found due and erased (ids only: they resolve to nothing once erased)."""

    rule: str
    due: int = 0
    erased: int = 0
    skipped: int = 0
    ids: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "due": self.due, "erased": self.erased, "skipped": self.skipped,
                "ids": self.ids[:1000]}


def dry_run_flag(value: Any) -> bool:
    """The ``dry_run`` argument of ``run_retention``: true or false, nothing else."""
    if not isinstance(value, bool):
        raise ValidationFailed("dry_run is invalid", {"dry_run": ["true or false."]})
    return value


def run_report(service: str, now: datetime, dry_run: bool, runs: Sequence[RuleRun]) -> dict[str, Any]:
    return {"service": service, "as_of": now.isoformat(), "dry_run": dry_run,
            "rules": [r.to_dict() for r in runs]}


def prune_published(db: Callable[[], Any], settings: RetentionSettings, dry_run: bool) -> RuleRun:
    """The ``published_events`` rule: outbox rows the broker confirmed long ago are deleted."""
    done = RuleRun(PUBLISHED_EVENTS.name)
    if dry_run:
        return done
    with db() as uow:
        done.erased = done.due = uow.erased.prune_published(
            settings.period(PUBLISHED_EVENTS.name).cutoff(uow.clock.now()))
        uow.commit()
    return done


class _PeriodSchema(Schema):
    years = fields.Integer(load_default=0, validate=validate.Range(min=0, max=100))
    months = fields.Integer(load_default=0, validate=validate.Range(min=0, max=1200))
    days = fields.Integer(load_default=0, validate=validate.Range(min=0, max=36500))


class _RetentionSchema(Schema):
    run_every_seconds = fields.Float(load_default=3600.0, validate=validate.Range(min=0, max=7 * 86400))
    batch_size = fields.Integer(load_default=200, validate=validate.Range(min=1, max=10_000))
    schedule = fields.Dict(keys=fields.String(), values=fields.Nested(_PeriodSchema), load_default=dict)


def retention_settings(extra: Mapping[str, Any], rules: Sequence[Rule]) -> RetentionSettings:
    """``extra.retention`` validated against the service's record types (one line on a bad value)."""
    try:
        loaded = _RetentionSchema().load(dict(extra.get("retention") or {}))
    except ValidationError as exc:
        raise ConfigError("invalid retention settings at: " + ", ".join(
            sorted(flatten_messages(exc.messages)))) from None
    clocked = {r.name: r for r in rules if r.period is not None}
    unknown = sorted(set(loaded["schedule"]) - set(clocked))
    if unknown:
        raise ConfigError(f"invalid retention settings at: schedule.{unknown[0]} (not a record type with a "
                          f"period of its own here; known: {', '.join(sorted(clocked))})")
    periods = {name: Period(**loaded["schedule"][name]) if name in loaded["schedule"] else rule.period
               for name, rule in clocked.items()}
    return RetentionSettings(loaded["run_every_seconds"], loaded["batch_size"], tuple(rules),
                             periods)  # type: ignore[arg-type]


class RetentionConfig(DependencyProvider):
    """``self.retention``: the service's retention settings, validated when the container starts."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules = tuple(rules)

    def setup(self) -> None:
        self.settings = retention_settings(self.container.config["HCS"].extra, self.rules)

    def get_dependency(self, worker_ctx: Any) -> RetentionSettings:
        return self.settings


class RetentionTimer(Timer):
    """The expiry run's timer: ``extra.retention.run_every_seconds`` (0 switches it off). Safe in
    replicas: each erasure locks its record and checks its tombstone first."""

    def setup(self) -> None:
        raw = dict(self.container.config["HCS"].extra.get("retention") or {})
        try:
            every = float(_RetentionSchema().load({"run_every_seconds": raw.get("run_every_seconds", 3600.0)})[
                "run_every_seconds"])
        except ValidationError:
            raise ConfigError("invalid retention settings at: run_every_seconds") from None
        self.switched_off = every == 0
        self.interval = every or 86400.0
        super().setup()

    def handle_timer_tick(self) -> None:
        if not self.switched_off:
            super().handle_timer_tick()
