"""Queries on supply-chain maps. Every read and write goes through the actor's scope, as in the partners
area: a partner user's repository only ever sees its own company's chains, so a route that forgets its guard
still cannot leak another company's map, and another company's chain is reported as not found."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from greenlane.core.errors import NotFound
from greenlane.identity.domain import Actor
from greenlane.supplychain.domain import Chain, LinkKind, Node, NodeRole, StatusLink, SupplyChainMap
from greenlane.supplychain.tables import ChainRow, NodeRow


def _node(row: NodeRow) -> Node:
    link = StatusLink(
        kind=LinkKind(row.link_kind),
        partner_id=row.linked_partner_id,
        program=row.program,
        foreign_id=row.foreign_id,
    )
    return Node(
        id=row.id,
        role=NodeRole(row.role),
        name=row.name,
        country=row.country,
        address=row.address,
        link=link,
        position=row.position,
    )


def _chain(row: ChainRow) -> Chain:
    return Chain(
        id=row.id,
        partner_id=row.partner_id,
        name=row.name,
        nodes=[_node(n) for n in row.nodes],
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def _write_node(row: NodeRow, node: Node) -> None:
    row.position, row.role, row.name = node.position, node.role.value, node.name
    row.country, row.address = node.country, node.address
    row.link_kind, row.linked_partner_id = node.link.kind.value, node.link.partner_id
    row.program, row.foreign_id = node.link.program, node.link.foreign_id


class SupplyChainRepository:
    def __init__(self, session: Session, actor: Actor) -> None:
        self.session = session
        self.actor = actor

    def _scoped(self, query: Select[ChainRow]) -> Select[ChainRow]:
        scope = self.actor.partner_scope()
        return query if scope is None else query.where(ChainRow.partner_id == scope)

    def _row(self, chain_id: int) -> ChainRow:
        row = self.session.scalar(self._scoped(select(ChainRow).where(ChainRow.id == chain_id)))
        if row is None:
            raise NotFound(f"supply chain {chain_id} not found")
        return row

    def get(self, chain_id: int) -> Chain:
        return _chain(self._row(chain_id))

    def map_of(self, partner_id: int) -> SupplyChainMap:
        """The partner's chains in the order they were created; empty for a partner outside the scope."""
        query = self._scoped(select(ChainRow).where(ChainRow.partner_id == partner_id))
        rows = self.session.scalars(query.order_by(ChainRow.id))
        return SupplyChainMap(partner_id=partner_id, chains=[_chain(r) for r in rows])

    def maps(self, partner_ids: Iterable[int] | None = None) -> list[SupplyChainMap]:
        """Every map in the actor's view (or of the given partners), by partner id."""
        query = self._scoped(select(ChainRow))
        if partner_ids is not None:
            query = query.where(ChainRow.partner_id.in_(list(partner_ids)))
        by_partner: dict[int, SupplyChainMap] = {}
        for row in self.session.scalars(query.order_by(ChainRow.partner_id, ChainRow.id)):
            by_partner.setdefault(row.partner_id, SupplyChainMap(partner_id=row.partner_id)).chains.append(
                _chain(row)
            )
        return list(by_partner.values())

    def add(self, chain: Chain) -> Chain:
        scope = self.actor.partner_scope()
        if scope is not None and chain.partner_id != scope:
            raise NotFound(f"partner {chain.partner_id} not found")
        row = ChainRow(
            partner_id=chain.partner_id,
            name=chain.name,
            created_at=chain.created_at,
            updated_at=chain.updated_at,
        )
        self.session.add(row)
        self._write_nodes(row, chain)
        self.session.flush()
        return _chain(row)

    def save(self, chain: Chain) -> Chain:
        """Brings the stored chain in line with `chain`: nodes keep their ids, new ones are inserted and
        dropped ones deleted, so node ids stay stable for the API."""
        assert chain.id is not None
        row = self._row(chain.id)
        row.name, row.updated_at = chain.name, chain.updated_at or row.updated_at
        self._write_nodes(row, chain)
        self.session.flush()
        return _chain(row)

    def _write_nodes(self, row: ChainRow, chain: Chain) -> None:
        existing = {n.id: n for n in row.nodes}
        kept: list[NodeRow] = []
        for node in chain.nodes:
            node_row = existing.get(node.id) if node.id is not None else None
            if node_row is None:
                node_row = NodeRow()
            _write_node(node_row, node)
            kept.append(node_row)
        row.nodes = kept

    def delete(self, chain_id: int) -> None:
        self.session.delete(self._row(chain_id))
        self.session.flush()
