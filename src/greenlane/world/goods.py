"""The goods lines of one bill: what is really in the boxes, and what the filer declares.

True lines come from the chain's tariff lines and the load model; the declared lines equal them unless a
misdeclaration mechanism is at work, which changes exactly the field it is named after: a value 35-70 %
below the truth (undervaluation), the cheaper neighbouring tariff line (misclassification), a weight 20-50 %
below the truth, or the hub country as origin (laundering). A vague description replaces the real one on
a share of honest and dishonest bills alike, more often on the dishonest.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from greenlane.world.products import VAGUE_DESCRIPTIONS, Product, misclassified_code
from greenlane.world.shipments import GoodsItem
from greenlane.world.truth import Mechanism

__all__ = ["LineDraft", "declare", "true_lines"]


@dataclass(frozen=True, slots=True)
class LineDraft:
    product: Product
    kilograms: float
    value_usd: float


def true_lines(
    products: tuple[Product, ...],
    kilograms: list[float],
    price_factor: float,
    rng: np.random.Generator,
    sigma: float,
) -> list[LineDraft]:
    """Split a bill over one to three of the chain's lines (80/15/5 %), each valued at its norm.

    kilograms[i] is what the bill's boxes would hold of products[i] alone; a line of k gets 1/k of that.
    """
    draw = rng.random()
    count = min(len(products), 1 + int(draw > 0.80) + int(draw > 0.95))
    first = int(rng.integers(len(products)))
    drafts = []
    for step in range(count):
        position = (first + step) % len(products)
        product, share = products[position], kilograms[position] / count
        value = share * product.usd_per_kg * price_factor * math.exp(sigma * float(rng.standard_normal()))
        drafts.append(LineDraft(product, share, value))
    return drafts


def _item(line: int, draft: LineDraft, origin: str) -> GoodsItem:
    packages = max(1, round(draft.kilograms / draft.product.package_kg()))
    return GoodsItem(
        line,
        draft.product.hs6,
        draft.product.description,
        packages,
        draft.product.package,
        round(draft.kilograms, 1),
        round(draft.value_usd, 2),
        origin,
    )


def _vague(item: GoodsItem, draw: float) -> GoodsItem:
    phrase = VAGUE_DESCRIPTIONS[int(draw * len(VAGUE_DESCRIPTIONS))]
    text = f"{phrase} {item.packages} PACKAGES" if phrase == "SAID TO CONTAIN" else phrase
    return replace(item, description=text)


def declare(
    drafts: list[LineDraft],
    origin: str,
    mechanisms: tuple[Mechanism, ...],
    laundered_origin: str | None,
    vague: bool,
    rng: np.random.Generator,
) -> tuple[GoodsItem, ...]:
    """The goods lines as filed: the truth, changed only by the mechanisms at work."""
    items = []
    declared_origin = laundered_origin or origin
    for line, draft in enumerate(drafts, start=1):
        item = _item(line, draft, declared_origin)
        if Mechanism.UNDERVALUATION in mechanisms:
            item = replace(item, value_usd=round(item.value_usd * float(rng.uniform(0.30, 0.65)), 2))
        if Mechanism.WEIGHT_MISDECLARED in mechanisms:
            item = replace(
                item, gross_weight_kg=round(item.gross_weight_kg * float(rng.uniform(0.5, 0.8)), 1)
            )
        if Mechanism.TARIFF_MISCLASSIFICATION in mechanisms:
            # Half the time the description betrays the true goods; half the time it is generic too.
            generic = rng.random() < 0.5
            item = replace(
                item,
                hs6=misclassified_code(item.hs6),
                description="ASSORTED ACCESSORIES" if generic else item.description,
            )
        items.append(item)
    if vague:
        items[0] = _vague(items[0], float(rng.random()))
    return tuple(items)
