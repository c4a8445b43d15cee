"""The access matrix against the running system (issue 8): each role, with its team and stream claims
varied, against each RPC that takes a case's record, for four records: a case of team north in
General Needs (officer A's), a case of team south, a Care & Support case of team north, and an
unallocated case of team north waiting in the team queue. The victim's report holds special category
values (perceived race, religion, sexual orientation and disability; a vulnerability; notes) and the
north case the victim's stated ethnic origin (POL-3).

The expected outcomes are the tables below (``docs/access.md`` says why). A refusal must be
``Forbidden`` and leave nothing written; a grant must answer. A leak is a grant the table refuses, a
refusal the table grants is a failure too, and so is a special category value shown to a role that
does not need it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest

from hcs.errors import Forbidden, NotFound
from hcs.testing.plugin import wait_for
from tests.attack.figures import Tally

pytestmark = pytest.mark.broker

GN, CS = "general_needs", "care_support"
BOTH = (GN, CS)
RECORDS = ("north", "south", "care", "queue")
MARK = "SCMARK"  # every special category value of the victim's report carries it
ETHNIC = f"{MARK}-ethnic-origin"


@dataclass(frozen=True)
class Persona:
    role: str
    team: str | None
    streams: tuple[str, ...]
    user_id: str


PERSONAS = {
    "officer_a": Persona("housing_officer", "north", BOTH, "officer-a"),  # the north cases' officer
    "officer_n": Persona("housing_officer", "north", (GN,), "officer-n"),  # same team, not the officer, GN only
    "officer_s": Persona("housing_officer", "south", BOTH, "officer-s"),  # another team (the south case's)
    "senior_n": Persona("senior", "north", BOTH, "senior-n"),
    "senior_s": Persona("senior", "south", (GN,), "senior-s"),
    "manager_gn": Persona("manager", "north", (GN,), "manager-gn"),  # every team, General Needs only
    "dpo": Persona("data_protection_officer", None, BOTH, "dpo-1"),
    "director": Persona("operations_director", None, BOTH, "director-1"),
    "board": Persona("board_member", None, BOTH, "board-1"),
    "admin": Persona("administrator", None, BOTH, "admin-1"),
    "contractor": Persona("contractor", None, BOTH, "contractor-1"),
    "partner": Persona("partner", None, BOTH, "partner-1"),
    "service": Persona("service", None, BOTH, "service:referrals"),
}

NOBODY = "- - - -"


def table(rows: dict[str, str]) -> dict[tuple[str, str], bool]:
    """``{persona: "Y N Y Y"}`` (one letter per record of ``RECORDS``) to ``{(persona, record): allowed}``;
    a persona not listed is refused everywhere."""
    out = {}
    for persona in PERSONAS:
        letters = rows.get(persona, NOBODY).split()
        assert len(letters) == len(RECORDS), persona
        out.update({(persona, record): letter == "Y" for record, letter in zip(RECORDS, letters, strict=True)})
    return out


#                          north south care queue
CASE_READ = table({
    "officer_a":           "Y     N     Y    Y",
    "officer_n":           "Y     N     N    Y",
    "officer_s":           "N     Y     N    N",
    "senior_n":            "Y     N     Y    Y",
    "senior_s":            "N     Y     N    N",
    "manager_gn":          "Y     Y     N    Y",
    "dpo":                 "Y     Y     Y    Y",
})
# jobs carry no narrative and no special category value: the operations director oversees them too (POL-6)
JOB_READ = table({**{p: " ".join("Y" if CASE_READ[p, r] else "N" for r in RECORDS) for p in PERSONAS},
                  "director": "Y Y Y Y"})
# a report in a case is read as its case is: the stream's staff of the case's team, managers of the stream,
# the DPO (intake learns the team from cases' events); see docs/access.md
REPORT_READ = table({
    "officer_a":           "Y     N     Y    Y",
    "officer_n":           "Y     N     N    Y",
    "officer_s":           "N     Y     N    N",
    "senior_n":            "Y     N     Y    Y",
    "senior_s":            "N     Y     N    N",
    "manager_gn":          "Y     Y     N    Y",
    "dpo":                 "Y     Y     Y    Y",
})
# amending a report: as reading it, but the DPO changes nothing
REPORT_AMEND = table({p: " ".join("Y" if REPORT_READ[p, r] else "N" for r in RECORDS) for p in PERSONAS
                      if p != "dpo"})
SHAREABLE = table({"service": "Y Y Y Y"})
# work on a case: its officer, the team's seniors, managers of its stream; nobody on the unallocated case
# but a senior or a manager
CASE_WORK = table({
    "officer_a":           "Y     N     Y    N",
    "officer_s":           "N     Y     N    N",
    "senior_n":            "Y     N     Y    Y",
    "senior_s":            "N     Y     N    N",
    "manager_gn":          "Y     Y     N    Y",
})
# a contact may be logged by any officer of the case's team (covering for a colleague)
CASE_CONTACT = table({
    "officer_a":           "Y     N     Y    Y",
    "officer_n":           "Y     N     N    Y",
    "officer_s":           "N     Y     N    N",
    "senior_n":            "Y     N     Y    Y",
    "senior_s":            "N     Y     N    N",
    "manager_gn":          "Y     Y     N    Y",
})
# the victim's stated ethnic origin (north case): those who may work on the case, and the DPO
PREFERENCE_SEEN = {p for p in PERSONAS if CASE_WORK[p, "north"]} | {"dpo"}
AGGREGATE_READERS = {"senior_n", "senior_s", "manager_gn", "dpo", "director", "board"}
EXPORTERS = {"dpo", "director"}


def report(stream: str, postcode: str, key: str) -> dict[str, Any]:
    body = {
        "idempotency_key": f"access-{key}-{uuid.uuid4()}", "channel": "phone", "stream": stream,
        "reporter": {"role": "victim"},
        "victims": [{"name": f"Victim {key}", "vulnerabilities": [f"{MARK}-vulnerability-wheelchair-user"],
                     "address": {"uprn": str(uuid.uuid4().int % 10**11), "postcode": postcode, "line": "Flat 2"}}],
        "incident": {"occurred_at": datetime.now(UTC).isoformat(), "location_type": "home",
                     "narrative": "Abuse shouted at the door, graffiti on it.", "types": ["graffiti", "verbal_abuse"]},
        "perception": {"strands": ["race", "religion", "sexual_orientation", "disability"], "perceived_by": "victim",
                       "notes": f"{MARK}-perception-notes"},
        "damage": {"description": "offensive graffiti", "location": "front door"},
    }
    if key == "queue":  # the victim asks for an officer of the same ethnic origin: a senior allocates (POL-3)
        body["officer_offer"] = {"offered": True, "answer": "same_ethnic_origin"}
    return body


@dataclass
class Record:
    report_id: str
    case_id: str
    job_id: str


def _case_for(client: Any, report_id: str) -> Any:
    try:
        found = client.cases.case_for_report(report_id)
    except NotFound:
        return None
    return found if found["case_id"] else None


def set_up(system: Any) -> dict[str, Record]:
    system.register_staff("officer-a", team="north", patches=("E1",))
    system.register_staff("officer-s", team="south", patches=("N1",))
    submitter = system.client("housing_officer", user_id="submitter", team="north", streams=BOTH)
    dpo = system.client("data_protection_officer", user_id="dpo-setup", team=None, streams=BOTH)
    places = {"north": (GN, "E1 6AN"), "south": (GN, "N1 5AA"), "care": (CS, "E1 6AN"), "queue": (GN, "E1 6AN")}
    reports = {name: submitter.intake.submit_report(report(stream, postcode, name))["report_id"]
               for name, (stream, postcode) in places.items()}
    records = {}
    for name, report_id in reports.items():
        case_id = wait_for(lambda r=report_id: _case_for(dpo, r), timeout=45, message=f"the {name} case")["case_id"]
        job = wait_for(lambda c=case_id: dpo.repairs.list_jobs(c), timeout=45, message=f"the {name} job")[0]
        wait_for(lambda c=case_id: _known_to_referrals(dpo, c), timeout=45, message=f"referrals to know {name}")
        records[name] = Record(report_id, case_id, job["job_id"])
    cases = {name: dpo.cases.get_case(r.case_id) for name, r in records.items()}
    assert cases["north"]["officer_id"] == "officer-a" and cases["north"]["team"] == "north"
    assert cases["south"]["officer_id"] == "officer-s" and cases["south"]["team"] == "south"
    assert cases["care"]["stream"] == CS and cases["care"]["team"] == "north"
    assert cases["queue"]["officer_id"] is None and cases["queue"]["team"] == "north"
    elsewhere = system.client("housing_officer", user_id="officer-elsewhere", team="east", streams=BOTH)
    for name, r in records.items():  # intake has learnt the case's team from cases' events
        wait_for(lambda r=r: _refused(lambda: elsewhere.intake.get_report(r.report_id)), timeout=45,
                 message=f"intake to know the {name} case's team")
    owner = system.client("housing_officer", user_id="officer-a", team="north", streams=BOTH)
    owner.cases.record_officer_preference(records["north"].case_id, {
        "preference": "same_ethnic_origin", "match": {"ethnic_origin": ETHNIC}})
    return records


def _refused(call: Callable[[], Any]) -> bool:
    try:
        call()
    except Forbidden:
        return True
    return False


def _known_to_referrals(client: Any, case_id: str) -> bool:
    try:
        client.referrals.list_referrals(case_id)
    except NotFound:
        return False
    return True


RISK = {"factors": {"victim_vulnerability": 2, "harm": 1, "repeat": 0, "threats": 1, "household_impact": 1}}
UNCHANGED = {"expected_version": 1, "reason": "access check", "changes": {
    "damage": {"description": "offensive graffiti", "location": "front door"}}}
CONTACT = {"kind": "phone", "party": "victim", "direction": "outbound", "summary": "Called to check on safety."}


def attempt(tally: Tally, what: str, expected: bool, call: Callable[[], Any],
            shown: Callable[[Any], str | None] = lambda _: None) -> Any:
    """One call against the table. ``shown`` names a special category value the answer shows and
    must not (None: nothing shown that must not be)."""
    try:
        answer = call()
    except Forbidden:
        if expected:
            raise AssertionError(f"{what}: refused, but the matrix grants it") from None
        tally.refused()
        return None
    except Exception as exc:  # anything but Forbidden on a record that exists is a fault
        tally.leak(f"{what}: {type(exc).__name__} instead of an answer or Forbidden")
        return None
    if not expected:
        tally.leak(f"{what}: allowed, the matrix refuses it")
        return answer
    bad = shown(answer)
    if bad:
        tally.leak(f"{what}: shows {bad}")
    else:
        tally.allowed()
    return answer


def marked(answer: Any) -> str | None:
    return "a special category value" if MARK in str(answer) else None


def test_each_role_against_each_record(start_system: Any) -> None:
    system = start_system()
    records = set_up(system)
    clients = {name: system.client(p.role, user_id=p.user_id, team=p.team, streams=p.streams)
               for name, p in PERSONAS.items()}
    reads, writes, special = Tally("access matrix: reads"), Tally("access matrix: writes"), Tally(
        "access matrix: special category fields")

    for name, client in clients.items():
        for record in RECORDS:
            r, at = records[record], f"{name} on the {record} case"

            def case_shows(answer: Any, name: str = name, record: str = record, at: str = at) -> str | None:
                hidden = record != "north" or name not in PREFERENCE_SEEN
                if hidden and ETHNIC in str(answer):
                    return "the victim's ethnic origin"
                if not hidden and (answer.get("preference_match") or {}).get("ethnic_origin") != ETHNIC:
                    raise AssertionError(f"{at}: the ethnic origin is not shown to a role that needs it")
                return None

            case = attempt(reads, f"cases.get_case: {at}", CASE_READ[name, record],
                           lambda r=r, c=client: c.cases.get_case(r.case_id), case_shows)
            if case is not None and CASE_READ[name, record]:
                special.tried += 1
                if (case.get("preference_match") is not None) != (record == "north" and name in PREFERENCE_SEEN):
                    special.leaked.append(f"preference_match shown={case.get('preference_match') is not None}: {at}")
                if MARK in str({k: v for k, v in case.items() if k != "preference_match"}):
                    special.leaked.append(f"the report's special category text copied into the case: {at}")
            attempt(reads, f"cases.case_for_report: {at}", CASE_READ[name, record],
                    lambda r=r, c=client: c.cases.case_for_report(r.report_id), marked)
            attempt(reads, f"cases.shareable_case: {at}", SHAREABLE[name, record],
                    lambda r=r, c=client: c.cases.shareable_case(r.case_id), marked)
            got = attempt(reads, f"intake.get_report: {at}", REPORT_READ[name, record],
                          lambda r=r, c=client: c.intake.get_report(r.report_id))
            if got is not None and REPORT_READ[name, record]:  # staff of the stream need the report in full
                special.tried += 1
                assert MARK in str(got["details"]), f"{at}: the report's details are not shown"
            attempt(writes, f"intake.amend_report (no change): {at}", REPORT_AMEND[name, record],
                    lambda r=r, c=client: c.intake.amend_report(r.report_id, UNCHANGED))
            attempt(reads, f"repairs.get_job: {at}", JOB_READ[name, record],
                    lambda r=r, c=client: c.repairs.get_job(r.job_id), marked)
            attempt(reads, f"repairs.list_jobs: {at}", JOB_READ[name, record],
                    lambda r=r, c=client: _listed(c.repairs.list_jobs(r.case_id), r.job_id), marked)
            attempt(reads, f"referrals.list_referrals: {at}", CASE_READ[name, record],
                    lambda r=r, c=client: c.referrals.list_referrals(r.case_id), marked)
            attempt(reads, f"referrals.get_consent_record: {at}", CASE_READ[name, record],
                    lambda r=r, c=client: c.referrals.get_consent_record(r.case_id), marked)

            attempt(writes, f"cases.assess_risk: {at}", CASE_WORK[name, record],
                    lambda r=r, c=client: c.cases.assess_risk(r.case_id, RISK))
            attempt(writes, f"cases.record_contact: {at}", CASE_CONTACT[name, record],
                    lambda r=r, c=client: c.cases.record_contact(r.case_id, CONTACT))

        _report_listing(reads, name, client, records)
        aggregates = (lambda c=client: c.reporting.get_indicators(),
                      lambda c=client: c.reporting.get_hot_spots(period=_quarter()))
        for rpc, call in zip(("get_indicators", "get_hot_spots"), aggregates, strict=True):
            attempt(reads, f"reporting.{rpc}: {name}", name in AGGREGATE_READERS, call,
                    lambda answer: marked(answer) or _names_a_record(answer, records))
        attempt(reads, f"reporting.export_incidents: {name}", name in EXPORTERS,
                lambda c=client: c.reporting.export_incidents(period=_quarter(), format="json"),
                lambda answer: marked(answer) or _names_a_record(answer, records))

    _nothing_written_on_refusal(clients["dpo"], records)
    for tally in (reads, writes, special):
        tally.check()


def _report_listing(tally: Tally, name: str, client: Any, records: dict[str, Record]) -> None:
    """``list_reports`` (every page): a report the table refuses is left out, one it grants is listed."""
    seen: set[str] = set()
    cursor = None
    try:
        while True:
            page = client.intake.list_reports({"page_size": 2, **({"cursor": cursor} if cursor else {})})
            seen |= {row["report_id"] for row in page["reports"]}
            if not (cursor := page["next_cursor"]):
                break
    except Forbidden:
        if any(REPORT_READ[name, record] for record in RECORDS):
            raise AssertionError(f"intake.list_reports: {name} refused, but the matrix grants reports") from None
        tally.refused()
        return
    for record, r in records.items():
        listed, expected = r.report_id in seen, REPORT_READ[name, record]
        if listed and not expected:
            tally.leak(f"intake.list_reports: {name} is shown the {record} case's report")
        elif expected and not listed:
            raise AssertionError(f"intake.list_reports: {name} is not shown the {record} case's report")
        else:
            tally.allowed() if expected else tally.refused()


def _listed(jobs: list[dict[str, Any]], job_id: str) -> list[dict[str, Any]]:
    """``list_jobs`` answers a refusal by a stream with Forbidden; an empty list would hide the job
    without saying so, which the matrix counts as a refusal it cannot see: a fault."""
    if job_id not in {j["job_id"] for j in jobs}:
        raise AssertionError("list_jobs answered without the case's job")
    return jobs


def _names_a_record(answer: Any, records: dict[str, Record]) -> str | None:
    text = str(answer)
    named = [f"{n}'s {kind}" for n, r in records.items() for kind, value in
             (("report id", r.report_id), ("case id", r.case_id), ("job id", r.job_id)) if value in text]
    return f"record identifiers in aggregates ({', '.join(named)})" if named else None


def _nothing_written_on_refusal(dpo: Any, records: dict[str, Record]) -> None:
    """Each granted write added one record; a refused one added none."""
    for record, r in records.items():
        case = dpo.cases.get_case(r.case_id)
        assessments = [a for a in case["risk_assessments"] if not a["provisional"]]
        assert len(assessments) == sum(CASE_WORK[p, record] for p in PERSONAS), f"risk assessments on {record}"
        contacts = [c for c in case["contacts"] if c["summary"] == CONTACT["summary"]]
        assert len(contacts) == sum(CASE_CONTACT[p, record] for p in PERSONAS), f"contacts on {record}"
        assert dpo.intake.get_report(r.report_id)["version"] == 1, f"the {record} report was amended"


def _quarter() -> str:
    now = datetime.now(UTC)
    start = now.year if now.month >= 4 else now.year - 1
    return f"{start}-{(start + 1) % 100:02d}-Q{(now.month - 4) % 12 // 3 + 1}"
