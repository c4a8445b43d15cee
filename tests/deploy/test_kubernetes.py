"""The Kubernetes manifests render with kustomize and validate strictly against the Kubernetes
schemas; each Deployment is what operations needs (probes on /health, resources, scraping, non-root,
secrets by reference); each service accepts the configuration the cluster gives it."""

from __future__ import annotations

import re

import kubernetes_validate
import pytest
import yaml
from nameko.containers import ServiceContainer

from hcs.config import parse_settings
from hcs.db import Database

from .conftest import DEPLOY, SERVICES, run, service_class, tool

KUBERNETES_VERSION = "1.37.0"
REFERENCED_SECRETS = {"hcs-token", "hcs-data-keys", "hcs-export-key", "hcs-rabbitmq-users", "hcs-rabbitmq-admin",
                      "hcs-webhooks", "hcs-tls"} | {f"hcs-database-{s}" for s in SERVICES}
DUMMY_DATA_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="  # 32 bytes, base64


def render(path: str) -> list[dict]:
    out = run(tool("kubectl"), "kustomize", str(DEPLOY / path)).stdout
    return [doc for doc in yaml.safe_load_all(out) if doc]


@pytest.fixture(scope="module", params=["k8s/base", "k8s/overlays/production"])
def rendered(request) -> list[dict]:
    return render(request.param)


def of_kind(docs: list[dict], kind: str) -> dict[str, dict]:
    return {d["metadata"]["name"]: d for d in docs if d["kind"] == kind}


def test_every_manifest_validates_strictly(rendered):
    for doc in rendered:
        kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)


def test_strict_validation_would_catch_a_mistake():
    deployment = of_kind(render("k8s/base"), "Deployment")["hcs-cases"]
    deployment["spec"]["template"]["spec"]["containers"][0]["livenessprobe"] = {}  # misspelt
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(deployment, KUBERNETES_VERSION, strict=True)


def test_a_deployment_per_service_fit_to_operate(rendered):
    deployments = of_kind(rendered, "Deployment")
    assert set(deployments) == {f"hcs-{s}" for s in SERVICES}
    for name in SERVICES:
        spec = deployments[f"hcs-{name}"]["spec"]
        pod = spec["template"]["spec"]
        [container] = pod["containers"]
        assert container["args"] == [name, "--config", "/etc/hcs/config.yaml"]
        for probe in ("livenessProbe", "readinessProbe", "startupProbe"):
            assert container[probe]["httpGet"] == {"path": "/health", "port": "http"}
        resources = container["resources"]
        assert {"cpu", "memory"} <= set(resources["requests"]) and resources["limits"]["memory"]
        annotations = spec["template"]["metadata"]["annotations"]
        assert annotations["prometheus.io/scrape"] == "true" and annotations["prometheus.io/path"] == "/metrics"
        assert pod["securityContext"]["runAsNonRoot"] is True and pod["automountServiceAccountToken"] is False
        assert container["securityContext"]["readOnlyRootFilesystem"] is True
        assert spec["strategy"]["rollingUpdate"]["maxUnavailable"] == 0 and spec["replicas"] >= 2


def test_migrations_run_as_jobs_not_in_replicas(rendered):
    jobs = of_kind(rendered, "Job")
    for name in SERVICES:
        [container] = jobs[f"hcs-migrate-{name}"]["spec"]["template"]["spec"]["containers"]
        assert container["command"] == ["hcs-admin"] and container["args"] == ["migrate", "/etc/hcs/config.yaml"]
    assert jobs["hcs-broker-setup"]["spec"]["template"]["spec"]["containers"][0]["args"][:2] == ["broker", "apply"]
    for deployment in of_kind(rendered, "Deployment").values():
        assert "initContainers" not in deployment["spec"]["template"]["spec"]


def references(node, found=None) -> dict[str, set[str]]:
    """Every ConfigMap and Secret a manifest refers to, wherever it does."""
    found = found if found is not None else {"configmap": set(), "secret": set()}
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("configMapRef", "configMapKeyRef", "configMap") and isinstance(value, dict):
                found["configmap"].add(value["name"])
            elif key in ("secretKeyRef", "secretRef") and isinstance(value, dict):
                found["secret"].add(value["name"])
            elif key == "secret" and isinstance(value, dict) and "secretName" in value:
                found["secret"].add(value["secretName"])
            elif key == "tls" and isinstance(value, list):
                found["secret"].update(t["secretName"] for t in value)
            references(value, found)
    elif isinstance(node, list):
        for item in node:
            references(item, found)
    return found


def test_config_and_secrets_come_from_configmaps_and_secret_references(rendered):
    assert not of_kind(rendered, "Secret")  # never committed
    found = references(rendered)
    assert found["configmap"] and found["configmap"] <= set(of_kind(rendered, "ConfigMap"))
    assert found["secret"] and found["secret"] <= REFERENCED_SECRETS
    for deployment in of_kind(rendered, "Deployment").values():
        for entry in deployment["spec"]["template"]["spec"]["containers"][0]["env"]:
            if re.search("PASSWORD|SECRET", entry["name"]):
                assert "value" not in entry and "secretKeyRef" in entry["valueFrom"]


def test_network_policies_deny_by_default_and_cover_every_kind_of_pod(rendered):
    policies = of_kind(rendered, "NetworkPolicy")
    deny = policies["hcs-default-deny"]["spec"]
    assert deny["podSelector"] == {} and set(deny["policyTypes"]) == {"Ingress", "Egress"}
    egress_for = {p["spec"]["podSelector"].get("matchLabels", {}).get("app.kubernetes.io/component")
                  for p in policies.values() if "Egress" in p["spec"]["policyTypes"]}
    assert {"service", "migration", "broker-setup"} <= egress_for
    ports = {port["port"] for p in policies.values() for rule in p["spec"].get("egress", [])
             for port in rule.get("ports", [])}
    assert {5672, 5432, 15672, 53, 443} == ports


def test_each_service_accepts_the_configuration_the_cluster_gives_it():
    """The ConfigMap's file with the hcs-env ConfigMap and dummy secrets, as hcs.config would read
    them at start, and every dependency of the service set up on it (e.g. repairs' contractors)."""
    docs = render("k8s/overlays/production")
    configmaps = of_kind(docs, "ConfigMap")
    [env_map] = [c["data"] for n, c in configmaps.items() if n.startswith("hcs-env")]
    for name in SERVICES:
        deployment = of_kind(docs, "Deployment")[f"hcs-{name}"]
        [container] = deployment["spec"]["template"]["spec"]["containers"]
        env = dict(env_map) | {e["name"]: "0123456789abcdef" * 3 for e in container["env"] if "valueFrom" in e}
        env["HCS_DATA_KEY"] = DUMMY_DATA_KEY
        if name == "repairs":
            env["HCS_CONTRACTOR_SECRET"] = "whsec_" + "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3"
        volume = next(v for v in deployment["spec"]["template"]["spec"]["volumes"] if v["name"] == "config")
        raw = yaml.safe_load(configmaps[volume["configMap"]["name"]]["data"]["config.yaml"])
        settings = parse_settings(raw, env, source=f"{name} ConfigMap")
        assert settings.service == name and settings.http.port == 8080
        container_ = ServiceContainer(service_class(name), settings.nameko_config())
        for dependency in container_.dependencies:
            dependency.setup()
            if isinstance(dependency, Database):
                dependency.stop()
