"""The officer's side of selectivity. A lane decision records what the engine chose and why; an override
moves it with a reason code and is kept beside the original; an exam result says what was found and
becomes the label the model learns from. Only shipments actually examined carry labels, and the random
draws among them are the unbiased sample that keeps hit rates honest."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from greenlane.core.errors import ValidationFailed
from greenlane.risk.lanes import Lane


class ExamOutcome(StrEnum):
    NOTHING_FOUND = "nothing_found"
    DISCREPANCY = "discrepancy"
    SEIZURE = "seizure"


class SeizureCategory(StrEnum):
    NARCOTICS = "narcotics"
    WEAPONS = "weapons"
    EXPLOSIVES = "explosives"
    COUNTERFEIT = "counterfeit"
    UNDECLARED_GOODS = "undeclared_goods"
    PROHIBITED_AGRICULTURE = "prohibited_agriculture"
    OTHER = "other"


# Seizures that threaten safety or security count as critical frauds for the model (Critical Fraud == 2).
CRITICAL_CATEGORIES = frozenset(
    {SeizureCategory.NARCOTICS, SeizureCategory.WEAPONS, SeizureCategory.EXPLOSIVES}
)


class OverrideReason(StrEnum):
    INTELLIGENCE = "intelligence"
    RECENT_EXAM = "recent_exam"
    CAPACITY = "capacity"
    PERISHABLE = "perishable"
    DOCUMENT_ISSUE = "document_issue"
    OFFICER_JUDGEMENT = "officer_judgement"


OVERRIDE_LABELS = {
    OverrideReason.INTELLIGENCE: "Intelligence or a tip about this shipment or party",
    OverrideReason.RECENT_EXAM: "The same goods and parties were examined recently with nothing found",
    OverrideReason.CAPACITY: "Exam capacity at this port today (lowering only)",
    OverrideReason.PERISHABLE: "Perishable goods: documents instead of a physical hold",
    OverrideReason.DOCUMENT_ISSUE: "Documents are inconsistent and need a check",
    OverrideReason.OFFICER_JUDGEMENT: "Officer's judgement, explained in the note",
}


@dataclass(frozen=True, slots=True)
class Label:
    """What the model learns from one examined shipment."""

    fraud: int
    critical_fraud: int


def label_of(outcome: ExamOutcome, category: SeizureCategory | None) -> Label:
    if outcome is ExamOutcome.NOTHING_FOUND:
        return Label(0, 0)
    if outcome is ExamOutcome.SEIZURE and category in CRITICAL_CATEGORIES:
        return Label(1, 2)
    return Label(1, 1)


def check_exam(outcome: ExamOutcome, category: SeizureCategory | None, *, record: str) -> None:
    """A seizure names what was seized; other outcomes name nothing."""
    if outcome is ExamOutcome.SEIZURE and category is None:
        raise ValidationFailed("a seizure needs its category", field="category", record=record)
    if outcome is not ExamOutcome.SEIZURE and category is not None:
        raise ValidationFailed("only a seizure has a category", field="category", record=record)


def check_override(current: Lane, target: Lane, reason: OverrideReason, note: str, *, record: str) -> None:
    """An override moves the lane, says why with a code, and explains itself in a note; capacity may only
    lower a lane, never raise one."""
    if target is current:
        raise ValidationFailed(
            f"the shipment is already in the {current.value} lane", field="lane", record=record
        )
    if not note.strip():
        raise ValidationFailed("an override needs a note explaining it", field="note", record=record)
    if reason is OverrideReason.CAPACITY and target.severity > current.severity:
        raise ValidationFailed("capacity can only lower a lane", field="reason", record=record)


@dataclass(frozen=True, slots=True)
class DayPort:
    day: date
    port: str


@dataclass(frozen=True, slots=True)
class DecisionView:
    """A shipment's lane as an officer sees it: the engine's choice, any override, and the exam result."""

    decision_id: int
    bill_id: int
    bill_number: str
    carrier: str
    day: date
    port: str
    engine_lane: Lane
    lane: Lane
    score: float
    why: str
    reasons: list[str]
    random_draw: bool
    overridden_by: str | None
    override_reason: str | None
    exam: str | None
    decided_at: datetime
