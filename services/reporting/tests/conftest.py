"""Fakes of reporting's unit of work, and a small data set of contract-valid events counted by hand.

The data set is built around Q1 2026-27 (1 April to 30 June 2026, UK time). British Summer Time
began on 29 March 2026, so the quarter runs from 2026-03-31T23:00Z to 2026-06-30T23:00Z. The clock
stands at 2026-07-01T10:00Z. Homes owned: General Needs 1,000, Care & Support 200. Every expected
figure is in ``EXPECTED_Q1`` with the reason beside it.
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from hcs.clock import FakeClock
from hcs.events import Event, new_event
from hcs.testing.fakes import FakeUnitOfWork
from reporting.adapters.artefacts import Artefact
from reporting.domain.changes import Change, apply_to_row
from reporting.domain.facts import Fact
from reporting.domain.hotspots import Cluster
from reporting.domain.measures import Count
from reporting.domain.periods import Period
from reporting.settings import reporting_settings

GN, CS = "general_needs", "care_support"
NOW = datetime(2026, 7, 1, 10, 0, tzinfo=UTC)
KEYS = {"incidents": ("report_id",), "case_reports": ("report_id",), "cases": ("case_id",),
        "review_alerts": ("case_id", "due_at"), "reviews": ("review_id",), "actions": ("action_id",),
        "remedies": ("action_id",), "surveys": ("survey_id",), "jobs": ("job_id",), "referrals": ("referral_id",),
        "refusals": ("refusal_id",), "erasures": ("record_id",)}


class FakeFactRepository:
    def __init__(self) -> None:
        self.stored: list[Fact] = []

    def has(self, event_id: str) -> bool:
        return any(f.event_id == event_id for f in self.stored)

    def add(self, fact: Fact) -> None:
        assert not self.has(fact.event_id), "facts.event_id is unique"
        self.stored.append(fact)

    def hold_back(self) -> None:
        """One unit of work at a time here already."""

    def each(self) -> Iterator[Fact]:
        return iter(list(self.stored))

    def latest(self) -> datetime | None:
        return max((f.occurred_at for f in self.stored), default=None)

    def rewrite(self, aggregate_ids: Any, event_types: Any, change: Any) -> int:
        ids, types, done = set(aggregate_ids), set(event_types), 0
        for i, fact in enumerate(self.stored):
            if fact.aggregate_id in ids and fact.event_type in types:
                self.stored[i] = Fact(fact.event_id, fact.event_type, fact.schema_version, fact.occurred_at,
                                      fact.aggregate_id, change(fact.event_type, dict(fact.data)))
                done += 1
        return done

    def about(self, aggregate_ids: Any) -> list[Fact]:
        return [f for f in self.stored if f.aggregate_id in set(aggregate_ids)]


class FakeReadModel:
    """The read model in dictionaries, with the reference meaning of changes and conditions."""

    def __init__(self) -> None:
        self.tables: dict[str, dict[tuple[Any, ...], dict[str, Any]]] = {t: {} for t in KEYS}

    def apply(self, change: Change) -> None:
        key = tuple(change.key[k] for k in KEYS[change.table])
        table = self.tables[change.table]
        table[key] = apply_to_row(table.get(key), change)

    def clear(self) -> None:
        for table in self.tables.values():
            table.clear()

    def rows(self, table: str) -> list[dict[str, Any]]:
        return [dict(r) for r in self.tables[table].values()]

    def count(self, counts: Any, period: Period, now: datetime) -> dict[Count, dict[Any, int]]:
        out: dict[Count, dict[Any, int]] = {}
        for count in set(counts):
            tally: Counter[Any] = Counter()
            for row in self.tables[count.table].values():
                when = row.get(count.when)
                if when is None or not period.contains(when) or not count.matches(row, now) or not row.get("stream"):
                    continue
                tally[(row["stream"], *(row.get(b) for b in count.by)) if count.by else row["stream"]] += 1
            out[count] = dict(tally)
        return out

    def clusters(self, period: Period) -> dict[str, Cluster]:
        homes: Counter[tuple[str, Any]] = Counter()
        for row in self.tables["incidents"].values():
            if row.get("received_at") and period.contains(row["received_at"]) and not row["void"] \
                    and row.get("postcode_unit"):
                homes[(row["postcode_unit"], row.get("uprn"))] += 1
        out: dict[str, Cluster] = {}
        for (unit, uprn), n in homes.items():
            c = out.get(unit, Cluster(0, 0, 0))
            out[unit] = Cluster(c.incidents + n, c.addresses + (uprn is not None),
                                c.repeat_addresses + (uprn is not None and n >= 2))
        return out

    def export_rows(self, period: Period) -> list[dict[str, Any]]:
        out = []
        for row in self.tables["incidents"].values():
            if row.get("received_at") and period.contains(row["received_at"]) and not row["void"]:
                link = self.tables["case_reports"].get((row["report_id"],))
                case = self.tables["cases"].get((link["case_id"],)) if link else None
                out.append({**row, "case_id": link["case_id"] if link else None,
                            "case_closed_at": case.get("closed_at") if case else None,
                            "case_outcome": case.get("outcome") if case else None})
        return out


class FakeArtefactStore:
    def __init__(self) -> None:
        self.stored: dict[str, tuple[Artefact, bytes]] = {}

    def add(self, *, content: bytes, **meta: Any) -> Artefact:
        import hashlib
        import uuid

        artefact = Artefact(str(uuid.uuid4()), size=len(content), sha256=hashlib.sha256(content).hexdigest(), **meta)
        self.stored[artefact.artefact_id] = (artefact, content)
        return artefact

    def get(self, artefact_id: str) -> Artefact | None:
        found = self.stored.get(artefact_id)
        return found[0] if found else None

    def read(self, artefact_id: str, offset: int, length: int) -> bytes:
        return self.stored[artefact_id][1][offset:offset + length]

    def of_pack(self, pack_id: str) -> list[Artefact]:
        return sorted((a for a, _ in self.stored.values() if a.pack_id == pack_id), key=lambda a: a.name)

    def packs(self, kinds: set[str], limit: int = 50) -> list[Artefact]:
        return [a for a, _ in self.stored.values() if a.kind in kinds and a.media_type == "application/pdf"][:limit]


class FakeReportingUnitOfWork(FakeUnitOfWork):
    def __init__(self, now: datetime = NOW) -> None:
        super().__init__(FakeClock(now))
        self.facts = FakeFactRepository()
        self.read_model = FakeReadModel()
        self.artefacts = FakeArtefactStore()


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def event(event_type: str, aggregate_id: str, when: str, **data: Any) -> Event:
    return new_event(event_type, aggregate_id, data, at(when))


def report(report_id: str, when: str, stream: str, triage: str = "harassment", strands: tuple[str, ...] = (),
           postcode: str | None = None, uprn: str | None = None, channel: str = "phone") -> Event:
    return event("report_received", report_id, when, report_id=report_id, stream=stream, channel=channel,
                 triage=triage, strands=list(strands), flags=[], received_at=at(when),
                 address={"postcode": postcode, "uprn": uprn, "line": "1 Secret Street"} if postcode else None,
                 household_key="household-secret", perpetrator_keys=["perp-secret"])


def opened(case_id: str, report_id: str, when: str, stream: str, hate: bool, due: str | None = None) -> Event:
    return event("case_opened", case_id, when, case_id=case_id, report_id=report_id, stream=stream,
                 opened_at=at(when), hate_incident=hate, strands=["race"] if hate else [],
                 first_contact_due_at=at(due) if due else None)


def job(event_type: str, job_id: str, case_id: str, stream: str, created: str, when: str, **data: Any) -> Event:
    base = {"job_id": job_id, "case_id": case_id, "stream": stream, "target_at": at(created) + timedelta(hours=24)}
    if event_type == "job_created":
        return event(event_type, job_id, when, **base, request_id=f"q-{job_id}", created_at=at(when), **data)
    return event(event_type, job_id, when, **base, at=at(when), **data)


def referral(event_type: str, referral_id: str, case_id: str, stream: str, when: str, kind: str | None) -> Event:
    common = {"referral_id": referral_id, "case_id": case_id, "stream": stream, "partner": f"{kind or 'some'}-agency",
              "partner_kind": kind, "purpose": "support"}
    if event_type == "referral_requested":
        return event(event_type, case_id, when, **common, requested_at=at(when))
    return event(event_type, case_id, when, **common, at=at(when))


def refused(case_id: str, stream: str, when: str, reason: str) -> Event:
    return event("referral_refused", case_id, when, case_id=case_id, stream=stream, partner="police-agency",
                 purpose="investigation", reason=reason, refused_at=at(when))


def survey(case_id: str, stream: str, when: str, tp12: str, kept: bool | None, safer: bool | None) -> Event:
    return event("survey_answered", case_id, when, case_id=case_id, stream=stream, answered_at=at(when), tp12=tp12,
                 kept_informed=kept, feels_safer=safer)


def small_events() -> list[Event]:
    """The hand-counted data set (see the module docstring and ``EXPECTED_Q1``)."""
    return [
        # 23:59:59 BST on 31 March: out
        report("r1", "2026-03-31T22:59:59", GN, "hate_incident", ("race",), "SW1A 1AA", "1"),
        report("r2", "2026-03-31T23:00:00", GN, "hate_incident", ("race",), "SW1A 1AA", "1"),  # midnight BST: in
        report("r3", "2026-05-10T10:00:00", GN, "harassment", (), "SW1A 1AB", "2"),
        report("r4", "2026-06-30T22:59:59", GN, "hate_incident", ("religion", "race"), "sw1a1aa", "1"),  # last second
        report("r5", "2026-06-30T23:00:00", GN, "hate_incident", ("race",), "SW1A 1AA", "3"),  # Q2: out
        report("r6", "2026-04-15T10:00:00", CS, "hate_incident", ("disability",), "E1 6AN", "10", "third_party_centre"),
        report("r7", "2026-05-01T10:00:00", CS, "hate_incident", (), "NOTAPC", "11"),
        report("r8", "2026-05-02T10:00:00", GN, "hate_incident", ("race",), "SW1A 1AA", "4"),
        event("report_withdrawn", "r8", "2026-05-02T11:00:00", report_id="r8", stream=GN,
              withdrawn_at=at("2026-05-02T11:00:00"), reason="made_in_error"),  # void: never counted
        report("r9", "2026-05-03T10:00:00", CS, "harassment", ("sex_gender",), "E1 6AN", "12"),
        event("report_withdrawn", "r9", "2026-05-04T11:00:00", report_id="r9", stream=CS,
              withdrawn_at=at("2026-05-04T11:00:00"), reason="reporter_request"),  # still counted
        report("r10", "2026-04-20T10:00:00", GN, "harassment", (), "SW1A 1AB", "2"),
        event("report_amended", "r10", "2026-04-21T10:00:00", report_id="r10", stream=GN, channel="phone",
              triage="hate_incident", strands=["race"], flags=[], amended_at=at("2026-04-21T10:00:00"), version=2,
              address={"postcode": "SW1A 1AB", "uprn": "2"}),  # an amendment carries the whole summary
        opened("c1", "r1", "2026-03-31T22:59:59", GN, True),
        event("case_closed", "c1", "2026-04-05T10:00:00", case_id="c1", stream=GN, closed_at=at("2026-04-05T10:00:00"),
              outcome="no_further_action", approved_by="m1", hate_incident=True, strands=["race"]),
        opened("c2", "r2", "2026-04-01T08:00:00", GN, True, "2026-04-02T08:00:00"),
        event("contact_recorded", "c2", "2026-04-01T12:00:00", case_id="c2", stream=GN, contact_id="k1",
              contacted_at=at("2026-04-01T12:00:00"), kind="visit", first_contact=True,
              due_at=at("2026-04-02T08:00:00"), within_target=True),
        event("risk_assessed", "c2", "2026-04-01T13:00:00", case_id="c2", stream=GN,
              assessed_at=at("2026-04-01T13:00:00"), level="high", score=80),
        event("community_trigger_flagged", "c2", "2026-04-10T10:00:00", case_id="c2", stream=GN,
              flagged_at=at("2026-04-10T10:00:00"), reason="hate incident"),
        event("review_recorded", "c2", "2026-04-20T10:00:00", case_id="c2", stream=GN, review_id="v1",
              kind="officer_senior", reviewed_at=at("2026-04-20T10:00:00"), on_time=True),
        event("case_closed", "c2", "2026-06-20T10:00:00", case_id="c2", stream=GN, closed_at=at("2026-06-20T10:00:00"),
              outcome="resolved", approved_by="m1", hate_incident=True, strands=["race"]),
        opened("c3", "r3", "2026-05-10T11:00:00", GN, False, "2026-05-11T11:00:00"),
        event("report_linked", "c3", "2026-06-30T22:59:59", case_id="c3", stream=GN, report_id="r4",
              linked_at=at("2026-06-30T22:59:59")),
        event("contact_recorded", "c3", "2026-05-12T10:00:00", case_id="c3", stream=GN, contact_id="k2",
              contacted_at=at("2026-05-12T10:00:00"), kind="phone", first_contact=True,
              due_at=at("2026-05-11T11:00:00"), within_target=None),  # late: worked out from due_at
        event("risk_assessed", "c3", "2026-05-12T11:00:00", case_id="c3", stream=GN,
              assessed_at=at("2026-05-12T11:00:00"), level="medium", score=40),
        event("review_overdue", "c3", "2026-06-11T10:00:00", case_id="c3", stream=GN, due_at=at("2026-06-10T10:00:00"),
              noticed_at=at("2026-06-11T10:00:00")),
        event("review_recorded", "c3", "2026-05-25T10:00:00", case_id="c3", stream=GN, review_id="v2",
              kind="officer_senior", reviewed_at=at("2026-05-25T10:00:00"), on_time=True),
        opened("c6", "r6", "2026-04-15T12:00:00", CS, True, "2026-04-16T12:00:00"),  # never contacted: missed
        event("review_overdue", "c6", "2026-05-16T10:00:00", case_id="c6", stream=CS, due_at=at("2026-05-15T10:00:00"),
              noticed_at=at("2026-05-16T10:00:00")),
        event("review_recorded", "c6", "2026-05-20T10:00:00", case_id="c6", stream=CS, review_id="v3",
              kind="senior_manager", reviewed_at=at("2026-05-20T10:00:00"), on_time=False, risk_level="high"),
        opened("c7", "r7", "2026-06-30T22:00:00", CS, True, "2026-07-20T10:00:00"),  # not yet due
        opened("c10", "r10", "2026-04-20T11:00:00", GN, False),  # no first-contact target: out of that base
        event("case_recategorised", "c10", "2026-05-01T10:00:00", case_id="c10", stream=GN,
              recategorised_at=at("2026-05-01T10:00:00"), hate_incident=True, strands=["race"],
              previous_hate_incident=False, previous_strands=[], approved_by="m1"),
        job("job_created", "j1", "c2", GN, "2026-04-01T09:00:00", "2026-04-01T09:00:00"),
        job("job_made_safe", "j1", "c2", GN, "2026-04-01T09:00:00", "2026-04-01T15:00:00", contractor="k",
            within_target=True),
        job("job_created", "j2", "c3", GN, "2026-05-10T12:00:00", "2026-05-10T12:00:00"),
        job("job_completed", "j2", "c3", GN, "2026-05-10T12:00:00", "2026-05-12T12:00:00", contractor="k",
            within_target=False),
        job("job_sla_breached", "j3", "c6", CS, "2026-04-15T13:00:00", "2026-04-16T13:00:00",
            milestone="make_safe_or_complete"),  # arrives before its job_created
        job("job_created", "j3", "c6", CS, "2026-04-15T13:00:00", "2026-04-15T13:00:00"),
        job("job_created", "j4", "c7", CS, "2026-06-30T22:30:00", "2026-06-30T22:30:00"),  # still within 24 h
        job("job_sla_at_risk", "j4", "c7", CS, "2026-06-30T22:30:00", "2026-07-01T09:00:00",
            milestone="make_safe_or_complete"),
        job("job_created", "j5", "c10", GN, "2026-04-21T10:00:00", "2026-04-21T10:00:00"),
        job("job_cancelled", "j5", "c10", GN, "2026-04-21T10:00:00", "2026-04-21T11:00:00", reason="duplicate job"),
        job("job_created", "j6", "c6", CS, "2026-03-30T10:00:00", "2026-03-30T10:00:00"),  # Q4: out
        event("action_agreed", "c2", "2026-04-02T10:00:00", case_id="c2", stream=GN, action_id="a1",
              action_type="target_hardening", agreement="agreed", recorded_at=at("2026-04-02T10:00:00")),
        event("action_agreed", "c3", "2026-05-11T10:00:00", case_id="c3", stream=GN, action_id="a2",
              action_type="counselling_referral", agreement="declined", recorded_at=at("2026-05-11T10:00:00")),
        event("action_agreed", "c6", "2026-04-16T10:00:00", case_id="c6", stream=CS, action_id="a3",
              action_type="interpreter", agreement="victim_own_wish", recorded_at=at("2026-04-16T10:00:00")),
        event("action_agreed", "c6", "2026-03-30T10:00:00", case_id="c6", stream=CS, action_id="a4",
              action_type="other", agreement="agreed", recorded_at=at("2026-03-30T10:00:00")),  # Q4: out
        event("perpetrator_action_recorded", "c3", "2026-05-12T10:00:00", case_id="c3", stream=GN, action_id="p1",
              remedy="warning_letter", status="proposed", recorded_at=at("2026-05-12T10:00:00")),
        event("perpetrator_action_recorded", "c3", "2026-05-20T10:00:00", case_id="c3", stream=GN, action_id="p1",
              remedy="warning_letter", status="served", recorded_at=at("2026-05-20T10:00:00")),
        survey("c2", GN, "2026-06-21T10:00:00", "very_satisfied", True, True),
        survey("c1", GN, "2026-04-06T10:00:00", "dont_know", False, None),
        survey("c6", CS, "2026-06-01T10:00:00", "fairly_dissatisfied", None, False),
        survey("c6", CS, "2026-07-01T00:00:00", "fairly_satisfied", True, True),  # 01:00 BST 1 July: Q2
        referral("referral_requested", "f1", "c2", GN, "2026-04-03T10:00:00", "police"),
        referral("referral_accepted", "f1", "c2", GN, "2026-04-05T10:00:00", "police"),
        referral("referral_requested", "f2", "c6", CS, "2026-04-16T10:00:00", "victim_support"),
        referral("referral_rejected", "f2", "c6", CS, "2026-04-20T10:00:00", "victim_support"),
        referral("referral_requested", "f3", "c3", GN, "2026-05-12T10:00:00", None),
        refused("c2", GN, "2026-04-04T10:00:00", "no_consent"),
        refused("c2", GN, "2026-04-04T10:05:00", "no_consent"),  # every refusal counts
        refused("c6", CS, "2026-05-01T10:00:00", "no_agreement"),
        refused("c6", CS, "2026-06-30T23:30:00", "consent_expired"),  # Q2: out
    ]


# Q1 2026-27: (General Needs, Care & Support) for each row; shares as (numerator, denominator).
EXPECTED_Q1: dict[str, dict[str, Any]] = {
    "reports_received": {"reports_received": (4, 3),  # r2 r3 r4 r10 / r6 r7 r9 (r9 withdrawn by reporter)
                         "third_party": (0, 1)},
    "racist_incidents": {"racist_incidents": (3, 0)},  # r2 r4 r10 (amended to race); r8 void
    "hate_incidents": {"hate_incidents": (3, 2), "strand.race": (3, 0), "strand.religion": (1, 0),
                       "strand.disability": (0, 1), "strand.not_recorded": (0, 1), "strand.sex_gender": (0, 1)},
    "cases_opened": {"cases_opened": (3, 2), "hate_cases_opened": (1, 2)},  # c2 c3 c10 / c6 c7
    "cases_closed": {"cases_closed": (2, 0)},  # c1 (opened in Q4) and c2
    "nm01_1": {"nm01_1": (3.0, 10.0)},
    "nm01_2": {"nm01_2": (1.0, 10.0)},  # c10 was recategorised as hate later: not counted (POL-2)
    "tp12": {"tp12": ((1, 1), (0, 1)), "answers": (2, 1), "answers.dont_know": (1, 0)},
    "first_contact": {"first_contact": ((1, 2), (0, 1)), "missed": (1, 1), "not_yet_due": (0, 1)},
    "actions_agreed": {"actions_agreed": ((1, 2), (1, 1)), "declined": (1, 0)},
    "repairs_24h": {"repairs_24h": ((1, 2), (0, 1)), "jobs_raised": (3, 2), "made_safe_within": (1, 0),
                    "completed_within": (0, 0), "missed": (1, 1), "cancelled": (1, 0)},
    "referrals": {"referrals": (2, 1), "accepted": ((1, 2), (0, 1)), "rejected": (0, 1), "referrals.police": (1, 0),
                  "referrals.victim_support": (0, 1), "referrals.not_stated": (1, 0)},
    "referrals_refused": {"refused_no_consent": (2, 0), "refusals": (2, 1), "refusals.no_consent": (2, 0),
                          "refusals.no_agreement": (0, 1)},
    "reviews_on_time": {"reviews_on_time": ((2, 2), (0, 1)), "overdue": (1, 1)},
    "community_trigger": {"community_trigger": (1, 0)},
    "outcomes": {"closed": (2, 0), "closed.resolved": (1, 0), "closed.no_further_action": (1, 0)},
    "victim_satisfaction": {"kept_informed": ((1, 2), (0, 0)), "feels_safer": ((1, 1), (0, 1))},
    "remedies": {"remedies": (1, 0), "remedies.warning_letter": (1, 0)},
}

SETTINGS = reporting_settings({"landlord": "Hexagon Housing Association",
                               "homes_owned": {"default": {"general_needs": 1000, "care_support": 200}},
                               "export": {"reference_key": "test-export-key-" + "k" * 32}})


def load(uow: Any, events: list[Event]) -> None:
    from reporting.service_layer.handlers import record_fact

    for e in events:
        with uow:
            record_fact(uow, e)
            uow.commit()


@pytest.fixture
def fake_uow() -> FakeReportingUnitOfWork:
    return FakeReportingUnitOfWork()


@pytest.fixture
def loaded_uow() -> FakeReportingUnitOfWork:
    uow = FakeReportingUnitOfWork()
    load(uow, small_events())
    return uow


@pytest.fixture
def events() -> list[Event]:
    return copy.deepcopy(small_events())


@pytest.fixture
def data() -> Any:
    """The data set and its helpers, for tests (conftest is not importable under importlib mode)."""
    from types import SimpleNamespace

    return SimpleNamespace(events=small_events, expected=EXPECTED_Q1, settings=SETTINGS, load=load, at=at,
                           event=event, report=report, opened=opened, job=job, survey=survey, refused=refused,
                           referral=referral, Uow=FakeReportingUnitOfWork, now=NOW, ReadModel=FakeReadModel)
