"""Prometheus configuration and alert rules pass promtool (with the rules' own unit tests), the
Grafana dashboard loads, and every query names only metrics the code really exports."""

from __future__ import annotations

import importlib
import json
import re

import kubernetes_validate
import yaml
from prometheus_client import REGISTRY

from .conftest import DEPLOY, SERVICES, run, tool

PROMETHEUS = DEPLOY / "prometheus"
DASHBOARD = DEPLOY / "grafana" / "dashboards" / "hcs-operations.json"
# series that do not come from our code: Prometheus's own, and RabbitMQ's prometheus plugin
EXTERNAL = {"up", "rabbitmq_detailed_queue_messages"}


def exported_series() -> set[str]:
    """Every series name the five services can expose on /metrics (imported as they run)."""
    for name in SERVICES:
        importlib.import_module(f"{name}.service")
    names = set()
    for family in REGISTRY.collect():
        suffixes = {"counter": ["_total"], "histogram": ["_bucket", "_sum", "_count"],
                    "summary": ["_sum", "_count", ""]}.get(family.type, [""])
        names.update(family.name + suffix for suffix in suffixes)
    return names


def series_in(expr: str) -> set[str]:
    without_strings = re.sub(r'"[^"]*"', '""', expr)
    without_labels = re.sub(r"\{[^}]*\}", "", without_strings)
    without_ranges = re.sub(r"\[[^\]]*\]", "", without_labels)
    grouping = r"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)"
    words = set(re.findall(r"\b[a-z_][a-z0-9_]*\b", re.sub(grouping, "", without_ranges)))
    return {w for w in words if w.startswith(("hcs_", "rabbitmq_")) or w == "up"}


def alert_exprs() -> list[str]:
    rules = yaml.safe_load((PROMETHEUS / "alerts.yml").read_text())
    return [rule["expr"] for group in rules["groups"] for rule in group["rules"]]


def dashboard_exprs() -> list[str]:
    dashboard = json.loads(DASHBOARD.read_text())
    return [t["expr"] for p in dashboard["panels"] for t in p.get("targets", [])]


def test_prometheus_configurations_and_rules_pass_promtool():
    promtool = tool("promtool")
    run(promtool, "check", "rules", "alerts.yml", cwd=PROMETHEUS)
    run(promtool, "check", "config", "prometheus.yml", cwd=PROMETHEUS)
    run(promtool, "check", "config", "prometheus-compose.yml", cwd=PROMETHEUS)


def test_alert_rules_unit_tests_pass():
    result = run(tool("promtool"), "test", "rules", "alerts.test.yml", cwd=PROMETHEUS)
    assert "SUCCESS" in result.stdout


def test_every_alert_has_a_runbook_entry():
    runbook = (DEPLOY.parent / "docs" / "runbook.md").read_text()
    rules = yaml.safe_load((PROMETHEUS / "alerts.yml").read_text())
    for rule in (r for g in rules["groups"] for r in g["rules"]):
        anchor = rule["annotations"]["runbook"].split("#", 1)[1]
        documented = {line[4:].strip().lower() for line in runbook.splitlines() if line.startswith("### ")}
        assert anchor in documented, f"docs/runbook.md has no '### ' section for {anchor}"
        assert rule["labels"]["severity"] in ("warning", "critical")


def test_alerts_and_dashboard_name_only_metrics_the_code_exports():
    exported = exported_series() | EXTERNAL
    for expr in alert_exprs() + dashboard_exprs():
        assert series_in(expr), f"no metric found in {expr!r}"
        missing = series_in(expr) - exported
        assert not missing, f"{expr!r} names {missing}, which no service exports"
    assert "hcs_repair_sla_breaches_total" in exported and "hcs_case_reviews_overdue" in exported


def test_the_dashboard_loads_and_every_query_is_valid_promql(tmp_path):
    dashboard = json.loads(DASHBOARD.read_text())
    assert dashboard["uid"] == "hcs-operations" and dashboard["title"]
    panels = [p for p in dashboard["panels"] if p["type"] != "row"]
    assert len(panels) >= 10 and all(p["targets"] and p["description"] for p in panels)
    cells = set()
    for p in dashboard["panels"]:
        g = p["gridPos"]
        assert g["x"] + g["w"] <= 24
        area = {(g["x"] + dx, g["y"] + dy) for dx in range(g["w"]) for dy in range(g["h"])}
        assert not cells & area, f"panel {p['title']!r} overlaps another"
        cells |= area
    rules = {"groups": [{"name": "dashboard", "rules": [
        {"record": f"dashboard:query_{i}", "expr": expr} for i, expr in enumerate(dashboard_exprs())]}]}
    (tmp_path / "dashboard-rules.yml").write_text(yaml.safe_dump(rules))
    run(tool("promtool"), "check", "rules", str(tmp_path / "dashboard-rules.yml"))


def test_grafana_provisioning_points_at_the_dashboards():
    datasource = yaml.safe_load((DEPLOY / "grafana/provisioning/datasources/prometheus.yml").read_text())
    assert datasource["datasources"][0]["type"] == "prometheus"
    provider = yaml.safe_load((DEPLOY / "grafana/provisioning/dashboards/hcs.yml").read_text())
    assert provider["providers"][0]["options"]["path"] == "/var/lib/grafana/dashboards"


def test_the_prometheus_configmap_renders_and_validates():
    out = run(tool("kubectl"), "kustomize", str(PROMETHEUS)).stdout
    [configmap] = [d for d in yaml.safe_load_all(out) if d]
    kubernetes_validate.validate(configmap, "1.37.0", strict=True)
    assert set(configmap["data"]) == {"prometheus.yml", "alerts.yml"}
