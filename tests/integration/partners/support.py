"""Helpers for the partner-program database tests (integration, API and CLI): a cheap argon2 setting so that
tests creating many accounts stay fast, and answering a profile so a partner can be certified."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from argon2 import PasswordHasher
from sqlalchemy.orm import Session

from greenlane.core.types import EntityType
from greenlane.criteria.catalogue import latest_catalogue
from greenlane.criteria.domain import AnswerStatus
from greenlane.criteria.repository import ProfileRepository
from greenlane.identity import passwords
from greenlane.identity.domain import SYSTEM, Actor
from greenlane.partners import service as partners
from greenlane.partners.domain import Partner
from tests.builders import MutableClock, make_partner

EVIDENCE = "procedure SP-7, reviewed 2026"


@pytest.fixture(autouse=True)
def cheap_password_hashing(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Still argon2id, with the smallest cost: the hashing itself is tested in tests/unit/identity with the
    real parameters, and each real hash costs a third of a second here."""
    monkeypatch.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    yield


def answer_profile(
    session: Session,
    partner_id: int,
    entity_types: list[EntityType],
    clock: MutableClock,
    *,
    musts: str = "met",
    shoulds: str | None = "partially",
    actor: Actor = SYSTEM,
) -> None:
    """Answers every applicable criterion (shoulds only when `shoulds` is given) in one save: answering them
    one by one through the service reloads the whole profile each time and makes every test slow."""
    repo = ProfileRepository(session, actor)
    profile = repo.get(partner_id)
    answered = []
    for criterion in latest_catalogue().applicable_to(entity_types):
        status = musts if criterion.is_must else shoulds
        if status is None:
            continue
        profile.answer(
            criterion.id,
            AnswerStatus(status),
            evidence_note=EVIDENCE,
            answered_by=actor.username,
            answered_at=clock(),
        )
        answered.append(profile.answers[criterion.id])
    repo.save(profile, new_answers=answered)


def certified_partner(
    session: Session, clock: MutableClock, *, legal_name: str = "Acme Imports LLC"
) -> Partner:
    """An importer moved through review to Tier I with every must met, at the clock's current time."""
    partner = make_partner(session, legal_name=legal_name, clock=clock)
    assert partner.id is not None
    answer_profile(session, partner.id, [EntityType.IMPORTER], clock)
    for to in ("under_review", "certified"):
        partner, _ = partners.transition_partner(
            session, actor=SYSTEM, partner_id=partner.id, to=to, reason=f"to {to}", clock=clock
        )
    return partner
