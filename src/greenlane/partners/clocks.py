"""The legal clocks of the program, computed from a partner's record rather than stored, so they can never
drift from its history: a decision within 90 days of application, the first validation within a year of
certification, revalidation at least every four years, the security profile renewed every year, and 90 days
to answer a suspension."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from greenlane.core.clock import add_years
from greenlane.partners.domain import (
    DECISION_WINDOW,
    FIRST_VALIDATION_YEARS,
    MEMBER_STATUSES,
    PROFILE_RENEWAL_YEARS,
    REVALIDATION_YEARS,
    Partner,
    PartnerStatus,
)

DUE_SOON = timedelta(days=30)


class ClockKind(StrEnum):
    DECISION = "decision"
    FIRST_VALIDATION = "first_validation"
    REVALIDATION = "revalidation"
    PROFILE_RENEWAL = "profile_renewal"
    SUSPENSION_RESPONSE = "suspension_response"


CLOCK_LABELS = {
    ClockKind.DECISION: "Certify or reject within 90 days of application",
    ClockKind.FIRST_VALIDATION: "First validation within one year of certification",
    ClockKind.REVALIDATION: "Revalidation at least every four years",
    ClockKind.PROFILE_RENEWAL: "Security profile renewed every year",
    ClockKind.SUSPENSION_RESPONSE: "Response to a suspension within 90 days",
}


@dataclass(frozen=True, slots=True)
class ClockItem:
    partner_id: int
    legal_name: str
    kind: ClockKind
    started: datetime
    due: datetime
    now: datetime

    @property
    def days_left(self) -> int:
        return (self.due - self.now).days

    @property
    def overdue(self) -> bool:
        return self.now > self.due

    @property
    def state(self) -> str:
        if self.overdue:
            return "overdue"
        return "due_soon" if self.due - self.now <= DUE_SOON else "running"


def clocks_for(partner: Partner, *, now: datetime, profile_renewed_at: datetime | None) -> list[ClockItem]:
    """Every clock running on this partner now; a clock stops when its obligation is met or moot."""
    assert partner.id is not None
    starts: list[tuple[ClockKind, datetime, datetime]] = []
    status = partner.status
    if status in (PartnerStatus.APPLICANT, PartnerStatus.UNDER_REVIEW):
        starts.append((ClockKind.DECISION, partner.applied_at, partner.applied_at + DECISION_WINDOW))
    if status in MEMBER_STATUSES and partner.certified_at is not None:
        if partner.last_validated_at is None:
            start = partner.certified_at
            starts.append((ClockKind.FIRST_VALIDATION, start, add_years(start, FIRST_VALIDATION_YEARS)))
        else:
            start = partner.last_validated_at
            starts.append((ClockKind.REVALIDATION, start, add_years(start, REVALIDATION_YEARS)))
        renewed = profile_renewed_at or partner.certified_at
        starts.append((ClockKind.PROFILE_RENEWAL, renewed, add_years(renewed, PROFILE_RENEWAL_YEARS)))
    due = partner.suspension_response_due
    if due is not None and partner.suspended_at is not None:
        starts.append((ClockKind.SUSPENSION_RESPONSE, partner.suspended_at, due))
    return [
        ClockItem(partner_id=partner.id, legal_name=partner.legal_name, kind=kind, started=s, due=d, now=now)
        for kind, s, d in starts
    ]
