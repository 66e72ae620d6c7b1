"""Small hand-built catalogues and profiles for the profile rules, so those tests do not depend on the wording
or size of the published catalogue."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime

from greenlane.core.types import EntityType
from greenlane.criteria.domain import (
    AnswerStatus,
    Catalogue,
    Category,
    Criterion,
    FocusArea,
    RequirementLevel,
    SecurityProfile,
)

MUST, SHOULD = RequirementLevel.MUST, RequirementLevel.SHOULD
ALL = frozenset(EntityType)
SEA = frozenset({EntityType.SEA_CARRIER})
BROKER = frozenset({EntityType.CUSTOMS_BROKER})
WHEN = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def criterion(
    criterion_id: str,
    level: RequirementLevel = MUST,
    entity_types: Iterable[EntityType] = ALL,
    requirement: str = "Do the secure thing.",
) -> Criterion:
    return Criterion(
        id=criterion_id,
        category=criterion_id.split("-")[0],
        level=level,
        entity_types=frozenset(entity_types),
        requirement=requirement,
        guidance="How to do it.",
    )


def make_catalogue(
    *criteria: Criterion, version: str = "2026.1", effective_date: date = date(2026, 1, 1)
) -> Catalogue:
    """Two categories in one focus area; by default AA-01 must/all, AA-02 should/all, BB-01 must/sea carriers,
    BB-02 must/brokers, BB-03 should/sea carriers."""
    chosen = criteria or (
        criterion("AA-01"),
        criterion("AA-02", SHOULD),
        criterion("BB-01", MUST, SEA),
        criterion("BB-02", MUST, BROKER),
        criterion("BB-03", SHOULD, SEA),
    )
    return Catalogue(
        version=version,
        effective_date=effective_date,
        focus_areas=(FocusArea("F", "Focus"),),
        categories=(Category("AA", "Alpha", "F"), Category("BB", "Bravo", "F")),
        criteria=tuple(chosen),
    )


def make_profile(
    catalogue: Catalogue | None = None,
    entity_types: Iterable[EntityType] = (EntityType.SEA_CARRIER,),
    partner_id: int = 7,
) -> SecurityProfile:
    return SecurityProfile(
        partner_id=partner_id, catalogue=catalogue or make_catalogue(), entity_types=frozenset(entity_types)
    )


def answer_all(
    profile: SecurityProfile, status: AnswerStatus = AnswerStatus.MET, at: datetime = WHEN
) -> SecurityProfile:
    for item in profile.applicable_criteria():
        profile.answer(item.id, status, evidence_note="on file", answered_by="officer", answered_at=at)
    return profile
