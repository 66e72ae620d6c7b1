"""Answers to criteria and the gap report built from them. An answer says whether a criterion is met,
partially met, not met or not applicable, with evidence, author and time; the gap report groups what is still
missing by category. A justified "not applicable" counts as satisfied because the partner has shown the risk
does not arise for it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from greenlane.core.errors import ValidationFailed
from greenlane.criteria.domain.criteria import Category, Criterion


class AnswerStatus(StrEnum):
    MET = "met"
    PARTIALLY = "partially"
    NOT_MET = "not_met"
    NOT_APPLICABLE = "not_applicable"


SATISFYING = frozenset({AnswerStatus.MET, AnswerStatus.NOT_APPLICABLE})


@dataclass(frozen=True, slots=True)
class ProfileAnswer:
    criterion_id: str
    status: AnswerStatus
    evidence_note: str
    answered_by: str
    answered_at: datetime

    @property
    def satisfies(self) -> bool:
        return self.status in SATISFYING


@dataclass(frozen=True, slots=True)
class Gap:
    """A criterion that still needs work, with the answer that shows why (None when it was never answered)."""

    criterion: Criterion
    answer: ProfileAnswer | None

    @property
    def status(self) -> AnswerStatus | None:
        return self.answer.status if self.answer else None

    @property
    def reason(self) -> str:
        if self.answer is None:
            return f"{self.criterion.id} ({self.criterion.level}) is not answered"
        return f"{self.criterion.id} ({self.criterion.level}) is answered {self.answer.status}"


@dataclass(frozen=True, slots=True)
class CategoryGaps:
    category: Category
    applicable: int
    answered: int
    unanswered: tuple[Criterion, ...]
    musts_not_met: tuple[Gap, ...]
    shoulds_not_met: tuple[Gap, ...]

    @property
    def gap_count(self) -> int:
        return len(self.unanswered) + len(self.musts_not_met) + len(self.shoulds_not_met)


@dataclass(frozen=True, slots=True)
class GapReport:
    """What a partner still has to do, per category. Shoulds are reported but never block certification."""

    catalogue_version: str
    categories: tuple[CategoryGaps, ...]
    applicable: int
    answered: int

    @property
    def completion_percent(self) -> float:
        return 100.0 if self.applicable == 0 else round(100.0 * self.answered / self.applicable, 1)

    @property
    def unanswered_count(self) -> int:
        return sum(len(category.unanswered) for category in self.categories)

    @property
    def musts_not_met_count(self) -> int:
        return sum(len(category.musts_not_met) for category in self.categories)

    @property
    def shoulds_not_met_count(self) -> int:
        return sum(len(category.shoulds_not_met) for category in self.categories)


def check_answer(criterion: Criterion, answer: ProfileAnswer) -> None:
    """An answer needs an author and an aware time; "not applicable" to a must needs a written justification,
    because a must is only waived when the partner shows the risk does not arise for it."""
    if not answer.answered_by.strip():
        raise ValidationFailed("an answer must say who gave it", field="answered_by", record=criterion.id)
    if answer.answered_at.tzinfo is None:
        raise ValidationFailed("answer time must carry a time zone", field="answered_at", record=criterion.id)
    waived = answer.status is AnswerStatus.NOT_APPLICABLE
    if waived and criterion.is_must and not answer.evidence_note.strip():
        raise ValidationFailed(
            "a must criterion can only be marked not applicable with a justification in the evidence note",
            field="evidence_note",
            record=criterion.id,
        )
