"""How a subject access request finds a person in a report (``intake.domain.people``) and what of
the report it discloses to them (``intake.domain.disclosure``; DPA 2018 sch. 2 paras 2 and 16)."""

from __future__ import annotations

import json

from intake.domain.disclosure import NAME_WITHHELD, Match, disclose_details, disclose_report, redact_text
from intake.domain.people import (
    PERPETRATOR,
    REPORTER,
    VICTIM,
    WITNESS,
    contact_keys,
    name_key,
    normalise_contacts,
    normalise_name,
    people_of,
    subject_keys,
)

SECRET = b"s" * 32
HOME = {"uprn": "100023336956", "postcode": "E1 6AN", "line": "Flat 2, 10 Example Street"}
NEXT_DOOR = {"uprn": "100023336957", "postcode": "E1 6AN", "line": "Flat 5, 10 Example Street"}
DETAILS = {
    "channel": "phone", "stream": "general_needs", "anonymous": False,
    "reporter": {"role": "third_party", "name": "Rita Reporter", "organisation": "Tenants' Association",
                 "contact": "rita@example.org"},
    "victims": [{"name": "Amina Begum", "contact": "07700 900123", "address": HOME},
                {"name": "Omar Begum", "contact": "07700 900999", "address": HOME}],
    "household": {"address": HOME, "notes": "Omar Begum is 9."},
    "incident": {"occurred_at": "2026-11-20T21:30:00+00:00", "location_type": "home", "types": ["graffiti"],
                 "place": "front door", "address": HOME,
                 "narrative": "Gary Black sprayed graffiti. Wendy saw it; call her on 07700 900555. Amina cried."},
    "perception": {"strands": ["race"], "perceived_by": "victim", "notes": "Gary shouted at Amina."},
    "perpetrators": [{"known": True, "name": "Gary Black", "description": "red van", "address": NEXT_DOOR,
                      "relationship": "neighbour"}],
    "witnesses": [{"name": "Wendy White", "contact": "wendy@example.org", "account": "I saw Gary."}],
    "police": {"informed": True, "crime_reference": "CR/1234/26"},
    "damage": {"description": "graffiti", "location": "front door"},
}


def test_names_and_contacts_are_compared_as_people_write_them():
    assert normalise_name("Dr  Amélie O'Brien-Smith") == normalise_name("obrien smith, amelie") == \
        "amelie obrien smith"
    assert normalise_name("Mr") is None and normalise_name("") is None
    assert normalise_contacts("07700 900123 (evenings) or +44 7700 900124; A.B@Example.org") == {
        "phone:07700900123", "phone:07700900124", "email:a.b@example.org"}
    assert contact_keys("07700900123", SECRET) == contact_keys("tel 07700 900 123", SECRET)
    assert name_key("Amina Begum", SECRET) != name_key("Amina Begum", b"another secret of 32 characters!")


def test_a_person_is_found_by_name_and_one_corroborating_detail_never_by_name_alone():
    people = {(p.role, p.position): p for p in people_of(DETAILS, SECRET)}
    assert set(people) == {(REPORTER, 0), (VICTIM, 0), (VICTIM, 1), (WITNESS, 0), (PERPETRATOR, 0)}
    by_address = subject_keys({"names": ["amina  BEGUM"], "addresses": [{"uprn": "100023336956"}]}, SECRET)
    by_phone = subject_keys({"names": ["Begum, Amina"], "contacts": ["+44 7700 900123"]}, SECRET)
    name_only = subject_keys({"names": ["Amina Begum"], "contacts": ["07000 000000"]}, SECRET)
    same_home_other_name = subject_keys({"names": ["Omar Begum"], "addresses": [HOME]}, SECRET)
    assert by_address.matches(people[(VICTIM, 0)]) and by_phone.matches(people[(VICTIM, 0)])
    assert not name_only.matches(people[(VICTIM, 0)])
    assert not same_home_other_name.matches(people[(VICTIM, 0)]) and same_home_other_name.matches(people[(VICTIM, 1)])
    perpetrator = subject_keys({"names": ["Gary Black"], "addresses": [NEXT_DOOR]}, SECRET)
    assert [k for k, p in people.items() if perpetrator.matches(p)] == [(PERPETRATOR, 0)]
    witness = subject_keys({"names": ["Wendy White"], "contacts": ["WENDY@example.org"]}, SECRET)
    assert [k for k, p in people.items() if witness.matches(p)] == [(WITNESS, 0)]


def test_free_text_loses_other_peoples_names_and_every_contact_detail():
    text = redact_text("Gary Black sprayed it; Gary's van. Mail gary@x.org or 07700 900555.", ["Gary Black"])
    assert text == f"{NAME_WITHHELD} sprayed it; {NAME_WITHHELD}'s van. Mail [contact details withheld] or " \
                   "[contact details withheld]."


def test_a_victim_sees_the_report_about_them_and_nothing_that_identifies_anyone_else():
    shown = disclose_details(DETAILS, [Match(VICTIM, 0)], "report r1 version 1")
    text = json.dumps(shown.content)
    for other in ("Gary", "Black", "red van", "Flat 5", "Wendy", "Rita", "Omar", "rita@example.org", "07700 900999",
                  "07700 900555"):
        assert other not in text, other
    assert shown.content["victims"] == [{"yours": True, **DETAILS["victims"][0]}]
    assert shown.content["perpetrators"] == [{"known": True}]
    assert shown.content["reporter"] == {"role": "third_party"}
    assert shown.content["police"]["crime_reference"] == "CR/1234/26"
    assert shown.content["incident"]["narrative"].startswith(NAME_WITHHELD)
    assert "Amina cried" in shown.content["incident"]["narrative"]  # their own name stays
    assert any("victims.1" in w for w in shown.withheld) and any("witnesses.0" in w for w in shown.withheld)
    assert {r.split(": ")[1] for r in shown.review} == {"incident.narrative", "perception.notes", "household.notes"}


def test_an_alleged_perpetrator_sees_what_was_recorded_about_them_and_not_the_account():
    shown = disclose_details(DETAILS, [Match(PERPETRATOR, 0)], "report r1 version 1")
    assert shown.content["perpetrators"] == [{"yours": True, **DETAILS["perpetrators"][0]}]
    assert shown.content["incident"] == {"occurred_at": "2026-11-20T21:30:00+00:00", "location_type": "home",
                                         "types": ["graffiti"]}
    assert not {"victims", "witnesses", "perception", "police", "household", "reporter"} & set(shown.content)
    assert any("sch. 2 para 2" in w for w in shown.withheld)
    assert "Amina" not in json.dumps(shown.content)


def test_a_witness_and_a_third_party_reporter_see_their_own_part():
    witness = disclose_details(DETAILS, [Match(WITNESS, 0)], "report r1")
    assert witness.content["witnesses"] == [{"yours": True, **DETAILS["witnesses"][0]}]
    assert "narrative" not in witness.content["incident"] and "victims" not in witness.content
    reporter = disclose_details(DETAILS, [Match(REPORTER, 0)], "report r1")
    assert reporter.content["reporter"]["name"] == "Rita Reporter"
    assert "Gary" not in reporter.content["incident"]["narrative"] and "victims" not in reporter.content


def test_a_reporter_who_is_the_victim_sees_the_victims_view_and_every_version_is_disclosed():
    details = {**DETAILS, "reporter": {"role": "victim", "name": "Amina Begum", "contact": "07700 900123"}}
    amina = subject_keys({"names": ["Amina Begum"], "addresses": [HOME]}, SECRET)
    versions = [{"version": n, "recorded_at": f"2026-11-2{n}T09:00:00+00:00", "details": d,
                 "matches": [Match(p.role, p.position) for p in people_of(d, SECRET) if amina.matches(p)]}
                for n, d in ((1, DETAILS), (2, details))]
    assert versions[0]["matches"] == [Match(VICTIM, 0)]
    assert versions[1]["matches"] == [Match(REPORTER, 0), Match(VICTIM, 0)]
    report = {"report_id": "r1", "received_at": "2026-11-20T22:00:00+00:00", "status": "received", "centre": None,
              "withdrawal": None}
    shown = disclose_report(report, versions, {"outcome": "hate_incident"})
    assert shown.content["your_roles"] == [REPORTER, VICTIM] and shown.content["triage"]["outcome"] == "hate_incident"
    assert [v["version"] for v in shown.content["versions"]] == [1, 2]
    # in version 1 the reporter was someone else: withheld from Amina; in version 2 it is Amina herself
    assert shown.content["versions"][0]["details"]["reporter"] == {"role": "third_party"}
    assert shown.content["versions"][1]["details"]["reporter"]["name"] == "Amina Begum"
    assert "Rita" not in json.dumps(shown.content)
    assert shown.content["versions"][0]["recorded_by"] == "[member of staff]"
