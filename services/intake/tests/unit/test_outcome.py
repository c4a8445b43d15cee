"""Each triage outcome rule, case by case (POL-1, POL-2)."""

from __future__ import annotations

import pytest

from intake.domain.triage import TriageRules, triage

RULES = TriageRules()


def details(types=("verbal_abuse",), strands=(), perceived_by="victim", location="home", victims=True,
            reporter="victim", tenant=True, perpetrators=()):
    report = {"channel": "phone", "stream": "general_needs", "reporter": {"role": reporter},
              "victims": [{"name": "A Tenant"}] if victims else [], "household": {"tenant": tenant},
              "incident": {"types": list(types), "location_type": location}, "perpetrators": list(perpetrators)}
    if strands:
        report["perception"] = {"strands": list(strands), "perceived_by": perceived_by}
    return report


@pytest.mark.parametrize("perceived_by", ["victim", "witness", "reporter", "staff", "other"])
def test_pol2_any_perceived_strand_makes_a_hate_incident_whoever_perceived_it(perceived_by):
    result = triage(details(["excessive_noise"], ["race"], perceived_by), RULES)
    assert (result.outcome, result.strands, result.perceived_by) == ("hate_incident", ("race",), perceived_by)
    assert "race" in result.reasons[0] and "Perception is enough" in result.reasons[0]


@pytest.mark.parametrize("strand", ["disability", "race", "religion", "sexual_orientation", "transgender_identity"])
def test_pol2_each_monitored_strand_makes_a_hate_incident(strand):
    assert triage(details(["other"], [strand]), RULES).outcome == "hate_incident"


def test_pol2_local_strands_make_a_hate_incident_unless_the_landlord_says_not():
    report = details(["verbal_abuse"], ["age"])
    assert triage(report, RULES).outcome == "hate_incident"
    assert "recorded locally" in triage(details(["other"], ["race", "age"]), RULES).reasons[0]
    strict = triage(report, TriageRules(local_strands_are_hate_incidents=False))
    assert strict.outcome == "harassment" and strict.strands == ("age",)  # the perception is still kept
    assert any("does not count locally recorded strands" in r for r in strict.reasons)


def test_pol2_the_reason_names_who_perceived_it():
    result = triage(details(strands=["religion"], perceived_by="witness"), RULES)
    assert result.reasons[0].startswith("Perceived by a witness as motivated by hostility or prejudice based on "
                                        "religion")


@pytest.mark.parametrize("kind", ["verbal_abuse", "written_abuse", "physical_assault", "threats_of_violence"])
def test_pol1_deliberate_acts_against_a_person_are_harassment(kind):
    result = triage(details([kind], victims=False, reporter="witness", location="street"), RULES)
    assert result.outcome == "harassment" and "intent to cause harm, fear or distress" in result.reasons[0]


@pytest.mark.parametrize("kind", ["graffiti", "damage_to_property", "arson"])
def test_pol1_acts_against_a_household_s_property_are_harassment(kind):
    assert triage(details([kind], location="home"), RULES).outcome == "harassment"


@pytest.mark.parametrize("kind", ["graffiti", "damage_to_property", "arson"])
def test_damage_to_shared_space_aimed_at_no_one_is_environmental_asb(kind):
    result = triage(details([kind], victims=False, reporter="witness", location="communal_area"), RULES)
    assert (result.outcome, result.asb_category) == ("other_asb", "environmental")
    assert "environmental" in result.reasons[0]


@pytest.mark.parametrize("location", ["home", "communal_area", None])
def test_pol1_noise_alone_is_a_neighbour_dispute_and_the_report_is_kept(location):
    result = triage(details(["excessive_noise"], location=location), RULES)
    assert result.outcome == "neighbour_dispute" and "The report is kept" in result.reasons[0]
    assert result.asb_category is None


def test_noise_in_the_street_affecting_no_one_in_particular_is_nuisance_asb():
    result = triage(details(["excessive_noise"], victims=False, reporter="third_party", location="street"), RULES)
    assert (result.outcome, result.asb_category) == ("other_asb", "nuisance")


def test_other_behaviour_aimed_at_a_household_is_personal_asb():
    result = triage(details(["other"]), RULES)
    assert (result.outcome, result.asb_category) == ("other_asb", "personal")


def test_other_behaviour_aimed_at_no_one_is_nuisance_asb():
    result = triage(details(["other"], victims=False, reporter="witness", location="street"), RULES)
    assert (result.outcome, result.asb_category) == ("other_asb", "nuisance")


def test_pol1_not_a_landlord_matter_when_no_tenant_and_not_on_the_landlords_property():
    result = triage(details(["verbal_abuse"], location="street", tenant=False), RULES)
    assert result.outcome == "not_landlord_matter" and "The report is kept" in result.reasons[0]


def test_not_a_landlord_matter_keeps_the_perceived_hostility():
    result = triage(details(["verbal_abuse"], ["race"], location="street", tenant=False), RULES)
    assert result.outcome == "not_landlord_matter" and result.strands == ("race",)
    assert any("race" in r for r in result.reasons)


@pytest.mark.parametrize("change", [
    {"tenant": None},  # not known: never excludes a report
    {"location": "communal_area"},  # the landlord's communal areas
    {"perpetrators": [{"known": True, "is_tenant": True}]},  # the alleged perpetrator is a tenant
])
def test_a_tenant_or_the_landlords_property_makes_it_a_landlord_matter(change):
    base = {"types": ["verbal_abuse"], "location": "street", "tenant": False}
    assert triage(details(**{**base, **change}), RULES).outcome == "harassment"


def test_every_reason_fits_the_event_contract():
    for report in (details(["verbal_abuse", "graffiti", "arson"], ["race", "age", "other", "sexual_orientation"]),
                   details(["excessive_noise"]), details(["other"], location="street", tenant=False)):
        assert all(0 < len(reason) <= 300 for reason in triage(report, RULES).reasons)
