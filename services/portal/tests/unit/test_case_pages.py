"""The pages that work on a case: what each sends, and how each shows the services' answers and
refusals beside the fields (fake ports answering as the services do; their shapes are held to the
services' by test_contracts.py)."""

from __future__ import annotations

FACTORS = ("victim_vulnerability", "harm", "repeat", "threats", "household_impact")


def sent(fakes, name):
    return [payload for method, payload in fakes.sent if method == name]


def test_a_risk_assessment_sends_each_factor_as_a_score_and_says_the_level(browser, fakes):
    """The five-factor matrix (issue 4), re-run with the victim (POL-3)."""
    browser.sign_in("officer")
    form = browser.get("/cases/C-1/risk").get_data(as_text=True)
    assert 'name="factors.harm" value="2" checked' in form  # the last assessment's scores, to start from
    response = browser.post("/cases/C-1/risk", {"idempotency_key": "portal-risk-0001", "notes": "Scared",
                                                **{f"factors.{f}": "3" for f in FACTORS}})
    assert response.status_code == 303
    assert sent(fakes, "assess_risk")[-1] == {"idempotency_key": "portal-risk-0001", "notes": "Scared",
                                              "factors": dict.fromkeys(FACTORS, 3)}
    assert "Risk assessed: medium (score 31)." in browser.get("/cases/C-1").get_data(as_text=True)


def test_a_risk_factor_left_out_is_named_beside_its_own_choices(browser, fakes):
    browser.sign_in("officer")
    browser.get("/cases/C-1/risk")
    response = browser.post("/cases/C-1/risk", {"factors.harm": "2"})
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert '<a href="#f-factors-threats">Threats: Score each factor 0, 1, 2 or 3.</a>' in body
    assert 'id="f-factors-threats-error"' in body and 'value="2" checked' in body  # what was chosen is kept


def test_removing_a_strand_asks_for_a_seniors_approval_and_keeps_the_original(browser, fakes):
    """POL-2: a hate flag or strand is never removed without a rationale and a senior's approval."""
    browser.sign_in("officer")
    form = browser.get("/cases/C-1/classification").get_data(as_text=True)
    assert 'name="strands" value="race" checked' in form and "Originally perceived: race, by the victim" in form
    missing = browser.post("/cases/C-1/classification", {"hate_incident": "no"})
    assert missing.status_code == 422 and "Why (the rationale the senior reads): Missing data" in missing.get_data(
        as_text=True)
    done = browser.post("/cases/C-1/classification", {"hate_incident": "no", "asb_category": "personal",
                                                      "rationale": "Victim says it was a dispute over parking"})
    assert done.status_code == 303
    assert sent(fakes, "propose_classification")[-1]["strands"] == []
    assert "needs a senior&#39;s approval" in browser.get("/cases/C-1").get_data(as_text=True)


def test_a_victims_request_for_an_officer_and_its_allocation(browser, fakes):
    """POL-3: the offer and answer recorded; allocation to an untrained officer refused at the top."""
    browser.sign_in("officer")
    browser.get("/cases/C-1/preference")
    assert browser.post("/cases/C-1/preference", {"preference": "same_sex", "match.sex": "female"}).status_code == 303
    assert sent(fakes, "record_officer_preference")[-1] == {"preference": "same_sex", "match": {"sex": "female"}}
    browser.sign_in("senior")
    form = browser.get("/cases/C-1/allocation").get_data(as_text=True)
    assert '<option value="o-north">Olu Officer (housing officer, north team)</option>' in form
    refused = browser.post("/cases/C-1/allocation", {"officer_id": "untrained"})
    assert refused.status_code == 409 and "not trained in the harassment policy" in refused.get_data(as_text=True)
    assert browser.post("/cases/C-1/allocation", {}).status_code == 303  # chosen by cases: trained, same patch
    assert sent(fakes, "allocate_case")[-1] == {}


def test_a_review_sends_the_re_run_matrix_and_a_manager_records_a_senior_manager_review(browser, fakes):
    """POL-8: officer-senior reviews re-run the risk matrix; senior-manager summaries need not."""
    browser.sign_in("manager")
    form = browser.get("/cases/C-1/reviews/new").get_data(as_text=True)
    assert 'name="kind" value="senior_manager" checked' in form
    response = browser.post("/cases/C-1/reviews/new", {"kind": "senior_manager", "notes": "Discussed"})
    assert response.status_code == 303
    assert sent(fakes, "record_review")[-1] == {"kind": "senior_manager", "notes": "Discussed"}
    browser.post("/cases/C-1/reviews/new", {"kind": "officer_senior", "notes": "Risk up",
                                            **{f"factors.{f}": "1" for f in FACTORS}})
    assert sent(fakes, "record_review")[-1]["factors"] == dict.fromkeys(FACTORS, 1)


def test_the_action_plan_links_and_finishing_an_action(browser, fakes):
    browser.sign_in("officer")
    page = browser.get("/cases/C-1").get_data(as_text=True)
    assert 'href="/cases/C-1/actions/A-1/complete"' in page and 'href="/cases/C-1/actions/A-1/agreement"' in page
    browser.get("/cases/C-1/actions/A-1/cancel")
    missing = browser.post("/cases/C-1/actions/A-1/cancel", {})
    assert missing.status_code == 422 and "Why it is cancelled: Missing data" in missing.get_data(as_text=True)
    assert browser.post("/cases/C-1/actions/A-1/complete", {"note": "Removed"}).status_code == 303
    assert sent(fakes, "complete_action")[-1] == {"note": "Removed"}


def test_an_illegal_step_of_a_perpetrator_action_is_shown_above_the_form(browser, fakes):
    browser.sign_in("officer")
    browser.get("/cases/C-1/perpetrator-actions/PA-1/progress")
    response = browser.post("/cases/C-1/perpetrator-actions/PA-1/progress", {"status": "granted"})
    body = response.get_data(as_text=True)
    assert response.status_code == 409 and "cannot go from proposed to granted" in body
    assert 'value="granted" checked' in body


def test_closure_asks_for_every_check_and_the_survey_records_a_tp12_answer_or_a_refusal(browser, fakes):
    browser.sign_in("officer")
    browser.get("/cases/C-1/closure")
    unchecked = browser.post("/cases/C-1/closure", {"outcome": "resolved", "note": "Done",
                                                    "checklist.actions_ended": "yes"})
    assert unchecked.status_code == 422
    assert sent(fakes, "request_closure")[-1]["checklist"] == {"victim_told": False, "actions_ended": True,
                                                                "referrals_closed": False}
    closed = browser.get("/cases/C-closed").get_data(as_text=True)
    assert 'href="/cases/C-closed/survey"' in closed and "Ask to close" not in closed
    browser.get("/cases/C-closed/survey")
    assert browser.post("/cases/C-closed/survey", {}).status_code == 422
    assert browser.post("/cases/C-closed/survey", {"tp12": "very_satisfied", "declined": "yes"}).status_code == 303
    assert sent(fakes, "record_survey_answers")[-1] == {"declined": True}  # declining leaves no answer


def test_approvals_need_a_note_to_send_back_and_an_asker_may_withdraw(browser, fakes):
    browser.sign_in("senior")
    page = browser.get("/supervision").get_data(as_text=True)
    assert "Closure of case" in page and "decided by a manager or senior" in page
    back = browser.post("/approvals/AP-1", {"decision": "reject"})
    assert back.status_code == 422 and 'id="e-AP-1"' in back.get_data(as_text=True)
    assert "Say why the request is rejected." in back.get_data(as_text=True)
    browser.sign_in("officer")
    browser.get("/cases/C-1")
    assert browser.post("/cases/C-1/approvals/AP-1/withdraw", {}).status_code == 303
    assert ("withdraw_approval", "AP-1") in fakes.sent


def test_a_work_item_is_resolved_with_a_note(browser, fakes):
    browser.sign_in("officer")
    assert 'href="/cases/C-1/work-items/W-1/resolve"' in browser.get("/cases/C-1").get_data(as_text=True)
    browser.get("/cases/C-1/work-items/W-1/resolve")
    assert browser.post("/cases/C-1/work-items/W-1/resolve", {}).status_code == 422
    assert browser.post("/cases/C-1/work-items/W-1/resolve", {"note": "Offered"}).status_code == 303


def test_a_data_protection_officer_reads_a_case_but_is_offered_no_work_on_it(browser):
    browser.sign_in("dpo")
    page = browser.get("/cases/C-1").get_data(as_text=True)
    assert "Action plan" in page and "Log a contact" not in page and "record it" not in page
    assert "Withdraw consent" not in page and "resolve" not in page
