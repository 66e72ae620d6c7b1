"""A partner's security profile: its answers to one catalogue version for the entity types it enrols as,
with every replaced answer kept. The profile decides whether certification may go ahead (no applicable "must"
left unmet), when the annual renewal falls due, and how it moves to a newer catalogue: only by an explicit
migration that carries over answers whose criteria still exist and lists what must now be answered."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from greenlane.core.errors import InvalidTransition, ValidationFailed
from greenlane.core.types import EntityType
from greenlane.criteria.domain.answers import (
    AnswerStatus,
    CategoryGaps,
    Gap,
    GapReport,
    ProfileAnswer,
    check_answer,
)
from greenlane.criteria.domain.criteria import Catalogue, Category, Criterion


@dataclass(frozen=True, slots=True)
class Migration:
    """A profile moved to a newer catalogue: which answers carried over and what must now be answered."""

    profile: SecurityProfile
    carried_over: tuple[str, ...]
    dropped: tuple[ProfileAnswer, ...]
    to_answer: tuple[Criterion, ...]


@dataclass
class SecurityProfile:
    """A partner's answers to one catalogue version. `answers` holds the current answer per criterion and
    `history` every answer that was later replaced or dropped, oldest first, never edited."""

    partner_id: int
    catalogue: Catalogue
    entity_types: frozenset[EntityType]
    answers: dict[str, ProfileAnswer] = field(default_factory=dict)
    history: list[ProfileAnswer] = field(default_factory=list)
    submitted_at: datetime | None = None
    renewed_at: datetime | None = None

    def __post_init__(self) -> None:
        self.entity_types = frozenset(self.entity_types)
        if not self.entity_types:
            raise ValidationFailed("a profile needs at least one entity type", field="entity_types")
        for criterion_id, answer in self.answers.items():
            if criterion_id != answer.criterion_id:
                raise ValidationFailed("answer is filed under another criterion", record=criterion_id)
            check_answer(self._applicable(criterion_id), answer)

    @property
    def catalogue_version(self) -> str:
        return self.catalogue.version

    def applicable_criteria(self) -> list[Criterion]:
        return self.catalogue.applicable_to(self.entity_types)

    def answer(
        self,
        criterion_id: str,
        status: AnswerStatus,
        *,
        evidence_note: str,
        answered_by: str,
        answered_at: datetime,
    ) -> ProfileAnswer | None:
        """Records an answer and returns the one it replaces (kept in history), refusing criteria that are
        unknown to this catalogue version or do not apply to the company."""
        criterion = self._applicable(criterion_id)
        note = evidence_note.strip()
        new = ProfileAnswer(criterion_id, AnswerStatus(status), note, answered_by, answered_at)
        check_answer(criterion, new)
        previous = self.answers.get(criterion_id)
        if previous is not None and new.answered_at < previous.answered_at:
            raise ValidationFailed(
                "an answer cannot predate the answer it replaces", field="answered_at", record=criterion_id
            )
        if previous is not None:
            self.history.append(previous)
        self.answers[criterion_id] = new
        return previous

    def trail(self, criterion_id: str) -> list[ProfileAnswer]:
        """Every answer ever given to one criterion, oldest first, ending with the current one."""
        current = [self.answers[criterion_id]] if criterion_id in self.answers else []
        return [answer for answer in self.history if answer.criterion_id == criterion_id] + current

    def gap_report(self) -> GapReport:
        """Unanswered criteria, musts and shoulds not fully met, per category in catalogue order;
        categories with no applicable criterion are left out."""
        applicable = self.applicable_criteria()
        sections: list[CategoryGaps] = []
        for category in self.catalogue.categories:
            criteria = [c for c in applicable if c.category == category.id]
            if criteria:
                sections.append(self._category_gaps(category, criteria))
        return GapReport(
            catalogue_version=self.catalogue_version,
            categories=tuple(sections),
            applicable=sum(section.applicable for section in sections),
            answered=sum(section.answered for section in sections),
        )

    def certification_blockers(self) -> list[Gap]:
        """Every applicable must that is unanswered, partially met or not met: any one of them blocks."""
        return [
            Gap(criterion, self.answers.get(criterion.id))
            for criterion in self.applicable_criteria()
            if criterion.is_must and not self._satisfied(criterion.id)
        ]

    def is_ready_for_certification(self) -> bool:
        return not self.certification_blockers()

    def submit(self, *, at: datetime) -> None:
        """First submission; only a complete profile may be submitted, later ones are renewals."""
        if self.submitted_at is not None:
            raise InvalidTransition("the profile was already submitted; renew it instead")
        self._require_complete()
        self.submitted_at = at

    def renew(self, *, at: datetime) -> None:
        """The annual renewal: the partner confirms a complete profile again, which restarts the year."""
        last = self.last_confirmed_at
        if last is None:
            raise InvalidTransition("the profile has never been submitted; submit it first")
        if at < last:
            raise ValidationFailed("a renewal cannot predate the last confirmation", field="renewed_at")
        self._require_complete()
        self.renewed_at = at

    @property
    def last_confirmed_at(self) -> datetime | None:
        return self.renewed_at or self.submitted_at

    @property
    def renewal_due_date(self) -> date | None:
        last = self.last_confirmed_at
        return one_year_after(last.date()) if last else None

    def renewal_due(self, on: date) -> bool:
        """Renewal falls due a year after the last submission or renewal; never for an unsubmitted profile."""
        due = self.renewal_due_date
        return due is not None and on >= due

    def change_entity_types(self, entity_types: Iterable[EntityType]) -> list[Criterion]:
        """When a company enrols as more or fewer types, answers that no longer apply move to history; the
        criteria that newly apply are returned so they can be answered."""
        new_types = frozenset(entity_types)
        if not new_types:
            raise ValidationFailed("a profile needs at least one entity type", field="entity_types")
        before = {criterion.id for criterion in self.applicable_criteria()}
        self.entity_types = new_types
        still = {criterion.id for criterion in self.applicable_criteria()}
        for criterion_id in [cid for cid in self.answers if cid not in still]:
            self.history.append(self.answers.pop(criterion_id))
        return [criterion for criterion in self.applicable_criteria() if criterion.id not in before]

    def migrate_to(self, catalogue: Catalogue) -> Migration:
        """Builds the profile on a newer catalogue. Answers carry over when their criterion id still exists,
        still applies and the answer is still acceptable (a should turned must may need a justification)."""
        older = catalogue.effective_date < self.catalogue.effective_date
        if older or catalogue.version == self.catalogue_version:
            current = self.catalogue_version
            raise InvalidTransition(f"catalogue {catalogue.version} is not newer than {current}")
        applicable = {criterion.id: criterion for criterion in catalogue.applicable_to(self.entity_types)}
        carried: dict[str, ProfileAnswer] = {}
        for criterion_id, answer in self.answers.items():
            if criterion_id in applicable and _acceptable(applicable[criterion_id], answer):
                carried[criterion_id] = answer
        dropped = tuple(answer for cid, answer in self.answers.items() if cid not in carried)
        profile = SecurityProfile(
            self.partner_id, catalogue, self.entity_types, carried, [*self.history, *dropped],
            self.submitted_at, self.renewed_at,
        )  # fmt: skip
        to_answer = tuple(criterion for cid, criterion in applicable.items() if cid not in carried)
        return Migration(profile, tuple(carried), dropped, to_answer)

    def _applicable(self, criterion_id: str) -> Criterion:
        criterion = self.catalogue.criterion(criterion_id)
        if not criterion.applies_to(self.entity_types):
            types = ", ".join(sorted(self.entity_types))
            raise ValidationFailed(
                f"criterion does not apply to the company's entity types ({types})",
                field="criterion_id",
                record=criterion_id,
            )
        return criterion

    def _satisfied(self, criterion_id: str) -> bool:
        answer = self.answers.get(criterion_id)
        return answer is not None and answer.satisfies

    def _require_complete(self) -> None:
        missing = [c.id for c in self.applicable_criteria() if c.id not in self.answers]
        if missing:
            shown = ", ".join(missing[:5]) + (" ..." if len(missing) > 5 else "")
            message = f"{len(missing)} applicable criteria are unanswered: {shown}"
            raise ValidationFailed(message, field="answers")

    def _category_gaps(self, category: Category, criteria: list[Criterion]) -> CategoryGaps:
        answered = [c for c in criteria if c.id in self.answers]
        not_met = [Gap(c, self.answers[c.id]) for c in answered if not self.answers[c.id].satisfies]
        return CategoryGaps(
            category=category,
            applicable=len(criteria),
            answered=len(answered),
            unanswered=tuple(c for c in criteria if c.id not in self.answers),
            musts_not_met=tuple(gap for gap in not_met if gap.criterion.is_must),
            shoulds_not_met=tuple(gap for gap in not_met if not gap.criterion.is_must),
        )


def _acceptable(criterion: Criterion, answer: ProfileAnswer) -> bool:
    try:
        check_answer(criterion, answer)
    except ValidationFailed:
        return False
    return True


def one_year_after(day: date) -> date:
    """The anniversary; a 29 February falls due on 28 February so the deadline is never late."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)
