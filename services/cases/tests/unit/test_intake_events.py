"""Reports arriving from intake: opened, linked, recorded, amended, withdrawn (POL-1, POL-2, POL-3,
POL-6; the regulator's rule)."""

from datetime import timedelta

import pytest

from cases.service_layer import intake_events


def take(uow, settings, data):
    with uow:
        outcome = intake_events.take_report(uow, data, settings)
        uow.commit()
    return outcome


def only_case(uow):
    [case] = uow.cases.cases.values()
    return case


def events(uow, event_type):
    return [e.data for e in uow.outbox.events if e.event_type == event_type]


def test_a_hate_report_opens_a_case_with_its_perception_risk_targets_and_officer(uow, settings, make):
    uow.staff.add(make.staff("o1"))
    assert take(uow, settings, make.report("r1")) == "opened"
    case = only_case(uow)
    assert case.original_perception["strands"] == ["race"] and case.original_perception["perceived_by"] == "victim"
    assert case.hate_incident and case.team == "north" and case.patch == "E1-A"
    assert case.risk_provisional and case.officer_id == "o1"
    assert case.first_contact_due_at.isoformat() == "2026-11-03T17:00:00+00:00"  # hate: 1 working day
    assert uow.outbox.types()[:3] == ["case_opened", "risk_assessed", "case_allocated"]
    opened = events(uow, "case_opened")[0]
    assert opened["risk_level"] == "standard" and opened["first_contact_due_at"] == case.first_contact_due_at
    assert events(uow, "case_allocated")[0]["previous_officer_id"] is None
    assert [(c.kind, c.by) for c in uow.cases.changes] == [("perceived", "victim")]


def test_damage_in_a_report_asks_repairs_for_a_job_on_the_24_hour_clock_POL_6(uow, settings, make):
    take(uow, settings, make.report("r1", damage={"description": "broken window", "location": "kitchen"}))
    [repair] = events(uow, "repair_requested")
    assert repair["reported_at"] == make.report()["received_at"] and repair["priority"] == "emergency"
    assert repair["address"]["uprn"] == "100" and repair["description"] == "broken window"


@pytest.mark.parametrize("changes,reason", [
    ({}, "same_household"),
    ({"household_key": "uprn:200", "address": {"uprn": "100"}}, "same_address"),
    ({"household_key": "uprn:300", "address": {"uprn": "300"}, "perpetrator_keys": ["p:1"]}, "same_perpetrator"),
])
def test_a_report_about_the_same_party_while_open_is_linked_not_a_new_case(uow, settings, make, changes, reason):
    take(uow, settings, make.report("r1", perpetrator_keys=["p:1"]))
    assert take(uow, settings, make.report("r2", triage="harassment", strands=[], **changes)) == "linked"
    case = only_case(uow)
    assert uow.cases.reports["r2"].link_reason == reason and uow.cases.get(case.case_id).report_ids == ["r1", "r2"]
    assert events(uow, "report_linked")[0]["report_id"] == "r2"


def test_a_report_after_closure_opens_a_new_case(uow, settings, make):
    take(uow, settings, make.report("r1"))
    case = only_case(uow)
    case.status = "closed"
    uow.cases.cases[case.case_id] = case
    assert take(uow, settings, make.report("r2")) == "opened"
    assert len(uow.cases.cases) == 2


def test_a_neighbour_dispute_is_recorded_without_a_case_POL_1(uow, settings, make):
    assert take(uow, settings, make.report("r1", triage="neighbour_dispute", strands=[])) == "recorded"
    assert uow.cases.cases == {} and uow.outbox.events == []
    assert uow.cases.reports["r1"].outcome == "recorded"


def test_the_same_report_twice_is_taken_once(uow, settings, make):
    take(uow, settings, make.report("r1"))
    assert take(uow, settings, make.report("r1")) == "already taken"
    assert len(uow.cases.cases) == 1


def test_a_later_hate_perception_adds_to_the_case_and_the_original_is_kept_POL_2(uow, settings, make):
    take(uow, settings, make.report("r1", triage="harassment", strands=[]))
    take(uow, settings, make.report("r2", strands=["religion"]))
    case = only_case(uow)
    assert case.hate_incident and case.strands == ["religion"]
    assert case.original_perception["triage"] == "harassment" and case.original_perception["strands"] == []
    [recategorised] = events(uow, "case_recategorised")
    assert recategorised["previous_hate_incident"] is False and recategorised["strands"] == ["religion"]


def test_a_victim_asking_for_a_same_sex_officer_waits_for_a_senior_POL_3(uow, settings, make):
    uow.staff.add(make.staff("o1"))
    take(uow, settings, make.report("r1", officer_preference="same_sex"))
    case = only_case(uow)
    assert case.officer_id is None
    [item] = uow.work.open_items("allocation_needed")
    assert item.assignee_role == "senior" and item.team == "north" and "sex" in item.summary


@pytest.mark.parametrize("preference", ["not_offered", None])
def test_an_offer_not_yet_made_is_put_to_the_officer_POL_3(uow, settings, make, preference):
    uow.staff.add(make.staff("o1"))
    take(uow, settings, make.report("r1", officer_preference=preference))
    [item] = uow.work.open_items("preference_to_offer")
    assert item.assignee_id == "o1"


def test_without_a_trained_officer_the_case_waits_in_the_team_queue(uow, settings, make):
    uow.staff.add(make.staff("o1", trained_on=None))
    take(uow, settings, make.report("r1"))
    assert only_case(uow).officer_id is None and uow.work.open_items("allocation_needed")


def test_the_community_trigger_is_flagged_once_at_three_reports_in_six_months(uow, settings, make, clock):
    first = make.report("r1", triage="harassment", strands=[])
    take(uow, settings, first)
    take(uow, settings, make.report("r2", triage="harassment", strands=[],
                                    received_at=first["received_at"] + timedelta(days=30)))
    assert not events(uow, "community_trigger_flagged")
    take(uow, settings, make.report("r3", triage="harassment", strands=[],
                                    received_at=first["received_at"] + timedelta(days=60)))
    take(uow, settings, make.report("r4", triage="harassment", strands=[]))
    [flagged] = events(uow, "community_trigger_flagged")
    assert "3 reports" in flagged["reason"]
    assert uow.work.open_items("community_trigger")


def test_a_hate_incident_crosses_the_default_trigger_at_once(uow, settings, make):
    take(uow, settings, make.report("r1"))
    assert events(uow, "community_trigger_flagged")[0]["reason"] == "1 hate incident reported"


def test_threats_by_an_identified_perpetrator_make_the_case_high_risk_with_a_24_hour_target(uow, settings, make):
    take(uow, settings, make.report("r1", incident_types=["threats_of_violence"], perpetrator_identified=True))
    case = only_case(uow)
    assert case.risk_level == "high"
    assert case.first_contact_due_at == make.report()["received_at"] + timedelta(hours=24)


def test_an_anonymous_report_runs_no_contact_clock_until_someone_comes_forward(uow, settings, make):
    take(uow, settings, make.report("r1", anonymous=True))
    assert only_case(uow).first_contact_due_at is None and not uow.work.open_items("preference_to_offer")
    take(uow, settings, make.report("r2", anonymous=False))
    case = only_case(uow)
    assert case.contactable and case.first_contact_due_at is not None


def test_an_amendment_adds_perception_and_re_triage_is_put_to_the_officer(uow, settings, make):
    uow.staff.add(make.staff("o1"))
    take(uow, settings, make.report("r1", triage="harassment", strands=[]))
    amended = {**make.report("r1", strands=["disability"]), "amended_at": make.report()["received_at"], "version": 2}
    del amended["received_at"]
    with uow:
        assert intake_events.amend_report(uow, amended, settings) == "amended"
        assert intake_events.amend_report(uow, amended, settings) == "ignored"  # not newer
        uow.commit()
    case = only_case(uow)
    assert case.hate_incident and case.strands == ["disability"]
    assert uow.cases.reports["r1"].version == 2
    assert uow.work.open_items("report_amended")[0].assignee_id == "o1"


def test_a_report_recorded_as_not_harassment_opens_a_case_when_re_triaged(uow, settings, make):
    take(uow, settings, make.report("r1", triage="neighbour_dispute", strands=[]))
    amended = {**make.report("r1"), "amended_at": make.report()["received_at"], "version": 2}
    with uow:
        assert intake_events.amend_report(uow, amended, settings) == "opened"
        uow.commit()
    assert uow.cases.reports["r1"].outcome == "opened" and len(uow.cases.cases) == 1


def test_a_withdrawn_report_stays_on_record_and_the_officer_is_asked_to_look(uow, settings, make):
    uow.staff.add(make.staff("o1"))
    take(uow, settings, make.report("r1"))
    with uow:
        withdrawn = {"report_id": "r1", "stream": "general_needs", "withdrawn_at": make.report()["received_at"],
                     "reason": "reporter_request"}
        assert intake_events.withdraw_report(uow, withdrawn) == "withdrawn"
        assert intake_events.withdraw_report(uow, withdrawn) == "ignored"
        uow.commit()
    assert uow.cases.reports["r1"].withdrawn_at is not None and only_case(uow).is_open
    [item] = uow.work.open_items("report_withdrawn")
    assert "consider closure" in item.summary and item.assignee_id == "o1"


def test_a_withdrawal_of_a_report_not_taken_yet_is_tried_again_not_dropped(uow, settings, make):
    withdrawn = {"report_id": "r1", "stream": "general_needs", "withdrawn_at": make.report()["received_at"],
                 "reason": "reporter_request"}
    with uow, pytest.raises(intake_events.ReportNotTakenYet):
        intake_events.withdraw_report(uow, withdrawn)
    uow.staff.add(make.staff("o1"))
    take(uow, settings, make.report("r1"))
    with uow:
        assert intake_events.withdraw_report(uow, withdrawn) == "withdrawn"


def test_what_the_case_waits_for_is_prompted_from_its_flags_and_facts(uow, settings, make):
    from cases.service_layer.queries import prompts_for

    take(uow, settings, make.report("r1", flags=["interpreter_needed", "vulnerable_victim"],
                                    incident_types=["threats_of_violence"], perpetrator_identified=True))
    case = only_case(uow)
    prompts = prompts_for(case, [], [], case.opened_at)
    assert any("interpreter" in p for p in prompts) and any("target-hardening" in p for p in prompts)
    assert any("without-notice injunction" in p for p in prompts)
    assert any("risk and vulnerability assessment" in p for p in prompts)
    assert any("Allocate" in p for p in prompts)  # nobody trained in the team yet


def test_a_repair_already_asked_for_answers_the_reports_repair_flag(uow, settings, make):
    """POL-6: the repair asked for from the report's damage is not prompted for again."""
    from cases.service_layer.queries import prompts_for

    take(uow, settings, make.report("r1", flags=["repair_needed"]))
    case = only_case(uow)
    assert any("add a damage repair" in p for p in prompts_for(case, [], [], case.opened_at))
    assert not any("add a damage repair" in p for p in prompts_for(case, [], [], case.opened_at, ["a repair"]))
