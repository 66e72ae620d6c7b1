"""The legal clocks computed from a partner's record: when each starts, when it falls due, that it is overdue
only after the due moment, and that it stops once its obligation is met or no longer applies."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from greenlane.partners.clocks import ClockItem, ClockKind, clocks_for
from greenlane.partners.domain import REINSTATE, Partner, PartnerStatus
from tests.unit.partners.builders import APPLIED, STAFF, applicant, partner_in

_S = PartnerStatus
DAY = timedelta(days=1)
STEP = timedelta(days=10)


def clock_of(
    partner: Partner, kind: ClockKind, now: datetime, renewed: datetime | None = None
) -> ClockItem | None:
    return next((c for c in clocks_for(partner, now=now, profile_renewed_at=renewed) if c.kind is kind), None)


def years_later(moment: datetime, years: int) -> datetime:
    """The calendar anniversary, for moments that are not on 29 February."""
    return moment.replace(year=moment.year + years)


def kinds(partner: Partner, now: datetime, renewed: datetime | None = None) -> set[ClockKind]:
    return {c.kind for c in clocks_for(partner, now=now, profile_renewed_at=renewed)}


def certified_at(partner: Partner) -> datetime:
    assert partner.certified_at is not None
    return partner.certified_at


def test_a_decision_is_due_ninety_days_after_application_and_overdue_on_day_ninety_one() -> None:
    partner = applicant()

    on_time = clock_of(partner, ClockKind.DECISION, APPLIED + 90 * DAY)
    late = clock_of(partner, ClockKind.DECISION, APPLIED + 91 * DAY)

    assert on_time is not None and late is not None
    assert (on_time.started, on_time.due) == (APPLIED, APPLIED + 90 * DAY)
    assert (on_time.overdue, on_time.state, on_time.days_left) == (False, "due_soon", 0)
    assert (late.overdue, late.state, late.days_left) == (True, "overdue", -1)


def test_the_decision_clock_keeps_running_through_review() -> None:
    partner = partner_in(_S.UNDER_REVIEW)
    item = clock_of(partner, ClockKind.DECISION, APPLIED + 20 * DAY)

    assert item is not None and item.due == APPLIED + 90 * DAY and item.state == "running"


@pytest.mark.parametrize("decided", [_S.CERTIFIED, _S.REJECTED, _S.WITHDRAWN])
def test_the_decision_clock_stops_once_the_application_is_decided_or_withdrawn(
    decided: PartnerStatus,
) -> None:
    partner = partner_in(decided)

    assert ClockKind.DECISION not in kinds(partner, APPLIED + 200 * DAY)


def test_a_reapplication_starts_a_new_decision_clock_from_the_new_date() -> None:
    partner = partner_in(_S.REJECTED)
    again = APPLIED + 400 * DAY
    partner.transition(_S.APPLICANT, actor="acme", reason="fixed", at=again)

    item = clock_of(partner, ClockKind.DECISION, again)

    assert item is not None and item.due == again + 90 * DAY


def test_the_first_validation_is_due_one_year_after_certification() -> None:
    partner = partner_in(_S.CERTIFIED)
    start = certified_at(partner)

    on_time = clock_of(partner, ClockKind.FIRST_VALIDATION, years_later(start, 1))
    late = clock_of(partner, ClockKind.FIRST_VALIDATION, years_later(start, 1) + DAY)

    assert on_time is not None and late is not None
    assert (on_time.started, on_time.due, on_time.overdue) == (start, years_later(start, 1), False)
    assert late.overdue


def test_the_first_validation_clock_stops_at_validation_and_revalidation_starts_four_years_on() -> None:
    partner = partner_in(_S.VALIDATED)
    validated = partner.last_validated_at
    assert validated is not None

    assert ClockKind.FIRST_VALIDATION not in kinds(partner, validated)
    item = clock_of(partner, ClockKind.REVALIDATION, years_later(validated, 4) + DAY)
    assert item is not None
    assert (item.started, item.due, item.overdue) == (validated, years_later(validated, 4), True)


def test_a_recorded_validation_restarts_the_four_year_revalidation_clock() -> None:
    partner = partner_in(_S.TIER_3)
    later = APPLIED + 1000 * DAY
    partner.record_validation(at=later)

    item = clock_of(partner, ClockKind.REVALIDATION, later)

    assert item is not None and item.due == years_later(later, 4) and not item.overdue


def test_the_profile_renewal_is_due_one_year_after_certification_until_the_profile_is_confirmed() -> None:
    partner = partner_in(_S.CERTIFIED)
    start = certified_at(partner)

    item = clock_of(partner, ClockKind.PROFILE_RENEWAL, years_later(start, 1) + DAY)

    assert item is not None and (item.due, item.overdue) == (years_later(start, 1), True)


def test_a_profile_renewal_restarts_the_year_from_the_renewal() -> None:
    partner = partner_in(_S.VALIDATED)
    renewed = APPLIED + 300 * DAY

    item = clock_of(partner, ClockKind.PROFILE_RENEWAL, years_later(renewed, 1), renewed=renewed)

    assert item is not None
    assert (item.started, item.due, item.overdue) == (renewed, years_later(renewed, 1), False)


@pytest.mark.parametrize("status", [_S.APPLICANT, _S.UNDER_REVIEW, _S.REJECTED, _S.REMOVED, _S.WITHDRAWN])
def test_non_members_have_no_validation_or_renewal_clocks(status: PartnerStatus) -> None:
    running = kinds(partner_in(status), APPLIED + 500 * DAY, renewed=APPLIED)

    assert running.isdisjoint({ClockKind.FIRST_VALIDATION, ClockKind.REVALIDATION, ClockKind.PROFILE_RENEWAL})


def test_a_suspension_must_be_answered_within_ninety_days() -> None:
    partner = partner_in(_S.SUSPENDED)
    suspended = partner.suspended_at
    assert suspended is not None

    on_time = clock_of(partner, ClockKind.SUSPENSION_RESPONSE, suspended + 90 * DAY)
    late = clock_of(partner, ClockKind.SUSPENSION_RESPONSE, suspended + 91 * DAY)

    assert on_time is not None and late is not None
    assert (on_time.due, on_time.overdue, late.overdue) == (suspended + 90 * DAY, False, True)
    assert kinds(partner, suspended) == {ClockKind.SUSPENSION_RESPONSE}


@pytest.mark.parametrize("ending", [REINSTATE, _S.REMOVED, _S.WITHDRAWN])
def test_the_suspension_clock_stops_when_the_suspension_ends(ending: str) -> None:
    partner = partner_in(_S.SUSPENDED)
    partner.transition(ending, actor=STAFF, reason="ended", at=APPLIED + 100 * DAY)

    assert ClockKind.SUSPENSION_RESPONSE not in kinds(partner, APPLIED + 400 * DAY)


def test_a_reinstated_partner_picks_its_validation_and_renewal_clocks_up_again() -> None:
    partner = partner_in(_S.SUSPENDED, step=STEP)
    partner.transition(REINSTATE, actor=STAFF, reason="ok", at=APPLIED + 60 * DAY)

    assert kinds(partner, APPLIED + 60 * DAY) == {ClockKind.FIRST_VALIDATION, ClockKind.PROFILE_RENEWAL}


def test_a_clock_is_due_soon_within_thirty_days_and_running_before() -> None:
    partner = applicant()

    assert [
        clock_of(partner, ClockKind.DECISION, APPLIED + d * DAY).state  # type: ignore[union-attr]
        for d in (59, 60, 61)
    ] == ["running", "due_soon", "due_soon"]


@pytest.mark.parametrize(
    ("certified", "due"),
    [
        (datetime(2027, 3, 1, 12, tzinfo=UTC), datetime(2028, 3, 1, 12, tzinfo=UTC)),  # 366 days: leap year
        (datetime(2028, 2, 29, 12, tzinfo=UTC), datetime(2029, 2, 28, 12, tzinfo=UTC)),  # never late
    ],
)
def test_year_deadlines_fall_on_the_calendar_anniversary(certified: datetime, due: datetime) -> None:
    partner = partner_in(_S.UNDER_REVIEW, at=certified - 20 * DAY)
    partner.transition(_S.CERTIFIED, actor=STAFF, reason="ok", at=certified, certification_blockers=[])

    validation = clock_of(partner, ClockKind.FIRST_VALIDATION, certified)
    renewal = clock_of(partner, ClockKind.PROFILE_RENEWAL, certified)

    assert validation is not None and renewal is not None
    assert validation.due == renewal.due == due
