"""Data minimisation: what may leave for one referral, and the projection that makes sure nothing
else does (code 1.3.3; UK GDPR art. 5(1)(c)).

The fields to share are those the agreement allows for the referral's purpose, in the categories the
referral asks for (which the consent must cover), minus every field the victim asked to keep from
this partner. The data sources are asked for exactly those fields, and what they answer is projected
through the same set again: a source that answers with more cannot make more leave.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from referrals.domain.fields import category_of

if TYPE_CHECKING:
    from referrals.domain.partners import Agreement


@dataclass(frozen=True)
class CaseData:
    """What the data sources answered: the case's fields, and each linked report's fields."""

    case: Mapping[str, Any] = field(default_factory=dict)
    reports: tuple[Mapping[str, Any], ...] = ()


@dataclass(frozen=True)
class SharedData:
    """The projection that is sent: only allowed keys, nothing else."""

    case: dict[str, Any]
    reports: list[dict[str, Any]]

    @property
    def field_names(self) -> frozenset[str]:
        names = set(self.case)
        for report in self.reports:
            names.update(report)
        return frozenset(names)


def fields_to_share(agreement: Agreement, purpose: str, categories: Iterable[str],
                    withheld: Iterable[str]) -> frozenset[str]:
    wanted = set(categories)
    allowed = {name for name in agreement.fields_for(purpose) if category_of(name) in wanted}
    return frozenset(allowed - set(withheld))


def project(data: CaseData, fields: frozenset[str]) -> SharedData:
    """Keep only ``fields``; drop empty reports (a report with nothing to share says nothing)."""
    case = {k: v for k, v in data.case.items() if k in fields}
    reports = [kept for report in data.reports if (kept := {k: v for k, v in report.items() if k in fields})]
    return SharedData(case, reports)
