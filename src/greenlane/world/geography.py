"""Countries and ports of the synthetic world, with the relative volumes that shape its trade lanes.

Origins carry weights close to their share of US containerised imports (China first, then Vietnam, Japan,
Korea, India, Germany and the rest), US ports of discharge carry their yearly TEU (Los Angeles 9.91 M and
Long Beach 9.13 M in 2022, from mission.md; the other ports' figures are rounded from port authority
reports and serve only as relative weights). Ports are named by UN/LOCODE so manifests look like the real
thing. Asian cargo mostly lands on the West Coast, European cargo on the East Coast; far origins without
direct services go through a transshipment hub.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "COUNTRIES",
    "HUBS",
    "MRA_PROGRAMS",
    "US_PORTS",
    "Coast",
    "Country",
    "Region",
    "UsPort",
    "coast_affinity",
    "region_of_port",
    "transit_days",
]


class Region(StrEnum):
    EAST_ASIA = "east_asia"
    SOUTHEAST_ASIA = "southeast_asia"
    SOUTH_ASIA = "south_asia"
    EUROPE = "europe"
    LATAM_PACIFIC = "latam_pacific"
    LATAM_ATLANTIC = "latam_atlantic"
    AFRICA = "africa"
    OCEANIA = "oceania"


class Coast(StrEnum):
    WEST = "west"
    EAST = "east"
    GULF = "gulf"


@dataclass(frozen=True, slots=True)
class Country:
    """An origin country: its weight in US imports, its seaports (LOCODE, weight), cities, hubs used."""

    code: str
    name: str
    region: Region
    weight: float
    ports: tuple[tuple[str, float], ...]
    cities: tuple[str, ...]
    transship_share: float
    price_factor: float = 1.0


@dataclass(frozen=True, slots=True)
class UsPort:
    locode: str
    name: str
    coast: Coast
    teu: int


def _country(
    code: str,
    name: str,
    region: Region,
    weight: float,
    ports: str,
    transship: float,
    price: float,
    cities: str,
) -> Country:
    """A table row: ports as 'LOCODE:weight' pairs, cities separated by '|'."""
    port_weights = tuple((item.split(":")[0], float(item.split(":")[1])) for item in ports.split())
    return Country(code, name, region, weight, port_weights, tuple(cities.split("|")), transship, price)


# Columns: code, name, region, weight (rough share of US containerised import value, percent), seaports,
# transshipment share, price factor (unit values of the same tariff line relative to the norm), cities.
# fmt: off
COUNTRIES: tuple[Country, ...] = (
    _country("CN", "China", Region.EAST_ASIA, 30.0, "CNSHA:5 CNNGB:4 CNYTN:4 CNTAO:2 CNXMN:1 CNTXG:1",
             0.08, 0.9,
             "Shanghai|Ningbo|Shenzhen|Dongguan|Qingdao|Xiamen|Guangzhou|Tianjin"),
    _country("VN", "Viet Nam", Region.SOUTHEAST_ASIA, 8.0, "VNSGN:3 VNCMT:2 VNHPH:2", 0.35, 0.85,
             "Ho Chi Minh City|Binh Duong|Hai Phong|Dong Nai|Da Nang"),
    _country("JP", "Japan", Region.EAST_ASIA, 6.0, "JPTYO:3 JPYOK:2 JPNGO:2 JPUKB:1", 0.05, 1.3,
             "Tokyo|Yokohama|Nagoya|Osaka|Kobe"),
    _country("KR", "Republic of Korea", Region.EAST_ASIA, 5.0, "KRPUS:5 KRINC:1", 0.05, 1.15,
             "Busan|Seoul|Incheon|Ulsan|Changwon"),
    _country("DE", "Germany", Region.EUROPE, 5.0, "DEHAM:3 DEBRV:2", 0.1, 1.4,
             "Hamburg|Bremen|Stuttgart|Munich|Dortmund"),
    _country("IN", "India", Region.SOUTH_ASIA, 5.0, "INNSA:3 INMUN:2 INMAA:1", 0.4, 0.8,
             "Mumbai|Chennai|Ahmedabad|Tiruppur|Ludhiana|Pune"),
    _country("TW", "Taiwan", Region.EAST_ASIA, 4.0, "TWKHH:3 TWTXG:1", 0.1, 1.1,
             "Kaohsiung|Taichung|Taipei|Tainan"),
    _country("MX", "Mexico", Region.LATAM_PACIFIC, 3.0, "MXZLO:3 MXLZC:1 MXVER:1", 0.05, 1.0,
             "Guadalajara|Monterrey|Queretaro|Puebla|Veracruz"),
    _country("TH", "Thailand", Region.SOUTHEAST_ASIA, 3.0, "THLCH:1", 0.4, 0.9,
             "Bangkok|Chonburi|Rayong|Samut Prakan"),
    _country("IT", "Italy", Region.EUROPE, 3.0, "ITGOA:2 ITSPE:2", 0.1, 1.4,
             "Milan|Genoa|Bologna|Florence|Verona"),
    _country("ID", "Indonesia", Region.SOUTHEAST_ASIA, 2.0, "IDTPP:2 IDSUB:1", 0.6, 0.8,
             "Jakarta|Surabaya|Semarang|Bandung"),
    _country("MY", "Malaysia", Region.SOUTHEAST_ASIA, 2.0, "MYPKG:2 MYTPP:1", 0.2, 0.95,
             "Kuala Lumpur|Penang|Johor Bahru|Shah Alam"),
    _country("BD", "Bangladesh", Region.SOUTH_ASIA, 1.5, "BDCGP:1", 0.95, 0.75,
             "Dhaka|Chattogram|Gazipur|Narayanganj"),
    _country("BR", "Brazil", Region.LATAM_ATLANTIC, 1.5, "BRSSZ:3 BRPNG:1", 0.3, 1.0,
             "Sao Paulo|Santos|Curitiba|Campinas"),
    _country("GB", "United Kingdom", Region.EUROPE, 1.5, "GBFXT:2 GBSOU:1", 0.15, 1.35,
             "London|Birmingham|Manchester|Glasgow"),
    _country("FR", "France", Region.EUROPE, 1.5, "FRLEH:2 FRFOS:1", 0.15, 1.4,
             "Paris|Lyon|Marseille|Bordeaux"),
    _country("ES", "Spain", Region.EUROPE, 1.0, "ESVLC:2 ESALG:1 ESBCN:1", 0.1, 1.2,
             "Valencia|Barcelona|Madrid|Castellon"),
    _country("NL", "Netherlands", Region.EUROPE, 1.0, "NLRTM:1", 0.05, 1.35,
             "Rotterdam|Amsterdam|Eindhoven|Venlo"),
    _country("TR", "Turkiye", Region.EUROPE, 1.0, "TRMER:1 TRAMR:1", 0.4, 0.9,
             "Istanbul|Izmir|Bursa|Gaziantep"),
    _country("EC", "Ecuador", Region.LATAM_PACIFIC, 1.0, "ECGYE:1", 0.4, 0.9,
             "Guayaquil|Quito|Machala|Manta"),
    _country("CL", "Chile", Region.LATAM_PACIFIC, 0.8, "CLSAI:1 CLVAP:1", 0.2, 1.0,
             "Santiago|Valparaiso|Rancagua|Concepcion"),
    _country("BE", "Belgium", Region.EUROPE, 0.7, "BEANR:1", 0.05, 1.35,
             "Antwerp|Brussels|Ghent"),
    _country("PK", "Pakistan", Region.SOUTH_ASIA, 0.7, "PKKHI:1", 0.9, 0.75,
             "Karachi|Lahore|Faisalabad|Sialkot"),
    _country("CO", "Colombia", Region.LATAM_ATLANTIC, 0.7, "COCTG:2 COBUN:1", 0.3, 0.9,
             "Bogota|Medellin|Cartagena|Cali"),
    _country("GT", "Guatemala", Region.LATAM_ATLANTIC, 0.5, "GTSTC:1 GTPRQ:1", 0.3, 0.85,
             "Guatemala City|Escuintla|Puerto Barrios"),
    _country("IE", "Ireland", Region.EUROPE, 0.5, "IEDUB:1", 0.5, 1.4,
             "Dublin|Cork|Galway"),
    _country("CH", "Switzerland", Region.EUROPE, 0.5, "DEHAM:1 NLRTM:1 ITGOA:1", 0.1, 1.6,
             "Zurich|Basel|Geneva|Bern"),
    _country("CR", "Costa Rica", Region.LATAM_ATLANTIC, 0.4, "CRLIO:1", 0.2, 0.9,
             "San Jose|Limon|Alajuela|Heredia"),
    _country("PT", "Portugal", Region.EUROPE, 0.3, "PTLIS:1 PTSIE:1", 0.3, 1.1,
             "Lisbon|Porto|Aveiro|Braga"),
    _country("AU", "Australia", Region.OCEANIA, 0.3, "AUSYD:1 AUMEL:1", 0.2, 1.2,
             "Sydney|Melbourne|Brisbane|Adelaide"),
    _country("ET", "Ethiopia", Region.AFRICA, 0.1, "DJJIB:1", 1.0, 0.8,
             "Addis Ababa|Dire Dawa"),
)
# fmt: on

# Hubs a region's cargo is transshipped through, with their countries (for origin laundering).
HUBS: dict[Region, tuple[str, ...]] = {
    Region.EAST_ASIA: ("KRPUS", "HKHKG", "TWKHH"),
    Region.SOUTHEAST_ASIA: ("SGSIN", "MYTPP", "HKHKG"),
    Region.SOUTH_ASIA: ("LKCMB", "SGSIN", "AEJEA"),
    Region.EUROPE: ("ESALG", "MAPTM", "BEANR"),
    Region.LATAM_PACIFIC: ("PAMIT", "PABLB", "COCTG"),
    Region.LATAM_ATLANTIC: ("PAMIT", "JMKIN", "BSFPO"),
    Region.AFRICA: ("AEJEA", "ESALG", "LKCMB"),
    Region.OCEANIA: ("SGSIN", "NZAKL"),
}

US_PORTS: tuple[UsPort, ...] = (
    UsPort("USLAX", "Los Angeles", Coast.WEST, 9_910_000),
    UsPort("USNYC", "New York / New Jersey", Coast.EAST, 9_490_000),
    UsPort("USLGB", "Long Beach", Coast.WEST, 9_130_000),
    UsPort("USSAV", "Savannah", Coast.EAST, 5_890_000),
    UsPort("USHOU", "Houston", Coast.GULF, 3_970_000),
    UsPort("USORF", "Norfolk", Coast.EAST, 3_700_000),
    UsPort("USCHS", "Charleston", Coast.EAST, 2_790_000),
    UsPort("USOAK", "Oakland", Coast.WEST, 2_340_000),
    UsPort("USSEA", "Seattle", Coast.WEST, 1_700_000),
    UsPort("USTIW", "Tacoma", Coast.WEST, 1_680_000),
    UsPort("USJAX", "Jacksonville", Coast.EAST, 1_300_000),
    UsPort("USMIA", "Miami", Coast.EAST, 1_250_000),
    UsPort("USBAL", "Baltimore", Coast.EAST, 1_070_000),
)

# Mutual-recognition programmes the US recognises, by country of the foreign party.
MRA_PROGRAMS: dict[str, str] = {
    "DE": "AEO-EU",
    "IT": "AEO-EU",
    "FR": "AEO-EU",
    "ES": "AEO-EU",
    "NL": "AEO-EU",
    "BE": "AEO-EU",
    "IE": "AEO-EU",
    "PT": "AEO-EU",
    "JP": "AEO-JP",
    "KR": "AEO-KR",
    "TW": "AEO-TW",
    "MX": "OEA-MX",
    "GB": "AEO-UK",
    "CA": "PIP-CA",
    "SG": "STP-SG",
}

_AFFINITY: dict[Region, dict[Coast, float]] = {
    Region.EAST_ASIA: {Coast.WEST: 1.0, Coast.EAST: 0.45, Coast.GULF: 0.2},
    Region.SOUTHEAST_ASIA: {Coast.WEST: 1.0, Coast.EAST: 0.6, Coast.GULF: 0.2},
    Region.SOUTH_ASIA: {Coast.WEST: 0.5, Coast.EAST: 1.0, Coast.GULF: 0.3},
    Region.EUROPE: {Coast.WEST: 0.05, Coast.EAST: 1.0, Coast.GULF: 0.6},
    Region.LATAM_PACIFIC: {Coast.WEST: 0.8, Coast.EAST: 0.4, Coast.GULF: 0.5},
    Region.LATAM_ATLANTIC: {Coast.WEST: 0.05, Coast.EAST: 1.0, Coast.GULF: 1.0},
    Region.AFRICA: {Coast.WEST: 0.1, Coast.EAST: 1.0, Coast.GULF: 0.5},
    Region.OCEANIA: {Coast.WEST: 1.0, Coast.EAST: 0.3, Coast.GULF: 0.2},
}

# Typical sailing days (low, high) from a region to a coast, direct service.
_TRANSIT: dict[Region, dict[Coast, tuple[int, int]]] = {
    Region.EAST_ASIA: {Coast.WEST: (12, 18), Coast.EAST: (28, 36), Coast.GULF: (30, 38)},
    Region.SOUTHEAST_ASIA: {Coast.WEST: (17, 24), Coast.EAST: (30, 38), Coast.GULF: (32, 40)},
    Region.SOUTH_ASIA: {Coast.WEST: (26, 34), Coast.EAST: (26, 34), Coast.GULF: (30, 38)},
    Region.EUROPE: {Coast.WEST: (24, 30), Coast.EAST: (9, 14), Coast.GULF: (15, 20)},
    Region.LATAM_PACIFIC: {Coast.WEST: (6, 12), Coast.EAST: (8, 14), Coast.GULF: (5, 10)},
    Region.LATAM_ATLANTIC: {Coast.WEST: (14, 20), Coast.EAST: (5, 12), Coast.GULF: (4, 9)},
    Region.AFRICA: {Coast.WEST: (35, 45), Coast.EAST: (22, 30), Coast.GULF: (25, 33)},
    Region.OCEANIA: {Coast.WEST: (16, 22), Coast.EAST: (30, 36), Coast.GULF: (30, 36)},
}


def coast_affinity(region: Region, coast: Coast) -> float:
    """How strongly a region's cargo favours a coast (services, not distance alone, decide routing)."""
    return _AFFINITY[region][coast]


def transit_days(region: Region, coast: Coast) -> tuple[int, int]:
    """Sailing time range on a direct service; a transshipment adds days on top (see the day generator)."""
    return _TRANSIT[region][coast]


_PORT_REGION: dict[str, Region] = {}
for _country_row in COUNTRIES:
    for _locode, _ in _country_row.ports:
        _PORT_REGION.setdefault(_locode, _country_row.region)
for _region, _hubs in HUBS.items():
    for _locode in _hubs:
        _PORT_REGION.setdefault(_locode, _region)


def region_of_port(locode: str) -> Region:
    """Where a port's sailings start from: its country's region, or for a hub the first region it serves.

    Sailing times follow the port, not the goods' origin, so every bill on a service shares its transit.
    """
    return _PORT_REGION[locode]
