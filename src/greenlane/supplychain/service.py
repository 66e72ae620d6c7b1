"""Supply-chain use cases: keep a partner's chains and their parties, and judge every link against the live
standing of the partners it names and the configured mutual-recognition programs. Functions take the session
and the acting user and never commit: the request or command that calls them owns the transaction. The
partners area is reached only through its service, with ids."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session

from greenlane.core.clock import Clock, utc_now
from greenlane.core.errors import NotFound, PermissionDenied, ValidationFailed
from greenlane.identity.domain import SYSTEM, Actor, Permission
from greenlane.partners import service as partners
from greenlane.partners.domain import Partner
from greenlane.supplychain.domain import (
    Chain,
    ChainAssessment,
    LinkKind,
    MapAssessment,
    Node,
    PartyStanding,
    assess_chain,
)
from greenlane.supplychain.repository import SupplyChainRepository


def _partners_by_id(session: Session, partner_ids: Iterable[int]) -> dict[int, Partner]:
    """One read through the partners service; a partner that does not exist is absent."""
    return partners.get_partners(session, actor=SYSTEM, partner_ids=list(partner_ids))


def _standing(partner: Partner) -> PartyStanding:
    assert partner.id is not None
    return PartyStanding(
        partner_id=partner.id,
        status=partner.status.value,
        tier=partner.tier.value,
        is_member=partner.is_member,
    )


def party_standings(session: Session, partner_ids: Iterable[int]) -> dict[int, PartyStanding]:
    """Membership status is what the program exists to share with business partners (the public lookup
    shows it too), so a link's standing is read whatever the reader's scope. Only status and tier leave
    the partners area; a partner that does not exist is simply absent."""
    return {i: _standing(p) for i, p in _partners_by_id(session, partner_ids).items()}


def _linked_ids(chains: Iterable[Chain]) -> set[int]:
    return {
        n.link.partner_id
        for c in chains
        for n in c.nodes
        if n.link.kind is LinkKind.MEMBER and n.link.partner_id is not None
    }


def _assess(session: Session, chains: list[Chain], programs: frozenset[str]) -> list[ChainAssessment]:
    standings = party_standings(session, _linked_ids(chains))
    return [assess_chain(c, standings=standings, recognised=programs) for c in chains]


def _check_partner(session: Session, actor: Actor, partner_id: int) -> None:
    """Another company's map is not found, never forbidden, so partner ids cannot be probed."""
    if not actor.may_access_partner(partner_id) or not partners.partner_exists(
        session, actor=actor, partner_id=partner_id
    ):
        raise NotFound(f"partner {partner_id} not found")


def _check_linked_partner(session: Session, node: Node, *, record: str) -> None:
    if (
        node.link.kind is LinkKind.MEMBER
        and node.link.partner_id is not None
        and not party_standings(session, [node.link.partner_id])
    ):
        raise ValidationFailed(
            f"greenlane partner {node.link.partner_id} does not exist", field="link.partner_id", record=record
        )


def _owned_chain(session: Session, actor: Actor, partner_id: int, chain_id: int) -> Chain:
    _check_partner(session, actor, partner_id)
    chain = SupplyChainRepository(session, actor).get(chain_id)
    if chain.partner_id != partner_id:
        raise NotFound(f"supply chain {chain_id} not found for partner {partner_id}")
    return chain


def assess_map(session: Session, *, actor: Actor, partner_id: int, programs: frozenset[str]) -> MapAssessment:
    """The partner's chains with every link judged today; its weak links are the weak-link report."""
    actor.require(Permission.SUPPLYCHAIN_READ)
    _check_partner(session, actor, partner_id)
    chains = SupplyChainRepository(session, actor).map_of(partner_id).chains
    name = partners.get_partner(session, actor=actor, partner_id=partner_id).legal_name
    return MapAssessment(
        partner_id=partner_id, chains=tuple(_assess(session, chains, programs)), partner_name=name
    )


def get_chain(
    session: Session, *, actor: Actor, partner_id: int, chain_id: int, programs: frozenset[str]
) -> ChainAssessment:
    actor.require(Permission.SUPPLYCHAIN_READ)
    return _assess(session, [_owned_chain(session, actor, partner_id, chain_id)], programs)[0]


def create_chain(
    session: Session,
    *,
    actor: Actor,
    partner_id: int,
    name: str,
    programs: frozenset[str],
    nodes: list[Node] | None = None,
    clock: Clock = utc_now,
) -> ChainAssessment:
    """A new named chain, optionally with its parties in journey order, stored whole or not at all."""
    actor.require(Permission.SUPPLYCHAIN_EDIT)
    _check_partner(session, actor, partner_id)
    repo = SupplyChainRepository(session, actor)
    chain = repo.map_of(partner_id).new_chain(name, at=clock())
    for node in nodes or []:
        added = chain.add_node(node, recognised=programs)
        _check_linked_partner(session, added, record=f"chain {chain.name!r} node {added.position}")
    return _assess(session, [repo.add(chain)], programs)[0]


def rename_chain(
    session: Session,
    *,
    actor: Actor,
    partner_id: int,
    chain_id: int,
    name: str,
    programs: frozenset[str],
    clock: Clock = utc_now,
) -> ChainAssessment:
    actor.require(Permission.SUPPLYCHAIN_EDIT)
    chain = _owned_chain(session, actor, partner_id, chain_id)
    repo = SupplyChainRepository(session, actor)
    repo.map_of(partner_id).rename(chain, name, at=clock())
    return _assess(session, [repo.save(chain)], programs)[0]


def delete_chain(session: Session, *, actor: Actor, partner_id: int, chain_id: int) -> None:
    actor.require(Permission.SUPPLYCHAIN_EDIT)
    _owned_chain(session, actor, partner_id, chain_id)
    SupplyChainRepository(session, actor).delete(chain_id)


def add_node(
    session: Session,
    *,
    actor: Actor,
    partner_id: int,
    chain_id: int,
    node: Node,
    programs: frozenset[str],
    position: int | None = None,
    clock: Clock = utc_now,
) -> ChainAssessment:
    """Adds a party at `position` (default: the end of the journey)."""
    actor.require(Permission.SUPPLYCHAIN_EDIT)
    chain = _owned_chain(session, actor, partner_id, chain_id)
    added = chain.add_node(node, recognised=programs, position=position)
    _check_linked_partner(session, added, record=f"chain {chain.name!r} node {added.position}")
    chain.updated_at = clock()
    return _assess(session, [SupplyChainRepository(session, actor).save(chain)], programs)[0]


def update_node(
    session: Session,
    *,
    actor: Actor,
    partner_id: int,
    chain_id: int,
    node_id: int,
    node: Node,
    programs: frozenset[str],
    position: int | None = None,
    clock: Clock = utc_now,
) -> ChainAssessment:
    """Replaces a party's details, keeping its id, and moves it when a position is given."""
    actor.require(Permission.SUPPLYCHAIN_EDIT)
    chain = _owned_chain(session, actor, partner_id, chain_id)
    updated = chain.update_node(node_id, node, recognised=programs, position=position)
    _check_linked_partner(session, updated, record=f"chain {chain.name!r} node {updated.position}")
    chain.updated_at = clock()
    return _assess(session, [SupplyChainRepository(session, actor).save(chain)], programs)[0]


def remove_node(
    session: Session,
    *,
    actor: Actor,
    partner_id: int,
    chain_id: int,
    node_id: int,
    programs: frozenset[str],
    clock: Clock = utc_now,
) -> ChainAssessment:
    actor.require(Permission.SUPPLYCHAIN_EDIT)
    chain = _owned_chain(session, actor, partner_id, chain_id)
    chain.remove_node(node_id)
    chain.updated_at = clock()
    return _assess(session, [SupplyChainRepository(session, actor).save(chain)], programs)[0]


def program_weak_links(session: Session, *, actor: Actor, programs: frozenset[str]) -> list[MapAssessment]:
    """Every mapped partner's chains judged today, for program staff; partners with no chains are absent."""
    actor.require(Permission.SUPPLYCHAIN_READ)
    if actor.partner_scope() is not None:
        raise PermissionDenied("the program-wide weak-link report is for program staff")
    maps = SupplyChainRepository(session, actor).maps()
    # Staff see every partner, so owners and linked partners are read in one pass.
    known = _partners_by_id(
        session, _linked_ids(c for m in maps for c in m.chains) | {m.partner_id for m in maps}
    )
    standings = {i: _standing(p) for i, p in known.items()}
    names = {m.partner_id: known[m.partner_id].legal_name for m in maps}
    return [
        MapAssessment(
            partner_id=m.partner_id,
            partner_name=names[m.partner_id],
            chains=tuple(assess_chain(c, standings=standings, recognised=programs) for c in m.chains),
        )
        for m in sorted(maps, key=lambda m: (names[m.partner_id].casefold(), m.partner_id))
    ]


def weak_link_counts(
    session: Session, *, actor: Actor, programs: frozenset[str], partner_ids: Iterable[int] | None = None
) -> dict[int, int]:
    """Weak links per partner in the actor's view, for areas that weigh them (risk, validation planning);
    a partner with no map is absent rather than counted as zero, since nothing is known."""
    actor.require(Permission.SUPPLYCHAIN_READ)
    maps = SupplyChainRepository(session, actor).maps(partner_ids)
    standings = party_standings(session, _linked_ids(c for m in maps for c in m.chains))
    return {
        m.partner_id: sum(
            len(assess_chain(c, standings=standings, recognised=programs).weak_links) for c in m.chains
        )
        for m in maps
    }


def weak_links_by_state(
    session: Session, *, actor: Actor, programs: frozenset[str], partner_ids: Iterable[int] | None = None
) -> dict[int, dict[str, int]]:
    """Per partner, its weak links counted by what makes them weak (suspended, unknown, ended...), for the
    risk engine, which raises a suspended link more than an unknown one."""
    actor.require(Permission.SUPPLYCHAIN_READ)
    maps = SupplyChainRepository(session, actor).maps(partner_ids)
    standings = party_standings(session, _linked_ids(c for m in maps for c in m.chains))
    return {
        m.partner_id: MapAssessment(
            partner_id=m.partner_id,
            chains=tuple(assess_chain(c, standings=standings, recognised=programs) for c in m.chains),
        ).by_state()
        for m in maps
    }
