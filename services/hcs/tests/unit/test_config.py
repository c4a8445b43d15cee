import pytest

from hcs.config import ConfigError, load_settings, parse_settings

SECRET = "s" * 40
KEY = "dGVzdC1kYXRhLWtleS0zMi1ieXRlcy1sb25nLTAwMDE="


def raw(**changes):
    base = {"service": "intake", "amqp_uri": "${AMQP:amqp://guest:guest@127.0.0.1:5672/}",
            "database_url": "sqlite:///var/intake.db", "http": {"port": "${PORT:8101}"},
            "auth": {"secret": "${SECRET}"}, "encryption": {"active": "k1", "keys": {"k1": KEY}}}
    base.update(changes)
    return base


def test_placeholders_are_substituted_and_typed_after_parsing():
    settings = parse_settings(raw(), {"SECRET": SECRET, "PORT": "9000"})
    assert settings.http.port == 9000 and settings.amqp_uri.startswith("amqp://guest")
    assert settings.relay.interval_seconds == 0.2  # defaults filled in


def test_a_substituted_value_is_never_reparsed_as_yaml():
    settings = parse_settings(raw(auth={"secret": "${SECRET}", "issuer": "${ISSUER}"}),
                              {"SECRET": SECRET, "ISSUER": "00123"})
    assert settings.auth.issuer == "00123"


def test_missing_variable_is_one_clear_line():
    with pytest.raises(ConfigError) as err:
        parse_settings(raw(), {})
    assert str(err.value) == "environment variable SECRET is not set (needed by auth.secret)"


def test_invalid_values_are_listed_in_one_line():
    with pytest.raises(ConfigError) as err:
        parse_settings(raw(http={"port": "70000"}, database_url="mysql://x"), {"SECRET": "short"})
    message = str(err.value)
    assert "\n" not in message
    assert "http.port" in message and "database_url" in message and "auth.secret" in message


def test_file_errors(tmp_path):
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("service: [unclosed")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_settings(bad)


def test_secrets_do_not_show_in_repr():
    settings = parse_settings(raw(), {"SECRET": SECRET})
    assert SECRET not in repr(settings) and "guest:guest" not in repr(settings) and KEY not in repr(settings)


def test_encryption_keys_must_be_32_bytes_and_the_active_one_configured():
    with pytest.raises(ConfigError) as err:
        parse_settings(raw(encryption={"active": "k2", "keys": {"k1": KEY}}), {"SECRET": SECRET})
    assert "encryption.keys" in str(err.value) and "k2" in str(err.value)
    with pytest.raises(ConfigError, match="32 bytes"):
        parse_settings(raw(encryption={"active": "k1", "keys": {"k1": "c2hvcnQ="}}), {"SECRET": SECRET})
    with pytest.raises(ConfigError, match="not valid base64"):
        parse_settings(raw(encryption={"active": "k1", "keys": {"k1": "!!"}}), {"SECRET": SECRET})
