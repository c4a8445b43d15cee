"""Every transition of the referral lifecycle, legal and illegal (illegal -> Conflict upstream)."""

from __future__ import annotations

import pytest

from hcs.clock import FakeClock
from referrals.domain.referral import NEXT, IllegalTransition, Referral, Status

NOW = FakeClock().now()
S = Status


def referral(status=S.REQUESTED):
    r = Referral("r1", "k", "case-1", "general_needs", "police", "police", "investigation",
                 frozenset({"contact"}), NOW, "o1", "c1")
    path = {S.SENT: ["sent"], S.ACKNOWLEDGED: ["sent", "acknowledged"], S.ACCEPTED: ["sent", "accepted"],
            S.REJECTED: ["sent", "rejected"], S.DONE: ["sent", "accepted", "done"]}
    for step in path.get(status, []):
        if step == "sent":
            r.disclosed(frozenset({"victim.name"}), NOW)
            r.mark_sent(NOW, "system")
        else:
            r.record_partner_report(step, NOW, "partner:police", reason="no_capacity", note="note")
    stop = {S.REVOKED: r.revoke, S.WITHDRAWN: r.withdraw, S.REFUSED: r.refuse}.get(status)
    if stop:
        stop(NOW, "o1", "why")
    assert r.status is status
    return r


def apply(r, wanted):
    if wanted is S.SENT:
        r.mark_sent(NOW, "system")
    elif wanted in (S.REVOKED, S.WITHDRAWN, S.REFUSED):
        {S.REVOKED: r.revoke, S.WITHDRAWN: r.withdraw, S.REFUSED: r.refuse}[wanted](NOW, "o1", "why")
    else:
        return r.record_partner_report(wanted.value, NOW, "partner:police", reason="other", note="n")
    return True


LEGAL = [(a, b) for a, nexts in NEXT.items() for b in nexts]
ILLEGAL = [(a, b) for a in S for b in S if b not in NEXT.get(a, frozenset()) and b is not S.REQUESTED
           and a is not b and not (b is S.ACKNOWLEDGED and a in (S.ACCEPTED, S.REJECTED, S.DONE))
           and not (b is S.ACCEPTED and a is S.DONE)]


@pytest.mark.parametrize(("current", "wanted"), LEGAL, ids=[f"{a}->{b}" for a, b in LEGAL])
def test_each_legal_transition(current, wanted):
    r = referral(current)
    assert apply(r, wanted) is True
    assert r.status is wanted and r.history[-1].status is wanted
    assert r.is_open == (wanted in NEXT)
    assert (r.closed_at is not None) == (wanted not in NEXT)


@pytest.mark.parametrize(("current", "wanted"), ILLEGAL, ids=[f"{a}->{b}" for a, b in ILLEGAL])
def test_each_illegal_transition_is_refused(current, wanted):
    r = referral(current)
    with pytest.raises(IllegalTransition):
        apply(r, wanted)
    assert r.status is current


@pytest.mark.parametrize(("current", "report"), [
    (S.ACKNOWLEDGED, "acknowledged"), (S.ACCEPTED, "acknowledged"), (S.ACCEPTED, "accepted"),
    (S.DONE, "accepted"), (S.DONE, "done"), (S.REJECTED, "rejected"), (S.REJECTED, "acknowledged")])
def test_a_step_already_taken_arriving_again_or_late_changes_nothing(current, report):
    r = referral(current)
    before = list(r.history)
    assert r.record_partner_report(report, NOW, "partner:police") is False
    assert r.status is current and r.history == before


def test_rejection_keeps_its_reason_and_done_keeps_the_outcome_note():
    rejected = referral(S.SENT)
    rejected.record_partner_report("rejected", NOW, "partner:police", reason="out_of_area", note="not ours")
    assert (rejected.reason, rejected.outcome_note, rejected.decided_at) == ("out_of_area", "not ours", NOW)
    done = referral(S.ACCEPTED)
    done.record_partner_report("done", NOW, "partner:police", note="six sessions attended")
    assert done.outcome_note == "six sessions attended" and done.closed_at == NOW


def test_only_a_partner_that_was_sent_data_can_report_deleting_it():
    with pytest.raises(IllegalTransition):
        referral().partner_deleted(NOW)
    r = referral(S.REVOKED)
    assert not r.holds_data
    sent = referral(S.SENT)
    sent.partner_deleted(NOW)
    assert sent.partner_deleted_at == NOW
