"""How a service call fails: typed service errors pass through, anything else becomes a clear
ServiceUnavailable, and a proxy that timed out is never handed to the next request."""

from __future__ import annotations

import contextlib

import pytest
from nameko.exceptions import MethodNotFound, RemoteError, RpcTimeout

from hcs.errors import ValidationFailed
from portal.clients.rpc import RpcPool, ServiceUnavailable, make_call


class FakeProxy:
    def __init__(self, error: Exception | None = None) -> None:
        self.error, self.stopped, self.contexts = error, False, []

    def stop(self) -> None:
        self.stopped = True


class Cluster:
    def __init__(self, proxy: FakeProxy, context: dict) -> None:
        self.proxy, self.context = proxy, context

    def __getattr__(self, service: str):
        proxy, context = self.proxy, self.context

        class Service:
            def __getattr__(self, method: str):
                def call(*args, **kwargs):
                    proxy.contexts.append(dict(context))
                    if proxy.error is not None:
                        raise proxy.error
                    return {"service": service, "method": method, "args": args}

                return call

        return Service()


class FakePool(RpcPool):
    def __init__(self, error: Exception | None = None) -> None:
        super().__init__("amqp://unused", timeout=1.0, size=2)
        self.error, self.made = error, []

    def _make(self):  # type: ignore[override]
        from portal.clients.rpc import _Entry

        proxy = FakeProxy(self.error)
        context: dict = {}
        self.made.append(proxy)
        return _Entry(proxy, Cluster(proxy, context), context)  # type: ignore[arg-type]


def test_a_call_carries_this_requests_context_and_the_proxy_is_reused():
    pool = FakePool()
    assert make_call(pool, lambda: {"auth_token": "a"})("cases", "get_case", "C-1")["args"] == ("C-1",)
    make_call(pool, lambda: {"auth_token": "b"})("cases", "get_case", "C-2")
    [proxy] = pool.made
    assert [c["auth_token"] for c in proxy.contexts] == ["a", "b"]


@pytest.mark.parametrize(("error", "reason"), [
    (MethodNotFound("get_hot_spots"), "does not offer this yet"),
    (RemoteError("KeyError", "boom"), "could not do this"),
    (RpcTimeout(), "did not answer in time"),
])
def test_failures_become_service_unavailable(error, reason):
    pool = FakePool(error)
    with pytest.raises(ServiceUnavailable) as failed:
        make_call(pool, dict)("reporting", "get_hot_spots")
    assert failed.value.service == "reporting" and failed.value.reason == reason


def test_typed_service_errors_reach_the_page_unchanged():
    pool = FakePool(ValidationFailed("report is invalid", {"incident.types": ["Give one or more."]}))
    with pytest.raises(ValidationFailed) as failed:
        make_call(pool, dict)("intake", "submit_report", {})
    assert failed.value.fields == {"incident.types": ["Give one or more."]}


def test_a_proxy_that_timed_out_is_closed_not_reused():
    pool = FakePool(RpcTimeout())
    with contextlib.suppress(ServiceUnavailable):
        make_call(pool, dict)("cases", "get_case", "C-1")
    pool.error = None
    make_call(pool, dict)("cases", "get_case", "C-1")
    first, second = pool.made
    assert first.stopped and not second.stopped


def test_the_consent_gates_refusal_reaches_the_page_with_its_reason():
    from hcs.errors import ConsentRefused

    pool = FakePool(ConsentRefused("no valid consent covers this referral", "consent_withdrawn"))
    with pytest.raises(ConsentRefused) as refused:
        make_call(pool, dict)("referrals", "request_referral", {})
    assert refused.value.reason == "consent_withdrawn" and refused.value.code == "consent_refused"
