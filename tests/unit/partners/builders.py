"""Partners in any lifecycle status, reached through the real state machine so a test starts from a record
the domain itself produced: partner_in(PartnerStatus.SUSPENDED) is a certified partner that was suspended."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from greenlane.core.types import EntityType
from greenlane.partners.domain import Partner, PartnerStatus, new_application
from tests.builders import complete_details

APPLIED = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
STAFF = "spec"

_S = PartnerStatus
# The shortest walk from a new application to each status.
PATHS: dict[PartnerStatus, list[PartnerStatus]] = {
    _S.APPLICANT: [],
    _S.UNDER_REVIEW: [_S.UNDER_REVIEW],
    _S.CERTIFIED: [_S.UNDER_REVIEW, _S.CERTIFIED],
    _S.VALIDATED: [_S.UNDER_REVIEW, _S.CERTIFIED, _S.VALIDATED],
    _S.TIER_3: [_S.UNDER_REVIEW, _S.CERTIFIED, _S.VALIDATED, _S.TIER_3],
    _S.SUSPENDED: [_S.UNDER_REVIEW, _S.CERTIFIED, _S.SUSPENDED],
    _S.REJECTED: [_S.UNDER_REVIEW, _S.REJECTED],
    _S.REMOVED: [_S.UNDER_REVIEW, _S.CERTIFIED, _S.REMOVED],
    _S.WITHDRAWN: [_S.WITHDRAWN],
}


def applicant(
    entity_types: list[EntityType] | None = None, *, at: datetime = APPLIED, complete: bool = True
) -> Partner:
    types = entity_types or [EntityType.IMPORTER]
    details = complete_details(types) if complete else {}
    partner = new_application(
        legal_name="Acme Imports LLC", entity_types=types, at=at, actor="acme", **details
    )
    partner.id = 1
    return partner


def walk(partner: Partner, steps: list[PartnerStatus], *, start: datetime, step: timedelta) -> datetime:
    """Moves the partner one step per `step` of time; certification is given an empty list of blockers."""
    at = start
    for target in steps:
        at += step
        partner.transition(target, actor=STAFF, reason=f"to {target.value}", at=at, certification_blockers=[])
    return at


def partner_in(
    status: PartnerStatus, *, at: datetime = APPLIED, step: timedelta = timedelta(days=10)
) -> Partner:
    partner = applicant(at=at)
    walk(partner, PATHS[status], start=at, step=step)
    assert partner.status is status
    return partner
