"""The start-up checks say in one line what is wrong: broker, database, migrations, config."""

import subprocess
import sys

from hcs.migrations import upgrade
from hcs.runner import preflight
from hcs.testing.plugin import make_settings


def test_unreachable_broker_is_one_line(tmp_path):
    settings = make_settings("intake", "amqp://guest:guest@127.0.0.1:1/", f"sqlite:///{tmp_path}/i.db")
    assert preflight(settings) == "intake: cannot reach RabbitMQ at amqp://guest:***@127.0.0.1:1/"


def test_unreachable_database_and_unmigrated_database(amqp_uri, tmp_path):
    settings = make_settings("intake", amqp_uri, "postgresql://nobody:secret@127.0.0.1:1/none")
    problem = preflight(settings)
    assert problem.startswith("intake: cannot reach the database at postgresql://nobody:***@127.0.0.1:1/none")
    settings = make_settings("intake", amqp_uri, f"sqlite:///{tmp_path}/i.db")
    assert "run hcs-migrate first" in preflight(settings)
    upgrade("intake", settings.database_url)
    assert preflight(settings) is None


def test_bad_config_stops_the_process_with_one_line(tmp_path):
    config = tmp_path / "intake.yaml"
    config.write_text("service: intake\namqp_uri: amqp://x\ndatabase_url: sqlite:///x.db\n"
                      "http: {port: not-a-port}\nauth: {secret: '${HCS_TEST_UNSET_SECRET}'}\n")
    result = subprocess.run([sys.executable, "-m", "hcs.runner", "intake", "--config", str(config)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1] == (
        "config error: environment variable HCS_TEST_UNSET_SECRET is not set (needed by auth.secret)")
