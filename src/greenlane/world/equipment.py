"""Containers and seals for one day's bills, and the packing of consolidated house bills into shared boxes.

Boxes belong to the carrier (its code's first three letters plus U) or to a leasing company, as in real
fleets; serial numbers are spread by a multiplicative step so that no two boxes of one owner repeat within a
day. A small share of numbers is keyed with a wrong check digit. Consolidated (LCL) house bills travelling
the same day, with the same consolidator, route and carrier, share boxes filled up to 95 %; every house bill
in a box carries that box's number and seal, under one master bill of the carrier.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import numpy as np

from greenlane.world.containers import container_number, corrupt_check_digit
from greenlane.world.shipments import Equipment

__all__ = ["BoxYard", "pack_consolidated"]

# Invented leasing-company prefixes (real owner codes are registered with the BIC; these are not meant to be).
_LESSORS = ("GLX", "TRH", "BXR", "KTF", "LSQ")
_SERIAL_STEP = 738_541  # coprime with 10**6, so counter -> serial is a permutation
_MAX_FILL = 0.95


class BoxYard:
    """Hands out distinct container numbers and seal numbers for one day."""

    def __init__(self, day: int, rng: np.random.Generator, lessor_share: float = 0.4) -> None:
        self._day, self._rng, self._lessor_share = day, rng, lessor_share
        self._counters: dict[str, int] = {}

    def _serial(self, owner: str) -> int:
        count = self._counters.get(owner, 0)
        self._counters[owner] = count + 1
        salt = 0
        for char in owner:
            salt = salt * 131 + ord(char)
        return (count * _SERIAL_STEP + self._day * 12_347 + salt) % 1_000_000

    def seals(self, carrier_code: str, missing: bool) -> tuple[str, ...]:
        """One bolt seal, sometimes a second; `missing` leaves the seal field empty on the filing."""
        if missing:
            return ()
        count = 1 + int(self._rng.random() < 0.15)
        return tuple(
            f"{carrier_code[:2]}{int(self._rng.integers(1_000_000, 10_000_000))}" for _ in range(count)
        )

    def box(self, carrier_code: str, size_type: str, invalid: bool, missing_seal: bool = False) -> Equipment:
        """A box of the carrier's fleet or a lessor's (40 %), with its seals as filed."""
        if self._rng.random() < self._lessor_share:
            owner = _LESSORS[int(self._rng.integers(len(_LESSORS)))]
        else:
            owner = carrier_code[:3]
        number = container_number(owner, self._serial(owner))
        if invalid:
            number = corrupt_check_digit(number, int(self._rng.integers(1, 10)))
        return Equipment(number, size_type, self.seals(carrier_code, missing_seal))


def pack_consolidated(keys: Sequence[Hashable], fills: Sequence[float]) -> list[int]:
    """Box index for each house bill: same-key bills share a box until it would pass 95 % full.

    Bills are packed in order (first come, first loaded), so the packing is deterministic.
    """
    open_box: dict[Hashable, tuple[int, float]] = {}
    assignment: list[int] = []
    boxes = 0
    for key, fill in zip(keys, fills, strict=True):
        current = open_box.get(key)
        if current is None or current[1] + fill > _MAX_FILL:
            current = (boxes, 0.0)
            boxes += 1
        open_box[key] = (current[0], current[1] + fill)
        assignment.append(current[0])
    return assignment
