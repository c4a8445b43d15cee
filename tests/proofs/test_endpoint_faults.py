"""Issue 8, faults 7 and 8, across the five real services.

7. A contractor's and a partner agency's endpoints answer errors, then time out (the request is
   taken but the answer comes too late), then recover: the job and the referral each reach them
   once (retries carry the same id, and they de-duplicate by it), and both flows complete.
8. Consent is withdrawn after a referral is queued but before it could be sent (the partner's
   endpoint is down meanwhile): no referral data ever reaches the partner. (A delivery attempt was
   claimed and logged before the connection failed, so the disclosure log errs on the side of
   "may hold" and the partner is sent a stop-and-delete notice for data it never received.)
"""

from __future__ import annotations

import base64
import copy
import time
import uuid
from datetime import UTC, datetime
from typing import Any

import eventlet
import pytest

from hcs.testing.plugin import free_port, shipped_extra, wait_for
from hcs_tools.partner import ReferencePartner
from tests.e2e.test_walking_skeleton import _case_for, report

pytestmark = pytest.mark.broker
PARTNER_SECRET = "whsec_" + base64.b64encode(b"proof-partner-secret-0000000001").decode()
CATEGORIES = ["case", "contact", "language", "support", "incident", "hate_perception", "risk"]
PURPOSE = "victim_support_referral"


class Flaky:
    """Wraps an endpoint's request handler: the first ``errors`` requests get 503, the next
    ``slow`` are taken but answered after ``delay`` seconds (past the sender's timeout)."""

    def __init__(self, target: Any, method: str, errors: int = 2, slow: int = 2, delay: float = 2.5) -> None:
        self.errors, self.slow, self.delay = errors, slow, delay
        self.requests = 0
        real = getattr(target, method)

        def handle(request: Any) -> Any:
            from werkzeug.wrappers import Response

            self.requests += 1
            if self.requests <= self.errors:
                return Response('{"error": "unavailable"}', status=503, content_type="application/json")
            response = real(request)
            if self.requests <= self.errors + self.slow:
                eventlet.sleep(self.delay)
            return response

        setattr(target, method, handle)


def referrals_extra(partner_url: str, referrals_port: int) -> dict[str, Any]:
    extra = copy.deepcopy(shipped_extra("referrals"))
    extra["partners"]["reference-support"].update(endpoint=f"{partner_url}/referrals", secret=PARTNER_SECRET)
    extra["callback_base_url"] = f"http://127.0.0.1:{referrals_port}"
    extra["delivery"] = {**extra["delivery"], "interval_seconds": 0.1, "timeout_seconds": 1,
                         "max_backoff_seconds": 1}
    return extra


def opened_case(system: Any, officer: Any) -> str:
    receipt = officer.intake.submit_report(report())
    found = wait_for(lambda: _case_for(officer, receipt["report_id"]), timeout=30, message="the case")
    case_id = found["case_id"]
    wait_for(lambda: _known_to_referrals(officer, case_id), timeout=30, message="referrals to know the case")
    return str(case_id)


def _known_to_referrals(officer: Any, case_id: str) -> bool:
    from hcs.errors import NotFound

    try:
        officer.referrals.get_consent_record(case_id)
        return True
    except NotFound:
        return False


def consent_and_refer(officer: Any, case_id: str) -> str:
    officer.referrals.record_consent({
        "case_id": case_id, "partners": ["reference-support"], "purposes": [PURPOSE], "data_categories": CATEGORIES,
        "how": "written", "wording_version": "isa-consent-v2", "idempotency_key": f"c-{uuid.uuid4()}"})
    made = officer.referrals.request_referral({
        "case_id": case_id, "partner": "reference-support", "purpose": PURPOSE, "data_categories": CATEGORIES,
        "idempotency_key": f"r-{uuid.uuid4()}"})
    return str(made["referral_id"])


def test_contractor_and_partner_endpoints_fail_time_out_and_recover_and_each_is_delivered_once(start_system):
    partner_port, referrals_port = free_port(), free_port()
    partner = ReferencePartner(PARTNER_SECRET, port=partner_port,
                               landlord_url=f"http://127.0.0.1:{referrals_port}").start()
    flaky_partner = Flaky(partner, "_receive", slow=1)
    try:
        system = start_system(ports={"referrals": referrals_port}, repairs={
            "dispatch": {"interval_seconds": 0.1, "timeout_seconds": 1, "max_backoff_seconds": 1, "batch_size": 20}},
            referrals=referrals_extra(partner.url, referrals_port))
        flaky_contractor = Flaky(system.contractor, "_take", slow=1)
        system.register_staff("officer-1")
        officer = system.client("housing_officer", user_id="officer-1")
        started = time.monotonic()
        case_id = opened_case(system, officer)
        referral_id = consent_and_refer(officer, case_id)

        [job] = wait_for(lambda: [j for j in officer.repairs.list_jobs(case_id)
                                  if j["status"] == "completed"] or None, timeout=60, message="the job completed")
        done = wait_for(lambda: (r := officer.referrals.get_referral(referral_id))["status"] == "done" and r,
                        timeout=60, message="the referral done")
        recovered = time.monotonic() - started
    finally:
        partner.stop()
    offers = [m for m in system.contractor.messages if m == ("job.offered", job["job_id"])]
    print(f"\nendpoint faults: contractor {flaky_contractor.requests} requests (2 errors, 1 late), partner "
          f"{flaky_partner.requests} requests (2 errors, 1 late); the job taken {len(offers)} time(s), the referral "
          f"{partner.webhook_ids.count(referral_id)} time(s) held once; both complete {recovered:.1f}s after "
          f"the report; lost 0")
    assert len(offers) == 1 and list(system.contractor.jobs) == [job["job_id"]]
    assert list(partner.referrals) == [referral_id] and done["status"] == "done"
    assert flaky_contractor.requests >= 3 and flaky_partner.requests >= 3  # it did retry through the faults


def test_consent_withdrawn_between_queueing_and_sending_means_nothing_is_sent(start_system):
    partner_port, referrals_port = free_port(), free_port()
    system = start_system(ports={"referrals": referrals_port},
                          referrals=referrals_extra(f"http://127.0.0.1:{partner_port}", referrals_port))
    system.register_staff("officer-1")
    officer = system.client("housing_officer", user_id="officer-1")
    case_id = opened_case(system, officer)
    referral_id = consent_and_refer(officer, case_id)  # queued: the partner's endpoint is down

    wait_for(lambda: officer.referrals.get_referral(referral_id)["disclosures"], timeout=10,
             message="a delivery attempt, failed: the partner is down")
    officer.referrals.withdraw_consent({"case_id": case_id, "how": "verbal", "idempotency_key": f"w-{uuid.uuid4()}",
                                        "withdrawn_at": datetime.now(UTC).isoformat()})
    partner = ReferencePartner(PARTNER_SECRET, port=partner_port,
                               landlord_url=f"http://127.0.0.1:{referrals_port}")
    received: list[str] = []
    take = partner.take
    partner.take = lambda message: (received.append(str(message.get("type"))), take(message))[1]  # type: ignore
    partner.start()
    try:
        time.sleep(3)  # the partner is up: give the delivery tick every chance to (wrongly) send
        detail = officer.referrals.get_referral(referral_id)
    finally:
        partner.stop()
    print(f"\nconsent withdrawn before sending: referral {detail['status']}; referrals received by the partner "
          f"{received.count('referral.created')}; stop notices {received.count('referral.stop')}; it holds "
          f"{len(partner.referrals)}")
    assert detail["status"] == "withdrawn"
    assert "referral.created" not in received and partner.referrals == {}
