"""The synthetic trade world as one object: build it from a seed and parameters, then ask it for any day.

Building runs in stages, each from its own random stream keyed by the seed: the population, program
membership (by count for most kinds, by value for importers), the supply chains, hidden behaviour, the
calibrated propensities and the drift schemes. Separate streams keep the stages independent, so changing
one parameter (say the membership year) leaves unrelated draws alone. Shipments are not stored: each day
is generated on demand from its own stream, which keeps memory flat however long the world runs.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

import numpy as np

from greenlane.core.errors import ValidationFailed
from greenlane.core.types import EntityType
from greenlane.world.calibration import FilingRates, MembershipTargets, ViolationRates
from greenlane.world.chains import SupplyChain, build_chains
from greenlane.world.daily import DayBatch, DayGenerator
from greenlane.world.geography import COUNTRIES
from greenlane.world.loads import expected_bill_value
from greenlane.world.membership import assign_mra, enrol_by_count, enrol_by_value
from greenlane.world.parties import Behaviour, Party, Site
from greenlane.world.population import Population, create_population
from greenlane.world.products import PRODUCTS
from greenlane.world.propensity import ChainPropensity, compute_propensities
from greenlane.world.scales import Scale
from greenlane.world.shipments import Shipment
from greenlane.world.truth import DriftScheme, GroundTruth, default_drift

__all__ = ["World", "WorldParams", "build_world"]

_POPULATION, _MEMBERSHIP, _CHAINS, _BEHAVIOUR, _DRIFT = range(1, 6)
_PRODUCTS = {product.hs6: product for product in PRODUCTS}
_PRICE = {country.code: country.price_factor for country in COUNTRIES}


@dataclass(frozen=True, slots=True)
class WorldParams:
    """Everything that fixes a world; the same parameters always give the same world, bill for bill."""

    seed: int = 0
    days: int = 30
    scale: Scale = Scale.SMALL
    start: date = date(2024, 1, 1)
    membership: MembershipTargets = field(default_factory=MembershipTargets)
    violations: ViolationRates = field(default_factory=ViolationRates)
    filing: FilingRates = field(default_factory=FilingRates)
    drift: tuple[DriftScheme, ...] = field(default_factory=default_drift)
    bills_per_day: float | None = None

    def __post_init__(self) -> None:
        if self.seed < 0:
            raise ValidationFailed("the seed must be a non-negative integer", field="seed")
        if not 1 <= self.days <= 9999:
            raise ValidationFailed("days must be between 1 and 9999", field="days")
        if self.bills_per_day is not None and self.bills_per_day <= 0:
            raise ValidationFailed("bills per day must be positive", field="bills_per_day")

    @property
    def daily_bills(self) -> float:
        """Mean bills per day: the explicit override, else the scale's volume."""
        return self.bills_per_day if self.bills_per_day is not None else self.scale.profile.bills_per_day

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready description, recorded next to the generated files."""
        return {
            "seed": self.seed,
            "days": self.days,
            "scale": self.scale.value,
            "start": self.start.isoformat(),
            "bills_per_day": self.daily_bills,
            "membership": asdict(self.membership),
            "violations": asdict(self.violations),
            "filing": asdict(self.filing),
            "drift": [{**asdict(s), "mechanism": s.mechanism.value} for s in self.drift],
        }


@dataclass
class World:
    """Parties, sites, chains and hidden behaviour of a world; shipments come day by day."""

    params: WorldParams
    parties: dict[str, Party]
    sites: dict[str, Site]
    chains: list[SupplyChain]
    behaviour: dict[str, Behaviour]
    propensity: ChainPropensity
    drift_importers: dict[str, tuple[str, ...]]
    _generator: DayGenerator = field(repr=False)

    def day(self, day: int) -> DayBatch:
        """The bills booked on start + day (0-based), and their ground truth."""
        if not 0 <= day < self.params.days:
            raise ValidationFailed(f"day must be between 0 and {self.params.days - 1}", field="day")
        return self._generator.generate(day)

    def days(self) -> Iterator[DayBatch]:
        """Every day in order, each generated when asked for and dropped after: memory holds one day."""
        for day in range(self.params.days):
            yield self._generator.generate(day)

    def shipments(self) -> Iterator[Shipment]:
        """Every bill of every day, as filed; the truth is in ground_truth(), in the same order."""
        for batch in self.days():
            yield from batch.shipments

    def ground_truth(self) -> Iterator[GroundTruth]:
        """The truth about every bill, clean ones included, in the order of shipments()."""
        for batch in self.days():
            yield from batch.truths

    def parties_of(self, entity_type: EntityType) -> list[Party]:
        return [party for party in self.parties.values() if party.entity_type is entity_type]


def _stream(seed: int, stage: int) -> np.random.Generator:
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(stage,)))


def _enrol(pop: Population, params: WorldParams, chains_rng: np.random.Generator) -> list[SupplyChain]:
    """Enrol by count, build the chains, then enrol importers by value.

    The order matters: chains lean towards trusted partners, so partners' standing must exist first, and
    importers' expected import value only exists once their chains do.
    """
    targets, rng = params.membership, _stream(params.seed, _MEMBERSHIP)
    for entity_type, share in (
        (EntityType.SEA_CARRIER, targets.carrier_share),
        (EntityType.CUSTOMS_BROKER, targets.broker_share),
        (EntityType.CONSOLIDATOR, targets.consolidator_share),
        (EntityType.FOREIGN_MANUFACTURER, targets.manufacturer_share),
        (EntityType.MARINE_TERMINAL_OPERATOR, targets.terminal_share),
        (EntityType.PORT_AUTHORITY, targets.terminal_share),
    ):
        enrol_by_count(pop, entity_type, share, targets, rng)
    assign_mra(pop, targets.mra_share, rng)
    chains = build_chains(pop, params.scale.profile, chains_rng)
    values: dict[str, float] = {}
    for chain in chains:
        importer = pop.parties[chain.importer_id]
        products = tuple(_PRODUCTS[code] for code in chain.hs6)
        bill = expected_bill_value(
            products, chain.less_than_container_load, importer.size, _PRICE[chain.origin_country]
        )
        values[chain.importer_id] = values.get(chain.importer_id, 0.0) + chain.frequency * bill
    enrol_by_value(pop, values, targets, rng)
    return chains


def _drift_masks(
    params: WorldParams, pop: Population, chains: list[SupplyChain], behaviour: dict[str, Behaviour]
) -> tuple[tuple[tuple[DriftScheme, np.ndarray], ...], dict[str, tuple[str, ...]]]:
    """For each scheme, the chains of the importers it recruits: drawn from the most compliant half."""
    rng = _stream(params.seed, _DRIFT)
    importers = sorted(
        (p.party_id for p in pop.of_type(EntityType.IMPORTER)), key=lambda pid: -behaviour[pid].compliance
    )
    # Schemes recruit among the most compliant half, leaving out the largest fifth of importers: a scheme
    # hides in ordinary-sized traffic, and one giant recruit would swamp every other figure of the world.
    sizes = sorted(pop.parties[pid].size for pid in importers)
    ceiling = sizes[int(0.8 * (len(sizes) - 1))]
    clean = [pid for pid in importers[: max(1, len(importers) // 2)] if pop.parties[pid].size <= ceiling]
    masks, recruits = [], {}
    for scheme in params.drift:
        count = max(1, round(scheme.importer_share * len(importers)))
        chosen = {clean[int(i)] for i in rng.choice(len(clean), size=min(count, len(clean)), replace=False)}
        masks.append((scheme, np.array([chain.importer_id in chosen for chain in chains], dtype=bool)))
        recruits[scheme.name] = tuple(sorted(chosen))
    return tuple(masks), recruits


def build_world(params: WorldParams | None = None) -> World:
    """A complete world, calibrated to the parameters' targets; cheap next to generating its shipments."""
    params = params or WorldParams()
    profile = params.scale.profile
    pop = create_population(profile, _stream(params.seed, _POPULATION))
    chains = _enrol(pop, params, _stream(params.seed, _CHAINS))
    rng = _stream(params.seed, _BEHAVIOUR)
    noise = rng.standard_normal((len(pop.parties), 2))
    behaviour = {
        pid: Behaviour.derive(party, pop.diligence[pid], (float(noise[i, 0]), float(noise[i, 1])))
        for i, (pid, party) in enumerate(pop.parties.items())
    }
    propensity = compute_propensities(
        chains, pop.parties, pop.sites, behaviour, _PRODUCTS, params.violations, params.filing
    )
    drift, recruits = _drift_masks(params, pop, chains, behaviour)
    generator = DayGenerator(
        seed=params.seed,
        start=params.start,
        bills_per_day=params.daily_bills,
        parties=pop.parties,
        sites=pop.sites,
        chains=chains,
        propensity=propensity,
        products=_PRODUCTS,
        drift=drift,
    )
    return World(params, pop.parties, pop.sites, chains, behaviour, propensity, recruits, generator)
