"""The risk and vulnerability matrix, and classification with perception first (POL-2, POL-3)."""

from datetime import UTC, datetime

import pytest

from cases.domain.classification import Classification, check_rationale, proposed
from cases.domain.errors import InvalidCommand
from cases.domain.risk import RiskMatrix, assess, factors_from_reports

NOW = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)
MATRIX = RiskMatrix()


def factors(v=0, harm=0, repeat=0, threats=0, household=0):
    return {"victim_vulnerability": v, "harm": harm, "repeat": repeat, "threats": threats,
            "household_impact": household}


@pytest.mark.parametrize("f,score,level", [
    (factors(), 0, "standard"),
    (factors(1, 1, 1, 0, 1), 26, "standard"),
    (factors(2, 2, 1, 0, 1), 41, "medium"),
    (factors(2, 2, 2, 2, 2), 67, "high"),
    (factors(0, 0, 0, 3, 0), 23, "high"),      # threats scored 3 make a case high whatever the score
    (factors(3, 0, 0, 0, 0), 23, "medium"),    # any factor at 3 makes it at least medium
])
def test_the_matrix_scores_and_levels(f, score, level):
    assessment = assess(MATRIX, "a1", "c1", f, "officer", NOW, "assessment")
    assert (assessment.score, assessment.level) == (score, level)


def test_every_factor_must_be_scored_0_to_3():
    with pytest.raises(InvalidCommand) as bad:
        assess(MATRIX, "a1", "c1", {**factors(), "harm": 4}, "officer", NOW, "assessment")
    assert bad.value.field == "factors.harm"
    with pytest.raises(InvalidCommand):
        assess(MATRIX, "a1", "c1", {"harm": 1}, "officer", NOW, "assessment")


def test_thresholds_and_weights_are_configurable_and_checked():
    strict = RiskMatrix(medium_from=10, high_from=20)
    assert strict.level(factors(1, 1, 1, 0, 1)) == "high"
    with pytest.raises(ValueError):
        RiskMatrix(medium_from=70, high_from=60)
    with pytest.raises(ValueError):
        RiskMatrix(weights={"harm": 1})


def test_a_provisional_reading_of_the_reports():
    assert factors_from_reports(["threats_of_violence"], [], True, 1)["threats"] == 3
    assert factors_from_reports(["threats_of_violence"], [], False, 1)["threats"] == 2
    assert factors_from_reports(["physical_assault"], ["vulnerable_victim"], False, 1)["harm"] == 3
    assert factors_from_reports(["graffiti"], ["repeat_victim"], False, 1)["repeat"] == 2
    assert factors_from_reports(["graffiti"], [], False, 3)["repeat"] == 3


def test_perception_makes_a_hate_incident_from_any_monitored_strand_POL_2():
    assert Classification.perceived("harassment", ["religion"]).hate_incident
    assert not Classification.perceived("harassment", ["age"]).hate_incident  # a local strand only
    assert Classification.perceived("hate_incident", ["race"]).racist


def test_a_further_perception_only_adds_POL_2():
    case = Classification(True, ("race",), "personal")
    merged = case.merged_with(Classification(False, ("religion",), None))
    assert merged == Classification(True, ("race", "religion"), "personal")


@pytest.mark.parametrize("new,removes", [
    (Classification(True, ("race", "religion"), "personal"), False),   # a strand added
    (Classification(True, ("race",), "personal"), False),              # nothing changed
    (Classification(False, ("race",), "personal"), True),              # hate flag removed
    (Classification(True, ("religion",), "personal"), True),           # a strand replaced
    (Classification(True, ("race",), "nuisance"), True),               # ASB category changed
])
def test_what_counts_as_taking_away(new, removes):
    assert new.removes_from(Classification(True, ("race",), "personal")) is removes


def test_a_proposed_classification_is_checked():
    with pytest.raises(InvalidCommand) as bad:
        proposed(True, ["age"], None)
    assert bad.value.field == "strands"
    with pytest.raises(InvalidCommand):
        proposed(False, ["martian"], None)
    assert proposed(False, [], "nuisance") == Classification(False, (), "nuisance")


def test_recategorisation_needs_a_written_rationale():
    with pytest.raises(InvalidCommand) as bad:
        check_rationale("changed")
    assert bad.value.field == "rationale"
    assert check_rationale("  Investigation found the dispute was about parking.  ").startswith("Investigation")
