"""What of a case's sharing records a subject access request discloses (``referrals.domain.disclosure``;
UK GDPR art. 15(1)(c): the recipients)."""

from referrals.domain.disclosure import PERPETRATOR, STAFF, VICTIM, disclose_sharing

CONSENTS = [{"consent_id": "k-1", "partner": "police", "version": 1, "recorded_by": "officer-7"}]
REFERRALS = [{"referral_id": "f-1", "partner": "police", "requested_by": "officer-7", "outcome_note": "Seen.",
              "history": [{"status": "sent", "by": "system:referrals"}]}]
DISCLOSURES = [{"partner": "police", "purpose": "police_report", "disclosed_at": "2026-11-22T10:00:00+00:00",
                "fields_sent": ["case.reference", "perpetrator.name", "victim.name"], "requested_by": "officer-7"},
               {"partner": "victim-support", "purpose": "support", "disclosed_at": "2026-11-23T10:00:00+00:00",
                "fields_sent": ["victim.name"], "requested_by": "officer-7"}]


def test_the_victim_gets_their_consents_referrals_and_every_recipient():
    shown = disclose_sharing("c-1", {VICTIM}, CONSENTS, REFERRALS, DISCLOSURES)
    assert [d["partner"] for d in shown.content["disclosures"]] == ["police", "victim-support"]
    assert shown.content["consents"][0]["recorded_by"] == STAFF
    assert shown.content["referrals"][0]["history"][0]["by"] == STAFF
    assert shown.review == ["case c-1: referral f-1 outcome note"]


def test_an_alleged_perpetrator_learns_who_received_data_about_them_and_nothing_of_the_victim():
    shown = disclose_sharing("c-1", {PERPETRATOR}, CONSENTS, REFERRALS, DISCLOSURES)
    assert shown.content["disclosures_about_you"] == [{"partner": "police", "purpose": "police_report",
                                                       "disclosed_at": "2026-11-22T10:00:00+00:00",
                                                       "fields_sent": ["perpetrator.name"]}]
    assert "consents" not in shown.content and "referrals" not in shown.content
    assert any("sch. 2 para 2" in r for r in shown.review) and shown.withheld
