"""Supply-chain API under /api/v1: a partner's chains and the parties along them, the partner's weak-link
report, and the program-wide weak-link report for staff. Every route is guarded here and scoped again in the
repository, so a partner user gets 404 for anything of another company."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Response

from greenlane.identity.domain import Actor, Permission
from greenlane.identity.http import ClockDep, DatabaseDep, RecordId, SettingsDep, require
from greenlane.supplychain import service
from greenlane.supplychain.schemas import (
    ChainIn,
    ChainOut,
    ChainRename,
    MapOut,
    NodeIn,
    NodeUpdate,
    ProgramWeakLinksOut,
)

router = APIRouter(tags=["supply-chain"])

Reader = Annotated[Actor, Depends(require(Permission.SUPPLYCHAIN_READ))]
Editor = Annotated[Actor, Depends(require(Permission.SUPPLYCHAIN_EDIT))]
_CHAINS = "/partners/{partner_id}/supply-chains"
_CHAIN = _CHAINS + "/{chain_id}"
_NODE = _CHAIN + "/nodes/{node_id}"


@router.get(_CHAINS, response_model=MapOut)
def show_map(partner_id: RecordId, db: DatabaseDep, settings: SettingsDep, actor: Reader) -> MapOut:
    """Every chain of the partner with each party's live status."""
    with db.transaction() as session:
        return MapOut.of(
            service.assess_map(
                session, actor=actor, partner_id=partner_id, programs=settings.mutual_recognition_programs()
            )
        )


@router.post(_CHAINS, response_model=ChainOut, status_code=201)
def create_chain(
    partner_id: RecordId,
    body: ChainIn,
    db: DatabaseDep,
    settings: SettingsDep,
    clock: ClockDep,
    actor: Editor,
) -> ChainOut:
    """A new chain, optionally with its parties; refused whole if any party is invalid."""
    with db.transaction() as session:
        return ChainOut.of(
            service.create_chain(
                session,
                actor=actor,
                partner_id=partner_id,
                name=body.name,
                nodes=[n.to_domain() for n in body.nodes],
                programs=settings.mutual_recognition_programs(),
                clock=clock,
            )
        )


@router.get(_CHAIN, response_model=ChainOut)
def show_chain(
    partner_id: RecordId, chain_id: RecordId, db: DatabaseDep, settings: SettingsDep, actor: Reader
) -> ChainOut:
    with db.transaction() as session:
        return ChainOut.of(
            service.get_chain(
                session,
                actor=actor,
                partner_id=partner_id,
                chain_id=chain_id,
                programs=settings.mutual_recognition_programs(),
            )
        )


@router.patch(_CHAIN, response_model=ChainOut)
def rename_chain(
    partner_id: RecordId,
    chain_id: RecordId,
    body: ChainRename,
    db: DatabaseDep,
    settings: SettingsDep,
    clock: ClockDep,
    actor: Editor,
) -> ChainOut:
    with db.transaction() as session:
        return ChainOut.of(
            service.rename_chain(
                session,
                actor=actor,
                partner_id=partner_id,
                chain_id=chain_id,
                name=body.name,
                programs=settings.mutual_recognition_programs(),
                clock=clock,
            )
        )


@router.delete(_CHAIN, status_code=204)
def delete_chain(partner_id: RecordId, chain_id: RecordId, db: DatabaseDep, actor: Editor) -> Response:
    with db.transaction() as session:
        service.delete_chain(session, actor=actor, partner_id=partner_id, chain_id=chain_id)
    return Response(status_code=204)


@router.post(_CHAIN + "/nodes", response_model=ChainOut, status_code=201)
def add_node(
    partner_id: RecordId,
    chain_id: RecordId,
    body: NodeIn,
    db: DatabaseDep,
    settings: SettingsDep,
    clock: ClockDep,
    actor: Editor,
) -> ChainOut:
    """Adds a party at `position` (default last) and returns the whole chain, renumbered."""
    with db.transaction() as session:
        return ChainOut.of(
            service.add_node(
                session,
                actor=actor,
                partner_id=partner_id,
                chain_id=chain_id,
                node=body.to_domain(),
                position=body.position,
                programs=settings.mutual_recognition_programs(),
                clock=clock,
            )
        )


@router.patch(_NODE, response_model=ChainOut)
def update_node(
    partner_id: RecordId,
    chain_id: RecordId,
    node_id: RecordId,
    body: NodeUpdate,
    db: DatabaseDep,
    settings: SettingsDep,
    clock: ClockDep,
    actor: Editor,
) -> ChainOut:
    """Changes the given parts of a party; a given link replaces the whole link."""
    programs = settings.mutual_recognition_programs()
    with db.transaction() as session:
        current = service.get_chain(
            session, actor=actor, partner_id=partner_id, chain_id=chain_id, programs=programs
        ).chain.node(node_id)
        return ChainOut.of(
            service.update_node(
                session,
                actor=actor,
                partner_id=partner_id,
                chain_id=chain_id,
                node_id=node_id,
                node=body.applied_to(current),
                position=body.position,
                programs=programs,
                clock=clock,
            )
        )


@router.delete(_NODE, response_model=ChainOut)
def remove_node(
    partner_id: RecordId,
    chain_id: RecordId,
    node_id: RecordId,
    db: DatabaseDep,
    settings: SettingsDep,
    clock: ClockDep,
    actor: Editor,
) -> ChainOut:
    with db.transaction() as session:
        return ChainOut.of(
            service.remove_node(
                session,
                actor=actor,
                partner_id=partner_id,
                chain_id=chain_id,
                node_id=node_id,
                programs=settings.mutual_recognition_programs(),
                clock=clock,
            )
        )


@router.get("/partners/{partner_id}/weak-links", response_model=MapOut)
def partner_weak_links(partner_id: RecordId, db: DatabaseDep, settings: SettingsDep, actor: Reader) -> MapOut:
    """The partner's weak links by chain, with a reason each and the weakest link of every chain."""
    with db.transaction() as session:
        return MapOut.of(
            service.assess_map(
                session, actor=actor, partner_id=partner_id, programs=settings.mutual_recognition_programs()
            ),
            weak_only=True,
        )


@router.get("/weak-links", response_model=ProgramWeakLinksOut)
def program_weak_links(db: DatabaseDep, settings: SettingsDep, actor: Reader) -> ProgramWeakLinksOut:
    """Program staff only: weak links of every mapped partner, by partner and chain."""
    with db.transaction() as session:
        return ProgramWeakLinksOut.of(
            service.program_weak_links(session, actor=actor, programs=settings.mutual_recognition_programs())
        )
