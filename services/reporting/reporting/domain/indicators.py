"""The performance indicators, each defined once (POL-7, POL-9; code of practice 1.3.6).

Each definition is the sentence printed beside the figure in every pack and returned with it by
every query. The conditions below are the whole of what each figure counts.
"""

from __future__ import annotations

from collections.abc import Callable

from hcs.contracts.common import CASE_OUTCOMES, HATE_STRANDS, PARTNER_KINDS, REMEDIES, TP12_ANSWERS
from hcs.contracts.referrals import REFUSAL_REASONS
from reporting.domain.classify import STRAND_BITS, THIRD_PARTY_CHANNELS
from reporting.domain.figures import Indicator, PerThousandHomes, Row, Share, Tally
from reporting.domain.measures import (
    Before,
    Condition,
    Count,
    HasBits,
    Is,
    Not,
    OneOf,
    Present,
    either,
    every,
)
from reporting.domain.words import label

Counter = Callable[..., Count]
LIVE = Is("void", False)  # a report withdrawn as made in error or a duplicate never counts
LACK_OF_CONSENT = ("no_consent", "consent_withdrawn", "consent_expired", "purpose_not_covered", "data_not_covered")
LOCAL_STRANDS = ("sex_gender", "age", "other")


def _counter(table: str, when: str, *always: Condition) -> Counter:
    """Counts of one table's rows placed in a period by ``when``, narrowed by conditions."""
    def make(*where: Condition) -> Count:
        return Count(table, when, every(*always, *where))
    return make


reports = _counter("incidents", "received_at", LIVE)
opened = _counter("cases", "opened_at")
closed = _counter("cases", "closed_at")
flagged = _counter("cases", "trigger_at")
surveys = _counter("surveys", "answered_at")
actions = _counter("actions", "recorded_at")
jobs = _counter("jobs", "created_at")
referrals = _counter("referrals", "requested_at")
refusals = _counter("refusals", "refused_at")
reviews = _counter("reviews", "reviewed_at")
overdue_notices = _counter("review_alerts", "noticed_at")
remedies = _counter("remedies", "first_recorded_at")

HATE = Is("hate", True)
HATE_CASE = Is("hate_at_opening", True)
CONTACT_MET = Is("first_contact_within", True)
CONTACT_MISSED = either(Is("first_contact_within", False),
                        every(Is("first_contact_at", None), Before("first_contact_due_at")))
CONTACT_PENDING = every(Is("first_contact_at", None), Present("first_contact_due_at"),
                        Not(Before("first_contact_due_at")))
REPAIR_MET = either(Is("made_safe_within", True), Is("completed_within", True))
REPAIR_MISSED = every(Not(REPAIR_MET), Is("cancelled_at", None),
                      either(Present("breached_at"), Is("made_safe_within", False),
                             Is("completed_within", False), Before("target_at")))
SATISFIED = OneOf("tp12", ("very_satisfied", "fairly_satisfied"))
AGREED = OneOf("agreement", ("agreed", "victim_own_wish"))


def _strand(strand: str) -> Condition:
    return HasBits("strand_mask", STRAND_BITS[strand])


def _parts(counter: Counter, column: str, values: tuple[str, ...], parent: str) -> tuple[Row, ...]:
    """One row per value of ``column``: together they make up the row ``parent``."""
    return tuple(Row(f"{parent}.{v}", label(v), Tally(counter(Is(column, v))), part_of=parent) for v in values)


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "reports_received", "Reports received",
        "Reports of harassment received through any channel, whatever their triage, counted on the day received; "
        "a report withdrawn as made in error or as a duplicate is not counted (POL-1, POL-7).",
        "POL-7; code 1.3.1-1.3.3",
        (Row("reports_received", "Reports received", Tally(reports())),
         Row("third_party", "through third-party reporting centres or partner agencies",
             Tally(reports(OneOf("channel", THIRD_PARTY_CHANNELS)))))),
    Indicator(
        "racist_incidents", "Racist incidents reported",
        "Reports of incidents perceived to be racist by the victim or any other person (Macpherson), whatever "
        "the later finding (POL-2; Home Office code).", "POL-2, POL-7; code 1.1.1, 1.3.3",
        (Row("racist_incidents", "Racist incidents reported", Tally(reports(Is("racist", True)))),)),
    Indicator(
        "hate_incidents", "Hate incidents by strand",
        "Reports perceived to be motivated by hostility or prejudice on the regulator's five monitored strands "
        "(disability, race, religion, sexual orientation, transgender identity); a report with two strands counts "
        "once in the total and under each strand. Strands recorded locally are shown beside them (POL-2).",
        "POL-2, POL-7",
        (Row("hate_incidents", "Hate incidents", Tally(reports(HATE))),
         *(Row(f"strand.{s}", label(s), Tally(reports(HATE, _strand(s)))) for s in HATE_STRANDS),
         Row("strand.not_recorded", "strand not recorded", Tally(reports(HATE, Is("strand_mask", 0)))),
         *(Row(f"strand.{s}", f"{label(s)} (recorded locally)", Tally(reports(_strand(s)))) for s in LOCAL_STRANDS))),
    Indicator(
        "cases_opened", "Cases opened",
        "Harassment and ASB cases opened; a further report about the same parties while a case is open is "
        "linked to it, not counted as a new case.", "POL-7",
        (Row("cases_opened", "Cases opened", Tally(opened())),
         Row("hate_cases_opened", "of which involving hate incidents", Tally(opened(HATE_CASE))))),
    Indicator(
        "cases_closed", "Cases closed", "Cases closed, with a manager's approval, on the day closed.", "POL-7",
        (Row("cases_closed", "Cases closed", Tally(closed())),)),
    Indicator(
        "nm01_1", "NM01(1) ASB cases per 1,000 homes",
        "Regulator's NM01(1): cases opened in the period per 1,000 homes owned (homes as configured for each "
        "stream); hate cases count here too. Not annualised for a quarter or half-year.", "TSM NM01",
        (Row("nm01_1", "Cases opened per 1,000 homes", PerThousandHomes(opened())),)),
    Indicator(
        "nm01_2", "NM01(2) hate cases per 1,000 homes",
        "Regulator's NM01(2): cases opened in the period that involve hate incidents (as perceived when opened, "
        "POL-2) per 1,000 homes owned. Not annualised for a quarter or half-year.", "TSM NM01",
        (Row("nm01_2", "Hate cases opened per 1,000 homes", PerThousandHomes(opened(HATE_CASE))),)),
    Indicator(
        "tp12", "TP12 satisfaction with the approach to ASB",
        "Regulator's TP12: survey answers very or fairly satisfied with the landlord's approach to handling ASB, "
        "out of all answers given in the period, with 'don't know / not applicable' left out of the base.",
        "TSM TP12; code 1.4.7",
        (Row("tp12", "Satisfied", Share(surveys(SATISFIED), surveys(Not(Is("tp12", "dont_know"))))),
         Row("answers", "Survey answers (all)", Tally(surveys())),
         *_parts(surveys, "tp12", TP12_ANSWERS, "answers"))),
    Indicator(
        "first_contact", "First contact within target",
        "Of the cases opened in the period, the share whose victim was first contacted within the target time; a "
        "case not contacted once its target has passed counts as missed, one still within its target is left out "
        "of the base (POL-3).", "POL-3",
        (Row("first_contact", "Contacted within target",
             Share(opened(CONTACT_MET), opened(either(CONTACT_MET, CONTACT_MISSED)))),
         Row("missed", "contacted late, or not yet contacted after the target", Tally(opened(CONTACT_MISSED))),
         Row("not_yet_due", "not yet contacted, target not yet passed", Tally(opened(CONTACT_PENDING))))),
    Indicator(
        "actions_agreed", "Actions agreed with the victim",
        "Support actions recorded in the period that were discussed and agreed with the victim (or taken at the "
        "victim's own wish), out of all support actions recorded (POL-3).", "POL-3",
        (Row("actions_agreed", "Agreed with the victim", Share(actions(AGREED), actions())),
         Row("declined", "declined by the victim", Tally(actions(Is("agreement", "declined")))))),
    Indicator(
        "repairs_24h", "Repairs made safe or completed within 24 hours",
        "Of the harassment repair jobs raised in the period, the share made safe or completed within 24 hours of "
        "the report; a job not done once its 24 hours have passed counts as missed, one still within them is left "
        "out of the base, and a cancelled job that was never done is left out (POL-6).", "POL-6",
        (Row("repairs_24h", "Made safe or completed within 24 hours",
             Share(jobs(REPAIR_MET), jobs(either(REPAIR_MET, REPAIR_MISSED)))),
         Row("jobs_raised", "jobs raised", Tally(jobs())),
         Row("made_safe_within", "made safe within 24 hours", Tally(jobs(Is("made_safe_within", True)))),
         Row("completed_within", "completed within 24 hours", Tally(jobs(Is("completed_within", True)))),
         Row("missed", "24 hours missed", Tally(jobs(REPAIR_MISSED))),
         Row("cancelled", "cancelled", Tally(jobs(Present("cancelled_at")))))),
    Indicator(
        "referrals", "Referrals to partner agencies",
        "Referrals to partner agencies requested in the period with the victim's consent, by kind of partner; "
        "accepted and rejected as the partner answered (POL-5).", "POL-5; code 1.1.3, 1.4.1",
        (Row("referrals", "Referrals requested", Tally(referrals())),
         Row("accepted", "accepted by the partner", Share(referrals(Present("accepted_at")), referrals())),
         Row("rejected", "rejected by the partner", Tally(referrals(Present("rejected_at")))),
         *_parts(referrals, "partner_kind", PARTNER_KINDS, "referrals"),
         Row("referrals.not_stated", "kind of partner not stated", Tally(referrals(Is("partner_kind", None))),
             part_of="referrals"))),
    Indicator(
        "referrals_refused", "Referrals refused for lack of consent",
        "Referral attempts the consent gate refused because no valid consent of the victim covered the partner, "
        "purpose or data; every refusal counts (POL-5).", "POL-5; code 1.3.3",
        (Row("refused_no_consent", "Refused for lack of consent", Tally(refusals(OneOf("reason", LACK_OF_CONSENT)))),
         Row("refusals", "All refusals", Tally(refusals())),
         *_parts(refusals, "reason", REFUSAL_REASONS, "refusals"))),
    Indicator(
        "reviews_on_time", "Case reviews on time",
        "Case reviews at supervision (Officer with Senior, Senior with Manager) held in the period by their due "
        "date, out of all reviews held; reviews found overdue are counted beside them (POL-8).", "POL-8",
        (Row("reviews_on_time", "Reviews held on time", Share(reviews(Is("on_time", True)), reviews())),
         Row("overdue", "reviews found overdue", Tally(overdue_notices())))),
    Indicator(
        "community_trigger", "Community Trigger cases",
        "Cases that crossed the Community Trigger (ASB case review) threshold in the period, each counted once.",
        "ASB, Crime and Policing Act 2014 s.104",
        (Row("community_trigger", "Cases flagged", Tally(flagged())),)),
    Indicator(
        "outcomes", "Case outcomes", "Cases closed in the period, by the outcome recorded at closure.",
        "POL-4, POL-9",
        (Row("closed", "Cases closed", Tally(closed())), *_parts(closed, "outcome", CASE_OUTCOMES, "closed"))),
    Indicator(
        "victim_satisfaction", "Victim satisfaction",
        "Of the victims surveyed in the period who answered each question, the share who felt kept informed and "
        "the share who feel safer (code 1.4.7).", "code 1.4.7",
        (Row("kept_informed", "Felt kept informed",
             Share(surveys(Is("kept_informed", True)), surveys(Present("kept_informed")))),
         Row("feels_safer", "Feel safer", Share(surveys(Is("feels_safer", True)), surveys(Present("feels_safer")))))),
    Indicator(
        "remedies", "Action against perpetrators",
        "Actions against perpetrators first recorded in the period, by remedy (POL-4).", "POL-4; code 1.5.1",
        (Row("remedies", "Actions recorded", Tally(remedies())), *_parts(remedies, "remedy", REMEDIES, "remedies"))),
)

BY_KEY = {i.key: i for i in INDICATORS}
