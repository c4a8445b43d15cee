from datetime import UTC, datetime

import pytest

from cases.domain.model import Case, CaseRuleBroken, IncomingReport, case_to_join, should_open_case

NOW = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)


def report(report_id="r1", triage="harassment", household="uprn:1", stream="general_needs", strands=()):
    return IncomingReport(report_id, NOW, stream, triage, strands, household, {"uprn": "1"}, None)


@pytest.mark.parametrize("triage,opens", [
    ("hate_incident", True), ("harassment", True), ("other_asb", True),
    ("neighbour_dispute", False), ("not_landlord_matter", False)])
def test_only_harassment_and_asb_open_cases_POL_1(triage, opens):
    assert should_open_case(report(triage=triage)) is opens


def test_report_about_same_household_joins_the_open_case():
    case = Case.open_from("c1", report("r1"), NOW)
    assert case_to_join(report("r2"), [case]) is case


def test_report_after_closure_or_in_other_stream_or_elsewhere_does_not_join():
    case = Case.open_from("c1", report("r1"), NOW)
    assert case_to_join(report("r2", stream="care_support"), [case]) is None
    assert case_to_join(report("r2", household="uprn:2"), [case]) is None
    assert case_to_join(report("r2", household=None), [case]) is None
    case.status = "closed"
    assert case_to_join(report("r2"), [case]) is None
    with pytest.raises(CaseRuleBroken):
        case.link(report("r2"))


def test_original_perception_is_kept_and_a_later_hate_report_adds_strands_POL_2():
    case = Case.open_from("c1", report("r1", triage="harassment"), NOW)
    case.link(report("r2", triage="hate_incident", strands=("race", "religion")))
    assert case.hate_incident and case.strands == ("race", "religion")
    assert case.original_perception == {"report_id": "r1", "triage": "harassment", "strands": []}
    assert case.report_ids == ["r1", "r2"]
