"""Puts a day's bills into boxes: full loads into boxes of their own, consolidated house bills into shared
boxes under a consolidator's master bill.

A full-container bill gets one or more boxes of the product's usual type, each filled to 60-100 % of what
it can hold of the goods; a consolidated house bill takes 3-35 % of a forty-foot box shared with other
house bills of the same consolidator, route and carrier that day (a reefer box for chilled goods). A few
numbers carry a wrong check digit and a few seals are missing from the filing, more often when the seal
was really tampered with.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from greenlane.world.chains import SupplyChain
from greenlane.world.containers import corrupt_check_digit
from greenlane.world.equipment import BoxYard, pack_consolidated
from greenlane.world.loads import FILL_RANGE, LCL_FILL_RANGE, box_type, fcl_box_count
from greenlane.world.parties import Party
from greenlane.world.products import Product
from greenlane.world.shipments import Equipment

__all__ = ["SharedBox", "consolidate", "stow"]


@dataclass(frozen=True, slots=True)
class SharedBox:
    """A house bill's place in a consolidated box: the box, the carrier's master bill, the bill's share."""

    equipment: Equipment
    master_bill: str
    fill: float


def consolidate(
    day: int, bills: list[tuple[int, SupplyChain, Product, float]], parties: dict[str, Party], yard: BoxYard
) -> dict[int, SharedBox]:
    """Shared boxes for the day's consolidated bills, given as (bill index, chain, first product, draw)."""
    low, high = LCL_FILL_RANGE
    keys = [
        (
            c.consolidator_id,
            c.port_of_loading,
            c.transshipment_port,
            c.carrier_id,
            c.port_of_discharge,
            p.reefer,
        )
        for _, c, p, _ in bills
    ]
    fills = [low + (high - low) * draw for _, _, _, draw in bills]
    opened: dict[int, tuple[Equipment, str]] = {}
    shared: dict[int, SharedBox] = {}
    for (index, chain, product, _), box_index, fill in zip(
        bills, pack_consolidated(keys, fills), fills, strict=True
    ):
        if box_index not in opened:
            code = parties[chain.carrier_id].identifier
            equipment = yard.box(code, "45R1" if product.reefer else "45G1", invalid=False)
            opened[box_index] = (equipment, f"{code}{day:04d}C{box_index:05d}")
        equipment, master = opened[box_index]
        shared[index] = SharedBox(equipment, master, fill)
    return shared


def stow(
    chain: SupplyChain,
    product: Product,
    importer_size: float,
    carrier_code: str,
    place: SharedBox | None,
    draws: tuple[float, float, float],
    faults: tuple[bool, bool],
    yard: BoxYard,
    rng: np.random.Generator,
) -> tuple[tuple[Equipment, ...], list[float]]:
    """The bill's boxes and how full of its goods each is.

    draws are uniforms for the box type, the first box's fill and the number of boxes; faults say whether
    the first number is keyed wrong and whether the seals are missing from the filing.
    """
    invalid, missing_seal = faults
    if place is not None:
        box = place.equipment
        if invalid:
            box = Equipment(corrupt_check_digit(box.number, 1), box.size_type, box.seals)
        return (box,), [place.fill]
    kind = box_type(product, draws[0])
    low, high = FILL_RANGE
    boxes, fills = [], []
    for number in range(fcl_box_count(importer_size, 1.0 - draws[2])):
        boxes.append(yard.box(carrier_code, kind, invalid=invalid and number == 0, missing_seal=missing_seal))
        fills.append(low + (high - low) * (draws[1] if number == 0 else float(rng.random())))
    return tuple(boxes), fills
