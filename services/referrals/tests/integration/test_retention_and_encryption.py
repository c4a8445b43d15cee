"""Referrals' data protection in SQLite and PostgreSQL: partners' secrets, the victim's withholdings
and partners' outcome notes are ciphertext at rest; a case's sharing records (append-only consents,
disclosure log and referral history included) are erased six years after the case closed, or when
cases erases the case, and only then: the triggers refuse every other delete, and every edit."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text

from hcs import tables
from hcs.clock import FakeClock
from hcs.db import Store
from hcs.events import new_event
from hcs.migrations import upgrade
from hcs.retention import retention_settings
from referrals.adapters import orm
from referrals.domain.model import CaseEntry
from referrals.domain.retention import RULES
from referrals.service_layer import case_events, consents, delivery, registry, requests, retention
from referrals.service_layer.unit_of_work import ReferralsUnitOfWork

from ..unit.builders import CASE, OFFICER, SEEDS, SYSTEM, consent, referral
from ..unit.fakes import FakeDataSource, FakeTransport

POLICY = delivery.DeliveryPolicy(batch_size=10, lease_seconds=10, max_backoff_seconds=5)
SIX_YEARS = retention_settings({}, RULES)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request, tmp_path):
    url = f"sqlite:///{tmp_path}/referrals.db" if request.param == "sqlite" else request.getfixturevalue(
        "pg_database")("referrals_retention")
    upgrade("referrals", url)
    made = Store(url, clock=FakeClock())
    registry.seed_partners(made.unit_of_work(ReferralsUnitOfWork), SEEDS, SYSTEM)
    with made.unit_of_work(ReferralsUnitOfWork) as uow:
        uow.cases.save(CaseEntry(CASE, "general_needs", team="north", report_ids=("r-1",)))
        uow.commit()
    yield made
    made.dispose()


def new(store):
    return store.unit_of_work(ReferralsUnitOfWork)


def shared(store) -> str:
    consents.record_consent(new(store), consent(withhold={"police": ["victim.contact"]}), OFFICER)
    made = requests.request_referral(new(store), referral(), OFFICER)
    delivery.deliver_due(lambda: new(store), FakeDataSource(), FakeTransport(), SYSTEM, POLICY)
    return made.referral_id


def count(store, table) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar())


def held(store) -> dict[str, int]:
    return {t.name: count(store, t) for t in (orm.consents, orm.referrals, orm.referral_history, orm.disclosures,
                                              orm.delivery_attempts, orm.cases)}


def test_secrets_withholdings_and_outcome_notes_are_ciphertext_at_rest(store):
    shared(store)
    with new(store) as uow:
        [made] = uow.referrals.for_case(CASE)
        made.outcome_note = "Counselling for anxiety agreed."
        uow.session.execute(orm.referrals.update().values(outcome_note=made.outcome_note))
        uow.commit()
    with store.engine.connect() as conn:
        raw = {column: conn.execute(text(f"SELECT {column} FROM {table}")).scalars().first()  # noqa: S608
               for table, column in (("partner_credentials", "secret"), ("consents", "withheld_fields"),
                                     ("referrals", "outcome_note"))}
    assert all(value.startswith("hcs1:") for value in raw.values()), raw
    assert "whsec_" not in raw["secret"] and "victim.contact" not in raw["withheld_fields"]
    with new(store) as uow:
        assert uow.consents.for_case(CASE)[0].withheld_fields == {"victim.contact"}
        assert uow.referrals.for_case(CASE)[0].outcome_note == "Counselling for anxiety agreed."


@pytest.mark.parametrize("table", ["consents", "disclosures", "referral_history", "agreements"])
def test_the_history_tables_refuse_a_delete_off_the_erasure_path(store, table):
    shared(store)
    with pytest.raises(Exception, match="append-only"), store.engine.begin() as conn:
        conn.execute(text(f"DELETE FROM {table}"))  # noqa: S608


def test_sharing_records_go_six_years_after_the_case_closed_with_their_tombstones(store):
    referral_id = shared(store)
    with new(store) as uow:
        case_events.case_closed(uow, {"case_id": CASE, "stream": "general_needs", "closed_at": store.clock.now()})
        uow.commit()
    assert all(held(store).values())
    store.clock.advance(days=365 * 6)  # a leap day short
    assert retention.run(lambda: new(store), SIX_YEARS, SYSTEM)[0].erased == 0
    store.clock.advance(days=2)
    [done, _] = retention.run(lambda: new(store), SIX_YEARS, SYSTEM)
    assert done.ids == [CASE] and held(store) == dict.fromkeys(held(store), 0)
    assert count(store, orm.agreements) == len(SEEDS) and count(store, orm.partners) == len(SEEDS)  # kept
    with store.engine.connect() as conn:
        events = conn.execute(select(tables.outbox.c.event_type)).scalars().all()
    assert events[-1] == "case_sharing_erased" and "referral_requested" not in events
    with new(store) as uow:
        assert uow.erased.which([CASE, referral_id]) == {CASE, referral_id}


def test_when_cases_erases_the_case_its_sharing_records_go_whatever_their_own_clock(store):
    shared(store)
    event = new_event("case_erased", CASE, {"case_id": CASE, "stream": "general_needs", "erased_at":
                                            store.clock.now(), "rule": "closed_case", "report_ids": ["r-1"]},
                      store.clock.now())
    with new(store) as uow:
        retention.case_erased(uow, event, SYSTEM)
        uow.commit()
    assert held(store) == dict.fromkeys(held(store), 0)
    with new(store) as uow:
        assert uow.erased.covers([CASE])  # a late case_opened is refused (hcs.messaging)


def test_a_key_rotation_re_encrypts_the_append_only_consents_and_a_plain_edit_is_refused(store):
    import base64

    from hcs.crypto import Keyring, keyring, new_key, reencrypt, use_keyring

    shared(store)
    before = keyring()
    use_keyring(Keyring({**before.keys, "k2": base64.b64decode(new_key())}, "k2"))
    try:
        counts = reencrypt(store.engine, orm.metadata)
        assert counts["consents.withheld_fields"] == 1 and counts["partner_credentials.secret"] >= 1
        with new(store) as uow:
            assert uow.consents.for_case(CASE)[0].withheld_fields == {"victim.contact"}
        for statement in ("UPDATE consents SET withheld_fields = '[]'", "UPDATE consents SET status = 'withdrawn'"):
            with pytest.raises(Exception, match="append-only"), store.engine.begin() as conn:
                conn.execute(text(statement))
    finally:
        use_keyring(before)
