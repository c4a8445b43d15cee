"""``hcs portal-staff`` (run by ``./run``) puts the portal's demo caseworkers in cases' staff directory,
trained today, in entries cases' own schema takes: otherwise no case reported in the demo portal
could be allocated to the demo officer (cases go only to trained staff, policy section 4)."""

from __future__ import annotations

from types import SimpleNamespace


class Cases:
    def __init__(self) -> None:
        self.saved: list[dict] = []

    def save_staff(self, payload: dict) -> dict:
        self.saved.append(payload)
        return payload


def test_the_demo_caseworkers_become_trained_staff_that_cases_accepts(monkeypatch):
    from cases.schemas import StaffSchema
    from hcs_tools.client import portal_staff

    monkeypatch.delenv("HCS_PORTAL_ACCOUNTS", raising=False)
    cases = Cases()
    assert portal_staff(SimpleNamespace(rpc=SimpleNamespace(cases=cases))) == 0
    assert [s["staff_id"] for s in cases.saved] == ["o-north", "s-north", "m-1"]  # not director, board, DPO
    for entry in cases.saved:
        StaffSchema().load(entry)
    assert cases.saved[0]["patches"] == ["E1"] and cases.saved[0]["trained_on"]
