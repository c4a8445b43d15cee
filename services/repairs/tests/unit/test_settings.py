from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from hcs.config import ConfigError, load_settings
from repairs.settings import repairs_settings

CONFIG = Path(__file__).resolve().parents[2] / "config.yaml"
SECRET = "whsec_" + "QUJD" * 8


def test_the_shipped_config_loads_with_one_reference_contractor() -> None:
    settings = load_settings(CONFIG, {"HCS_TOKEN_SECRET": "s" * 40, "HCS_DATA_KEY": "A" * 43 + "=",
                                      "HCS_CONTRACTOR_URL": "http://10.0.0.5:9000",
                                      "HCS_REPAIRS_AT_RISK_HOURS": "18"})
    assert settings.http.port == 8103 and settings.database_url == "sqlite:///var/repairs.db"
    repairs = repairs_settings(settings.extra)
    [contractor] = repairs.contractors
    assert contractor.name == "reference" and contractor.endpoint == "http://10.0.0.5:9000/jobs"
    assert contractor.secret.startswith("whsec_") and repairs.dispatch.interval_seconds == 0.2
    assert repairs.sla.at_risk_after_hours == 18 and repairs.sla.follow_on_working_days == 5
    assert repairs.accept_within == timedelta(minutes=30) and repairs.calendar.subdivision == "ENG"


def test_a_full_registry_entry_is_read() -> None:
    repairs = repairs_settings({"contractors": {"acme": {
        "endpoint": "https://acme.example/jobs", "secret": SECRET, "trades": ["glazing", "boarding"],
        "areas": ["E1", "E", "*"], "hours": {"days": ["mon", "fri"], "opens": "08:00", "closes": "18:00"},
        "emergency_cover": False, "capacity": 5, "accept_within_minutes": 15, "display_name": "Acme Glass"}}})
    [acme] = repairs.contractors
    assert acme.trades == ("glazing", "boarding") and acme.hours.days == frozenset({0, 4})
    assert acme.capacity == 5 and repairs.accept_window(acme) == timedelta(minutes=15)


def test_a_bad_registry_is_refused_naming_the_field_not_the_secret() -> None:
    with pytest.raises(ConfigError) as err:
        repairs_settings({"contractors": {"acme": {"endpoint": "ftp://x", "secret": "not-a-secret",
                                                   "trades": ["plumbing"], "areas": ["e1 6an"]}}})
    assert str(err.value).endswith("contractors.acme.value.areas.0, contractors.acme.value.endpoint, "
                                   "contractors.acme.value.secret, contractors.acme.value.trades.0")
    assert "not-a-secret" not in str(err.value)
    with pytest.raises(ConfigError):
        repairs_settings({"contractors": {}})
    with pytest.raises(ConfigError, match=r"sla\.at_risk_after_hours"):
        repairs_settings({"contractors": {"a": {"endpoint": "http://a", "secret": SECRET}},
                          "sla": {"at_risk_after_hours": 25}})
    with pytest.raises(ConfigError, match=r"calendar\.timezone"):
        repairs_settings({"contractors": {"a": {"endpoint": "http://a", "secret": SECRET}},
                          "calendar": {"timezone": "Mars/Olympus"}})
