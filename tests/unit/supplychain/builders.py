"""Keyword-override builders for supply-chain domain tests: a valid party or chain by default, so each test
states only what matters to it."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from greenlane.supplychain.domain import Chain, Node, NodeRole, PartyStanding, StatusLink

AT = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
PROGRAMS = frozenset({"AEO-EU", "AEO-JP", "PIP-CA"})


def make_node(
    *,
    role: NodeRole = NodeRole.FACTORY,
    name: str = "Bright Electronics Ltd",
    country: str = "CN",
    address: str = "",
    link: StatusLink | None = None,
    id: int | None = None,
) -> Node:
    return Node(id=id, role=role, name=name, country=country, address=address, link=link or StatusLink())


def make_chain(*nodes: Node, name: str = "Shenzhen electronics to Los Angeles", partner_id: int = 1) -> Chain:
    """A stored-looking chain: nodes get ids 1..n unless they carry one."""
    chain = Chain(id=7, partner_id=partner_id, name=name, created_at=AT, updated_at=AT)
    for i, node in enumerate(nodes, start=1):
        chain.add_node(node, recognised=PROGRAMS)
        chain.nodes[-1] = replace(chain.nodes[-1], id=node.id or i)
    return chain


def standing(partner_id: int, status: str, tier: str = "none") -> PartyStanding:
    members = {"certified", "validated", "tier_3"}
    return PartyStanding(partner_id=partner_id, status=status, tier=tier, is_member=status in members)
