"""Submitting, amending and withdrawing reports, against fakes of the unit of work."""

from __future__ import annotations

import json

import pytest

from hcs.errors import Conflict, Forbidden, NotFound, ValidationFailed
from intake.service_layer import commands

from .conftest import NOW, caller, report


def submit(uow, settings, payload=None, who=None, centre=None):
    return commands.submit_report(uow, payload or report(), who or caller(), settings, centre)


def same_document(document):
    return document


def test_a_report_is_stored_triaged_audited_and_announced_in_one_unit_of_work(uow, settings):
    receipt = submit(uow, settings)
    stored = uow.reports.get(receipt.report_id)
    assert stored is not None and stored.received_at == NOW and stored.version == 1
    assert receipt.triage.outcome == "hate_incident" and not receipt.duplicate_submission
    assert [e.event_type for e in uow.outbox.events] == ["report_received"]
    assert [(a.action, a.record_id) for a in uow.audit.entries] == [("intake.submit_report", receipt.report_id)]
    assert [v.version for v in uow.reports.versions(receipt.report_id)] == [1]


def test_report_received_carries_what_downstream_needs_and_no_personal_data(uow, settings):
    receipt = submit(uow, settings)
    [event] = uow.outbox.events
    data = event.data
    assert (data["report_id"], data["stream"], data["channel"], data["triage"]) == (
        receipt.report_id, "general_needs", "phone", "hate_incident")
    assert data["strands"] == ["race"] and data["perceived_by"] == "victim"
    assert data["incident_types"] == ["verbal_abuse"] and data["location_type"] == "home"
    assert data["incident_at"].isoformat() == "2026-11-20T21:30:00+00:00" and data["received_at"] == NOW
    assert data["household_key"] and len(data["perpetrator_keys"]) == 1 and data["perpetrator_identified"] is True
    assert data["officer_preference"] == "same_ethnic_origin" and data["contact_consent"] is True
    assert data["police_informed"] is True and data["anonymous"] is False
    assert data["triage_reasons"] == list(receipt.triage.reasons)
    wire = json.dumps(event.to_envelope())
    for personal in ("A Tenant", "07700", "letterbox", "N Neighbour", "number 12", "Polish", "CAD 1234",
                     "100023336957", "weekdays"):
        assert personal not in wire


def test_a_retry_with_the_same_key_returns_the_same_report_and_stores_nothing(uow, settings):
    first = submit(uow, settings)
    again = submit(uow, settings)
    assert again.report_id == first.report_id and again.duplicate_submission is True
    assert len(uow.reports.reports) == 1 and len(uow.outbox.events) == 1


def test_the_same_key_with_a_different_report_is_a_conflict(uow, settings):
    submit(uow, settings)
    changed = report(incident={**report()["incident"], "narrative": "Something else entirely."})
    with pytest.raises(Conflict, match="different report"):
        submit(uow, settings, changed)
    assert len(uow.reports.reports) == 1 and len(uow.outbox.events) == 1
    assert uow.audit.entries[-1].outcome == "refused"


def test_the_same_key_from_another_submitter_is_another_report(uow, settings):
    first = submit(uow, settings)
    other = submit(uow, settings, who=caller(user_id="officer-2"))
    assert other.report_id != first.report_id and len(uow.reports.reports) == 2


def test_a_report_from_a_centre_is_attributed_to_it(uow, settings):
    from intake.adapters.form import centre_caller
    from intake.settings import Centre

    centre = Centre("east-centre", "0" * 64, "third_party_centre")
    receipt = submit(uow, settings, report(channel="third_party_centre"), centre_caller(centre), centre.name)
    stored = uow.reports.get(receipt.report_id)
    assert (stored.submitted_by, stored.submitter_role) == ("centre:east-centre", "partner")
    assert stored.centre == "east-centre"


def test_an_anonymous_report_is_a_full_record(uow, settings):
    anonymous = report(anonymous=True, reporter={"role": "third_party"},
                       victims=[{"address": {"uprn": "100023336956"}}])
    receipt = submit(uow, settings, anonymous)
    assert uow.reports.get(receipt.report_id).anonymous and uow.outbox.events[0].data["anonymous"] is True


def test_a_failed_commit_leaves_nothing(uow, settings):
    class Broken(Exception):
        pass

    def fail(*_args):
        raise Broken()

    uow.reports.add_version = fail
    with pytest.raises(Broken):
        submit(uow, settings)
    assert uow.reports.reports == {} and uow.outbox.events == [] and uow.audit.entries == []


def at(when):
    return {**report()["incident"], "occurred_at": when}


def test_the_third_report_from_a_household_in_three_months_is_a_repeat_victim(uow, settings, clock):
    from datetime import timedelta

    submit(uow, settings, report("key-a-000001"))
    clock.advance(days=20)
    second = submit(uow, settings, report("key-b-000001", incident=at(clock.now() - timedelta(hours=2))))
    clock.advance(days=20)
    third = submit(uow, settings, report("key-c-000001", incident=at(clock.now() - timedelta(hours=2))))
    assert "repeat_victim" not in second.triage.flags and "repeat_victim" in third.triage.flags
    assert uow.outbox.events[-1].data["flags"] == list(third.triage.flags)


def test_the_same_incident_from_another_channel_is_a_possible_duplicate(uow, settings, clock):
    first = submit(uow, settings, report("key-a-000001", channel="phone"))
    clock.advance(hours=3)
    second = submit(uow, settings, report("key-b-000001", channel="web_form"))
    assert second.triage.possible_duplicate_of == (first.report_id,)
    assert uow.outbox.events[-1].data["possible_duplicate_of"] == [first.report_id]
    assert len(uow.reports.reports) == 2  # never discarded


# amending


def amend(uow, settings, report_id, changes, expected=1, who=None):
    return commands.amend_report(uow, report_id, {"expected_version": expected, "reason": "victim added detail",
                                                  "changes": changes}, who or caller(), settings, same_document)


def test_an_amendment_keeps_every_version_re_triages_and_is_announced(uow, settings, clock):
    receipt = submit(uow, settings)
    clock.advance(hours=2)
    perception = {"strands": ["race", "religion"], "perceived_by": "witness"}
    amended = amend(uow, settings, receipt.report_id, {"perception": perception, "damage": {"description": "door"}})
    assert amended.version == 2 and amended.changed == ("damage", "perception")
    assert "repair_needed" in amended.triage.flags and amended.triage.strands == ("race", "religion")
    history = uow.reports.versions(receipt.report_id)
    assert [v.version for v in history] == [1, 2]
    assert history[0].details["perception"] == {"strands": ["race"], "perceived_by": "victim"}  # POL-2: kept forever
    event = uow.outbox.events[-1]
    assert event.event_type == "report_amended" and event.data["version"] == 2
    assert event.data["flags"] == list(amended.triage.flags) and event.data["perceived_by"] == "witness"


def test_a_repeated_amendment_changes_nothing_more(uow, settings):
    receipt = submit(uow, settings)
    changes = {"damage": {"description": "door"}}
    amend(uow, settings, receipt.report_id, changes)
    again = amend(uow, settings, receipt.report_id, changes)  # a retry, still at expected version 1
    assert again.version == 2 and again.changed == ()
    assert [e.event_type for e in uow.outbox.events] == ["report_received", "report_amended"]


def test_an_amendment_based_on_an_old_version_is_a_conflict(uow, settings):
    receipt = submit(uow, settings)
    amend(uow, settings, receipt.report_id, {"damage": {"description": "door"}})
    with pytest.raises(Conflict, match="version 2"):
        amend(uow, settings, receipt.report_id, {"contact_consent": False}, expected=1)
    assert uow.reports.get(receipt.report_id).version == 2


def test_the_idempotency_key_cannot_be_amended(uow, settings):
    receipt = submit(uow, settings)
    with pytest.raises(ValidationFailed) as error:
        amend(uow, settings, receipt.report_id, {"idempotency_key": "another-key"})
    assert "changes.idempotency_key" in error.value.fields


def test_an_amendment_outside_the_callers_streams_is_refused_and_audited(uow, settings):
    receipt = submit(uow, settings)
    with pytest.raises(Forbidden):
        amend(uow, settings, receipt.report_id, {"contact_consent": False}, who=caller(streams=("care_support",)))
    with pytest.raises(Forbidden):  # nor may one move it into a stream one cannot see
        amend(uow, settings, receipt.report_id, {"stream": "care_support"}, who=caller(streams=("general_needs",)))
    assert [a.outcome for a in uow.audit.entries[-2:]] == ["refused", "refused"]
    assert uow.reports.get(receipt.report_id).version == 1


def test_a_missing_report_is_not_found(uow, settings):
    with pytest.raises(NotFound):
        amend(uow, settings, "no-such-report", {"contact_consent": False})


# withdrawing


def withdraw(uow, report_id, reason="reporter_request", who=None, note=None):
    return commands.withdraw_report(uow, report_id, {"reason": reason, "note": note}, who or caller("senior"))


def test_a_withdrawn_report_is_kept_marked_and_announced(uow, settings, clock):
    receipt = submit(uow, settings)
    clock.advance(hours=1)
    done = withdraw(uow, receipt.report_id)
    stored = uow.reports.get(receipt.report_id)
    assert stored.status == "withdrawn" and stored.withdrawal.by == "officer-1" and done.withdrawal.at == clock.now()
    event = uow.outbox.events[-1]
    assert event.event_type == "report_withdrawn"
    assert event.data == {"report_id": receipt.report_id, "stream": "general_needs", "withdrawn_at": clock.now(),
                          "reason": "reporter_request"}


def test_withdrawing_again_for_the_same_reason_is_a_retry_and_for_another_a_conflict(uow, settings):
    receipt = submit(uow, settings)
    withdraw(uow, receipt.report_id)
    withdraw(uow, receipt.report_id)
    assert [e.event_type for e in uow.outbox.events].count("report_withdrawn") == 1
    with pytest.raises(Conflict):
        withdraw(uow, receipt.report_id, "made_in_error")


def test_a_withdrawn_report_cannot_be_amended(uow, settings):
    receipt = submit(uow, settings)
    withdraw(uow, receipt.report_id)
    with pytest.raises(Conflict, match="withdrawn"):
        amend(uow, settings, receipt.report_id, {"contact_consent": False})


def test_pol2_only_a_senior_or_manager_withdraws_a_hate_incident(uow, settings):
    receipt = submit(uow, settings)
    with pytest.raises(Forbidden, match="senior or manager"):
        withdraw(uow, receipt.report_id, who=caller("housing_officer"))
    assert uow.reports.get(receipt.report_id).status == "received"
    assert uow.audit.entries[-1].outcome == "refused"
    other = submit(uow, settings, report("key-noise-0001", perception=None,
                                         incident={**report()["incident"], "types": ["excessive_noise"]}))
    assert withdraw(uow, other.report_id, who=caller("housing_officer")).status == "withdrawn"
