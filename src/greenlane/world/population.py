"""Creates the people of the trade world: carriers, consolidators, brokers, foreign manufacturers, US
importers, port authorities and terminal operators, with their sizes, places and latent diligence.

Sizes are heavy-tailed (a few carriers and importers move most of the cargo, as in real trade), so that
program reach measured by value differs from reach measured by count, which is exactly why the public
figure is a value share. Manufacturers sit in origin countries in proportion to trade weight and make a
few tariff lines their country plausibly ships; consolidators run freight stations in several origin
countries. Diligence is a standard normal latent trait per party from which membership, tier and hidden
behaviour are all later derived.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from greenlane.core.types import EntityType
from greenlane.world.geography import COUNTRIES, US_PORTS, Country
from greenlane.world.names import NameBook
from greenlane.world.parties import Party, Site
from greenlane.world.products import products_by_origin
from greenlane.world.sampling import cumulative, pick, pick_distinct
from greenlane.world.scales import ScaleProfile

__all__ = ["Population", "create_population"]

_CARRIER_HOMES = (
    ("DK", "Copenhagen"),
    ("CH", "Geneva"),
    ("FR", "Marseille"),
    ("CN", "Shanghai"),
    ("DE", "Hamburg"),
    ("TW", "Taipei"),
    ("JP", "Tokyo"),
    ("KR", "Seoul"),
    ("SG", "Singapore"),
    ("IL", "Haifa"),
)


@dataclass
class Population:
    """Parties by kind plus what the chain builder needs to know about them."""

    parties: dict[str, Party] = field(default_factory=dict)
    diligence: dict[str, float] = field(default_factory=dict)
    sites: dict[str, Site] = field(default_factory=dict)
    factory_of: dict[str, str] = field(default_factory=dict)
    products_of: dict[str, tuple[str, ...]] = field(default_factory=dict)
    stations_of: dict[str, dict[str, str]] = field(default_factory=dict)
    terminals_at: dict[str, list[str]] = field(default_factory=dict)

    def of_type(self, entity_type: EntityType) -> list[Party]:
        return [party for party in self.parties.values() if party.entity_type is entity_type]

    def add(self, party: Party, diligence: float) -> None:
        self.parties[party.party_id] = party
        self.diligence[party.party_id] = diligence


def _add_carriers(pop: Population, book: NameBook, rng: np.random.Generator, count: int) -> None:
    # Market shares fall off like a power law: the top handful of lines carry most boxes.
    for index in range(count):
        name, scac = book.carrier(index)
        country, city = _CARRIER_HOMES[int(rng.integers(len(_CARRIER_HOMES)))]
        size = float((index + 1) ** -0.9)
        party = Party(
            f"CAR{index + 1:04d}", name, EntityType.SEA_CARRIER, country, city, book.address(city), scac, size
        )
        pop.add(party, float(rng.standard_normal()))


def _add_consolidators(pop: Population, book: NameBook, rng: np.random.Generator, count: int) -> None:
    weights = np.array([country.weight for country in COUNTRIES])
    totals = cumulative(weights)
    for index in range(count):
        home = COUNTRIES[pick(rng, totals)] if rng.random() < 0.6 else None
        country_code = home.code if home else "US"
        city = home.cities[int(rng.integers(len(home.cities)))] if home else book.us_city()
        party_id = f"CON{index + 1:05d}"
        name = book.company(country_code, city, "Logistics")
        party = Party(
            party_id,
            name,
            EntityType.CONSOLIDATOR,
            country_code,
            city,
            book.address(city),
            book.filer_code(),
            float(rng.lognormal(0.0, 1.0)),
        )
        pop.add(party, float(rng.standard_normal()))
        station_count = int(rng.integers(2, 9))
        stations: dict[str, str] = {}
        for chosen in pick_distinct(rng, weights, station_count):
            station_country = COUNTRIES[chosen]
            site_city = station_country.cities[int(rng.integers(len(station_country.cities)))]
            site = Site(
                f"CFS-{party_id}-{station_country.code}",
                party_id,
                "cfs",
                station_country.code,
                site_city,
                book.address(site_city),
            )
            pop.sites[site.site_id] = site
            stations[station_country.code] = site.site_id
        pop.stations_of[party_id] = stations


def _add_manufacturers(pop: Population, book: NameBook, rng: np.random.Generator, count: int) -> None:
    totals = cumulative([country.weight for country in COUNTRIES])
    catalogue = products_by_origin()
    line_weights = {code: np.array([weight for _, weight in lines]) for code, lines in catalogue.items()}
    for index in range(count):
        country: Country = COUNTRIES[pick(rng, totals)]
        city = country.cities[int(rng.integers(len(country.cities)))]
        party_id = f"MFR{index + 1:06d}"
        name = book.company(country.code, city)
        address = book.address(city)
        mid = book.manufacturer_id(country.code, name, address, city)
        party = Party(
            party_id,
            name,
            EntityType.FOREIGN_MANUFACTURER,
            country.code,
            city,
            address,
            mid,
            float(rng.lognormal(0.0, 1.2)),
        )
        pop.add(party, float(rng.standard_normal()))
        lines = catalogue[country.code]
        picks = pick_distinct(rng, line_weights[country.code], min(len(lines), int(rng.integers(1, 4))))
        pop.products_of[party_id] = tuple(lines[p][0].hs6 for p in picks)
        site = Site(f"FAC-{party_id}", party_id, "factory", country.code, city, address)
        pop.sites[site.site_id] = site
        pop.factory_of[party_id] = site.site_id


def _add_us_parties(pop: Population, book: NameBook, rng: np.random.Generator, profile: ScaleProfile) -> None:
    for index in range(profile.brokers):
        city = book.us_city()
        party = Party(
            f"BRK{index + 1:05d}",
            book.company("US", city, "Customs Brokerage"),
            EntityType.CUSTOMS_BROKER,
            "US",
            city,
            book.address(city),
            book.filer_code(),
            float(rng.lognormal(0.0, 1.0)),
        )
        pop.add(party, float(rng.standard_normal()))
    for index in range(profile.importers):
        city = book.us_city()
        # Importer sizes are the most skewed of all: the value share of members hangs on the big ones.
        party = Party(
            f"IMP{index + 1:06d}",
            book.company("US", city),
            EntityType.IMPORTER,
            "US",
            city,
            book.address(city),
            book.importer_number(),
            # Capped at 2.5 sigma: a small world must not hand most of its trade to one importer.
            min(40.0, float(rng.lognormal(0.0, 1.6))),
        )
        # Big importers run compliance departments: their diligence leans with their size (log sd 1.6).
        pop.add(party, 0.9 * float(rng.standard_normal()) + 0.3 * math.log(party.size))
    ports = [
        port for port in US_PORTS if not profile.discharge_ports or port.locode in profile.discharge_ports
    ]
    for port in ports:
        authority = Party(
            f"PA-{port.locode}",
            f"Port of {port.name}",
            EntityType.PORT_AUTHORITY,
            "US",
            port.name,
            f"1 Harbor Plaza, {port.name}",
            port.locode,
            float(port.teu) / 1e6,
            port=port.locode,
        )
        pop.add(authority, float(rng.standard_normal()))
        terminals: list[str] = []
        terminal_count = 3 if port.teu > 5_000_000 else 2
        for number in range(1, terminal_count + 1):
            terminal = Party(
                f"TO-{port.locode}-{number}",
                f"{port.name} Container Terminal {number}",
                EntityType.MARINE_TERMINAL_OPERATOR,
                "US",
                port.name,
                f"Berth {100 + number}, {port.name}",
                f"{port.locode}T{number}",
                float(rng.lognormal(0.0, 0.5)),
                port=port.locode,
            )
            pop.add(terminal, float(rng.standard_normal()))
            terminals.append(terminal.party_id)
        pop.terminals_at[port.locode] = terminals


def create_population(profile: ScaleProfile, rng: np.random.Generator) -> Population:
    """Every party of a world of the given scale, none yet enrolled; the order of creation is fixed."""
    pop = Population()
    book = NameBook(rng)
    _add_carriers(pop, book, rng, profile.carriers)
    _add_consolidators(pop, book, rng, profile.consolidators)
    _add_manufacturers(pop, book, rng, profile.manufacturers)
    _add_us_parties(pop, book, rng, profile)
    return pop
