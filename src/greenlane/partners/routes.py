"""Partners API under /api/v1: applications (including a company signing itself up), the partner record,
status moves with their history, and the legal clocks."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from greenlane.core.types import EntityType
from greenlane.identity.domain import Actor, Permission
from greenlane.identity.http import ClockDep, DatabaseDep, RecordId, SettingsDep, require
from greenlane.partners import service
from greenlane.partners.domain import Partner, PartnerStatus
from greenlane.partners.repository import PartnerFilter
from greenlane.partners.schemas import (
    ClockOut,
    EventOut,
    PartnerApply,
    PartnerOut,
    PartnerPage,
    PartnerUpdate,
    SelfApplication,
    TransitionIn,
    summary_of,
)

router = APIRouter(tags=["partners"])


def _out(partner: Partner, home: str = "US") -> PartnerOut:
    return PartnerOut.of(partner, problems=service.application_problems(partner, home_country=home))


@router.post("/applications", response_model=PartnerOut, status_code=201)
def sign_up(body: SelfApplication, db: DatabaseDep, clock: ClockDep) -> PartnerOut:
    """A company applies and creates the account its staff log in with, in one transaction."""
    with db.transaction() as session:
        partner = service.sign_up_company(
            session, username=body.username, password=body.password, clock=clock, **_application(body)
        )
        return _out(partner)


@router.post("/partners", response_model=PartnerOut, status_code=201)
def apply(
    body: PartnerApply,
    db: DatabaseDep,
    clock: ClockDep,
    actor: Annotated[Actor, Depends(require(Permission.PARTNERS_APPLY))],
) -> PartnerOut:
    with db.transaction() as session:
        return _out(service.apply_partner(session, actor=actor, clock=clock, **_application(body)))


def _application(body: PartnerApply) -> dict[str, Any]:
    return {
        "legal_name": body.legal_name,
        "entity_types": body.entity_types,
        "identifiers": body.identifiers,
        "sites": [s.to_domain() for s in body.sites],
        "contacts": [c.to_domain() for c in body.contacts],
    }


@router.get("/partners", response_model=PartnerPage)
def list_partners(
    db: DatabaseDep,
    actor: Annotated[Actor, Depends(require(Permission.PARTNERS_READ))],
    status: PartnerStatus | None = None,
    entity_type: EntityType | None = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> PartnerPage:
    with db.transaction() as session:
        items, total = service.list_partners(
            session,
            actor=actor,
            filters=PartnerFilter(
                status=status, entity_type=entity_type, search=q, limit=limit, offset=offset
            ),
        )
        return PartnerPage(items=[summary_of(p) for p in items], total=total)


@router.get("/partners/{partner_id}", response_model=PartnerOut)
def show(
    partner_id: RecordId, db: DatabaseDep, actor: Annotated[Actor, Depends(require(Permission.PARTNERS_READ))]
) -> PartnerOut:
    with db.transaction() as session:
        return _out(service.get_partner(session, actor=actor, partner_id=partner_id))


@router.patch("/partners/{partner_id}", response_model=PartnerOut)
def update(
    partner_id: RecordId,
    body: PartnerUpdate,
    db: DatabaseDep,
    actor: Annotated[Actor, Depends(require(Permission.PARTNERS_EDIT))],
) -> PartnerOut:
    change = service.DetailsChange(
        legal_name=body.legal_name,
        entity_types=body.entity_types,
        identifiers=body.identifiers,
        sites=[s.to_domain() for s in body.sites] if body.sites is not None else None,
        contacts=[c.to_domain() for c in body.contacts] if body.contacts is not None else None,
    )
    with db.transaction() as session:
        return _out(
            service.update_partner_details(session, actor=actor, partner_id=partner_id, change=change)
        )


@router.post("/partners/{partner_id}/transitions", response_model=PartnerOut)
def transition(
    partner_id: RecordId,
    body: TransitionIn,
    db: DatabaseDep,
    clock: ClockDep,
    settings: SettingsDep,
    actor: Annotated[Actor, Depends(require(Permission.PARTNERS_READ))],
) -> PartnerOut:
    with db.transaction() as session:
        partner, _ = service.transition_partner(
            session,
            actor=actor,
            partner_id=partner_id,
            to=body.to,
            reason=body.reason,
            clock=clock,
            home_country=settings.home_country,
        )
        return _out(partner, settings.home_country)


@router.get("/partners/{partner_id}/history", response_model=list[EventOut])
def history(
    partner_id: RecordId, db: DatabaseDep, actor: Annotated[Actor, Depends(require(Permission.PARTNERS_READ))]
) -> list[EventOut]:
    with db.transaction() as session:
        return [
            EventOut.of(e) for e in service.get_partner(session, actor=actor, partner_id=partner_id).history
        ]


@router.get("/clocks", response_model=list[ClockOut])
def clocks(
    db: DatabaseDep,
    clock: ClockDep,
    actor: Annotated[Actor, Depends(require(Permission.PARTNERS_READ))],
    overdue: bool = False,
) -> list[ClockOut]:
    with db.transaction() as session:
        return [
            ClockOut.of(c)
            for c in service.list_clocks(session, actor=actor, overdue_only=overdue, clock=clock)
        ]
