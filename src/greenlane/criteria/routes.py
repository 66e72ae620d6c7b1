"""Security-profile API: read the catalogue, read a partner's profile with its gap report, answer a criterion,
submit or renew the profile, and move it to a newer catalogue version."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from greenlane.core.types import EntityType
from greenlane.criteria import service
from greenlane.criteria.catalogue import latest_catalogue, list_versions, load_catalogue
from greenlane.criteria.schemas import AnswerIn, CatalogueOut, ProfileOut
from greenlane.identity.domain import Actor, Permission
from greenlane.identity.http import ClockDep, DatabaseDep, RecordId, current_actor, require

router = APIRouter(tags=["security profiles"])


@router.get("/criteria/catalogues", response_model=list[str])
def catalogues(_: Annotated[Actor, Depends(current_actor)]) -> list[str]:
    return list_versions()


@router.get("/criteria/catalogue", response_model=CatalogueOut)
def catalogue(
    _: Annotated[Actor, Depends(current_actor)],
    version: Annotated[str | None, Query(max_length=16)] = None,
    entity_type: Annotated[list[EntityType] | None, Query()] = None,
) -> CatalogueOut:
    found = load_catalogue(version) if version else latest_catalogue()
    return CatalogueOut.of(found, entity_types=entity_type)


@router.get("/partners/{partner_id}/profile", response_model=ProfileOut)
def profile(
    partner_id: RecordId, db: DatabaseDep, actor: Annotated[Actor, Depends(require(Permission.PROFILES_READ))]
) -> ProfileOut:
    with db.transaction() as session:
        return ProfileOut.of(service.get_profile(session, actor=actor, partner_id=partner_id))


@router.put("/partners/{partner_id}/profile/answers/{criterion_id}", response_model=ProfileOut)
def answer(
    partner_id: RecordId,
    criterion_id: str,
    body: AnswerIn,
    db: DatabaseDep,
    clock: ClockDep,
    actor: Annotated[Actor, Depends(require(Permission.PROFILES_ANSWER))],
) -> ProfileOut:
    with db.transaction() as session:
        return ProfileOut.of(
            service.answer_criterion(
                session,
                actor=actor,
                partner_id=partner_id,
                criterion_id=criterion_id,
                status=body.status.value,
                evidence_note=body.evidence_note,
                clock=clock,
            )
        )


@router.post("/partners/{partner_id}/profile/submit", response_model=ProfileOut)
def submit(
    partner_id: RecordId,
    db: DatabaseDep,
    clock: ClockDep,
    actor: Annotated[Actor, Depends(require(Permission.PROFILES_ANSWER))],
) -> ProfileOut:
    """Submits a complete profile the first time, and renews it every year after."""
    with db.transaction() as session:
        return ProfileOut.of(service.submit_profile(session, actor=actor, partner_id=partner_id, clock=clock))


@router.post("/partners/{partner_id}/profile/migrate", response_model=ProfileOut)
def migrate(
    partner_id: RecordId,
    db: DatabaseDep,
    actor: Annotated[Actor, Depends(require(Permission.PROFILES_ANSWER))],
    version: Annotated[str | None, Query(max_length=16)] = None,
) -> ProfileOut:
    with db.transaction() as session:
        return ProfileOut.of(
            service.migrate_profile(session, actor=actor, partner_id=partner_id, version=version).profile
        )
