"""Writes what the program may know about the world's parties: the party register and the supply chains.

parties.csv lists every party with its entity type, country, trade identifier, program status, tier and
recognised foreign programme; supply_chains.csv lists every importer's chains link by link (manufacturer,
stuffing point, consolidator, ports, carrier, terminal, broker), with the weak links a supply-chain map
would report. Hidden behaviour is not here: it belongs to the ground truth.
"""

from __future__ import annotations

import csv
from pathlib import Path

from greenlane.world.model import World

__all__ = ["CHAIN_COLUMNS", "PARTY_COLUMNS", "write_chains", "write_parties"]

PARTY_COLUMNS = (
    "party_id", "name", "entity_type", "country", "city", "address", "identifier", "status", "tier",
    "mra_program", "port",
)  # fmt: skip
CHAIN_COLUMNS = (
    "chain_id", "importer_id", "manufacturer_id", "stuffing_site_id", "stuffing_site_kind",
    "stuffing_site_owner_id", "stuffing_site_address", "stuffing_site_country", "consolidator_id",
    "less_than_container_load", "origin_country", "port_of_loading", "transshipment_port", "carrier_id",
    "port_of_discharge", "terminal_id", "broker_id", "hs6", "weak_links",
)  # fmt: skip


def write_parties(world: World, path: Path) -> int:
    """One row per party, in id order; returns the number of rows."""
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(PARTY_COLUMNS)
        for party_id in sorted(world.parties):
            p = world.parties[party_id]
            writer.writerow(
                (p.party_id, p.name, p.entity_type.value, p.country, p.city, p.address, p.identifier,
                 p.status.value, p.tier.value, p.mra_program or "", p.port or "")
            )  # fmt: skip
    return len(world.parties)


def write_chains(world: World, path: Path) -> int:
    """One row per supply chain; multi-valued cells (tariff lines, weak links) are joined with ';'."""
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(CHAIN_COLUMNS)
        for chain in world.chains:
            site = world.sites[chain.stuffing_site_id]
            writer.writerow(
                (
                    chain.chain_id, chain.importer_id, chain.manufacturer_id, site.site_id, site.kind,
                    site.owner_id or "", site.address, site.country, chain.consolidator_id or "",
                    int(chain.less_than_container_load), chain.origin_country, chain.port_of_loading,
                    chain.transshipment_port or "", chain.carrier_id, chain.port_of_discharge,
                    chain.terminal_id or "", chain.broker_id, ";".join(chain.hs6),
                    ";".join(chain.weak_links(world.parties, world.sites)),
                )
            )  # fmt: skip
    return len(world.chains)
