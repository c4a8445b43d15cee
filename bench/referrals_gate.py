"""Referrals: how fast the consent gate decides, how many deliveries a tick can claim (gate, lease,
projection and disclosure row in one transaction each) and how long a withdrawal takes to stop a
case's referrals, on a SQLite file. Prints figures; asserts nothing.

    .venv/bin/python bench/referrals_gate.py [--referrals 500]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from hcs.auth import Caller, system_caller
from hcs.clock import FakeClock
from hcs.db import Store
from hcs.migrations import upgrade
from referrals.domain.consent import Scope, give_consent
from referrals.domain.gate import ReferralRequest, decide
from referrals.domain.model import CaseEntry
from referrals.domain.partners import Partner, make_agreement
from referrals.domain.sharing import CaseData
from referrals.service_layer import consents, delivery, registry, requests
from referrals.service_layer.unit_of_work import ReferralsUnitOfWork

SECRET = "whsec_" + "YmVuY2gtYmVuY2gtYmVuY2gtYmVuY2g="
FIELDS = ["case.reference", "victim.name", "victim.contact", "incident.types", "case.strands"]
OFFICER = Caller("officer-1", "manager", None, frozenset({"general_needs"}))
SEED = {"code": "support", "name": "Support", "kind": "victim_support", "delivery": "webhook",
        "endpoint": "http://127.0.0.1:9/referrals", "secret": SECRET,
        "agreement": {"lawful_basis": "consent", "special_category_condition": "explicit_consent",
                      "purposes": {"support": FIELDS}, "retention_days": 365, "acknowledge_within_hours": 24,
                      "respond_within_hours": 72, "document_ref": "isa-bench"}}


class Source:
    def fetch(self, case_id: str, report_ids: Sequence[str], case_fields: Sequence[str],
              report_fields: Sequence[str]) -> CaseData:
        return CaseData(dict.fromkeys(case_fields, "x"), tuple(dict.fromkeys(report_fields, "y") for _ in report_ids))


class Transport:
    sent = 0

    def send(self, endpoint: str, secret: str, webhook_id: str, body: Mapping[str, Any]) -> int:
        self.sent += 1
        return 202


def gate_decisions_per_second(n: int = 20_000) -> float:
    clock = FakeClock()
    history = []
    for i in range(20):  # a long history: 20 versions for one partner
        history.append(give_consent(history, consent_id=str(i), case_id="c", partner="support",
                                    scope=Scope(frozenset({"support"}), frozenset({"contact", "case"})), how="verbal",
                                    wording_version="v", given_at=clock.now(), expires_at=None, now=clock.now(),
                                    recorded_by="o"))
    partner = Partner("support", "S", "victim_support", "webhook", "http://x", True, clock.now())
    deal = [make_agreement(partner="support", previous=None, lawful_basis="consent", special_category_condition=None,
                           purposes={"support": FIELDS}, retention_days=1, acknowledge_within_hours=1,
                           respond_within_hours=1, effective_from=clock.now(), ends_at=None, document_ref="d",
                           recorded_by="dpo", now=clock.now())]
    request = ReferralRequest("c", "support", "support", frozenset({"contact"}))
    started = time.perf_counter()
    for _ in range(n):
        assert decide(history, request, partner, deal, clock.now()).allowed
    return n / (time.perf_counter() - started)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--referrals", type=int, default=500)
    args = parser.parse_args(argv)
    print(f"gate decisions (20-version history), in memory: {gate_decisions_per_second():,.0f}/s")
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/referrals.db"
        upgrade("referrals", url)
        store = Store(url, clock=FakeClock())

        def new() -> ReferralsUnitOfWork:
            return store.unit_of_work(ReferralsUnitOfWork)  # type: ignore[return-value]

        registry.seed_partners(new(), [SEED], system_caller("referrals"))
        cases = [f"case-{i}" for i in range(args.referrals)]
        with new() as uow:
            for case_id in cases:
                uow.cases.save(CaseEntry(case_id, "general_needs", report_ids=(f"r-{case_id}",)))
            uow.commit()
        asks = []
        for case_id in cases:
            consents.record_consent(new(), {
                "case_id": case_id, "partners": ["support"], "purposes": ["support"],
                "data_categories": ["case", "contact", "incident"], "how": "verbal", "wording_version": "v1",
                "idempotency_key": uuid.uuid4().hex}, OFFICER)
            started = time.perf_counter()
            requests.request_referral(new(), {"case_id": case_id, "partner": "support", "purpose": "support",
                                              "data_categories": ["contact", "incident"],
                                              "idempotency_key": uuid.uuid4().hex}, OFFICER)
            asks.append(time.perf_counter() - started)
        print(f"request_referral through the gate, SQLite: p50 {statistics.median(asks) * 1000:.2f} ms, "
              f"p99 {sorted(asks)[int(len(asks) * 0.99) - 1] * 1000:.2f} ms")
        transport = Transport()
        policy = delivery.DeliveryPolicy(batch_size=100, lease_seconds=10, max_backoff_seconds=5)
        started = time.perf_counter()
        while transport.sent < args.referrals:
            delivery.deliver_due(new, Source(), transport, system_caller("referrals"), policy)
        elapsed = time.perf_counter() - started
        print(f"deliveries (fetch, gate and claim, POST to a stub, record), SQLite: {args.referrals / elapsed:,.0f}/s "
              f"({elapsed * 1000 / args.referrals:.2f} ms each, four short transactions)")
        withdrawals = []
        for case_id in cases[:100]:
            started = time.perf_counter()
            consents.withdraw(new(), {"case_id": case_id, "how": "verbal", "idempotency_key": uuid.uuid4().hex},
                              OFFICER)
            withdrawals.append(time.perf_counter() - started)
        print(f"withdrawal with a stop notice owed (referral already sent), SQLite: "
              f"p50 {statistics.median(withdrawals) * 1000:.2f} ms")
        store.dispose()


if __name__ == "__main__":
    main()
