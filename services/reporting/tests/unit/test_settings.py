"""Reporting's settings: validated once at start, naming only the bad fields (never a secret)."""

import pytest

from hcs.config import ConfigError
from reporting.domain.periods import FinancialCalendar
from reporting.settings import reporting_settings

GOOD = {"homes_owned": {"default": {"general_needs": 1000, "care_support": 200},
                        "2025-26": {"general_needs": 900, "care_support": 200}},
        "export": {"reference_key": "s" * 40}}


def test_homes_owned_follow_the_year_and_fall_back_to_the_default():
    settings = reporting_settings(GOOD)
    assert settings.homes(FinancialCalendar().parse("2025-26-Q3"))["general_needs"] == 900
    assert settings.homes(FinancialCalendar().parse("2026-27-Q1"))["general_needs"] == 1000
    assert settings.compared(FinancialCalendar().parse("2026-27-Q1")).label == "2025-26-Q1"


@pytest.mark.parametrize(("extra", "field"), [
    ({**GOOD, "export": {"reference_key": "too-short-secret"}}, "export.reference_key"),
    ({**GOOD, "year_starts": 13}, "year_starts"),
    ({**GOOD, "homes_owned": {"2025-26": {"general_needs": 1, "care_support": 1}}}, "homes_owned.default"),
    ({**GOOD, "reporting_target": {"compared_with": "last_tuesday"}}, "reporting_target.compared_with"),
    ({**GOOD, "export": {"reference_key": "s" * 40, "min_area_count": 2}}, "export.min_area_count"),
])
def test_a_bad_setting_is_named_without_its_value(extra, field):
    with pytest.raises(ConfigError) as err:
        reporting_settings(extra)
    assert field in str(err.value) and "too-short-secret" not in str(err.value)
