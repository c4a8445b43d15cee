from datetime import UTC, datetime

from cases.domain.model import Case, IncomingReport
from cases.service_layer import handlers
from hcs.testing.fakes import FakeUnitOfWork


class FakeCaseRepository:
    def __init__(self):
        self.cases: dict[str, Case] = {}
        self.reports: dict[str, tuple[str, str | None]] = {}

    def get(self, case_id):
        return self.cases.get(case_id)

    def open_cases_for(self, household_key):
        return [c for c in self.cases.values() if c.household_key == household_key and c.is_open]

    def case_for_report(self, report_id):
        return self.reports.get(report_id)

    def add(self, case):
        self.cases[case.case_id] = case

    def save(self, case):
        self.cases[case.case_id] = case

    def record_report(self, report: IncomingReport, case_id, outcome):
        self.reports[report.report_id] = (outcome, case_id)


class FakeCasesUnitOfWork(FakeUnitOfWork):
    def __init__(self):
        super().__init__()
        self.cases = FakeCaseRepository()


def data(report_id, triage="hate_incident", household="uprn:100", damage=None):
    return {"report_id": report_id, "received_at": datetime(2026, 11, 2, 21, 0, tzinfo=UTC),
            "stream": "general_needs", "triage": triage, "strands": ["race"] if triage == "hate_incident" else [],
            "household_key": household, "address": {"uprn": "100", "postcode": "E1 6AN", "line": None},
            "damage": damage}


def test_first_report_opens_a_case_and_damage_requests_a_repair():
    uow = FakeCasesUnitOfWork()
    outcome = handlers.take_report(uow, data("r1", damage={"description": "broken window", "location": "kitchen"}))
    assert outcome == "opened"
    assert uow.outbox.types() == ["case_opened", "repair_requested"]
    [case] = uow.cases.cases.values()
    repair = uow.outbox.events[1].data
    assert repair["case_id"] == case.case_id and repair["description"] == "broken window"
    assert repair["reported_at"] == data("r1")["received_at"]  # the 24-hour clock starts at the report


def test_second_report_about_same_household_links_instead_of_opening():
    uow = FakeCasesUnitOfWork()
    handlers.take_report(uow, data("r1"))
    assert handlers.take_report(uow, data("r2", triage="harassment")) == "linked"
    assert len(uow.cases.cases) == 1
    assert uow.outbox.types() == ["case_opened", "report_linked"]


def test_neighbour_dispute_is_recorded_without_a_case():
    uow = FakeCasesUnitOfWork()
    assert handlers.take_report(uow, data("r1", triage="neighbour_dispute")) == "recorded"
    assert uow.cases.cases == {} and uow.outbox.events == []
    assert uow.cases.reports["r1"] == ("recorded", None)
