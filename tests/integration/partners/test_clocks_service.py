"""The legal clocks as the service lists them from the database: every running clock in the actor's view,
soonest due first, overdue ones alone on request, and the profile renewal clock following the stored
profile's last submission or renewal."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from greenlane.core.types import EntityType
from greenlane.criteria import service as criteria
from greenlane.db import Database
from greenlane.identity.domain import SYSTEM, Role
from greenlane.partners import service
from greenlane.partners.clocks import ClockKind
from tests.builders import START, MutableClock, make_partner, make_user
from tests.integration.partners.support import certified_partner, cheap_password_hashing

pytestmark = [pytest.mark.db, pytest.mark.usefixtures(cheap_password_hashing.__name__)]
DAY = timedelta(days=1)


def test_overdue_only_lists_only_overdue_clocks_soonest_first(db: Database, clock: MutableClock) -> None:
    with db.transaction() as session:
        clock.now = START - 5 * DAY
        earliest = make_partner(session, legal_name="Early Co", clock=clock).id
        clock.now = START
        early = make_partner(session, legal_name="Middle Co", clock=clock).id
        clock.now = START + 10 * DAY
        make_partner(session, legal_name="Late Co", clock=clock)
    clock.now = START + 95 * DAY

    with db.transaction() as session:
        overdue = service.list_clocks(session, actor=SYSTEM, overdue_only=True, clock=clock)
        every = service.list_clocks(session, actor=SYSTEM, clock=clock)

    assert [(c.partner_id, c.kind, c.due) for c in overdue] == [
        (earliest, ClockKind.DECISION, START + 85 * DAY),
        (early, ClockKind.DECISION, START + 90 * DAY),
    ]
    assert all(c.overdue for c in overdue)
    assert [c.legal_name for c in every] == ["Early Co", "Middle Co", "Late Co"]
    assert [c.overdue for c in every] == [True, True, False]


def test_no_clock_is_overdue_on_the_due_day_itself(db: Database, clock: MutableClock) -> None:
    with db.transaction() as session:
        make_partner(session, clock=clock)
    clock.now = START + 90 * DAY

    with db.transaction() as session:
        assert service.list_clocks(session, actor=SYSTEM, overdue_only=True, clock=clock) == []
    clock.advance(days=1)
    with db.transaction() as session:
        assert len(service.list_clocks(session, actor=SYSTEM, overdue_only=True, clock=clock)) == 1


def test_a_certified_partner_runs_first_validation_and_renewal_from_certification(
    db: Database, clock: MutableClock
) -> None:
    with db.transaction() as session:
        partner = certified_partner(session, clock)

    with db.transaction() as session:
        items = service.list_clocks(session, actor=SYSTEM, clock=clock)

    assert {(c.kind, c.due) for c in items} == {
        (ClockKind.FIRST_VALIDATION, datetime(2027, 1, 5, 9, 0, tzinfo=UTC)),
        (ClockKind.PROFILE_RENEWAL, datetime(2027, 1, 5, 9, 0, tzinfo=UTC)),
    }
    assert partner.certified_at == START


def test_submitting_and_renewing_the_profile_restarts_the_renewal_year(
    db: Database, clock: MutableClock
) -> None:
    with db.transaction() as session:
        partner = certified_partner(session, clock)
        assert partner.id is not None
        clock.advance(days=20)
        criteria.submit_profile(session, actor=SYSTEM, partner_id=partner.id, clock=clock)
    with db.transaction() as session:
        renewal = [
            c for c in service.list_clocks(session, actor=SYSTEM, clock=clock) if c.kind == "profile_renewal"
        ]
    assert [c.due for c in renewal] == [datetime(2027, 1, 25, 9, 0, tzinfo=UTC)]

    clock.now = START + 380 * DAY
    with db.transaction() as session:
        criteria.submit_profile(session, actor=SYSTEM, partner_id=partner.id, clock=clock)
        renewal = [
            c for c in service.list_clocks(session, actor=SYSTEM, clock=clock) if c.kind == "profile_renewal"
        ]
    assert [(c.started, c.due, c.overdue) for c in renewal] == [
        (clock.now, datetime(2028, 1, 20, 9, 0, tzinfo=UTC), False)
    ]


def test_a_suspension_clock_is_listed_and_stops_on_reinstatement(db: Database, clock: MutableClock) -> None:
    with db.transaction() as session:
        partner = certified_partner(session, clock)
        assert partner.id is not None
        clock.advance(days=3)
        service.transition_partner(
            session, actor=SYSTEM, partner_id=partner.id, to="suspended", reason="breach", clock=clock
        )
    suspended = clock.now
    clock.advance(days=91)
    with db.transaction() as session:
        overdue = service.list_clocks(session, actor=SYSTEM, overdue_only=True, clock=clock)
    assert [(c.kind, c.due) for c in overdue] == [(ClockKind.SUSPENSION_RESPONSE, suspended + 90 * DAY)]

    with db.transaction() as session:
        service.transition_partner(
            session, actor=SYSTEM, partner_id=partner.id, to="reinstated", reason="fixed", clock=clock
        )
        kinds = {c.kind for c in service.list_clocks(session, actor=SYSTEM, clock=clock)}
    assert kinds == {ClockKind.FIRST_VALIDATION, ClockKind.PROFILE_RENEWAL}


def test_a_partner_user_sees_only_its_own_clocks(db: Database, clock: MutableClock) -> None:
    with db.transaction() as session:
        mine = make_partner(session, legal_name="Mine", clock=clock).id
        make_partner(session, legal_name="Theirs", entity_types=[EntityType.SEA_CARRIER], clock=clock)
        user = make_user(session, username="mine", role=Role.PARTNER_USER, partner_id=mine)

    with db.transaction() as session:
        items = service.list_clocks(session, actor=user, clock=clock)

    assert [c.partner_id for c in items] == [mine]


def test_a_validation_recorded_by_staff_moves_the_revalidation_clock(
    db: Database, clock: MutableClock
) -> None:
    with db.transaction() as session:
        partner = certified_partner(session, clock)
        assert partner.id is not None
        clock.advance(days=100)
        service.transition_partner(
            session, actor=SYSTEM, partner_id=partner.id, to="validated", reason="site visit", clock=clock
        )
        clock.advance(days=700)
        assert clock.now == datetime(2028, 3, 15, 9, 0, tzinfo=UTC)
        service.record_validation(session, actor=SYSTEM, partner_id=partner.id, clock=clock)

    with db.transaction() as session:
        items = service.list_clocks(session, actor=SYSTEM, clock=clock)

    assert [(c.kind, c.due) for c in items if c.kind == ClockKind.REVALIDATION] == [
        (ClockKind.REVALIDATION, datetime(2032, 3, 15, 9, 0, tzinfo=UTC))  # four calendar years
    ]
