"""The landlord's configurable case policy, in one object the rules are given (built from
``extra`` in config.yaml by ``cases.settings``; defaults are the issue's)."""

from __future__ import annotations

from dataclasses import dataclass, field

from cases.domain.approvals import ApprovalRules
from cases.domain.calendar import WorkingCalendar
from cases.domain.reviews import ReviewCadence
from cases.domain.risk import RiskMatrix
from cases.domain.staff import TrainingRule
from cases.domain.targets import ResponseTargets
from cases.domain.trigger import CommunityTriggerRule

FIRST_CONTACT_KINDS = frozenset({"visit", "phone", "interview", "text", "email"})


@dataclass(frozen=True)
class CasePolicy:
    targets: ResponseTargets = field(default_factory=ResponseTargets)
    calendar: WorkingCalendar = field(default_factory=WorkingCalendar)
    cadence: ReviewCadence = field(default_factory=ReviewCadence)
    matrix: RiskMatrix = field(default_factory=RiskMatrix)
    trigger: CommunityTriggerRule = field(default_factory=CommunityTriggerRule)
    approvals: ApprovalRules = field(default_factory=ApprovalRules)
    training: TrainingRule = field(default_factory=TrainingRule)
    first_contact_kinds: frozenset[str] = FIRST_CONTACT_KINDS
