"""Each triage flag, case by case (code 1.4.1, 1.2.3, 1.4.4, POL-6), with configurable thresholds."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from intake.domain.flags import EarlierReport
from intake.domain.keys import Keys
from intake.domain.triage import TriageRules, triage

RULES = TriageRules()
NOW = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
INCIDENT = datetime(2026, 11, 20, 21, 30, tzinfo=UTC)
HOME = Keys(household="k-home")


def details(types=("verbal_abuse",), channel="phone", stream="general_needs", victim=None, perpetrators=(),
            damage=None, at=INCIDENT):
    report = {"channel": channel, "stream": stream, "reporter": {"role": "victim"},
              "victims": [victim or {"name": "A Tenant"}], "perpetrators": list(perpetrators),
              "incident": {"types": list(types), "location_type": "home", "occurred_at": at.isoformat()}}
    if damage:
        report["damage"] = damage
    return report


def earlier(report_id, days_ago=10.0, channel="phone", household="k-home", place=None, incident=None,
            withdrawn=False):
    when = incident or NOW - timedelta(days=days_ago)
    return EarlierReport(report_id, channel, NOW - timedelta(days=days_ago), household, place, (when, when),
                         withdrawn)


@pytest.mark.parametrize("kind", ["threats_of_violence", "physical_assault", "arson"])
def test_code_1_4_1_violence_and_fire_risk_are_urgent(kind):
    result = triage(details([kind]), RULES)
    assert "urgent" in result.flags and any(r.startswith("Urgent") for r in result.reasons)


def test_abuse_alone_is_not_urgent():
    assert "urgent" not in triage(details(["verbal_abuse", "graffiti"]), RULES).flags


def test_code_1_4_1_threats_by_an_identifiable_perpetrator_prompt_a_without_notice_injunction():
    known = triage(details(["threats_of_violence"], perpetrators=[{"known": True}]), RULES)
    unknown = triage(details(["threats_of_violence"], perpetrators=[{"known": False}]), RULES)
    assert any("without-notice injunction" in r for r in known.reasons)
    assert not any("without-notice injunction" in r for r in unknown.reasons)


def test_urgent_incident_types_are_configurable():
    rules = TriageRules(urgent_incident_types=frozenset({"graffiti"}))
    assert "urgent" in triage(details(["graffiti"]), rules).flags
    assert "urgent" not in triage(details(["arson"]), rules).flags


@pytest.mark.parametrize("victim", [{"vulnerabilities": ["mental health"]}, {"support_needs": ["lives alone"]}])
def test_code_1_2_3_a_victims_vulnerability_or_support_need_flags_a_vulnerable_victim(victim):
    assert "vulnerable_victim" in triage(details(victim=victim), RULES).flags


def test_a_care_and_support_household_is_vulnerable_unless_the_landlord_says_not():
    report = details(stream="care_support")
    assert "vulnerable_victim" in triage(report, RULES).flags
    assert "vulnerable_victim" not in triage(report, TriageRules(care_support_is_vulnerable=False)).flags
    assert "vulnerable_victim" not in triage(details(), RULES).flags


def test_pol6_damage_needing_repair_flags_a_repair():
    result = triage(details(["damage_to_property"], damage={"description": "broken window"}), RULES)
    assert "repair_needed" in result.flags and any("24 hours" in r for r in result.reasons)
    assert "repair_needed" not in triage(details(["damage_to_property"]), RULES).flags


def test_code_1_4_4_an_interpreter_need_is_flagged():
    assert "interpreter_needed" in triage(details(victim={"interpreter_needed": True}), RULES).flags
    assert "interpreter_needed" not in triage(details(victim={"language": "Polish"}), RULES).flags


def test_the_third_report_from_a_household_within_three_months_flags_a_repeat_victim():
    two = [earlier("r1", 80), earlier("r2", 5)]
    result = triage(details(), RULES, HOME, NOW, two)
    assert "repeat_victim" in result.flags
    assert any(r.startswith("3 reports from this household in the last 91 days") for r in result.reasons)
    assert "repeat_victim" not in triage(details(), RULES, HOME, NOW, two[1:]).flags


def test_reports_older_than_the_window_or_withdrawn_or_elsewhere_do_not_count():
    others = [earlier("old", 95), earlier("gone", 3, withdrawn=True), earlier("next-door", 2, household="k-other"),
              earlier("r1", 20)]
    assert "repeat_victim" not in triage(details(), RULES, HOME, NOW, others).flags


def test_the_repeat_victim_threshold_is_configurable():
    rules = TriageRules(repeat_victim_reports=5, repeat_victim_days=182)
    four = [earlier(f"r{i}", 40 * i) for i in range(1, 5)]
    assert "repeat_victim" in triage(details(), rules, HOME, NOW, four).flags
    assert "repeat_victim" not in triage(details(), rules, HOME, NOW, four[:3]).flags


def test_a_report_without_a_household_key_is_never_a_repeat():
    assert "repeat_victim" not in triage(details(), RULES, Keys(), NOW, [earlier("r1"), earlier("r2")]).flags


def test_the_same_incident_from_another_channel_is_a_possible_duplicate():
    same = earlier("web-1", 0.2, channel="web_form", incident=INCIDENT + timedelta(hours=1))
    result = triage(details(), RULES, HOME, NOW, [same])
    assert "possible_duplicate" in result.flags and result.possible_duplicate_of == ("web-1",)
    assert any("web form" in r for r in result.reasons)


def test_the_incident_place_matches_too():
    same = earlier("web-1", 0.2, channel="web_form", household=None, place="k-stairwell", incident=INCIDENT)
    keys = Keys(household="k-home", incident_place="k-stairwell")
    assert triage(details(), RULES, keys, NOW, [same]).possible_duplicate_of == ("web-1",)


@pytest.mark.parametrize("other", [
    earlier("same-channel", 0.2, channel="phone", incident=INCIDENT),
    earlier("other-time", 0.2, channel="web_form", incident=INCIDENT - timedelta(hours=5)),
    earlier("other-place", 0.2, channel="web_form", household="k-other", incident=INCIDENT),
    earlier("withdrawn", 0.2, channel="web_form", incident=INCIDENT, withdrawn=True),
], ids=["same-channel", "other-time", "other-place", "withdrawn"])
def test_not_a_possible_duplicate(other):
    assert "possible_duplicate" not in triage(details(), RULES, HOME, NOW, [other]).flags


def test_the_duplicate_window_is_configurable_and_ranges_overlap():
    other = earlier("web-1", 0.2, channel="web_form", incident=INCIDENT - timedelta(hours=5))
    assert triage(details(), TriageRules(duplicate_window_hours=6), HOME, NOW, [other]).possible_duplicate_of
    ranged = details()
    ranged["incident"] = {"types": ["verbal_abuse"], "occurred_from": (INCIDENT - timedelta(hours=10)).isoformat(),
                          "occurred_until": INCIDENT.isoformat()}
    assert triage(ranged, RULES, HOME, NOW, [other]).possible_duplicate_of == ("web-1",)


def test_a_possible_duplicate_does_not_also_count_towards_a_repeat_victim():
    same = earlier("web-1", 0.2, channel="web_form", incident=INCIDENT)
    result = triage(details(), RULES, HOME, NOW, [earlier("r1", 30), same])
    assert "possible_duplicate" in result.flags and "repeat_victim" not in result.flags


def test_reports_received_after_this_one_are_not_earlier():
    later = EarlierReport("later", "web_form", NOW + timedelta(hours=1), "k-home", None, (INCIDENT, INCIDENT))
    assert triage(details(), RULES, HOME, NOW, [later]).flags == ()


def test_flags_come_in_the_catalogues_order_with_one_reason_each():
    result = triage(details(["physical_assault", "damage_to_property"], stream="care_support",
                            victim={"interpreter_needed": True}, damage={"description": "door"}), RULES)
    assert result.flags == ("urgent", "vulnerable_victim", "repair_needed", "interpreter_needed")
    assert len(result.reasons) == 1 + 4
