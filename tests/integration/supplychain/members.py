"""Test helpers that put greenlane partners into a given status through the real lifecycle (answering every
applicable "must" as met on the way to certification), so the weak-link report is checked against standings
the partners area really produces, not hand-made ones."""

from __future__ import annotations

from sqlalchemy.orm import Session

from greenlane.criteria import service as criteria
from greenlane.identity.domain import SYSTEM
from greenlane.partners import service as partners
from tests.builders import MutableClock, make_partner

_PATHS = {
    "applicant": [],
    "under_review": ["under_review"],
    "rejected": ["under_review", "rejected"],
    "withdrawn": ["withdrawn"],
    "certified": ["under_review", "certified"],
    "validated": ["under_review", "certified", "validated"],
    "tier_3": ["under_review", "certified", "validated", "tier_3"],
    "suspended": ["under_review", "certified", "suspended"],
    "removed": ["under_review", "certified", "removed"],
}


def _answer_every_must(session: Session, partner_id: int, clock: MutableClock) -> None:
    partner = partners.get_partner(session, actor=SYSTEM, partner_id=partner_id)
    criteria.sync_entity_types(
        session, actor=SYSTEM, partner_id=partner_id, entity_types=list(partner.entity_types)
    )
    profile = criteria.get_profile(session, actor=SYSTEM, partner_id=partner_id)
    for criterion in profile.applicable_criteria():
        if criterion.is_must:
            criteria.answer_criterion(
                session,
                actor=SYSTEM,
                partner_id=partner_id,
                criterion_id=criterion.id,
                status="met",
                evidence_note="seen on site",
                clock=clock,
            )


def move_partner(session: Session, partner_id: int, status: str, clock: MutableClock) -> None:
    """Walks the partner from applicant to `status` one allowed move at a time."""
    for step in _PATHS[status]:
        if step == "certified":
            _answer_every_must(session, partner_id, clock)
        clock.advance(days=1)
        partners.transition_partner(
            session, actor=SYSTEM, partner_id=partner_id, to=step, reason="test", clock=clock
        )


def partner_in(session: Session, status: str, clock: MutableClock, *, name: str | None = None) -> int:
    """A new partner in `status`; returns its id."""
    partner = make_partner(session, legal_name=name or f"{status.replace('_', ' ').title()} Co", clock=clock)
    assert partner.id is not None
    move_partner(session, partner.id, status, clock)
    return partner.id
