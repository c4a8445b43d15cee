"""Reads for portals (every one audited, access by stream and team), the registry, and the consent
re-check when a case changes owner (consent must not be lost in a handover)."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest

from hcs.errors import Forbidden, NotFound, ValidationFailed
from referrals.domain.referral import Status
from referrals.domain.targets import Targets
from referrals.service_layer import callbacks, case_events, delivery, queries, registry

from .builders import (
    ADMIN,
    CASE,
    DPO,
    MANAGER,
    OFFICER,
    OTHER_STREAM,
    OTHER_TEAM,
    OTHER_TEAM_SENIOR,
    SECRET,
    SENIOR,
    SYSTEM,
    agreement,
    give,
    refer,
    world,
)
from .fakes import FakeDataSource, FakeTransport

POLICY = delivery.DeliveryPolicy(batch_size=10, lease_seconds=10, max_backoff_seconds=8)
TARGETS = Targets()


def test_each_read_leaves_one_audit_row_and_a_refused_read_leaves_a_refused_row():
    uow = world()
    give(uow)
    made = refer(uow)
    uow.audit.entries.clear()
    queries.consent_record(uow, CASE, OFFICER)
    queries.referrals_for_case(uow, CASE, SENIOR, TARGETS)
    queries.referral_detail(uow, made.referral_id, DPO, TARGETS)
    for caller in (OTHER_STREAM, OTHER_TEAM):
        with pytest.raises(Forbidden):
            queries.referrals_for_case(uow, CASE, caller, TARGETS)
    with pytest.raises(NotFound):
        queries.referral_detail(uow, "no-such-referral", OFFICER, TARGETS)
    assert [(e.actor, e.action, e.outcome) for e in uow.audit.entries] == [
        ("officer-1", "referrals.consent_record", "allowed"),
        ("senior-1", "referrals.list_referrals", "allowed"),
        ("dpo-1", "referrals.get_referral", "allowed"),
        ("officer-2", "referrals.list_referrals", "refused"),
        ("officer-9", "referrals.list_referrals", "refused"),
        ("officer-1", "referrals.get_referral", "refused")]


def test_the_detail_shows_the_response_status_history_disclosures_and_notice():
    uow = world()
    give(uow)
    made = refer(uow)
    delivery.deliver_due(lambda: uow, FakeDataSource(), FakeTransport(), SYSTEM, POLICY, random.Random(1))
    uow.clock.advance(hours=20)
    detail = queries.referral_detail(uow, made.referral_id, OFFICER, TARGETS)
    assert (detail.response.waiting_for, detail.response.rag) == ("acknowledgement", "amber")
    assert [t.status for t in detail.referral.history] == [Status.REQUESTED, Status.SENT]
    assert [d.fields for d in detail.disclosures] == [detail.referral.disclosed_fields]
    assert detail.notice is None and [a["status_code"] for a in detail.attempts] == [202]
    assert detail.decided_within_target is None  # not decided yet
    callbacks.record_partner_report(uow, "police", "cb-1", {"referral_id": made.referral_id, "status": "accepted",
                                                            "at": uow.clock.now()})
    assert queries.referral_detail(uow, made.referral_id, OFFICER, TARGETS).decided_within_target is True


def test_the_board_lists_open_referrals_the_caller_may_see_with_their_status():
    uow = world()
    give(uow)
    made = refer(uow)
    uow.clock.advance(hours=2)
    [view] = queries.referral_board(uow, SENIOR, TARGETS)
    assert (view.referral.referral_id, view.response.rag) == (made.referral_id, "red")  # not delivered in 1 h
    assert queries.referral_board(uow, OTHER_TEAM, TARGETS) == []
    assert queries.referral_board(uow, SENIOR, TARGETS, partner="counselling") == []


def test_the_partner_directory_never_shows_a_secret():
    uow = world()
    views = queries.partner_directory(uow, OFFICER)
    police = next(v for v in views if v.partner.code == "police")
    assert police.credentials_set and police.agreement.version == 1
    assert SECRET not in repr(views) and "secret" not in repr(police.partner)
    with pytest.raises(NotFound):
        queries.partner_detail(uow, "nobody", ADMIN)


def test_the_disclosure_log_filters_and_pages():
    uow = world()
    give(uow, ("police", "counselling"), ("investigation", "counselling"), ("case", "contact", "incident"))
    refer(uow)
    refer(uow, "counselling", "counselling", ("contact",))
    delivery.deliver_due(lambda: uow, FakeDataSource(), FakeTransport(), SYSTEM, POLICY)
    everything = queries.disclosure_log(uow, {}, DPO)
    assert sorted(d.partner for d in everything) == ["counselling", "police"]
    [police] = queries.disclosure_log(uow, {"partner": "police"}, DPO)
    assert queries.disclosure_log(uow, {"after": everything[0].seq}, DPO) == everything[1:]
    assert queries.disclosure_log(uow, {"since": uow.clock.now() + timedelta(seconds=1)}, DPO) == []
    assert police.fields and police.requested_by == "officer-1"
    assert uow.audit.entries[-1].action == "referrals.disclosure_log"


def test_registry_agreements_are_versioned_and_validated_and_credentials_rotate():
    uow = world()
    second = registry.record_agreement(uow, {"partner": "police", **agreement({"investigation": ["victim.name"]})},
                                       DPO)
    assert second.version == 2 and second.recorded_by == "dpo-1"
    with pytest.raises(ValidationFailed) as err:
        registry.record_agreement(uow, {"partner": "police", **agreement({"investigation": ["victim.dna"]})}, DPO)
    assert "purposes.investigation" in err.value.fields
    uow.clock.advance(days=1)
    registry.set_credentials(uow, "police", SECRET, ADMIN)
    assert uow.partners.secret_rotated_at("police") == uow.clock.now()
    updated = registry.update_partner(uow, {"code": "police", "active": False}, ADMIN)
    assert updated.active is False
    with pytest.raises(ValidationFailed):
        registry.update_partner(uow, {"code": "police", "delivery": "webhook", "endpoint": None}, ADMIN)


def allocation(previous="officer-1", officer="officer-7", team="south"):
    return {"case_id": CASE, "stream": "general_needs", "allocated_at": None, "officer_id": officer, "team": team,
            "previous_officer_id": previous}


def test_a_handover_rechecks_every_open_referral_and_stops_one_whose_consent_ran_out():
    uow = world()
    give(uow, expires_at=uow.clock.now() + timedelta(hours=1))
    made = refer(uow)
    uow.clock.advance(hours=2)  # expired, not yet noticed by the sweep
    case_events.case_allocated(uow, allocation())
    stopped = uow.referrals.get(made.referral_id)
    assert (stopped.status, stopped.reason) == (Status.WITHDRAWN, "consent_expired")
    assert uow.cases.get(CASE).team == "south"
    assert [(e.action, e.outcome) for e in uow.audit.entries[-1:]] == [("referrals.recheck_on_handover", "refused")]


def test_a_handover_with_valid_consent_keeps_the_referral_and_records_the_check():
    uow = world()
    give(uow)
    made = refer(uow)
    case_events.case_allocated(uow, allocation())
    assert uow.referrals.get(made.referral_id).status is Status.REQUESTED
    assert uow.audit.entries[-1].outcome == "allowed"
    with pytest.raises(Forbidden):  # the old team's officer no longer sees it
        queries.referrals_for_case(uow, CASE, OFFICER, TARGETS)


def test_a_first_allocation_is_not_a_handover():
    uow = world()
    give(uow)
    refer(uow)
    entries = len(uow.audit.entries)
    case_events.case_allocated(uow, allocation(previous=None, team="north"))
    assert len(uow.audit.entries) == entries


def test_case_events_arriving_in_any_order_build_one_case_entry():
    uow = world()
    case_events.report_linked(uow, {"case_id": "case-9", "stream": "care_support", "report_id": "r-2"})
    case_events.case_opened(uow, {"case_id": "case-9", "stream": "care_support", "report_id": "r-1"})
    case_events.case_opened(uow, {"case_id": "case-9", "stream": "care_support", "report_id": "r-1"})
    assert uow.cases.get("case-9").report_ids == ("r-2", "r-1")


def test_an_unallocated_case_is_held_by_the_team_its_opening_names_and_seniors_keep_to_their_team():
    uow = world()
    case_events.case_opened(uow, {"case_id": "case-8", "stream": "general_needs", "team": "north", "report_id": "r-8"})
    assert uow.cases.get("case-8").team == "north" and uow.cases.get("case-8").officer_id is None
    for caller in (OTHER_TEAM, OTHER_TEAM_SENIOR):  # no allocation yet: the team comes from the opening
        with pytest.raises(Forbidden):
            queries.referrals_for_case(uow, "case-8", caller, TARGETS)
    for caller in (OFFICER, SENIOR, MANAGER, DPO):
        assert queries.referrals_for_case(uow, "case-8", caller, TARGETS) == []
    case_events.report_linked(uow, {"case_id": "case-8", "stream": "general_needs", "report_id": "r-9"})
    assert uow.cases.get("case-8").team == "north"  # an event without the team keeps the one known
