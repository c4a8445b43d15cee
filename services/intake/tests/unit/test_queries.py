"""Reading reports: access by role and stream, every read audited, listings, referral extracts."""

from __future__ import annotations

from datetime import timedelta

import pytest

from hcs.errors import Forbidden, NotFound, ValidationFailed
from intake.domain.referral import REFERRAL_FIELDS
from intake.service_layer import access, commands, queries

from .conftest import caller, report

ALL = {"page_size": 25}


def submit(uow, settings, key, **changes):
    return commands.submit_report(uow, report(key, **changes), caller(), settings).report_id


@pytest.mark.parametrize("role", ["board_member", "operations_director", "administrator", "contractor", "partner",
                                  "service"])
def test_roles_without_business_in_reports_are_refused_and_the_refusal_audited(uow, role):
    with pytest.raises(Forbidden):
        access.require_role(uow, caller(role), "get_report", access.READERS, "read reports")
    [entry] = uow.audit.entries
    assert (entry.role, entry.action, entry.outcome) == (role, "intake.get_report", "refused")


def test_a_read_is_audited_with_the_version_shown(uow, settings):
    report_id = submit(uow, settings, "key-00000001")
    view = queries.get_report(uow, report_id, caller("housing_officer", "reader-1"))
    assert view.details["victims"][0]["name"] == "A Tenant" and view.shown_version == 1
    entry = uow.audit.entries[-1]
    assert (entry.actor, entry.action, entry.record_id, entry.outcome) == (
        "reader-1", "intake.get_report", report_id, "allowed")


def test_officers_see_only_their_streams_and_the_refusal_is_audited(uow, settings):
    report_id = submit(uow, settings, "key-00000001")
    with pytest.raises(Forbidden):
        queries.get_report(uow, report_id, caller(streams=("care_support",)))
    assert uow.audit.entries[-1].outcome == "refused"


def test_the_data_protection_officer_reads_every_stream(uow, settings):
    report_id = submit(uow, settings, "key-00000001", stream="care_support")
    view = queries.get_report(uow, report_id, caller("data_protection_officer", streams=()))
    assert view.report_id == report_id


def test_a_missing_report_or_version_is_not_found_and_the_attempt_audited(uow, settings):
    with pytest.raises(NotFound):
        queries.get_report(uow, "nothing", caller())
    assert uow.audit.entries[-1].outcome == "failed"
    report_id = submit(uow, settings, "key-00000001")
    with pytest.raises(NotFound):
        queries.get_report(uow, report_id, caller(), version=2)
    assert (uow.audit.entries[-1].record_id, uow.audit.entries[-1].outcome) == (report_id, "failed")


def test_pol2_an_old_version_and_the_original_perception_stay_readable(uow, settings):
    report_id = submit(uow, settings, "key-00000001")
    commands.amend_report(uow, report_id, {"expected_version": 1, "reason": "recategorised after investigation",
                                           "changes": {"perception": None}}, caller(), settings, lambda d: d)
    current = queries.get_report(uow, report_id, caller())
    assert current.triage.outcome == "harassment" and current.shown_version == 2
    assert current.original_perception["strands"] == ["race"]
    assert current.original_perception["perceived_by"] == "victim"
    first = queries.get_report(uow, report_id, caller(), version=1)
    assert first.triage.outcome == "hate_incident" and first.details["perception"]["strands"] == ["race"]
    assert [v.reason for v in current.history] == [None, "recategorised after investigation"]


def seeded(uow, settings, clock):
    ids = {}
    for i, (stream, channel, types) in enumerate([
            ("general_needs", "phone", ["verbal_abuse"]), ("care_support", "email", ["verbal_abuse"]),
            ("general_needs", "web_form", ["excessive_noise"]), ("general_needs", "visit", ["physical_assault"]),
            ("care_support", "letter", ["other"])]):
        clock.advance(days=1)
        incident = {**report()["incident"], "types": types, "occurred_at": clock.now() - timedelta(hours=1)}
        perception = {"strands": ["race"], "perceived_by": "victim"} if i == 0 else None
        ids[i] = submit(uow, settings, f"key-list-{i:04d}", stream=stream, channel=channel, incident=incident,
                        perception=perception, victims=[{"name": f"Tenant {i}", "address": {"uprn": str(100 + i)}}],
                        household=None)
    return ids


def listed(page):
    return [r.report_id for r in page.reports]


def test_a_listing_filters_by_stream_triage_flag_channel_and_period(uow, settings, clock):
    ids = seeded(uow, settings, clock)
    officer = caller()
    assert listed(queries.list_reports(uow, ALL, officer)) == [ids[i] for i in (4, 3, 2, 1, 0)]
    assert listed(queries.list_reports(uow, {**ALL, "stream": "care_support"}, officer)) == [ids[4], ids[1]]
    assert listed(queries.list_reports(uow, {**ALL, "triage": "neighbour_dispute"}, officer)) == [ids[2]]
    assert listed(queries.list_reports(uow, {**ALL, "flag": "urgent"}, officer)) == [ids[3]]
    assert listed(queries.list_reports(uow, {**ALL, "channel": "email"}, officer)) == [ids[1]]
    start = uow.reports.get(ids[1]).received_at
    period = {**ALL, "received_from": start, "received_until": start + timedelta(days=2)}
    assert listed(queries.list_reports(uow, period, officer)) == [ids[2], ids[1]]


def test_a_listing_shows_officers_only_their_streams(uow, settings, clock):
    ids = seeded(uow, settings, clock)
    general = caller(streams=("general_needs",))
    assert listed(queries.list_reports(uow, ALL, general)) == [ids[3], ids[2], ids[0]]
    with pytest.raises(Forbidden):
        queries.list_reports(uow, {**ALL, "stream": "care_support"}, general)


def test_a_listing_pages_with_a_cursor_and_audits_each_report_shown(uow, settings, clock):
    ids = seeded(uow, settings, clock)
    seen, cursor, pages = [], None, 0
    while True:
        page = queries.list_reports(uow, {"page_size": 2, "cursor": cursor}, caller())
        seen += listed(page)
        pages += 1
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert seen == [ids[i] for i in (4, 3, 2, 1, 0)] and pages == 3
    shown = [a.record_id for a in uow.audit.entries if a.action == "intake.list_reports"]
    assert shown == seen


def test_a_forged_cursor_is_a_validation_error(uow):
    with pytest.raises(ValidationFailed) as error:
        queries.list_reports(uow, {**ALL, "cursor": "not-a-cursor"}, caller())
    assert "cursor" in error.value.fields


# referral extracts (POL-5)


def test_an_extract_holds_exactly_the_fields_asked_for(uow, settings):
    report_id = submit(uow, settings, "key-00000001")
    wanted = ["victim_name", "safe_contact", "incident_at", "strands", "perpetrator_description", "crime_reference"]
    out = queries.referral_extract(uow, [report_id], wanted, caller("service", "service:referrals"))
    assert out == {report_id: {
        "victim_name": "A Tenant", "safe_contact": {"times": "weekdays after 6pm", "method": "phone"},
        "incident_at": "2026-11-20T21:30:00+00:00", "strands": ["race"],
        "perpetrator_description": ["man from number 12"], "crime_reference": "CAD 1234/20NOV"}}
    entry = uow.audit.entries[-1]
    assert entry.action == "intake.referral_extract" and entry.record_id == report_id
    assert entry.reason.startswith("fields: victim_name safe_contact") and "A Tenant" not in entry.reason


def test_every_offered_field_can_be_extracted_and_the_audit_names_them_all(uow, settings):
    report_id = submit(uow, settings, "key-00000001")
    out = queries.referral_extract(uow, [report_id], list(REFERRAL_FIELDS), caller("service"))
    assert set(out[report_id]) == set(REFERRAL_FIELDS)
    audited = " ".join(a.reason for a in uow.audit.entries if a.action == "intake.referral_extract")
    assert all(name in audited for name in REFERRAL_FIELDS)
    assert all(len(a.reason or "") <= 300 for a in uow.audit.entries)


def test_an_anonymous_report_gives_no_victim_details(uow, settings):
    report_id = submit(uow, settings, "key-00000001", anonymous=True, reporter={"role": "third_party"},
                       victims=[{"address": {"uprn": "1"}, "language": "Polish"}], household=None)
    out = queries.referral_extract(uow, [report_id], ["victim_name", "address", "language"], caller("service"))
    assert out[report_id] == {"victim_name": None, "address": None, "language": None}


def test_a_withdrawn_report_is_never_shared_and_a_missing_one_is_not_found(uow, settings):
    report_id = submit(uow, settings, "key-00000001")
    commands.withdraw_report(uow, report_id, {"reason": "made_in_error"}, caller("manager"))
    assert queries.referral_extract(uow, [report_id], ["victim_name"], caller("service")) == {}
    assert uow.audit.entries[-1].outcome == "refused"
    with pytest.raises(NotFound):
        queries.referral_extract(uow, [report_id, "missing"], ["victim_name"], caller("service"))


def test_only_the_service_role_takes_extracts(uow):
    for role in ("housing_officer", "manager", "data_protection_officer", "partner"):
        with pytest.raises(Forbidden):
            access.require_role(uow, caller(role), "referral_extract", access.EXTRACTORS, "take referral extracts")
