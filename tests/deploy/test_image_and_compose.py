"""The Dockerfile lints clean and builds every service image the way the manifests run it; the
compose file is valid against the compose specification and gives each service a configuration it
accepts at start."""

from __future__ import annotations

import re

import yaml

from hcs.config import load_settings

from .conftest import DEPLOY, ROOT, SERVICES, run, tool


def test_the_dockerfile_lints_clean_and_is_multi_stage_and_non_root():
    run(tool("hadolint"), "--failure-threshold", "info", str(DEPLOY / "Dockerfile"))
    text = (DEPLOY / "Dockerfile").read_text()
    assert len(re.findall(r"^FROM ", text, re.M)) >= 2
    users = re.findall(r"^USER (\S+)", text, re.M)
    assert users and users[-1].split(":")[0] not in ("root", "0")
    assert 'ENTRYPOINT ["python", "-m", "hcs.runner"]' in text
    ignored = (ROOT / ".dockerignore").read_text()
    assert "!services/**" in ignored and "**/tests" in ignored


def compose() -> dict:
    return yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())


def test_compose_file_is_valid_against_the_compose_specification():
    run(tool("check-jsonschema"), "--builtin-schema", "vendor.compose-spec", str(DEPLOY / "docker-compose.yml"))


def test_compose_runs_the_whole_stack():
    services = compose()["services"]
    assert set(SERVICES) | {"rabbitmq", "postgres", "migrate", "broker-setup", "contractor", "partner",
                            "prometheus", "grafana"} <= set(services)
    assert "management" in services["rabbitmq"]["image"]
    for name in SERVICES:
        spec = services[name]
        assert spec["command"] == [name, "--config", f"services/{name}/config.yaml"]
        assert spec["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
        assert spec["depends_on"]["broker-setup"]["condition"] == "service_completed_successfully"
        assert f"hcs-{name}:" in spec["environment"]["HCS_AMQP_URI"]  # its own broker user
        assert "/health" in " ".join(spec["healthcheck"]["test"])
        others = [s.upper() for s in SERVICES if s != name]
        leaked = [k for k, v in spec["environment"].items() if any(f"_{o}_" in f"{k}{v}" for o in others)]
        assert not leaked, f"{name} is given another service's credentials: {leaked}"
    assert services["migrate"]["command"][0] == "migrate"
    assert services["partner"]["entrypoint"] == ["python", "-m", "hcs_tools.partner"]


def test_every_file_compose_mounts_exists():
    for name, spec in compose()["services"].items():
        for volume in spec.get("volumes", []):
            source = volume.split(":", 1)[0]
            if source.startswith("./"):
                assert (DEPLOY / source).exists(), f"{name} mounts missing {source}"


def _interpolated(value: str) -> str:
    """Compose's own ${VAR:?message} / ${VAR:-default} interpolation, with a dummy for secrets."""
    def replace(match: re.Match[str]) -> str:
        name, rest = match.group(1), match.group(2) or ""
        if rest.startswith(":-"):
            return rest[2:]
        if name == "HCS_DATA_KEY":
            return "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="  # 32 bytes, base64
        return f"dummy-{name.lower()}-" + "x" * 32
    return re.sub(r"\$\{([A-Z_]+)((?::[-?][^}]*)?)\}", replace, value)


def test_each_service_accepts_the_configuration_compose_gives_it():
    services = compose()["services"]
    for name in SERVICES:
        env = {k: _interpolated(str(v)) for k, v in services[name]["environment"].items()}
        settings = load_settings(ROOT / "services" / name / "config.yaml", env)
        assert settings.service == name and settings.http.host == "0.0.0.0"
        assert settings.database_url.startswith(f"postgresql://hcs_{name}:")
        assert settings.amqp_uri.startswith(f"amqp://hcs-{name}:")
        assert settings.amqp_uri.endswith("@rabbitmq:5672/hcs")
    migrate_env = {k: _interpolated(str(v)) for k, v in services["migrate"]["environment"].items()}
    for name in SERVICES:
        assert f"services/{name}/config.yaml" in services["migrate"]["command"]
        settings = load_settings(ROOT / "services" / name / "config.yaml", migrate_env)
        assert settings.database_url.startswith(f"postgresql://hcs_{name}:")
