"""What of a repair job a subject access request discloses (``repairs.domain.disclosure``)."""

from repairs.domain.disclosure import STAFF, disclose_job

JOB = {"job_id": "j-1", "address": {"uprn": "100023336956"}, "access_notes": "Key at number 12",
       "contractor": "reference", "messages": [{"kind": "offer"}], "deliveries": [{"status_code": 200}],
       "updates": [{"channel": "contractor:reference", "actor": "contractor:reference", "kind": "completed",
                    "notes": "Tenant uses a wheelchair"},
                   {"channel": "staff", "actor": "officer-7", "kind": "accepted", "notes": None}]}


def test_the_job_without_the_mechanics_of_sending_it_and_staff_by_role():
    shown = disclose_job(JOB)
    assert "messages" not in shown.content and "deliveries" not in shown.content
    assert [u["actor"] for u in shown.content["updates"]] == ["contractor:reference", STAFF]
    assert shown.content["access_notes"] == "Key at number 12" and shown.content["contractor"] == "reference"
    assert shown.review == ["job j-1: notes of the completed update", "job j-1: access notes"]
