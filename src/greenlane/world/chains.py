"""Supply chains: the fixed routes by which each importer's goods reach it, link by link.

A chain runs manufacturer -> stuffing point -> (consolidator) -> port of loading -> (transshipment hub)
-> ocean carrier -> US port of discharge and terminal -> customs broker -> importer, for a few tariff
lines the manufacturer makes. Partners are picked by size, and diligent importers lean towards trusted
partners (members, or holders of a recognised foreign programme) as the business-partner criteria ask,
while careless ones do not: so weak links cluster outside the program, but not only there. A stuffing
point nobody mapped (a third-party warehouse without a known owner) is the classic weak link.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from greenlane.core.types import EntityType
from greenlane.world.geography import COUNTRIES, HUBS, US_PORTS, Country, Region, coast_affinity
from greenlane.world.parties import Party, Site
from greenlane.world.population import Population
from greenlane.world.products import PRODUCTS
from greenlane.world.sampling import cumulative, pick
from greenlane.world.scales import ScaleProfile

__all__ = ["SupplyChain", "build_chains"]

_REEFER = {product.hs6: product.reefer for product in PRODUCTS}


@dataclass(frozen=True, slots=True)
class SupplyChain:
    chain_id: str
    importer_id: str
    manufacturer_id: str
    stuffing_site_id: str
    consolidator_id: str | None
    less_than_container_load: bool
    origin_country: str
    port_of_loading: str
    transshipment_port: str | None
    carrier_id: str
    port_of_discharge: str
    terminal_id: str | None
    broker_id: str
    hs6: tuple[str, ...]
    frequency: float

    def links(self) -> tuple[tuple[str, str | None], ...]:
        """Each role in the chain and the party filling it (None for a stuffing point with no known owner)."""
        return (
            ("manufacturer", self.manufacturer_id),
            ("consolidator", self.consolidator_id),
            ("carrier", self.carrier_id),
            ("terminal", self.terminal_id),
            ("broker", self.broker_id),
        )

    def weak_links(self, parties: dict[str, Party], sites: dict[str, Site]) -> tuple[str, ...]:
        """Roles held by a party that is neither an active member nor in a recognised programme.

        An unmapped stuffing point is weak whoever owns the goods; a missing optional role (no consolidator)
        is not a link at all.
        """
        weak = [
            role
            for role, party_id in self.links()
            if party_id is not None and not parties[party_id].is_trusted
        ]
        site = sites[self.stuffing_site_id]
        if not site.known or (site.owner_id is not None and not parties[site.owner_id].is_trusted):
            weak.insert(1, "stuffing_point")
        return tuple(weak)


class _Picker:
    """Weighted choices among parties of one kind, tilted towards trusted ones for diligent importers.

    Two stages (trusted or not, then by size within the group) keep each pick logarithmic in the number of
    parties, which matters for a nation-scale world with tens of thousands of manufacturers.
    """

    def __init__(self, parties: list[Party]) -> None:
        groups = ([p for p in parties if p.is_trusted], [p for p in parties if not p.is_trusted])
        self.ids = [[p.party_id for p in group] for group in groups]
        self.cumulative = [np.cumsum([p.size for p in group]) for group in groups]
        self.empty = not parties

    def pick(self, rng: np.random.Generator, diligence: float) -> str:
        """Trusted parties weigh exp(0.9 x diligence) times their size: careless importers avoid them."""
        trusted_mass = float(self.cumulative[0][-1]) * math.exp(0.9 * diligence) if self.ids[0] else 0.0
        other_mass = float(self.cumulative[1][-1]) if self.ids[1] else 0.0
        group = 0 if rng.random() * (trusted_mass + other_mass) < trusted_mass else 1
        cumulative = self.cumulative[group]
        index = int(np.searchsorted(cumulative, rng.random() * float(cumulative[-1]), side="right"))
        return self.ids[group][min(index, len(self.ids[group]) - 1)]


class _Builder:
    def __init__(self, pop: Population, profile: ScaleProfile, rng: np.random.Generator) -> None:
        self.pop, self.rng = pop, rng
        makers = pop.of_type(EntityType.FOREIGN_MANUFACTURER)
        self.makers = {c.code: _Picker([p for p in makers if p.country == c.code]) for c in COUNTRIES}
        # A small world may have no manufacturer in a minor origin: that origin then ships nothing.
        self.country_totals = cumulative([0.0 if self.makers[c.code].empty else c.weight for c in COUNTRIES])
        self.loading_totals = {c.code: cumulative([w for _, w in c.ports]) for c in COUNTRIES}
        consolidators = pop.of_type(EntityType.CONSOLIDATOR)
        self.forwarders = {
            c.code: _Picker([p for p in consolidators if c.code in pop.stations_of[p.party_id]])
            for c in COUNTRIES
        }
        self.carriers = _Picker(pop.of_type(EntityType.SEA_CARRIER))
        self.brokers = _Picker(pop.of_type(EntityType.CUSTOMS_BROKER))
        self.ports = [
            p for p in US_PORTS if not profile.discharge_ports or p.locode in profile.discharge_ports
        ]
        self.discharge_totals = {
            region: cumulative([p.teu * coast_affinity(region, p.coast) for p in self.ports])
            for region in Region
        }
        self.unknown_sites = 0

    def origin(self, preferred: list[Country]) -> Country:
        """A preferred origin four times in five, else any origin by trade weight."""
        if preferred and self.rng.random() < 0.8:
            return preferred[int(self.rng.integers(len(preferred)))]
        return COUNTRIES[pick(self.rng, self.country_totals)]

    def _discharge(self, country: Country) -> str:
        return self.ports[pick(self.rng, self.discharge_totals[country.region])].locode

    def _stuffing_site(
        self, maker: str, forwarder: str | None, lcl: bool, country: Country, care: float
    ) -> str:
        if lcl and forwarder is not None:
            return self.pop.stations_of[forwarder][country.code]
        # Careless importers buying from careless makers let goods be stuffed in unmapped warehouses.
        if self.rng.random() < 0.12 * 2.0 / (1.0 + math.exp(care)):
            self.unknown_sites += 1
            city = country.cities[int(self.rng.integers(len(country.cities)))]
            number = int(self.rng.integers(1, 999))
            site = Site(
                f"UNK-{self.unknown_sites:06d}",
                None,
                "warehouse",
                country.code,
                city,
                f"Warehouse {number}, {city}",
            )
            self.pop.sites[site.site_id] = site
            return site.site_id
        return self.pop.factory_of[maker]

    def _transshipment(self, country: Country, loading: str) -> str | None:
        if self.rng.random() >= country.transship_share:
            return None
        hubs = [hub for hub in HUBS[country.region] if hub != loading]
        return hubs[int(self.rng.integers(len(hubs)))]

    def chain(self, index: int, importer: Party, preferred: list[Country], share: float) -> SupplyChain:
        """One chain of the importer, its links picked by size and tilted by the importer's diligence."""
        rng, care = self.rng, self.pop.diligence[importer.party_id]
        country = self.origin(preferred)
        maker = self.makers[country.code].pick(rng, care)
        forwarders = self.forwarders[country.code]
        forwarder = forwarders.pick(rng, care) if not forwarders.empty and rng.random() < 0.45 else None
        lcl = forwarder is not None and rng.random() < (0.7 if importer.size < 1.0 else 0.35)
        site = self._stuffing_site(maker, forwarder, lcl, country, care + self.pop.diligence[maker])
        loading = country.ports[pick(rng, self.loading_totals[country.code])][0]
        discharge = self._discharge(country)
        terminals = self.pop.terminals_at.get(discharge, [])
        products = self.pop.products_of[maker]
        # Chilled and dry goods never share a box, so a chain carries one kind or the other.
        lines = tuple(code for code in products if _REEFER[code] == _REEFER[products[0]])
        lines = lines[: int(rng.integers(1, len(lines) + 1))]
        return SupplyChain(
            chain_id=f"CH{index + 1:07d}",
            importer_id=importer.party_id,
            manufacturer_id=maker,
            stuffing_site_id=site,
            consolidator_id=forwarder,
            less_than_container_load=lcl,
            origin_country=country.code,
            port_of_loading=loading,
            transshipment_port=self._transshipment(country, loading),
            carrier_id=self.carriers.pick(rng, care),
            port_of_discharge=discharge,
            terminal_id=terminals[int(rng.integers(len(terminals)))] if terminals else None,
            broker_id=self.brokers.pick(rng, care),
            hs6=lines,
            frequency=share,
        )


def build_chains(pop: Population, profile: ScaleProfile, rng: np.random.Generator) -> list[SupplyChain]:
    """Every importer's chains, with frequencies summing to one across the world (a share of all bills).

    Bigger importers run more chains; each importer sources mostly from one or two preferred countries.
    """
    builder = _Builder(pop, profile, rng)
    importers = pop.of_type(EntityType.IMPORTER)
    total_size = sum(p.size for p in importers)
    chains: list[SupplyChain] = []
    for importer in importers:
        count = 1 + min(11, int(rng.poisson(1.2 * math.sqrt(importer.size))))
        preferred = [builder.origin([]) for _ in range(1 + int(rng.random() < 0.4))]
        shares = rng.dirichlet(np.ones(count)) * importer.size / total_size
        for share in shares:
            chains.append(builder.chain(len(chains), importer, preferred, float(share)))
    return chains
