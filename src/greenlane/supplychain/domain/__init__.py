"""The supply-chain domain: the chains and parties a partner records (chains) and how strong each link is on
the day of a report (weaklinks). Plain dataclasses with their rules as methods; no framework imports."""

from greenlane.supplychain.domain.chains import (
    MAX_CHAINS_PER_PARTNER,
    MAX_NODES_PER_CHAIN,
    Chain,
    LinkKind,
    Node,
    NodeRole,
    StatusLink,
    SupplyChainMap,
    check_chain_name,
)
from greenlane.supplychain.domain.weaklinks import (
    ChainAssessment,
    LinkAssessment,
    LinkState,
    MapAssessment,
    PartyStanding,
    assess_chain,
    assess_link,
)

__all__ = [
    "MAX_CHAINS_PER_PARTNER",
    "MAX_NODES_PER_CHAIN",
    "Chain",
    "ChainAssessment",
    "LinkAssessment",
    "LinkKind",
    "LinkState",
    "MapAssessment",
    "Node",
    "NodeRole",
    "PartyStanding",
    "StatusLink",
    "SupplyChainMap",
    "assess_chain",
    "assess_link",
    "check_chain_name",
]
