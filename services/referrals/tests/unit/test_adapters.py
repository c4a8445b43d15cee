"""Referrals' adapters without a broker: settings, the RPC data source's handling of answers and
failures, webhook signatures, and the reference partner's stop-before-referral rule."""

from __future__ import annotations

import pytest
from nameko.exceptions import MethodNotFound

from hcs.config import ConfigError
from hcs.errors import Forbidden
from hcs.service_rpc import ServiceUnavailable
from hcs_tools.partner import ReferencePartner
from referrals.adapters.data_source import RpcCaseDataSource
from referrals.adapters.webhooks import BadSignature, signed_headers, verify
from referrals.service_layer.ports import DataSourceUnavailable
from referrals.settings import referrals_settings

from .builders import SECRET, SEEDS


def test_settings_default_sensibly_and_seed_partners_from_the_config():
    settings = referrals_settings({"partners": {s["code"]: {k: v for k, v in s.items() if k != "code"}
                                                for s in SEEDS}})
    assert settings.interval_seconds == 0.5 and settings.policy.lease_seconds == 11
    assert {s["code"] for s in settings.seeds} == {"police", "victim-support", "counselling"}
    assert SECRET not in repr(settings)


@pytest.mark.parametrize("extra", [
    {"delivery": {"interval_seconds": 0}},
    {"partners": {"p": {"name": "P", "kind": "police", "delivery": "webhook", "secret": "not-a-secret",
                        "agreement": {}}}},
    {"callback_base_url": "ftp://nowhere"},
])
def test_bad_settings_name_the_field_and_never_the_value(extra):
    with pytest.raises(ConfigError) as err:
        referrals_settings(extra)
    assert "not-a-secret" not in str(err.value) and "invalid referrals settings at" in str(err.value)


class Rpc:
    def __init__(self, answers):
        self.answers, self.calls = answers, []

    def call(self, service, method, *args):
        self.calls.append((service, method, args))
        answer = self.answers[service]
        if isinstance(answer, Exception):
            raise answer
        return answer


def test_the_data_source_asks_each_service_only_for_its_own_fields():
    rpc = Rpc({"cases": {"case_id": "case-1", "strands": ["race"], "team": "north"},
               "intake": {"r-1": {"victim_name": "A", "strands": ["religion"], "extra": 1}}})
    data = RpcCaseDataSource(rpc).fetch("case-1", ["r-1"], ["case.reference", "case.strands"],
                                        ["victim.name", "incident.strands"])
    assert data.case == {"case.reference": "case-1", "case.strands": ["race"]}  # not the team: not asked
    assert list(data.reports) == [{"victim.name": "A", "incident.strands": ["religion"]}]
    assert rpc.calls == [("cases", "shareable_case", ("case-1",)),
                         ("intake", "referral_extract", (["r-1"], ["strands", "victim_name"]))]
    only_intake = Rpc({"intake": [{"victim_name": "A"}]})
    RpcCaseDataSource(only_intake).fetch("case-1", ["r-1"], [], ["victim.name"])
    assert [c[0] for c in only_intake.calls] == ["intake"]


@pytest.mark.parametrize("answer", [ServiceUnavailable("slow"), MethodNotFound("shareable_case"),
                                    Forbidden("no"), ["not", "a", "mapping"]])
def test_any_failure_of_a_data_source_is_unavailable_and_never_quotes_it(answer):
    with pytest.raises(DataSourceUnavailable):
        RpcCaseDataSource(Rpc({"cases": answer})).fetch("case-1", [], ["case.reference"], [])


def test_a_signature_with_another_secret_or_a_changed_body_is_refused():
    headers = signed_headers(SECRET, "w-1", '{"a": 1}')
    verify(SECRET, b'{"a": 1}', headers)
    with pytest.raises(BadSignature):
        verify(SECRET, b'{"a": 2}', headers)
    with pytest.raises(BadSignature):
        verify("whsec_" + "QUJD" * 8, b'{"a": 1}', headers)
    with pytest.raises(BadSignature):
        verify(SECRET, b'{"a": 1}', {"webhook-id": "w-1"})


def test_the_reference_partner_drops_a_referral_that_arrives_after_its_own_stop():
    partner = ReferencePartner(SECRET)
    assert partner.take({"type": "referral.stop", "referral_id": "r-1"})[0] == 200
    assert partner.take({"type": "referral.created", "referral_id": "r-1", "data": {}}) == (
        200, {"referral_id": "r-1", "stopped": True})
    assert partner.referrals == {} and partner.stopped == {"r-1"}
