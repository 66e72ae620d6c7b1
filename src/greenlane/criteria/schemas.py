"""Request and response shapes of the security-profile and catalogue API."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field

from greenlane.core.types import EntityType
from greenlane.criteria.domain import (
    AnswerStatus,
    Catalogue,
    Criterion,
    Gap,
    GapReport,
    ProfileAnswer,
    SecurityProfile,
)


class AnswerIn(BaseModel):
    status: AnswerStatus
    evidence_note: str = Field(default="", max_length=4000)


class CriterionOut(BaseModel):
    id: str
    category: str
    level: str
    entity_types: list[EntityType]
    requirement: str
    guidance: str

    @classmethod
    def of(cls, c: Criterion) -> CriterionOut:
        return cls(
            id=c.id,
            category=c.category,
            level=c.level.value,
            entity_types=sorted(c.entity_types),
            requirement=c.requirement,
            guidance=c.guidance,
        )


class AnswerOut(BaseModel):
    criterion_id: str
    status: AnswerStatus
    evidence_note: str
    answered_by: str
    answered_at: datetime

    @classmethod
    def of(cls, a: ProfileAnswer) -> AnswerOut:
        return cls(
            criterion_id=a.criterion_id,
            status=a.status,
            evidence_note=a.evidence_note,
            answered_by=a.answered_by,
            answered_at=a.answered_at,
        )


class GapOut(BaseModel):
    criterion_id: str
    level: str
    status: AnswerStatus | None
    reason: str


class CategoryGapsOut(BaseModel):
    category: str
    name: str
    applicable: int
    answered: int
    unanswered: list[str]
    musts_not_met: list[GapOut]
    shoulds_not_met: list[GapOut]


class GapReportOut(BaseModel):
    catalogue_version: str
    applicable: int
    answered: int
    completion_percent: float
    ready_for_certification: bool
    categories: list[CategoryGapsOut]

    @classmethod
    def of(cls, report: GapReport, *, ready: bool) -> GapReportOut:
        def gap(g: Gap) -> GapOut:
            return GapOut(
                criterion_id=g.criterion.id, level=g.criterion.level.value, status=g.status, reason=g.reason
            )

        return cls(
            catalogue_version=report.catalogue_version,
            applicable=report.applicable,
            answered=report.answered,
            completion_percent=round(report.completion_percent, 1),
            ready_for_certification=ready,
            categories=[
                CategoryGapsOut(
                    category=s.category.id,
                    name=s.category.name,
                    applicable=s.applicable,
                    answered=s.answered,
                    unanswered=[c.id for c in s.unanswered],
                    musts_not_met=[gap(g) for g in s.musts_not_met],
                    shoulds_not_met=[gap(g) for g in s.shoulds_not_met],
                )
                for s in report.categories
            ],
        )


class ProfileOut(BaseModel):
    partner_id: int
    catalogue_version: str
    entity_types: list[EntityType]
    submitted_at: datetime | None
    renewed_at: datetime | None
    renewal_due: date | None
    answers: list[AnswerOut]
    gaps: GapReportOut

    @classmethod
    def of(cls, p: SecurityProfile) -> ProfileOut:
        return cls(
            partner_id=p.partner_id,
            catalogue_version=p.catalogue_version,
            entity_types=sorted(p.entity_types),
            submitted_at=p.submitted_at,
            renewed_at=p.renewed_at,
            renewal_due=p.renewal_due_date,
            answers=[AnswerOut.of(a) for a in p.answers.values()],
            gaps=GapReportOut.of(p.gap_report(), ready=p.is_ready_for_certification()),
        )


class CatalogueOut(BaseModel):
    version: str
    effective_date: date
    criteria: list[CriterionOut]

    @classmethod
    def of(cls, c: Catalogue, *, entity_types: list[EntityType] | None = None) -> CatalogueOut:
        criteria = c.applicable_to(entity_types) if entity_types else list(c.criteria)
        return cls(
            version=c.version,
            effective_date=c.effective_date,
            criteria=[CriterionOut.of(x) for x in criteria],
        )
