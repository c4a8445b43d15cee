"""In-memory fakes of referrals' repositories, unit of work, data source and partner transport.

The fake unit of work keeps what was committed only: a unit of work left without ``commit()`` puts
every repository back as it was (as the database would), and repositories hand out copies, so a
change a handler did not save is not seen by the next unit of work.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from hcs.clock import FakeClock
from hcs.testing.fakes import FakeUnitOfWork
from referrals.domain.consent import ConsentRecord, latest_for
from referrals.domain.model import CaseEntry, Disclosure, StopNotice
from referrals.domain.partners import Agreement, Partner
from referrals.domain.referral import Referral, Status
from referrals.domain.sharing import CaseData
from referrals.service_layer.ports import DataSourceUnavailable, PartnerLine


class FakeCases:
    def __init__(self) -> None:
        self.rows: dict[str, CaseEntry] = {}

    def get(self, case_id: str, for_update: bool = False) -> CaseEntry | None:
        return self.rows.get(case_id)

    def add(self, case: CaseEntry) -> None:
        if case.case_id in self.rows:
            raise KeyError(f"case {case.case_id} is already known")
        self.rows[case.case_id] = case

    def save(self, case: CaseEntry) -> None:
        self.rows[case.case_id] = case

    def lock(self, case_id: str) -> None:
        return None


class FakeConsents:
    def __init__(self) -> None:
        self.records: list[tuple[ConsentRecord, str | None]] = []

    def for_case(self, case_id: str) -> list[ConsentRecord]:
        return [r for r, _ in self.records if r.case_id == case_id]

    def add(self, record: ConsentRecord, key: str | None = None) -> None:
        assert all((r.case_id, r.partner, r.version) != (record.case_id, record.partner, record.version)
                   for r, _ in self.records), "a consent version is written once"
        self.records.append((record, key))

    def by_idempotency_key(self, key: str) -> list[ConsentRecord]:
        return [r for r, k in self.records if k == key]

    def expired_heads(self, now: datetime, limit: int) -> list[tuple[str, str]]:
        heads = {(r.case_id, r.partner) for r, _ in self.records}
        due = []
        for case_id, partner in sorted(heads):
            latest = latest_for(self.for_case(case_id), partner)
            if latest is not None and latest.is_given and latest.expired_at(now):
                due.append((case_id, partner))
        return due[:limit]


class FakePartners:
    def __init__(self) -> None:
        self.rows: dict[str, Partner] = {}
        self.secrets: dict[str, tuple[str, datetime]] = {}

    def get(self, code: str) -> Partner | None:
        return self.rows.get(code)

    def all(self) -> list[Partner]:
        return [self.rows[c] for c in sorted(self.rows)]

    def add(self, partner: Partner) -> None:
        assert partner.code not in self.rows
        self.rows[partner.code] = partner

    def save(self, partner: Partner) -> None:
        self.rows[partner.code] = partner

    def set_secret(self, code: str, secret: str, at: datetime) -> None:
        self.secrets[code] = (secret, at)

    def secret_rotated_at(self, code: str) -> datetime | None:
        return self.secrets[code][1] if code in self.secrets else None

    def line(self, code: str) -> PartnerLine | None:
        partner = self.rows.get(code)
        if partner is None:
            return None
        return PartnerLine(code, partner.endpoint, self.secrets.get(code, ("", None))[0])


class FakeAgreements:
    def __init__(self) -> None:
        self.rows: list[Agreement] = []

    def for_partner(self, code: str) -> list[Agreement]:
        return [a for a in self.rows if a.partner == code]

    def add(self, agreement: Agreement) -> None:
        assert all((a.partner, a.version) != (agreement.partner, agreement.version) for a in self.rows)
        self.rows.append(agreement)


class FakeReferrals:
    def __init__(self) -> None:
        self.rows: dict[str, Referral] = {}

    def add(self, referral: Referral) -> None:
        assert referral.referral_id not in self.rows
        assert self.by_idempotency_key(referral.idempotency_key) is None
        self.rows[referral.referral_id] = copy.deepcopy(referral)

    def save(self, referral: Referral) -> None:
        assert referral.referral_id in self.rows
        self.rows[referral.referral_id] = copy.deepcopy(referral)

    def get(self, referral_id: str, for_update: bool = False) -> Referral | None:
        found = self.rows.get(referral_id)
        return copy.deepcopy(found) if found else None

    def _where(self, keep: Any) -> list[Referral]:
        chosen = [r for r in self.rows.values() if keep(r)]
        return [copy.deepcopy(r) for r in sorted(chosen, key=lambda r: (r.requested_at, r.referral_id))]

    def by_idempotency_key(self, key: str) -> Referral | None:
        return next(iter(self._where(lambda r: r.idempotency_key == key)), None)

    def by_request_id(self, request_id: str) -> Referral | None:
        return next(iter(self._where(lambda r: r.request_id == request_id)), None)

    def for_case(self, case_id: str) -> list[Referral]:
        return self._where(lambda r: r.case_id == case_id)

    def for_case_partner(self, case_id: str, partner: str) -> list[Referral]:
        return self._where(lambda r: r.case_id == case_id and r.partner == partner)

    def due_for_delivery(self, now: datetime, limit: int, partners: Sequence[str]) -> list[Referral]:
        return self._where(lambda r: r.status is Status.REQUESTED and r.partner in partners
                           and r.next_attempt_at is not None and r.next_attempt_at <= now)[:limit]

    def awaiting_pull(self, partner: str, limit: int) -> list[Referral]:
        return self._where(lambda r: r.partner == partner and r.status in (Status.REQUESTED, Status.SENT))[:limit]

    def open(self, streams: Sequence[str], partner: str | None, limit: int) -> list[Referral]:
        return self._where(lambda r: r.is_open and r.stream in streams and partner in (None, r.partner))[:limit]


class FakeDisclosures:
    def __init__(self) -> None:
        self.rows: list[Disclosure] = []

    def add(self, disclosure: Disclosure) -> None:
        assert all(d.disclosure_id != disclosure.disclosure_id for d in self.rows)
        self.rows.append(disclosure)

    def for_referral(self, referral_id: str) -> list[Disclosure]:
        return [d for d in self.rows if d.referral_id == referral_id]

    def query(self, partner: str | None = None, case_id: str | None = None, referral_id: str | None = None,
              since: datetime | None = None, until: datetime | None = None, after: int = 0,
              limit: int = 100) -> list[Disclosure]:
        found = [replace(d, seq=i) for i, d in enumerate(self.rows, start=1) if i > after
                 and partner in (None, d.partner) and case_id in (None, d.case_id)
                 and referral_id in (None, d.referral_id) and (since is None or d.disclosed_at >= since)
                 and (until is None or d.disclosed_at < until)]
        return found[:limit]


class FakeNotices:
    def __init__(self) -> None:
        self.rows: dict[str, StopNotice] = {}

    def add(self, notice: StopNotice) -> None:
        assert self.for_referral(notice.referral_id) is None, "one notice per referral"
        self.rows[notice.notice_id] = copy.deepcopy(notice)

    def save(self, notice: StopNotice) -> None:
        self.rows[notice.notice_id] = copy.deepcopy(notice)

    def get(self, notice_id: str, for_update: bool = False) -> StopNotice | None:
        found = self.rows.get(notice_id)
        return copy.deepcopy(found) if found else None

    def for_referral(self, referral_id: str) -> StopNotice | None:
        found = next((n for n in self.rows.values() if n.referral_id == referral_id), None)
        return copy.deepcopy(found) if found else None

    def due(self, now: datetime, limit: int, partners: Sequence[str]) -> list[StopNotice]:
        due = [n for n in self.rows.values() if n.sent_at is None and n.partner in partners
               and n.next_attempt_at is not None and n.next_attempt_at <= now]
        return [copy.deepcopy(n) for n in sorted(due, key=lambda n: n.created_at)[:limit]]

    def unconfirmed_for(self, partner: str) -> list[StopNotice]:
        return [copy.deepcopy(n) for n in self.rows.values()
                if n.partner == partner and n.deletion_confirmed_at is None]


class FakeAttempts:
    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = []

    def add(self, referral_id: str, attempt: int, at: datetime, status_code: int | None, error: str | None) -> None:
        self.rows.append({"referral_id": referral_id, "attempt": attempt, "at": at, "status_code": status_code,
                          "error": error})

    def for_referral(self, referral_id: str) -> list[dict[str, Any]]:
        return [dict(r) for r in self.rows if r["referral_id"] == referral_id]


class FakeCallbacks:
    def __init__(self) -> None:
        self.rows: dict[tuple[str, str], str] = {}

    def seen(self, partner: str, webhook_id: str) -> bool:
        return (partner, webhook_id) in self.rows

    def add(self, partner: str, webhook_id: str, referral_id: str, status: str, received_at: datetime) -> None:
        assert (partner, webhook_id) not in self.rows
        self.rows[(partner, webhook_id)] = status


REPOSITORIES = ("cases", "consents", "partners", "agreements", "referrals", "disclosures", "notices",
                "attempts", "callbacks")


class FakeReferralsUnitOfWork(FakeUnitOfWork):
    def __init__(self, clock: FakeClock | None = None) -> None:
        super().__init__(clock or FakeClock())
        self.cases = FakeCases()
        self.consents = FakeConsents()
        self.partners = FakePartners()
        self.agreements = FakeAgreements()
        self.referrals = FakeReferrals()
        self.disclosures = FakeDisclosures()
        self.notices = FakeNotices()
        self.attempts = FakeAttempts()
        self.callbacks = FakeCallbacks()
        self._saved: dict[str, Any] = {}

    def __enter__(self) -> FakeReferralsUnitOfWork:
        super().__enter__()
        self._saved = self._snapshot()
        return self

    def rollback(self) -> None:
        super().rollback()
        for name, state in self._saved.items():
            getattr(self, name).__dict__ = {key: copy.copy(value) for key, value in state.items()}

    def commit(self) -> None:
        super().commit()
        self._mark = (len(self.outbox.events), len(self.audit.entries))
        self._saved = self._snapshot()

    def _snapshot(self) -> dict[str, dict[str, Any]]:
        """Rows are immutable or stored as private copies, so copying each container is enough."""
        return {name: {key: copy.copy(value) for key, value in getattr(self, name).__dict__.items()}
                for name in REPOSITORIES}


class FakeDataSource:
    """Answers from a table of values per field; can be switched off, and can run a hook while it
    is being asked (to interleave another command between the fetch and the claim)."""

    def __init__(self, values: Mapping[str, Any] | None = None) -> None:
        self.values = dict(values or {})
        self.up = True
        self.extra: dict[str, Any] = {}  # answered whether asked or not (a source that says too much)
        self.calls: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = []
        self.during_fetch: Any = None

    def fetch(self, case_id: str, report_ids: Sequence[str], case_fields: Sequence[str],
              report_fields: Sequence[str]) -> CaseData:
        self.calls.append((case_id, tuple(case_fields), tuple(report_fields)))
        if self.during_fetch is not None:
            hook, self.during_fetch = self.during_fetch, None
            hook()
        if not self.up:
            raise DataSourceUnavailable("cases did not answer")
        case = {f: self.values.get(f, f"<{f}>") for f in case_fields} | self.extra
        reports = tuple({f: self.values.get(f, f"<{f}>") for f in report_fields} | self.extra
                        for _ in report_ids) if report_fields else ()
        return CaseData(case, reports)


class FakeTransport:
    """Records every POST; answers ``status`` (or raises ``error``)."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str, dict[str, Any]]] = []
        self.status = 202
        self.error: Exception | None = None
        self.on_send: Any = None

    def send(self, endpoint: str, secret: str, webhook_id: str, body: Mapping[str, Any]) -> int:
        if self.on_send is not None:
            self.on_send(webhook_id, dict(body))
        if self.error is not None:
            raise self.error
        self.sent.append((endpoint, webhook_id, dict(body)))
        return self.status
