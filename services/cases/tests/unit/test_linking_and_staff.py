"""The regulator's linking rule (DOMAIN "A case"; POL-1), the staff directory (POL-10) and officer
allocation (POL-3)."""

from datetime import UTC, date, datetime, timedelta

import pytest

from cases.domain.allocation import choose_officer, matches
from cases.domain.errors import InvalidCommand
from cases.domain.linking import Candidate, IncomingReport, address_key, case_to_join
from cases.domain.staff import Placement, StaffMember, TrainingRule, place

NOW = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)
TODAY = NOW.date()


def report(triage="harassment", stream="general_needs", **kw):
    return IncomingReport("r9", NOW, stream, triage, **kw)


@pytest.mark.parametrize("triage,opens", [
    ("hate_incident", True), ("harassment", True), ("other_asb", True),
    ("neighbour_dispute", False), ("not_landlord_matter", False)])
def test_only_harassment_and_asb_open_cases_POL_1(triage, opens):
    assert report(triage).opens_a_case is opens


def test_party_keys_name_the_household_the_property_and_each_perpetrator():
    r = report(household_key="uprn:1", address={"uprn": "1"}, perpetrator_keys=("p:9", "p:9", "p:8"))
    assert r.party_keys() == [("household", "uprn:1"), ("address", "uprn:1"), ("perpetrator", "p:9"),
                              ("perpetrator", "p:8")]
    assert address_key({"postcode": "e1 6an", "line": "1  High St"}) == "addr:E16AN:1 high st"
    assert address_key({"postcode": "E1 6AN"}) is None  # a postcode alone is not one property


def candidate(case_id, kind, days_ago=1, stream="general_needs"):
    return Candidate(case_id, stream, NOW - timedelta(days=days_ago), kind)


def test_same_household_links_before_same_address_before_same_perpetrator():
    found = [candidate("by-perp", "perpetrator", 9), candidate("by-address", "address", 5),
             candidate("by-household", "household", 1)]
    assert case_to_join(report(), found) == ("by-household", "same_household")
    assert case_to_join(report(), found[:2]) == ("by-address", "same_address")
    assert case_to_join(report(), found[:1]) == ("by-perp", "same_perpetrator")


def test_the_longest_open_case_wins_a_tie_and_other_streams_never_link_POL_7():
    assert case_to_join(report(), [candidate("new", "household", 1), candidate("old", "household", 30)])[0] == "old"
    assert case_to_join(report(), [candidate("cs", "household", stream="care_support")]) is None
    assert case_to_join(report(), []) is None


def officer(staff_id, **kw):
    values = {"name": staff_id, "role": "housing_officer", "team": "north", "patches": ["E1"],
              "trained_on": date(2026, 6, 1)}
    values.update(kw)
    return StaffMember(staff_id, **values)


def test_training_status_and_the_refresher_POL_10():
    rule = TrainingRule(refresher_months=12)
    assert rule.status(None, TODAY) == "not_trained"
    assert rule.status(date(2026, 1, 1), TODAY) == "trained"
    assert rule.status(date(2025, 10, 1), TODAY) == "refresher_overdue"
    assert rule.may_take_cases(date(2025, 10, 1), TODAY)  # flagged, not blocked, by default
    assert not TrainingRule(block_when_overdue=True).may_take_cases(date(2025, 10, 1), TODAY)
    assert not rule.may_take_cases(None, TODAY)


def test_a_staff_record_is_checked():
    with pytest.raises(InvalidCommand) as bad:
        officer("o1", trained_on=date(2027, 1, 1)).check(TODAY)
    assert bad.value.field == "trained_on"
    with pytest.raises(InvalidCommand):
        officer("o1", role="board_member").check(TODAY)


def allocate(staff, preference=None, match=None, caseload=None, patch="E1", stream="general_needs"):
    return choose_officer(staff, team="north", patch=patch, stream=stream, preference=preference, match=match,
                          caseload=caseload or {}, training=TrainingRule(), today=TODAY)


def test_cases_go_only_to_trained_officers_of_the_team_covering_the_stream():
    staff = [officer("untrained", trained_on=None), officer("south", team="south"),
             officer("cs-only", streams=["care_support"]), officer("senior", role="senior"),
             officer("left", active=False)]
    assert allocate(staff).officer is None
    assert allocate([*staff, officer("ok")]).officer.staff_id == "ok"


def test_the_patch_officer_with_the_fewest_open_cases_is_chosen():
    staff = [officer("busy"), officer("free"), officer("elsewhere", patches=["N1"])]
    assert allocate(staff, caseload={"busy": 5, "free": 2}).officer.staff_id == "free"
    assert allocate(staff, caseload={"busy": 5, "free": 7}).officer.staff_id == "busy"  # patch before load


def test_a_request_for_an_officer_of_the_same_sex_is_honoured_where_possible_POL_3():
    staff = [officer("m", sex="male"), officer("f", sex="female", patches=["N1"])]
    chosen = allocate(staff, "same_sex", {"sex": "female"}, caseload={"f": 9})
    assert (chosen.officer.staff_id, chosen.honoured) == ("f", True)
    nobody = allocate([officer("m", sex="male")], "same_sex", {"sex": "female"})
    assert (nobody.officer.staff_id, nobody.honoured) == ("m", False) and nobody.note
    unknown = allocate(staff, "same_sex", None)  # what the victim asked for is not yet known
    assert unknown.officer is None and "sex" in unknown.note


def test_both_sex_and_ethnic_origin_must_match_when_both_were_asked_for():
    both = officer("a", sex="female", ethnic_origin="bangladeshi")
    assert matches(both, "same_sex_and_ethnic_origin", {"sex": "female", "ethnic_origin": "bangladeshi"})
    assert not matches(both, "same_sex_and_ethnic_origin", {"sex": "female", "ethnic_origin": "somali"})
    assert matches(both, "no_preference", {}) is None


def test_a_property_is_placed_by_the_most_specific_patch_covering_its_postcode():
    placements = (Placement("east", "north", ("E",)), Placement("e1", "north-e1", ("E1",)),
                  Placement("cs-e", "cs-east", ("E",), "care_support"))
    assert place("e1 6an", "general_needs", placements, "central") == ("north-e1", "e1")
    assert place("E2 7AA", "general_needs", placements, "central") == ("north", "east")
    assert place("E2 7AA", "care_support", placements, "central") == ("cs-east", "cs-e")
    assert place(None, "general_needs", placements, "central") == ("central", None)
    assert place("E14 9GE", "general_needs", placements, "central") == ("north", "east")  # E14 is not E1
    sector = (Placement("e1-6", "north-e1-6", ("E1 6",)),)
    assert place("E1 6AN", "general_needs", sector, None) == ("north-e1-6", "e1-6")
    assert place("E1 7AA", "general_needs", sector, None) == (None, None)
