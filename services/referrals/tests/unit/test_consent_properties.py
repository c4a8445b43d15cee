"""The proof of POL-5 ("in all cases ... with the victim's consent") and of data minimisation (code
1.3.3): random interleavings of consent given, narrowed, withdrawn and running out, referral
requests (from staff and from case actions), changes of owner, deliveries (failing, timing out,
answered but lost, with the data source down, with consent changing between the fetch and the
claim or while the POST is in flight), pulls, partner callbacks and revocations.

A reference model of consent, written here independently of the service, is kept beside the system.
Whenever data leaves (each POST, each pull):
- the model says a consent valid *at that moment* covers that partner, purpose and categories;
- every field sent is one the agreement allows for that purpose, in those categories, and not one
  the victim keeps from that partner.
After every step: no open referral stands on a consent the model says no longer covers it; every
referral whose partner may hold data it no longer may has a stop-and-delete notice owed or sent; the
disclosure log has one row per release. The machine runs on the in-memory fakes and on the real
SQLite repositories.
"""

from __future__ import annotations

import contextlib
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from hcs.auth import Caller
from hcs.clock import FakeClock
from hcs.errors import Conflict, ConsentRefused, NotFound, ValidationFailed
from hcs.testing.plugin import examples
from referrals.domain.fields import CATEGORIES, FIELDS, category_of
from referrals.domain.model import CaseEntry
from referrals.domain.referral import Status
from referrals.service_layer import callbacks, case_events, consents, delivery, notices, pull, registry, requests

from .builders import SEEDS, SYSTEM
from .fakes import FakeDataSource, FakeReferralsUnitOfWork, FakeTransport

CASES = ("case-1", "case-2")
OFFICER = Caller("officer-1", "manager", None, frozenset({"general_needs"}))
AGREED: dict[str, dict[str, frozenset[str]]] = {
    s["code"]: {p: frozenset(f) for p, f in s["agreement"]["purposes"].items()} for s in SEEDS}
PARTNERS = tuple(sorted(AGREED))
KIND = {s["code"]: s["kind"] for s in SEEDS}
POLICY = delivery.DeliveryPolicy(batch_size=50, lease_seconds=30, max_backoff_seconds=20)
SOME_CATEGORIES = ("case", "contact", "incident", "incident_account", "hate_perception", "risk", "perpetrator",
                   "police", "language", "address")
WITHHOLDABLE = ("victim.contact", "victim.name", "incident.types", "case.strands", "victim.address")


@dataclass
class Told:
    """The model: what the victim said last to one partner, for one case."""

    status: str  # given | withdrawn | expired (noticed)
    purposes: frozenset[str] = frozenset()
    categories: frozenset[str] = frozenset()
    withheld: frozenset[str] = frozenset()
    expires_at: datetime | None = None


@dataclass
class Stats:
    sent: int = 0
    pulled: int = 0
    refused: int = 0
    made: int = 0
    stopped: int = 0
    notices: int = 0
    fields_seen: set[str] = field(default_factory=set)


STATS = Stats()


def allowed_fields(partner: str, purpose: str, categories: frozenset[str], withheld: frozenset[str]) -> frozenset[str]:
    return frozenset(f for f in AGREED[partner].get(purpose, ()) if category_of(f) in categories) - withheld


class ConsentMachine(RuleBasedStateMachine):
    backend = "fake"

    def __init__(self) -> None:
        super().__init__()
        self.clock = FakeClock()
        self.new_uow = self._backend()
        registry.seed_partners(self.new_uow(), SEEDS, SYSTEM)
        with self.new_uow() as uow:
            for case_id in CASES:
                uow.cases.save(CaseEntry(case_id, "general_needs", report_ids=(f"r-{case_id}",)))
            uow.commit()
        self.told: dict[tuple[str, str], Told] = {}
        self.source, self.transport = FakeDataSource(), FakeTransport()
        # a data source that answers with more than it was asked for: none of it may leave
        self.source.extra = {"victim.contact": "07700 900000", "victim.vulnerabilities": ["health"],
                             "perpetrator.description": "...", "victim.date_of_birth": "1970-01-01"}
        self.transport.on_send = self._on_send
        self.during_send: Any = None
        self.referral_ids: list[str] = []
        self.violations: list[str] = []
        self.releases = 0

    def _backend(self) -> Any:
        if self.backend == "fake":
            uow = FakeReferralsUnitOfWork(self.clock)
            return lambda: uow
        from hcs.db import Store
        from hcs.tables import metadata as plumbing
        from referrals.adapters.orm import metadata
        from referrals.service_layer.unit_of_work import ReferralsUnitOfWork

        store = Store(f"sqlite:///{self.tmp}/{uuid.uuid4().hex}.db", clock=self.clock)
        plumbing.create_all(store.engine)
        metadata.create_all(store.engine)
        self.stores.append(store)
        return lambda: store.unit_of_work(ReferralsUnitOfWork)

    # the model
    def covers(self, case_id: str, partner: str, purpose: str, categories: frozenset[str], *, at: datetime | None,
               disclosed: frozenset[str] = frozenset()) -> bool:
        """Does what the victim said last cover this? ``at=None``: ignore a lapse not yet noticed."""
        told = self.told.get((case_id, partner))
        if told is None or told.status != "given" or not categories:
            return False
        if at is not None and told.expires_at is not None and at >= told.expires_at:
            return False
        return (purpose in told.purposes and categories <= told.categories and not (disclosed & told.withheld)
                and bool(allowed_fields(partner, purpose, categories, told.withheld)))

    @initialize(data=st.data())
    def a_victim_has_consented_to_some_sharing(self, data: Any) -> None:
        """Every run starts from consent to one to three partners and one referral asked for."""
        for case_id, partner in data.draw(st.sets(st.tuples(st.sampled_from(CASES), st.sampled_from(PARTNERS)),
                                                  min_size=1, max_size=3)):
            self.give_consent(case_id, partner, data, data.draw(st.one_of(st.none(), st.integers(1, 72))))
        self.request_referral(CASES[0], PARTNERS[0], data)

    # consent
    @rule(case_id=st.sampled_from(CASES), partner=st.sampled_from(PARTNERS), data=st.data(),
          expires_in=st.one_of(st.none(), st.integers(1, 72)))
    def give_consent(self, case_id: str, partner: str, data: Any, expires_in: int | None) -> None:
        purposes = data.draw(st.sets(st.sampled_from(sorted(AGREED[partner])), min_size=1))
        relevant = sorted({category_of(f) for fields in AGREED[partner].values() for f in fields})
        categories = data.draw(st.sets(st.sampled_from(relevant), min_size=1)) | data.draw(
            st.sets(st.sampled_from(SOME_CATEGORIES), max_size=1))
        withheld = data.draw(st.sets(st.sampled_from(WITHHOLDABLE), max_size=2))
        self._give(case_id, partner, frozenset(purposes), frozenset(categories), frozenset(withheld), expires_in)

    @rule(case_id=st.sampled_from(CASES), partner=st.sampled_from(PARTNERS), data=st.data())
    def narrow_consent(self, case_id: str, partner: str, data: Any) -> None:
        told = self.told.get((case_id, partner))
        if told is None or told.status != "given":
            return
        purposes = data.draw(st.sets(st.sampled_from(sorted(told.purposes)), min_size=1))
        categories = data.draw(st.sets(st.sampled_from(sorted(told.categories)), min_size=1))
        withheld = told.withheld | data.draw(st.sets(st.sampled_from(WITHHOLDABLE), max_size=1))
        left = None if told.expires_at is None else (told.expires_at - self.clock.now()).total_seconds()
        expires_in = None if left is None else max(1, int(left // 3600))
        self._give(case_id, partner, frozenset(purposes), frozenset(categories), withheld, expires_in)

    def _give(self, case_id: str, partner: str, purposes: frozenset[str], categories: frozenset[str],
              withheld: frozenset[str], expires_in: int | None) -> None:
        expires_at = self.clock.now() + timedelta(hours=expires_in) if expires_in else None
        consents.record_consent(self.new_uow(), {
            "case_id": case_id, "partners": [partner], "purposes": sorted(purposes),
            "data_categories": sorted(categories), "withhold": {partner: sorted(withheld)}, "how": "verbal",
            "wording_version": "v1", "expires_at": expires_at, "idempotency_key": uuid.uuid4().hex}, OFFICER)
        self.told[(case_id, partner)] = Told("given", purposes, categories, withheld, expires_at)

    @rule(case_id=st.sampled_from(CASES), partner=st.sampled_from(PARTNERS))
    def withdraw_consent(self, case_id: str, partner: str) -> None:
        told = self.told.get((case_id, partner))
        try:
            consents.withdraw(self.new_uow(), {"case_id": case_id, "partners": [partner], "how": "written",
                                               "idempotency_key": uuid.uuid4().hex}, OFFICER)
        except Conflict:
            assert told is None or told.status != "given"
            return
        assert told is not None and told.status == "given"
        self.told[(case_id, partner)] = Told("withdrawn")

    @rule(minutes=st.integers(1, 60 * 30))
    def time_passes(self, minutes: int) -> None:
        self.clock.advance(minutes=minutes)

    @rule()
    def expiry_sweep(self) -> None:
        consents.expire_due(self.new_uow, SYSTEM)
        for told in self.told.values():
            if told.status == "given" and told.expires_at is not None and self.clock.now() >= told.expires_at:
                told.status = "expired"

    @rule(case_id=st.sampled_from(CASES))
    def handover(self, case_id: str) -> None:
        with self.new_uow() as uow:
            case_events.case_allocated(uow, {"case_id": case_id, "stream": "general_needs",
                                             "officer_id": uuid.uuid4().hex[:8], "team": None,
                                             "previous_officer_id": "officer-1"})
            uow.commit()

    # referrals
    @rule(case_id=st.sampled_from(CASES), partner=st.sampled_from(PARTNERS), data=st.data())
    def request_referral(self, case_id: str, partner: str, data: Any) -> None:
        given = sorted(k for k, t in self.told.items() if t.status == "given")
        if given and data.draw(st.booleans()):
            case_id, partner = data.draw(st.sampled_from(given))
        told = self.told.get((case_id, partner))
        if told is not None and told.purposes and data.draw(st.booleans()):  # mostly what the victim agreed to
            purpose = data.draw(st.sampled_from(sorted(told.purposes)))
            categories = frozenset(data.draw(st.sets(st.sampled_from(sorted(told.categories)), min_size=1,
                                                     max_size=3)))
        else:
            purpose = data.draw(st.sampled_from([*sorted(AGREED[partner]), "unknown_purpose"]))
            categories = frozenset(data.draw(st.sets(st.sampled_from(SOME_CATEGORIES), min_size=1, max_size=3)))
        expected = self.covers(case_id, partner, purpose, categories, at=self.clock.now())
        try:
            made = requests.request_referral(self.new_uow(), {
                "case_id": case_id, "partner": partner, "purpose": purpose, "data_categories": sorted(categories),
                "idempotency_key": uuid.uuid4().hex}, OFFICER)
        except ConsentRefused:
            assert not expected, "the gate refused what the victim's consent covers"
            STATS.refused += 1
            return
        assert expected, "the gate let through what the victim's consent does not cover"
        self.referral_ids.append(made.referral_id)
        STATS.made += 1


    @rule(case_id=st.sampled_from(CASES), partner=st.sampled_from(PARTNERS))
    def case_action(self, case_id: str, partner: str) -> None:
        purpose = sorted(AGREED[partner])[0]
        with self.new_uow() as uow:
            case_events.partner_referral_requested(uow, {
                "case_id": case_id, "stream": "general_needs", "request_id": uuid.uuid4().hex,
                "partner_kind": KIND[partner], "purpose": purpose, "requested_by": "officer-1"})
            uow.commit()
            made = [r for r in uow.referrals.for_case(case_id) if r.referral_id not in self.referral_ids]
        for referral in made:
            told = self.told[(case_id, referral.partner)]
            assert self.covers(case_id, referral.partner, purpose, referral.data_categories, at=self.clock.now())
            assert referral.data_categories <= told.categories
            self.referral_ids.append(referral.referral_id)

    @rule(pick=st.integers(0, 10_000), reason=st.sampled_from(("victim_request", "other")), often=st.integers(0, 3))
    def revoke(self, pick: int, reason: str, often: int) -> None:
        if self.referral_ids and often == 0:  # a revocation now and then, not at every turn
            with contextlib.suppress(Conflict):
                requests.revoke(self.new_uow(), {"referral_id": self.referral_ids[pick % len(self.referral_ids)],
                                                 "reason": reason}, OFFICER)

    # delivery
    @rule(data=st.data())
    def deliver(self, data: Any) -> None:
        """A quiet tick: everything answers."""
        self.deliver_under_faults(True, "ok", "nothing", "nothing", data)

    @rule(data_up=st.booleans(), answer=st.sampled_from(("ok", "503", "timeout", "lost")),
          between=st.sampled_from(("nothing", "withdraw", "narrow", "give")),
          in_flight=st.sampled_from(("nothing", "withdraw")), data=st.data())
    def deliver_under_faults(self, data_up: bool, answer: str, between: str, in_flight: str, data: Any) -> None:
        """A tick with the data source down or up, the partner answering or not (or answering into the
        void), and consent changing between the fetch and the claim, or while the POST is in flight."""
        self.source.up = data_up
        self.transport.status, self.transport.error = (503 if answer == "503" else 202), None
        self.answer = answer
        if between != "nothing":  # a consent change between the fetch and the claim
            case_id, partner = data.draw(st.sampled_from(CASES)), data.draw(st.sampled_from(PARTNERS))
            self.source.during_fetch = lambda: self._consent_change(between, case_id, partner, data)
        if in_flight == "withdraw":
            case_id, partner = data.draw(st.sampled_from(CASES)), data.draw(st.sampled_from(PARTNERS))
            self.during_send = lambda: self.withdraw_consent(case_id, partner)
        tick = delivery.deliver_due(self.new_uow, self.source, self.transport, SYSTEM, POLICY)
        self.releases += tick.delivered + tick.failed
        notices.deliver_due_notices(self.new_uow, self.transport, SYSTEM, POLICY)
        self.source.during_fetch = self.during_send = None

    def _consent_change(self, how: str, case_id: str, partner: str, data: Any) -> None:
        if how == "withdraw":
            self.withdraw_consent(case_id, partner)
        elif how == "narrow":
            self.narrow_consent(case_id, partner, data)
        else:
            self.give_consent(case_id, partner, data, None)

    def _on_send(self, webhook_id: str, body: dict[str, Any]) -> None:
        """At the moment data leaves: the model must agree it may (checked before anything else moves)."""
        if body["type"] == "referral.created":
            try:  # the delivery code treats anything raised by a transport as a failed POST: keep it
                self._check_release(body)
            except AssertionError as exc:
                self.violations.append(str(exc))
            STATS.sent += 1
        else:
            STATS.notices += 1
        if self.during_send is not None:
            hook, self.during_send = self.during_send, None
            hook()
        if body["type"] == "referral.created" and self.answer in ("timeout", "lost"):
            raise TimeoutError("no answer")  # "lost": it arrived, the answer did not

    def _check_release(self, body: dict[str, Any]) -> None:
        with self.new_uow() as uow:
            referral = uow.referrals.get(body["referral_id"])
        told = self.told[(referral.case_id, referral.partner)]
        assert self.covers(referral.case_id, referral.partner, referral.purpose, referral.data_categories,
                           at=self.clock.now()), "data left without a valid consent covering it"
        sent = set(body["data"]["case"]) | {k for r in body["data"]["reports"] for k in r}
        allowed = allowed_fields(referral.partner, referral.purpose, referral.data_categories, told.withheld)
        assert sent <= allowed, f"fields outside the agreement or withheld: {sorted(sent - allowed)}"
        assert sent <= set(FIELDS) and {category_of(f) for f in sent} <= set(CATEGORIES)
        STATS.fields_seen.update(sent)

    @rule(data_up=st.booleans())
    def partner_pulls(self, data_up: bool) -> None:
        self.source.up = data_up
        batch = pull.pull(self.new_uow, self.source, "victim-support", 50, callbacks.partner_caller("victim-support"),
                          POLICY)
        for body in batch.referrals:
            self._check_release(body)
            STATS.pulled += 1
        self.releases += len(batch.referrals)

    @rule(pick=st.integers(0, 10_000), status=st.sampled_from(("acknowledged", "accepted", "rejected", "done",
                                                                "deleted")),
          replay=st.booleans())
    def partner_calls_back(self, pick: int, status: str, replay: bool) -> None:
        if not self.referral_ids:
            return
        referral_id = self.referral_ids[pick % len(self.referral_ids)]
        with self.new_uow() as uow:
            partner = uow.referrals.get(referral_id).partner
        body = {"referral_id": referral_id, "status": status, "at": self.clock.now(),
                "reason": "other" if status == "rejected" else None, "outcome": "ok" if status == "done" else None}
        webhook_id = f"{referral_id}:{status}" if replay else uuid.uuid4().hex
        with contextlib.suppress(Conflict, NotFound, ValidationFailed):
            callbacks.record_partner_report(self.new_uow(), partner, webhook_id, body)

    # what must hold after every step
    @invariant()
    def nothing_left_without_consent_or_outside_the_agreement(self) -> None:
        assert not self.violations, self.violations[0]

    @invariant()
    def no_open_referral_stands_on_a_consent_that_no_longer_covers_it(self) -> None:
        for referral in self._referrals():
            if referral.is_open:
                assert self.covers(referral.case_id, referral.partner, referral.purpose, referral.data_categories,
                                   at=None, disclosed=referral.disclosed_fields), referral.referral_id

    @invariant()
    def a_partner_that_may_hold_data_it_no_longer_may_is_owed_a_stop_notice(self) -> None:
        with self.new_uow() as uow:
            for referral in self._referrals(uow):
                if referral.holds_data and (referral.status in (Status.REVOKED, Status.WITHDRAWN, Status.REFUSED)
                                            or not self.covers(referral.case_id, referral.partner, referral.purpose,
                                                               referral.data_categories, at=None,
                                                               disclosed=referral.disclosed_fields)):
                    assert uow.notices.for_referral(referral.referral_id) is not None, referral.referral_id

    @invariant()
    def the_disclosure_log_has_one_row_per_release(self) -> None:
        with self.new_uow() as uow:
            logged = len(uow.disclosures.query(limit=100_000))
        assert logged == self.releases

    def _referrals(self, uow: Any = None) -> list[Any]:
        if uow is None:
            with self.new_uow() as fresh:
                return self._referrals(fresh)
        return [r for case_id in CASES for r in uow.referrals.for_case(case_id)]

    def teardown(self) -> None:
        for store in getattr(self, "stores", []):
            store.dispose()


@settings(max_examples=examples(150, 2000), stateful_step_count=50, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
class FakeConsentMachine(ConsentMachine):
    backend = "fake"


@settings(max_examples=20, stateful_step_count=30, deadline=None, suppress_health_check=list(HealthCheck))
class SqliteConsentMachine(ConsentMachine):
    backend = "sqlite"
    tmp = ""
    stores: list[Any] = []


TestConsentOnFakes = FakeConsentMachine.TestCase
TestConsentOnSqlite = SqliteConsentMachine.TestCase


@pytest.fixture(autouse=True)
def _sqlite_home(tmp_path: Any) -> None:
    SqliteConsentMachine.tmp = str(tmp_path)
    SqliteConsentMachine.stores = []


def test_the_machine_exercised_every_path() -> None:
    """Run after the machines (file order): the interleavings really sent, pulled, refused, stopped."""
    assert STATS.sent > 0 and STATS.pulled > 0 and STATS.refused > 0 and STATS.notices > 0
    assert STATS.fields_seen
    print(f"\nconsent machine: {STATS.sent} POSTs and {STATS.pulled} pulls checked at the moment data left, "
          f"{STATS.made} referrals made and {STATS.refused} refused by the gate, {STATS.notices} stop notices sent, "
          f"{len(STATS.fields_seen)} distinct fields seen")
