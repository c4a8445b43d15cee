"""Intake's settings: centres, form size, triage rules, validated when the service starts."""

from __future__ import annotations

import hashlib

import pytest

from hcs.config import ConfigError
from intake.settings import intake_settings

SECRET = "token-secret-" + "x" * 40
DIGEST = hashlib.sha256(b"centre-key-0123456789").hexdigest()


def test_defaults_follow_the_issue():
    settings = intake_settings({}, SECRET)
    assert settings.centres == () and settings.form_max_bytes == 64 * 1024
    rules = settings.triage
    assert (rules.repeat_victim_reports, rules.repeat_victim_days) == (3, 91)
    assert rules.urgent_incident_types == {"threats_of_violence", "physical_assault", "arson"}
    assert len(settings.place_key_secret) >= 32


def test_centres_by_digest_or_with_their_channel_and_empty_ones_off():
    settings = intake_settings({"centres": {
        "east-centre": DIGEST, "police-hub": {"key_sha256": DIGEST.upper(), "channel": "partner_agency"},
        "switched-off": ""}}, SECRET)
    assert [(c.name, c.channel) for c in settings.centres] == [("east-centre", "third_party_centre"),
                                                               ("police-hub", "partner_agency")]
    assert all(c.key_sha256 == DIGEST for c in settings.centres)


def test_triage_rules_are_configurable():
    rules = intake_settings({"triage": {"repeat_victim": {"reports": 4, "days": 182}, "duplicate_window_hours": 12,
                                        "urgent_incident_types": ["arson"], "local_strands_are_hate_incidents": False,
                                        "care_support_is_vulnerable": False}}, SECRET).triage
    assert (rules.repeat_victim_reports, rules.repeat_victim_days, rules.duplicate_window_hours) == (4, 182, 12)
    assert rules.urgent_incident_types == {"arson"}
    assert not rules.local_strands_are_hate_incidents and not rules.care_support_is_vulnerable


def test_the_place_key_secret_is_taken_from_config_or_derived_from_the_token_secret():
    assert intake_settings({"place_key_secret": "p" * 32}, SECRET).place_key_secret == b"p" * 32
    assert intake_settings({}, SECRET).place_key_secret != intake_settings({}, SECRET + "y").place_key_secret


@pytest.mark.parametrize("extra,field", [
    ({"centres": {"east": "not-a-digest-but-a-key-itself"}}, "centres"),
    ({"centres": {"East Centre!": DIGEST}}, "centres"),
    ({"centres": {"east": {"key_sha256": DIGEST, "channel": "phone"}}}, "centres"),
    ({"form": {"max_bytes": 10}}, "form.max_bytes"),
    ({"triage": {"repeat_victim": {"reports": 1}}}, "triage.repeat_victim.reports"),
    ({"triage": {"urgent_incident_types": ["shouting"]}}, "triage.urgent_incident_types"),
    ({"place_key_secret": "short"}, "place_key_secret"),
])
def test_a_bad_setting_is_one_line_naming_the_field_never_the_value(extra, field):
    with pytest.raises(ConfigError) as error:
        intake_settings(extra, SECRET)
    message = str(error.value)
    assert field in message and "\n" not in message
    assert "not-a-digest" not in message and "short" not in message


def test_the_shipped_config_is_valid():
    from pathlib import Path

    from hcs.config import load_settings
    from hcs.testing.plugin import TEST_DATA_KEY

    config = Path(__file__).resolve().parents[2] / "config.yaml"
    settings = load_settings(config, {"HCS_TOKEN_SECRET": SECRET, "HCS_DATA_KEY": TEST_DATA_KEY,
                                      "HCS_DEMO_CENTRE_KEY_SHA256": DIGEST})
    intake = intake_settings(settings.extra, settings.auth.secret)
    assert [c.name for c in intake.centres] == ["demo-centre"] and intake.triage.repeat_victim_reports == 3
