"""The goods the synthetic world trades: HS-6 tariff lines with their unit value norm and origins.

Each line carries a unit value norm in US dollars per kilogram (rounded from typical US import unit
values), how many kilograms a loaded twenty-foot box typically holds of it (dense goods fill by weight,
light goods by volume), a package type, the origins that plausibly ship it with their weights, whether it
travels refrigerated, and how attractive it is to misdeclare (high duty or trade-remedy exposure). The
declared value of a shipment is its weight times the norm times the origin's price factor, with noise;
misdeclared values fall well below that norm, which is the signal a risk model should learn.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["PRODUCTS", "VAGUE_DESCRIPTIONS", "Product", "misclassified_code", "products_by_origin"]


@dataclass(frozen=True, slots=True)
class Product:
    hs6: str
    description: str
    usd_per_kg: float
    kg_per_teu: float
    package: str
    origins: tuple[tuple[str, float], ...]
    duty_risk: float = 1.0
    reefer: bool = False

    def package_kg(self) -> float:
        """Weight of one package: cartons of light goods, pallets or bags of dense ones."""
        return {"CT": 12.0, "PK": 25.0, "PL": 450.0, "BG": 50.0, "CS": 18.0, "RL": 300.0}[self.package]


def _line(
    hs6: str,
    text: str,
    usd_per_kg: float,
    kg_per_teu: int,
    package: str,
    origins: str,
    duty: float = 1.0,
    reefer: bool = False,
) -> Product:
    """A table row: origins as 'CN5 VN4' (country code then relative weight)."""
    weights = tuple((item[:2], float(item[2:])) for item in origins.split())
    return Product(hs6, text, usd_per_kg, float(kg_per_teu), package, weights, duty, reefer)


# Columns: HS-6, description, US$ per kg (unit value norm), kg per loaded TEU, package type, origins with
# weights, misdeclaration attractiveness (duty or trade-remedy exposure; 1 = average), refrigerated.
# fmt: off
PRODUCTS: tuple[Product, ...] = (
    _line("851712", "MOBILE TELEPHONES FOR CELLULAR NETWORKS", 600.0, 4000, "CT", "CN5 VN4 IN2 KR1", 1.2),
    _line("847130", "PORTABLE COMPUTERS (LAPTOPS)", 260.0, 4500, "CT", "CN5 VN2 TW1"),
    _line("847330", "PARTS AND ACCESSORIES OF COMPUTERS", 60.0, 6000, "CT", "CN3 TW3 VN2 MY2"),
    _line("852872", "COLOUR TELEVISION RECEIVERS", 25.0, 5500, "CT", "MX3 CN3 VN1 KR1"),
    _line("850760", "LITHIUM-ION ACCUMULATORS", 30.0, 9000, "PL", "CN4 KR2 JP2 MY1"),
    _line("850440", "STATIC CONVERTERS AND POWER SUPPLIES", 25.0, 7000, "CT", "CN4 VN1 MX1 TW2 TH1"),
    _line("841510", "WINDOW OR WALL AIR CONDITIONING MACHINES", 8.0, 6000, "PK", "CN4 TH2 MX1"),
    _line("841810", "COMBINED REFRIGERATOR-FREEZERS", 5.0, 5000, "PK", "KR2 MX2 CN2"),
    _line("845011", "HOUSEHOLD WASHING MACHINES", 5.0, 5500, "PK", "KR2 MX2 CN2 VN1"),
    _line("870899", "PARTS AND ACCESSORIES OF MOTOR VEHICLES", 8.0, 14000, "PL", "MX3 JP3 DE3 CN3 KR2 IN1"),
    _line("401110", "NEW PNEUMATIC TYRES FOR MOTOR CARS", 4.0, 9000, "PK", "CN2 KR2 JP2 TH3 VN2 ID1", 1.5),
    _line("848210", "BALL BEARINGS", 10.0, 18000, "PL", "CN3 JP2 DE2 IN1", 1.3),
    _line("848180", "TAPS, COCKS AND VALVES", 15.0, 12000, "CS", "CN3 DE2 IT2 MX1"),
    _line("843149", "PARTS OF CONSTRUCTION MACHINERY", 6.0, 16000, "PL", "JP2 DE2 CN2"),
    _line("721049", "FLAT-ROLLED STEEL, ZINC COATED", 1.0, 24000, "RL", "KR2 JP2 IN1 TW1 TR1", 2.0),
    _line("730890", "STRUCTURES AND PARTS OF IRON OR STEEL", 2.0, 15000, "PL", "CN3 MX1 KR1", 1.5),
    _line("732393", "TABLE AND KITCHEN ARTICLES OF STAINLESS STEEL", 6.0, 8000, "CT", "CN3 IN2 VN1"),
    _line("760612", "ALUMINIUM ALLOY PLATES AND SHEETS", 4.0, 22000, "PL", "CN2 IN1 TR1", 2.0),
    _line("940161", "UPHOLSTERED SEATS WITH WOODEN FRAMES", 8.0, 4000, "PK", "VN3 CN3 MX1"),
    _line("940360", "WOODEN FURNITURE", 5.0, 5000, "PK", "VN4 CN3 MY1 ID1 IN1", 1.4),
    _line("441299", "PLYWOOD AND VENEERED PANELS", 0.8, 20000, "PL", "VN2 ID2 CN2 BR1", 2.0),
    _line("611020", "PULLOVERS AND SWEATSHIRTS OF COTTON, KNITTED", 25.0, 5000, "CT",
          "CN3 VN3 BD2 IN1 PK1", 1.5),
    _line("620342", "MEN'S TROUSERS OF COTTON", 20.0, 5500, "CT", "BD3 VN2 MX1 CN2 PK1", 1.5),
    _line("630260", "TOILET LINEN OF COTTON TERRY TOWELLING", 6.0, 8000, "CT", "IN3 PK3 CN1", 1.3),
    _line("520812", "WOVEN COTTON FABRICS, UNBLEACHED", 6.0, 12000, "RL", "CN2 IN2 PK2"),
    _line("570330", "CARPETS OF MAN-MADE TEXTILE MATERIALS", 5.0, 7000, "RL", "IN3 TR3 CN1"),
    _line("640299", "FOOTWEAR WITH RUBBER OR PLASTIC SOLES AND UPPERS", 15.0, 4500, "CT", "CN4 VN3 ID1", 1.8),
    _line("640399", "FOOTWEAR WITH LEATHER UPPERS", 30.0, 4500, "CT", "VN3 CN2 IT1 IN1"),
    _line("420221", "HANDBAGS WITH OUTER SURFACE OF LEATHER", 80.0, 3500, "CT", "IT2 FR1 CN2 VN1", 1.6),
    _line("910211", "WRIST-WATCHES, ELECTRICALLY OPERATED", 300.0, 2000, "CT", "CH2 CN3 JP1", 1.3),
    _line("871200", "BICYCLES, NOT MOTORISED", 12.0, 4000, "PK", "CN3 TW2 VN1", 1.2),
    _line("950300", "TOYS, PUZZLES AND SCALE MODELS", 10.0, 4500, "CT", "CN6 VN2 MX1 ID1"),
    _line("392690", "OTHER ARTICLES OF PLASTICS", 6.0, 6000, "CT", "CN5 VN1 MX1 TW1"),
    _line("392410", "TABLEWARE AND KITCHENWARE OF PLASTICS", 4.0, 5000, "CT", "CN4 VN1 TH1"),
    _line("691200", "CERAMIC TABLEWARE AND KITCHENWARE", 3.0, 12000, "CT", "CN3 PT1 IT1", 1.3),
    _line("690721", "CERAMIC FLAG AND PAVING TILES", 0.6, 24000, "PL", "ES2 IT2 MX1 IN1 TR1 CN1", 1.5),
    _line("940510", "ELECTRIC CEILING AND WALL LIGHTING FITTINGS", 10.0, 4000, "CT", "CN5 MX1"),
    _line("330499", "BEAUTY AND MAKE-UP PREPARATIONS", 30.0, 8000, "CT", "KR3 FR2 CN1 JP1"),
    _line("300490", "MEDICAMENTS PUT UP IN MEASURED DOSES", 150.0, 6000, "CS", "IN4 DE2 IE2 CH2 IT1", 1.2),
    _line("293339", "HETEROCYCLIC COMPOUNDS WITH A PYRIDINE RING", 40.0, 12000, "BG", "IN3 CN3 DE1", 1.3),
    _line("220421", "WINE OF FRESH GRAPES IN CONTAINERS OF 2 L OR LESS", 6.0, 12000, "CS",
          "FR3 IT3 ES1 CL2 AU1 PT1"),
    _line("220830", "WHISKIES", 12.0, 12000, "CS", "GB4 IE2 JP1"),
    _line("090111", "COFFEE, NOT ROASTED, NOT DECAFFEINATED", 4.0, 19000, "BG", "BR4 CO3 VN2 GT1 ET1"),
    _line("030617", "FROZEN SHRIMPS AND PRAWNS", 9.0, 13000, "CT", "IN4 EC3 ID2 VN1 TH1", 1.8, reefer=True),
    _line("160414", "PREPARED OR PRESERVED TUNA", 6.0, 16000, "CS", "TH3 EC2 VN1", 1.3),
    _line("080390", "FRESH BANANAS", 0.6, 11000, "CT", "GT3 EC3 CR3 CO2", 0.5, reefer=True),
    _line("200919", "ORANGE JUICE, NOT FROZEN", 1.5, 20000, "BG", "BR3 MX2", 1.0, reefer=True),
    _line("100630", "RICE, SEMI-MILLED OR WHOLLY MILLED", 0.9, 20000, "BG", "TH3 IN3 VN1 PK1"),
    _line("843311", "POWER LAWN MOWERS", 9.0, 4000, "PK", "CN3 NL1 DE1 BE1"),
    _line("902190", "ORTHOPAEDIC AND IMPLANTED APPLIANCES", 200.0, 3000, "CS", "IE3 CH2 DE1 NL1 CR2 GB1"),
)
# fmt: on

VAGUE_DESCRIPTIONS: tuple[str, ...] = (
    "FAK",
    "FREIGHT OF ALL KINDS",
    "GENERAL CARGO",
    "SAID TO CONTAIN",
    "CHEMICALS",
    "FOODSTUFFS",
    "PARTS",
    "MERCHANDISE",
    "CONSOLIDATED CARGO",
)


def products_by_origin() -> dict[str, tuple[tuple[Product, float], ...]]:
    """Per origin country, the tariff lines it plausibly ships and their relative weights."""
    table: dict[str, list[tuple[Product, float]]] = {}
    for product in PRODUCTS:
        for country, weight in product.origins:
            table.setdefault(country, []).append((product, float(weight)))
    return {country: tuple(items) for country, items in sorted(table.items())}


def misclassified_code(hs6: str) -> str:
    """The line a misclassifier declares instead: a cheaper neighbour under the same heading.

    Declaring goods under the heading's residual 'other' subheading (or a sibling when the true line is the
    residual one) is the commonest tariff-line misdeclaration; the heading stays right, so a description
    check alone does not catch it.
    """
    heading = hs6[:4]
    neighbour = heading + "90"
    if neighbour == hs6:
        neighbour = heading + "10"
    return neighbour
