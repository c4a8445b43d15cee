"""A small command-line client over the services' RPCs.

    hcs demo                    submit a sample racist-incident report; show the case, job, indicators
    hcs sample                  print a sample report (the RPC payload of intake.submit_report)
    hcs submit report.json      submit a report (the RPC payload of intake.submit_report)
    hcs reports                 list the latest reports (no names: open one with hcs report ID)
    hcs report ID | hcs case ID | hcs jobs CASE_ID | hcs job JOB_ID | hcs contractors | hcs indicators
    hcs consents CASE_ID | hcs referrals CASE_ID | hcs referral ID | hcs partners
    hcs centre-key              make an API key for a reporting centre, and the SHA-256 to configure
    hcs portal-staff            put the staff portal's demo accounts in cases' staff directory (./run does)

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
from datetime import UTC, datetime, timedelta  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


def sample_report() -> dict[str, Any]:
    """A full report as a staff portal sends it: the victim reports by phone a racist incident at home."""
    now = datetime.now(UTC)
    return {
        "idempotency_key": f"demo-{uuid.uuid4()}",
        "channel": "phone", "stream": "general_needs",
        "reporter": {"role": "victim", "name": "Demo Tenant", "contact": "07700 900123"},
        "victims": [{
            "name": "Demo Tenant", "contact": "07700 900123",
            "safe_contact": {"times": "weekdays after 6pm", "method": "phone", "notes": "no voicemail"},
            "address": {"uprn": "100023336956", "postcode": "E1 6AN", "line": "Flat 2, 10 Example Street"},
            "vulnerabilities": [], "support_needs": ["worried about going out"],
            "language": "English", "interpreter_needed": False, "accessibility_needs": []}],
        "household": {"address": {"uprn": "100023336956", "postcode": "E1 6AN", "line": "Flat 2, 10 Example Street"},
                      "tenant": True, "size": 3, "children": True},
        "incident": {"occurred_at": (now - timedelta(hours=8)).isoformat(), "location_type": "home",
                     "place": "front door", "narrative": "Racist graffiti was sprayed on my front door overnight.",
                     "types": ["graffiti", "damage_to_property"]},
        "perception": {"strands": ["race"], "perceived_by": "victim"},
        "perpetrators": [{"known": False, "description": "two young men seen running off", "is_tenant": None}],
        "witnesses": [],
        "police": {"informed": True, "crime_reference": "CAD 1234/20NOV"},
        "previous_incidents": {"count": 1, "reported_before": False, "details": "a shouted insult last month"},
        "damage": {"description": "offensive graffiti", "location": "front door"},
        "officer_offer": {"offered": True, "answer": "no_preference"},
        "contact_consent": True,
    }


class Client:
    def __init__(self, role: str = "housing_officer") -> None:
        from nameko.standalone.rpc import ClusterRpcProxy

        from hcs.auth import TOKEN_KEY, issue_token
        from hcs.config import load_settings

        for variable, name in (("HCS_TOKEN_SECRET", "token-secret"), ("HCS_DATA_KEY", "data-key")):
            if not os.environ.get(variable) and (ROOT / "var" / name).exists():  # made by ./run
                os.environ[variable] = (ROOT / "var" / name).read_text().strip()
        settings = load_settings(ROOT / "services" / "intake" / "config.yaml")
        self.user_id = os.environ.get("USER", "demo-officer")
        token = issue_token(settings.auth, self.user_id, role, team="north",
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
    # the demo officer is in the staff directory, trained in the policy, so the case is allocated
    today = datetime.now(UTC).date().isoformat()
    manager.rpc.cases.save_staff({"staff_id": client.user_id, "name": "Demo Officer", "role": "housing_officer",
                                  "team": "north", "patches": ["E1"], "trained_on": today})
    receipt = client.rpc.intake.submit_report(sample_report())
    triage = receipt["triage"]
    flags = ", ".join(triage["flags"]) or "none"
    print(f"report   {receipt['report_id']}  triage: {triage['outcome']}, flags: {flags}")
    for reason in triage["reasons"]:
        print(f"           - {reason}")
    found = wait("the case", lambda: client.rpc.cases.case_for_report(receipt["report_id"]))
    case = client.rpc.cases.get_case(found["case_id"])
    print(f"case     {case['case_id']}  {found['outcome']}, stream {case['stream']}, "
          f"hate incident: {case['hate_incident']} {case['strands']}")
    print(f"         officer {case['officer_id'] or 'awaiting allocation'}, risk {case['risk_level']}, "
          f"first contact due {case['first_contact_due_at']}")
    jobs = wait("the repair job to reach the contractor", lambda: [
        j for j in client.rpc.repairs.list_jobs(case["case_id"]) if j["status"] != "created"])
    for job in jobs:
        print(f"job      {job['job_id']}  {job['description']}: {job['status']} with {job.get('contractor')}, "
              f"target {job['target_at']}")
        done = wait("the contractor to make safe or complete the job", lambda job=job: (
            found := client.rpc.repairs.get_job(job["job_id"]))["status"] in ("made_safe", "completed") and found,
            timeout=60)
        for update in done["updates"]:
            print(f"         {update['at']}  {update['kind']:<10} ({update['channel']})")
        print(f"         now {done['status']}; 24-hour target: {done['target']}")
    indicators = manager.rpc.reporting.get_indicators()
    print("indicators", json.dumps(indicators.get("total", indicators), indent=2, default=str))
    return 0


CASEWORKER_ROLES = ("housing_officer", "senior", "manager")


def portal_staff(manager: Client) -> int:
    """The portal's demo accounts that work cases, in cases' staff directory and trained today, so a
    case reported in the portal is allocated to the demo officer (cases go only to trained staff).
    Only for a file marked ``demo: true``: real staff come from the landlord's HR system."""
    import yaml

    path = Path(os.environ.get("HCS_PORTAL_ACCOUNTS") or "services/portal/demo-accounts.yaml")
    raw = yaml.safe_load((path if path.is_absolute() else ROOT / path).read_text(encoding="utf-8"))
    if not raw.get("demo"):
        print("portal-staff: not the demo accounts file; nothing done")
        return 0
    today = datetime.now(UTC).date().isoformat()
    saved = []
    for entry in raw["accounts"].values():
        if entry["role"] in CASEWORKER_ROLES:
            manager.rpc.cases.save_staff({
                "staff_id": entry["user_id"], "name": entry["name"], "role": entry["role"],
                "team": entry.get("team") or "north", "patches": ["E1"] if entry["role"] == "housing_officer" else [],
                "streams": entry.get("streams") or ["general_needs", "care_support"], "trained_on": today})
            saved.append(entry["user_id"])
    print(f"portal-staff: {', '.join(saved)} in the staff directory, trained {today}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="hcs", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["demo", "sample", "submit", "reports", "report", "case", "jobs",
                                            "job", "contractors", "indicators", "consents", "referrals",
                                            "referral", "partners", "centre-key", "portal-staff"])
    parser.add_argument("arg", nargs="?")
    args = parser.parse_args(argv)
    from hcs.errors import HcsError

    if args.command == "sample":
        print(json.dumps(sample_report(), indent=2))
        return 0
    if args.command == "centre-key":
        import hashlib
        import secrets

        key = secrets.token_urlsafe(32)
        print(f"key     {key}\nsha256  {hashlib.sha256(key.encode()).hexdigest()}")
        return 0

    client = Client()
    try:
        if args.command == "portal-staff":
            manager = Client("manager")
            try:
                return portal_staff(manager)
            finally:
                manager.close()
        if args.command == "demo":
            manager = Client("manager")
            try:
                return demo(client, manager)
            finally:
                manager.close()
        if args.command == "submit":
            result = client.rpc.intake.submit_report(json.loads(Path(args.arg).read_text()))
        elif args.command == "reports":
            result = client.rpc.intake.list_reports({"page_size": 20})
        elif args.command == "report":
            result = client.rpc.intake.get_report(args.arg)
        elif args.command == "case":
            result = client.rpc.cases.get_case(args.arg)
        elif args.command == "jobs":
            result = client.rpc.repairs.list_jobs(args.arg)
        elif args.command == "job":
            result = client.rpc.repairs.get_job(args.arg)
        elif args.command == "contractors":
            result = client.rpc.repairs.contractor_directory()
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
