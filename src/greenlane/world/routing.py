"""Voyages and routes: which vessel carries a chain's cargo in a given week, by which ports, how long.

Each (carrier, port of loading, port of discharge) triple is a liner service with a weekly sailing, so the
vessel and voyage number follow from the service and the week; direct services take the region-to-coast
sailing time, a transshipment adds four to seven days at the hub. Origin laundering reroutes the cargo
through a hub and presents the hub as the place of loading and the hub's country as the origin.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

from greenlane.world.chains import SupplyChain
from greenlane.world.geography import Coast, Country, transit_days

__all__ = ["Route", "launder", "route_of", "service_key", "vessel_and_voyage"]

_VESSEL_WORDS = (
    "AURORA",
    "BRAVERY",
    "CONCORD",
    "DILIGENCE",
    "ENDEAVOUR",
    "FORTUNE",
    "GLORY",
    "HARMONY",
    "INTEGRITY",
    "JUSTICE",
    "KINDNESS",
    "LIBERTY",
)
_DIRECTION = {Coast.WEST: "E", Coast.EAST: "W", Coast.GULF: "W"}


@dataclass(frozen=True, slots=True)
class Route:
    port_of_loading: str
    transshipment_ports: tuple[str, ...]
    port_of_discharge: str
    transit: tuple[int, int]


def service_key(chain: SupplyChain) -> int:
    """A stable number per liner service (crc32, not hash(): Python salts string hashes per process)."""
    return zlib.crc32(f"{chain.carrier_id}|{chain.port_of_loading}|{chain.port_of_discharge}".encode())


def vessel_and_voyage(carrier_name: str, service: int, week: int, coast: Coast) -> tuple[str, str]:
    """The ship on this service this week and its voyage number (service digits, week, direction)."""
    stem = carrier_name.split()[0].upper()
    vessel = f"{stem} {_VESSEL_WORDS[(service + week) % len(_VESSEL_WORDS)]}"
    return vessel, f"{service % 90 + 10}{week % 1000:03d}{_DIRECTION[coast]}"


def route_of(chain: SupplyChain, country: Country, coast: Coast) -> Route:
    low, high = transit_days(country.region, coast)
    if chain.transshipment_port is None:
        return Route(chain.port_of_loading, (), chain.port_of_discharge, (low, high))
    return Route(
        chain.port_of_loading, (chain.transshipment_port,), chain.port_of_discharge, (low + 4, high + 7)
    )


def launder(route: Route, hub: str) -> Route:
    """The route as declared by a launderer: loaded at the hub, no earlier leg shown."""
    low, high = route.transit
    return Route(hub, (), route.port_of_discharge, (max(3, low - 3), max(4, high - 3)))
