"""Queries on security profiles, scoped to the actor: a partner user only ever loads its own profile."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from greenlane.core.errors import NotFound
from greenlane.core.types import EntityType
from greenlane.criteria.catalogue import load_catalogue
from greenlane.criteria.domain import AnswerStatus, ProfileAnswer, SecurityProfile
from greenlane.criteria.tables import AnswerRow, ProfileRow
from greenlane.identity.domain import Actor


def _to_domain(row: ProfileRow) -> SecurityProfile:
    catalogue = load_catalogue(row.catalogue_version)
    types = frozenset(EntityType(t) for t in row.entity_types)
    applicable = {c.id for c in catalogue.applicable_to(types)}
    answers: dict[str, ProfileAnswer] = {}
    history: list[ProfileAnswer] = []
    for a in row.answers:
        answer = ProfileAnswer(
            a.criterion_id, AnswerStatus(a.status), a.evidence_note, a.answered_by, a.answered_at
        )
        if a.catalogue_version != row.catalogue_version or a.criterion_id not in applicable:
            history.append(answer)
            continue
        if a.criterion_id in answers:
            history.append(answers[a.criterion_id])
        answers[a.criterion_id] = answer
    return SecurityProfile(
        partner_id=row.partner_id,
        catalogue=catalogue,
        entity_types=types,
        answers=answers,
        history=history,
        submitted_at=row.submitted_at,
        renewed_at=row.renewed_at,
    )


class ProfileRepository:
    def __init__(self, session: Session, actor: Actor) -> None:
        self.session = session
        self.actor = actor

    def _row(self, partner_id: int) -> ProfileRow | None:
        scope = self.actor.partner_scope()
        if scope is not None and scope != partner_id:
            return None
        return self.session.scalar(select(ProfileRow).where(ProfileRow.partner_id == partner_id))

    def get(self, partner_id: int) -> SecurityProfile:
        row = self._row(partner_id)
        if row is None:
            raise NotFound(f"no security profile for partner {partner_id}")
        return _to_domain(row)

    def find(self, partner_id: int) -> SecurityProfile | None:
        row = self._row(partner_id)
        return _to_domain(row) if row else None

    def add(self, profile: SecurityProfile) -> None:
        scope = self.actor.partner_scope()
        if scope is not None and scope != profile.partner_id:
            raise NotFound(f"partner {profile.partner_id} not found")
        self.session.add(
            ProfileRow(
                partner_id=profile.partner_id,
                catalogue_version=profile.catalogue_version,
                entity_types=sorted(t.value for t in profile.entity_types),
            )
        )
        self.session.flush()

    def save(self, profile: SecurityProfile, *, new_answers: list[ProfileAnswer]) -> None:
        row = self._row(profile.partner_id)
        if row is None:
            raise NotFound(f"no security profile for partner {profile.partner_id}")
        row.catalogue_version = profile.catalogue_version
        row.entity_types = sorted(t.value for t in profile.entity_types)
        row.submitted_at, row.renewed_at = profile.submitted_at, profile.renewed_at
        for a in new_answers:
            row.answers.append(
                AnswerRow(
                    catalogue_version=profile.catalogue_version,
                    criterion_id=a.criterion_id,
                    status=a.status.value,
                    evidence_note=a.evidence_note,
                    answered_by=a.answered_by,
                    answered_at=a.answered_at,
                )
            )
        self.session.flush()

    def last_confirmations(self, partner_ids: list[int]) -> dict[int, datetime]:
        """When each profile was last submitted or renewed; unscoped reads of dates only, for the clocks."""
        rows = self.session.execute(
            select(ProfileRow.partner_id, ProfileRow.submitted_at, ProfileRow.renewed_at).where(
                ProfileRow.partner_id.in_(partner_ids)
            )
        )
        confirmed: dict[int, datetime] = {}
        for pid, submitted, renewed in rows:
            last = renewed or submitted
            if last is not None:
                confirmed[pid] = last
        return confirmed
