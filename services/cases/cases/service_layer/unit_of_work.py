"""Cases' unit of work: one transaction, with every repository of the case bound to it."""

from __future__ import annotations

from sqlalchemy.orm import Session

from cases.adapters import orm
from cases.adapters.erasure import SqlCaseErasure
from cases.adapters.projections import SqlPartnerReferrals, SqlRepairRequests
from cases.adapters.records import Records, SqlApprovals, SqlStaff
from cases.adapters.repository import SqlCaseRepository
from cases.adapters.work import SqlWorkItems
from cases.domain.actions import SupportAction
from cases.domain.approvals import Approval
from cases.domain.conferences import Conference
from cases.domain.contacts import Contact
from cases.domain.remedies import PerpetratorAction
from cases.domain.reviews import Review
from cases.domain.risk import RiskAssessment
from cases.domain.staff import StaffMember
from cases.domain.survey import Survey
from hcs.db import SqlAlchemyUnitOfWork


class CasesUnitOfWork(SqlAlchemyUnitOfWork):
    cases: SqlCaseRepository

    def bind(self, session: Session) -> None:
        self.cases = SqlCaseRepository(session)
        self.actions = Records(session, orm.support_actions, SupportAction, "action_id")
        self.remedies = Records(session, orm.perpetrator_actions, PerpetratorAction, "action_id")
        self.conferences = Records(session, orm.conferences, Conference, "conference_id")
        self.contacts = Records(session, orm.contacts, Contact, "contact_id")
        self.reviews = Records(session, orm.reviews, Review, "review_id")
        self.approvals = SqlApprovals(session, orm.approvals, Approval, "approval_id")
        self.risks = Records(session, orm.risk_assessments, RiskAssessment, "assessment_id")
        self.surveys = Records(session, orm.surveys, Survey, "case_id")
        self.staff = SqlStaff(session, orm.staff, StaffMember, "staff_id")
        self.work = SqlWorkItems(session)
        self.referrals = SqlPartnerReferrals(session)
        self.repairs = SqlRepairRequests(session)
        self.erasure = SqlCaseErasure(session)
