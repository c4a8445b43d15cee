"""What every client of a service shares: the call it goes through and the service it calls.

A client method names the RPC it calls and passes arguments in the RPC's own order and names; the
contract test (``tests/unit/test_contracts.py``) binds every call a client makes to the signature of
the real nameko entrypoint, and every fake method to the client method it stands in for.
"""

from __future__ import annotations

from typing import Any, ClassVar

from portal.clients.rpc import Call

Payload = dict[str, Any]


class Port:
    service: ClassVar[str]

    def __init__(self, call: Call) -> None:
        self._call = call

    def _rpc(self, method: str, *args: Any, **kwargs: Any) -> Any:
        return self._call(self.service, method, *args, **kwargs)


def given(**values: Any) -> dict[str, Any]:
    """Only the values given: an RPC's own default stands for the rest."""
    return {k: v for k, v in values.items() if v not in (None, "")}
