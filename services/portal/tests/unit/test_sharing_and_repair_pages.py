"""Consent and referrals (POL-5), repair jobs (POL-6), the disclosure log, lists read page by page,
hot spots and packs: what the pages send and show (fake ports answering as the services do)."""

from __future__ import annotations


def sent(fakes, name):
    return [payload for method, payload in fakes.sent if method == name]


def test_the_consent_form_reads_referrals_catalogue_and_sends_what_to_keep_back(browser, fakes):
    browser.sign_in("officer")
    form = browser.get("/cases/C-1/consent").get_data(as_text=True)
    assert "special category data, needs explicit consent" in form  # the catalogue's words
    assert 'value="victim.contact"' in form and 'value="victim_support_referral"' in form
    response = browser.post("/cases/C-1/consent", {"partners": "reference-support", "how": "verbal",
                                                   "purposes": "victim_support_referral",
                                                   "data_categories": ["case", "contact"],
                                                   "withhold": "victim.contact", "expires_at": "2027-03-01T12:00"})
    assert response.status_code == 303
    [consent] = sent(fakes, "record_consent")
    assert consent["withhold"] == {"reference-support": ["victim.contact"]}
    assert consent["expires_at"] == "2027-03-01T12:00:00+00:00"


def test_withdrawing_consent_for_every_agency_or_one(browser, fakes):
    """Withdrawal is as easy as giving (POL-5): every agency unless some are chosen."""
    browser.sign_in("officer")
    form = browser.get("/cases/C-1/consent/withdraw").get_data(as_text=True)
    assert 'value="*" checked' in form and "reference-support (consent version 1" in form
    browser.post("/cases/C-1/consent/withdraw", {"partners": "*", "how": "written"})
    browser.post("/cases/C-1/consent/withdraw", {"partners": "reference-support", "how": "verbal"})
    every, one = sent(fakes, "withdraw_consent")
    assert "partners" not in every and one["partners"] == ["reference-support"]
    assert every["case_id"] == "C-1" and every["how"] == "written"


def test_a_referral_is_followed_and_revoked_with_a_reason(browser, fakes):
    browser.sign_in("officer")
    page = browser.get("/referrals/RF-1").get_data(as_text=True)
    assert "case.reference, victim.name" in page and "GREEN" in page and 'href="/referrals/RF-1/revoke"' in page
    browser.get("/referrals/RF-1/revoke")
    assert browser.post("/referrals/RF-1/revoke", {}).status_code == 422
    assert browser.post("/referrals/RF-1/revoke", {"reason": "victim_request"}).status_code == 303
    assert sent(fakes, "revoke_referral")[-1] == {"referral_id": "RF-1", "reason": "victim_request"}
    board = browser.get("/referrals").get_data(as_text=True)
    assert "<td>reference-support</td><td>0</td><td>0</td><td>1</td>" in board


def test_a_repair_job_in_full_and_what_staff_record_for_the_contractor(browser, fakes):
    browser.sign_in("officer")
    job = browser.get("/repairs/jobs/J-1").get_data(as_text=True)
    assert "The 24-hour clock" in job and "24 hours: breached" in job and 'href="/repairs/jobs/J-1/cancel"' in job
    browser.get("/repairs/jobs/J-1/update")
    no_reason = browser.post("/repairs/jobs/J-1/update", {"status": "no_access", "at": "2026-03-03T09:00"})
    assert no_reason.status_code == 422 and '<a href="#f-reason">Reason: Required.</a>' in no_reason.get_data(
        as_text=True)
    made_safe = browser.post("/repairs/jobs/J-1/update", {"status": "made_safe", "at": "2026-03-03T09:00",
                                                          "photos.0.ref": "crm://9/before.jpg",
                                                          "photos.0.stage": "before"})
    assert made_safe.status_code == 303
    assert sent(fakes, "record_contractor_update")[-1]["photos"] == [{"ref": "crm://9/before.jpg", "stage": "before"}]
    assert browser.post("/repairs/jobs/J-1/reassign", {"reason": "Not answering"}).status_code == 303
    assert sent(fakes, "reassign_job")[-1]["reason"] == "Not answering"
    assert "contractor" not in sent(fakes, "reassign_job")[-1]  # the next contractor free, chosen by repairs


def test_the_operations_director_reads_a_job_but_is_offered_nothing_to_do_to_it(browser):
    browser.sign_in("director")
    job = browser.get("/repairs/jobs/J-1").get_data(as_text=True)
    assert "The 24-hour clock" in job and "Cancel the job" not in job


def test_the_repairs_board_is_read_page_by_page(browser, fakes):
    browser.sign_in("officer")
    first = browser.get("/repairs?state=at_risk").get_data(as_text=True)
    assert 'href="/repairs?state=at_risk&amp;offset=50" rel="next"' in first and "Previous page" not in first
    second = browser.get("/repairs?state=at_risk&offset=50").get_data(as_text=True)
    assert 'href="/repairs?state=at_risk&amp;offset=0" rel="prev"' in second and "Next page" not in second
    assert ("board", ("at_risk", 50, None)) in fakes.calls
    assert browser.get("/repairs?state=nonsense&offset=-3").status_code == 200
    assert ("board", ("open", 0, None)) in fakes.calls


def test_the_disclosure_log_filters_and_pages_and_names_a_bad_date(browser, fakes):
    browser.sign_in("dpo")
    page = browser.get("/disclosures?partner=reference-support").get_data(as_text=True)
    assert "case.reference, victim.name" in page and "CN-1 v1, agreement v1" in page
    assert 'href="/disclosures?partner=reference-support&amp;after=1"' in page
    assert ("disclosures", ({"partner": "reference-support", "case_id": "", "referral_id": ""}, 0)) in fakes.calls
    bad = browser.get("/disclosures?since=yesterday")
    assert bad.status_code == 422 and '<a href="#f-since">Since: A date such as 2026-04-01.</a>' in bad.get_data(
        as_text=True)


def test_reports_are_read_page_by_page_with_filters_kept(browser, fakes):
    browser.sign_in("officer")
    page = browser.get("/reports?stream=general_needs&triage=hate_incident").get_data(as_text=True)
    assert 'href="/reports/R-1"' in page and "cursor=page-2" in page and "stream=general_needs" in page
    filters, cursor = fakes.calls[-1][1]
    assert filters["stream"] == "general_needs" and filters["triage"] == "hate_incident" and cursor is None
    assert 'href="/reports/R-2"' in browser.get("/reports?cursor=page-2").get_data(as_text=True)


def test_hot_spots_draw_a_tile_map_with_a_text_alternative_and_the_table(browser, fakes):
    browser.sign_in("senior")
    page = browser.get("/hot-spots?period=2026-27-Q1&level=cluster&incidents=racist").get_data(as_text=True)
    assert '<svg class="chart tile-map" role="img"' in page and '<desc id="map-d">E1 6: 3; E2 7: 1</desc>' in page
    assert ("hot_spots", ("2026-27-Q1", None, "cluster", "racist")) in fakes.calls
    board_only = browser.get("/hot-spots?period=all").get_data(as_text=True)
    assert "Hot spots compare one period with the one before." in board_only


def test_a_board_member_asking_for_clusters_is_shown_sectors(browser, fakes):
    from hcs.errors import Forbidden

    original = fakes.reporting.hot_spots

    def sectors_only(period, stream=None, level="sector", incidents="all"):
        if level == "cluster":
            raise Forbidden("board members see postcode sectors only")
        return original(period, stream, level, incidents)

    fakes.reporting.hot_spots = sectors_only  # type: ignore[method-assign]
    browser.sign_in("board")
    response = browser.get("/hot-spots?level=cluster")
    assert response.status_code == 422 and "board members see postcode sectors only" in response.get_data(as_text=True)


def test_a_pack_for_the_wrong_kind_of_period_is_named_beside_the_period(browser, fakes):
    browser.sign_in("manager")
    browser.get("/packs")
    response = browser.post("/packs", {"kind": "quarterly", "period": "2026-27"})
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and 'id="f-period-error"' in body and "such as 2026-27-Q1" in body
    assert 'value="2026-27"' in body


def test_the_anonymised_export_is_made_and_downloaded_by_exporters_only(browser, fakes):
    browser.sign_in("director")
    assert "Anonymised incident export" in browser.get("/packs").get_data(as_text=True)
    made = browser.post("/packs/export", {"period": "2026-27-Q1", "format": "json"})
    assert made.status_code == 303 and made.headers["Location"].startswith("/packs/files/")
    assert ("export_incidents", ("2026-27-Q1", "json")) in fakes.calls
    browser.sign_in("manager")
    assert "Anonymised incident export" not in browser.get("/packs").get_data(as_text=True)
    assert browser.post("/packs/export", {"period": "2026-27-Q1"}).status_code == 403


def test_the_indicators_page_shows_reportings_own_figures_and_names_a_bad_period(browser, fakes):
    browser.sign_in("senior")
    page = browser.get("/indicators?period=2026-27-Q1").get_data(as_text=True)
    assert '<td class="total">50.0% (1 of 2)</td>' in page and "<td>&lt;5</td>" in page
    bad = browser.get("/indicators?period=2099-00")
    assert bad.status_code == 422 and "No such year." in bad.get_data(as_text=True)
