"""A small command-line client over the services' RPCs.

    hcs demo                    submit a sample racist-incident report; show the case, job, indicators
    hcs submit report.json      submit a report (the RPC payload of intake.submit_report)
    hcs report ID | hcs case ID | hcs jobs CASE_ID | hcs indicators
    hcs consents CASE_ID | hcs referrals CASE_ID | hcs referral ID | hcs partners

The caller token is minted from the local development secret (var/token-secret); in production a
portal obtains tokens from the landlord's single sign-on.
"""

from __future__ import annotations

import eventlet

eventlet.monkey_patch()  # noqa: E402 - nameko's standalone proxy needs it

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from datetime import UTC, datetime  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


def sample_report() -> dict[str, Any]:
    return {
        "idempotency_key": f"demo-{uuid.uuid4()}",
        "channel": "phone", "stream": "general_needs",
        "reporter": {"role": "victim"},
        "victims": [{"name": "Demo Tenant", "address": {"uprn": "100023336956", "postcode": "E1 6AN",
                                                        "line": "Flat 2, 10 Example Street"}}],
        "incident": {"occurred_at": datetime.now(UTC).isoformat(), "location_type": "home",
                     "narrative": "Racist graffiti was sprayed on my front door overnight.",
                     "types": ["graffiti", "damage_to_property"]},
        "perception": {"strands": ["race"], "perceived_by": "victim"},
        "damage": {"description": "offensive graffiti", "location": "front door"},
    }


class Client:
    def __init__(self, role: str = "housing_officer") -> None:
        from nameko.standalone.rpc import ClusterRpcProxy

        from hcs.auth import TOKEN_KEY, issue_token
        from hcs.config import load_settings

        if not os.environ.get("HCS_TOKEN_SECRET") and (ROOT / "var" / "token-secret").exists():
            os.environ["HCS_TOKEN_SECRET"] = (ROOT / "var" / "token-secret").read_text().strip()
        settings = load_settings(ROOT / "services" / "intake" / "config.yaml")
        token = issue_token(settings.auth, os.environ.get("USER", "demo-officer"), role, team="north",
                            streams=["general_needs", "care_support"])
        self.proxy = ClusterRpcProxy({"AMQP_URI": settings.amqp_uri}, context_data={TOKEN_KEY: token},
                                     timeout=settings.rpc_timeout_seconds)
        self.rpc = self.proxy.start()

    def close(self) -> None:
        self.proxy.stop()


def wait(what: str, fetch: Any, timeout: float = 30) -> Any:
    from hcs.errors import NotFound

    deadline = time.monotonic() + timeout
    while True:
        try:
            value = fetch()
            if value:
                return value
        except NotFound:
            pass
        if time.monotonic() > deadline:
            raise SystemExit(f"hcs: gave up waiting for {what} after {timeout:.0f} s")
        time.sleep(0.2)


def demo(client: Client, manager: Client) -> int:
    receipt = client.rpc.intake.submit_report(sample_report())
    print(f"report   {receipt['report_id']}  triage: {receipt['triage']['outcome']} "
          f"({'; '.join(receipt['triage']['reasons'])})")
    found = wait("the case", lambda: client.rpc.cases.case_for_report(receipt["report_id"]))
    case = client.rpc.cases.get_case(found["case_id"])
    print(f"case     {case['case_id']}  {found['outcome']}, stream {case['stream']}, "
          f"hate incident: {case['hate_incident']} {case['strands']}")
    jobs = wait("the repair job to reach the contractor", lambda: [
        j for j in client.rpc.repairs.list_jobs(case["case_id"]) if j["status"] != "created"])
    for job in jobs:
        print(f"job      {job['job_id']}  {job['status']} with {job.get('contractor')}, "
              f"target {job['target_at']}")
    indicators = manager.rpc.reporting.get_indicators()
    print("indicators", json.dumps(indicators.get("total", indicators), indent=2, default=str))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="hcs", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["demo", "submit", "report", "case", "jobs", "indicators", "consents",
                                            "referrals", "referral", "partners"])
    parser.add_argument("arg", nargs="?")
    args = parser.parse_args(argv)
    from hcs.errors import HcsError

    client = Client()
    try:
        if args.command == "demo":
            manager = Client("manager")
            try:
                return demo(client, manager)
            finally:
                manager.close()
        if args.command == "submit":
            result = client.rpc.intake.submit_report(json.loads(Path(args.arg).read_text()))
        elif args.command == "report":
            result = client.rpc.intake.get_report(args.arg)
        elif args.command == "case":
            result = client.rpc.cases.get_case(args.arg)
        elif args.command == "jobs":
            result = client.rpc.repairs.list_jobs(args.arg)
        elif args.command == "consents":
            result = client.rpc.referrals.get_consent_record(args.arg)
        elif args.command == "referrals":
            result = client.rpc.referrals.list_referrals(args.arg)
        elif args.command == "referral":
            result = client.rpc.referrals.get_referral(args.arg)
        elif args.command == "partners":
            result = client.rpc.referrals.list_partners()
        else:
            manager = Client("manager")
            result = manager.rpc.reporting.get_indicators()
            manager.close()
        print(json.dumps(result, indent=2, default=str))
        return 0
    except HcsError as exc:
        print(json.dumps({"error": exc.code, "message": exc.message,
                          **({"fields": exc.fields} if hasattr(exc, "fields") else {})}, indent=2))
        return 1
    finally:
        client.close()


if __name__ == "__main__":
    sys.exit(main())
