"""What one bill of lading carries: how many boxes of which type, how heavy, and what it is worth.

Full-container bills hold one or more boxes (big importers ship several under one bill); a box holds a
product's typical load for its size up to the box's payload limit, filled to 60-100 %. A consolidated
(LCL) house bill fills 3-35 % of one box shared with other house bills. The value is weight times the
product's unit value norm times the origin's price factor, with log-normal noise (sigma 0.25): that norm
is what a misdeclared value is later measured against. The same arithmetic gives the expected value of a
bill on each chain, which the membership calibration needs before any shipment exists.
"""

from __future__ import annotations

import math

from greenlane.world.products import Product

__all__ = [
    "BOX_PAYLOAD_KG",
    "BOX_TEU",
    "FILL_RANGE",
    "LCL_FILL_RANGE",
    "VALUE_NOISE_SIGMA",
    "box_type",
    "expected_bill_value",
    "extra_boxes_mean",
    "fcl_box_count",
    "full_box_kg",
]

BOX_TEU: dict[str, int] = {"22G1": 1, "42G1": 2, "45G1": 2, "45R1": 2}
BOX_PAYLOAD_KG: dict[str, float] = {"22G1": 21_700.0, "42G1": 26_500.0, "45G1": 26_500.0, "45R1": 25_000.0}
VALUE_NOISE_SIGMA = 0.25
FILL_RANGE = (0.6, 1.0)
LCL_FILL_RANGE = (0.03, 0.35)
_FILL_MEAN = sum(FILL_RANGE) / 2
_LCL_FILL_MEAN = sum(LCL_FILL_RANGE) / 2
_GENERAL_MIX = (("45G1", 0.55), ("42G1", 0.20), ("22G1", 0.25))
_DENSE_MIX = (("22G1", 0.80), ("42G1", 0.20))


def _mix(product: Product) -> tuple[tuple[str, float], ...]:
    if product.reefer:
        return (("45R1", 1.0),)
    # Heavy goods reach the payload limit before the box is full, so shippers use twenty-footers.
    return _DENSE_MIX if product.kg_per_teu >= 15_000 else _GENERAL_MIX


def box_type(product: Product, draw: float) -> str:
    """Box size and type for a uniform draw in [0, 1), following the product's usual equipment."""
    cumulative = 0.0
    mix = _mix(product)
    for code, share in mix:
        cumulative += share
        if draw < cumulative:
            return code
    return mix[-1][0]


def extra_boxes_mean(importer_size: float) -> float:
    """Boxes beyond the first on a full-load bill: a big importer books several under one bill."""
    return min(3.0, 0.1 * math.sqrt(importer_size))


def fcl_box_count(importer_size: float, draw: float) -> int:
    """Geometric number of extra boxes with the importer's mean, from a uniform draw in (0, 1]."""
    mean = extra_boxes_mean(importer_size)
    if mean <= 0:
        return 1
    keep = mean / (1.0 + mean)
    return 1 + min(19, int(math.log(max(draw, 1e-12)) / math.log(keep)))


def full_box_kg(product: Product, code: str) -> float:
    """A box's load of the product when full: its typical load for the size, up to the payload limit."""
    return min(BOX_PAYLOAD_KG[code], product.kg_per_teu * BOX_TEU[code])


def _expected_box_kg(product: Product) -> float:
    return sum(share * full_box_kg(product, code) for code, share in _mix(product))


def expected_bill_value(
    products: tuple[Product, ...], lcl: bool, importer_size: float, price_factor: float
) -> float:
    """Mean declared value of a truthful bill on a chain (the log-normal noise has mean exp(sigma^2/2))."""
    noise_mean = math.exp(VALUE_NOISE_SIGMA**2 / 2)
    total = 0.0
    for product in products:
        if lcl:
            kilograms = _expected_box_kg(product) * _LCL_FILL_MEAN
        else:
            kilograms = _expected_box_kg(product) * _FILL_MEAN * (1.0 + extra_boxes_mean(importer_size))
        total += kilograms * product.usd_per_kg
    return total / max(1, len(products)) * price_factor * noise_mean
