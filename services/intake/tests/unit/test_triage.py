"""Each triage rule, case by case (POL-1, POL-2)."""

import pytest

from intake.domain.triage import triage


def details(types, strands=(), perceived_by="victim", damage=None, victims=()):
    report = {"incident": {"types": list(types)}, "victims": list(victims)}
    if strands:
        report["perception"] = {"strands": list(strands), "perceived_by": perceived_by}
    if damage:
        report["damage"] = damage
    return report


@pytest.mark.parametrize("perceived_by", ["victim", "witness", "reporter", "staff", "other"])
def test_any_perceived_strand_makes_a_hate_incident_whoever_perceived_it(perceived_by):
    result = triage(details(["excessive_noise"], ["race"], perceived_by))
    assert result.outcome == "hate_incident" and result.strands == ("race",)
    assert perceived_by in result.reasons[0] and "race" in result.reasons[0]


def test_local_strands_count_too():
    assert triage(details(["verbal_abuse"], ["age"])).outcome == "hate_incident"


def test_deliberate_acts_without_perceived_hostility_are_harassment():
    result = triage(details(["graffiti", "threats_of_violence"]))
    assert result.outcome == "harassment" and "graffiti" in result.reasons[0]


def test_noise_alone_is_a_neighbour_dispute_and_is_still_recorded():
    result = triage(details(["excessive_noise"]))
    assert result.outcome == "neighbour_dispute" and "record is kept" in result.reasons[0]


def test_other_matters_are_other_asb():
    assert triage(details(["other"])).outcome == "other_asb"


@pytest.mark.parametrize("types,urgent", [(["threats_of_violence"], True), (["physical_assault"], True),
                                          (["arson"], True), (["verbal_abuse"], False)])
def test_urgent_flag(types, urgent):
    assert ("urgent" in triage(details(types)).flags) is urgent


def test_repair_interpreter_and_vulnerability_flags():
    result = triage(details(["damage_to_property"], damage={"description": "broken window"},
                            victims=[{"interpreter_needed": True, "vulnerabilities": ["mobility"]}]))
    assert set(result.flags) == {"repair_needed", "interpreter_needed", "vulnerable_victim"}
