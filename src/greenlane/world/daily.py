"""Generates one day of the world's shipments, with their ground truth, from the day's own random stream.

Each day draws from a stream keyed by (seed, day), so any day can be produced alone, in any order, and the
same seed always gives the same bills: that is what lets a month or a year stream to disk in bounded
memory and still be byte-identical between runs. A day's bills pick their chains by frequency; uniform
draws decide violations against the chain's calibrated propensities (a drift scheme adds its own once
active), and the shipment is then routed, loaded, valued, declared and filed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import numpy as np

from greenlane.world.chains import SupplyChain
from greenlane.world.equipment import BoxYard, pack_consolidated
from greenlane.world.geography import COUNTRIES, HUBS, US_PORTS
from greenlane.world.goods import declare, true_lines
from greenlane.world.loads import (
    FILL_RANGE,
    LCL_FILL_RANGE,
    VALUE_NOISE_SIGMA,
    box_type,
    fcl_box_count,
    full_box_kg,
)
from greenlane.world.parties import Party, Site
from greenlane.world.products import Product
from greenlane.world.propensity import ChainPropensity
from greenlane.world.routing import launder, route_of, service_key, vessel_and_voyage
from greenlane.world.shipments import Equipment, SecurityFiling, Shipment
from greenlane.world.truth import DriftScheme, GroundTruth, Mechanism
from greenlane.world.violations import choose_mechanisms, responsible_party

__all__ = ["DayBatch", "DayGenerator"]

_DAY_STREAM = 7
_MIS, _CON, _SEC, _LATE_M, _LATE_I, _VAGUE, _INVALID, _FILL, _HOUR, _TRANSIT, _DRIFT, _BOXES, _TYPE = range(
    13
)
_COLUMNS = 13
_COUNTRY = {country.code: country for country in COUNTRIES}
_COAST = {port.locode: port.coast for port in US_PORTS}


@dataclass(frozen=True, slots=True)
class DayBatch:
    """One loading day: its bills as filed and, apart, the truth about each of them."""

    day: int
    loading_date: date
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
        self._services = [service_key(chain) for chain in chains]

    def generate(self, day: int) -> DayBatch:
        """All bills loaded on start + day, in a fixed order."""
        rng = np.random.default_rng(np.random.SeedSequence(self._seed, spawn_key=(_DAY_STREAM, day)))
        count = int(rng.poisson(self._rate))
        picks = np.minimum(
            np.searchsorted(self._cumulative, rng.random(count), side="right"), len(self._chains) - 1
        )
        draws = rng.random((count, _COLUMNS))
        normals = rng.standard_normal((count, 2))
        yard = BoxYard(day, rng)
        shared = self._consolidate(day, picks, draws, yard)
        shipments, truths = [], []
        for index in range(count):
            shipment, truth = self._bill(
                day, index, int(picks[index]), draws[index], normals[index], yard, shared, rng
            )
            shipments.append(shipment)
            truths.append(truth)
        return DayBatch(day, self._start + timedelta(days=day), tuple(shipments), tuple(truths))

    def _consolidate(
        self, day: int, picks: np.ndarray, draws: np.ndarray, yard: BoxYard
    ) -> dict[int, tuple[Equipment, str, float]]:
        """Shared box, master bill and fill share for every consolidated house bill of the day."""
        members = [i for i in range(len(picks)) if self._chains[int(picks[i])].less_than_container_load]
        low, high = LCL_FILL_RANGE
        keys, fills = [], []
        for i in members:
            chain = self._chains[int(picks[i])]
            reefer = self._products[int(picks[i])][0].reefer
            keys.append(
                (
                    chain.consolidator_id,
                    chain.port_of_loading,
                    chain.transshipment_port,
                    chain.carrier_id,
                    chain.port_of_discharge,
                    reefer,
                )
            )
            fills.append(low + (high - low) * float(draws[i, _FILL]))
        boxes: dict[int, tuple[Equipment, str]] = {}
        shared: dict[int, tuple[Equipment, str, float]] = {}
        for i, box_index, key, fill in zip(members, pack_consolidated(keys, fills), keys, fills, strict=True):
            if box_index not in boxes:
                code = self._parties[str(key[3])].identifier
                equipment = yard.box(code, "45R1" if key[5] else "45G1", invalid=False)
                boxes[box_index] = (equipment, f"{code}{day:04d}C{box_index:05d}")
            equipment, master = boxes[box_index]
            shared[i] = (equipment, master, fill)
        return shared

    def _equipment(
        self,
        k: int,
        index: int,
        row: np.ndarray,
        yard: BoxYard,
        shared: dict[int, tuple[Equipment, str, float]],
        mechanisms: tuple[Mechanism, ...],
        rng: np.random.Generator,
    ) -> tuple[tuple[Equipment, ...], list[float]]:
        """The bill's boxes and the fill share of each; a wrong check digit or missing seal on a few."""
        invalid = float(row[_INVALID]) < self._p.invalid_container[k]
        tampered = Mechanism.TAMPERED_SEAL in mechanisms or Mechanism.RIP_ON_IN_TRANSIT in mechanisms
        missing_seal = float(row[_TYPE]) < (0.2 if tampered else 0.003)
        if index in shared:
            box, _, fill = shared[index]
            if invalid:
                box = Equipment(
                    box.number[:-1] + str((int(box.number[-1]) + 1) % 10), box.size_type, box.seals
                )
            return (box,), [fill]
        chain = self._chains[k]
        size = self._parties[chain.importer_id].size
        code = self._parties[chain.carrier_id].identifier
        kind = box_type(self._products[k][0], float(row[_TYPE]))
        low, high = FILL_RANGE
        boxes, fills = [], []
        for number in range(fcl_box_count(size, 1.0 - float(row[_BOXES]))):
            boxes.append(yard.box(code, kind, invalid=invalid and number == 0, missing_seal=missing_seal))
            fills.append(low + (high - low) * (float(row[_FILL]) if number == 0 else float(rng.random())))
        return tuple(boxes), fills

    def _bill(
        self,
        day: int,
        index: int,
        k: int,
        row: np.ndarray,
        normal: np.ndarray,
        yard: BoxYard,
        shared: dict[int, tuple[Equipment, str, float]],
        rng: np.random.Generator,
    ) -> tuple[Shipment, GroundTruth]:
        chain, country = self._chains[k], _COUNTRY[self._chains[k].origin_country]
        draws = (float(row[_MIS]), float(row[_CON]), float(row[_SEC]), float(row[_DRIFT]))
        mechanisms, scheme = choose_mechanisms(chain, self._sites, self._p, k, draws, day, self._drift)
        coast = _COAST[chain.port_of_discharge]
        route = route_of(chain, country, coast)
        laundered = None
        if Mechanism.ORIGIN_LAUNDERING in mechanisms:
            hub = chain.transshipment_port or next(
                h for h in HUBS[country.region] if h != chain.port_of_loading
            )
            route, laundered = launder(route, hub), hub[:2]
        boxes, fills = self._equipment(k, index, row, yard, shared, mechanisms, rng)
        kilograms = [
            sum(full_box_kg(p, b.size_type) * f for b, f in zip(boxes, fills, strict=True))
            for p in self._products[k]
        ]
        drafts = true_lines(self._products[k], kilograms, country.price_factor, rng, VALUE_NOISE_SIGMA)
        contraband = any(
            m in mechanisms for m in (Mechanism.CONCEALMENT_AT_STUFFING, Mechanism.RIP_ON_IN_TRANSIT)
        )
        vague = float(row[_VAGUE]) < self._p.vague_description[k] * (3.0 if contraband else 1.0)
        goods = declare(drafts, chain.origin_country, mechanisms, laundered, vague, rng)
        loading_date = self._start + timedelta(days=day)
        loading_at = datetime.combine(loading_date, time(0), UTC) + timedelta(
            minutes=int(float(row[_HOUR]) * 1440)
        )
        low, high = route.transit
        carrier = self._parties[chain.carrier_id]
        vessel, voyage = vessel_and_voyage(carrier.name, self._services[k], day // 7, coast)
        late_boost = 2.0 if contraband else 1.0
        manifest_lead = _lead_minutes(
            float(row[_LATE_M]), self._p.late_manifest[k] * late_boost, float(normal[0])
        )
        filing_lead = _lead_minutes(
            float(row[_LATE_I]), self._p.late_security_filing[k] * late_boost, float(normal[1])
        )
        site = self._stuffing_site(chain, mechanisms, day, index, rng)
        if index in shared:
            master, house = (
                shared[index][1],
                f"{self._parties[str(chain.consolidator_id)].identifier}{day:04d}{index:06d}",
            )
        else:
            master, house = f"{carrier.identifier}{day:04d}{index:06d}", None
        document = house or master
        filing = SecurityFiling(
            document,
            loading_at - timedelta(minutes=filing_lead),
            chain.broker_id,
            chain.manufacturer_id,
            chain.importer_id,
            chain.importer_id,
            chain.importer_id,
            chain.manufacturer_id,
            chain.importer_id,
            goods[0].country_of_origin,
            tuple(item.hs6 for item in goods),
            site,
            chain.consolidator_id,
        )
        shipment = Shipment(
            master,
            house,
            chain.chain_id,
            day,
            chain.carrier_id,
            vessel,
            voyage,
            f"{site.city}, {site.country}",
            route.port_of_loading,
            route.transshipment_ports,
            route.port_of_discharge,
            loading_at,
            loading_date + timedelta(days=low + int(float(row[_TRANSIT]) * (high - low + 1))),
            loading_at - timedelta(minutes=manifest_lead),
            chain.manufacturer_id,
            chain.importer_id,
            chain.broker_id,
            chain.consolidator_id,
            boxes,
            goods,
            filing,
        )
        truth = GroundTruth(
            document,
            day,
            mechanisms,
            responsible_party(chain, self._sites, mechanisms),
            scheme,
            drafts[0].product.hs6,
            chain.origin_country,
            round(sum(d.kilograms for d in drafts), 1),
            round(sum(d.value_usd for d in drafts), 2),
        )
        return shipment, truth

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
        return Site(
            f"UNK-D{day:04d}-{index:06d}",
            None,
            "warehouse",
            country.code,
            city,
            f"Unit {int(rng.integers(1, 99))}, Lot {int(rng.integers(1, 999))}, {city}",
        )
