"""Voyages and routes: which vessel carries a chain's cargo in a given week, by which ports, how long.

Each carrier on a route (port of loading, hub if any, port of discharge) is a liner service with one
sailing a week on a fixed weekday, so a bill booked on any day waits for its service's next departure, and
all bills on one sailing share vessel, voyage number, departure and arrival (as a carrier's cargo report
groups them). The service's number comes from crc32 of its name, not hash(): Python salts string hashes
per process. Direct services take the region-to-coast sailing time, a transshipment adds four to seven
days at the hub. Origin laundering reroutes the cargo
through a hub and presents the hub as the place of loading and the hub's country as the origin.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from greenlane.world.chains import SupplyChain
from greenlane.world.geography import Coast, region_of_port, transit_days

__all__ = ["Route", "Sailing", "launder", "next_sailing", "route_of", "vessel_and_voyage"]

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


def vessel_and_voyage(carrier_name: str, service: int, week: int, coast: Coast) -> tuple[str, str]:
    """The ship on this service this week and its voyage number (service code, week, direction)."""
    stem = carrier_name.split()[0].upper()
    vessel = f"{stem} {_VESSEL_WORDS[(service + week) % len(_VESSEL_WORDS)]}"
    return vessel, f"{_base36(service)}{week % 1000:03d}{_DIRECTION[coast]}"


def _base36(number: int) -> str:
    """The whole service number, kept short: two services of a carrier never share a voyage number."""
    digits = ""
    while True:
        number, rest = divmod(number, 36)
        digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"[rest] + digits
        if number == 0:
            return digits


def route_of(chain: SupplyChain, coast: Coast) -> Route:
    """The chain's route as sailed: direct, or with four to seven more days through its hub."""
    low, high = transit_days(region_of_port(chain.port_of_loading), coast)
    if chain.transshipment_port is None:
        return Route(chain.port_of_loading, (), chain.port_of_discharge, (low, high))
    return Route(
        chain.port_of_loading, (chain.transshipment_port,), chain.port_of_discharge, (low + 4, high + 7)
    )


def launder(route: Route, hub: str, coast: Coast) -> Route:
    """The route as declared by a launderer: loaded at the hub on its own service, no earlier leg shown."""
    return Route(hub, (), route.port_of_discharge, transit_days(region_of_port(hub), coast))


@dataclass(frozen=True, slots=True)
class Sailing:
    """One departure of a weekly service: every bill on it shares vessel, voyage, departure and arrival."""

    vessel: str
    voyage: str
    departure: datetime
    arrival: date


def next_sailing(
    carrier_name: str, carrier_id: str, route: Route, coast: Coast, start: date, day: int
) -> Sailing:
    """The service's first weekly departure on or after `day` (days counted from `start`).

    A service is a carrier on a route; it sails on a fixed weekday and hour, and its transit time varies by
    week within the route's range, all derived from a stable number for the service.
    """
    service = zlib.crc32(
        f"{carrier_id}|{route.port_of_loading}|{','.join(route.transshipment_ports)}|{route.port_of_discharge}".encode()
    )
    sail_day = day + (service % 7 - day) % 7
    week = sail_day // 7
    departure = datetime.combine(
        start + timedelta(days=sail_day), time((service >> 3) % 24, 15 * ((service >> 8) % 4)), UTC
    )
    low, high = route.transit
    transit = low + ((service >> 12) ^ week) % (high - low + 1)
    vessel, voyage = vessel_and_voyage(carrier_name, service, week, coast)
    return Sailing(vessel, voyage, departure, departure.date() + timedelta(days=transit))
