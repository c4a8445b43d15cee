"""The report form becomes intake's payload, and every field error the service returns is shown next
to its field and in the summary linked to it (WCAG 3.3.1)."""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

from portal.forms import map_errors, moment, nearest, prune
from portal.report_form import LABELS, report_payload


def form(**values):
    return MultiDict([(k.replace("__", "."), v) for k, vs in values.items()
                      for v in (vs if isinstance(vs, list) else [vs])])


def test_the_form_becomes_the_reporting_form_payload_leaving_out_what_is_blank():
    payload = report_payload(form(
        idempotency_key="portal-1234567890", channel="phone", stream="general_needs", reporter__role="victim",
        victims__0__name="Ada", victims__0__address__postcode="E1 6AN",
        victims__0__vulnerabilities="deaf\n\nuses a wheelchair",
        victims__0__interpreter_needed="no", incident__occurred_at="2026-03-02T21:30", incident__narrative="Graffiti",
        incident__types=["graffiti", "damage_to_property"], perception__strands=["race"],
        perception__perceived_by="victim", damage__description="offensive graffiti", damage__location="front door",
        perpetrators__0__known="", police__informed="", household__size="3", contact_consent="yes"))
    assert payload == {
        "idempotency_key": "portal-1234567890", "channel": "phone", "stream": "general_needs",
        "reporter": {"role": "victim"},
        "victims": [{"name": "Ada", "address": {"postcode": "E1 6AN"}, "vulnerabilities": ["deaf", "uses a wheelchair"],
                     "interpreter_needed": False}],
        "household": {"size": 3},
        "incident": {"occurred_at": "2026-03-02T21:30:00+00:00", "narrative": "Graffiti",
                     "types": ["graffiti", "damage_to_property"]},
        "perception": {"strands": ["race"], "perceived_by": "victim"},
        "damage": {"description": "offensive graffiti", "location": "front door"},
        "contact_consent": True,
    }


def test_local_times_are_sent_with_the_uk_offset_of_that_day():
    assert moment(MultiDict({"t": "2026-07-01T09:00"}), "t") == "2026-07-01T09:00:00+01:00"  # BST
    assert moment(MultiDict({"t": "yesterday"}), "t") == "yesterday"  # intake names the field


def test_a_known_perpetrator_and_the_police_are_sent_when_answered():
    payload = report_payload(form(perpetrators__0__known="yes", perpetrators__0__is_tenant="yes",
                                  perpetrators__0__description="Neighbour at 12", police__informed="yes",
                                  police__crime_reference="CR/123"))
    assert payload["perpetrators"] == [{"known": True, "description": "Neighbour at 12", "is_tenant": True}]
    assert payload["police"] == {"informed": True, "crime_reference": "CR/123"}


def test_damage_where_without_what_asks_intake_to_name_the_missing_field():
    assert report_payload(form(damage__location="front door"))["damage"] == {"location": "front door",
                                                                             "description": None}


def test_errors_land_on_the_nearest_field_the_form_has():
    labels = {"victims.0.address": "Victim's address", "victims.0.address.postcode": "Postcode", "incident": "x"}
    assert nearest("victims.0.address.postcode", labels) == "victims.0.address.postcode"
    assert nearest("victims.0.address._schema", labels) == "victims.0.address"
    assert nearest("incident.types.3", {**labels, "incident.types": "Types"}) == "incident.types"
    assert nearest("_schema", labels) == ""


def test_map_errors_builds_the_summary_with_links():
    state = map_errors({"incident.narrative": ["Missing data for required field."],
                        "victims.0.address._schema": ["Give a UPRN, a postcode or an address line."]}, LABELS)
    assert state.errors["incident.narrative"] == ["Missing data for required field."]
    assert state.errors["victims.0.address"] == ["Give a UPRN, a postcode or an address line."]
    assert ("f-incident-narrative", "What happened", "Missing data for required field.") in state.summary


def test_prune_keeps_false_and_zero():
    assert prune({"a": False, "b": 0, "c": "", "d": [], "e": {"f": None}}) == {"a": False, "b": 0}


def test_the_service_errors_are_shown_next_to_the_fields_with_the_values_kept(browser, fakes):
    browser.sign_in("officer")
    browser.get("/reports/new")
    response = browser.post("/reports", {"idempotency_key": "portal-abcdefgh", "channel": "phone",
                                         "stream": "general_needs", "reporter.role": "victim",
                                         "victims.0.name": "Ada Example",
                                         "victims.0.address.postcode": "NOT A POSTCODE"})
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert '<div class="error-summary" role="alert"' in body
    assert '<a href="#f-incident-narrative">What happened: Missing data for required field.</a>' in body
    assert '<a href="#f-victims-0-address-postcode">Postcode: Not a valid UK postcode.</a>' in body
    # the message sits inside the field, which is marked invalid and described by it
    assert ('<p class="field-error" id="f-victims-0-address-postcode-error"><span class="visually-hidden">Error:'
            '</span> Not a valid UK postcode.</p>') in body
    assert 'aria-describedby="f-victims-0-address-postcode-error" aria-invalid="true"' in body
    assert 'value="Ada Example"' in body and 'value="portal-abcdefgh"' in body  # same key: no duplicate report


def test_a_good_report_goes_to_its_receipt_with_triage_and_the_case(browser, fakes):
    browser.sign_in("officer")
    browser.get("/reports/new")
    response = browser.post("/reports", {"idempotency_key": "portal-abcdefgh", "channel": "phone",
                                         "stream": "general_needs", "reporter.role": "victim",
                                         "incident.narrative": "Racist graffiti on the door",
                                         "incident.types": "graffiti", "perception.strands": "race",
                                         "perception.perceived_by": "victim"})
    assert response.status_code == 303 and response.headers["Location"] == "/reports/R-1"
    [(_, sent)] = fakes.sent
    assert sent["perception"] == {"strands": ["race"], "perceived_by": "victim"}
    body = browser.get("/reports/R-1").get_data(as_text=True)
    assert "The report has been received." in body and "Triage: Hate incident" in body
    assert 'href="/cases/C-1"' in body


def test_a_case_form_shows_its_errors_and_a_refusal_by_the_consent_gate(browser, fakes):
    browser.sign_in("officer")
    browser.get("/cases/C-1/contacts/new")
    response = browser.post("/cases/C-1/contacts/new", {"kind": "phone"})
    assert response.status_code == 422
    assert '<a href="#f-summary">What was said or done: Missing data for required field.</a>' in response.get_data(
        as_text=True)
    browser.get("/cases/C-2/referrals/new")
    refused = browser.post("/cases/C-2/referrals/new", {"partner": "reference-support", "purpose": "support",
                                                        "data_categories": "case"})
    body = refused.get_data(as_text=True)
    assert refused.status_code == 409  # the consent gate's ConsentRefused, its reason in words (POL-5)
    assert "Not sent: The victim has not consented to sharing with this agency. Nothing was shared" in body
    assert '<a href="#form-errors">' in body and 'value="reference-support" selected' in body


def test_consent_is_sent_with_every_choice_and_the_wording_read(browser, fakes):
    browser.sign_in("officer")
    browser.get("/cases/C-1/consent")
    response = browser.post("/cases/C-1/consent", {"partners": "reference-support", "purposes": "support",
                                                   "data_categories": ["case", "contact"], "how": "verbal",
                                                   "idempotency_key": "portal-consent-1"})
    assert response.status_code == 303
    [(name, sent)] = fakes.sent
    assert name == "record_consent" and sent["case_id"] == "C-1" and sent["partners"] == ["reference-support"]
    assert sent["data_categories"] == ["case", "contact"] and sent["how"] == "verbal"
    assert sent["idempotency_key"] == "portal-consent-1"


def test_a_senior_approves_a_closure(browser, fakes):
    browser.sign_in("senior")
    assert "Closure of case" in browser.get("/supervision").get_data(as_text=True)
    missing = browser.post("/approvals/AP-1", {"note": "ok"})
    assert missing.status_code == 422 and "Must be one of: approve, reject." in missing.get_data(as_text=True)
    done = browser.post("/approvals/AP-1", {"decision": "approve", "note": "Good work"})
    assert done.status_code == 303
    assert fakes.sent[-1] == ("decide_approval", {"decision": "approve", "note": "Good work"})


def test_overdue_work_is_marked_in_words_not_only_colour(browser):
    browser.sign_in("officer")
    body = browser.get("/cases").get_data(as_text=True)
    assert '<tr class="row--overdue">' in body and '<span class="tag tag--overdue">Overdue</span>' in body


def test_a_pack_downloads_as_an_attachment(browser):
    browser.sign_in("manager")
    response = browser.get("/packs/files/0b0c0c0c-0000-4000-8000-000000000001")
    assert response.data == b"%PDF-1.7" and response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"] == 'attachment; filename="quarterly_pack.pdf"'
    assert browser.get("/packs/files/..%2F..%2Fetc").status_code == 404


def test_the_indicators_page_draws_charts_with_text_alternatives(browser):
    browser.sign_in("senior")
    body = browser.get("/indicators").get_data(as_text=True)
    assert '<svg class="chart" role="img"' in body and "<desc" in body and "Race: 2" in body
    assert 'class="heat-4"' in body  # the busiest month of the hot spot
