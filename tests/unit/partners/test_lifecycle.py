"""The partner status machine: every move listed in ALLOWED is accepted, every other pair of statuses is
refused with InvalidTransition and leaves the partner exactly as it was, and the moves with conditions
(review, certification, reinstatement, reapplying) obey them. The history only ever grows."""

from __future__ import annotations

import copy
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from itertools import product

import pytest

from greenlane.core.errors import InvalidTransition, ValidationFailed
from greenlane.core.types import Tier
from greenlane.partners.domain import (
    ALLOWED,
    REINSTATE,
    SUSPENSION_RESPONSE_WINDOW,
    PartnerStatus,
    StatusEvent,
)
from tests.unit.partners.builders import APPLIED, STAFF, applicant, partner_in, walk

_S = PartnerStatus
ALL_PAIRS = list(product(PartnerStatus, PartnerStatus))
ALLOWED_PAIRS = [(s, t) for s, t in ALL_PAIRS if t in ALLOWED[s]]
REFUSED_PAIRS = [(s, t) for s, t in ALL_PAIRS if t not in ALLOWED[s]]
ONE_YEAR_ON = {  # ended_at of each ended walk in builders.PATHS, and its anniversary
    _S.WITHDRAWN: datetime(2027, 1, 15, 9, 0, tzinfo=UTC),
    _S.REMOVED: datetime(2027, 2, 4, 9, 0, tzinfo=UTC),
}
LATER = APPLIED + timedelta(days=3 * 365)  # long enough after any walk that every waiting time has passed


def _pair_id(pair: tuple[PartnerStatus, PartnerStatus]) -> str:
    return f"{pair[0].value}->{pair[1].value}"


def test_the_transition_table_covers_every_status_and_only_refuses_self_moves_among_others() -> None:
    assert set(ALLOWED) == set(PartnerStatus)
    assert all(status not in targets for status, targets in ALLOWED.items())
    assert len(ALLOWED_PAIRS) + len(REFUSED_PAIRS) == len(PartnerStatus) ** 2


@pytest.mark.parametrize(("status", "target"), ALLOWED_PAIRS, ids=map(_pair_id, ALLOWED_PAIRS))
def test_every_allowed_move_is_accepted_and_recorded(status: PartnerStatus, target: PartnerStatus) -> None:
    partner = partner_in(status)
    before = len(partner.history)

    event = partner.transition(target, actor=STAFF, reason="decided", at=LATER, certification_blockers=[])

    assert partner.status is target
    assert partner.history[before:] == [event]
    assert (event.from_status, event.to_status, event.actor, event.at) == (status, target, STAFF, LATER)


@pytest.mark.parametrize(("status", "target"), REFUSED_PAIRS, ids=map(_pair_id, REFUSED_PAIRS))
def test_every_other_move_is_refused_and_changes_nothing(
    status: PartnerStatus, target: PartnerStatus
) -> None:
    partner = partner_in(status)
    before = copy.deepcopy(partner)

    with pytest.raises(InvalidTransition, match=f"cannot move from {status.value} to {target.value}"):
        partner.transition(target, actor=STAFF, reason="try", at=LATER, certification_blockers=[])

    assert partner == before


@pytest.mark.parametrize("status", [s for s in PartnerStatus if s is not _S.SUSPENDED])
def test_only_a_suspended_partner_can_be_reinstated(status: PartnerStatus) -> None:
    partner = partner_in(status)
    before = copy.deepcopy(partner)

    with pytest.raises(InvalidTransition, match="only a suspended partner can be reinstated"):
        partner.transition(REINSTATE, actor=STAFF, reason="try", at=LATER)

    assert partner == before


@pytest.mark.parametrize("held", [_S.CERTIFIED, _S.VALIDATED, _S.TIER_3])
def test_reinstatement_returns_the_partner_to_the_status_it_held_before_the_suspension(
    held: PartnerStatus,
) -> None:
    partner = partner_in(held)
    partner.transition(_S.SUSPENDED, actor=STAFF, reason="seal breach", at=LATER)

    event = partner.transition(
        REINSTATE, actor=STAFF, reason="corrective action", at=LATER + timedelta(days=30)
    )

    assert partner.status is held
    assert partner.tier is not Tier.NONE
    assert (event.kind, event.from_status, event.to_status) == (REINSTATE, _S.SUSPENDED, held)
    assert partner.suspended_at is None and partner.status_before_suspension is None
    assert partner.suspension_response_due is None


@pytest.mark.parametrize("reason", ["", "   ", "\n\t"])
def test_every_move_needs_a_reason(reason: str) -> None:
    partner = applicant()
    before = copy.deepcopy(partner)

    with pytest.raises(ValidationFailed, match="reason is required") as refused:
        partner.transition(_S.UNDER_REVIEW, actor=STAFF, reason=reason, at=LATER)

    assert refused.value.field == "reason"
    assert partner == before


def test_an_unknown_target_status_is_refused_naming_the_valid_ones() -> None:
    partner = applicant()

    with pytest.raises(ValidationFailed, match=r"unknown status 'approved'.*under_review"):
        partner.transition("approved", actor=STAFF, reason="ok", at=LATER)

    assert partner.status is _S.APPLICANT


def test_review_is_refused_while_the_application_is_incomplete_and_says_what_is_missing() -> None:
    partner = applicant(complete=False)
    before = copy.deepcopy(partner)

    with pytest.raises(InvalidTransition, match=r"not complete: .*add at least one site.*primary contact"):
        partner.transition(_S.UNDER_REVIEW, actor=STAFF, reason="please review", at=LATER)

    assert partner == before


def test_review_is_refused_when_the_primary_contact_is_not_a_company_officer() -> None:
    partner = applicant()
    partner.contacts = (replace(partner.contacts[0], is_officer=False),)

    with pytest.raises(InvalidTransition, match="primary contact must be a company officer"):
        partner.transition(_S.UNDER_REVIEW, actor=STAFF, reason="please review", at=LATER)


def test_certification_is_refused_while_a_must_criterion_is_unmet_and_names_it() -> None:
    partner = partner_in(_S.UNDER_REVIEW)
    before = copy.deepcopy(partner)

    with pytest.raises(InvalidTransition, match="unmet 'must' criteria BP-01, PS-03"):
        partner.transition(
            _S.CERTIFIED, actor=STAFF, reason="ok", at=LATER, certification_blockers=["BP-01", "PS-03"]
        )

    assert partner == before


def test_a_long_list_of_blockers_is_shortened_to_ten_and_a_count() -> None:
    partner = partner_in(_S.UNDER_REVIEW)
    blockers = [f"XX-{n:02d}" for n in range(1, 26)]

    with pytest.raises(InvalidTransition, match=r"XX-10 and 15 more$"):
        partner.transition(_S.CERTIFIED, actor=STAFF, reason="ok", at=LATER, certification_blockers=blockers)


def test_certification_is_refused_when_no_profile_check_was_made() -> None:
    partner = partner_in(_S.UNDER_REVIEW)
    before = copy.deepcopy(partner)

    with pytest.raises(InvalidTransition, match="needs the security profile checked"):
        partner.transition(_S.CERTIFIED, actor=STAFF, reason="ok", at=LATER, certification_blockers=None)

    assert partner == before


def test_certification_gives_tier_one_and_starts_the_certified_date() -> None:
    partner = partner_in(_S.UNDER_REVIEW)

    partner.transition(_S.CERTIFIED, actor=STAFF, reason="ok", at=LATER, certification_blockers=[])

    assert (partner.tier, partner.certified_at, partner.is_member) == (Tier.TIER_1, LATER, True)


@pytest.mark.parametrize("ended", [_S.WITHDRAWN, _S.REMOVED])
def test_a_withdrawn_or_removed_company_may_not_reapply_before_a_year_has_passed(
    ended: PartnerStatus,
) -> None:
    partner = partner_in(ended)
    year_on = ONE_YEAR_ON[ended]
    before = copy.deepcopy(partner)

    with pytest.raises(InvalidTransition, match=f"may reapply from {year_on.date()}"):
        partner.transition(_S.APPLICANT, actor="acme", reason="fixed", at=year_on - timedelta(seconds=1))

    assert partner == before
    assert partner.may_reapply_from == year_on


@pytest.mark.parametrize("ended", [_S.WITHDRAWN, _S.REMOVED])
def test_a_withdrawn_or_removed_company_may_reapply_once_the_year_is_over(ended: PartnerStatus) -> None:
    partner = partner_in(ended)
    again = ONE_YEAR_ON[ended]

    partner.transition(_S.APPLICANT, actor="acme", reason="new application", at=again)

    assert partner.status is _S.APPLICANT
    assert (partner.applied_at, partner.ended_at, partner.certified_at) == (again, None, None)


def test_a_rejected_applicant_may_reapply_at_once() -> None:
    partner = partner_in(_S.REJECTED)
    rejected_at = partner.history[-1].at

    partner.transition(_S.APPLICANT, actor="acme", reason="fixed the gaps", at=rejected_at)

    assert partner.status is _S.APPLICANT


def test_suspension_sets_a_response_due_ninety_days_later_and_remembers_the_tier() -> None:
    partner = partner_in(_S.VALIDATED)

    partner.transition(_S.SUSPENDED, actor=STAFF, reason="seal breach", at=LATER)

    assert partner.suspension_response_due == LATER + SUSPENSION_RESPONSE_WINDOW == LATER + timedelta(days=90)
    assert partner.status_before_suspension is _S.VALIDATED
    assert (partner.tier, partner.is_member) == (Tier.NONE, False)


def test_history_is_append_only_with_who_when_and_why_of_every_move() -> None:
    partner = applicant()
    walk(partner, [_S.UNDER_REVIEW, _S.CERTIFIED, _S.SUSPENDED], start=APPLIED, step=timedelta(days=5))
    earlier = list(partner.history)

    partner.transition(REINSTATE, actor="chief", reason="  audit passed  ", at=LATER)

    assert partner.history[: len(earlier)] == earlier
    assert partner.history[-1] == StatusEvent(
        at=LATER,
        actor="chief",
        from_status=_S.SUSPENDED,
        to_status=_S.CERTIFIED,
        reason="audit passed",
        kind=REINSTATE,
    )
    assert [e.kind for e in partner.history] == [
        "applied",
        "transition",
        "transition",
        "transition",
        REINSTATE,
    ]
    assert [e.at for e in partner.history] == sorted(e.at for e in partner.history)
    assert partner.history[0].actor == "acme" and partner.history[1].actor == STAFF


def test_a_refused_move_does_not_touch_the_history() -> None:
    partner = partner_in(_S.CERTIFIED)
    events = list(partner.history)

    with pytest.raises(InvalidTransition):
        partner.transition(_S.TIER_3, actor=STAFF, reason="skip ahead", at=LATER)

    assert partner.history == events


def test_allowed_moves_lists_reinstatement_only_for_a_suspended_partner() -> None:
    assert partner_in(_S.SUSPENDED).allowed_moves() == ["removed", "withdrawn", REINSTATE]
    assert partner_in(_S.CERTIFIED).allowed_moves() == ["removed", "suspended", "validated", "withdrawn"]


def test_a_validation_is_recorded_only_for_members() -> None:
    member = partner_in(_S.VALIDATED)
    member.record_validation(at=LATER)
    assert member.last_validated_at == LATER

    suspended = partner_in(_S.SUSPENDED)
    with pytest.raises(InvalidTransition, match="only members are validated"):
        suspended.record_validation(at=LATER)
    assert suspended.last_validated_at is None
