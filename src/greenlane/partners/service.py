"""Partner use cases. Functions take the session and the acting user and never commit: the request or the
command that calls them owns the transaction."""

from __future__ import annotations

import secrets
from collections import Counter
from dataclasses import dataclass, replace

from sqlalchemy.orm import Session

from greenlane.core.clock import Clock, utc_now
from greenlane.core.errors import PermissionDenied
from greenlane.core.types import EntityType
from greenlane.criteria import service as criteria_service
from greenlane.identity.domain import SYSTEM, Actor, Permission, Role
from greenlane.identity.service import create_user
from greenlane.partners.clocks import ClockItem, clocks_for
from greenlane.partners.domain import (
    REINSTATE,
    Contact,
    Partner,
    PartnerStatus,
    Site,
    StatusEvent,
    check_contacts,
    eligibility_problems,
    new_application,
    with_site,
)
from greenlane.partners.repository import PartnerFilter, PartnerRepository

_VERIFICATION_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read over the phone


def _new_verification_id() -> str:
    return "GL-" + "".join(secrets.choice(_VERIFICATION_ALPHABET) for _ in range(10))


def apply_partner(
    session: Session,
    *,
    actor: Actor,
    legal_name: str,
    entity_types: list[EntityType],
    identifiers: dict[str, str] | None = None,
    sites: list[Site] | None = None,
    contacts: list[Contact] | None = None,
    clock: Clock = utc_now,
) -> Partner:
    """Anyone with the apply permission files an application; partner users apply through their company."""
    actor.require(Permission.PARTNERS_APPLY)
    partner = new_application(
        legal_name=legal_name,
        entity_types=entity_types,
        at=clock(),
        actor=actor.username,
        identifiers=identifiers,
        contacts=contacts,
    )
    for site in sites or []:
        partner = with_site(partner, site)
    stored = PartnerRepository(session, actor).add(partner)
    assert stored.id is not None
    criteria_service.start_profile(
        session, actor=actor, partner_id=stored.id, entity_types=list(stored.entity_types)
    )
    return stored


def sign_up_company(
    session: Session,
    *,
    legal_name: str,
    entity_types: list[EntityType],
    username: str,
    password: str,
    identifiers: dict[str, str] | None = None,
    sites: list[Site] | None = None,
    contacts: list[Contact] | None = None,
    clock: Clock = utc_now,
) -> Partner:
    """A company applies and creates the account its staff log in with; both or neither are stored, since
    the caller's transaction covers both."""
    partner = apply_partner(
        session,
        actor=SYSTEM,
        legal_name=legal_name,
        entity_types=entity_types,
        identifiers=identifiers,
        sites=sites,
        contacts=contacts,
        clock=clock,
    )
    assert partner.id is not None
    create_user(
        session,
        username=username,
        password=password,
        role=Role.PARTNER_USER,
        partner_id=partner.id,
        clock=clock,
    )
    return partner


def get_partner(session: Session, *, actor: Actor, partner_id: int) -> Partner:
    actor.require(Permission.PARTNERS_READ)
    return PartnerRepository(session, actor).get(partner_id)


def list_partners(session: Session, *, actor: Actor, filters: PartnerFilter) -> tuple[list[Partner], int]:
    actor.require(Permission.PARTNERS_READ)
    return PartnerRepository(session, actor).search(filters)


def partner_exists(session: Session, *, actor: Actor, partner_id: int) -> bool:
    return PartnerRepository(session, actor).exists(partner_id)


@dataclass(frozen=True, slots=True)
class DetailsChange:
    """What a company may change about itself; None leaves a part as it is."""

    legal_name: str | None = None
    entity_types: list[EntityType] | None = None
    identifiers: dict[str, str] | None = None
    sites: list[Site] | None = None
    contacts: list[Contact] | None = None


def update_partner_details(
    session: Session, *, actor: Actor, partner_id: int, change: DetailsChange
) -> Partner:
    actor.require(Permission.PARTNERS_EDIT)
    repo = PartnerRepository(session, actor)
    current = repo.get(partner_id)
    probe = new_application(
        legal_name=change.legal_name if change.legal_name is not None else current.legal_name,
        entity_types=change.entity_types if change.entity_types is not None else list(current.entity_types),
        at=current.applied_at,
        actor=actor.username,
        identifiers=change.identifiers if change.identifiers is not None else current.identifiers,
        contacts=change.contacts if change.contacts is not None else list(current.contacts),
    )
    sites = current.sites
    if change.sites is not None:
        holder = replace(probe, sites=())
        for site in change.sites:
            holder = with_site(holder, site)
        sites = holder.sites
    check_contacts(list(probe.contacts))
    updated = replace(
        current,
        legal_name=probe.legal_name,
        entity_types=probe.entity_types,
        identifiers=probe.identifiers,
        contacts=probe.contacts,
        sites=sites,
        history=current.history,
    )
    criteria_service.sync_entity_types(
        session, actor=actor, partner_id=partner_id, entity_types=list(updated.entity_types)
    )
    return repo.save(updated)


def transition_partner(
    session: Session,
    *,
    actor: Actor,
    partner_id: int,
    to: str,
    reason: str,
    clock: Clock = utc_now,
    home_country: str = "US",
) -> tuple[Partner, StatusEvent]:
    """Partner users may withdraw their company or reapply; every other move is a program decision."""
    repo = PartnerRepository(session, actor)
    partner = repo.get(partner_id)
    destination = to if to == REINSTATE else PartnerStatus.parse(to)
    _check_authority(actor, destination)
    blockers = None
    if destination is PartnerStatus.CERTIFIED and partner.status is PartnerStatus.UNDER_REVIEW:
        blockers = criteria_service.certification_blockers(
            session, actor=actor, partner_id=partner_id, entity_types=list(partner.entity_types)
        )
    event = partner.transition(
        destination,
        actor=actor.username,
        reason=reason,
        at=clock(),
        certification_blockers=blockers,
        home_country=home_country,
    )
    if partner.is_member and partner.verification_id is None:
        partner.verification_id = _new_verification_id()
    return repo.save(partner), event


def _check_authority(actor: Actor, destination: PartnerStatus | str) -> None:
    self_service = {PartnerStatus.WITHDRAWN, PartnerStatus.APPLICANT, PartnerStatus.UNDER_REVIEW}
    if destination in self_service and actor.can(Permission.PARTNERS_WITHDRAW):
        return
    if not actor.can(Permission.PARTNERS_DECIDE):
        shown = destination.value if isinstance(destination, PartnerStatus) else destination
        raise PermissionDenied(
            f"{actor.username} may not move a partner to {shown}: that is a program decision"
        )


def record_validation(session: Session, *, actor: Actor, partner_id: int, clock: Clock = utc_now) -> Partner:
    actor.require(Permission.PARTNERS_DECIDE)
    repo = PartnerRepository(session, actor)
    partner = repo.get(partner_id)
    partner.record_validation(at=clock())
    return repo.save(partner)


def list_clocks(
    session: Session, *, actor: Actor, overdue_only: bool = False, clock: Clock = utc_now
) -> list[ClockItem]:
    """Every running legal clock in the actor's view, soonest due first."""
    actor.require(Permission.PARTNERS_READ)
    now = clock()
    partners = PartnerRepository(session, actor).all()
    renewed = criteria_service.profile_renewal_dates(session, partner_ids=[p.id for p in partners if p.id])
    items = [
        item for p in partners for item in clocks_for(p, now=now, profile_renewed_at=renewed.get(p.id or 0))
    ]
    if overdue_only:
        items = [i for i in items if i.overdue]
    return sorted(items, key=lambda i: (i.due, i.partner_id))


def application_problems(partner: Partner, *, home_country: str = "US") -> list[str]:
    return eligibility_problems(partner, home_country=home_country)


@dataclass(frozen=True, slots=True)
class ProgramCounts:
    by_status: dict[str, int]
    by_entity_type: dict[str, int]
    members: int
    total: int


def count_program(session: Session, *, actor: Actor) -> ProgramCounts:
    partners = PartnerRepository(session, actor).all()
    by_type: Counter[str] = Counter(t.value for p in partners if p.is_member for t in p.entity_types)
    return ProgramCounts(
        by_status=dict(Counter(p.status.value for p in partners)),
        by_entity_type=dict(by_type),
        members=sum(1 for p in partners if p.is_member),
        total=len(partners),
    )


def public_status(session: Session, *, verification_id: str, actor: Actor) -> Partner | None:
    """The no-login lookup; the caller shows only name, entity types, tier and status."""
    return PartnerRepository(session, actor).public_by_verification_id(verification_id.strip().upper())


def identifier_index(
    session: Session, *, kinds: tuple[str, ...] = ("scac", "importer_of_record")
) -> dict[tuple[str, str], int]:
    """Which partner holds which carrier code or importer number; read across partners on purpose, because
    a filing names parties that are not the filer."""
    return PartnerRepository(session, SYSTEM).identifier_index(kinds)


def partner_with_identifier(session: Session, *, kind: str, values: list[str]) -> int | None:
    """Which partner holds one of these numbers (tried in order), matched as identifier_index matches."""
    wanted = [v.strip().upper() for v in values if v.strip()]
    return PartnerRepository(session, SYSTEM).holder_of_identifier(kind, wanted) if wanted else None


def get_partners(session: Session, *, actor: Actor, partner_ids: list[int]) -> dict[int, Partner]:
    """Partners by id in one read; missing ids (or ids outside the actor's scope) are simply absent."""
    actor.require(Permission.PARTNERS_READ)
    return {p.id: p for p in PartnerRepository(session, actor).many(partner_ids) if p.id is not None}
