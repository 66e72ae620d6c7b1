"""Generates one day of the world's bookings as bills, with their ground truth, from the day's own stream.

Each day draws from a stream keyed by (seed, day), so any day can be produced alone, in any order, and the
same seed always gives the same bills: that is what lets a month or a year stream to disk in bounded
memory and still be byte-identical between runs. A day's bookings pick their chains by frequency; uniform
draws decide violations against the chain's calibrated propensities (a drift scheme adds its own once
active); the bill is then routed onto its service's next weekly sailing, stowed, valued, declared and
filed. Bills come out grouped by sailing, the way a carrier reports its cargo.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from greenlane.world.chains import SupplyChain
from greenlane.world.equipment import BoxYard
from greenlane.world.geography import COUNTRIES, HUBS, US_PORTS
from greenlane.world.goods import declare, true_lines
from greenlane.world.loads import VALUE_NOISE_SIGMA, full_box_kg
from greenlane.world.parties import Party, Site
from greenlane.world.products import Product
from greenlane.world.propensity import ChainPropensity
from greenlane.world.routing import Route, launder, next_sailing, route_of
from greenlane.world.shipments import SecurityFiling, Shipment
from greenlane.world.stowage import SharedBox, consolidate, stow
from greenlane.world.truth import DriftScheme, GroundTruth, Mechanism
from greenlane.world.violations import choose_mechanisms, responsible_party

__all__ = ["DayBatch", "DayGenerator"]

_DAY_STREAM = 7
# Columns of the day's uniform draws, one row per bill.
_MIS, _CON, _SEC, _DRIFT, _LATE_M, _LATE_I, _VAGUE, _INVALID, _SEAL, _TYPE, _FILL, _BOXES = range(12)
_COLUMNS = 12
_COUNTRY = {country.code: country for country in COUNTRIES}
_COAST = {port.locode: port.coast for port in US_PORTS}
_CONTRABAND = (Mechanism.CONCEALMENT_AT_STUFFING, Mechanism.RIP_ON_IN_TRANSIT)
_SEAL_BROKEN = (Mechanism.TAMPERED_SEAL, Mechanism.RIP_ON_IN_TRANSIT)


@dataclass(frozen=True, slots=True)
class DayBatch:
    """One booking day: its bills as filed and, apart, the truth about each (same order)."""

    day: int
    booked_on: date
    shipments: tuple[Shipment, ...]
    truths: tuple[GroundTruth, ...]


def _lead_minutes(draw: float, chance: float, normal: float) -> int:
    """Minutes between filing and loading: under 24 h when the draw falls in the late share."""
    if draw < chance:
        return 60 + int(draw / chance * 1379)
    return 1440 + int(60 * math.exp(3.4 + 0.6 * normal))


class DayGenerator:
    """Turns the fixed world (parties, chains, propensities) into the bills of any given day."""

    def __init__(
        self,
        *,
        seed: int,
        start: date,
        bills_per_day: float,
        parties: dict[str, Party],
        sites: dict[str, Site],
        chains: list[SupplyChain],
        propensity: ChainPropensity,
        products: dict[str, Product],
        drift: tuple[tuple[DriftScheme, np.ndarray], ...],
    ) -> None:
        self._seed, self._start, self._rate = seed, start, bills_per_day
        self._parties, self._sites, self._chains, self._p = parties, sites, chains, propensity
        self._drift = drift
        frequencies = np.array([chain.frequency for chain in chains], dtype=float)
        self._cumulative = np.cumsum(frequencies / frequencies.sum())
        self._products = [tuple(products[code] for code in chain.hs6) for chain in chains]

    def generate(self, day: int) -> DayBatch:
        """All bills booked on start + day, grouped by sailing."""
        rng = np.random.default_rng(np.random.SeedSequence(self._seed, spawn_key=(_DAY_STREAM, day)))
        count = int(rng.poisson(self._rate))
        found = np.searchsorted(self._cumulative, rng.random(count), side="right")
        picks = [int(k) for k in np.minimum(found, len(self._chains) - 1)]
        draws = rng.random((count, _COLUMNS))
        normals = rng.standard_normal((count, 2))
        yard = BoxYard(day, rng)
        consolidated = [
            (i, self._chains[k], self._products[k][0], float(draws[i, _FILL]))
            for i, k in enumerate(picks)
            if self._chains[k].less_than_container_load
        ]
        shared = consolidate(day, consolidated, self._parties, yard)
        bills = [
            self._bill(day, i, k, draws[i], normals[i], yard, shared.get(i), rng) for i, k in enumerate(picks)
        ]
        bills.sort(key=lambda pair: _sailing_order(pair[0]))
        return DayBatch(
            day, self._start + timedelta(days=day), tuple(s for s, _ in bills), tuple(t for _, t in bills)
        )

    def _route(self, chain: SupplyChain, mechanisms: tuple[Mechanism, ...]) -> tuple[Route, str | None]:
        """The declared route, and the hub country a launderer declares as origin."""
        country, coast = _COUNTRY[chain.origin_country], _COAST[chain.port_of_discharge]
        route = route_of(chain, coast)
        if Mechanism.ORIGIN_LAUNDERING not in mechanisms:
            return route, None
        # The hub must be abroad, or there is no other origin to claim.
        hubs = [
            hub
            for hub in (chain.transshipment_port, *HUBS[country.region])
            if hub and hub[:2] != country.code
        ]
        return launder(route, hubs[0], coast), hubs[0][:2]

    def _bill(
        self,
        day: int,
        index: int,
        k: int,
        row: np.ndarray,
        normal: np.ndarray,
        yard: BoxYard,
        place: SharedBox | None,
        rng: np.random.Generator,
    ) -> tuple[Shipment, GroundTruth]:
        chain, p = self._chains[k], self._p
        draws = (float(row[_MIS]), float(row[_CON]), float(row[_SEC]), float(row[_DRIFT]))
        mechanisms, scheme = choose_mechanisms(chain, self._sites, p, k, draws, day, self._drift)
        route, laundered = self._route(chain, mechanisms)
        carrier = self._parties[chain.carrier_id]
        sailing = next_sailing(
            carrier.name, carrier.party_id, route, _COAST[chain.port_of_discharge], self._start, day
        )
        faults = (
            float(row[_INVALID]) < p.invalid_container[k],
            float(row[_SEAL]) < (0.2 if any(m in _SEAL_BROKEN for m in mechanisms) else 0.003),
        )
        boxes, fills = stow(
            chain, self._products[k][0], self._parties[chain.importer_id].size, carrier.identifier, place,
            (float(row[_TYPE]), float(row[_FILL]), float(row[_BOXES])), faults, yard, rng,
        )  # fmt: skip
        loads = [
            sum(full_box_kg(pr, b.size_type) * f for b, f in zip(boxes, fills, strict=True))
            for pr in self._products[k]
        ]
        country = _COUNTRY[chain.origin_country]
        drafts = true_lines(self._products[k], loads, country.price_factor, rng, VALUE_NOISE_SIGMA)
        boost = 3.0 if any(m in _CONTRABAND for m in mechanisms) else 1.0
        vague = float(row[_VAGUE]) < p.vague_description[k] * boost
        goods = declare(drafts, chain.origin_country, mechanisms, laundered, vague, rng)
        manifest_lead = _lead_minutes(
            float(row[_LATE_M]), p.late_manifest[k] * min(boost, 2.0), float(normal[0])
        )
        filing_lead = _lead_minutes(
            float(row[_LATE_I]), p.late_security_filing[k] * min(boost, 2.0), float(normal[1])
        )
        site = self._stuffing_site(chain, mechanisms, day, index, rng)
        master, house = self._bill_numbers(chain, place, carrier, day, index)
        document = house or master
        filed = sailing.departure - timedelta(minutes=filing_lead)
        filing = SecurityFiling(
            document, filed, chain.broker_id, chain.manufacturer_id,
            chain.importer_id, chain.importer_id, chain.importer_id, chain.manufacturer_id, chain.importer_id,
            goods[0].country_of_origin, tuple(item.hs6 for item in goods), site, chain.consolidator_id,
        )  # fmt: skip
        shipment = Shipment(
            master, house, chain.chain_id, day, chain.carrier_id, sailing.vessel, sailing.voyage,
            f"{site.city}, {site.country}", route.port_of_loading, route.transshipment_ports,
            route.port_of_discharge, sailing.departure, sailing.arrival,
            sailing.departure - timedelta(minutes=manifest_lead), chain.manufacturer_id, chain.importer_id,
            chain.broker_id, chain.consolidator_id, boxes, goods, filing,
        )  # fmt: skip
        truth = GroundTruth(
            document, day, mechanisms, responsible_party(chain, self._sites, mechanisms), scheme,
            drafts[0].product.hs6, chain.origin_country, round(sum(d.kilograms for d in drafts), 1),
            round(sum(d.value_usd for d in drafts), 2),
        )  # fmt: skip
        return shipment, truth

    def _bill_numbers(
        self, chain: SupplyChain, place: SharedBox | None, carrier: Party, day: int, index: int
    ) -> tuple[str, str | None]:
        """Master bill (carrier code, day, bill) and, when consolidated, the consolidator's house bill."""
        if place is None:
            return f"{carrier.identifier}{day:04d}{index:06d}", None
        consolidator = self._parties[str(chain.consolidator_id)]
        return place.master_bill, f"{consolidator.identifier}{day:04d}{index:06d}"

    def _stuffing_site(
        self,
        chain: SupplyChain,
        mechanisms: tuple[Mechanism, ...],
        day: int,
        index: int,
        rng: np.random.Generator,
    ) -> Site:
        """The mapped site, or for a breach of that kind an address on no one's map."""
        site = self._sites[chain.stuffing_site_id]
        if Mechanism.UNKNOWN_STUFFING_POINT not in mechanisms:
            return site
        country = _COUNTRY[chain.origin_country]
        city = country.cities[int(rng.integers(len(country.cities)))]
        address = f"Unit {int(rng.integers(1, 99))}, Lot {int(rng.integers(1, 999))}, {city}"
        return Site(f"UNK-D{day:04d}-{index:06d}", None, "warehouse", country.code, city, address)


def _sailing_order(shipment: Shipment) -> tuple[str, ...]:
    """Carrier, sailing and route first, so bills of a sailing are adjacent; the bill number breaks ties."""
    return (
        shipment.carrier_id, shipment.loading_at.isoformat(), shipment.vessel, shipment.voyage,
        shipment.port_of_loading, shipment.port_of_discharge, shipment.arrival_on.isoformat(),
        shipment.transport_document,
    )  # fmt: skip
