from __future__ import annotations

from pathlib import Path

import pytest

from hcs.config import ConfigError, load_settings
from repairs.settings import repairs_settings

CONFIG = Path(__file__).resolve().parents[2] / "config.yaml"


def test_the_shipped_config_loads_with_one_reference_contractor() -> None:
    settings = load_settings(CONFIG, {"HCS_TOKEN_SECRET": "s" * 40, "HCS_DATA_KEY": "A" * 43 + "=",
                                      "HCS_CONTRACTOR_URL": "http://10.0.0.5:9000"})
    assert settings.http.port == 8103 and settings.database_url == "sqlite:///var/repairs.db"
    repairs = repairs_settings(settings.extra)
    [contractor] = repairs.contractors
    assert contractor.name == "reference" and contractor.endpoint == "http://10.0.0.5:9000/jobs"
    assert contractor.secret.startswith("whsec_") and repairs.dispatch.interval_seconds == 0.2


def test_a_bad_registry_is_refused_naming_the_field_not_the_secret() -> None:
    with pytest.raises(ConfigError) as err:
        repairs_settings({"contractors": {"acme": {"endpoint": "ftp://x", "secret": "not-a-secret"}}})
    assert str(err.value).endswith("contractors.acme.value.endpoint, contractors.acme.value.secret")
    assert "not-a-secret" not in str(err.value)
    with pytest.raises(ConfigError):
        repairs_settings({"contractors": {}})
