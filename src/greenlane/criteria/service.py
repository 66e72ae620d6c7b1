"""Security-profile use cases. The partners area starts a profile with each application and keeps its entity
types in step; partners answer criteria, submit and renew; certification asks here what still blocks it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from greenlane.core.clock import Clock, utc_now
from greenlane.core.errors import ValidationFailed
from greenlane.core.types import EntityType
from greenlane.criteria.catalogue import latest_catalogue, load_catalogue
from greenlane.criteria.domain import AnswerStatus, Migration, ProfileAnswer, SecurityProfile
from greenlane.criteria.repository import ProfileRepository
from greenlane.identity.domain import SYSTEM, Actor, Permission


def start_profile(
    session: Session, *, actor: Actor, partner_id: int, entity_types: list[EntityType]
) -> SecurityProfile:
    """A new profile is answered against the newest published catalogue."""
    profile = SecurityProfile(
        partner_id=partner_id, catalogue=latest_catalogue(), entity_types=frozenset(entity_types)
    )
    ProfileRepository(session, actor).add(profile)
    return profile


def get_profile(session: Session, *, actor: Actor, partner_id: int) -> SecurityProfile:
    actor.require(Permission.PROFILES_READ)
    return ProfileRepository(session, actor).get(partner_id)


def sync_entity_types(
    session: Session, *, actor: Actor, partner_id: int, entity_types: list[EntityType]
) -> None:
    repo = ProfileRepository(session, actor)
    profile = repo.find(partner_id)
    if profile is None:
        start_profile(session, actor=actor, partner_id=partner_id, entity_types=entity_types)
    elif profile.entity_types != frozenset(entity_types):
        profile.change_entity_types(entity_types)
        repo.save(profile, new_answers=[])


def answer_criterion(
    session: Session,
    *,
    actor: Actor,
    partner_id: int,
    criterion_id: str,
    status: str,
    evidence_note: str,
    clock: Clock = utc_now,
) -> SecurityProfile:
    return answer_criteria(
        session,
        actor=actor,
        partner_id=partner_id,
        answers=[(criterion_id, status, evidence_note)],
        clock=clock,
    )


def answer_criteria(
    session: Session,
    *,
    actor: Actor,
    partner_id: int,
    answers: list[tuple[str, str, str]],
    clock: Clock = utc_now,
) -> SecurityProfile:
    """Several answers in one go (criterion id, status, evidence): all are checked before any is kept, so one
    bad answer refuses the whole set and names its criterion."""
    actor.require(Permission.PROFILES_ANSWER)
    repo = ProfileRepository(session, actor)
    profile = repo.get(partner_id)
    given = []
    at = clock()
    for criterion_id, status, evidence_note in answers:
        cid = criterion_id.strip().upper()
        profile.answer(
            cid, _status(status, cid), evidence_note=evidence_note, answered_by=actor.username, answered_at=at
        )
        given.append(profile.answers[cid])
    repo.save(profile, new_answers=given)
    return profile


def _status(text: str, criterion_id: str) -> AnswerStatus:
    try:
        return AnswerStatus(text.strip().lower())
    except ValueError:
        valid = ", ".join(s.value for s in AnswerStatus)
        raise ValidationFailed(
            f"unknown status {text!r}; expected one of: {valid}", field="status", record=criterion_id
        ) from None


def submit_profile(
    session: Session, *, actor: Actor, partner_id: int, clock: Clock = utc_now
) -> SecurityProfile:
    """First submission, or the annual renewal when the profile was submitted before."""
    actor.require(Permission.PROFILES_ANSWER)
    repo = ProfileRepository(session, actor)
    profile = repo.get(partner_id)
    if profile.submitted_at is None:
        profile.submit(at=clock())
    else:
        profile.renew(at=clock())
    repo.save(profile, new_answers=[])
    return profile


def migrate_profile(
    session: Session, *, actor: Actor, partner_id: int, version: str | None = None
) -> Migration:
    actor.require(Permission.PROFILES_ANSWER)
    repo = ProfileRepository(session, actor)
    target = load_catalogue(version) if version else latest_catalogue()
    migration = repo.get(partner_id).migrate_to(target)
    repo.save(migration.profile, new_answers=[migration.profile.answers[c] for c in migration.carried_over])
    return migration


def certification_blockers(
    session: Session, *, actor: Actor, partner_id: int, entity_types: list[EntityType]
) -> list[str]:
    """Ids of applicable "must" criteria not met; a missing profile blocks with every must."""
    profile = ProfileRepository(session, actor).find(partner_id)
    if profile is None:
        profile = SecurityProfile(
            partner_id=partner_id, catalogue=latest_catalogue(), entity_types=frozenset(entity_types)
        )
    return [gap.criterion.id for gap in profile.certification_blockers()]


def profile_renewal_dates(session: Session, *, partner_ids: list[int]) -> dict[int, datetime]:
    return ProfileRepository(session, SYSTEM).last_confirmations(partner_ids)


def answer_of(profile: SecurityProfile, criterion_id: str) -> ProfileAnswer | None:
    return profile.answers.get(criterion_id)
